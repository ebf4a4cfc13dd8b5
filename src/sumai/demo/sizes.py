from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    buildings: int
    units: int
    operators: int
    agents: int
    support_corporations: int
    councils: int
    referral_partners: int
    consultations: int = 0  # requests for help over the last three years (sumai.demo.cases)
    household_share: float = 0.6  # of the answered requests, those that became a household with a case
    partner_households: int = 0  # households the referral partners hold and refer (each with a referral)


SIZES = {
    # For the test suite: every kind of data, in a second.
    "tiny": Size(
        "tiny",
        buildings=60,
        units=500,
        operators=20,
        agents=5,
        support_corporations=10,
        councils=50,
        referral_partners=10,
        consultations=120,
        partner_households=30,
    ),
    # A few thousand units: loads in seconds, enough to click around.
    "small": Size(
        "small",
        buildings=600,
        units=8_000,
        operators=250,
        agents=30,
        support_corporations=120,
        councils=130,  # 47 prefectural + 83 municipal (the national proportions of founding_dates)
        referral_partners=150,
        consultations=1_500,
        partner_households=300,
    ),
    # Today's national scale (DESIGN.md quality bars): 1,000,000 units in ~70,000 buildings.
    "national": Size(
        "national",
        buildings=70_000,
        units=1_000_000,
        operators=20_000,
        agents=1_500,
        support_corporations=1_500,
        councils=130,
        referral_partners=3_000,
        consultations=30_000,  # issue #16: three years of requests at the national size
        partner_households=6_000,
    ),
}
