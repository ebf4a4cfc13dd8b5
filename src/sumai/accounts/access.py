"""Who is asking: a user with memberships, an organisation token, or nobody."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Grant:
    organisation_id: int
    kind: str
    role: str


@dataclass(frozen=True)
class Access:
    """The memberships that count for a request. Built once per request and cached on it."""

    is_authenticated: bool
    is_superuser: bool = False
    grants: tuple[Grant, ...] = field(default_factory=tuple)
    via_token: bool = False

    def kinds(self) -> set[str]:
        return {g.kind for g in self.grants}

    def has(
        self,
        *,
        kinds: tuple[str, ...] | None = None,
        roles: tuple[str, ...] | None = None,
        organisation_id: int | None = None,
    ) -> bool:
        for g in self.grants:
            if kinds is not None and g.kind not in kinds:
                continue
            if roles is not None and g.role not in roles:
                continue
            if organisation_id is not None and g.organisation_id != organisation_id:
                continue
            return True
        return False


ANONYMOUS = Access(is_authenticated=False)


def access_for(request: Any) -> Access:
    """The :class:`Access` of a Django or DRF request (cached on the request)."""
    cached = getattr(request, "_sumai_access", None)
    if isinstance(cached, Access):
        return cached
    token = getattr(request, "auth", None)
    from sumai.accounts.models import ApiToken, Membership

    if isinstance(token, ApiToken):
        role = "staff" if "write" in (token.scopes or []) else "viewer"
        access = Access(True, False, (Grant(token.organisation_id, token.organisation.kind, role),), True)
    else:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            access = ANONYMOUS
        else:
            grants = tuple(
                Grant(org_id, kind, role)
                for org_id, kind, role in Membership.objects.filter(
                    user=user, organisation__is_active=True
                ).values_list("organisation_id", "organisation__kind", "role")
            )
            access = Access(True, bool(user.is_superuser), grants)
    request._sumai_access = access
    return access
