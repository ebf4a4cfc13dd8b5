"""A home's floor area reads the same wherever people see it (a walk found 18 m² on a result card and 18.10 m²
on another page for the same home): trailing zeros dropped, one function (sumai.core.formats.area)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sumai.search.indexing import sync_buildings
from tests.search.conftest import registered_building

pytestmark = pytest.mark.django_db


def test_result_cards_and_the_home_s_pages_write_the_area_alike(client, operator):
    one = registered_building(operator, name="ひとつ荘", units=[{"floor_area_m2": Decimal("18.10")}])
    two = registered_building(
        operator,
        name="ふたつ荘",
        units=[{"floor_area_m2": Decimal("18.10")}, {"floor_area_m2": Decimal("18.00")}],
    )
    sync_buildings([one.pk, two.pk])
    client.cookies["sumai_language"] = "ja"
    html = client.get(reverse("search:search"), {"prefecture": "13", "municipality": "131032"}).content
    results = html.decode()
    assert results.count("18.1 m²") == 2  # the single card and the building's card
    assert "18 m²" in results
    assert "18.10" not in results
    assert "18.00" not in results
    unit = one.units.get()
    for name in ("search:unit", "search:unit_print"):
        page = client.get(reverse(name, kwargs={"pk": unit.pk})).content.decode()
        assert "18.1 m²" in page, name
        assert "18.10" not in page, name
