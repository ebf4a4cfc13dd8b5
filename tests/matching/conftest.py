"""A household in Setagaya (two members of 76 and 74: older people, low income) with a case of the Setagaya
desk, and a small set of registered homes built so that each breaks exactly one hard rule of
``sumai.domain.matching`` (or none), indexed as the public search index holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.cases.models import Case, Household, HouseholdMember
from sumai.registry.models import Building, Registration, Unit
from sumai.search.indexing import sync_buildings
from tests.cases.conftest import SETAGAYA, Area
from tests.cases.conftest import area as area  # the fixture, re-exported
from tests.factories import OrganisationFactory

FACILITIES = {"kitchen": "private", "toilet": "private", "bath": "private", "washbasin": "private"}
CEILING = 60_000
ADDRESS = "世田谷区秘匿町9-8-7"

# Each home: (key, changes to the good home). The good home: 50,000 + 3,000 yen, 40 m², floor 1, pets
# allowed, accepts older people, vacant and confirmed two days ago. The household asks (its record) for a
# ceiling of 60,000 yen, the living-area standard (two persons: 30 m²), a ground floor and pets.
HOMES: list[tuple[str, dict[str, Any]]] = [
    ("ok_dedicated", {"dedicated": True, "rent": 56_000}),  # the dearest and farthest match, still first
    ("ok_cheap", {"rent": 40_000}),
    ("ok_plain", {}),
    ("ok_barrier_free_upstairs", {"floor": 4, "barrier_free": True}),  # barrier-free access counts
    ("bad_group", {"accepted_groups": ["child_raising"]}),
    ("bad_cost", {"rent": 58_000}),  # 58,000 + 3,000 > 60,000
    ("bad_vacancy", {"stale": True}),  # confirmed 45 days ago, beyond the 30 days of validity
    ("bad_vacancy_never", {"vacancy_confirmed_at": None}),  # marked vacant, never confirmed (NULL in SQL)
    ("bad_area", {"floor_area_m2": Decimal("29.50")}),
    ("bad_floor", {"floor": 3}),
    ("bad_pets", {"pets_allowed": False}),
    ("occupied", {"vacancy": "occupied"}),  # not vacant: not among the homes considered at all
]
EXCLUDED = {"group": 1, "cost": 1, "vacancy": 2, "area": 1, "floor": 1, "pets": 1}


@dataclass
class World:
    area: Area
    household: Household
    case: Case
    units: dict[str, Unit] = field(default_factory=dict)

    @property
    def staff(self) -> Any:
        return self.area.member(self.area.setagaya_desk)


def build_homes(operator: Organisation, homes: list[tuple[str, dict[str, Any]]]) -> dict[str, Unit]:
    now = timezone.now()
    units: dict[str, Unit] = {}
    for i, (key, changes) in enumerate(homes):
        changes = dict(changes)
        building = Building.objects.create(
            operator=operator,
            name=f"テスト荘{i:02d}",
            municipality_id=SETAGAYA,
            address=f"世田谷区太子堂{i + 1}-2-3",
            authority_code="130001",
            structure="rc",
            floors=5,
            building_type="apartment",
            construction_started=date(1995, 4, 1),
            lat=35.6464 + i * 0.001,
            lon=139.6532,
            contact_name="管理室",
            contact_phone="03-0000-0000",
        )
        Registration.objects.create(
            building=building,
            authority_code="130001",
            state="registered",
            registration_number=f"13-{i:05d}",
            registered_on=date(2026, 1, 1),
            submitted_at=now,
        )
        stale = changes.pop("stale", False)
        base: dict[str, Any] = {
            "building": building,
            "number": "101",
            "floor": 1,
            "floor_area_m2": Decimal("40.00"),
            "layout": "1DK",
            "rent": 50_000,
            "common_fee": 3_000,
            "accepted_groups": ["elderly"],
            "facilities": FACILITIES,
            "pets_allowed": True,
            "status": "registered",
            "registration_number": f"13-{i:05d}",
            "registered_on": date(2026, 1, 1),
            "vacancy": "vacant",
            "vacancy_confirmed_at": now - timedelta(days=45 if stale else 2),
        }
        base.update(changes)
        units[key] = Unit.objects.create(**base)
    sync_buildings({u.building_id for u in units.values()})
    return units


@pytest.fixture
def world(area: Area) -> World:
    desk_org = area.setagaya_desk
    household = Household.objects.create(
        organisation=desk_org,
        pseudonym="テスト世帯A",
        municipality_id=SETAGAYA,
        address=ADDRESS,
        max_rent=CEILING,
        needs_lift=True,
        pets=True,
        languages="ベトナム語",
    )
    today = timezone.localdate()
    for role, years in (("applicant", 76), ("spouse", 74)):
        HouseholdMember.objects.create(
            household=household, role=role, birth_date=date(today.year - years, 1, 1), pension_gross=900_000
        )
    case = Case.objects.create(household=household, organisation=desk_org, caseworker=area.member(desk_org))
    operator = OrganisationFactory(kind="operator", name="テスト不動産", prefecture_id="13")
    return World(area=area, household=household, case=case, units=build_homes(operator, HOMES))
