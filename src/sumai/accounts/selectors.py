from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from sumai.accounts.models import ApiToken, Invitation, Membership, Organisation, SignupRequest, User
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


# ------------------------------------------------------------------------------------------ platform
# The platform administrator's lists (the permissions table lets only superusers in; each selector checks
# again so that a caller outside a view cannot list accounts by mistake).
def _platform(visible_to: Access) -> bool:
    return bool(visible_to.is_superuser)


def platform_organisations(
    *, visible_to: Access, q: str = "", kind: str = "", active: str = ""
) -> QuerySet[Organisation]:
    qs = Organisation.objects.none()
    if not _platform(visible_to):
        return qs
    qs = Organisation.objects.select_related("prefecture", "municipality").annotate(
        member_count=Count("memberships", distinct=True)
    )
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(name_kana__icontains=q)
            | Q(email__icontains=q)
            | Q(authority_code=q)
            | Q(licence_number__icontains=q)
            | Q(corporate_number=q)
        )
    if kind in Organisation.Kind.values:
        qs = qs.filter(kind=kind)
    if active in {"yes", "no"}:
        qs = qs.filter(is_active=active == "yes")
    return qs.order_by("kind", "name", "pk")


def platform_organisation(*, org_id: int, visible_to: Access) -> Organisation | None:
    if not _platform(visible_to):
        return None
    return Organisation.objects.select_related("prefecture", "municipality").filter(pk=org_id).first()


def platform_users(*, visible_to: Access, q: str = "", active: str = "") -> QuerySet[User]:
    if not _platform(visible_to):
        return User.objects.none()
    qs = User.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation"))
    )
    if q:
        qs = qs.filter(Q(email__icontains=q) | Q(name__icontains=q))
    if active in {"yes", "no"}:
        qs = qs.filter(is_active=active == "yes")
    return qs.order_by("email", "pk")


def platform_user(*, user_id: int, visible_to: Access) -> User | None:
    if not _platform(visible_to):
        return None
    return User.objects.filter(pk=user_id).first()


def memberships_of_user(user: User) -> QuerySet[Membership]:
    return user.memberships.select_related("organisation", "organisation__prefecture").order_by(
        "organisation__name"
    )


def platform_signups(*, visible_to: Access, state: str = "") -> QuerySet[SignupRequest]:
    if not _platform(visible_to):
        return SignupRequest.objects.none()
    shown = [s for s in SignupRequest.State.values if s != SignupRequest.State.WITHDRAWN]
    qs = SignupRequest.objects.select_related("prefecture", "organisation").filter(state__in=shown)
    if state in SignupRequest.State.values:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-pk")


def platform_signup(*, signup_id: int, visible_to: Access) -> SignupRequest | None:
    if not _platform(visible_to):
        return None
    return (
        SignupRequest.objects.select_related("prefecture", "organisation", "decided_by")
        .filter(pk=signup_id)
        .first()
    )


def signups_awaiting(*, visible_to: Access) -> int:
    if not _platform(visible_to):
        return 0
    return SignupRequest.objects.filter(state=SignupRequest.State.AWAITING_APPROVAL).count()


def platform_jurisdictions(*, visible_to: Access) -> list[dict[str, Any]]:
    """Every registration authority the law makes (47 prefectures, the designated and core cities) with the
    organisations that act for it in Sumai: one row each, a jurisdiction without an organisation flagged."""
    if not _platform(visible_to):
        return []
    from sumai.places.models import Municipality, Prefecture

    orgs: dict[str, list[Organisation]] = {}
    for org in Organisation.objects.filter(kind=Organisation.Kind.AUTHORITY).order_by("name"):
        orgs.setdefault(org.authority_code, []).append(org)
    rows: list[dict[str, Any]] = []
    for pref in Prefecture.objects.order_by("code"):
        rows.append(
            {
                "code": pref.lg_code,
                "name": pref.name,
                "prefecture": pref,
                "kind": None,
                "organisations": orgs.get(pref.lg_code, []),
            }
        )
    cities = Municipality.objects.select_related("prefecture").filter(
        kind__in=[Municipality.Kind.DESIGNATED_CITY, Municipality.Kind.CORE_CITY]
    )
    for city in cities.order_by("code"):
        rows.append(
            {
                "code": city.code,
                "name": f"{city.prefecture.name}{city.name}",
                "prefecture": city.prefecture,
                "kind": city.get_kind_display(),
                "organisations": orgs.get(city.code, []),
            }
        )
    return rows
