"""Writes of the cases app. A request is stored whole or not at all, with its route; the receiving
organisation is told on its dashboard and by e-mail with the reference and a link, never the content."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from sumai.accounts.models import Organisation
from sumai.audit.services import record_event, snapshot
from sumai.cases import selectors
from sumai.cases.actions import CasesAction
from sumai.cases.models import ConsultationRequest, Desk
from sumai.core.notifications import notify
from sumai.domain import consultation as domain
from sumai.places.models import Municipality


class NoReceiver(Exception):
    """No desk, council or support corporation serves the municipality."""


@transaction.atomic
def request_create(*, data: dict[str, Any], language: str) -> ConsultationRequest:
    """Route and store a request. ``data`` is the cleaned public form. Raises :class:`NoReceiver` (nothing
    stored) when no organisation serves the municipality."""
    municipality: Municipality = data["municipality"]
    picked = data.get("corporation")
    route = domain.route(
        selectors.candidates(municipality), picked_corporation=int(picked) if picked else None
    )
    if route is None:
        raise NoReceiver(municipality.code)
    for _attempt in range(5):
        reference = domain.new_reference()
        if not ConsultationRequest.objects.filter(reference=reference).exists():
            break
    situations = sorted(set(data.get("situations") or []))
    request = ConsultationRequest(
        reference=reference,
        municipality=municipality,
        lives_there=data.get("lives_there", True),
        members=[{"age": age} for age in data["ages"]],
        situations=situations,
        leave_by=data.get("leave_by"),
        help_wanted=sorted(set(data.get("help_wanted") or [])),
        language=language,
        interpreter=bool(data.get("interpreter")),
        name=data.get("name") or "",
        contact_method=data["contact_method"],
        phone=data.get("phone") or "",
        email=data.get("email") or "",
        contact_times=data.get("contact_times") or "",
        message=data.get("message") or "",
        consent_at=timezone.now(),
        urgent=domain.is_urgent(set(situations)),
        organisation_id=route.organisation_id,
        route=route.kind.value,
        alternatives=list(route.alternatives),
        picked_corporation_id=int(picked) if picked else None,
    )
    request.full_clean(exclude=["organisation", "picked_corporation", "municipality"])
    request.save()
    record_event(
        actor=None,
        action=CasesAction.REQUEST_CREATE,
        obj=request,
        organisation=request.organisation,
        after={"reference": request.reference, "route": request.route},  # never the content
    )
    receiver = Organisation.objects.get(pk=route.organisation_id)
    with override("ja"):
        notify(
            receiver,
            _("A new consultation request: %(reference)s") % {"reference": request.reference},
            reverse("cases:request", kwargs={"pk": request.pk}),
        )
    return request


@transaction.atomic
def request_contacted(*, actor: Any, request: ConsultationRequest) -> ConsultationRequest:
    request = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != ConsultationRequest.State.NEW:
        raise ValidationError(_("The first contact was already recorded."))
    request.state = ConsultationRequest.State.CONTACTED
    request.first_contact_at = timezone.now()
    request.save(update_fields=["state", "first_contact_at"])
    record_event(
        actor=actor, action=CasesAction.REQUEST_CONTACT, obj=request, organisation=request.organisation
    )
    return request


DESK_FIELDS = ("name", "phone", "hours", "is_active")


@transaction.atomic
def desk_save(*, actor: Any, organisation: Organisation, data: dict[str, Any]) -> Desk:
    desk = Desk.objects.select_for_update().filter(organisation=organisation).first() or Desk(
        organisation=organisation
    )
    before = snapshot(desk) if desk.pk else None
    for key in DESK_FIELDS:
        if key in data:
            setattr(desk, key, data[key])
    desk.full_clean(exclude=["organisation"])
    desk.save()
    record_event(
        actor=actor,
        action=CasesAction.DESK_SAVE,
        obj=desk,
        organisation=organisation,
        before=before,
        after=snapshot(desk),
    )
    return desk
