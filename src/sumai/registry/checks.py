"""From stored buildings and units to the domain's facts, and back to findings for the screens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sumai.domain import jurisdiction, standards
from sumai.domain.acceptance import check_acceptance
from sumai.domain.findings import Finding, Severity
from sumai.domain.standards import Facility, Provision
from sumai.places.models import Municipality
from sumai.registry.models import Building, Unit

FACILITIES = [f.value for f in Facility]


@dataclass(frozen=True)
class UnitFinding:
    unit_number: str
    finding: Finding


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    building: list[Finding]
    units: list[UnitFinding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.all() if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.all() if f.severity is Severity.WARNING)

    def all(self) -> list[Finding]:
        return [*self.building, *(u.finding for u in self.units)]

    def as_json(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = [{"unit": None, **f.as_dict()} for f in self.building]
        out += [{"unit": u.unit_number, **u.finding.as_dict()} for u in self.units]
        return out


def plan_authority_code(building: Building) -> str:
    """The local government whose supply-promotion plan sets the standards (before any delegation)."""
    return municipality_plan_authority_code(building.municipality)


def municipality_plan_authority_code(m: Municipality) -> str:
    """:func:`plan_authority_code` of a municipality (its ``parent`` is read when it is a ward)."""
    parent = m.parent
    place = jurisdiction.Place(m.code, m.name, jurisdiction.PlaceKind(m.kind), m.parent_id, m.prefecture_id)
    parent_place = (
        jurisdiction.Place(
            parent.code, parent.name, jurisdiction.PlaceKind(parent.kind), None, parent.prefecture_id
        )
        if parent
        else None
    )
    code, _kind = jurisdiction.authority_place_code(place, parent_place)
    return code


def _facilities(unit: Unit) -> dict[Facility, Provision]:
    raw = unit.facilities or {}
    return {Facility(f): Provision(raw.get(f, "none")) for f in FACILITIES}


class CheckCache:
    """Memo for checking many buildings in one run (the CSV import): the rules in force per (plan
    authority, date), the findings per distinct facilities (with the area minimum they set: every area at
    or above it has the same findings) and per distinct accepted groups. Every cached value is immutable
    (rule sets and findings are frozen); entries are bounded."""

    LIMIT = 10_000

    def __init__(self) -> None:
        self.rules: dict[tuple[str, date], standards.RuleSet] = {}
        # per (rules, date, facilities): the area minimum, the facilities, the findings at or above it
        self.units: dict[
            tuple[object, ...], tuple[Decimal, dict[Facility, Provision], list[tuple[Finding, ...]]]
        ] = {}
        self.below: dict[tuple[object, ...], tuple[Finding, ...]] = {}
        self.acceptance: dict[tuple[tuple[str, ...], date], tuple[Finding, ...]] = {}

    def rules_in_force(self, authority_code: str, on: date) -> standards.RuleSet:
        key = (authority_code, on)
        rules = self.rules.get(key)
        if rules is None:
            rules = self.rules[key] = standards.rules_in_force(authority_code, on)
        return rules

    def unit_findings(self, unit: Unit, *, on: date, rules: standards.RuleSet) -> tuple[Finding, ...]:
        raw = unit.facilities or {}
        provisions = tuple(raw.get(f, "none") for f in FACILITIES)
        return self.findings_of(unit.floor_area_m2, provisions, on=on, rules=rules)

    def findings_of(
        self, area: Decimal, provisions: tuple[str, ...], *, on: date, rules: standards.RuleSet
    ) -> tuple[Finding, ...]:
        """The findings of an ordinary unit of ``area`` whose facilities are ``provisions`` (in the order
        of :data:`FACILITIES`). Per distinct facilities, the area minimum and the findings of a unit at or
        above it (the same for every such area: :func:`standards.unit_area_minimum`) are kept; an area
        below the minimum is checked, and kept, on its own."""
        key = (id(rules), on, provisions)
        above = self.units.get(key)
        if above is None:
            if len(self.units) >= self.LIMIT:
                self.units.clear()
            facilities = {Facility(f): Provision(p) for f, p in zip(FACILITIES, provisions, strict=True)}
            above = self.units[key] = (standards.unit_area_minimum(facilities, rules), facilities, [])
        minimum, facilities, known = above
        if area >= minimum:
            if not known:
                known.append(self._check(area, facilities, on, rules))
            return known[0]
        below_key = (*key, area)
        found = self.below.get(below_key)
        if found is None:
            if len(self.below) >= self.LIMIT:
                self.below.clear()
            found = self.below[below_key] = self._check(area, facilities, on, rules)
        return found

    @staticmethod
    def _check(
        area: Decimal, facilities: dict[Facility, Provision], on: date, rules: standards.RuleSet
    ) -> tuple[Finding, ...]:
        facts = standards.UnitFacts(floor_area_m2=area, facilities=facilities)
        return tuple(standards.check_unit(facts, on=on, rules=rules).findings)

    def acceptance_findings(self, accepted: list[str], *, on: date) -> tuple[Finding, ...]:
        key = (tuple(accepted), on)
        found = self.acceptance.get(key)
        if found is None:
            if len(self.acceptance) >= self.LIMIT:
                self.acceptance.clear()
            found = self.acceptance[key] = tuple(check_acceptance(accepted, on=on))
        return found


def check_building(
    building: Building,
    units: list[Unit],
    *,
    on: date,
    authority_code: str | None = None,
    cache: CheckCache | None = None,
) -> CheckResult:
    """Every finding for the building and its included units: standards (with the local plan) and the
    acceptance range. Never stops at the first.

    ``authority_code`` is the plan authority when the caller knows it already (else it is derived from
    ``building.municipality``); ``cache`` memoises rules and findings across the buildings of one run."""
    code = authority_code if authority_code is not None else plan_authority_code(building)
    rules = cache.rules_in_force(code, on) if cache is not None else standards.rules_in_force(code, on)
    included = [u for u in units if u.included]
    building_findings = standards.check_seismic(
        standards.BuildingFacts(
            building.construction_started,
            seismic_proof=building.seismic_evidence in ("diagnosis", "retrofit", "compliance_certificate"),
        ),
        rules,
    )
    unit_findings: list[UnitFinding] = []
    if building.building_type == Building.BuildingType.SHARED_HOUSE:
        facts = standards.SharedHouseFacts(
            residents=building.shared_residents or 0,
            total_area_m2=building.shared_total_area_m2 or Decimal(0),
            rooms=tuple(standards.Room(u.floor_area_m2, 1) for u in included),
            toilets=building.shared_toilets or 0,
            washbasins=building.shared_washbasins or 0,
            baths=building.shared_baths or 0,
            facilities=_facilities(included[0]) if included else dict.fromkeys(Facility, Provision.SHARED),
        )
        for f in standards.check_unit(facts, on=on, rules=rules).findings:
            building_findings.append(f)
    else:
        for unit in included:
            if cache is not None:
                found = cache.unit_findings(unit, on=on, rules=rules)
                if found:
                    unit_findings += [UnitFinding(unit.number, f) for f in found]
                continue
            verdict = standards.check_unit(
                standards.UnitFacts(floor_area_m2=unit.floor_area_m2, facilities=_facilities(unit)),
                on=on,
                rules=rules,
            )
            unit_findings += [UnitFinding(unit.number, f) for f in verdict.findings]
    for unit in included:
        accepted = (
            cache.acceptance_findings(unit.accepted_groups, on=on)
            if cache is not None
            else check_acceptance(unit.accepted_groups, on=on)
        )
        if accepted:
            unit_findings += [UnitFinding(unit.number, f) for f in accepted]
    if not included:
        building_findings.append(
            Finding(
                code="building.units.none",
                severity=Severity.ERROR,
                message_key="standards.building.units.none",
                ref="法8条",
            )
        )
    ok = not any(
        f.severity is Severity.ERROR for f in [*building_findings, *(u.finding for u in unit_findings)]
    )
    return CheckResult(ok, building_findings, unit_findings)
