"""Rare yes/no filters and rare groups read their own partial indexes (issue #15 item 1): a national search or
count for dedicated homes, or for a group few homes accept, must not read the whole index."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import QueryDict

from sumai.search import groups, selectors
from sumai.search.models import RARE_GROUP_BITS

COMMON = ["low_income", "disaster_victim", "elderly", "disability", "child_raising", "foreign_national"]


def test_every_group_but_the_common_six_has_its_partial_index() -> None:
    bits = groups.bits()
    assert [bits[c] for c in COMMON] == list(range(6)), "the common groups moved: re-check RARE_GROUP_BITS"
    rare = {b for code, b in bits.items() if code not in COMMON}
    assert rare <= set(RARE_GROUP_BITS), "a new group has no partial index (add a migration)"


def _plan(params: list[tuple[str, str]]) -> str:
    qd = QueryDict(mutable=True)
    for k, v in params:
        qd.appendlist(k, v)
    f = selectors.search_filter(qd)
    assert f.is_valid(), f.form.errors
    qs = f.qs.order_by()[: selectors.COUNT_CAP + 1]
    sql, args = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, args)
            return " ".join(str(r[-1]) for r in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of test rows: ask whether it *can*
        cursor.execute("EXPLAIN " + sql, args)
        return " ".join(r[0] for r in cursor.fetchall())


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize(
    ("params", "index"),
    [
        ([("dedicated", "on")], "su_dedicated_rent"),
        ([("pets", "on")], "su_pets_rent"),
        ([("barrier_free", "on"), ("rent_max", "80000")], "su_bf_rent"),
        ([("group", "dv_victim")], f"su_group{9:02d}_rent"),
        ([("group", "hansen_disease_sanatorium"), ("group", "elderly")], f"su_group{8:02d}_rent"),
    ],
)
def test_a_national_search_for_a_rare_filter_can_read_its_partial_index(
    stock: object, params: list[tuple[str, str]], index: str
) -> None:
    """The FilterSet writes the partial index's very condition as a literal (a bound parameter hides it from
    SQLite): the plan of the national count may read that index."""
    assert groups.bits()["dv_victim"] == 9
    assert groups.bits()["hansen_disease_sanatorium"] == 8
    assert index in _plan(params)


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("sort", ["area", "-area", "rent", "newest"])
def test_a_rare_filter_is_read_first_and_its_few_homes_sorted(stock: object, sort: str) -> None:
    """SQLite, without statistics of a partial index's condition, would walk a sort order's index through
    every home looking for the rare ones; the selector orders on ``+column`` for them so that the plan reads
    the rare filter's index and sorts what it found. The results are the same either way."""
    params = [("group", "dv_victim"), ("sort", sort)]
    qd = QueryDict(mutable=True)
    for k, v in params:
        qd.appendlist(k, v)
    f = selectors.search_filter(qd)
    assert f.is_valid()
    assert selectors.drives_from_rare_index(f)
    spec = selectors.SORT_SPECS[sort]
    fast = selectors._ordered(f.qs, spec, None, None, False, sort_after_filter=True)
    plain = selectors._ordered(f.qs, spec, None, None, False)
    assert list(fast.values_list("unit_id", flat=True)) == list(plain.values_list("unit_id", flat=True))
    if connection.vendor == "sqlite" and sort != "rent":  # by rent the partial index is in order already
        sql, args = fast.values_list("unit_id", spec.column)[:21].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, args)
            plan = " ".join(str(r[-1]) for r in cursor.fetchall())
        assert "su_group09_rent" in plan, plan
        assert "TEMP B-TREE" in plan, plan


def test_common_filters_keep_the_sort_orders_index(stock: object) -> None:
    qd = QueryDict("group=elderly&barrier_free=on&sort=area")
    f = selectors.search_filter(qd)
    assert f.is_valid()
    assert not selectors.drives_from_rare_index(f)


@pytest.mark.django_db
def test_postgresql_knows_how_many_homes_accept_each_rare_group() -> None:
    """Statistics of each rare group's bit (migration search/0013): without them PostgreSQL takes the
    group's condition for a third of the homes and walks a whole sort order looking for it."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no extended statistics (the selector orders on +column instead)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT stxname FROM pg_statistic_ext WHERE stxname LIKE 'su_group%%_stats'")
        names = {r[0] for r in cursor.fetchall()}
    assert names == {f"su_group{bit:02d}_stats" for bit in RARE_GROUP_BITS}


@pytest.mark.django_db
def test_a_search_that_finds_nothing_is_answered_from_its_count(stock: object) -> None:
    from django.test.utils import CaptureQueriesContext

    f = selectors.search_filter(QueryDict("group=hansen_disease_sanatorium&sort=area"))
    assert f.is_valid()
    with CaptureQueriesContext(connection) as queries:
        page = selectors.search_units(f)
    assert page.count == 0
    assert page.units == []
    assert len(queries.captured_queries) == 1, [q["sql"] for q in queries.captured_queries]
    assert "COUNT" in queries.captured_queries[0]["sql"]


@pytest.mark.django_db
def test_when_the_count_finds_few_homes_they_are_sorted_not_sought_along_a_sort_order(stock: object) -> None:
    """The count comes first; when it finds at most COUNT_CAP homes, the page reads them through the
    filters and sorts them (an order no index gives), whatever the filters; with more, the sort order's index
    walks. Same results either way."""
    from django.test.utils import CaptureQueriesContext

    params = QueryDict("layout=1K&pets=on&sort=area")
    f = selectors.search_filter(params)
    assert f.is_valid()
    with CaptureQueriesContext(connection) as queries:
        page = selectors.search_units(f)
    id_sql = next(q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"])
    expression = '+"search_searchunit"."area_centi"' if connection.vendor == "sqlite" else '"area_centi" + 0'
    assert expression in id_sql
    plain = selectors._ordered(f.qs, selectors.SORT_SPECS["area"], None, None, False)
    assert [u.pk for u in page.units] == list(plain.values_list("unit_id", flat=True)[: selectors.PAGE_SIZE])
