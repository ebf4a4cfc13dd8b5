"""Priority groups: whether a household is a 住宅確保要配慮者 (person needing housing assistance), and why.

Three sources add groups, each with its legal basis on every reason:

* the law, 法2条1項1–5号: low income (by the statutory monthly income, 政令月収), disaster victims within
  3 years, the elderly, persons with disabilities, households raising a child;
* the ordinance, 規則3条: foreign nationals, DV victims, crime victims, persons leaving correctional
  facilities, people in financial hardship, victims of large disasters beyond 3 years, and the rest of the
  list;
* local supply-promotion plans (賃貸住宅供給促進計画) of a prefecture (applying to all its municipalities)
  or a municipality, keyed by the 6-digit local government code (全国地方公共団体コード).

Numbers (158,000 yen, 3 years, age 60, age 18) come from the ``priority_groups`` parameter files; local plans
from the ``local_plan_groups`` files. Facts the household states about itself (being a DV victim, a
foreign national, newly-weds …) are *circumstances* with stable codes (:data:`CIRCUMSTANCES`). The
catalogue of groups and circumstances, and the reading of those files, is :mod:`sumai.domain.priority_groups`
(re-exported here); this module validates a household and decides its groups.

Two entry points: :func:`evaluate` on typed frozen dataclasses (for Django code) and
:func:`evaluate_household_json` on a JSON object (for the CLI and the API). Bad input raises
:class:`~sumai.domain.errors.InputError` naming the field, never another exception.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from sumai.domain import income_thresholds, params
from sumai.domain.dates import age_on, child_status_end, period_end, within_years
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.findings import DISABILITY_JA, Finding, Reason, Severity
from sumai.domain.income import Disability, IncomeAssessment, IncomeRules, Member, Role, assess
from sumai.domain.inputs import EARLIEST_DATE, LATEST_DATE, check_within_horizon, parse_date, strict_object
from sumai.domain.priority_groups import (
    CIRCUMSTANCES,
    GROUP_CODES,
    GROUP_ORDER,
    LOCAL_PLAN_GROUPS,
    PRIORITY_GROUPS,
    CircumstanceKind,
    GroupInfo,
    NationalRules,
    list_groups,
    local_plans_for,
    national_rules_from,
    valid_municipality_code,
)

__all__ = [
    "CIRCUMSTANCES",
    "GROUP_CODES",
    "LOCAL_PLAN_GROUPS",
    "PRIORITY_GROUPS",
    "Circumstance",
    "CircumstanceKind",
    "Disability",
    "Eligibility",
    "GroupInfo",
    "HouseholdFacts",
    "Member",
    "Role",
    "evaluate",
    "evaluate_household_json",
    "list_groups",
    "parse_household",
]

MAX_MONEY = 10**12
"""Any yen amount above this (1 trillion) is taken as a typing error."""


# --- facts and verdict ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Circumstance:
    """A stated circumstance: a code of :data:`CIRCUMSTANCES` and, where it matters, the date it began."""

    code: str
    since: date | None = None


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    """A household (世帯) as of a date: its members, circumstances and, optionally, its municipality.

    ``income_year`` is the calendar year whose income the members' money figures are; it defaults to the
    year before ``as_of`` (the latest completed year, as on a 課税証明書).
    """

    as_of: date
    members: tuple[Member, ...]
    circumstances: tuple[Circumstance, ...] = ()
    municipality: str | None = None
    income_year: int | None = None


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The verdict: the groups the household belongs to, its 政令月収 and the reasons.

    ``income`` and ``monthly_income`` are ``None`` when no income table covers the income year: the
    low-income group is then undetermined (listed in ``undetermined``, with a finding), and every group
    that does not depend on income is still decided.
    """

    as_of: date
    groups: tuple[str, ...]
    monthly_income: int | None
    reasons: tuple[Reason, ...]
    income: IncomeAssessment | None
    undetermined: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def is_priority_household(self) -> bool:
        return bool(self.groups)

    def as_dict(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "groups": list(self.groups),
            "monthly_income": self.monthly_income,
            "reasons": [r.as_dict() for r in self.reasons],
            "undetermined": list(self.undetermined),
            "findings": [f.as_dict() for f in self.findings],
            "income_breakdown": None if self.income is None else self.income.as_dict(),
        }


# --- validation of typed facts --------------------------------------------------------------------------

_ROLE_VALUES = frozenset(r.value for r in Role)
_DISABILITY_VALUES = frozenset(d.value for d in Disability)


def _check_date(value: object, path: str) -> date:
    if not isinstance(value, date):
        raise InputError(path, "must be a date")
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InputError(
            path,
            "must be between %(low)s and %(high)s",
            low=EARLIEST_DATE.isoformat(),
            high=LATEST_DATE.isoformat(),
        )
    return value


def _check_money(value: object, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(path, "must be a whole number of yen")
    if value < 0:
        raise InputError(path, "must not be negative")
    if value > MAX_MONEY:
        raise InputError(path, "must be at most %(most)s yen", most=MAX_MONEY)


def _check_bool(value: object, path: str) -> None:
    if not isinstance(value, bool):
        raise InputError(path, "must be true or false")


def _validate_member(member: object, path: str, as_of: date) -> bool:
    """Check one member; return whether it is the applicant."""
    if not isinstance(member, Member):
        raise InputError(path, "must be a member")
    if not isinstance(member.role, str) or member.role not in _ROLE_VALUES:
        raise InputError(
            f"{path}.role", "must be one of %(choices)s", choices=", ".join(r.value for r in Role)
        )
    birth = _check_date(member.birth_date, f"{path}.birth_date")
    if birth > as_of:
        raise InputError(f"{path}.birth_date", "must not be after as_of")
    for name in ("salary_gross", "pension_gross", "other_income"):
        _check_money(getattr(member, name), f"{path}.{name}")
    if member.disability is not None and (
        not isinstance(member.disability, str) or member.disability not in _DISABILITY_VALUES
    ):
        raise InputError(f"{path}.disability", "must be one of %(choices)s", choices="ordinary, special")
    for name in ("single_parent", "widow", "lives_with"):
        _check_bool(getattr(member, name), f"{path}.{name}")
    return bool(member.role == Role.APPLICANT)


def _validate_members(facts: HouseholdFacts, as_of: date) -> None:
    if not facts.members:
        raise InputError("members", "must list at least the applicant")
    applicants = 0
    for i, member in enumerate(facts.members):
        path = f"members[{i}]"
        if _validate_member(member, path, as_of):
            applicants += 1
            if applicants > 1:
                raise InputError(f"{path}.role", "a household has exactly one applicant; this is a second")
            if not member.lives_with:
                raise InputError(f"{path}.lives_with", "the applicant lives in the home")
    if applicants == 0:
        raise InputError("members", "no member has the role applicant")


def _validate_circumstances(facts: HouseholdFacts, as_of: date) -> None:
    for i, circumstance in enumerate(facts.circumstances):
        path = f"circumstances[{i}]"
        if not isinstance(circumstance, Circumstance):
            raise InputError(path, "must be a circumstance")
        kind = CIRCUMSTANCES.get(circumstance.code) if isinstance(circumstance.code, str) else None
        if kind is None:
            raise InputError(
                f"{path}.code", "unknown circumstance code %(code)s", code=repr(circumstance.code)
            )
        if circumstance.since is None:
            if kind.requires_since:
                raise InputError(f"{path}.since", "the date is required for %(code)s", code=kind.code)
        elif _check_date(circumstance.since, f"{path}.since") > as_of:
            raise InputError(f"{path}.since", "must not be after as_of")


def _validate(facts: HouseholdFacts) -> int:
    """Check the typed facts; return the income year."""
    as_of = check_within_horizon(_check_date(facts.as_of, "as_of"), "as_of")
    if facts.municipality is not None and (
        not isinstance(facts.municipality, str) or not valid_municipality_code(facts.municipality)
    ):
        raise InputError("municipality", "must be a 6-digit local government code with a valid check digit")
    _validate_members(facts, as_of)
    _validate_circumstances(facts, as_of)
    income_year = as_of.year - 1 if facts.income_year is None else facts.income_year
    if isinstance(income_year, bool) or not isinstance(income_year, int):
        raise InputError("income_year", "must be a year")
    if not EARLIEST_DATE.year <= income_year <= as_of.year:
        raise InputError(
            "income_year", "must be between %(year)s and the year of as_of", year=EARLIEST_DATE.year
        )
    return income_year


# --- evaluation -----------------------------------------------------------------------------------------


def _load(name: str, on: date, input_field: str) -> params.ParameterSet:
    params.all_sets()  # a malformed file is a ParameterError of its own, not the caller's fault
    try:
        return params.load(name, on)
    except ParameterError as exc:
        raise InputError(input_field, "no rules are in force on %(date)s", date=on.isoformat()) from exc


def _member_reasons(facts: HouseholdFacts, national: NationalRules, group: GroupInfo) -> Iterator[Reason]:
    as_of = facts.as_of
    for i, m in enumerate(facts.members):
        if not m.lives_with:
            continue
        if group.rule == "elderly":
            age = age_on(m.birth_date, as_of)
            if age >= national.elderly_min_age:
                yield Reason(
                    group.code,
                    f"members[{i}] is aged {age} (at least {national.elderly_min_age})",
                    group.ref,
                    "member_age",
                    (("n", i + 1), ("age", age), ("min_age", national.elderly_min_age)),
                )
        elif group.rule == "disability" and m.disability is not None:
            kind = Disability(m.disability).value
            yield Reason(
                group.code,
                f"members[{i}] has a disability ({kind})",
                group.ref,
                "member_disability",
                (("n", i + 1), ("disability", DISABILITY_JA.get(kind, kind))),
            )
        elif group.rule == "child_raising" and m.role not in (Role.APPLICANT, Role.SPOUSE):
            end = child_status_end(m.birth_date, national.child_age_limit)
            if as_of <= end:
                yield Reason(
                    group.code,
                    f"members[{i}] is a child until {end.isoformat()} "
                    f"(the 31 March after reaching {national.child_age_limit})",
                    group.ref,
                    "member_child",
                    (("n", i + 1), ("end", end.isoformat()), ("age_limit", national.child_age_limit)),
                )


def _disaster_values(i: int, since: date, years: int, end: date) -> tuple[tuple[str, object], ...]:
    return (("n", i + 1), ("since", since.isoformat()), ("years", years), ("end", end.isoformat()))


def _circumstance_reasons(
    facts: HouseholdFacts, national: NationalRules, group: GroupInfo
) -> Iterator[Reason]:
    for i, c in enumerate(facts.circumstances):
        if c.code not in group.circumstances:
            continue
        if group.rule == "circumstance":
            yield Reason(
                group.code, f"circumstances[{i}] states {c.code}", group.ref, "circumstance", (("n", i + 1),)
            )
        elif c.since is not None:
            end = period_end(c.since, national.disaster_years)
            recent = within_years(c.since, national.disaster_years, facts.as_of)
            if group.rule == "recent_disaster" and recent:
                yield Reason(
                    group.code,
                    f"circumstances[{i}]: disaster on {c.since.isoformat()}, within "
                    f"{national.disaster_years} years (until {end.isoformat()})",
                    group.ref,
                    "recent_disaster",
                    _disaster_values(i, c.since, national.disaster_years, end),
                )
            elif group.rule == "past_large_disaster" and not recent:
                yield Reason(
                    group.code,
                    f"circumstances[{i}]: large disaster on {c.since.isoformat()}, more "
                    f"than {national.disaster_years} years ago (after {end.isoformat()})",
                    group.ref,
                    "past_large_disaster",
                    _disaster_values(i, c.since, national.disaster_years, end),
                )


def _group_reasons(
    facts: HouseholdFacts, national: NationalRules, group: GroupInfo, income: IncomeAssessment | None
) -> Iterator[Reason]:
    if group.rule == "low_income":
        if income is not None and income.monthly_income <= national.max_monthly_income:
            yield Reason(
                group.code,
                f"monthly income {income.monthly_income} yen is at most "
                f"{national.max_monthly_income} yen ({income.ref})",
                group.ref,
                "income_at_most",
                (
                    ("income", int(income.monthly_income)),
                    ("limit", int(national.max_monthly_income)),
                    ("income_ref", income.ref),
                ),
            )
    elif group.rule in {"elderly", "disability", "child_raising"}:
        yield from _member_reasons(facts, national, group)
    else:
        yield from _circumstance_reasons(facts, national, group)


def evaluate(facts: HouseholdFacts) -> Eligibility:
    """Decide which priority groups the household belongs to on ``facts.as_of``, and why.

    Raises :class:`InputError` for facts that are invalid or for which no rules are in force.
    """
    income_year = _validate(facts)
    national = national_rules_from(_load(PRIORITY_GROUPS, facts.as_of, "as_of"))
    income: IncomeAssessment | None = None
    findings: list[Finding] = []
    try:
        income_set = params.load("income", date(income_year, 12, 31))
    except ParameterError:
        # No income table covers the year: the groups that do not depend on income are still decided.
        findings.append(
            Finding(
                "income.no_tables_for_year",
                Severity.WARNING,
                "eligibility.income.no_tables_for_year",
                "規則1条",
                income_year,
                _earliest_income_year(),
            )
        )
    else:
        income = assess(facts.members, income_year, IncomeRules.from_parameters(income_set))
        findings.extend(income.findings)

    groups = list(national.groups)
    if facts.municipality is not None:
        for plan in local_plans_for(facts.municipality, facts.as_of):
            groups.extend(plan.groups)
    reasons = {r for g in groups for r in _group_reasons(facts, national, g, income)}
    ordered = tuple(sorted(reasons, key=lambda r: (GROUP_ORDER[r.group], r.ref, r.basis)))
    codes = tuple(sorted({r.group for r in ordered}, key=GROUP_ORDER.__getitem__))
    undetermined = (
        ()
        if income is not None
        else tuple(g.code for g in national.groups if g.rule == "low_income" and g.code not in codes)
    )
    return Eligibility(
        facts.as_of,
        codes,
        None if income is None else income.monthly_income,
        ordered,
        income,
        undetermined,
        tuple(findings),
    )


def _earliest_income_year() -> int:
    """The first income year an ``income`` parameter file covers."""
    return min(p.valid_from.year for p in params.load_all("income"))


# --- JSON entry point -----------------------------------------------------------------------------------

_TOP_FIELDS = frozenset({"as_of", "municipality", "members", "circumstances", "income_year", "purpose"})
_MEMBER_FIELDS = frozenset(
    {
        "role",
        "birth_date",
        "salary_gross",
        "pension_gross",
        "other_income",
        "disability",
        "single_parent",
        "widow",
        "lives_with",
    }
)
_CIRCUMSTANCE_FIELDS = frozenset({"code", "since"})


_object = strict_object


def _required(obj: Mapping[str, object], key: str, path: str) -> object:
    if key not in obj or obj[key] is None:
        raise InputError(path, "is required")
    return obj[key]


_parse_date = parse_date


def _parse_money(obj: Mapping[str, object], key: str, path: str) -> int:
    value = obj.get(key)
    if value is None:
        return 0
    _check_money(value, path)
    assert isinstance(value, int)
    return value


def _parse_bool(obj: Mapping[str, object], key: str, path: str, default: bool) -> bool:
    value = obj.get(key)
    if value is None:
        return default
    _check_bool(value, path)
    return bool(value)


def _parse_member(raw: object, path: str) -> Member:
    obj = _object(raw, path, _MEMBER_FIELDS)
    role_raw = _required(obj, "role", f"{path}.role")
    if not isinstance(role_raw, str) or role_raw not in _ROLE_VALUES:
        raise InputError(
            f"{path}.role", "must be one of %(choices)s", choices=", ".join(r.value for r in Role)
        )
    disability_raw = obj.get("disability")
    if disability_raw is not None and (
        not isinstance(disability_raw, str) or disability_raw not in _DISABILITY_VALUES
    ):
        raise InputError(f"{path}.disability", "must be one of %(choices)s", choices="ordinary, special")
    return Member(
        role=Role(str(role_raw)),
        birth_date=_parse_date(_required(obj, "birth_date", f"{path}.birth_date"), f"{path}.birth_date"),
        salary_gross=_parse_money(obj, "salary_gross", f"{path}.salary_gross"),
        pension_gross=_parse_money(obj, "pension_gross", f"{path}.pension_gross"),
        other_income=_parse_money(obj, "other_income", f"{path}.other_income"),
        disability=None if disability_raw is None else Disability(str(disability_raw)),
        single_parent=_parse_bool(obj, "single_parent", f"{path}.single_parent", False),
        widow=_parse_bool(obj, "widow", f"{path}.widow", False),
        lives_with=_parse_bool(obj, "lives_with", f"{path}.lives_with", True),
    )


def _parse_circumstance(raw: object, path: str) -> Circumstance:
    obj = _object(raw, path, _CIRCUMSTANCE_FIELDS)
    code = _required(obj, "code", f"{path}.code")
    if not isinstance(code, str):
        raise InputError(f"{path}.code", "must be a string")
    if code not in CIRCUMSTANCES:
        raise InputError(f"{path}.code", "unknown circumstance code %(code)s", code=repr(code))
    since_raw = obj.get("since")
    return Circumstance(code, None if since_raw is None else _parse_date(since_raw, f"{path}.since"))


def _parse_list(value: object, path: str) -> list[object]:
    if not isinstance(value, list | tuple):
        raise InputError(path, "must be a list")
    return list(value)


def parse_household(payload: object) -> HouseholdFacts:
    """Turn the JSON object of ``sumai rules household`` into :class:`HouseholdFacts` (types only; the
    rules' own checks run in :func:`evaluate`)."""
    obj = _object(payload, "payload", _TOP_FIELDS)
    as_of = _parse_date(_required(obj, "as_of", "as_of"), "as_of")
    municipality = obj.get("municipality")
    if municipality is not None and not isinstance(municipality, str):
        raise InputError("municipality", "must be a string of 6 digits")
    income_year = obj.get("income_year")
    if income_year is not None and (isinstance(income_year, bool) or not isinstance(income_year, int)):
        raise InputError("income_year", "must be a year")
    members = _parse_list(_required(obj, "members", "members"), "members")
    circumstances_raw = obj.get("circumstances")
    circumstances = [] if circumstances_raw is None else _parse_list(circumstances_raw, "circumstances")
    return HouseholdFacts(
        as_of=as_of,
        members=tuple(_parse_member(m, f"members[{i}]") for i, m in enumerate(members)),
        circumstances=tuple(
            _parse_circumstance(c, f"circumstances[{i}]") for i, c in enumerate(circumstances)
        ),
        municipality=municipality,
        income_year=income_year,
    )


def evaluate_household_json(payload: Mapping[str, object]) -> dict[str, object]:
    """The JSON entry point of ``sumai rules household`` and ``POST /api/v1/rules/household``.

    Returns ``{"as_of", "groups", "monthly_income", "reasons", "income_breakdown"}``, and with ``purpose``
    (``low_income`` | ``public_housing_discretionary`` | ``renovation_child_newlywed``, see
    :mod:`sumai.domain.income_thresholds`) a ``threshold`` block; raises :class:`InputError` with a dotted
    field path for any bad input.
    """
    facts = parse_household(payload)
    purpose = payload.get("purpose") if isinstance(payload, Mapping) else None
    if purpose is not None and not isinstance(purpose, str):
        raise InputError("purpose", "must be a string")
    if purpose is not None:
        income_thresholds.threshold(purpose, facts.as_of)  # refuse an unknown purpose before the work
    result = evaluate(facts)
    out = result.as_dict()
    if purpose is not None:
        out["threshold"] = (
            {"purpose": purpose, "within": None, "reason": "income undetermined"}
            if result.monthly_income is None
            else income_thresholds.judge(
                int(result.monthly_income), purpose, facts.as_of, groups=result.groups
            ).as_dict()
        )
    return out
