"""The registration authority's review and supervision: request changes, register with a number, reject,
accept a change notice, strike off (each with coded reasons from :mod:`sumai.domain.reasons`), and
instructions (指示)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sumai.audit.services import record_event
from sumai.core.actor import Actor
from sumai.core.errors import Conflict
from sumai.core.notifications import notify
from sumai.domain import reasons, workflow
from sumai.registry.actions import RegistryAction
from sumai.registry.models import (
    Registration,
    RegistrationCounter,
    ReviewNote,
)
from sumai.registry.services import changes
from sumai.registry.services.common import (
    SubmissionBlocked,
    authority_org,
    require_reviewer,
)
from sumai.registry.services.documents import change_check, standards_check
from sumai.registry.services.registration import conflict_text, transition

# The words for the domain's coded reasons (sumai.domain.reasons holds the codes and their articles); a code
# without words fails at start-up.
_REASON_WORDS = {
    "standards": gettext_lazy("Does not meet the registration standards (法10条4項)"),
    "disqualified": gettext_lazy("The applicant is disqualified (法11条2項)"),
    "false_statement": gettext_lazy("False statement in the application"),
    "duplicate": gettext_lazy("Duplicate application"),
    "refused_tenants": gettext_lazy("Refused tenants it had said it would accept (基本方針)"),
    "no_longer_meets_standards": gettext_lazy("No longer meets the registration standards"),
    "instruction_ignored": gettext_lazy("Did not follow an instruction"),
    "withdrawn": gettext_lazy("Withdrawal notified by the landlord (法14条)"),
}
REJECTION_REASONS = {r.code: _REASON_WORDS[r.code] for r in reasons.REGISTRATION_REJECTION}
STRIKE_OFF_REASONS = {r.code: _REASON_WORDS[r.code] for r in reasons.REGISTRATION_STRIKE_OFF}


def _authority_note(
    actor: Actor,
    registration: Registration,
    *,
    action: str,
    text: str = "",
    reason_code: str = "",
    message: str | None = None,
) -> ReviewNote:
    """The authority's step on the thread of ``registration`` (a review note), and the landlord told on its
    dashboard and by e-mail when ``message`` is given."""
    note = ReviewNote.objects.create(
        registration=registration,
        author=actor.user,
        organisation=authority_org(registration.authority_code),
        action=action,
        reason_code=reason_code,
        text=text,
    )
    if message is not None:
        notify(
            registration.building.operator,
            message,
            reverse("registry:building", kwargs={"pk": registration.building_id}),
        )
    return note


@transaction.atomic
def review_request_changes(
    *, actor: Actor, registration: Registration, version: int, comment: str
) -> Registration:
    require_reviewer(actor, registration)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the landlord must change.")})
    reg = transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.REQUEST_CHANGES,
        actor_kind=workflow.ActorKind.AUTHORITY,
        version=version,
    )
    _authority_note(
        actor,
        reg,
        action="request_changes",
        text=comment.strip(),
        message=_("Changes requested for %(name)s: %(comment)s")
        % {"name": reg.building.name, "comment": comment.strip()[:150]},
    )
    return reg


def _next_number(authority_code: str, year: int) -> str:
    """The next registration number of ``authority_code`` in ``year``; call inside the transaction that
    registers. The authority's counter row is locked until that transaction ends, so concurrent
    registrations wait for each other and take consecutive numbers (on SQLite writers are serialised by
    ``BEGIN IMMEDIATE``). A counter is created on first use from the highest number already given."""
    prefix = f"{authority_code}-{year}-"
    counter = RegistrationCounter.objects.select_for_update().filter(authority_code=authority_code, year=year)
    row = counter.first()
    if row is None:
        last = (
            Registration.objects.filter(registration_number__startswith=prefix)
            .order_by("-registration_number")
            .values_list("registration_number", flat=True)
            .first()
        )
        try:
            with transaction.atomic():
                row = RegistrationCounter.objects.create(
                    authority_code=authority_code, year=year, last=int(last.rsplit("-", 1)[1]) if last else 0
                )
        except IntegrityError:  # another registration created it a moment ago: wait for its lock
            row = counter.get()
    row.last += 1
    row.save(update_fields=["last"])
    return f"{prefix}{row.last:05d}"


@transaction.atomic
def review_register(
    *, actor: Actor, registration: Registration, version: int, acknowledge_warnings: bool = False
) -> Registration:
    """Register (法10条): give a number and a date. Warnings (e.g. an acceptance range that may restrict
    unduly) must be acknowledged by the reviewer first; errors block registration."""
    require_reviewer(actor, registration)
    result = standards_check(registration.building)
    if not result.ok:
        raise SubmissionBlocked(result)
    if result.warnings and not acknowledge_warnings:
        raise ValidationError(
            {"acknowledge_warnings": _("Confirm that you have checked the warnings before registering.")}
        )
    today = timezone.localdate()
    reg = transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.REGISTER,
        actor_kind=workflow.ActorKind.AUTHORITY,
        version=version,
        registration_number=registration.registration_number
        or _next_number(registration.authority_code, today.year),
        registered_on=today,
        findings=result.as_json(),
        warnings_acknowledged_by=actor.user if result.warnings else None,
    )
    _authority_note(
        actor,
        reg,
        action="register",
        message=_("%(name)s is registered as safety-net housing (No. %(number)s).")
        % {"name": reg.building.name, "number": reg.registration_number},
    )
    return reg


def _authority_decision_with_reason(
    *,
    actor: Actor,
    registration: Registration,
    version: int,
    action: workflow.Action,
    labels: dict[str, Any],
    reason_code: str,
    comment: str,
    message: str,
) -> Registration:
    """A reviewer's decision that needs a coded reason (reject, strike off): check, move, note, notify."""
    require_reviewer(actor, registration)
    if reason_code not in labels:
        raise ValidationError({"reason_code": _("Choose a reason.")})
    reg = transition(
        actor=actor,
        registration=registration,
        action=action,
        actor_kind=workflow.ActorKind.AUTHORITY,
        version=version,
    )
    _authority_note(
        actor,
        reg,
        action=action.value,
        reason_code=reason_code,
        text=comment.strip(),
        message=message % {"name": reg.building.name},
    )
    return reg


@transaction.atomic
def review_reject(
    *, actor: Actor, registration: Registration, version: int, reason_code: str, comment: str
) -> Registration:
    """不適合 (法10条4項) or 欠格 (法11条2項), with a coded reason."""
    return _authority_decision_with_reason(
        actor=actor,
        registration=registration,
        version=version,
        action=workflow.Action.REJECT,
        labels=REJECTION_REASONS,
        reason_code=reason_code,
        comment=comment,
        message=_("The application for %(name)s was not accepted."),
    )


@transaction.atomic
def review_accept_change(*, actor: Actor, registration: Registration, version: int) -> Registration:
    """Accept a change notice: the registry is updated with the building as it now stands. Only what the
    notice changed must meet today's standards (:func:`~sumai.registry.services.documents.change_check`)."""
    require_reviewer(actor, registration)
    result = change_check(registration)
    if not result.ok:
        raise SubmissionBlocked(result)
    reg = transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.ACCEPT_CHANGE,
        actor_kind=workflow.ActorKind.AUTHORITY,
        version=version,
        findings=result.as_json(),
        accepted_copy=None,
    )
    _authority_note(
        actor,
        reg,
        action="accept_change",
        message=_("The change notice for %(name)s was accepted.") % {"name": reg.building.name},
    )
    return reg


def _reason(comment: str) -> str:
    text = comment.strip()
    if not text:
        raise ValidationError({"comment": _("Say why, for the landlord.")})
    return text


@transaction.atomic
def review_reject_change(
    *, actor: Actor, registration: Registration, version: int, comment: str
) -> Registration:
    """The change cannot be accepted: the building and its units go back to the accepted version and the
    registration stays registered; the landlord is told why."""
    require_reviewer(actor, registration)
    text = _reason(comment)
    changes.restore_accepted(registration)
    reg = transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.REJECT_CHANGE,
        actor_kind=workflow.ActorKind.AUTHORITY,
        version=version,
        accepted_copy=None,
    )
    _authority_note(
        actor,
        reg,
        action="reject_change",
        text=text,
        message=_("The change notice for %(name)s was not accepted; the registration stays as it was.")
        % {"name": reg.building.name},
    )
    return reg


@transaction.atomic
def review_return_change(
    *, actor: Actor, registration: Registration, version: int, comment: str
) -> ReviewNote:
    """Ask the landlord to correct the change notice: it stays open (the landlord edits and the reviewer
    decides later); the request is on the thread and in the landlord's notices."""
    require_reviewer(actor, registration)
    text = _reason(comment)
    if registration.state != Registration.State.CHANGE_NOTIFIED or registration.version != version:
        raise Conflict(conflict_text())
    record_event(
        actor=actor.user,
        action=RegistryAction.REGISTRATION_RETURN_CHANGE,
        obj=registration,
        organisation=registration.building.operator,
        after={"comment": text[:200]},
    )
    return _authority_note(
        actor,
        registration,
        action="return_change",
        text=text,
        message=_("The authority asks you to correct the change notice for %(name)s.")
        % {"name": registration.building.name},
    )


@transaction.atomic
def registration_strike_off(
    *, actor: Actor, registration: Registration, version: int, reason_code: str, comment: str
) -> Registration:
    """登録の抹消 by the authority, with a coded reason."""
    return _authority_decision_with_reason(
        actor=actor,
        registration=registration,
        version=version,
        action=workflow.Action.STRIKE_OFF,
        labels=STRIKE_OFF_REASONS,
        reason_code=reason_code,
        comment=comment,
        message=_("The registration of %(name)s was struck off."),
    )


@transaction.atomic
def supervision_instruction(*, actor: Actor, registration: Registration, text: str) -> ReviewNote:
    """An instruction (指示) to the landlord of a registered building; audited and notified."""
    require_reviewer(actor, registration)
    if registration.state not in (Registration.State.REGISTERED, Registration.State.CHANGE_NOTIFIED):
        raise ValidationError(_("Instructions are for registered buildings."))
    if not text.strip():
        raise ValidationError({"text": _("Write the instruction.")})
    note = ReviewNote.objects.create(
        registration=registration,
        author=actor.user,
        organisation=authority_org(registration.authority_code),
        action="instruction",
        text=text.strip(),
    )
    record_event(
        actor=actor.user,
        action=RegistryAction.REGISTRATION_INSTRUCTION,
        obj=registration,
        organisation=registration.building.operator,
        after={"text": text.strip()},
    )
    notify(
        registration.building.operator,
        _("Instruction from the registration authority about %(name)s.")
        % {"name": registration.building.name},
        reverse("registry:building", kwargs={"pk": registration.building_id}),
    )
    return note
