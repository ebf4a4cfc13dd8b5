"""A building under review or registered cannot move to another registration authority (issue 13, High 1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.places.selectors import registration_authority
from sumai.registry.models import Building, Registration
from tests.registry.conftest import make_building, post_edit
from tests.registry.test_workflow import BUILDING_POST


def _edit(client, building, **changes):  # type: ignore[no-untyped-def]
    return post_edit(
        client, reverse("registry:building_edit", kwargs={"pk": building.pk}), {**BUILDING_POST, **changes}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["changes_requested", "change_notified"])
def test_moving_to_another_authority_is_refused(client, registry_world, state):
    building = make_building(registry_world.orgs["operator"], state=state)
    client.force_login(registry_world.user("operator", "admin"))
    assert registration_authority("011011").code != "130001"  # 札幌市中央区: Sapporo registers its own
    response = _edit(client, building, municipality_code="011011", postal_code="", address="中央区1-1")
    assert response.status_code == 400
    errors = response.context["form"].errors["municipality_code"]
    assert errors == [
        "市区町村: 札幌市中央区は別の登録主体（札幌市）の区域です。申請後の建物は登録主体を移せません。"
        "この登録を廃止し、その登録主体に申請し直してください。"
    ]
    building.refresh_from_db()
    reg = Registration.objects.get(building=building)
    assert (building.municipality_id, building.authority_code, reg.authority_code) == (
        "131121",
        "130001",
        "130001",
    )
    # the reviewer still sees its registration
    client.force_login(registry_world.user("authority", "staff"))
    assert client.get(reverse("registry:review", kwargs={"pk": reg.pk})).status_code == 200


@pytest.mark.django_db
def test_moving_within_the_same_authority_is_allowed(client, registry_world):
    building = make_building(registry_world.orgs["operator"], state="change_notified")
    client.force_login(registry_world.user("operator", "admin"))
    assert registration_authority("131130").code == "130001"  # 渋谷区, like 世田谷区, is Tokyo's
    response = _edit(client, building, municipality_code="131130", postal_code="", address="渋谷区1-1")
    assert response.status_code == 302, response.context["form"].errors
    building.refresh_from_db()
    assert (building.municipality_id, building.authority_code) == ("131130", "130001")


@pytest.mark.django_db
def test_a_draft_may_still_move(client, registry_world):
    building = make_building(registry_world.orgs["operator"], state="draft")
    client.force_login(registry_world.user("operator", "admin"))
    response = _edit(client, building, municipality_code="011011", postal_code="", address="中央区1-1")
    assert response.status_code == 302, response.context["form"].errors
    building = Building.objects.select_related("registration").get(pk=building.pk)
    assert building.authority_code == building.registration.authority_code == "011002"
