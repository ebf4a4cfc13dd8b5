"""Landlords' particulars for the registry (法9条1項1号) and the agents they authorise to act for them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.accounts.models import Organisation
from sumai.audit.services import record_event, snapshot
from sumai.core.actor import Actor
from sumai.core.editlock import conflict_message, require_unchanged
from sumai.core.errors import Conflict
from sumai.core.notifications import notify
from sumai.core.roles import WRITERS
from sumai.registry.actions import RegistryAction
from sumai.registry.models import (
    AgentAuthorisation,
    OperatorProfile,
)

PROFILE_FIELDS = [
    "operator_type",
    "representative",
    "postal_code",
    "address",
    "officers",
    "sublease",
    "owner_name",
    "pledge_signed_on",
]


def _require_operator_member(actor: Actor, operator: Organisation, roles: tuple[str, ...]) -> None:
    if operator.kind != Organisation.Kind.OPERATOR:
        raise ValidationError(_("This is not a landlord's organisation."))
    if not (
        actor.access.is_superuser
        or actor.access.has(kinds=("operator",), roles=roles, organisation_id=operator.pk)
    ):
        raise PermissionDenied(_("Only the landlord's own administrators may do this."))


@transaction.atomic
def operator_profile_save(
    *, actor: Actor, operator: Organisation, data: dict[str, Any], edit_token: str | None = None
) -> OperatorProfile:
    """The landlord's particulars for the registry (法9条1項1号): who it is, its officers, sublease.
    ``edit_token`` (the form's, :mod:`sumai.core.editlock`): "" when the form was shown before any
    particulars existed; refused with ``Conflict`` when someone saved them since."""
    _require_operator_member(actor, operator, WRITERS)
    Organisation.objects.select_for_update().filter(pk=operator.pk).first()  # one writer of a profile at once
    profile = OperatorProfile.objects.filter(organisation=operator).first()
    if profile is not None:
        profile = require_unchanged(profile, PROFILE_FIELDS, edit_token)
    elif edit_token:  # the form showed particulars that someone has since removed
        raise Conflict(conflict_message())
    before = snapshot(profile) if profile else None
    profile = profile or OperatorProfile(organisation=operator)
    for key, value in data.items():
        if key in PROFILE_FIELDS:
            setattr(profile, key, value)
    profile.full_clean()
    profile.save()
    record_event(
        actor=actor.user,
        action=RegistryAction.OPERATOR_PROFILE,
        obj=profile,
        organisation=operator,
        before=before,
        after=snapshot(profile),
    )
    return profile


@transaction.atomic
def agent_authorise(*, actor: Actor, operator: Organisation, agent: Organisation) -> AgentAuthorisation:
    """The landlord lets an agent (宅建業者・管理会社) register and manage its housing on its behalf."""
    _require_operator_member(actor, operator, ("admin",))
    if agent.kind != Organisation.Kind.AGENT:
        raise ValidationError(_("Only an agent or management company can act for a landlord."))
    existing = AgentAuthorisation.objects.filter(
        agent=agent, operator=operator, revoked_at__isnull=True
    ).first()
    if existing:
        return existing
    authorisation = AgentAuthorisation.objects.create(agent=agent, operator=operator, granted_by=actor.user)
    record_event(
        actor=actor.user,
        action=RegistryAction.AGENT_AUTHORISE,
        obj=authorisation,
        organisation=operator,
        after={"agent": agent.pk, "agent_name": agent.name},
    )
    notify(
        agent,
        _("%(operator)s authorised you to act for it on Sumai.") % {"operator": operator.name},
        reverse("registry:buildings"),
    )
    return authorisation


@transaction.atomic
def agent_revoke(*, actor: Actor, authorisation: AgentAuthorisation) -> None:
    _require_operator_member(actor, authorisation.operator, ("admin",))
    if authorisation.revoked_at is None:
        authorisation.revoked_at = timezone.now()
        authorisation.save(update_fields=["revoked_at"])
        record_event(
            actor=actor.user,
            action=RegistryAction.AGENT_REVOKE,
            obj=authorisation,
            organisation=authorisation.operator,
            before={"agent": authorisation.agent_id},
        )
