"""Which registration standards are in force: the national baseline and the local plans (:class:`RuleSet`).

The national baseline (法10条, 規則11–13条) lives in ``params/standards_*.toml``. A registration authority's
supply-promotion plan (賃貸住宅供給促進計画) may strengthen or relax floor areas and the shared-house
formula — never earthquake resistance (seed p.4: 「耐震性等を除く基準の一部について、強化・緩和が可能」). Each
plan is one dated file ``params/local_plan_standards_<authority code>.toml``; :func:`validate_local_plan`
rejects a plan that touches earthquake resistance, and :func:`merge_local_plan` copies only the keys a plan
may change, so the national seismic rule survives even a plan that slipped past validation.

The checks that apply a :class:`RuleSet` to a unit, a shared house or a building are
:mod:`sumai.domain.standards`, which re-exports every name here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from sumai.domain import params
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.findings import Severity

NATIONAL_SET = "standards"
LOCAL_PLAN_PREFIX = "local_plan_standards_"
AUTHORITY_CODE = re.compile(r"^\d{6}$")
"""A 6-digit 全国地方公共団体コード, as a local plan's file and the ``authority`` input name it."""


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
    if not isinstance(plan, dict) or not AUTHORITY_CODE.match(str(plan.get("authority_code", ""))):
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
    if not AUTHORITY_CODE.match(authority_code):
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
