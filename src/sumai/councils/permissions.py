"""This app's rows of the permissions table (merged into sumai.accounts.permissions.PERMISSIONS).

Councils: the directory and council pages are public (minutes only when marked public; the view scopes
files). A council's own admin and staff edit it: the URL carries the council's organisation id, and the rule
checks membership of exactly that organisation. Activity grants: councils and support corporations apply
(rows scoped to their own organisations by sumai.councils.selectors); the national ministry decides.
"""

from __future__ import annotations

from sumai.core.roles import WRITERS
from sumai.core.rules import PUBLIC, Rule, member_of, of_url_organisation

EDITORS = WRITERS
APPLICANTS = ("council", "support_corporation")

PERMISSIONS: dict[str, Rule] = {
    "councils:directory": PUBLIC,
    "councils:detail": PUBLIC,
    "councils:meeting_file": PUBLIC,  # public minutes; others only for the council's members (view)
    "councils:edit": of_url_organisation(*EDITORS),
    "councils:member_add": of_url_organisation(*EDITORS),
    "councils:member_remove": of_url_organisation(*EDITORS),
    "councils:meeting_new": of_url_organisation(*EDITORS),
    "councils:meeting_edit": of_url_organisation(*EDITORS),
    "councils:grants": PUBLIC,
    "councils:programme": PUBLIC,
    "councils:programme_new": member_of("national", roles=EDITORS),
    "councils:grant_inbox": member_of("national"),
    "councils:application_new": member_of(*APPLICANTS, roles=EDITORS),
    "councils:application": member_of(*APPLICANTS, "national"),  # scoped by the selectors
    "councils:application_edit": member_of(*APPLICANTS, roles=EDITORS),
    "councils:application_submit": member_of(*APPLICANTS, roles=EDITORS),
    "councils:application_withdraw": member_of(*APPLICANTS, roles=EDITORS),
    "councils:application_decide": member_of("national", roles=EDITORS),
}
