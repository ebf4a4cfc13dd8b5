"""How a request's :class:`sumai.core.access.Access` is built from memberships or an organisation token.

Registered with the kernel in ``AccountsConfig.ready()``; everyone else calls
:func:`sumai.core.access.access_for`.
"""

from __future__ import annotations

from typing import Any

from sumai.core.access import ANONYMOUS, Access, Grant
from sumai.core.roles import Role


def build_access(request: Any) -> Access:
    from sumai.accounts.models import ApiToken, Membership

    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        role = Role.STAFF if "write" in (token.scopes or []) else Role.VIEWER
        return Access(True, False, (Grant(token.organisation_id, token.organisation.kind, role),), True)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    grants = tuple(
        Grant(org_id, kind, role)
        for org_id, kind, role in Membership.objects.filter(
            user=user, organisation__is_active=True
        ).values_list("organisation_id", "organisation__kind", "role")
    )
    return Access(True, bool(user.is_superuser), grants)
