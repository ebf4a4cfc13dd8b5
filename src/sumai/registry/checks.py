"""From stored buildings and units to the domain's facts, and back to findings for the screens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sumai.domain import jurisdiction, standards
from sumai.domain.acceptance import check_acceptance
from sumai.domain.findings import Finding, Severity
from sumai.domain.standards import Facility, Provision
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
    m = building.municipality
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


def check_building(building: Building, units: list[Unit], *, on: date) -> CheckResult:
    """Every finding for the building and its included units: standards (with the local plan) and the
    acceptance range. Never stops at the first."""
    rules = standards.rules_in_force(plan_authority_code(building), on)
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
            verdict = standards.check_unit(
                standards.UnitFacts(floor_area_m2=unit.floor_area_m2, facilities=_facilities(unit)),
                on=on,
                rules=rules,
            )
            unit_findings += [UnitFinding(unit.number, f) for f in verdict.findings]
    for unit in included:
        unit_findings += [UnitFinding(unit.number, f) for f in check_acceptance(unit.accepted_groups, on=on)]
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
