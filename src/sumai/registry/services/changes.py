"""What a change notice (変更届出) changed: the accepted version of a building and its units is copied onto
the registration when the notice is opened (:func:`copy_accepted`), so that

* the reviewer sees what changed, field by field (:func:`changes_of`);
* accepting refuses only what the notice makes wrong: a finding the accepted version had already (the same
  unit, rule and value — e.g. a floor area below a minimum that came after the unit was registered) was
  accepted with it and does not block, so a rent cut is never blocked by a rule that came later
  (:func:`accepted_objects`, used by ``documents.change_check``);
* refusing the change puts the accepted version back (:func:`restore_accepted`).

Vacancy, the registration's own columns and timestamps are not part of the copy: vacancy is a confirmation,
published at once, never reviewed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, cast

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from sumai.core.formats import join_list
from sumai.registry.models import Building, Registration, Unit

_BUILDING_SKIP = {"id", "operator", "authority_code", "lat", "lon", "created_at", "updated_at"}
_UNIT_SKIP = {
    "id",
    "building",
    "status",
    "registration_number",
    "registered_on",
    "vacancy",
    "vacancy_confirmed_at",
    "created_at",
    "updated_at",
}
BUILDING_FIELDS = [f for f in Building._meta.concrete_fields if f.name not in _BUILDING_SKIP]
UNIT_FIELDS = [f for f in Unit._meta.concrete_fields if f.name not in _UNIT_SKIP]


def _values(obj: models.Model, fields: list[Any]) -> dict[str, Any]:
    """The fields' values as JSON keeps them (dates ISO, decimals as text, None as null)."""
    values = {f.attname: f.value_from_object(obj) for f in fields}
    return cast(dict[str, Any], json.loads(json.dumps(values, cls=DjangoJSONEncoder)))


def snapshot(building: Building) -> dict[str, Any]:
    """The building and its units as JSON: ``{"building": {...}, "units": {"<id>": {...}}}``."""
    return {
        "building": _values(building, BUILDING_FIELDS),
        "units": {str(u.pk): _values(u, UNIT_FIELDS) for u in building.units.order_by("pk")},
    }


def copy_accepted(registration: Registration) -> None:
    """Keep the accepted version on the registration (called when a change notice is opened)."""
    registration.accepted_copy = snapshot(registration.building)
    registration.save(update_fields=["accepted_copy"])


@dataclass(frozen=True)
class Change:
    where: str  # "" for the building, else the unit's number
    field: str  # the field's label
    before: str
    after: str


def _shown(field: Any, value: Any) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, list):
        return join_list(str(v) for v in value)
    if isinstance(value, dict):
        return join_list(f"{k}: {v}" for k, v in value.items())
    choices = dict(field.flatchoices) if field.choices else {}
    return str(choices.get(value, choices.get(field.to_python(value), value)))


def changes_of(registration: Registration) -> list[Change]:
    """The changes of the open notice, field by field, for the review page ([] without a copy)."""
    copy = registration.accepted_copy
    if not copy:
        return []
    now = snapshot(registration.building)
    out: list[Change] = []
    for f in BUILDING_FIELDS:
        before, after = copy["building"].get(f.attname), now["building"][f.attname]
        if before != after:
            out.append(Change("", str(f.verbose_name), _shown(f, before), _shown(f, after)))
    units_before: dict[str, dict[str, Any]] = copy.get("units", {})
    for pk, values in now["units"].items():
        old = units_before.get(pk)
        for f in UNIT_FIELDS:
            before = old.get(f.attname) if old else None
            if before != values[f.attname]:
                out.append(
                    Change(
                        values["number"], str(f.verbose_name), _shown(f, before), _shown(f, values[f.attname])
                    )
                )
    for pk, values in units_before.items():
        if pk not in now["units"]:
            out.append(Change(values["number"], "", values["number"], "—"))
    return out


def accepted_objects(registration: Registration) -> tuple[Building, list[Unit]] | None:
    """The accepted version as unsaved objects (for checking it as it was), or None without a copy."""
    copy = registration.accepted_copy
    if not copy:
        return None
    current = registration.building
    building = Building(
        pk=current.pk,
        operator_id=current.operator_id,
        authority_code=current.authority_code,
        lat=current.lat,
        lon=current.lon,
    )
    for f in BUILDING_FIELDS:
        setattr(
            building, f.attname, f.to_python(copy["building"].get(f.attname, getattr(current, f.attname)))
        )
    units = []
    for pk, values in copy.get("units", {}).items():
        unit = Unit(pk=int(pk), building_id=current.pk)
        for f in UNIT_FIELDS:
            setattr(unit, f.attname, f.to_python(values.get(f.attname, f.get_default())))
        units.append(unit)
    return building, units


def restore_accepted(registration: Registration) -> None:
    """Put the accepted version back: the building's fields, the units as they were (those the notice added
    are removed, those it removed come back with their ids)."""
    copy = registration.accepted_copy
    if not copy:
        return
    building = registration.building
    for f in BUILDING_FIELDS:  # a field added since the copy keeps its value
        setattr(
            building, f.attname, f.to_python(copy["building"].get(f.attname, getattr(building, f.attname)))
        )
    building.save()
    kept: dict[str, dict[str, Any]] = copy.get("units", {})
    Unit.objects.filter(building=building).exclude(pk__in=[int(pk) for pk in kept]).delete()
    existing = {u.pk: u for u in Unit.objects.filter(building=building)}
    for pk, values in kept.items():
        unit = existing.get(int(pk)) or Unit(pk=int(pk), building=building)
        for f in UNIT_FIELDS:
            setattr(unit, f.attname, f.to_python(values.get(f.attname, f.get_default())))
        unit.save()
