"""A small area for consultation requests: Tokyo (13) with Setagaya (131121) and Minato (131032)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.utils import timezone

from sumai.accounts.models import Membership, Organisation, User
from sumai.cases.models import Desk
from sumai.councils.models import Council
from sumai.support.models import Service, ServiceArea, SupportCorporation
from tests.factories import OrganisationFactory, UserFactory

SETAGAYA = "131121"
MINATO = "131032"
SHINJUKU = "131041"


def corporation(name: str, *, serves: list[str], state: str = "designated") -> Organisation:
    org = OrganisationFactory(kind="support_corporation", name=name, prefecture_id="13")
    c = SupportCorporation.objects.create(
        organisation=org,
        prefecture_id="13",
        legal_form="npo",
        state=state,
        designation_number=f"13-2025-{org.pk:03d}",
        designated_on=date(2025, 4, 1),
        phone="03-1111-2222",
        submitted_at=timezone.now(),
    )
    Service.objects.create(corporation=c, task="consultation")
    for code in serves:
        ServiceArea.objects.create(corporation=c, municipality_id=code)
    return org


def council(name: str, *, level: str, municipalities: list[str] = ()) -> Organisation:  # type: ignore[assignment]
    org = OrganisationFactory(kind="council", name=name, prefecture_id="13")
    c = Council.objects.create(organisation=org, level=level, prefecture_id="13", founded_on=date(2015, 4, 1))
    c.municipalities.set(municipalities)
    return org


def desk(code: str, name: str) -> Organisation:
    org = OrganisationFactory(
        kind="municipality", name=f"{name}役所", prefecture_id="13", municipality_id=code
    )
    Desk.objects.create(
        organisation=org, name=f"{name} 住まいの相談窓口", phone="03-5432-1111", hours="平日9時〜17時"
    )
    return org


@dataclass
class Area:
    setagaya_desk: Organisation
    minato_council: Organisation
    tokyo_council: Organisation
    npo_a: Organisation
    npo_b: Organisation
    users: dict[str, User] = field(default_factory=dict)

    def member(self, org: Organisation, role: str = "staff") -> User:
        key = f"{org.pk}-{role}"
        if key not in self.users:
            user = UserFactory(email=f"{role}.{org.pk}@example.jp")
            Membership.objects.create(user=user, organisation=org, role=role)
            self.users[key] = user
        return self.users[key]


@pytest.fixture
def area(db) -> Area:  # type: ignore[no-untyped-def]
    return Area(
        setagaya_desk=desk(SETAGAYA, "世田谷区"),
        minato_council=council("港区居住支援協議会", level="municipal", municipalities=[MINATO]),
        tokyo_council=council("東京都居住支援協議会", level="prefectural"),
        npo_a=corporation("NPO法人 あおば", serves=[SETAGAYA, MINATO, SHINJUKU]),
        npo_b=corporation("NPO法人 わかば", serves=[SHINJUKU]),
    )
