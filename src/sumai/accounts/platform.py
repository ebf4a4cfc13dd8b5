"""The platform administrator's writes on organisations and accounts (docs/decisions/0009-onboarding.md).
Every write is audited; only superusers may call them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sumai.accounts.actions import AccountsAction
from sumai.accounts.models import Organisation, User
from sumai.accounts.onboarding import clean_identifiers, require_platform
from sumai.audit.services import record_event, snapshot
from sumai.core.editlock import require_unchanged
from sumai.core.roles import OrgKind

ORGANISATION_FIELDS = (
    "kind",
    "name",
    "name_kana",
    "prefecture",
    "municipality",
    "authority_code",
    "email",
    "phone",
    "licence_number",
    "corporate_number",
)


@transaction.atomic
def organisation_save(
    *, actor: User, organisation: Organisation | None, data: dict[str, Any], edit_token: str | None = None
) -> Organisation:
    """Create or edit an organisation (platform administrators only); an edit is refused with ``Conflict``
    when someone saved it since ``edit_token`` was taken."""
    require_platform(actor)
    created = organisation is None
    org = (
        Organisation()
        if organisation is None
        else require_unchanged(organisation, ORGANISATION_FIELDS, edit_token)
    )
    before = None if created else snapshot(org)
    for key in ORGANISATION_FIELDS:
        if key in data:
            setattr(org, key, data[key] if data[key] is not None else None)
    ids = (
        clean_identifiers(org.kind, org.licence_number, org.corporate_number)
        if (org.kind == OrgKind.AGENT or org.corporate_number)
        else {}
    )
    for key, value in ids.items():
        if value:
            setattr(org, key, value)
    org.full_clean()
    org.save()
    record_event(
        actor=actor,
        action=AccountsAction.ORGANISATION_CREATE if created else AccountsAction.ORGANISATION_UPDATE,
        obj=org,
        organisation=org,
        before=before,
        after=snapshot(org),
    )
    return org


@transaction.atomic
def organisation_set_active(*, actor: User, organisation: Organisation, active: bool) -> Organisation:
    """A deactivated organisation gives its members no rights and its tokens stop working at once
    (``sumai.accounts.access``, ``sumai.accounts.tokens``); its public records stay as they are."""
    require_platform(actor)
    if organisation.is_active != active:
        organisation.is_active = active
        organisation.save(update_fields=["is_active"])
        record_event(
            actor=actor,
            action=AccountsAction.ORGANISATION_ACTIVATE if active else AccountsAction.ORGANISATION_DEACTIVATE,
            obj=organisation,
            organisation=organisation,
        )
    return organisation


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    """Deactivate or reactivate an account. A deactivated user's sessions end at their next request (the
    authentication backend refuses inactive users) and the API tokens they created are revoked."""
    require_platform(actor)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    record_event(
        actor=actor,
        action=AccountsAction.USER_ACTIVATE if active else AccountsAction.USER_DEACTIVATE,
        obj=user,
        after={"email": user.email},
    )
    if not active:
        from sumai.accounts.services import revoke_tokens_of

        end_sessions_of(user)
        for membership in user.memberships.select_related("organisation"):
            revoke_tokens_of(
                actor=actor, owner=user, organisation=membership.organisation, reason="owner deactivated"
            )
    return user


def end_sessions_of(user: User) -> int:
    """Delete every session of ``user`` (reactivating the account must not log an old browser back in).
    Sessions are read one by one: deactivation is rare and the table holds only unexpired ones."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ids = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            ids.append(session.pk)
    Session.objects.filter(pk__in=ids).delete()
    return len(ids)
