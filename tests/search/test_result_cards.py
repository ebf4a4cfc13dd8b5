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


def _cards(html: str) -> list[str]:
    pattern = r'<li class="result[^"]*".*?</li>\s*</ul>\s*</li>|<li class="result"[^>]*>.*?</li>'
    return re.findall(pattern, html, re.S)


def test_a_building_on_two_pages_gives_its_whole_count_on_each(
    client, operator, django_assert_max_num_queries
):
    """A building whose matching homes fall on two pages said 1 on the first (a card of its own, no count)
    and 2 on the second: each page must give its number of matching homes in the whole result, 3, in one
    more query, within the page's query budget."""
    import json
    from pathlib import Path

    from django.core.cache import cache

    big = registered_building(operator, name="けやき荘", units=[{"rent": 40_000 + i} for i in range(19)])
    split = registered_building(  # its fourth home costs more than the search allows
        operator, name="もみじ荘", units=[{"rent": rent} for rent in (39_000, 50_000, 50_001, 200_000)]
    )
    sync_buildings([big.pk, split.pk])
    client.cookies["sumai_language"] = "ja"
    query = {"prefecture": "13", "municipality": "131032", "rent_max": "100000"}
    budget = json.loads((Path(__file__).parents[1] / "matrix" / "query_budgets.json").read_text())
    client.get(reverse("search:search"), {"prefecture": "27"})  # reference data read once, as a server has it
    cache.clear()  # the results are not cached yet
    with django_assert_max_num_queries(budget["search:search"]):
        first = client.get(reverse("search:search"), query)
    page = first.context["page"]
    assert len(page.units) == 20
    assert page.next_cursor
    card = next(c for c in _cards(first.content.decode()) if "もみじ荘" in c)
    assert "この建物で条件に合う住戸：3戸（このページに1戸）" in card
    card = next(c for c in _cards(first.content.decode()) if "けやき荘" in c)
    assert "この建物で条件に合う住戸：19戸" in card

    second = client.get(reverse("search:search"), {**query, "cursor": page.next_cursor})
    card = next(c for c in _cards(second.content.decode()) if "もみじ荘" in c)
    assert "この建物で条件に合う住戸：3戸（このページに2戸）" in card  # not 4: the count keeps the filters


def test_the_count_per_building_keeps_every_filter_of_the_search(operator):
    from django.http import QueryDict

    from sumai.search import selectors

    building = registered_building(
        operator,
        name="けやき荘",
        units=[
            {"rent": 40_000, "vacancy": "vacant"},
            {"rent": 45_000},
            {"rent": 90_000, "vacancy": "vacant"},
        ],
    )
    sync_buildings([building.pk])
    f = selectors.search_filter(QueryDict("vacant=on&rent_max=50000"))
    assert f.is_valid()
    assert selectors.matching_units_per_building(f, {building.pk}) == {building.pk: 1}
    f = selectors.search_filter(QueryDict("rent_max=50000"))
    assert f.is_valid()
    assert selectors.matching_units_per_building(f, {building.pk}) == {building.pk: 2}
    f = selectors.search_filter(QueryDict("area_min=31&barrier_free=on"))
    assert f.is_valid()
    assert selectors.matching_units_per_building(f, {building.pk}) == {}  # none matches: no row
    assert selectors.matching_units_per_building(f, set()) == {}


def test_a_single_page_result_makes_no_count_query(operator, django_assert_num_queries):
    from django.http import QueryDict

    from sumai.search import selectors

    building = registered_building(operator, name="けやき荘", units=[{"rent": 40_000 + i} for i in range(3)])
    sync_buildings([building.pk])
    f = selectors.search_filter(QueryDict("prefecture=13"))
    assert f.is_valid()
    with django_assert_num_queries(3):  # the count, the page's ids, its units: no count per building
        page = selectors.search_units(f, count_buildings=True, page_size=20)
    assert page.building_count(building.pk) == 3
