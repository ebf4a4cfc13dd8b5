"""Edits under a change notice stay unpublished until the authority accepts them (issue 13, Medium 2):
the unit page, the public API, the search and the open data show the last accepted version."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from sumai.registry.models import Registration, Unit
from sumai.search.indexing import rebuild
from tests.registry.conftest import make_building, post_edit
from tests.registry.test_workflow import BUILDING_POST, unit_post

OLD_NAME, NEW_NAME = "さくらハイツ", "ひまわりレジデンス"


def _public(client, unit: Unit) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """What the public sees of ``unit`` and its building, output by output."""
    cache.clear()
    client.logout()
    page = client.get(reverse("search:unit", kwargs={"pk": unit.pk}))
    assert page.status_code == 200
    api = client.get(reverse("api:unit-detail", kwargs={"pk": unit.pk})).json()
    building = client.get(reverse("api:building-detail", kwargs={"pk": unit.building_id})).json()
    listed = client.get(reverse("api:building-list"), {"municipality": "131121"}).json()
    found_old = client.get(reverse("api:unit-list"), {"q": OLD_NAME}).json()["count"]
    found_new = client.get(reverse("api:unit-list"), {"q": NEW_NAME}).json()["count"]
    html = client.get(reverse("search:search"), {"q": "世田谷"}).content.decode()  # results with names
    csv = b"".join(client.get(reverse("search:open_data_units_csv")).streaming_content).decode("utf-8-sig")
    records = json.loads(b"".join(client.get(reverse("search:open_data_units_json")).streaming_content))
    record = next(r for r in records["units"] if r["unit_id"] == unit.pk)
    return {
        "page": (page.context["building"].name, page.context["unit"].rent, page.context["unit"].deposit),
        "page_html": OLD_NAME in page.content.decode() and NEW_NAME not in page.content.decode(),
        "api": (api["building_name"], api["rent"], api["deposit"], api["address"]),
        "api_building": (building["name"], building["address"], [b["name"] for b in listed]),
        "search": (found_old, found_new, OLD_NAME in html, NEW_NAME in html),
        "csv": (OLD_NAME in csv, NEW_NAME in csv),
        "open_json": (record["building_name"], record["rent"], record["deposit"]),
    }


OLD_VIEW = {
    "page": (OLD_NAME, 60000, 0),
    "page_html": True,
    "api": (OLD_NAME, 60000, 0, "世田谷区1-2-3"),
    "api_building": (OLD_NAME, "世田谷区1-2-3", [OLD_NAME]),
    "search": (1, 0, True, False),
    "csv": (True, False),
    "open_json": (OLD_NAME, 60000, 0),
}


@pytest.mark.django_db
def test_a_change_is_public_only_once_accepted(client, registry_world):
    landlord, reviewer = registry_world.user("operator", "admin"), registry_world.user("authority", "staff")
    building = make_building(registry_world.orgs["operator"], state="submitted")
    reg = building.registration
    unit = building.units.get()
    client.force_login(reviewer)
    client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}), {"decision": "register", "version": 1}
    )
    reg.refresh_from_db()
    assert reg.state == "registered"
    assert _public(client, unit) == OLD_VIEW

    client.force_login(landlord)
    client.post(
        reverse("registry:building_notify_change", kwargs={"pk": building.pk}),
        {"version": reg.version, "text": "名称と家賃を変更"},
    )
    reg.refresh_from_db()
    assert reg.state == "change_notified"
    edited = post_edit(
        client,
        reverse("registry:building_edit", kwargs={"pk": building.pk}),
        {**BUILDING_POST, "name": NEW_NAME, "address": "世田谷区9-9-9"},
    )
    assert edited.status_code == 302
    edited = post_edit(
        client,
        reverse("registry:unit_edit", kwargs={"pk": building.pk, "unit_id": unit.pk}),
        unit_post("101", "30", rent="55000", deposit="110000"),
    )
    assert edited.status_code == 302
    unit.refresh_from_db()
    assert (unit.rent, unit.building.name) == (55000, NEW_NAME)  # the registry holds the edit …
    assert _public(client, unit) == OLD_VIEW  # … the public does not see it
    rebuild()  # not even after the index is rebuilt from the registry
    assert _public(client, unit) == OLD_VIEW

    client.force_login(reviewer)
    client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}),
        {"decision": "accept_change", "version": reg.version},
    )
    assert Registration.objects.get(pk=reg.pk).state == "registered"
    assert _public(client, unit) == {
        "page": (NEW_NAME, 55000, 110000),
        "page_html": False,
        "api": (NEW_NAME, 55000, 110000, "世田谷区9-9-9"),
        "api_building": (NEW_NAME, "世田谷区9-9-9", [NEW_NAME]),
        "search": (0, 1, False, True),
        "csv": (False, True),
        "open_json": (NEW_NAME, 55000, 110000),
    }


@pytest.mark.django_db
def test_withdrawing_under_a_change_notice_unpublishes(client, registry_world):
    building = make_building(registry_world.orgs["operator"], state="submitted")
    reg = building.registration
    client.force_login(registry_world.user("authority", "staff"))
    client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}), {"decision": "register", "version": 1}
    )
    client.force_login(registry_world.user("operator", "admin"))
    client.post(
        reverse("registry:building_notify_change", kwargs={"pk": building.pk}), {"version": 2, "text": "変更"}
    )
    client.post(
        reverse("registry:building_withdraw", kwargs={"pk": building.pk}), {"version": 3, "comment": ""}
    )
    assert Registration.objects.get(pk=reg.pk).state == "withdrawn"
    client.logout()
    unit = building.units.get()
    assert client.get(reverse("search:unit", kwargs={"pk": unit.pk})).status_code == 404
    assert client.get(reverse("api:building-detail", kwargs={"pk": building.pk})).status_code == 404
