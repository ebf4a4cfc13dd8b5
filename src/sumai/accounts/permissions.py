"""The permissions table: every URL name → who may use it. Anything not in the table is denied.

A rule is a function of the :class:`Access` of the request and the URL's keyword arguments. Apps that came
after the first ones keep their rows in ``sumai.<app>.permissions.PERMISSIONS`` (so that their rows change
with their code); they are merged here, and a name may appear only once. Tests walk every URL pattern and
fail for any name missing here (``tests/accounts/test_permission_table.py``).
"""

from __future__ import annotations

from sumai.accounts.rules import (
    AUTHENTICATED,
    NOBODY,
    ORG_ROLES,
    PUBLIC,
    SUPERUSER,
    Rule,
    any_org_staff,
    member_of,
    of_url_organisation,
)
from sumai.councils.permissions import PERMISSIONS as COUNCILS
from sumai.insights.permissions import PERMISSIONS as INSIGHTS
from sumai.search.permissions import PERMISSIONS as SEARCH
from sumai.support.permissions import PERMISSIONS as SUPPORT

__all__ = [
    "AUTHENTICATED",
    "NOBODY",
    "ORG_ROLES",
    "PERMISSIONS",
    "PUBLIC",
    "SUPERUSER",
    "Rule",
    "any_org_staff",
    "member_of",
    "of_url_organisation",
    "rule_for",
]

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


def _merge(*tables: dict[str, Rule]) -> None:
    for table in tables:
        for name, rule in table.items():
            if name in PERMISSIONS:
                raise RuntimeError(f"URL name {name!r} appears twice in the permissions tables")
            PERMISSIONS[name] = rule


_merge(SEARCH, SUPPORT, COUNCILS, INSIGHTS)


def rule_for(view_name: str | None) -> Rule | None:
    """The rule of a URL name, or None when the table does not name it (deny)."""
    if not view_name:
        return None
    rule = PERMISSIONS.get(view_name)
    if rule is None and ":" in view_name:
        rule = PERMISSIONS.get(view_name.split(":", 1)[0] + ":*")
    return rule
