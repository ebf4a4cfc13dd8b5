"""Permissions rows of the placements part of the placements app (issue #17). The selectors scope further:
only members of the organisation that works the case *and* holds its household see or record a placement
(docs/placements.md)."""

from __future__ import annotations

from sumai.core.roles import WRITERS
from sumai.core.rules import Rule, member_of

# the organisations that hold households and work cases (cases.permissions.HOLDERS)
HOLDERS = ("municipality", "council", "support_corporation", "referral_partner")

PERMISSIONS: dict[str, Rule] = {
    # record a placement (the form writes: writers only)
    "placements:placement_new": member_of(*HOLDERS, roles=WRITERS),
    # the placement, its subsidies and follow-ups
    "placements:placement": member_of(*HOLDERS),
    # answer a follow-up; record the end of the tenancy
    "placements:followup_answer": member_of(*HOLDERS, roles=WRITERS),
    "placements:placement_end": member_of(*HOLDERS, roles=WRITERS),
    # the household did not move in: cancel the placement (up to the move-in day)
    "placements:placement_cancel": member_of(*HOLDERS, roles=WRITERS),
}
