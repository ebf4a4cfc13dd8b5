"""The building blocks of the permissions table: rules as functions of the request's access.

Apps write their rows with these (``sumai.<app>.permissions.PERMISSIONS``) and register them with
:func:`sumai.core.permissions.register` in ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sumai.core.access import Access
from sumai.core.roles import ROLES, WRITERS

ORG_ROLES = ROLES


@dataclass(frozen=True)
class Rule:
    description: str
    check: Callable[[Access, Mapping[str, Any]], bool]
    public: bool = False

    def allows(self, access: Access, kwargs: Mapping[str, Any]) -> bool:
        if access.is_superuser and not self.public:
            return True
        return self.check(access, kwargs)


PUBLIC = Rule("anyone, without an account", lambda a, kw: True, public=True)
AUTHENTICATED = Rule("any signed-in user or token", lambda a, kw: a.is_authenticated)
SUPERUSER = Rule("platform administrators", lambda a, kw: a.is_superuser)
NOBODY = Rule("nobody", lambda a, kw: False)


def member_of(*kinds: str, roles: tuple[str, ...] = ORG_ROLES) -> Rule:
    """Members of an organisation of one of ``kinds`` with one of ``roles``."""
    return Rule(
        f"{'/'.join(roles)} of {'/'.join(kinds)}",
        lambda a, kw: a.has(kinds=kinds, roles=roles),
    )


def of_url_organisation(*roles: str) -> Rule:
    """Members with one of ``roles`` of the organisation named by the URL's ``org_id``."""

    def check(a: Access, kw: Mapping[str, Any]) -> bool:
        try:
            org_id = int(kw["org_id"])
        except (KeyError, TypeError, ValueError):
            return False
        return a.has(roles=roles, organisation_id=org_id)

    return Rule(f"{'/'.join(roles)} of the organisation in the URL", check)


def any_org_staff() -> Rule:
    return Rule("admin/staff of any organisation", lambda a, kw: a.has(roles=WRITERS))
