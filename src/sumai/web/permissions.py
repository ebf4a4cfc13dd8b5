"""The web app's rows of the permissions table: public pages, the dashboard, languages, the admin site."""

from __future__ import annotations

from sumai.core.rules import AUTHENTICATED, PUBLIC, SUPERUSER, Rule

PERMISSIONS: dict[str, Rule] = {
    "web:home": PUBLIC,
    "web:about": PUBLIC,
    "web:dashboard": AUTHENTICATED,
    "web:healthz": PUBLIC,
    # readiness: machine keys and ok/degraded/error only, no host names (sumai.core.health)
    "web:readyz": PUBLIC,
    # the view itself admits only the bearer of SUMAI_METRICS_TOKEN from SUMAI_METRICS_NETWORKS (else 404;
    # 404 for everyone when neither is set): a scraper has no account (sumai.core.metrics.allowed)
    "web:metrics": PUBLIC,
    "web:favicon": PUBLIC,
    "set_language": PUBLIC,
    "javascript-catalog": PUBLIC,
    "admin:*": SUPERUSER,
}
