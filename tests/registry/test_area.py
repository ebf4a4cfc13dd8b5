"""A municipality's housing and welfare staff and its referral partners read the registry of their own area
(issue #14, item 18): registered stock, what is under review, vacancy — read only; never a landlord's draft,
never another municipality's; a designated city's department sees its wards."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from sumai.accounts.models import Membership
from sumai.registry.models import Unit
from tests.factories import OrganisationFactory, UserFactory
from tests.registry.conftest import make_building

pytestmark = pytest.mark.django_db


def _rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/registry/area/\d+/">(.*?)</a>', html)


@pytest.fixture
def area(registry_world):
    operator = registry_world.orgs["operator"]
    registered = make_building(operator, name="世田谷の登録荘", state="registered")
    make_building(operator, name="世田谷の審査中荘", state="submitted")
    make_building(operator, name="世田谷の下書き荘", state="draft")
    make_building(operator, name="千代田の登録荘", state="registered", municipality="131016")
    make_building(
        operator, name="大阪北区の登録荘", state="registered", municipality="271276", authority="271004"
    )
    Unit.objects.filter(building=registered).update(
        vacancy="vacant", status="registered", registered_on=date(2026, 1, 1)
    )
    return registered


@pytest.mark.parametrize("kind", ["municipality", "referral_partner"])
def test_the_area_lists_its_registered_and_reviewed_homes_not_drafts_or_others(
    client, registry_world, area, kind
):
    client.force_login(registry_world.user(kind, "staff"))
    html = client.get(reverse("registry:area")).content.decode()
    assert sorted(_rows(html)) == ["世田谷の審査中荘", "世田谷の登録荘"]
    assert "千代田" not in html
    assert "下書き" not in html
    vacant = client.get(reverse("registry:area"), {"vacant": "on"}).content.decode()
    assert _rows(vacant) == ["世田谷の登録荘"]


def test_the_building_page_is_read_only(client, registry_world, area):
    client.force_login(registry_world.user("municipality", "staff"))
    html = client.get(reverse("registry:area_building", kwargs={"pk": area.pk})).content.decode()
    assert "世田谷の登録荘" in html
    assert "/edit/" not in html
    assert f'href="/units/{area.units.first().pk}/"' in html
    # a landlord's own pages stay closed to it
    assert client.get(reverse("registry:building", kwargs={"pk": area.pk})).status_code == 403


def test_a_designated_citys_department_reads_its_wards(client, registry_world, area):
    osaka = OrganisationFactory(
        kind="municipality", name="大阪市 住宅政策課", prefecture_id="27", municipality_id="271004"
    )
    user = UserFactory(email="osaka.housing@example.jp")
    Membership.objects.create(user=user, organisation=osaka, role="staff")
    client.force_login(user)
    assert _rows(client.get(reverse("registry:area")).content.decode()) == ["大阪北区の登録荘"]


def test_the_dashboard_links_to_the_area(client, registry_world):
    client.force_login(registry_world.user("municipality", "staff"))
    assert reverse("registry:area") in client.get(reverse("web:dashboard")).content.decode()
