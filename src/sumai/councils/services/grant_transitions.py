"""The steps of a grant application after its draft: submit, withdraw, decide.

Each goes through the kernel's workflow engine (:func:`sumai.core.workflow.advance`) on the domain's table
:data:`sumai.domain.grants.APPLICATION`: row lock, version check, one audit event. The checks of the
programme (its window, the caps) come first, with messages that say what to do.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sumai.core.actor import Actor
from sumai.core.errors import Conflict
from sumai.core.workflow import advance
from sumai.councils import selectors
from sumai.councils.actions import CouncilsAction
from sumai.councils.models import GrantApplication
from sumai.councils.services.common import user_of
from sumai.councils.services.grants import application_errors, describe, rules_of
from sumai.domain import grants

CONFLICT = gettext_lazy("Someone else changed this application. Reload the page and try again.")


def _fresh(application: GrantApplication, version: int) -> GrantApplication:
    """The application as it is now, locked; a conflict when it changed since ``version`` was read."""
    current = GrantApplication.objects.select_for_update().get(pk=application.pk)
    if current.version != version:
        raise Conflict(str(CONFLICT))
    return current


def _step(
    current: GrantApplication,
    *,
    version: int,
    actor: Actor,
    action: grants.ApplicationAction,
    kind: grants.ActorKind,
    audit_action: CouncilsAction,
    updates: dict[str, Any] | None = None,
    audit_fields: tuple[str, ...] = (),
    audit_extra: dict[str, Any] | None = None,
) -> GrantApplication:
    step = advance(
        current,
        table=grants.APPLICATION,
        action=action,
        actor=actor,
        actor_kind=kind,
        version=version,
        audit_action=audit_action,
        organisation=current.applicant,
        updates=updates,
        audit_fields=audit_fields,
        audit_extra=audit_extra,
        conflict_message=str(CONFLICT),
    )
    result: GrantApplication = step.obj
    return result


@transaction.atomic
def application_submit(*, actor: Actor, application: GrantApplication, version: int) -> GrantApplication:
    if not selectors.may_apply_for(actor.access, application.applicant_id):
        raise PermissionDenied(_("You may not apply for this organisation."))
    current = _fresh(application, version)
    if not grants.APPLICATION.can(current.state, grants.ApplicationAction.SUBMIT, grants.ActorKind.APPLICANT):
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
    return _step(
        current,
        version=version,
        actor=actor,
        action=grants.ApplicationAction.SUBMIT,
        kind=grants.ActorKind.APPLICANT,
        audit_action=CouncilsAction.GRANT_APPLICATION_SUBMIT,
        updates={"submitted_at": timezone.now()},
        audit_extra={"requested_total": current.requested_total, "cap": current.cap},
    )


@transaction.atomic
def application_withdraw(*, actor: Actor, application: GrantApplication, version: int) -> GrantApplication:
    if not selectors.may_apply_for(actor.access, application.applicant_id):
        raise PermissionDenied(_("You may not act for this organisation."))
    current = _fresh(application, version)
    if not grants.APPLICATION.can(
        current.state, grants.ApplicationAction.WITHDRAW, grants.ActorKind.APPLICANT
    ):
        raise ValidationError(_("A decided application cannot be withdrawn."))
    return _step(
        current,
        version=version,
        actor=actor,
        action=grants.ApplicationAction.WITHDRAW,
        kind=grants.ActorKind.APPLICANT,
        audit_action=CouncilsAction.GRANT_APPLICATION_WITHDRAW,
    )


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
    current = _fresh(application, version)
    if not grants.APPLICATION.can(current.state, grants.ApplicationAction.GRANT, grants.ActorKind.MINISTRY):
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
    try:
        with transaction.atomic():
            return _step(
                current,
                version=version,
                actor=actor,
                action=grants.ApplicationAction.GRANT if grant else grants.ApplicationAction.REJECT,
                kind=grants.ActorKind.MINISTRY,
                audit_action=CouncilsAction.GRANT_APPLICATION_DECIDE,
                updates={
                    "granted_amount": granted_amount if grant else None,
                    "decided_on": decided_on,
                    "decision_note": note.strip(),
                    "decided_by": user_of(actor),
                },
                audit_fields=("granted_amount", "decided_on", "decision_note"),
            )
    except IntegrityError as exc:  # the database's own guard: never over the cap
        raise ValidationError({"granted_amount": _("The amount is over the limit.")}) from exc
