"""The permissions table: every URL name → who may use it. Anything not in the table is denied.

A rule is a function of the :class:`Access` of the request and the URL's keyword arguments. Tests walk
every URL pattern and fail for any name missing here (``tests/accounts/test_permission_table.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sumai.accounts.access import Access

ORG_ROLES = ("admin", "staff", "viewer")


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
    return Rule("admin/staff of any organisation", lambda a, kw: a.has(roles=("admin", "staff")))


PERMISSIONS: dict[str, Rule] = {
    # web
    "web:home": PUBLIC,
    "web:about": PUBLIC,
    "web:dashboard": AUTHENTICATED,
    "web:healthz": PUBLIC,
    "web:favicon": PUBLIC,
    "set_language": PUBLIC,
    "javascript-catalog": PUBLIC,
    # accounts
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    "accounts:password_change": AUTHENTICATED,
    "accounts:password_change_done": AUTHENTICATED,
    "accounts:invitation_accept": PUBLIC,
    "accounts:organisation": of_url_organisation("admin", "staff", "viewer"),
    "accounts:invite": of_url_organisation("admin"),
    "accounts:invitation_revoke": of_url_organisation("admin"),
    "accounts:member_remove": of_url_organisation("admin"),
    "accounts:member_role": of_url_organisation("admin"),
    "accounts:tokens": of_url_organisation("admin"),
    "accounts:token_revoke": of_url_organisation("admin"),
    # registry: landlords and agents (rows are scoped by sumai.registry.selectors)
    "registry:buildings": member_of("operator", "agent"),
    "registry:building_new": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:building": member_of("operator", "agent"),
    "registry:building_edit": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:unit_new": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:unit_edit": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:unit_delete": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:building_submit": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:attachment_add": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:attachment_delete": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:attachment": member_of("operator", "agent", "authority"),  # scoped in the view
    "registry:building_recall": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:building_withdraw": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:building_notify_change": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:import": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:import_job": member_of("operator", "agent"),  # scoped to the job's landlord in the view
    "registry:import_template": member_of("operator", "agent"),
    "registry:export": member_of("operator", "agent"),
    "registry:vacancy_confirm": member_of("operator", "agent", roles=("admin", "staff")),
    "registry:vacancy_link": PUBLIC,
    "registry:operator": of_url_organisation("admin", "staff", "viewer"),
    "registry:agent_authorise": of_url_organisation("admin"),
    "registry:agent_revoke": of_url_organisation("admin"),  # the signed, expiring token is the credential
    # registry: registration authorities (rows are scoped to the jurisdiction by the selectors)
    "registry:inbox": member_of("authority"),
    "registry:registered": member_of("authority"),
    "registry:review": member_of("authority"),
    "registry:review_decide": member_of("authority", roles=("admin", "staff")),
    "registry:review_instruct": member_of("authority", roles=("admin", "staff")),
    "registry:review_strike_off": member_of("authority", roles=("admin", "staff")),
    # audit
    "audit:history": any_org_staff(),
    # places (HTML helper used by address forms)
    "places:postal_fill": PUBLIC,
    # API
    "api:schema": PUBLIC,
    "api:docs": PUBLIC,
    "api:postal": PUBLIC,
    "api:authority": PUBLIC,
    "api:municipality-list": PUBLIC,
    "api:prefecture-list": PUBLIC,
    "api:me": AUTHENTICATED,
    # registry API: operators and agents (session or organisation token); rows scoped by the selectors,
    # writes need the token's "write" scope (a staff grant) or a staff/admin member.
    "api:registry-unit-list": member_of("operator", "agent"),
    "api:registry-unit-detail": member_of("operator", "agent"),
    "api:registry-vacancy": member_of("operator", "agent", roles=("admin", "staff")),
    "api:rules-household": PUBLIC,
    "api:rules-unit": PUBLIC,
    "api:rules-subsidy": PUBLIC,
    # Django admin: platform administrators only (one rule for the whole namespace).
    "admin:*": SUPERUSER,
}


def rule_for(view_name: str | None) -> Rule | None:
    """The rule of a URL name, or None when the table does not name it (deny)."""
    if not view_name:
        return None
    rule = PERMISSIONS.get(view_name)
    if rule is None and ":" in view_name:
        rule = PERMISSIONS.get(view_name.split(":", 1)[0] + ":*")
    return rule
