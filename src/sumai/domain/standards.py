"""Registration standards (登録基準) for セーフティネット住宅: unit, shared house and building.

The checks here apply the standards in force for an authority on a date — the national baseline merged
with the authority's local plan, a :class:`RuleSet` of :mod:`sumai.domain.standards_rules` (whose names this
module re-exports) — to the facts of a unit, a shared house or a building, and read those facts from JSON
for the CLI and the API.

Every check lists *every* finding; a verdict is ``ok`` iff no finding is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sumai.domain.findings import Finding, Severity
from sumai.domain.standards_rules import (
    LOCAL_PLAN_PREFIX,
    NATIONAL_SET,
    Facility,
    Provision,
    RuleSet,
    local_plan_authorities,
    merge_local_plan,
    national_rules,
    rules_in_force,
    validate_local_plan,
)

__all__ = [
    "LOCAL_PLAN_PREFIX",
    "NATIONAL_SET",
    "BuildingFacts",
    "Facility",
    "Provision",
    "Room",
    "RuleSet",
    "SharedHouseFacts",
    "UnitFacts",
    "Verdict",
    "check_building",
    "check_seismic",
    "check_unit",
    "local_plan_authorities",
    "merge_local_plan",
    "national_rules",
    "rules_in_force",
    "validate_local_plan",
]

# ---------------------------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class UnitFacts:
    """An ordinary dwelling unit (住戸). ``new_build`` (新築) is ``None`` when unknown."""

    floor_area_m2: Decimal
    facilities: Mapping[Facility, Provision]
    rent: int | None = None
    comparable_rent: int | None = None
    new_build: bool | None = None


@dataclass(frozen=True, slots=True)
class Room:
    """A private room (専用居室) of a shared house, with its planned number of occupants."""

    area_m2: Decimal
    occupants: int = 1


@dataclass(frozen=True, slots=True)
class SharedHouseFacts:
    """A shared house (共同居住型賃貸住宅). ``residents`` is N, the planned number of residents.

    ``toilets``, ``washbasins`` and ``baths`` count the ones in the common area; ``facilities`` says for each
    facility whether the rooms have their own (``private``), the common area has it (``shared``), or neither.
    """

    residents: int
    total_area_m2: Decimal
    rooms: tuple[Room, ...]
    toilets: int
    washbasins: int
    baths: int
    facilities: Mapping[Facility, Provision]
    rent: int | None = None
    comparable_rent: int | None = None
    new_build: bool | None = None


@dataclass(frozen=True, slots=True)
class BuildingFacts:
    """A building (住棟): the date its construction started (新築工事着手) and whether earthquake resistance
    is otherwise proven (耐震診断・耐震改修 etc., or a firm prospect of it), with the units to register."""

    construction_started: date
    seismic_proof: bool = False
    units: tuple[UnitFacts | SharedHouseFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of a check: ``ok`` iff no finding is an error. ``units`` holds per-unit verdicts of a
    building check, in the order of the units given."""

    ok: bool
    findings: tuple[Finding, ...]
    units: tuple[Verdict, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "findings": [f.as_dict() for f in self.findings]}


# ---------------------------------------------------------------------------------------------- checks


def _sorted(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """A canonical order, so that a verdict never depends on the order of rooms or facilities."""
    return tuple(sorted(findings, key=lambda f: (f.code, str(f.value), str(f.limit), f.ref)))


def _verdict(findings: Iterable[Finding], units: Sequence[Verdict] = ()) -> Verdict:
    ordered = _sorted(findings)
    ok = all(f.severity != Severity.ERROR for f in ordered) and all(u.ok for u in units)
    return Verdict(ok=ok, findings=ordered, units=tuple(units))


def _provision(facilities: Mapping[Facility, Provision], facility: Facility) -> Provision:
    return facilities.get(facility, Provision.NONE)


def _rent_findings(rent: int | None, comparable: int | None, rules: RuleSet) -> list[Finding]:
    if rent is None or comparable is None or rent <= comparable:
        return []
    return [
        Finding(
            "rent.above_comparable",
            rules.rent_above_comparable_severity,
            "standards.rent.above_comparable",
            rules.ref("rent"),
            rent,
            comparable,
        )
    ]


def _shares(facilities: Mapping[Facility, Provision], rules: RuleSet) -> bool:
    """Whether a required facility that may be shared sits in the common area (the lower area minimum)."""
    return any(
        _provision(facilities, f) == Provision.SHARED and f in rules.shareable_facilities
        for f in rules.required_facilities
    )


def unit_area_minimum(
    facilities: Mapping[Facility, Provision], rules: RuleSet, *, new_build: bool | None = None
) -> Decimal:
    """The floor-area minimum of an ordinary unit with ``facilities`` (and ``new_build``) under ``rules``.

    The floor area enters :func:`check_unit` for an ordinary unit only through this comparison: a unit at
    or above the minimum has exactly the findings of any other such unit with the same facilities, rent and
    ``new_build`` (which lets a caller checking many units reuse them: the CSV import)."""
    return rules.unit_minimum(shared=_shares(facilities, rules), new_build=new_build)


def _check_ordinary(facts: UnitFacts, rules: RuleSet) -> list[Finding]:
    out: list[Finding] = []
    shared_any = _shares(facts.facilities, rules)
    for facility in sorted(rules.required_facilities):
        provision = _provision(facts.facilities, facility)
        if provision == Provision.NONE:
            out.append(
                Finding(
                    f"unit.facility.{facility}.missing",
                    Severity.ERROR,
                    f"standards.unit.facility.{facility}.missing",
                    rules.ref("facilities"),
                    str(provision),
                )
            )
        elif provision == Provision.SHARED and facility not in rules.shareable_facilities:
            out.append(
                Finding(
                    f"unit.facility.{facility}.must_be_private",
                    Severity.ERROR,
                    f"standards.unit.facility.{facility}.must_be_private",
                    rules.ref("facilities"),
                    str(provision),
                    str(Provision.PRIVATE),
                )
            )
    minimum = rules.unit_minimum(shared=shared_any, new_build=facts.new_build)
    if facts.floor_area_m2 < minimum:
        code = "unit.floor_area.below_minimum_shared" if shared_any else "unit.floor_area.below_minimum"
        out.append(
            Finding(
                code,
                Severity.ERROR,
                f"standards.{code}",
                rules.ref("unit_floor_area"),
                facts.floor_area_m2,
                minimum,
            )
        )
    out.extend(_rent_findings(facts.rent, facts.comparable_rent, rules))
    return out


def _check_shared_house(facts: SharedHouseFacts, rules: RuleSet) -> list[Finding]:
    out: list[Finding] = []
    n = facts.residents
    ref_area, ref_room = rules.ref("shared_house_area"), rules.ref("shared_house_room")
    if n < rules.shared_house_min_residents:
        out.append(
            Finding(
                "shared_house.residents.below_minimum",
                Severity.ERROR,
                "standards.shared_house.residents.below_minimum",
                ref_area,
                n,
                rules.shared_house_min_residents,
            )
        )
    minimum = rules.shared_house_minimum(n)
    if facts.total_area_m2 < minimum:
        out.append(
            Finding(
                "shared_house.total_area.below_minimum",
                Severity.ERROR,
                "standards.shared_house.total_area.below_minimum",
                ref_area,
                facts.total_area_m2,
                minimum,
            )
        )
    for room in facts.rooms:
        if room.area_m2 < rules.shared_house_min_room_m2:
            out.append(
                Finding(
                    "shared_house.room.area.below_minimum",
                    Severity.ERROR,
                    "standards.shared_house.room.area.below_minimum",
                    ref_room,
                    room.area_m2,
                    rules.shared_house_min_room_m2,
                )
            )
        if room.occupants > rules.shared_house_max_occupants_per_room:
            out.append(
                Finding(
                    "shared_house.room.occupants.above_maximum",
                    Severity.ERROR,
                    "standards.shared_house.room.occupants.above_maximum",
                    ref_room,
                    room.occupants,
                    rules.shared_house_max_occupants_per_room,
                )
            )
    occupants = sum(room.occupants for room in facts.rooms)
    if occupants < n:
        out.append(
            Finding(
                "shared_house.rooms.too_few_places",
                Severity.ERROR,
                "standards.shared_house.rooms.too_few_places",
                ref_room,
                occupants,
                n,
            )
        )
    needed = -(-n // rules.shared_house_residents_per_facility) if n > 0 else 0  # ceil(N / 5)
    counts = {
        Facility.TOILET: facts.toilets,
        Facility.WASHBASIN: facts.washbasins,
        Facility.BATH: facts.baths,
    }
    ref_fac = rules.ref("shared_house_facilities")
    for facility in sorted(rules.shared_house_required_facilities):
        provision = _provision(facts.facilities, facility)
        if provision == Provision.NONE:
            out.append(
                Finding(
                    f"shared_house.facility.{facility}.missing",
                    Severity.ERROR,
                    f"standards.shared_house.facility.{facility}.missing",
                    ref_fac,
                    str(provision),
                )
            )
        elif provision == Provision.SHARED and facility in counts and counts[facility] < needed:
            out.append(
                Finding(
                    f"shared_house.facility.{facility}.too_few",
                    Severity.ERROR,
                    f"standards.shared_house.facility.{facility}.too_few",
                    ref_fac,
                    counts[facility],
                    needed,
                )
            )
    out.extend(_rent_findings(facts.rent, facts.comparable_rent, rules))
    return out


def _rules(authority: str | None, on: date, rules: RuleSet | None) -> RuleSet:
    return rules if rules is not None else rules_in_force(authority, on)


def check_unit(
    facts: UnitFacts | SharedHouseFacts,
    *,
    authority: str | None = None,
    on: date,
    rules: RuleSet | None = None,
) -> Verdict:
    """Check one unit or shared house against the standards of ``authority`` in force on ``on``.

    Earthquake resistance belongs to the building: see :func:`check_building`. ``rules`` overrides the
    lookup (for callers that already hold the rules, and for tests).
    """
    ruleset = _rules(authority, on, rules)
    if isinstance(facts, SharedHouseFacts):
        return _verdict(_check_shared_house(facts, ruleset))
    return _verdict(_check_ordinary(facts, ruleset))


def check_seismic(facts: BuildingFacts, rules: RuleSet) -> list[Finding]:
    """耐震性: construction started on or after the new-code date, or earthquake resistance proven."""
    if facts.construction_started >= rules.seismic_new_code_from or facts.seismic_proof:
        return []
    return [
        Finding(
            "building.seismic.old_code_without_proof",
            Severity.ERROR,
            "standards.building.seismic.old_code_without_proof",
            rules.ref("seismic"),
            facts.construction_started.isoformat(),
            rules.seismic_new_code_from.isoformat(),
        )
    ]


def check_building(
    facts: BuildingFacts,
    *,
    authority: str | None = None,
    on: date,
    rules: RuleSet | None = None,
) -> Verdict:
    """Check a building and all its units. ``findings`` holds the building's findings and every unit's;
    ``units`` the verdict of each unit in order."""
    ruleset = _rules(authority, on, rules)
    unit_verdicts = [check_unit(unit, on=on, rules=ruleset) for unit in facts.units]
    findings = check_seismic(facts, ruleset)
    for verdict in unit_verdicts:
        findings.extend(verdict.findings)
    return _verdict(findings, unit_verdicts)
