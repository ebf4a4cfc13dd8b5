"""What every registry service shares: who acts (the applicant's side or the reviewing authority), whom to
tell (the authority's organisation), when a registration may be edited, and the error of a failed check."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from sumai.accounts.models import Organisation
from sumai.core.actor import Actor
from sumai.core.roles import WRITERS
from sumai.domain import workflow
from sumai.registry.checks import CheckResult
from sumai.registry.models import Registration
from sumai.registry.selectors import authority_codes, operators_actable_by

# A change notice (変更届出) opens a registered building for editing until the authority accepts it.
EDITABLE_STATES = {
    Registration.State.DRAFT,
    Registration.State.CHANGES_REQUESTED,
    Registration.State.CHANGE_NOTIFIED,
}


class SubmissionBlocked(Exception):
    def __init__(self, result: CheckResult) -> None:
        super().__init__("the standards check has errors")
        self.result = result


def applicant_kind(actor: Actor, operator: Organisation) -> workflow.ActorKind:
    """The actor's side of an application for ``operator`` (the landlord itself or its agent); refused when
    the actor may not act for it."""
    if not operators_actable_by(actor.access).filter(pk=operator.pk).exists():
        raise PermissionDenied(_("You may not act for this landlord."))
    if actor.access.has(kinds=("operator",), roles=WRITERS, organisation_id=operator.pk):
        return workflow.ActorKind.OPERATOR
    return workflow.ActorKind.AGENT


def require_reviewer(actor: Actor, registration: Registration) -> None:
    if registration.authority_code not in authority_codes(actor.access, roles=WRITERS):
        raise PermissionDenied(_("Only a reviewer of the registration authority may do this."))


def require_editable(registration: Registration) -> None:
    if registration.state not in EDITABLE_STATES:
        raise ValidationError(
            _(
                "This registration is %(state)s; it can only be edited as a draft or when "
                "changes were requested."
            )
            % {"state": registration.get_state_display()}
        )


def authority_org(code: str) -> Organisation | None:
    return Organisation.objects.filter(kind="authority", authority_code=code).order_by("pk").first()
