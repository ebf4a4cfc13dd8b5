"""Organisation API tokens: ``Authorization: Bearer smi_<secret>`` (or ``Token``)."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from sumai.accounts.models import ApiToken, Membership
from sumai.core.api.throttling import UserRateThrottle

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "smi_"  # noqa: S105 - a public marker, not a secret # nosec B105


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class TokenPrincipal:
    """The request.user of a token request: the organisation acts, no person."""

    is_authenticated = True
    is_anonymous = False
    is_superuser = False
    is_staff = False
    is_active = True
    pk = None
    id = None

    def __init__(self, token: ApiToken) -> None:
        self.token = token
        self.organisation = token.organisation

    def __str__(self) -> str:
        return f"token:{self.token.prefix}"


class OrganisationTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request: Request) -> tuple[TokenPrincipal, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").strip()
        if not header:
            return None
        parts = header.split()
        if parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header: use 'Bearer <token>'."))
        secret = parts[1]
        if not secret.startswith(TOKEN_PREFIX):
            raise exceptions.AuthenticationFailed(_("This is not a Sumai API token."))
        token = (
            ApiToken.objects.select_related("organisation", "created_by")
            .filter(token_hash=hash_secret(secret))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Unknown API token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API token has been revoked."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("This API token has expired. Create a new one."))
        if not token.organisation.is_active:
            raise exceptions.AuthenticationFailed(_("The organisation of this token is not active."))
        if not owner_may_use(token):
            raise exceptions.AuthenticationFailed(
                _("The member who created this API token no longer belongs to the organisation.")
            )
        record_use(token)
        return TokenPrincipal(token), token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


def owner_may_use(token: ApiToken) -> bool:
    """A token dies with its owner's membership: the owner must be an active account and still a member
    of the token's organisation (a superuser's token lives while the superuser account is active)."""
    owner = token.created_by
    if owner is None or not owner.is_active:
        return False
    if owner.is_superuser:
        return True
    return Membership.objects.filter(user_id=owner.pk, organisation_id=token.organisation_id).exists()


def record_use(token: ApiToken) -> bool:
    """Write ``last_used_at`` at most once per ``API_TOKEN_LAST_USED_EVERY`` seconds, and never wait for a
    lock to do it: a read-only call must not fail (or stall 20 s) because a long write holds SQLite's lock.
    Returns whether the time was written."""
    now = timezone.now()
    every = timedelta(seconds=settings.API_TOKEN_LAST_USED_EVERY)
    if token.last_used_at is not None and now - token.last_used_at < every:
        return False
    try:
        with _no_lock_wait(), transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '200ms'")
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    except DatabaseError:
        logger.info("API token %s: last use not recorded (database busy)", token.prefix)
        return False
    token.last_used_at = now
    return True


class _no_lock_wait:  # noqa: N801 - used as a context manager
    """On SQLite, do not wait on the busy timeout while recording a token's use; restore it afterwards."""

    def __enter__(self) -> None:
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout")
                self.previous = int(cursor.fetchone()[0])
                cursor.execute("PRAGMA busy_timeout = 0")

    def __exit__(self, *exc: object) -> None:
        if self.sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {self.previous:d}")


class PerTokenRateThrottle(UserRateThrottle):
    """The ``user`` rate, one bucket per person and one per API token. DRF's ``UserRateThrottle`` keys on
    ``request.user.pk``, which is ``None`` for every token: all tokens shared a single bucket. Counted
    atomically (sumai.core.api.throttling)."""

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
        return super().get_cache_key(request, view)
