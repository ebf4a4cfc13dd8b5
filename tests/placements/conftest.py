"""The matching's world (a household of two older people in Setagaya with a case of the Setagaya desk, and
registered homes), with helpers to record a placement."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from sumai.placements import services_placements as services
from sumai.placements.models import LandlordInquiry, Placement
from sumai.registry.models import Unit
from tests.matching.conftest import HOMES, World, build_homes
from tests.matching.conftest import area as area
from tests.matching.conftest import world as world

__all__ = ["HOMES", "accepted_inquiry", "build_homes", "lease", "record"]


def lease(**changes: Any) -> services.LeaseInput:
    today = timezone.localdate()
    base: dict[str, Any] = {
        "signed_on": today,
        "start_on": today,
        "move_in_on": today,
        "rent": 50_000,
        "common_fee": 3_000,
        "deposit": 50_000,
        "guarantee": "guarantee_company",
        "guarantor": "テスト保証株式会社",
        "guarantee_fee": 25_000,
        "local_programmes": frozenset({"rent_reduction", "guarantee_fee"}),
    }
    base.update(changes)
    return services.LeaseInput(**base)


def record(world: World, unit_key: str = "ok_plain", **changes: Any) -> Placement:
    return services.placement_record(
        actor=world.staff,
        case=world.case,
        unit=world.units[unit_key],
        data=lease(**changes),
        acknowledged=True,
    )


def accepted_inquiry(world: World, unit: Unit, reference: str = "INQ-0001") -> LandlordInquiry:
    return LandlordInquiry.objects.create(
        reference=reference,
        case=world.case,
        household=world.household,
        organisation=world.case.organisation,
        unit=unit,
        operator=unit.building.operator,
        state=LandlordInquiry.State.ACCEPTED,
        sent_at=timezone.now(),
        sent_on=date.today(),  # noqa: DTZ011 - a test date
    )


@pytest.fixture
def placed(world: World) -> Placement:
    return record(world)
