"""Matching homes and support for a household (issue #17, part 1): hard rules, soft scores, explanations.

A home is *in* when it breaks no hard rule; it is then ranked — dedicated housing (専用住宅) first for a
household of a priority group, then by a score made of weighted parts — and carries the reasons it is in
and its score parts. A home that breaks a hard rule is *excluded* and names every rule it breaks, so that a
page can say "3 homes were left out because …" grouped by rule. Prioritisation is kept apart from
eligibility (DESIGN.md, Boston CAS): the hard rules decide, the scores only order.

Hard rules (each a :class:`Rule` with its message key and reference):

- ``group``: the unit accepts at least one of the household's priority groups (法9条1項6号: the range of
  groups a registered home accepts; the household's groups come from :mod:`sumai.domain.eligibility`);
- ``cost``: rent + common fee ≤ the caseworker's ceiling;
- ``vacancy``: vacant, confirmed within the validity period (the registry's ``VACANCY_VALID_DAYS``);
- ``area``: floor area ≥ the minimum living-area standard (最低居住面積水準, ``living_area_*.toml``), when the
  caseworker asks for it;
- ``barrier_free``, ``floor`` (ground floor, or barrier-free access), ``pets``: when the household needs it.

The app compiles the same rules to SQL (the candidates and the excluded counts); this module is the
definition, and :func:`rank` re-checks every candidate, so that no result ever breaks a rule whatever SQL
handed over. Numbers live in ``matching_*.toml`` and ``living_area_*.toml``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar, dataclass_transform

from sumai.domain import params
from sumai.domain.articles import cite as _cite_uncached
from sumai.domain.dates import JAPAN

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def _value(cls: type[_T]) -> type[_T]:
    """A value the ranking builds many of (some 15 per candidate): frozen to the type checker (mypy rejects
    any assignment to a field), a plain slotted dataclass at run time — a frozen dataclass's ``__init__``
    sets every field through ``object.__setattr__`` and costs four times as much to build (600 against
    150 ns), a third of a ranking's time (docs/performance.md "Matching"). Hashable and compared by value."""
    return dataclass(slots=True, unsafe_hash=True)(cls)


@lru_cache(maxsize=256)
def cite(ref: str, on: date) -> str:
    """:func:`sumai.domain.articles.cite`, kept per (reference, day): a ranking cites the same few."""
    return _cite_uncached(ref, on)


__all__ = [
    "CapacityFigure",
    "CorporationCandidate",
    "Excluded",
    "HomeMatch",
    "HomeNeeds",
    "HomeResult",
    "LandlordRecord",
    "Reason",
    "Rule",
    "ScorePart",
    "SupportMatch",
    "SupportNeeds",
    "UnitCandidate",
    "breaks",
    "help_task_map",
    "help_tasks",
    "minimum_living_area",
    "possible_points",
    "rank",
    "rank_support",
]

MATCHING = "matching"
LIVING_AREA = "living_area"


class Rule(StrEnum):
    """The hard rules, in the order a page lists them."""

    GROUP = "group"
    COST = "cost"
    VACANCY = "vacancy"
    AREA = "area"
    BARRIER_FREE = "barrier_free"
    FLOOR = "floor"
    PETS = "pets"


RULE_REFS: Mapping[Rule, str] = {
    Rule.GROUP: "法9条1項6号",
    Rule.COST: "",
    Rule.VACANCY: "",
    Rule.AREA: "住生活基本計画（令和3年3月19日閣議決定）別紙4",
    Rule.BARRIER_FREE: "",
    Rule.FLOOR: "",
    Rule.PETS: "",
}


@_value
class Reason:
    """Why a home is in or out, or why a corporation ranks where it does: a machine ``code``, the key of
    the message the page shows, the legal reference (``""`` where the rule is not one of the law) and the
    values the message names."""

    code: str
    message_key: str
    ref: str = ""
    values: tuple[tuple[str, object], ...] = ()

    def value(self, key: str) -> object:
        return dict(self.values).get(key)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message_key": self.message_key,
            "ref": self.ref,
            "values": {k: _jsonable(v) for k, v in self.values},
        }


@_value
class ScorePart:
    """One part of a score: ``value`` between 0 and 1 (``None``: unknown, scores 0), ``weight`` from the
    parameter file, ``points`` = weight × value."""

    code: str
    weight: int
    value: float | None
    points: float
    reason: Reason

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "weight": self.weight,
            "value": self.value,
            "points": round(self.points, 2),
        }


@dataclass(frozen=True, slots=True)
class LandlordRecord:
    """How the landlord answered inquiries about its homes so far. Filled by the inquiries model (issue 17,
    part 2); empty until then, when the part scores neutral."""

    asked: int = 0
    answered: int = 0
    accepted: int = 0


@_value
class UnitCandidate:
    """A registered home as the matching sees it (the published version of the search index)."""

    unit_id: int
    rent: int
    common_fee: int
    floor_area_m2: Decimal
    layout: str
    groups: frozenset[str]
    dedicated: bool
    barrier_free: bool
    pets_allowed: bool
    floor: int | None
    vacancy: str
    vacancy_confirmed_at: datetime | None
    municipality_code: str = ""
    lat: float | None = None
    lon: float | None = None
    landlord: LandlordRecord = field(default_factory=LandlordRecord)
    support_corporations: int = 0  # corporations whose service area covers the home's municipality

    @property
    def monthly_cost(self) -> int:
        return self.rent + self.common_fee


@dataclass(frozen=True, slots=True)
class HomeNeeds:
    """What the caseworker asks for. ``groups`` are the household's priority groups as
    :func:`sumai.domain.eligibility.evaluate` decided them; ``ages`` the members' ages in whole years (the
    living-area standard); ``now`` the moment of the match; ``vacancy_valid_days`` the registry's validity
    period of a vacancy confirmation."""

    groups: tuple[str, ...]
    now: datetime
    vacancy_valid_days: int
    ceiling: int | None = None
    ages: tuple[int, ...] = ()
    area_standard: bool = False
    barrier_free: bool = False
    ground_floor: bool = False
    pets: bool = False
    point: tuple[float, float] | None = None  # (lat, lon) the household prefers to live near

    @property
    def on(self) -> date:
        return self.now.date()


@_value
class HomeMatch:
    unit: UnitCandidate
    score: float
    parts: tuple[ScorePart, ...]
    reasons: tuple[Reason, ...]

    @property
    def unit_id(self) -> int:
        return self.unit.unit_id


@dataclass(frozen=True, slots=True)
class Excluded:
    unit_id: int
    rules: tuple[Reason, ...]  # every hard rule the unit breaks, first the first in Rule's order


@dataclass(frozen=True, slots=True)
class HomeResult:
    matches: tuple[HomeMatch, ...]
    excluded: tuple[Excluded, ...]
    minimum_area_m2: Decimal | None
    versions: tuple[tuple[str, str], ...]  # (parameter set, file) used
    possible_points: int = 100  # what a home could earn in this search (:func:`possible_points`)

    def excluded_counts(self) -> dict[str, int]:
        """How many excluded homes break each rule (a home breaking two rules counts under both)."""
        out: dict[str, int] = {}
        for ex in self.excluded:
            for r in ex.rules:
                out[r.code] = out.get(r.code, 0) + 1
        return out


# ------------------------------------------------------------------------------------------ living area
def minimum_living_area(ages: Sequence[int], on: date) -> Decimal:
    """The minimum living-area standard (最低居住面積水準) for a household of members of ``ages``."""
    if not ages:
        raise ValueError("a household has at least one member")
    if any(a < 0 for a in ages):
        raise ValueError("ages are not negative")
    table = params.load(LIVING_AREA, on)["minimum"]
    if len(ages) == 1:
        return Decimal(str(table["single_m2"]))
    weights = sorted(
        ((int(w["under_age"]), Decimal(str(w["weight"]))) for w in table["child_weights"]), key=lambda x: x[0]
    )
    persons = Decimal(0)
    for age in ages:
        persons += next((w for under, w in weights if age < under), Decimal(1))
    persons = max(persons, Decimal(str(table["min_persons_after_weighting"])))
    area = Decimal(str(table["per_person_m2"])) * persons + Decimal(str(table["base_m2"]))
    if persons > Decimal(str(table["reduction_over_persons"])):
        area = area * (Decimal(100) - Decimal(str(table["reduction_percent"]))) / Decimal(100)
    return area.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------------------------------- hard rules
def _rule(rule: Rule, on: date, **values: object) -> Reason:
    ref = RULE_REFS[rule]
    return Reason(
        code=f"matching.excluded.{rule.value}",
        message_key=f"matching.excluded.{rule.value}",
        ref=cite(ref, on) if ref else "",
        values=tuple(values.items()),
    )


def vacancy_fresh_since(now: datetime, valid_days: int) -> datetime:
    """The earliest confirmation that still counts at ``now`` (the registry's own limit)."""
    return now - timedelta(days=valid_days)


def breaks(unit: UnitCandidate, needs: HomeNeeds, minimum_area: Decimal | None = None) -> tuple[Reason, ...]:
    """Every hard rule ``unit`` breaks for ``needs``, in :class:`Rule` order (empty: the home is in)."""
    on = needs.on
    out: list[Reason] = []
    if not set(needs.groups) & unit.groups:
        out.append(_rule(Rule.GROUP, on, groups=tuple(sorted(needs.groups))))
    if needs.ceiling is not None and unit.monthly_cost > needs.ceiling:
        out.append(_rule(Rule.COST, on, cost=unit.monthly_cost, ceiling=needs.ceiling))
    since = vacancy_fresh_since(needs.now, needs.vacancy_valid_days)
    if unit.vacancy != "vacant" or unit.vacancy_confirmed_at is None or unit.vacancy_confirmed_at < since:
        out.append(_rule(Rule.VACANCY, on, valid_days=needs.vacancy_valid_days))
    if needs.area_standard:
        limit = minimum_area if minimum_area is not None else minimum_living_area(needs.ages or (0,), on)
        if unit.floor_area_m2 < limit:
            out.append(_rule(Rule.AREA, on, area=unit.floor_area_m2, minimum=limit))
    if needs.barrier_free and not unit.barrier_free:
        out.append(_rule(Rule.BARRIER_FREE, on))
    if needs.ground_floor and not (unit.barrier_free or (unit.floor is not None and unit.floor <= 1)):
        out.append(_rule(Rule.FLOOR, on, floor=unit.floor))
    if needs.pets and not unit.pets_allowed:
        out.append(_rule(Rule.PETS, on))
    return tuple(out)


# --------------------------------------------------------------------------------------------- scoring
def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius 6,371 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@lru_cache(maxsize=64)
def _part_keys(code: str) -> tuple[str, str]:
    return f"matching.score.{code}", f"matching.score.{code}.unknown"


@lru_cache(maxsize=64)
def _unknown_part(code: str, weight: int) -> ScorePart:
    key, unknown = _part_keys(code)
    return ScorePart(code, weight, None, 0.0, Reason(key, unknown, "", ()))


def _part(code: str, weight: int, value: float | None, **values: object) -> ScorePart:
    key, unknown = _part_keys(code)
    if value is None:
        if not values:
            return _unknown_part(code, weight)
        return ScorePart(code, weight, None, 0.0, Reason(key, unknown, "", tuple(values.items())))
    v = 0.0 if value < 0.0 else 1.0 if value > 1.0 else float(value)
    return ScorePart(code, weight, v, weight * v, Reason(key, key, "", tuple(values.items())))


@dataclass(frozen=True, slots=True)
class _Scales:
    """The parameter file's weights and scales, read once per ranking (not once per candidate)."""

    weights: Mapping[str, int]
    zero_km: float
    headroom_full: Decimal
    answers_min: int
    answers_neutral: float
    support_full: int
    today: date  # the Japanese calendar day of the match (the freshness part)

    @classmethod
    def of(cls, conf: Mapping[str, object], needs: HomeNeeds) -> _Scales:
        scale: Mapping[str, object] = conf["scale"]  # type: ignore[assignment]
        return cls(
            weights=conf["weights"],  # type: ignore[arg-type]
            zero_km=float(scale["distance_zero_km"]),  # type: ignore[arg-type]
            headroom_full=Decimal(str(scale["headroom_full_percent"])),
            answers_min=int(scale["answers_min_inquiries"]),  # type: ignore[call-overload]
            answers_neutral=float(str(scale["answers_neutral"])),
            support_full=int(scale["support_full_count"]),  # type: ignore[call-overload]
            today=needs.now.astimezone(JAPAN).date(),
        )


def _home_parts(unit: UnitCandidate, needs: HomeNeeds, sc: _Scales) -> tuple[ScorePart, ...]:
    weights = sc.weights
    parts: list[ScorePart] = []
    # distance to the preferred point
    if needs.point is not None and unit.lat is not None and unit.lon is not None:
        d = distance_km(needs.point, (unit.lat, unit.lon))
        parts.append(_part("distance", weights["distance"], 1 - d / sc.zero_km, km=round(d, 1)))
    else:
        parts.append(_part("distance", weights["distance"], None))
    # rent headroom under the ceiling
    if needs.ceiling:
        headroom = needs.ceiling - unit.monthly_cost
        share = Decimal(headroom) * 100 / Decimal(needs.ceiling)
        parts.append(
            _part("rent_headroom", weights["rent_headroom"], float(share / sc.headroom_full), yen=headroom)
        )
    else:
        parts.append(_part("rent_headroom", weights["rent_headroom"], None))
    # freshness of the vacancy confirmation
    if unit.vacancy_confirmed_at is not None and needs.vacancy_valid_days > 0:
        # days of the Japanese calendar: confirmed late yesterday is "1 day ago", not 0
        days = (sc.today - unit.vacancy_confirmed_at.astimezone(JAPAN).date()).days
        age = max(0, days)
        parts.append(_part("freshness", weights["freshness"], 1 - age / needs.vacancy_valid_days, days=age))
    else:
        parts.append(_part("freshness", weights["freshness"], None))
    # the landlord's past answers to inquiries
    record = unit.landlord
    if record.asked >= sc.answers_min:
        parts.append(
            _part(
                "landlord_answers",
                weights["landlord_answers"],
                record.answered / record.asked,
                answered=record.answered,
                asked=record.asked,
            )
        )
    else:
        p = _part("landlord_answers", weights["landlord_answers"], sc.answers_neutral, asked=record.asked)
        parts.append(
            ScorePart(
                p.code,
                p.weight,
                p.value,
                p.points,
                Reason(p.reason.code, "matching.score.landlord_answers.none", values=p.reason.values),
            )
        )
    # support corporations serving the home's municipality
    parts.append(
        _part(
            "support_nearby",
            weights["support_nearby"],
            unit.support_corporations / sc.support_full,
            count=unit.support_corporations,
        )
    )
    return tuple(parts)


# Reasons without values are the same for every home: shared, not built per candidate (a ranking builds
# some 15 objects per candidate; docs/performance.md "Matching").
_DEDICATED = Reason("matching.in.dedicated", "matching.in.dedicated", "法2条1項; 登録基準 (専用住宅)")
_BARRIER_FREE = Reason("matching.in.barrier_free", "matching.in.barrier_free")
_PETS = Reason("matching.in.pets", "matching.in.pets")


@lru_cache(maxsize=1024)
def _group_reasons(groups: tuple[str, ...], missing: tuple[str, ...], on: date) -> tuple[Reason, ...]:
    """The groups of the household the home accepts and, when the home matches through only some of them,
    those its registration does not list (法9条1項6号), so that the caseworker is not surprised when the
    landlord hears of them."""
    ref = cite(RULE_REFS[Rule.GROUP], on)
    accepts = Reason("matching.in.group", "matching.in.group", ref, (("groups", groups),))
    if not missing:
        return (accepts,)
    return (
        accepts,
        Reason(
            "matching.in.group.not_listed",
            "matching.in.group.not_listed",
            ref,
            (("groups", missing), ("through", groups)),
        ),
    )


def _in_reasons(unit: UnitCandidate, needs: HomeNeeds, minimum_area: Decimal | None) -> tuple[Reason, ...]:
    on = needs.on
    # in the household's order (the law's order of the groups, as eligibility gives them)
    accepted = tuple(g for g in needs.groups if g in unit.groups)
    out = list(_group_reasons(accepted, tuple(g for g in needs.groups if g not in unit.groups), on))
    if unit.dedicated:
        out.append(_DEDICATED)
    if needs.ceiling is not None:
        out.append(
            Reason(
                "matching.in.cost",
                "matching.in.cost",
                values=(("cost", unit.monthly_cost), ("ceiling", needs.ceiling)),
            )
        )
    out.append(
        Reason(
            "matching.in.vacancy",
            "matching.in.vacancy",
            values=(("confirmed_at", unit.vacancy_confirmed_at),),
        )
    )
    if needs.area_standard and minimum_area is not None:
        out.append(
            Reason(
                "matching.in.area",
                "matching.in.area",
                cite(RULE_REFS[Rule.AREA], on),
                (("area", unit.floor_area_m2), ("minimum", minimum_area)),
            )
        )
    if needs.barrier_free:
        out.append(_BARRIER_FREE)
    if needs.ground_floor:
        out.append(Reason("matching.in.floor", "matching.in.floor", values=(("floor", unit.floor),)))
    if needs.pets:
        out.append(_PETS)
    return tuple(out)


def versions(on: date, *names: str) -> tuple[tuple[str, str], ...]:
    """(set, file name) of the parameter files in force on ``on`` (recorded with every match)."""
    return tuple((n, params.load(n, on).path.name) for n in names)


def possible_points(weights: Mapping[str, int], *, point: bool, ceiling: bool) -> int:
    """The most a home can score in a search: every weight but those of the parts the search's inputs
    leave unknown for every home — the distance without a preferred point, the rent headroom without a
    ceiling. A page shows a score out of this (a best home's 44 of 100 is 44 of 70 when no point was
    given); the ranking does not change."""
    unused = set()
    if not point:
        unused.add("distance")
    if not ceiling:
        unused.add("rent_headroom")
    return sum(int(w) for code, w in weights.items() if code not in unused)


def rank(candidates: Iterable[UnitCandidate], needs: HomeNeeds) -> HomeResult:
    """The homes of ``candidates`` that break no hard rule, ranked: dedicated housing first (the household
    is of a priority group: it passed the group rule), then the score (highest first), then the unit id —
    deterministic whatever the order of ``candidates``. Every other candidate is excluded with its rules."""
    on = needs.on
    scales = _Scales.of(params.load(MATCHING, on)["homes"], needs)
    minimum = minimum_living_area(needs.ages or (0,), on) if needs.area_standard else None
    matches: list[HomeMatch] = []
    excluded: list[Excluded] = []
    seen: set[int] = set()
    for unit in candidates:
        if unit.unit_id in seen:
            continue
        seen.add(unit.unit_id)
        broken = breaks(unit, needs, minimum)
        if broken:
            excluded.append(Excluded(unit.unit_id, broken))
            continue
        parts = _home_parts(unit, needs, scales)
        score = round(sum(p.points for p in parts), 2)
        matches.append(HomeMatch(unit, score, parts, _in_reasons(unit, needs, minimum)))
    matches.sort(key=lambda m: (not m.unit.dedicated, -m.score, m.unit.unit_id))
    excluded.sort(key=lambda e: e.unit_id)
    names = (MATCHING, LIVING_AREA) if needs.area_standard else (MATCHING,)
    possible = possible_points(scales.weights, point=needs.point is not None, ceiling=bool(needs.ceiling))
    return HomeResult(tuple(matches), tuple(excluded), minimum, versions(on, *names), possible)


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        return [_jsonable(v) for v in value]
    return value


# the support ranking lives beside (sumai.domain.matching_support); its names are this module's too
from sumai.domain.matching_support import (  # noqa: E402
    CapacityFigure,
    CorporationCandidate,
    SupportMatch,
    SupportNeeds,
    help_task_map,
    help_tasks,
    rank_support,
)
