"""The permissions rows of the households and cases API (``sumai.cases.api``): members of organisations that
hold households, by session or by their organisation's token; the API also wants the token's ``cases``
scope (``sumai.cases.api.CasesScope``). The selectors scope the rows: a household by holding or consent, a
case by the organisation that works it."""

from __future__ import annotations

from sumai.core.roles import HOUSEHOLD_HOLDING_KINDS, WRITERS
from sumai.core.rules import Rule, member_of

PERMISSIONS: dict[str, Rule] = {
    "api:household-list": member_of(*HOUSEHOLD_HOLDING_KINDS),
    "api:household-detail": member_of(*HOUSEHOLD_HOLDING_KINDS),
    "api:case-list": member_of(*HOUSEHOLD_HOLDING_KINDS),
    "api:case-detail": member_of(*HOUSEHOLD_HOLDING_KINDS),
    "api:case-notes": member_of(*HOUSEHOLD_HOLDING_KINDS, roles=WRITERS),
    "api:referral-list": member_of(*HOUSEHOLD_HOLDING_KINDS),
    # the matches of a case (sumai.api.matches): the matching pages' scope, writers to run one
    "api:case-matches": member_of(*HOUSEHOLD_HOLDING_KINDS),
    "api:case-match-detail": member_of(*HOUSEHOLD_HOLDING_KINDS),
    # the placements of a case (sumai.placements.api_placements): the placement pages' scope
    "api:case-placements": member_of(*HOUSEHOLD_HOLDING_KINDS),
    # the inquiries of a case (sumai.placements.api_inquiries): the inquiry pages' scope
    "api:case-inquiries": member_of(*HOUSEHOLD_HOLDING_KINDS),
}
