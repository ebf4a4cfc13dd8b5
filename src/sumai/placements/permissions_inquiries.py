"""Permissions rows of the inquiries part of the placements app (issue #17). The selectors scope further:
a caseworker only for a case its organisation works and whose household it holds, a landlord only for
inquiries to its own units (or those of a landlord that authorised it as agent), an authority only for the
flags of its authority code."""

from __future__ import annotations

from sumai.core.roles import LANDLORD_KINDS, WRITERS
from sumai.core.rules import PUBLIC, Rule, member_of

# the organisations that hold households and work cases (cases.permissions.HOLDERS)
HOLDERS = ("municipality", "council", "support_corporation", "referral_partner")

PERMISSIONS: dict[str, Rule] = {
    "placements:inquiry_new": member_of(*HOLDERS, roles=WRITERS),
    # the caseworker's page of an inquiry (any member of the organisation that works the case, as its
    # case page), and the answer the landlord gave by phone or another way, recorded by a writer
    "placements:inquiry": member_of(*HOLDERS),
    "placements:inquiry_record_answer": member_of(*HOLDERS, roles=WRITERS),
    "placements:inquiry_withdraw": member_of(*HOLDERS, roles=WRITERS),
    "placements:landlord_inquiries": member_of(*LANDLORD_KINDS),
    "placements:landlord_inquiry": member_of(*LANDLORD_KINDS),
    "placements:landlord_answer": member_of(*LANDLORD_KINDS, roles=WRITERS),
    # the signed, expiring link of the e-mail is the credential
    "placements:inquiry_link": PUBLIC,
    "placements:flags": member_of("authority"),
    "placements:flag": member_of("authority"),
    "placements:flag_resolve": member_of("authority", roles=WRITERS),
}
