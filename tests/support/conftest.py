from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sumai.accounts.models import Membership, Organisation
from sumai.support.models import Service, ServiceArea, SupportCorporation
from tests.factories import OrganisationFactory, UserFactory

OFFICERS = [{"name": "山田 太郎", "title": "理事長"}]


def make_corporation(
    org: Organisation | None = None,
    *,
    state: str = "designated",
    prefecture: str = "13",
    areas: tuple[str, ...] = ("131121",),
    tasks: tuple[str, ...] = ("consultation", "living_support"),
    number: str = "",
    **extra: Any,
) -> SupportCorporation:
    org = org or OrganisationFactory(kind="support_corporation", prefecture_id=prefecture)
    holds = state in ("designated", "suspended", "revoked", "abolished")
    c = SupportCorporation.objects.create(
        organisation=org,
        prefecture_id=prefecture,
        legal_form=extra.pop("legal_form", "npo"),
        state=state,
        designation_number=number or (f"{prefecture}-2025-{org.pk:03d}" if holds else ""),
        designated_on=date(2025, 4, 1) if holds else None,
        representative="山田 太郎",
        address="東京都世田谷区1-2-3",
        officers=OFFICERS,
        business_plan="相談と見守り",
        phone=extra.pop("phone", "03-1234-5678"),
        **extra,
    )
    for t in tasks:
        Service.objects.create(corporation=c, task=t)
    for code in areas:
        ServiceArea.objects.create(corporation=c, municipality_id=code)
    return c


@pytest.fixture
def support_world(demo_orgs):  # type: ignore[no-untyped-def]
    """The demo world plus Hokkaido's prefectural authority (another prefecture) and Sapporo's registration
    authority (a city that registers housing but designates no support corporations)."""
    world = demo_orgs
    hokkaido = OrganisationFactory(
        kind="authority", name="北海道", authority_code="010006", prefecture_id="01"
    )
    u = UserFactory(email="hokkaido.reviewer@example.jp")
    Membership.objects.create(user=u, organisation=hokkaido, role="staff")
    sapporo = OrganisationFactory(
        kind="authority", name="札幌市", authority_code="011002", prefecture_id="01", municipality_id="011002"
    )
    u2 = UserFactory(email="sapporo.reviewer@example.jp")
    Membership.objects.create(user=u2, organisation=sapporo, role="staff")
    other = OrganisationFactory(kind="support_corporation", name="別の法人", prefecture_id="13")
    u3 = UserFactory(email="other.support@example.jp")
    Membership.objects.create(user=u3, organisation=other, role="admin")
    world.orgs["hokkaido"] = hokkaido
    world.orgs["other_support"] = other
    return world
