"""The JSON entry point of the registration standards (``sumai rules unit``, ``POST /api/v1/rules/unit``):
strict input, the plan applied, and the rules the registration's own check does not cover —
the 居住サポート住宅 size standards, a shared house's common rooms, the single-parent shared house and a
building whose construction start is unknown (:mod:`sumai.domain.standards_support`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from sumai.domain import params, standards_support
from sumai.domain.dates import today_in_japan
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.findings import Finding, Severity
from sumai.domain.inputs import check_within_horizon, parse_date, strict_object
from sumai.domain.jurisdiction import is_valid_lg_code
from sumai.domain.standards import (
    BuildingFacts,
    Room,
    SharedHouseFacts,
    UnitFacts,
    Verdict,
    check_building,
)
from sumai.domain.standards_rules import (
    AUTHORITY_CODE,
    LOCAL_PLAN_PREFIX,
    Facility,
    Provision,
    RuleSet,
    national_rules,
    rules_in_force,
)

__all__ = ["AuthorityResolver", "check_unit_json", "parse_unit_payload", "plan_applied"]

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
        "standard",
        "completed_on",
        "lived_in",
        "floors",
    }
)
_SHARED_HOUSE_FIELDS = frozenset(
    {"residents", "total_area_m2", "rooms", "toilets", "washbasins", "baths", "common_rooms", "single_parent"}
)
_STANDARDS = ("registration", "support_housing")
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
        raise InputError(path, "must be at most %(most)s m²", most=_MAX_AREA)
    return out


def _count(value: object, path: str, *, minimum: int = 0, maximum: int = 1_000_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(path, "must be an integer")
    if value < minimum:
        raise InputError(path, "must be at least %(least)s", least=minimum)
    if value > maximum:
        raise InputError(path, "must be at most %(most)s", most=maximum)
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
            raise InputError(
                f"{path}.{key}", "unknown facility; one of %(choices)s", choices=", ".join(Facility)
            ) from None
        if not isinstance(provision, str) or provision not in set(Provision):
            raise InputError(f"{path}.{key}", "must be one of %(choices)s", choices=", ".join(Provision))
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
    if data.get("standard") is not None and data["standard"] not in _STANDARDS:
        raise InputError("standard", "must be one of %(choices)s", choices=", ".join(_STANDARDS))
    kind = _require(data, "kind", "kind")
    if kind not in _KINDS:
        raise InputError("kind", "must be one of %(choices)s", choices=", ".join(_KINDS))
    authority: str | None = None
    if data.get("authority") is not None:
        raw_authority = data["authority"]
        if not isinstance(raw_authority, str) or not AUTHORITY_CODE.match(raw_authority):
            raise InputError("authority", "must be a 6-digit 全国地方公共団体コード")
        if not is_valid_lg_code(raw_authority):
            raise InputError("authority", "%(code)s has a wrong check digit", code=raw_authority)
        authority = raw_authority
    on = parse_date(data["on"], "on") if data.get("on") is not None else today_in_japan()
    check_within_horizon(on, "on")
    new_build = _bool(data["new_build"], "new_build") if data.get("new_build") is not None else None
    started = (
        on  # unknown: the evidence decides (see check_unit_json); the national date rule is not applied
        if data.get("construction_started") is None
        else parse_date(
            data["construction_started"], "construction_started", not_after=on, not_after_name="on"
        )
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
    if data.get("construction_started") is None:
        proof = (
            True  # the start-unknown rule replaces the date rule (standards_support.unknown_start_findings)
        )
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
        raise InputError("on", "no rules are in force on %(date)s", date=on.isoformat()) from exc
    resolved = authority
    if authority is not None and resolve_authority is not None:
        resolved = resolve_authority(authority, on)
    # A malformed plan file is a deployment error, not bad input: its ParameterError propagates.
    rules = rules_in_force(resolved, on)
    verdict = check_building(building, on=on, rules=rules)
    findings = [*verdict.findings, *_extra_findings(payload, building, on)]
    if payload.get("standard") == "support_housing":  # its own area rule replaces the registration's
        findings = [f for f in findings if not f.code.startswith("unit.floor_area.")] + _support_findings(
            payload, building, on
        )
    out = Verdict(
        not any(f.severity is Severity.ERROR for f in findings), tuple(sorted(findings, key=_order))
    ).as_dict()
    out["standard"] = payload.get("standard") or "registration"
    out["plan"] = plan_applied(authority, resolved, rules)
    return out


def _order(f: Finding) -> tuple[str, str]:
    return (f.code, str(f.value))


def _extra_findings(payload: Mapping[str, object], building: BuildingFacts, on: date) -> list[Finding]:
    """Common rooms and the single-parent shared house; a construction start that is unknown."""
    out: list[Finding] = []
    unit = building.units[0]
    raw = payload.get("shared_house")
    if isinstance(unit, SharedHouseFacts) and isinstance(raw, Mapping):
        rooms = raw.get("common_rooms")
        if rooms is not None:
            if not isinstance(rooms, list):
                raise InputError("shared_house.common_rooms", "must be a list")
            for i, room in enumerate(rooms):
                if room not in standards_support.COMMON_ROOMS:
                    raise InputError(
                        f"shared_house.common_rooms[{i}]",
                        "must be one of %(choices)s",
                        choices=", ".join(standards_support.COMMON_ROOMS),
                    )
            out.extend(standards_support.common_room_findings([str(r) for r in rooms], on=on))
        if raw.get("single_parent") is not None and _bool(raw["single_parent"], "shared_house.single_parent"):
            out.extend(standards_support.single_parent_findings(on=on))
    if payload.get("construction_started") is None:
        completed = payload.get("completed_on")
        floors = payload.get("floors")
        out.extend(
            standards_support.unknown_start_findings(
                seismic_proof=bool(payload.get("seismic_proof")),
                completed_on=None
                if completed is None
                else parse_date(completed, "completed_on", not_after=on, not_after_name="on"),
                floors=None if floors is None else _count(floors, "floors", minimum=1, maximum=200),
                on=on,
            )
        )
    return out


def _support_findings(payload: Mapping[str, object], building: BuildingFacts, on: date) -> list[Finding]:
    """The 居住サポート住宅 size standards (新築 / 既存)."""
    unit = building.units[0]
    if isinstance(unit, SharedHouseFacts):
        return standards_support.support_housing_shared_findings(
            unit.residents, unit.total_area_m2, [r.area_m2 for r in unit.rooms], on=on
        )
    completed = payload.get("completed_on")
    lived_in = payload.get("lived_in")
    existing = standards_support.is_existing(
        completed_on=None
        if completed is None
        else parse_date(completed, "completed_on", not_after=on, not_after_name="on"),
        lived_in=False if lived_in is None else _bool(lived_in, "lived_in"),
        on=on,
    )
    if completed is None and lived_in is None and unit.new_build is not None:
        existing = not unit.new_build
    shared = any(p == Provision.SHARED for p in unit.facilities.values())
    return standards_support.support_housing_area_findings(
        unit.floor_area_m2, shared_facilities=shared, existing=existing, on=on
    )
