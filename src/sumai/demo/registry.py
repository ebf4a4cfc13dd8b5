"""Buildings and units spread in proportion to municipal population."""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from sumai.demo.core import population_weights
from sumai.demo.sizes import Size
from sumai.domain.eligibility import list_groups
from sumai.places.models import Municipality
from sumai.places.selectors import authority_map
from sumai.registry.models import Building, Registration, Unit
from sumai.registry.services import UNIT_STATUS

BUILDING_WORDS = ["ハイツ", "コーポ", "メゾン", "レジデンス", "荘", "ハウス", "マンション", "アパート"]
BUILDING_NAMES = [
    "さくら",
    "ひまわり",
    "けやき",
    "みどり",
    "あおば",
    "ふじ",
    "つばき",
    "すみれ",
    "港",
    "東",
    "グリーン",
    "サンライズ",
    "パーク",
    "リバーサイド",
    "城南",
    "中央",
]
LAYOUTS = [
    ("1R", 18, 24),
    ("1K", 20, 28),
    ("1DK", 25, 35),
    ("1LDK", 30, 45),
    ("2DK", 35, 50),
    ("2LDK", 45, 65),
    ("3DK", 50, 70),
    ("3LDK", 60, 85),
]
LAYOUT_WEIGHTS = [14, 26, 18, 14, 12, 8, 5, 3]
# Codes of sumai.domain.eligibility (params/priority_groups_*.toml); the demo's acceptance mix follows the
# national system, where most units accept every group and a minority restrict.
ALL_GROUPS = ["low_income", "disaster_victim", "elderly", "disability", "child_raising", "foreign_national"]

# Made-up names of the agents and management companies the public calls about a home (synthetic).
CONTACT_COMPANIES = [
    "さくら不動産",
    "みどり住宅管理",
    "ひかりハウジング",
    "あおば不動産",
    "つばさ管理",
    "こすもす住宅",
]


# Registrations by state: most registered, some waiting for review, a few drafts, changes and rejections.
STATES = ["registered", "submitted", "changes_requested", "draft", "rejected"]
STATE_WEIGHTS = [93, 3, 1, 2, 1]
FACILITIES = {
    "kitchen": "private",
    "toilet": "private",
    "bath": "private",
    "washbasin": "private",
    "storage": "private",
}


# The other groups of the ordinance (規則3条: DV victims, people leaving a correctional facility, crime
# victims…) are ticked by few registrations: about 1 home in 30 here (``RARE_SHARE_PER_MILLE``), every one
# of them, so that a household of only such a group finds a few homes in a city — and the search keeps its
# partial index per rare group small (sumai.search.models.RARE_GROUP_BITS).
RARE_GROUPS = [g.code for g in list_groups() if g.tier == "ordinance" and g.code not in ALL_GROUPS]
RARE_SHARE_PER_MILLE = 33


def _accepted(rng: random.Random) -> list[str]:
    if rng.random() < 0.7:
        return list(ALL_GROUPS)
    return sorted(rng.sample(ALL_GROUPS, k=rng.randint(1, len(ALL_GROUPS) - 1)))


def _rare(key: str) -> list[str]:
    """The ordinance's rarer groups for about 1 home in 30, chosen by a hash of the home's key (not by the
    demo's random sequence, which every later figure of the demo follows)."""
    return list(RARE_GROUPS) if zlib.crc32(key.encode()) % 1000 < RARE_SHARE_PER_MILLE else []


def create_buildings_and_units(
    size: Size,
    rng: random.Random,
    operator_ids: list[int],
    progress: Callable[[str], None],
) -> tuple[int, int]:
    munis = list(Municipality.objects.all())
    places, weights = population_weights(munis)
    authorities = authority_map()
    big_operator = operator_ids[0]
    now = timezone.now()
    units_per_building = size.units / size.buildings
    # Rent level scales with the municipality's population (a crude urban premium).
    rent_base = {m.code: 35_000 + min(45_000, (m.population or 0) // 25) for m in places}
    building_batch: list[Building] = []
    made_buildings = made_units = 0
    chosen = rng.choices(places, weights=weights, k=size.buildings)
    # One building in ten belongs to the bulk operator but it holds most units: large buildings.
    plan: list[tuple[Municipality, int, int]] = []
    remaining = size.units
    for i, muni in enumerate(chosen):
        bulk = rng.random() < 0.1
        if i == size.buildings - 1:
            n = max(1, remaining)
        else:
            mean = units_per_building * (4.5 if bulk else 0.6)
            n = max(1, min(remaining - (size.buildings - i - 1), int(rng.expovariate(1 / mean)) + 1))
        remaining -= n
        owner = big_operator if bulk else rng.choice(operator_ids)
        plan.append((muni, n, owner))
    chunk = 2_000
    serial: dict[str, int] = {}
    for start in range(0, len(plan), chunk):
        building_batch = []
        for muni, n, owner in plan[start : start + chunk]:
            floors = 1 if n <= 2 else min(15, max(2, n // rng.randint(3, 8)))
            started = date(rng.randint(1965, 2024), rng.randint(1, 12), rng.randint(1, 28))
            shared = n >= 4 and rng.random() < 0.03
            building_batch.append(
                Building(
                    operator_id=owner,
                    name=f"{rng.choice(BUILDING_NAMES)}{rng.choice(BUILDING_WORDS)}{rng.randint(1, 99)}",
                    postal_code="",
                    municipality_id=muni.code,
                    address=f"{muni.name}{rng.randint(1, 9)}丁目{rng.randint(1, 30)}-{rng.randint(1, 20)}",
                    authority_code=authorities[muni.code].code,
                    structure=rng.choice(["wood", "wood", "steel", "rc", "rc", "src"])
                    if floors < 4
                    else "rc",
                    floors=floors,
                    building_type="shared_house" if shared else ("detached" if n == 1 else "apartment"),
                    construction_started=started,
                    lat=(muni.lat or 35.68) + rng.uniform(-0.03, 0.03),
                    lon=(muni.lon or 139.76) + rng.uniform(-0.03, 0.03),
                    # every home lists how the public reaches it (as the national system does)
                    contact_name=f"{rng.choice(CONTACT_COMPANIES)} 賃貸管理部",
                    contact_phone=f"0{rng.randint(3, 9)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                )
            )
        Building.objects.bulk_create(building_batch, batch_size=2000)
        made_buildings += len(building_batch)
        unit_batch: list[Unit] = []
        registrations: list[Registration] = []
        for building, (muni, n, _owner) in zip(building_batch, plan[start : start + chunk], strict=True):
            state = rng.choices(STATES, weights=STATE_WEIGHTS)[0]
            registered_on = min(
                now.date(),
                (
                    building.construction_started
                    if building.construction_started.year > 2017
                    else date(2017, 10, 25)
                )
                + timedelta(days=rng.randint(30, 2800)),
            )
            number = ""
            if state == "registered":
                serial[building.authority_code] = serial.get(building.authority_code, 0) + 1
                number = (
                    f"{building.authority_code}-{registered_on.year}-{serial[building.authority_code]:05d}"
                )
            registrations.append(
                Registration(
                    building=building,
                    state=state,
                    authority_code=building.authority_code,
                    registration_number=number,
                    registered_on=registered_on if state == "registered" else None,
                    submitted_at=now - timedelta(days=rng.randint(1, 40)) if state != "draft" else None,
                )
            )
            status = UNIT_STATUS[state]
            for k in range(n):
                layout, lo, hi = rng.choices(LAYOUTS, weights=LAYOUT_WEIGHTS)[0]
                area = Decimal(rng.randint(lo * 10, hi * 10)) / 10
                rent = int(rent_base[muni.code] * float(area) / 30 * rng.uniform(0.8, 1.2)) // 1000 * 1000
                vacancy_roll = rng.random()
                vacancy = (
                    "occupied"
                    if vacancy_roll < 0.90
                    else "vacant"
                    if vacancy_roll < 0.95
                    else "unknown"
                    if vacancy_roll < 0.98
                    else "renovation"
                )
                confirmed: datetime | None = None
                if vacancy != "unknown":
                    confirmed = now - timedelta(days=rng.randint(0, 29), minutes=rng.randint(0, 1440))
                floor = 1 + (k // max(1, n // building.floors)) if building.floors > 1 else 1
                unit_batch.append(
                    Unit(
                        building=building,
                        number=f"{min(floor, building.floors)}{k + 1:02d}" if k < 99 else f"{floor}-{k + 1}",
                        floor=min(floor, building.floors),
                        floor_area_m2=area,
                        layout=layout,
                        rent=max(15_000, rent),
                        common_fee=rng.choice([0, 2000, 3000, 5000]),
                        deposit=rng.choice([0, 1, 2]) * max(15_000, rent),
                        key_money=rng.choice([0, 0, 1]) * max(15_000, rent),
                        accepted_groups=_accepted(rng) + _rare(f"{building.name}/{k}"),
                        dedicated=rng.random() < 0.01,
                        barrier_free=rng.random() < 0.12,
                        pets_allowed=rng.random() < 0.1,
                        guarantor_required=rng.random() < 0.6,
                        status=status,
                        registration_number=number,
                        facilities=FACILITIES,
                        registered_on=registered_on if status == "registered" else None,
                        vacancy=vacancy,
                        vacancy_confirmed_at=confirmed,
                    )
                )
        Registration.objects.bulk_create(registrations, batch_size=2000)
        Unit.objects.bulk_create(unit_batch, batch_size=5000)
        made_units += len(unit_batch)
        progress(f"buildings {made_buildings:,}/{size.buildings:,}, units {made_units:,}/{size.units:,}")
    return made_buildings, made_units
