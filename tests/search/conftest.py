from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.registry.models import Building, Registration, Unit
from sumai.search.indexing import rebuild
from tests.factories import OrganisationFactory

GROUPS = ["low_income", "elderly", "disability", "child_raising", "foreign_national", "dv_victim"]
PRIVATE = {"kitchen": "private", "toilet": "private", "bath": "private", "washbasin": "private"}
# (municipality code, address, lat, lon)
PLACES = [
    ("131032", "東京都港区芝公園4-2-8", 35.6586, 139.7454),
    ("131041", "東京都新宿区西新宿2-8-1", 35.6896, 139.6917),
    ("131121", "東京都世田谷区世田谷4-21-27", 35.6464, 139.6532),
    ("271276", "大阪府大阪市北区梅田1-1", 34.7025, 135.4959),
    ("271004", "大阪府大阪市役所", 34.6937, 135.5023),
    ("012025", "北海道函館市東雲町4-13", 41.7687, 140.7288),
]
NAMES = ["さくらハイツ", "コーポ港", "グリーンヒル", "メゾン・ド・ソレイユ", "ﾊｲﾂ青葉", "第二松風荘", "港"]


def registered_building(
    operator: Organisation,
    *,
    municipality: str = "131032",
    name: str = "さくらハイツ",
    address: str = "東京都港区芝公園4-2-8",
    lat: float | None = 35.6586,
    lon: float | None = 139.7454,
    state: str = "registered",
    units: list[dict] | None = None,
) -> Building:
    building = Building.objects.create(
        operator=operator,
        name=name,
        municipality_id=municipality,
        address=address,
        authority_code="130001",
        structure="rc",
        floors=5,
        building_type="apartment",
        construction_started=date(1995, 4, 1),
        lat=lat,
        lon=lon,
        contact_name="管理室",
        contact_phone="03-0000-0000",
    )
    number = f"13-2026-{building.pk:04d}" if state == "registered" else ""
    Registration.objects.create(
        building=building,
        authority_code="130001",
        state=state,
        registration_number=number,
        registered_on=date(2026, 1, 1) if state == "registered" else None,
    )
    for i, spec in enumerate(units or [{}]):
        data = {
            "number": f"{101 + i}",
            "floor": 1,
            "floor_area_m2": Decimal("30"),
            "layout": "1K",
            "rent": 60000,
            "common_fee": 0,
            "accepted_groups": GROUPS,
            "facilities": PRIVATE,
            "status": "registered" if state == "registered" else "draft",
            "registration_number": number,
            "registered_on": date(2026, 1, 1) if state == "registered" else None,
            "vacancy": "occupied",
            "vacancy_confirmed_at": timezone.now(),
        }
        data.update(spec)
        Unit.objects.create(building=building, **data)
    return building


@pytest.fixture
def operator(db):
    return OrganisationFactory(kind="operator", name="テスト不動産")


@pytest.fixture
def stock(operator):
    """A random but fixed registered stock of 60 buildings, ~180 units, indexed; plus unregistered ones."""
    rng = random.Random(7)
    now = timezone.now()
    for b in range(60):
        muni, address, lat, lon = PLACES[b % len(PLACES)]
        units = []
        for _u in range(rng.randint(1, 5)):
            vacancy = rng.choice(["vacant", "vacant", "occupied", "occupied", "renovation", "unknown"])
            units.append(
                {
                    "floor_area_m2": Decimal(rng.randint(150, 700)) / 10,
                    "layout": rng.choice(["1R", "1K", "1DK", "2LDK", "3LDK"]),
                    "rent": rng.randint(20, 120) * 1000,
                    "common_fee": rng.choice([0, 2000, 5000]),
                    "accepted_groups": rng.sample(GROUPS, rng.randint(1, len(GROUPS))),
                    "dedicated": rng.random() < 0.2,
                    "barrier_free": rng.random() < 0.3,
                    "pets_allowed": rng.random() < 0.2,
                    "guarantor_required": rng.random() < 0.6,
                    "vacancy": vacancy,
                    "vacancy_confirmed_at": now - timedelta(days=rng.choice([0, 3, 12, 29, 45])),
                    "registered_on": date(2025, 1, 1) + timedelta(days=rng.randint(0, 600)),
                }
            )
        registered_building(
            operator,
            municipality=muni,
            name=f"{NAMES[b % len(NAMES)]}{b}" if b % 7 else NAMES[b % len(NAMES)],
            address=address,
            lat=lat + rng.uniform(-0.03, 0.03),
            lon=lon + rng.uniform(-0.03, 0.03),
            units=units,
        )
    registered_building(operator, name="下書きハイツ", state="draft")
    registered_building(operator, name="審査中ハイツ", state="submitted")
    rebuild()
    return Unit.objects.filter(status="registered")
