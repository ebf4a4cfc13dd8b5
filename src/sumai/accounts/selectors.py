from __future__ import annotations

from django.db.models import QuerySet

from sumai.accounts.models import ApiToken, Invitation, Membership, Organisation, User
from sumai.core.access import Access
from sumai.core.roles import ADMINS


def organisation_for(*, org_id: int, visible_to: Access) -> Organisation | None:
    if not (visible_to.is_superuser or visible_to.has(organisation_id=org_id)):
        return None
    return Organisation.objects.select_related("prefecture", "municipality").filter(pk=org_id).first()


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("role", "user__email")


def open_invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)


def tokens_of(organisation: Organisation) -> QuerySet[ApiToken]:
    return organisation.api_tokens.select_related("created_by")


def is_admin_of(*, org_id: int, visible_to: Access) -> bool:
    """Whether the asker administers the organisation (members, invitations, tokens)."""
    return visible_to.is_superuser or visible_to.has(roles=ADMINS, organisation_id=org_id)


def invitation_for(*, org_id: int, invitation_id: int, visible_to: Access) -> Invitation | None:
    """An invitation of an organisation the asker belongs to."""
    if organisation_for(org_id=org_id, visible_to=visible_to) is None:
        return None
    return Invitation.objects.filter(pk=invitation_id, organisation_id=org_id).first()


def membership_for(*, org_id: int, membership_id: int, visible_to: Access) -> Membership | None:
    """A membership of an organisation the asker belongs to."""
    if organisation_for(org_id=org_id, visible_to=visible_to) is None:
        return None
    return Membership.objects.select_related("user").filter(pk=membership_id, organisation_id=org_id).first()


def token_for(*, org_id: int, token_id: int, visible_to: Access) -> ApiToken | None:
    """An API token of an organisation the asker belongs to."""
    if organisation_for(org_id=org_id, visible_to=visible_to) is None:
        return None
    return ApiToken.objects.filter(pk=token_id, organisation_id=org_id).first()


def user_with_email(email: str) -> User | None:
    """The account of an e-mail address (case-insensitive), for accepting an invitation."""
    return User.objects.filter(email__iexact=email).first()


def organisations_of(*, visible_to: Access) -> dict[int, Organisation]:
    """The asker's own organisations by id."""
    return Organisation.objects.in_bulk(visible_to.organisation_ids())
