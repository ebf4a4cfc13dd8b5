"""The demo sizes stay consistent with what the case-work generator assumes (sumai.demo.cases)."""

from __future__ import annotations

import pytest

from sumai.demo.sizes import SIZES


@pytest.mark.parametrize("name", sorted(SIZES))
def test_every_partner_holds_a_household_and_shares_are_fractions(name: str) -> None:
    size = SIZES[name]
    assert 0 < size.household_share <= 1
    # each referral partner gets at least one household (and so a referral) before the rest are drawn
    assert size.partner_households >= size.referral_partners
    assert size.consultations > 0
