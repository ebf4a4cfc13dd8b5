"""The public API: same filters as the page, cursor pages, validators, clear 400s, anonymous read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.search import selectors
from tests.search.conftest import registered_building

pytestmark = pytest.mark.django_db


def test_units_search_matches_the_page_filters(client, stock):
    url = reverse("api:unit-list")
    response = client.get(url, {"municipality": "131032", "group": "elderly", "rent_max": 60000})
    assert response.status_code == 200
    body = response.json()
    assert body["results"], "the fixture has units in 港区"
    for unit in body["results"]:
        assert unit["municipality"]["code"] == "131032"
        assert unit["monthly_total"] <= 60000
        assert "elderly" in unit["accepted_groups"]
    assert body["count"] >= len(body["results"])


def test_units_cursor_walk_covers_every_result_once(client, stock):
    url = reverse("api:unit-list")
    seen: list[int] = []
    response = client.get(url, {"prefecture": "13", "page_size": 7, "sort": "-rent"})
    body = response.json()
    total = body["count"]
    while True:
        seen += [u["id"] for u in body["results"]]
        if not body["next"]:
            break
        body = client.get(body["next"]).json()
    assert len(seen) == len(set(seen)) == total
    assert body["previous"]


def test_etag_and_last_modified(client, stock):
    url = reverse("api:unit-list") + "?prefecture=27"
    first = client.get(url)
    assert first["ETag"]
    assert first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other = client.get(reverse("api:unit-list") + "?prefecture=13", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200


def test_the_etag_changes_when_the_registry_changes(client, stock, operator):
    url = reverse("api:unit-list") + "?prefecture=13"
    first = client.get(url)
    from sumai.search.indexing import sync_buildings

    building = registered_building(operator, name="新しいハイツ")
    sync_buildings([building.pk])
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"rent_max": "1" * 40}, "rent_max"),
        ({"municipality": "x' OR 1=1 --"}, "municipality"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "many"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"sort": "distance"}, "sort"),
        ({"q": "港" * 5000}, "q"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, stock, params, field):
    response = client.get(reverse("api:unit-list"), params)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_unit_detail_only_for_registered_units(client, stock, operator):
    unit = stock.first()
    response = client.get(reverse("api:unit-detail", kwargs={"pk": unit.pk}))
    assert response.status_code == 200
    assert response.json()["registration_number"] == unit.registration_number
    draft = registered_building(operator, name="下書き", state="draft").units.get()
    assert client.get(reverse("api:unit-detail", kwargs={"pk": draft.pk})).status_code == 404


def test_buildings_of_a_designated_city_include_its_wards(client, stock):
    response = client.get(reverse("api:building-list"), {"municipality": "271004"})
    assert response.status_code == 200
    codes = {b["municipality_code"] for b in response.json()}
    assert codes == {"271004", "271276"}
    one = response.json()[0]
    detail = client.get(reverse("api:building-detail", kwargs={"pk": one["id"]})).json()
    assert detail["units"] == one["units"]


def test_api_never_shows_private_fields(client, stock):
    body = client.get(reverse("api:unit-list"), {"page_size": 1}).json()
    keys = set(body["results"][0])
    assert not keys & {"operator", "operator_id", "status", "included", "findings", "attachments"}


def test_the_fast_unit_representation_is_drfs_field_by_field_one(stock):
    """PublicUnitSerializer writes its dict directly for speed; DRF's generic way, reading the declared
    fields, must give exactly the same (values, types, key order) for every unit, vacancy and distance."""
    from rest_framework import serializers

    from sumai.search.api import PublicUnitSerializer
    from sumai.search.models import SearchUnit

    ids = list(SearchUnit.objects.order_by("unit_id").values_list("unit_id", flat=True))
    # the public reads the published version (the index), not the registry's rows
    SearchUnit.objects.filter(pk=ids[0]).update(vacancy="unknown", vacancy_confirmed_at=None)
    SearchUnit.objects.filter(pk=ids[1]).update(lat=None, lon=None)
    units = selectors.result_units(ids)
    assert len(units) == len(ids) > 100
    assert {u.vacancy for u in units} >= {"vacant", "occupied"}
    assert any(u.vacancy_confirmed_at is None for u in units)
    assert any(u.lat is None for u in units)
    distances = {pk: i / 10 for i, pk in enumerate(ids[::3])}
    serializer = PublicUnitSerializer(context={"distances": distances})
    for unit in units:
        fast = serializer.to_representation(unit)
        generic = serializers.Serializer.to_representation(serializer, unit)
        assert list(fast) == list(generic)
        assert fast == generic, unit.pk
        assert [type(v) for v in fast.values()] == [type(v) for v in generic.values()], unit.pk


def test_result_units_keep_the_order_given_and_leave_out_unregistered(stock):
    from sumai.registry.models import Unit
    from sumai.search.models import SearchUnit

    ids = list(SearchUnit.objects.order_by("-rent_total").values_list("unit_id", flat=True)[:25])
    outside = Unit.objects.filter(search_entry__isnull=True).values_list("pk", flat=True).first()
    assert outside is not None
    found = selectors.result_units([ids[3], outside, *ids])
    assert [u.pk for u in found] == [ids[3], *ids]
    assert found[0].url == reverse("search:unit", kwargs={"pk": ids[3]})
