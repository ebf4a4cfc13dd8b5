"""Registration standards (登録基準) for セーフティネット住宅: unit, shared house and building.

The national baseline (法10条, 規則11–13条) lives in ``params/standards_*.toml``. A registration authority's
supply-promotion plan (賃貸住宅供給促進計画) may strengthen or relax floor areas and the shared-house
formula — never earthquake resistance (seed p.4: 「耐震性等を除く基準の一部について、強化・緩和が可能」). Each
plan is one dated file ``params/local_plan_standards_<authority code>.toml``; :func:`validate_local_plan`
rejects a plan that touches earthquake resistance, and :func:`merge_local_plan` copies only the keys a plan
may change, so the national seismic rule survives even a plan that slipped past validation.

Every check lists *every* finding; a verdict is ``ok`` iff no finding is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from sumai.domain import params
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.findings import Finding, Severity

NATIONAL_SET = "standards"
LOCAL_PLAN_PREFIX = "local_plan_standards_"
_AUTHORITY_CODE = re.compile(r"^\d{6}$")


class Facility(StrEnum):
    """A facility every dwelling needs (台所, 水洗便所, 収納設備, 洗面設備, 浴室又はシャワー室)."""

    KITCHEN = "kitchen"
    TOILET = "toilet"
    STORAGE = "storage"
    WASHBASIN = "washbasin"
    BATH = "bath"


class Provision(StrEnum):
    """Where a facility is: in the unit (専用), in the common area (共用), or missing."""

    PRIVATE = "private"
    SHARED = "shared"
    NONE = "none"


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


# ---------------------------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The standards in force for one authority on one date: national baseline merged with its plan."""

    on: date
    authority: str | None
    sources: tuple[str, ...]
    unit_min_area_m2: Decimal
    unit_min_area_shared_m2: Decimal
    existing_min_area_m2: Decimal
    existing_min_area_shared_m2: Decimal
    required_facilities: frozenset[Facility]
    shareable_facilities: frozenset[Facility]
    shared_house_per_resident_m2: Decimal
    shared_house_base_m2: Decimal
    shared_house_min_residents: int
    shared_house_min_room_m2: Decimal
    shared_house_max_occupants_per_room: int
    shared_house_required_facilities: frozenset[Facility]
    shared_house_residents_per_facility: int
    seismic_new_code_from: date
    rent_above_comparable_severity: Severity
    refs: Mapping[str, str] = field(default_factory=dict)

    def unit_minimum(self, *, shared: bool, new_build: bool | None) -> Decimal:
        """The minimum floor area of an ordinary unit; unknown ``new_build`` takes the stricter figure."""
        new = self.unit_min_area_shared_m2 if shared else self.unit_min_area_m2
        existing = self.existing_min_area_shared_m2 if shared else self.existing_min_area_m2
        if new_build is None:
            return max(new, existing)
        return new if new_build else existing

    def shared_house_minimum(self, residents: int) -> Decimal:
        """15 m² × N + 10 m² nationally (plans may change both numbers)."""
        return self.shared_house_per_resident_m2 * residents + self.shared_house_base_m2

    def ref(self, key: str) -> str:
        return self.refs.get(key, key)


# Keys a local plan may set, as (table path, key) -> RuleSet field.
_PLAN_KEYS: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {
    ("unit",): {
        "min_floor_area_m2": ("unit_min_area_m2", "existing_min_area_m2"),
        "min_floor_area_shared_m2": ("unit_min_area_shared_m2", "existing_min_area_shared_m2"),
    },
    ("unit", "new_build"): {
        "min_floor_area_m2": ("unit_min_area_m2",),
        "min_floor_area_shared_m2": ("unit_min_area_shared_m2",),
    },
    ("unit", "existing"): {
        "min_floor_area_m2": ("existing_min_area_m2",),
        "min_floor_area_shared_m2": ("existing_min_area_shared_m2",),
    },
    ("shared_house",): {
        "per_resident_m2": ("shared_house_per_resident_m2",),
        "base_m2": ("shared_house_base_m2",),
        "min_room_m2": ("shared_house_min_room_m2",),
        "residents_per_facility": ("shared_house_residents_per_facility",),
    },
}
_INT_FIELDS = frozenset({"shared_house_residents_per_facility"})
_SEISMIC_WORDS = ("seismic", "earthquake", "耐震")


def _decimal_param(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ParameterError(f"{where}: expected a number, got {value!r}")
    try:
        out = Decimal(str(value))
    except InvalidOperation as exc:
        raise ParameterError(f"{where}: not a number: {value!r}") from exc
    if not out.is_finite() or out < 0:
        raise ParameterError(f"{where}: must be a finite non-negative number")
    return out


def _int_param(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParameterError(f"{where}: expected a positive integer, got {value!r}")
    return value


def _facilities_param(value: object, where: str) -> frozenset[Facility]:
    if not isinstance(value, list):
        raise ParameterError(f"{where}: expected a list of facility codes")
    try:
        return frozenset(Facility(str(v)) for v in value)
    except ValueError as exc:
        raise ParameterError(f"{where}: {exc}") from exc


def national_rules(on: date) -> RuleSet:
    """The national baseline in force on ``on``."""
    pset = params.load(NATIONAL_SET, on)
    where = pset.path.name
    unit, sh, seismic, rent = pset["unit"], pset["shared_house"], pset["seismic"], pset["rent"]
    new_code_from = seismic["new_code_from"]
    if not isinstance(new_code_from, date):
        raise ParameterError(f"{where}: seismic.new_code_from must be a TOML date")
    area = _decimal_param(unit["min_floor_area_m2"], f"{where}: unit.min_floor_area_m2")
    area_shared = _decimal_param(unit["min_floor_area_shared_m2"], f"{where}: unit.min_floor_area_shared_m2")
    return RuleSet(
        on=on,
        authority=None,
        sources=(f"{pset.path.name}: {pset.source}",),
        unit_min_area_m2=area,
        unit_min_area_shared_m2=area_shared,
        existing_min_area_m2=area,
        existing_min_area_shared_m2=area_shared,
        required_facilities=_facilities_param(
            unit["required_facilities"], f"{where}: unit.required_facilities"
        ),
        shareable_facilities=_facilities_param(
            unit["shareable_facilities"], f"{where}: unit.shareable_facilities"
        ),
        shared_house_per_resident_m2=_decimal_param(sh["per_resident_m2"], f"{where}: per_resident_m2"),
        shared_house_base_m2=_decimal_param(sh["base_m2"], f"{where}: base_m2"),
        shared_house_min_residents=_int_param(sh["min_residents"], f"{where}: min_residents"),
        shared_house_min_room_m2=_decimal_param(sh["min_room_m2"], f"{where}: min_room_m2"),
        shared_house_max_occupants_per_room=_int_param(sh["max_occupants_per_room"], f"{where}: occupants"),
        shared_house_required_facilities=_facilities_param(
            sh["required_facilities"], f"{where}: shared_house.required_facilities"
        ),
        shared_house_residents_per_facility=_int_param(
            sh["residents_per_facility"], f"{where}: per facility"
        ),
        seismic_new_code_from=new_code_from,
        rent_above_comparable_severity=Severity(str(rent["above_comparable_severity"])),
        refs={str(k): str(v) for k, v in pset["refs"].items()},
    )


def _walk(table: Mapping[str, Any], path: tuple[str, ...] = ()) -> Iterable[tuple[tuple[str, ...], Any]]:
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _walk(value, (*path, str(key)))
        else:
            yield (*path, str(key)), value


def validate_local_plan(pset: params.ParameterSet) -> None:
    """Reject a plan file that is malformed, sets an unknown key, or tries to touch earthquake resistance.

    Raises :class:`ParameterError`. Earthquake resistance (耐震性) may never be relaxed by a plan (seed p.4).
    """
    where = pset.path.name
    plan = pset.data.get("plan")
    if not isinstance(plan, dict) or not _AUTHORITY_CODE.match(str(plan.get("authority_code", ""))):
        raise ParameterError(f"{where}: [plan] needs authority_code, a 6-digit 全国地方公共団体コード")
    if pset.name != LOCAL_PLAN_PREFIX + str(plan["authority_code"]):
        raise ParameterError(f"{where}: meta.name must be {LOCAL_PLAN_PREFIX}{plan['authority_code']}")
    for path, value in _walk({k: v for k, v in pset.data.items() if k not in ("meta", "plan")}):
        dotted = ".".join(path)
        if any(word in dotted.lower() for word in _SEISMIC_WORDS):
            raise ParameterError(
                f"{where}: {dotted}: a local plan may not change earthquake resistance (耐震性)"
            )
        if path[-1] not in _PLAN_KEYS.get(path[:-1], {}):
            raise ParameterError(f"{where}: {dotted}: not a standard a local plan may change")
        if path[-1] == "residents_per_facility":
            _int_param(value, f"{where}: {dotted}")
        else:
            _decimal_param(value, f"{where}: {dotted}")


def merge_local_plan(national: RuleSet, pset: params.ParameterSet) -> RuleSet:
    """The national rules with the plan's permitted keys applied. Anything else in the plan — above all
    earthquake resistance — is ignored, whatever the file says."""
    changes: dict[str, Any] = {}
    # Generic tables first, then the new-build / existing overrides, so that the specific one wins.
    for table_path in sorted(_PLAN_KEYS, key=len):
        table: Any = pset.data
        for part in table_path:
            table = table.get(part) if isinstance(table, dict) else None
        if not isinstance(table, dict):
            continue
        for key, targets in _PLAN_KEYS[table_path].items():
            if key not in table:
                continue
            where = f"{pset.path.name}: {'.'.join((*table_path, key))}"
            for target in targets:
                changes[target] = (
                    _int_param(table[key], where)
                    if target in _INT_FIELDS
                    else _decimal_param(table[key], where)
                )
    authority = str(pset.data.get("plan", {}).get("authority_code", "")) or None
    return replace(
        national,
        authority=authority,
        sources=(*national.sources, f"{pset.path.name}: {pset.source}"),
        **changes,
    )


def rules_in_force(authority_code: str | None, on: date) -> RuleSet:
    """The standards for ``authority_code`` (6-digit 全国地方公共団体コード, or ``None`` for national only)
    on ``on``: the national baseline merged with the authority's plan in force then, if any."""
    rules = national_rules(on)
    if authority_code is None:
        return rules
    if not _AUTHORITY_CODE.match(authority_code):
        raise InputError("authority", "must be a 6-digit 全国地方公共団体コード")
    try:
        plan = params.load(LOCAL_PLAN_PREFIX + authority_code, on)
    except ParameterError:
        return replace(rules, authority=authority_code)
    validate_local_plan(plan)
    return merge_local_plan(rules, plan)


def local_plan_authorities() -> tuple[str, ...]:
    """Authority codes that have at least one local plan file."""
    names = {p.name for p in params.all_sets() if p.name.startswith(LOCAL_PLAN_PREFIX)}
    return tuple(sorted(n.removeprefix(LOCAL_PLAN_PREFIX) for n in names))


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


def _mapping(value: object, path: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise InputError(path, "must be an object")
    for key in value:
        if not isinstance(key, str):
            raise InputError(path, "keys must be strings")
    return value


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


def _date(value: object, path: str) -> date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise InputError(path, "must be a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(path, "is not a real date") from None


def _facilities(value: object, path: str) -> dict[Facility, Provision]:
    raw = _mapping(value, path)
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
    raw = _mapping(value, path)
    rooms_raw = _require(raw, "rooms", f"{path}.rooms")
    if not isinstance(rooms_raw, list):
        raise InputError(f"{path}.rooms", "must be a list")
    rooms: list[Room] = []
    for i, room_raw in enumerate(rooms_raw):
        room_path = f"{path}.rooms[{i}]"
        room = _mapping(room_raw, room_path)
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
    data = _mapping(payload, "payload")
    kind = _require(data, "kind", "kind")
    if kind not in _KINDS:
        raise InputError("kind", f"must be one of {', '.join(_KINDS)}")
    authority: str | None = None
    if data.get("authority") is not None:
        raw_authority = data["authority"]
        if not isinstance(raw_authority, str) or not _AUTHORITY_CODE.match(raw_authority):
            raise InputError("authority", "must be a 6-digit 全国地方公共団体コード")
        authority = raw_authority
    on = _date(data["on"], "on") if data.get("on") is not None else date.today()
    new_build = _bool(data["new_build"], "new_build") if data.get("new_build") is not None else None
    started = _date(_require(data, "construction_started", "construction_started"), "construction_started")
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


def check_unit_json(payload: Mapping[str, object]) -> dict[str, object]:
    """JSON entry point for the CLI and the API.

    Reads ``{"kind": "ordinary"|"shared_house", "authority"?: code, "on"?: "YYYY-MM-DD" (default today),
    "new_build"?: bool, "floor_area_m2" (ordinary), "construction_started": "YYYY-MM-DD",
    "seismic_proof"?: bool, "facilities": {facility: "private"|"shared"|"none"} (all five), "rent"?,
    "comparable_rent"?, "shared_house"?: {"residents", "total_area_m2", "rooms": [{"area_m2",
    "occupants"}], "toilets", "washbasins", "baths"}}`` and returns ``{"ok", "findings"}``, checking the
    unit and its building's earthquake resistance. Bad input raises :class:`InputError` naming the field.
    """
    building, authority, on = parse_unit_payload(payload)
    try:
        national_rules(on)
    except ParameterError as exc:
        raise InputError("on", str(exc)) from None
    # A malformed plan file is a deployment error, not bad input: its ParameterError propagates.
    return check_building(building, on=on, rules=rules_in_force(authority, on)).as_dict()
