"""Buildings and units: create, update and delete them while the registration may be edited, and place a
building (its registration authority and a map position)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sumai.accounts.models import Organisation
from sumai.audit.services import record_event, snapshot
from sumai.core.actor import Actor
from sumai.core.editlock import require_unchanged
from sumai.places.models import Municipality
from sumai.places.selectors import registration_authority
from sumai.registry.actions import RegistryAction
from sumai.registry.fields import BUILDING, UNIT
from sumai.registry.models import (
    Building,
    Registration,
    Unit,
)
from sumai.registry.services.common import (
    applicant_kind,
    require_editable,
)

# What the building and unit services write: the model fields of sumai.registry.fields.
BUILDING_FIELDS = BUILDING.model_fields
UNIT_FIELDS = UNIT.model_fields


def _place_building(building: Building, registration: Registration | None = None) -> None:
    """Set the authority from the municipality, and a map position from the municipal office if none.

    Once a registration has left the draft (submitted, under review, registered, in a change notice …) its
    authority is fixed: a municipality under another authority is refused, naming the field. Moving within
    the same authority (a wrong ward or town corrected) stays allowed and is reviewed like any other edit.
    """
    authority = registration_authority(building.municipality_id)
    if (
        registration is not None
        and registration.state != Registration.State.DRAFT
        and authority.code != registration.authority_code
    ):
        raise ValidationError(
            {
                "municipality_code": _(
                    "Municipality: %(municipality)s is under another registration authority (%(authority)s). "
                    "A building cannot move to another authority once its application has been submitted; "
                    "withdraw this registration and apply to that authority instead."
                )
                % {
                    "municipality": getattr(building.municipality, "name", building.municipality_id),
                    "authority": authority.name,
                }
            }
        )
    building.authority_code = authority.code
    if building.lat is None or building.lon is None:
        m = Municipality.objects.only("lat", "lon", "parent").get(pk=building.municipality_id)
        building.lat, building.lon = m.lat, m.lon


@transaction.atomic
def building_create(
    *, actor: Actor, operator: Organisation, data: dict[str, Any], units: list[dict[str, Any]] | None = None
) -> Building:
    applicant_kind(actor, operator)
    building = Building(operator=operator, **{k: v for k, v in data.items() if k in BUILDING_FIELDS})
    _place_building(building)
    building.full_clean()
    building.save()
    Registration.objects.create(building=building, authority_code=building.authority_code)
    for unit_data in units or []:
        Unit.objects.create(building=building, **{k: v for k, v in unit_data.items() if k in UNIT_FIELDS})
    record_event(
        actor=actor.user,
        action=RegistryAction.BUILDING_CREATE,
        obj=building,
        organisation=operator,
        after=snapshot(building),
    )
    return building


@transaction.atomic
def building_update(
    *, actor: Actor, building: Building, data: dict[str, Any], edit_token: str | None = None
) -> Building:
    """Save the building's fields; ``edit_token`` (the edit form's, :mod:`sumai.core.editlock`) refuses
    the save with ``Conflict`` when someone else saved one of them since the form was shown."""
    applicant_kind(actor, building.operator)
    building = require_unchanged(building, BUILDING_FIELDS, edit_token)
    require_editable(building.registration)
    before = snapshot(building)
    for key, value in data.items():
        if key in BUILDING_FIELDS:
            setattr(building, key, value)
    _place_building(building, building.registration)
    building.full_clean()
    building.save()
    Registration.objects.filter(pk=building.registration.pk).update(authority_code=building.authority_code)
    record_event(
        actor=actor.user,
        action=RegistryAction.BUILDING_UPDATE,
        obj=building,
        organisation=building.operator,
        before=before,
        after=snapshot(building),
    )
    return building


@transaction.atomic
def unit_save(
    *,
    actor: Actor,
    building: Building,
    data: dict[str, Any],
    unit: Unit | None = None,
    edit_token: str | None = None,
) -> Unit:
    """Create or save a unit; ``edit_token`` as for :func:`building_update`."""
    applicant_kind(actor, building.operator)
    if unit is not None:
        unit = require_unchanged(unit, UNIT_FIELDS, edit_token)
    require_editable(building.registration)
    before = snapshot(unit) if unit else None
    unit = unit or Unit(building=building)
    for key, value in data.items():
        if key in UNIT_FIELDS:
            setattr(unit, key, value)
    unit.full_clean()
    unit.save()
    record_event(
        actor=actor.user,
        action=RegistryAction.UNIT_UPDATE if before else RegistryAction.UNIT_CREATE,
        obj=unit,
        organisation=building.operator,
        before=before,
        after=snapshot(unit),
    )
    return unit


@transaction.atomic
def unit_delete(*, actor: Actor, unit: Unit) -> None:
    applicant_kind(actor, unit.building.operator)
    require_editable(unit.building.registration)
    before = snapshot(unit)
    record_event(
        actor=actor.user,
        action=RegistryAction.UNIT_DELETE,
        obj=unit,
        organisation=unit.building.operator,
        before=before,
    )
    unit.delete()
