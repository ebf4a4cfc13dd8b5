"""This app's rows of the permissions table. The selectors scope further: a request is seen only by the
members of the organisation it was routed to (docs/cases.md)."""

from __future__ import annotations

from sumai.core.roles import ADMINS, WRITERS
from sumai.core.rules import PUBLIC, Rule, member_of, of_url_organisation

RECEIVERS = ("municipality", "council", "support_corporation")
HOLDERS = (*RECEIVERS, "referral_partner")

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
    "cases:household_new": member_of(*HOLDERS, roles=WRITERS),
    "cases:households": member_of(*HOLDERS),
    "cases:household": member_of(*HOLDERS),
    "cases:household_edit": member_of(*HOLDERS, roles=WRITERS),
    "cases:household_hide": member_of(*HOLDERS, roles=WRITERS),
    "cases:consents": member_of(*HOLDERS, roles=WRITERS),
    "cases:consent_withdraw": member_of(*HOLDERS, roles=WRITERS),
    "cases:access_report": member_of(*HOLDERS, roles=WRITERS),
    # cases worked by the asker's organisation (scoped by the selectors; the case page is logged)
    "cases:cases": member_of(*HOLDERS),
    "cases:cases_export": member_of(*HOLDERS),  # the list's rows; the password again first
    "cases:today": member_of(*HOLDERS),
    "cases:case_open": member_of(*HOLDERS, roles=WRITERS),
    "cases:case": member_of(*HOLDERS),
    "cases:case_status": member_of(*HOLDERS, roles=WRITERS),
    "cases:case_assign": member_of(*HOLDERS, roles=WRITERS),
    "cases:case_entry": member_of(*HOLDERS, roles=WRITERS),
    "cases:case_document": member_of(*HOLDERS),
    "cases:case_transfer": member_of(*HOLDERS, roles=WRITERS),
    "cases:task_add": member_of(*HOLDERS, roles=WRITERS),
    "cases:task_done": member_of(*HOLDERS, roles=WRITERS),
    # referrals: the sender and the receiver (scoped by the selectors)
    "cases:referral_new": member_of(*HOLDERS, roles=WRITERS),
    "cases:referrals": member_of(*HOLDERS),
    "cases:referral": member_of(*HOLDERS),
    "cases:referral_decide": member_of(*RECEIVERS, roles=WRITERS),
    "cases:referral_withdraw": member_of(*HOLDERS, roles=WRITERS),
    "cases:referral_contact": member_of(*RECEIVERS, roles=WRITERS),
    "cases:area_referrals": member_of("council"),
    # a municipality's consultation desk (its administrators)
    "cases:desk": of_url_organisation(*ADMINS),
}
