"""What the public reads of a corporation: its profile and the description and fee of each service, its
service area and its capacity."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.audit.services import record_event, snapshot
from sumai.core.actor import Actor
from sumai.core.editlock import digest, edit_token, require_token
from sumai.domain import support as domain
from sumai.places.models import Municipality
from sumai.support.actions import SupportAction
from sumai.support.labels import GROUP_LABELS, LANGUAGE_LABELS
from sumai.support.models import ServiceArea, SupportCorporation
from sumai.support.services.common import require_member

PROFILE_FIELDS = ["description", "phone", "email", "website", "hours", "groups", "languages", "fees"]
SERVICE_FIELDS = ["description", "fee", "free_of_charge"]


def profile_token(corporation: SupportCorporation) -> str:
    """What the services form edits (the profile and each task's description and fee), as its edit token
    (:mod:`sumai.core.editlock`)."""
    per_service = [
        (service.pk, edit_token(service, SERVICE_FIELDS)) for service in corporation.services.order_by("pk")
    ]
    return digest({"profile": edit_token(corporation, PROFILE_FIELDS), "services": per_service})


def area_token(corporation: SupportCorporation) -> str:
    """The service area as the area form's edit token."""
    return digest(sorted(corporation.service_areas.values_list("municipality_id", flat=True)))


@transaction.atomic
def profile_save(
    *,
    actor: Actor,
    corporation: SupportCorporation,
    data: dict[str, Any],
    services: dict[int, dict[str, Any]] | None = None,
    edit_token: str | None = None,
) -> SupportCorporation:
    """What the public reads: description, contact, hours, groups, languages, fees, and per task its
    description and fee. ``edit_token``: the form's; refused with ``Conflict`` if someone saved since."""
    require_member(actor, corporation.organisation_id)
    corp = SupportCorporation.objects.select_for_update().get(pk=corporation.pk)
    require_token(profile_token(corp), edit_token)
    before = snapshot(corp, PROFILE_FIELDS)
    for key in PROFILE_FIELDS:
        if key in data:
            setattr(corp, key, data[key])
    bad_groups = [g for g in corp.groups if g not in GROUP_LABELS]
    if bad_groups:
        raise ValidationError({"groups": _("Unknown group: %(code)s") % {"code": bad_groups[0]}})
    bad_langs = [x for x in corp.languages if x not in LANGUAGE_LABELS]
    if bad_langs:
        raise ValidationError({"languages": _("Unknown language: %(code)s") % {"code": bad_langs[0]}})
    corp.full_clean(exclude=["organisation"])
    corp.save()
    for service in corp.services.all():
        values = (services or {}).get(service.pk)
        if not values:
            continue
        for key in SERVICE_FIELDS:
            if key in values:
                setattr(service, key, values[key])
        service.full_clean()
        service.save()
    record_event(
        actor=actor.user,
        action=SupportAction.PROFILE_SAVE,
        obj=corp,
        organisation=corp.organisation,
        before=before,
        after={**snapshot(corp, PROFILE_FIELDS), "services": sorted((services or {}).keys())},
    )
    return corp


@transaction.atomic
def area_save(
    *, actor: Actor, corporation: SupportCorporation, codes: list[str], edit_token: str | None = None
) -> list[str]:
    """Set the service area to ``codes`` (municipalities or wards), all inside the designating prefecture.
    ``edit_token``: the form's; refused with ``Conflict`` if someone saved the area since."""
    require_member(actor, corporation.organisation_id)
    SupportCorporation.objects.select_for_update().filter(pk=corporation.pk).first()
    require_token(area_token(corporation), edit_token)
    codes = sorted(set(codes))
    found = dict(Municipality.objects.filter(code__in=codes).values_list("code", "prefecture_id"))
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError(
            {"municipalities": _("Unknown municipality code: %(code)s") % {"code": unknown[0]}}
        )
    findings = domain.check_service_area(corporation.prefecture_id, found)
    if findings:
        raise ValidationError(
            {
                "municipalities": _(
                    "%(code)s is outside the designating prefecture; a corporation serves within the "
                    "prefecture that designated it."
                )
                % {"code": findings[0].value}
            }
        )
    before = sorted(corporation.service_areas.values_list("municipality_id", flat=True))
    ServiceArea.objects.filter(corporation=corporation).exclude(municipality_id__in=codes).delete()
    ServiceArea.objects.bulk_create(
        [ServiceArea(corporation=corporation, municipality_id=c) for c in codes if c not in set(before)]
    )
    record_event(
        actor=actor.user,
        action=SupportAction.AREA_SAVE,
        obj=corporation,
        organisation=corporation.organisation,
        before={"municipalities": before},
        after={"municipalities": codes},
    )
    return codes


@transaction.atomic
def capacity_save(
    *, actor: Actor, corporation: SupportCorporation, capacities: dict[int, tuple[int | None, str]]
) -> None:
    """Set how many more people each service can take now (``{service id: (available, unit)}``); every
    figure given is confirmed today. An empty figure clears it (shown as unknown)."""
    require_member(actor, corporation.organisation_id)
    today = timezone.localdate()
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for service in corporation.services.select_for_update():
        if service.pk not in capacities:
            continue
        available, unit = capacities[service.pk]
        if available is not None and available < 0:
            raise ValidationError({f"capacity_{service.pk}": _("The number cannot be negative.")})
        before[service.task] = [service.capacity_available, service.capacity_confirmed_on]
        service.capacity_available = available
        service.capacity_unit = unit.strip()[:40]
        service.capacity_confirmed_on = today if available is not None else None
        service.save(
            update_fields=["capacity_available", "capacity_unit", "capacity_confirmed_on", "updated_at"]
        )
        after[service.task] = [available, service.capacity_confirmed_on]
    record_event(
        actor=actor.user,
        action=SupportAction.CAPACITY_SAVE,
        obj=corporation,
        organisation=corporation.organisation,
        before=before,
        after=after,
    )
