"""The web app's rows of the permissions table: public pages, the dashboard, languages, the admin site."""

from __future__ import annotations

from sumai.core.rules import AUTHENTICATED, PUBLIC, SUPERUSER, Rule

PERMISSIONS: dict[str, Rule] = {
    "web:home": PUBLIC,
    "web:about": PUBLIC,
    "web:dashboard": AUTHENTICATED,
    "web:healthz": PUBLIC,
    "web:favicon": PUBLIC,
    "set_language": PUBLIC,
    "javascript-catalog": PUBLIC,
    "admin:*": SUPERUSER,
}
