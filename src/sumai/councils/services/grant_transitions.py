"""The steps of a grant application after its draft: submit, withdraw, decide.

These move the application's state by hand (a row lock, a version check, ``state = ...; version += 1``),
unlike the other workflows of Sumai, which go through :func:`sumai.core.workflow.advance` on a state table
of the domain. The grants' state table is not in :mod:`sumai.domain` yet; when it is, these three
functions switch to ``advance`` here, and nothing else changes.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.audit.services import record_event, snapshot
from sumai.core.actor import Actor
from sumai.core.errors import Conflict
from sumai.councils import selectors
from sumai.councils.actions import CouncilsAction
from sumai.councils.models import GrantApplication
from sumai.councils.services.common import user_of
from sumai.councils.services.grants import application_errors, describe, rules_of
from sumai.domain import grants


def _locked(application: GrantApplication, version: int) -> GrantApplication:
    current = GrantApplication.objects.select_for_update().get(pk=application.pk)
    if current.version != version:
        raise Conflict(_("Someone else changed this application. Reload the page and try again."))
    return current


@transaction.atomic
def application_submit(*, actor: Actor, application: GrantApplication, version: int) -> GrantApplication:
    if not selectors.may_apply_for(actor.access, application.applicant_id):
        raise PermissionDenied(_("You may not apply for this organisation."))
    current = _locked(application, version)
    if current.state != GrantApplication.State.DRAFT:
        raise ValidationError(_("Only a draft application can be submitted."))
    programme = current.programme
    today = timezone.localdate()
    if not programme.opens_on <= today <= programme.closes_on:
        raise ValidationError(
            _("Applications for FY%(year)s are accepted from %(opens)s to %(closes)s.")
            % {"year": programme.fiscal_year, "opens": programme.opens_on, "closes": programme.closes_on}
        )
    check = grants.check_application(
        rules_of(programme),
        recipient=current.recipient_kind,
        amounts=current.amounts,
        enhancements=current.enhancements,
    )
    if not check.ok:
        raise ValidationError(application_errors(check.findings))
    before = snapshot(current, ["state"])
    current.state = GrantApplication.State.SUBMITTED
    current.submitted_at = timezone.now()
    current.version += 1
    current.save()
    record_event(
        actor=actor.user,
        action=CouncilsAction.GRANT_APPLICATION_SUBMIT,
        obj=current,
        organisation=current.applicant,
        before=before,
        after=snapshot(current, ["state", "requested_total", "cap"]),
    )
    return current


@transaction.atomic
def application_withdraw(*, actor: Actor, application: GrantApplication, version: int) -> GrantApplication:
    if not selectors.may_apply_for(actor.access, application.applicant_id):
        raise PermissionDenied(_("You may not act for this organisation."))
    current = _locked(application, version)
    if current.state not in (GrantApplication.State.DRAFT, GrantApplication.State.SUBMITTED):
        raise ValidationError(_("A decided application cannot be withdrawn."))
    before = snapshot(current, ["state"])
    current.state = GrantApplication.State.WITHDRAWN
    current.version += 1
    current.save()
    record_event(
        actor=actor.user,
        action=CouncilsAction.GRANT_APPLICATION_WITHDRAW,
        obj=current,
        organisation=current.applicant,
        before=before,
        after=snapshot(current, ["state"]),
    )
    return current


@transaction.atomic
def application_decide(
    *,
    actor: Actor,
    application: GrantApplication,
    version: int,
    grant: bool,
    granted_amount: int | None,
    decided_on: date,
    note: str = "",
) -> GrantApplication:
    """Grant an amount (never over the cap nor over what was applied for) or refuse, with reasons."""
    if not selectors.is_decider(actor.access):
        raise PermissionDenied(_("Only the ministry decides activity grants."))
    current = _locked(application, version)
    if current.state != GrantApplication.State.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be decided."))
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The decision date cannot be in the future.")})
    if grant:
        if granted_amount is None:
            raise ValidationError({"granted_amount": _("Enter the amount granted.")})
        findings = grants.check_decision(
            rules_of(current.programme),
            recipient=current.recipient_kind,
            requested_total=current.requested_total,
            granted=granted_amount,
            enhancements=current.enhancements,
        )
        if findings:
            raise ValidationError({"granted_amount": [describe(f) for f in findings]})
    elif not note.strip():
        raise ValidationError({"note": _("Give the reasons for not granting.")})
    before = snapshot(current, ["state", "granted_amount", "decided_on"])
    current.state = GrantApplication.State.GRANTED if grant else GrantApplication.State.REJECTED
    current.granted_amount = granted_amount if grant else None
    current.decided_on = decided_on
    current.decision_note = note.strip()
    current.decided_by = user_of(actor)
    current.version += 1
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError as exc:  # the database's own guard: never over the cap
        raise ValidationError({"granted_amount": _("The amount is over the limit.")}) from exc
    record_event(
        actor=actor.user,
        action=CouncilsAction.GRANT_APPLICATION_DECIDE,
        obj=current,
        organisation=current.applicant,
        before=before,
        after=snapshot(current, ["state", "granted_amount", "decided_on", "decision_note"]),
    )
    return current
