"""Organisation API tokens: ``Authorization: Bearer smi_<secret>`` (or ``Token``)."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from sumai.accounts.models import ApiToken

TOKEN_PREFIX = "smi_"  # noqa: S105 - a public marker, not a secret


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
        token = ApiToken.objects.select_related("organisation").filter(token_hash=hash_secret(secret)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Unknown API token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API token has been revoked."))
        if not token.organisation.is_active:
            raise exceptions.AuthenticationFailed(_("The organisation of this token is not active."))
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return TokenPrincipal(token), token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
