"""The building form's address (issue #14, item 5): the municipality is chosen by name from the prefecture's
list, never typed as a code; a form sent back with an error keeps the choice; a designated city must be
given by its ward; the edit form shows the building's own prefecture and municipality."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sumai.registry.models import Building
from tests.registry.test_workflow import BUILDING_POST


def _select(html: str, name: str) -> str:
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no <select name={name}>"
    return match.group(1)


@pytest.mark.django_db
def test_the_new_form_offers_prefectures_by_name_and_no_code_box(client, registry_world):
    client.force_login(registry_world.user("operator", "admin"))
    html = client.get(reverse("registry:building_new")).content.decode()
    assert '<option value="13">東京都</option>' in _select(html, "prefecture")
    assert "先に都道府県を選んでください" in _select(html, "municipality_code")
    assert not re.search(r'<input[^>]*name="municipality_code"', html)
    assert "市区町村コード" not in html


@pytest.mark.django_db
def test_a_form_sent_back_with_an_error_keeps_the_municipality_chosen(client, registry_world):
    client.force_login(registry_world.user("operator", "admin"))
    post = {**BUILDING_POST, "operator": registry_world.orgs["operator"].pk, "prefecture": "13", "name": ""}
    response = client.post(reverse("registry:building_new"), post)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<option value="13" selected>東京都</option>' in _select(html, "prefecture")
    assert '<option value="131121" selected>世田谷区</option>' in _select(html, "municipality_code")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("271004", "大阪市ではなく、区を指定してください。"),  # a designated city with wards
        ("999999", "市区町村を一覧から選んでください。"),
    ],
)
def test_a_place_a_building_cannot_be_in_is_refused_with_words(client, registry_world, code, message):
    client.force_login(registry_world.user("operator", "admin"))
    post = {**BUILDING_POST, "operator": registry_world.orgs["operator"].pk, "municipality_code": code}
    response = client.post(reverse("registry:building_new"), post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Building.objects.filter(name=BUILDING_POST["name"]).exists()


@pytest.mark.django_db
def test_the_edit_form_shows_the_buildings_prefecture_and_municipality(client, registry_world):
    client.force_login(registry_world.user("operator", "admin"))
    client.post(
        reverse("registry:building_new"), {**BUILDING_POST, "operator": registry_world.orgs["operator"].pk}
    )
    building = Building.objects.get(name=BUILDING_POST["name"])
    html = client.get(reverse("registry:building_edit", kwargs={"pk": building.pk})).content.decode()
    assert '<option value="13" selected>東京都</option>' in _select(html, "prefecture")
    options = _select(html, "municipality_code")
    assert '<option value="131121" selected>世田谷区</option>' in options
    assert 'value="131016"' in options  # the rest of Tokyo to choose from


@pytest.mark.django_db
def test_the_municipality_list_of_a_prefecture_has_wards_not_their_city(client):
    html = client.get(reverse("places:municipality_options"), {"prefecture": "27"}).content.decode()
    assert ">大阪市北区<" in html
    assert 'value="271004"' not in html  # 大阪市 itself: a building is in one of its wards
    empty = client.get(reverse("places:municipality_options"), {"prefecture": "99"}).content.decode()
    assert "先に都道府県を選んでください" in empty
