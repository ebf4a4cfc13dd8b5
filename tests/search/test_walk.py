"""A search that matches many homes, sorted by floor area or by date, walks that order's index (issue #15
item 1; UnitSearchFilter.walk): on SQLite no other condition's index may choose the plan, every condition is
checked on the walked index's own columns, and the results are exactly those of the plain query."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from sumai.search import planner, selectors
from sumai.search.models import COVER

pytestmark = pytest.mark.django_db

WALKED = ["area", "-area", "newest"]
FILTERS = [
    "rent_min=40000&rent_max=90000",
    "rent_max=60000&vacant=on",
    "barrier_free=on&no_guarantor=on",
    "pets=on&layout=1K&layout=2LDK",
    "area_min=30&rent_min=50000",
    "group=elderly&prefecture=13",
    "q=ハイツ",
]


def _query(text: str) -> QueryDict:
    return QueryDict(text)


def _plan(sql: str, params: object) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(r[-1]) for r in cursor.fetchall())


@pytest.mark.parametrize(("filters", "sort"), list(itertools.product(FILTERS, WALKED)))
def test_walking_finds_the_same_pages_as_the_plain_query(
    stock: object, monkeypatch: pytest.MonkeyPatch, filters: str, sort: str
) -> None:
    """With the cap lowered so that these searches count as "many", every page (next links followed to
    the end) holds the very homes, in the very order, of the plain query sorted in Python's terms."""
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    f = selectors.search_filter(_query(f"{filters}&sort={sort}"))
    assert f.is_valid(), f.form.errors
    spec = selectors.SORT_SPECS[sort]
    expected = list(selectors._ordered(f.qs, spec, None, None, False).values_list("unit_id", flat=True))
    seen: list[int] = []
    cursor = None
    for _ in range(100):
        page = selectors.search_units(
            selectors.search_filter(_query(f"{filters}&sort={sort}")), cursor=cursor
        )
        seen += [u.pk for u in page.units]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == expected


@pytest.mark.parametrize("sort", WALKED)
def test_on_sqlite_a_many_homes_search_walks_the_order_index_and_sorts_nothing(
    stock: object, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    """A national rent range sorted by floor area: the plain plan reads the rent range and sorts it (1.3 s
    for 400,000 homes at the national size); walking, the rent range is `+rent_total` and the plan walks
    the order's index with no sort."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL chooses from its statistics of values; the walk is SQLite's")
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    f = selectors.search_filter(
        _query(f"rent_min=20000&rent_max=130000&no_guarantor=on&vacant=on&sort={sort}")
    )
    assert f.is_valid()
    assert selectors._walks(f)
    with CaptureQueriesContext(connection) as queries:
        page = selectors.search_units(f)
    assert page.count_is_capped
    (id_query,) = [q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"]]
    assert '+"search_searchunit"."rent_total" >=' in id_query
    assert '+"search_searchunit"."guarantor_required" IN (0)' in id_query
    assert '+"search_searchunit"."vacancy" = ' in id_query
    walking = selectors._walking(f)
    spec = selectors.SORT_SPECS[sort]
    qs = selectors._ordered(walking.qs, spec, None, None, False).values_list("unit_id", spec.column)[:21]
    plan = _plan(*qs.query.sql_with_params())
    expected_index = "su_newest_cover" if sort == "newest" else "su_area_cover"
    assert expected_index in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def test_a_few_homes_search_or_a_rare_filter_does_not_walk(stock: object) -> None:
    """Not capped: the few homes are read through the filters and sorted (test_rare_filters); a rare
    filter's partial index drives; by rent the rent order is the walk already; PostgreSQL never walks."""
    for text in ("dedicated=on&sort=area", "group=dv_victim&sort=newest", "rent_min=1&sort=rent"):
        f = selectors.search_filter(_query(text))
        assert f.is_valid()
        assert not selectors._walks(f), text
    f = selectors.search_filter(_query("rent_min=1&sort=area"))
    assert f.is_valid()
    assert selectors._walks(f) == (connection.vendor == "sqlite")


def test_empty_partial_indexes_are_described_as_small_so_sqlite_reads_them(stock: object) -> None:
    """SQLite's ANALYZE writes no statistics row for an index with no entries and then costs it as a large
    one: a search for a group no home accepts walked every barrier-free home (1.4 s at the national size)
    instead of reading the empty index. planner.analyse() describes each such index as tiny."""
    empty = planner.analyse()
    if connection.vendor != "sqlite":
        assert empty == []
        return
    assert "su_group08_rent" in empty  # nobody in the stock accepts the Hansen's disease group
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'su_group08_rent'")
        assert cursor.fetchone() == (" ".join(["1"] * (len(COVER) + 1)),)
    f = selectors.search_filter(_query("group=hansen_disease_sanatorium&barrier_free=on&rent_max=106000"))
    assert f.is_valid()
    plan = _plan(*f.qs.order_by()[: selectors.COUNT_CAP + 1].query.sql_with_params())
    assert "su_group08_rent" in plan, plan
