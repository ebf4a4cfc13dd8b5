"""This app's rows of the permissions table (merged into sumai.accounts.permissions.PERMISSIONS).

Rows scoped further by :mod:`sumai.support.selectors`: a prefecture's reviewers see only corporations that
applied to (or were designated by) their prefecture; a corporation's members only their own record.
"""

from __future__ import annotations

from sumai.core.roles import ROLES, WRITERS
from sumai.core.rules import PUBLIC, Rule, member_of, of_url_organisation

_OWN = of_url_organisation(*ROLES)
_OWN_WRITE = of_url_organisation(*WRITERS)
_PREFECTURE = member_of("authority")
_PREFECTURE_WRITE = member_of("authority", roles=WRITERS)

PERMISSIONS: dict[str, Rule] = {
    # public directory and open data
    "support:directory": PUBLIC,
    "support:corporation": PUBLIC,
    "support:export_csv": PUBLIC,
    "support:export_json": PUBLIC,
    "support:export_hsds": PUBLIC,
    # the corporation's own pages (viewers read; writes need admin/staff, checked again by the services)
    "support:application": _OWN,
    "support:application_step": _OWN_WRITE,
    "support:services": _OWN,
    "support:area": _OWN,
    "support:capacity": _OWN,
    "support:change_notice": _OWN,
    "support:filings": _OWN,
    # the designating prefecture (its own prefecture only, by the selectors)
    "support:inbox": _PREFECTURE,
    "support:review": _PREFECTURE,
    "support:review_decide": _PREFECTURE_WRITE,
    "support:review_supervise": _PREFECTURE_WRITE,
    "support:notice_acknowledge": _PREFECTURE_WRITE,
    "support:filing_decide": _PREFECTURE_WRITE,
}
