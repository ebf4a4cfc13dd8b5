"""The catalogue of priority groups (住宅確保要配慮者の範囲) and of the circumstances a household states.

Every group has a stable code (:data:`GROUP_CODES`, in the order outputs list them: the law, 法2条1項1–5号;
the ordinance, 規則3条; then local plans), a tier and a legal basis. The national groups and their numbers
(158,000 yen, 3 years, age 60, age 18) come from the dated ``priority_groups`` parameter files; the groups a
local supply-promotion plan (賃貸住宅供給促進計画) adds come from the ``local_plan_groups`` files, one per
prefecture or municipality, keyed by its 6-digit local government code (全国地方公共団体コード).

Whether a household belongs to the groups is decided by :mod:`sumai.domain.eligibility`, which re-exports
the public names here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sumai.domain import params
from sumai.domain.errors import ParameterError
from sumai.domain.jurisdiction import is_valid_lg_code

PRIORITY_GROUPS = "priority_groups"
LOCAL_PLAN_GROUPS = "local_plan_groups"


# --- codes ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CircumstanceKind:
    """A circumstance a household can state; ``requires_since`` when its date decides the verdict."""

    code: str
    label_key: str
    requires_since: bool = False


def _circumstances(*specs: tuple[str, bool]) -> dict[str, CircumstanceKind]:
    return {code: CircumstanceKind(code, f"circumstance.{code}", since) for code, since in specs}


CIRCUMSTANCES: Mapping[str, CircumstanceKind] = _circumstances(
    # 法2条1項2号 and 規則3条: ``since`` is the day of the disaster.
    ("disaster_victim", True),  # 被災者 (housing lost or damaged, or in a 災害救助法 area)
    ("large_disaster_victim", True),  # 東日本大震災等の大規模災害の被災者
    # 規則3条
    ("foreign_national", False),  # 外国人
    ("china_left_behind", False),  # 中国残留邦人等
    ("child_abuse_victim", False),  # 児童虐待を受けた者
    ("hansen_disease_sanatorium", False),  # ハンセン病療養所入所者等
    ("dv_victim", False),  # DV被害者
    ("abduction_victim", False),  # 北朝鮮拉致被害者等
    ("crime_victim", False),  # 犯罪被害者等
    ("leaving_correctional_facility", False),  # 更生保護対象者 / 矯正施設退所者
    ("financial_hardship", False),  # 生活困窮者
    # local plans (REFERENCE §3.3, seed p.3)
    ("newly_weds", False),  # 新婚世帯
    ("lgbt", False),  # LGBT
    ("uij_turn", False),  # UIJターンによる転入者
    ("repatriate_from_overseas", False),  # 海外からの引揚者
    ("atomic_bomb_survivor", False),  # 原子爆弾被爆者
    ("war_wounded", False),  # 戦傷病者
    ("leaving_childrens_home", False),  # 児童養護施設退所者
    ("supporter_of_priority_persons", False),  # これらの者に対して必要な生活支援等を行う者
)
"""Every circumstance code the platform knows; anything else is an input error."""

GROUP_CODES: tuple[str, ...] = (
    # 法2条1項
    "low_income",
    "disaster_victim",
    "elderly",
    "disability",
    "child_raising",
    # 規則3条
    "foreign_national",
    "china_left_behind",
    "child_abuse_victim",
    "hansen_disease_sanatorium",
    "dv_victim",
    "abduction_victim",
    "crime_victim",
    "leaving_correctional_facility",
    "financial_hardship",
    "large_disaster_victim",
    # local plans
    "newly_weds",
    "lgbt",
    "uij_turn",
    "repatriate_from_overseas",
    "atomic_bomb_survivor",
    "war_wounded",
    "leaving_childrens_home",
    "supporter_of_priority_persons",
)
"""Every group code, in the order outputs list them (the law's order, then the ordinance, then local)."""

GROUP_ORDER = {code: i for i, code in enumerate(GROUP_CODES)}
_RULES = frozenset(
    {
        "low_income",
        "recent_disaster",
        "elderly",
        "disability",
        "child_raising",
        "circumstance",
        "past_large_disaster",
    }
)


@dataclass(frozen=True, slots=True)
class GroupInfo:
    """A group as the UI lists it: code, translatable label key, tier (law / ordinance / local) and basis."""

    code: str
    label_key: str
    tier: str
    ref: str
    rule: str
    circumstances: tuple[str, ...] = ()
    authority_code: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "label_key": self.label_key,
            "tier": self.tier,
            "ref": self.ref,
            "circumstances": list(self.circumstances),
            "authority_code": self.authority_code,
        }


# --- parameters -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NationalRules:
    """The national groups (law and ordinance) and the numbers that decide them, from one parameter file."""

    max_monthly_income: int
    disaster_years: int
    elderly_min_age: int
    child_age_limit: int
    groups: tuple[GroupInfo, ...]


@dataclass(frozen=True, slots=True)
class LocalPlan:
    """A local supply-promotion plan: its authority (a prefecture covers all its municipalities), title,
    validity and the groups it adds."""

    authority_code: str
    authority_kind: str
    title: str
    valid_from: date
    valid_until: date | None
    groups: tuple[GroupInfo, ...] = field(default=())

    def covers(self, municipality: str) -> bool:
        if self.authority_kind == "prefecture":
            return municipality[:2] == self.authority_code[:2]
        return municipality == self.authority_code

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


def _known_group(code: str, where: str) -> str:
    if code not in GROUP_ORDER:
        raise ParameterError(f"{where}: unknown group code {code!r}")
    return code


def _known_circumstances(codes: Sequence[Any], where: str) -> tuple[str, ...]:
    for c in codes:
        if c not in CIRCUMSTANCES:
            raise ParameterError(f"{where}: unknown circumstance code {c!r}")
    return tuple(str(c) for c in codes)


def national_rules_from(ps: params.ParameterSet) -> NationalRules:
    """The national groups and numbers of a ``priority_groups`` file."""
    where = ps.path.name
    try:
        groups = []
        for code, spec in ps["groups"].items():
            rule = str(spec["rule"])
            if rule not in _RULES:
                raise ParameterError(f"{where}: unknown rule {rule!r}")
            groups.append(
                GroupInfo(
                    code=_known_group(code, where),
                    label_key=f"priority_group.{code}",
                    tier=str(spec["tier"]),
                    ref=str(spec["ref"]),
                    rule=rule,
                    circumstances=_known_circumstances(spec.get("circumstances", []), where),
                )
            )
        return NationalRules(
            max_monthly_income=int(ps["low_income"]["max_monthly_income"]),
            disaster_years=int(ps["disaster"]["years"]),
            elderly_min_age=int(ps["elderly"]["min_age"]),
            child_age_limit=int(ps["child"]["age_limit"]),
            groups=tuple(groups),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ParameterError(f"{where}: malformed priority-group parameters ({exc!r})") from exc


def local_plan_from(ps: params.ParameterSet) -> LocalPlan:
    """The groups a local plan file adds, for the municipalities its authority covers."""
    where = ps.path.name
    try:
        plan = ps["plan"]
        code = str(plan["authority_code"])
        kind = str(plan["authority_kind"])
        if kind not in {"prefecture", "municipality"} or not valid_municipality_code(code):
            raise ParameterError(f"{where}: bad authority_code or authority_kind")
        title = str(plan["title"])
        groups = tuple(
            GroupInfo(
                code=_known_group(group_code, where),
                label_key=f"priority_group.{group_code}",
                tier="local",
                ref=title,
                rule="circumstance",
                circumstances=_known_circumstances(spec["circumstances"], where),
                authority_code=code,
            )
            for group_code, spec in ps["groups"].items()
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ParameterError(f"{where}: malformed local-plan parameters ({exc!r})") from exc
    return LocalPlan(code, kind, title, ps.valid_from, ps.valid_until, groups)


def local_plans_for(municipality: str, on: date) -> tuple[LocalPlan, ...]:
    """The plans in force on ``on`` that cover ``municipality``: the latest of each authority."""
    latest: dict[str, LocalPlan] = {}
    for ps in params.load_all(LOCAL_PLAN_GROUPS):
        plan = local_plan_from(ps)
        if plan.in_force(on) and plan.covers(municipality):
            current = latest.get(plan.authority_code)
            if current is None or plan.valid_from > current.valid_from:
                latest[plan.authority_code] = plan
    return tuple(latest[k] for k in sorted(latest))


def list_groups(on: date | None = None) -> tuple[GroupInfo, ...]:
    """Every known group with its label key and legal basis: the national groups in force on ``on`` (the
    latest file when ``on`` is None) and every group of every local plan file (one entry per plan)."""
    if on is None:
        national_sets = params.load_all(PRIORITY_GROUPS)
        if not national_sets:
            raise ParameterError(f"no parameter set {PRIORITY_GROUPS!r}")
        national = national_rules_from(national_sets[-1])
    else:
        national = national_rules_from(params.load(PRIORITY_GROUPS, on))
    local = [g for ps in params.load_all(LOCAL_PLAN_GROUPS) for g in local_plan_from(ps).groups]
    return national.groups + tuple(local)


_MUNICIPALITY_RE = re.compile(r"[0-9]{6}")


def valid_municipality_code(code: str) -> bool:
    """6 digits, a prefecture 01–47, and the check digit of 全国地方公共団体コード (JIS X 0402)."""
    return bool(_MUNICIPALITY_RE.fullmatch(code)) and 1 <= int(code[:2]) <= 47 and is_valid_lg_code(code)
