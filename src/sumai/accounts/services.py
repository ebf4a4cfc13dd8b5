"""Every write about accounts: organisations, memberships, invitations, API tokens. Each is audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.accounts.actions import AccountsAction
from sumai.accounts.models import ApiToken, Invitation, Membership, Organisation, User, scope_problem
from sumai.accounts.tokens import hash_secret, new_secret
from sumai.audit.services import record_event, snapshot
from sumai.core.notifications import absolute, send_email


def _require_admin(actor: Any, organisation: Organisation) -> None:
    if getattr(actor, "is_superuser", False):
        return
    if not Membership.objects.filter(
        user=actor, organisation=organisation, role=Membership.Role.ADMIN
    ).exists():
        raise PermissionDenied(_("Only an administrator of this organisation may do this."))


@transaction.atomic
def organisation_create(*, actor: Any, **fields: Any) -> Organisation:
    org = Organisation(**fields)
    org.full_clean()
    org.save()
    record_event(
        actor=actor, action=AccountsAction.ORGANISATION_CREATE, obj=org, organisation=org, after=snapshot(org)
    )
    return org


@transaction.atomic
def membership_add(*, actor: Any, organisation: Organisation, user: User, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    if created:
        record_event(
            actor=actor,
            action=AccountsAction.MEMBERSHIP_ADD,
            obj=membership,
            organisation=organisation,
            after={"user": user.email, "role": role},
        )
    return membership


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    role: str,
    accept_url_base: str = "",
) -> tuple[Invitation, str]:
    """Invite ``email`` to ``organisation`` with ``role``; the e-mail goes out after commit."""
    _require_admin(actor, organisation)
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    secret = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=_token_hash(secret),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.SUMAI["INVITATION_DAYS"]),
    )
    record_event(
        actor=actor,
        action=AccountsAction.INVITATION_CREATE,
        obj=invitation,
        organisation=organisation,
        after={"email": email, "role": role},
    )
    path = reverse("accounts:invitation_accept", kwargs={"token": secret})
    link = accept_url_base + path if accept_url_base else absolute(path)

    send_email(
        [email],
        _("Invitation to %(org)s on Sumai") % {"org": organisation.name},
        _(
            "%(inviter)s invites you to join %(org)s on Sumai as %(role)s.\n\nAccept: %(link)s\n\n"
            "The link is valid for %(days)d days."
        )
        % {
            "inviter": actor,
            "org": organisation.name,
            "role": Membership.Role(role).label,
            "link": link,
            "days": settings.SUMAI["INVITATION_DAYS"],
        },
        secret=True,
    )
    return invitation, secret


def invitation_for_secret(secret: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation").filter(token_hash=_token_hash(secret)).first()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or has already been used."))
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_event(
        actor=user,
        action=AccountsAction.INVITATION_ACCEPT,
        obj=invitation,
        organisation=invitation.organisation,
        after={"role": invitation.role},
    )
    return membership


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    _require_admin(actor, invitation.organisation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_event(
        actor=actor,
        action=AccountsAction.INVITATION_REVOKE,
        obj=invitation,
        organisation=invitation.organisation,
    )


def _other_admins(membership: Membership) -> bool:
    return (
        Membership.objects.filter(organisation=membership.organisation, role=Membership.Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def member_remove(*, actor: User, membership: Membership) -> None:
    """Remove a member. The last administrator cannot be removed: the organisation would be orphaned."""
    membership = (
        Membership.objects.select_for_update().select_related("organisation", "user").get(pk=membership.pk)
    )
    _require_admin(actor, membership.organisation)
    if membership.role == Membership.Role.ADMIN and not _other_admins(membership):
        raise ValidationError(
            _("The last administrator cannot be removed. Make someone else administrator first.")
        )
    before = {"user": membership.user.email, "role": membership.role}
    membership.delete()
    record_event(
        actor=actor,
        action=AccountsAction.MEMBERSHIP_REMOVE,
        object_type="accounts.membership",
        object_id=str(before["user"]),
        organisation=membership.organisation,
        before=before,
    )
    revoke_tokens_of(actor=actor, owner=membership.user, organisation=membership.organisation)


def revoke_tokens_of(
    *, actor: Any, owner: User, organisation: Organisation, reason: str = "owner removed"
) -> None:
    """A token dies with its owner's membership: revoke (audited) what the removed member created.
    Authentication refuses them anyway (``owner_may_use``); this makes the token list say so."""
    now = timezone.now()
    for token in ApiToken.objects.filter(
        created_by=owner, organisation=organisation, revoked_at__isnull=True
    ):
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=actor,
            action=AccountsAction.API_TOKEN_REVOKE,
            obj=token,
            organisation=organisation,
            after={"reason": reason},
        )


@transaction.atomic
def member_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    membership = (
        Membership.objects.select_for_update().select_related("organisation", "user").get(pk=membership.pk)
    )
    _require_admin(actor, membership.organisation)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if (
        membership.role == Membership.Role.ADMIN
        and role != Membership.Role.ADMIN
        and not _other_admins(membership)
    ):
        raise ValidationError(_("The last administrator cannot be demoted."))
    before = {"role": membership.role}
    membership.role = role
    membership.save(update_fields=["role"])
    record_event(
        actor=actor,
        action=AccountsAction.MEMBERSHIP_ROLE,
        obj=membership,
        organisation=membership.organisation,
        before=before,
        after={"role": role},
    )
    return membership


@transaction.atomic
def api_token_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    scopes: list[str],
    valid_days: int | None = None,
) -> tuple[ApiToken, str]:
    """Create a token owned by ``actor``; the secret is returned once and only its hash is stored.

    It expires after ``valid_days`` (default ``API_TOKEN_DEFAULT_DAYS``, at most ``API_TOKEN_MAX_DAYS``)."""
    _require_admin(actor, organisation)
    days = settings.API_TOKEN_DEFAULT_DAYS if valid_days is None else valid_days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"valid_days": _("Valid for: between 1 and %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS}}
        )
    bad = [s for s in scopes if s not in ApiToken.Scope.values]
    if bad or not scopes:
        raise ValidationError({"scopes": _("Choose at least one scope: read or write.")})
    refused = scope_problem(organisation.kind, scopes)
    if refused:
        raise ValidationError({"scopes": refused})
    if not name.strip():
        raise ValidationError({"name": _("Give the token a name, for example the system that uses it.")})
    secret = new_secret()
    expires_at = timezone.now() + timedelta(days=days)
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name.strip(),
        prefix=secret[:10],
        token_hash=hash_secret(secret),
        scopes=sorted(set(scopes)),
        created_by=actor,
        expires_at=expires_at,
    )
    record_event(
        actor=actor,
        action=AccountsAction.API_TOKEN_CREATE,
        obj=token,
        organisation=organisation,
        after={
            "name": token.name,
            "scopes": token.scopes,
            "prefix": token.prefix,
            "expires_at": expires_at.isoformat(),
        },
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    _require_admin(actor, token.organisation)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=actor, action=AccountsAction.API_TOKEN_REVOKE, obj=token, organisation=token.organisation
        )


@transaction.atomic
def user_create(*, email: str, password: str | None, name: str = "", actor: Any = None) -> User:
    user = User.objects.create_user(email=email, password=password, name=name)
    record_event(
        actor=actor or user, action=AccountsAction.USER_CREATE, obj=user, after={"email": user.email}
    )
    return user
