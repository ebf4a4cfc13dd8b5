"""The registration workflow, the applicant's side: :func:`transition` (the kernel's workflow engine on the
domain's state table), submit, recall, change notice (変更届出) and withdrawal. The authority's side is in
:mod:`.review`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.accounts.models import User
from sumai.core.actor import Actor
from sumai.core.notifications import notify
from sumai.core.workflow import advance
from sumai.domain import workflow
from sumai.registry import events
from sumai.registry.actions import RegistryAction
from sumai.registry.models import (
    Registration,
    ReviewNote,
    Unit,
)
from sumai.registry.services import changes
from sumai.registry.services.common import (
    SubmissionBlocked,
    applicant_kind,
    authority_org,
)
from sumai.registry.services.documents import standards_check

UNIT_STATUS = {
    "draft": "draft",
    "submitted": "submitted",
    "changes_requested": "changes_requested",
    "registered": "registered",
    "change_notified": "registered",
    "rejected": "rejected",
    "withdrawn": "withdrawn",
    "struck_off": "struck_off",
}


def conflict_text() -> str:
    """What a step answers when someone else changed the registration since the page was read."""
    return _("Someone else changed this registration a moment ago. Reload the page to see it.")


def transition(
    *,
    actor: Actor,
    registration: Registration,
    action: workflow.Action,
    actor_kind: workflow.ActorKind,
    version: int,
    **updates: Any,
) -> Registration:
    """Move the registration along the domain's state table (the kernel's workflow engine: optimistic
    locking, one audit event), then the units' public status and the search index with it."""
    step = advance(
        registration,
        table=workflow.REGISTRATION,
        action=action,
        actor=actor,
        actor_kind=actor_kind,
        version=version,
        audit_action=RegistryAction(f"registration.{action.value}"),
        organisation=registration.building.operator,
        updates=updates,
        audit_fields=("registration_number", "registered_on"),
        conflict_message=conflict_text(),
    )
    current: Registration = step.obj
    Unit.objects.filter(building_id=current.building_id, included=True).update(
        status=UNIT_STATUS[step.after],
        registration_number=current.registration_number,
        registered_on=current.registered_on,
    )
    events.send_registration_changed([current.building_id])  # the public sees what is registered, at once
    return current


@transaction.atomic
def registration_submit(
    *, actor: Actor, registration: Registration, version: int, note: str = ""
) -> Registration:
    building = registration.building
    kind = applicant_kind(actor, building.operator)
    result = standards_check(building)
    if not result.ok:
        raise SubmissionBlocked(result)
    reg = transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.SUBMIT,
        actor_kind=kind,
        version=version,
        findings=result.as_json(),
        submitted_at=timezone.now(),
        warnings_acknowledged_by=None,
    )
    if note:
        ReviewNote.objects.create(
            registration=reg, author=actor.user, organisation=building.operator, action="submit", text=note
        )
    link = reverse("registry:review", kwargs={"pk": reg.pk})
    notify(
        authority_org(reg.authority_code),
        _("New application to review: %(name)s (%(address)s)")
        % {"name": building.name, "address": building.address},
        link,
    )
    return reg


@transaction.atomic
def registration_recall(*, actor: Actor, registration: Registration, version: int) -> Registration:
    kind = applicant_kind(actor, registration.building.operator)
    return transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.RECALL,
        actor_kind=kind,
        version=version,
    )


@transaction.atomic
def registration_notify_change(
    *, actor: Actor, registration: Registration, version: int, text: str
) -> Registration:
    """変更届出 (within a month of the change, S2): the landlord says what changes, edits the building and
    units, and the authority accepts the change."""
    kind = applicant_kind(actor, registration.building.operator)
    if not text.strip():
        raise ValidationError({"text": _("Say what changes.")})
    reg = transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.NOTIFY_CHANGE,
        actor_kind=kind,
        version=version,
        submitted_at=timezone.now(),
    )
    changes.copy_accepted(reg)
    ReviewNote.objects.create(
        registration=reg,
        author=actor.user if isinstance(actor.user, User) else None,
        organisation=reg.building.operator,
        action="notify_change",
        text=text.strip(),
    )
    notify(
        authority_org(reg.authority_code),
        _("Change notice for %(name)s: %(text)s") % {"name": reg.building.name, "text": text.strip()[:150]},
        reverse("registry:review", kwargs={"pk": reg.pk}),
    )
    return reg


@transaction.atomic
def registration_withdraw(
    *, actor: Actor, registration: Registration, version: int, comment: str = ""
) -> Registration:
    kind = applicant_kind(actor, registration.building.operator)
    reg = transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.WITHDRAW,
        actor_kind=kind,
        version=version,
    )
    ReviewNote.objects.create(
        registration=reg,
        author=actor.user,
        organisation=registration.building.operator,
        action="withdraw",
        text=comment.strip(),
    )
    notify(
        authority_org(reg.authority_code),
        _("%(name)s: the landlord withdrew the registration.") % {"name": reg.building.name},
        reverse("registry:review", kwargs={"pk": reg.pk}),
    )
    return reg
