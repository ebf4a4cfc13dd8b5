"""This app's rows of the permissions table. The selectors scope further: only members of the organisation
that works the case *and* holds its household see a match (docs/matching.md)."""

from __future__ import annotations

from sumai.core.roles import WRITERS
from sumai.core.rules import Rule, member_of

# the organisations that hold households and work cases (cases.permissions.HOLDERS)
HOLDERS = ("municipality", "council", "support_corporation", "referral_partner")

PERMISSIONS: dict[str, Rule] = {
    # the form and the ranked homes of one case (a search writes a snapshot: writers only)
    "matching:homes": member_of(*HOLDERS, roles=WRITERS),
    # a stored snapshot: what the caseworker saw
    "matching:snapshot": member_of(*HOLDERS),
    # support corporations for the household
    "matching:support": member_of(*HOLDERS),
}
