from __future__ import annotations

from django.db.models import QuerySet

from sumai.accounts.models import ApiToken, Invitation, Membership, Organisation
from sumai.core.access import Access


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
