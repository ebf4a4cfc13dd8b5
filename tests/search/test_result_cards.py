"""Result cards are grouped by building (issue #14 minor): a building with several homes on the page is one
card listing each home; a building with one home keeps the single card."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sumai.search.indexing import sync_buildings
from tests.search.conftest import registered_building

pytestmark = pytest.mark.django_db


def test_a_building_with_three_homes_is_one_card_listing_each(client, operator):
    big = registered_building(
        operator, name="けやき荘", units=[{"rent": 50000 + i * 1000, "vacancy": "vacant"} for i in range(3)]
    )
    small = registered_building(operator, name="もみじ荘", units=[{"vacancy": "vacant"}])
    sync_buildings([big.pk, small.pk])
    query = {"prefecture": "13", "municipality": "131032"}
    html = client.get(reverse("search:search"), query).content.decode()
    pattern = r'<li class="result[^"]*".*?</li>\s*</ul>\s*</li>|<li class="result"[^>]*>.*?</li>'
    cards = re.findall(pattern, html, re.S)
    hidden = html.count('aria-label="けやき荘 ')  # each room's link names it for screen readers
    visible = html.count("けやき荘") - html.count('data-name="けやき荘"') - hidden
    assert visible == 1  # one visible heading for the building
    group = next(c for c in cards if "けやき荘" in c)
    assert "result-group" in group
    assert "この建物で条件に合う住戸：3戸" in group  # how many, apart from the building's name
    for unit in big.units.all():
        assert reverse("search:unit", kwargs={"pk": unit.pk}) in group  # every home is reachable
    single = next(c for c in cards if "もみじ荘" in c)
    assert "result-group" not in single
    assert html.count('class="result result-group"') == 1
