"""Registration standards (登録基準) for セーフティネット住宅: unit, shared house and building.

The checks here apply the standards in force for an authority on a date — the national baseline merged
with the authority's local plan, a :class:`RuleSet` of :mod:`sumai.domain.standards_rules` (whose names this
module re-exports) — to the facts of a unit, a shared house or a building, and read those facts from JSON
for the CLI and the API.

Every check lists *every* finding; a verdict is ``ok`` iff no finding is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sumai.domain import params
from sumai.domain.dates import today_in_japan
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.findings import Finding, Severity
from sumai.domain.inputs import check_within_horizon, parse_date, strict_object
from sumai.domain.jurisdiction import is_valid_lg_code
from sumai.domain.standards_rules import (
    AUTHORITY_CODE,
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
    "check_unit_json",
    "local_plan_authorities",
    "merge_local_plan",
    "national_rules",
    "parse_unit_payload",
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


def _check_ordinary(facts: UnitFacts, rules: RuleSet) -> list[Finding]:
    out: list[Finding] = []
    shared_any = False
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
        elif provision == Provision.SHARED:
            if facility in rules.shareable_facilities:
                shared_any = True
            else:
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


# ---------------------------------------------------------------------------------------------- JSON

_KINDS = ("ordinary", "shared_house")
_MAX_AREA = Decimal(1_000_000)  # m²; a sanity bound on input, far above any dwelling


def _require(payload: Mapping[str, object], key: str, path: str) -> object:
    if key not in payload or payload[key] is None:
        raise InputError(path, "is required")
    return payload[key]


_TOP_FIELDS = frozenset(
    {
        "kind",
        "authority",
        "on",
        "new_build",
        "floor_area_m2",
        "construction_started",
        "seismic_proof",
        "facilities",
        "rent",
        "comparable_rent",
        "shared_house",
    }
)
_SHARED_HOUSE_FIELDS = frozenset({"residents", "total_area_m2", "rooms", "toilets", "washbasins", "baths"})
_ROOM_FIELDS = frozenset({"area_m2", "occupants"})


def _mapping(value: object, path: str, allowed: frozenset[str]) -> Mapping[str, object]:
    return strict_object(value, path, allowed)


def _area(value: object, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise InputError(path, "must be a number of m²")
    try:
        out = Decimal(str(value).strip())
    except InvalidOperation:
        raise InputError(path, "must be a number of m²") from None
    if not out.is_finite():
        raise InputError(path, "must be a finite number")
    if out < 0:
        raise InputError(path, "must not be negative")
    if out > _MAX_AREA:
        raise InputError(path, f"must be at most {_MAX_AREA} m²")
    return out


def _count(value: object, path: str, *, minimum: int = 0, maximum: int = 1_000_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(path, "must be an integer")
    if value < minimum:
        raise InputError(path, f"must be at least {minimum}")
    if value > maximum:
        raise InputError(path, f"must be at most {maximum}")
    return value


def _yen(value: object, path: str) -> int:
    return _count(value, path, maximum=10**9)


def _bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(path, "must be true or false")
    return value


def _facilities(value: object, path: str) -> dict[Facility, Provision]:
    raw = _mapping(value, path, frozenset(Facility))
    out: dict[Facility, Provision] = {}
    for key, provision in raw.items():
        try:
            facility = Facility(key)
        except ValueError:
            raise InputError(f"{path}.{key}", f"unknown facility; one of {', '.join(Facility)}") from None
        if not isinstance(provision, str) or provision not in set(Provision):
            raise InputError(f"{path}.{key}", f"must be one of {', '.join(Provision)}")
        out[facility] = Provision(provision)
    for facility in Facility:
        if facility not in out:
            raise InputError(f"{path}.{facility}", "is required")
    return out


def _shared_house(
    value: object,
    facilities: dict[Facility, Provision],
    path: str,
    rent: int | None,
    comparable: int | None,
    new_build: bool | None,
) -> SharedHouseFacts:
    raw = _mapping(value, path, _SHARED_HOUSE_FIELDS)
    rooms_raw = _require(raw, "rooms", f"{path}.rooms")
    if not isinstance(rooms_raw, list):
        raise InputError(f"{path}.rooms", "must be a list")
    rooms: list[Room] = []
    for i, room_raw in enumerate(rooms_raw):
        room_path = f"{path}.rooms[{i}]"
        room = _mapping(room_raw, room_path, _ROOM_FIELDS)
        area = _area(_require(room, "area_m2", f"{room_path}.area_m2"), f"{room_path}.area_m2")
        occupants = _count(room.get("occupants", 1), f"{room_path}.occupants")
        rooms.append(Room(area, occupants))
    return SharedHouseFacts(
        residents=_count(_require(raw, "residents", f"{path}.residents"), f"{path}.residents"),
        total_area_m2=_area(_require(raw, "total_area_m2", f"{path}.total_area_m2"), f"{path}.total_area_m2"),
        rooms=tuple(rooms),
        toilets=_count(_require(raw, "toilets", f"{path}.toilets"), f"{path}.toilets"),
        washbasins=_count(_require(raw, "washbasins", f"{path}.washbasins"), f"{path}.washbasins"),
        baths=_count(_require(raw, "baths", f"{path}.baths"), f"{path}.baths"),
        facilities=facilities,
        rent=rent,
        comparable_rent=comparable,
        new_build=new_build,
    )


def parse_unit_payload(payload: object) -> tuple[BuildingFacts, str | None, date]:
    """Validate a JSON payload (see :func:`check_unit_json`) into facts; raises :class:`InputError`."""
    data = _mapping(payload, "payload", _TOP_FIELDS)
    kind = _require(data, "kind", "kind")
    if kind not in _KINDS:
        raise InputError("kind", f"must be one of {', '.join(_KINDS)}")
    authority: str | None = None
    if data.get("authority") is not None:
        raw_authority = data["authority"]
        if not isinstance(raw_authority, str) or not AUTHORITY_CODE.match(raw_authority):
            raise InputError("authority", "must be a 6-digit 全国地方公共団体コード")
        if not is_valid_lg_code(raw_authority):
            raise InputError("authority", f"{raw_authority} has a wrong check digit")
        authority = raw_authority
    on = parse_date(data["on"], "on") if data.get("on") is not None else today_in_japan()
    check_within_horizon(on, "on")
    new_build = _bool(data["new_build"], "new_build") if data.get("new_build") is not None else None
    started = parse_date(
        _require(data, "construction_started", "construction_started"),
        "construction_started",
        not_after=on,
        not_after_name="on",
    )
    proof = _bool(data["seismic_proof"], "seismic_proof") if data.get("seismic_proof") is not None else False
    facilities = _facilities(_require(data, "facilities", "facilities"), "facilities")
    rent = _yen(data["rent"], "rent") if data.get("rent") is not None else None
    comparable = (
        _yen(data["comparable_rent"], "comparable_rent") if data.get("comparable_rent") is not None else None
    )
    unit: UnitFacts | SharedHouseFacts
    if kind == "shared_house":
        unit = _shared_house(
            _require(data, "shared_house", "shared_house"),
            facilities,
            "shared_house",
            rent,
            comparable,
            new_build,
        )
    else:
        area = _area(_require(data, "floor_area_m2", "floor_area_m2"), "floor_area_m2")
        unit = UnitFacts(area, facilities, rent, comparable, new_build)
    return BuildingFacts(started, proof, (unit,)), authority, on


AuthorityResolver = Callable[[str, date], str]
"""Maps a ward, municipality or prefecture code (and the check date) to the code of its registration
authority (登録主体) whose local plan applies; raises :class:`InputError` for a code it does not know.
The web and API layers pass :func:`sumai.places.selectors.plan_authority_code` (the rule of
``sumai places authority``, :func:`sumai.domain.jurisdiction.authority_place_code`)."""


def plan_applied(authority: str | None, resolved: str | None, rules: RuleSet) -> dict[str, object]:
    """Which plan a check applied: the national standards, merged with the local plan of the resolved
    registration authority when one is in force on ``on``."""
    local: dict[str, object] | None = None
    if resolved is not None:
        try:
            plan = params.load(LOCAL_PLAN_PREFIX + resolved, rules.on)
        except ParameterError:
            plan = None
        if plan is not None:
            local = {
                "authority_code": resolved,
                "authority_name": str(plan["plan"].get("authority_name", "")),
                "valid_from": plan.valid_from.isoformat(),
                "source": plan.source,
            }
    return {
        "authority": authority,
        "registration_authority": resolved,
        "local_plan": local,
        "sources": list(rules.sources),
    }


def check_unit_json(
    payload: Mapping[str, object], *, resolve_authority: AuthorityResolver | None = None
) -> dict[str, object]:
    """JSON entry point for the CLI and the API.

    Reads ``{"kind": "ordinary"|"shared_house", "authority"?: code, "on"?: "YYYY-MM-DD" (default today),
    "new_build"?: bool, "floor_area_m2" (ordinary), "construction_started": "YYYY-MM-DD",
    "seismic_proof"?: bool, "facilities": {facility: "private"|"shared"|"none"} (all five), "rent"?,
    "comparable_rent"?, "shared_house"?: {"residents", "total_area_m2", "rooms": [{"area_m2",
    "occupants"}], "toilets", "washbasins", "baths"}}`` and returns ``{"ok", "findings", "plan"}``,
    checking the unit and its building's earthquake resistance. Unknown keys are refused. ``authority`` (a
    municipality, ward or prefecture code with its check digit) is resolved to its registration authority
    by ``resolve_authority`` (without one, the code is taken as the authority itself); ``plan`` says which
    plan was applied. Bad input raises :class:`InputError` naming the field.
    """
    building, authority, on = parse_unit_payload(payload)
    try:
        national_rules(on)
    except ParameterError as exc:
        raise InputError("on", str(exc)) from None
    resolved = authority
    if authority is not None and resolve_authority is not None:
        resolved = resolve_authority(authority, on)
    # A malformed plan file is a deployment error, not bad input: its ParameterError propagates.
    rules = rules_in_force(resolved, on)
    out = check_building(building, on=on, rules=rules).as_dict()
    out["plan"] = plan_applied(authority, resolved, rules)
    return out
