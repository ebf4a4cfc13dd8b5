"""This app's rows of the permissions table. The selectors scope further: a request is seen only by the
members of the organisation it was routed to (docs/cases.md)."""

from __future__ import annotations

from sumai.core.roles import ADMINS, WRITERS
from sumai.core.rules import PUBLIC, Rule, member_of, of_url_organisation

RECEIVERS = ("municipality", "council", "support_corporation")

PERMISSIONS: dict[str, Rule] = {
    # asking for help: anyone, without an account (throttled, honeypot)
    "cases:ask": PUBLIC,
    "cases:asked": PUBLIC,
    "cases:municipality_options": PUBLIC,
    "cases:corporation_options": PUBLIC,
    # the receiving desk's inbox (its own organisation's requests only, by the selectors)
    "cases:requests": member_of(*RECEIVERS),
    "cases:request": member_of(*RECEIVERS),
    "cases:request_contact": member_of(*RECEIVERS, roles=WRITERS),
    # households held by the asker's organisation (scoped by the selectors; every view logged)
    "cases:household_open": member_of(*RECEIVERS, roles=WRITERS),
    "cases:households": member_of(*RECEIVERS),
    "cases:household": member_of(*RECEIVERS),
    "cases:household_edit": member_of(*RECEIVERS, roles=WRITERS),
    "cases:consents": member_of(*RECEIVERS, roles=WRITERS),
    "cases:consent_withdraw": member_of(*RECEIVERS, roles=WRITERS),
    "cases:access_report": member_of(*RECEIVERS, roles=WRITERS),
    # a municipality's consultation desk (its administrators)
    "cases:desk": of_url_organisation(*ADMINS),
}
