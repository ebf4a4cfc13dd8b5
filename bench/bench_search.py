"""Benchmarks of the public search (issue #5): the standard query mix, ORM next to hand-written SQL.

    python bench/bench_search.py               # var/bench/sumai-bench.sqlite3 (make bench-data first)
    python bench/bench_search.py --postgres    # postgres://postgres@127.0.0.1:5432/sumai_bench
    python bench/bench_search.py --passes 3    # repeat the whole mix; report the median of each figure

For every query of the mix (QUERIES below) four things are timed, each after a warm-up, n times or until the
budget per case is spent:

* ``ormsql`` — the SQL the ORM generated for the page's id query and the capped count (captured with its
  parameters), run through the DB-API cursor: the database's side of the ORM, compared with ``raw``
  (the 1.5× target).
* ``orm``  — the whole database part of :func:`sumai.search.selectors.search_units` in Python: the FilterSet
  is bound and validated, the queries are built and run (``result_ids``, ``count_results``).
* ``raw``  — the same two queries written by hand for the vendor (FTS5 ``MATCH`` / ``tsquery``, row-value
  keyset), run through the DB-API cursor on the same indexes. Before timing, its ids (in order) and its count
  must equal the ORM's: the two sides do the same work.
* ``api``  — ``GET /api/v1/units/`` through the Django test client with the search cache emptied before each
  request; ``apicached`` — the same, answered from sumai.search.cache.
* ``page`` — ``GET /search/`` (the whole HTML page), cache emptied before each request; ``pagecached`` — the
  results fragment from the cache.

Prints a markdown table and writes ``var/bench/search-<db>.json`` (figures, the query plans of the ORM's and
the raw id queries). Load under 20 clients is tests/load/locustfile.py (docs/performance.md says how).
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import BENCH_DIR, database_url
from run import explain, percentile, setup_django

ROOT = Path(__file__).resolve().parent.parent
TOKYO_STATION = (35.6812, 139.7671)
DEEP_PAGE = 50
API_PATH = "/api/v1/units/"


@dataclass
class Query:
    """One query of the mix: its GET parameters and, written by hand, the SQL WHERE clause and ORDER BY."""

    name: str
    label: str
    params: list[tuple[str, str]]
    # (vendor, ctx) → (conditions, params)
    where: Callable[[str, dict[str, Any]], tuple[list[str], list[Any]]]
    sort_column: str  # rent_total / registered_on / area_centi / distance
    descending: bool = False
    page: int = 1
    extra: dict[str, Any] = field(default_factory=dict)


# -- hand-written conditions ----------------------------------------------------------------------------


def vacant(ctx: dict[str, Any]) -> tuple[str, list[Any]]:
    return "vacancy = 'vacant' AND vacancy_confirmed_at >= %s", [ctx["cutoff"]]


def text_match(vendor: str, words: list[str]) -> tuple[str, list[Any]]:
    """Units in the buildings whose folded text contains every word. SQLite: an FTS5 phrase of each word's
    bigrams (exact). PostgreSQL: each word's rarest bigram in the GIN index (by PostgreSQL's statistics, as
    the FilterSet does) and the word in the text."""
    from sumai.search import text
    from sumai.search.filtersets import rarest_bigram, token_frequencies

    if vendor == "postgresql":
        frequencies = token_frequencies()
        tsquery = " & ".join(f"'{rarest_bigram(w, frequencies)}'" for w in words)
        likes = " AND ".join("b.text LIKE %s" for _ in words)
        return (
            "building_id IN (SELECT b.building_id FROM search_searchbuilding b"
            " WHERE array_to_tsvector(string_to_array(b.tokens, ' ')) @@ %s::tsquery AND " + likes + ")",
            [tsquery, *[f"%{w}%" for w in words]],
        )
    return (
        "building_id IN (SELECT rowid FROM search_building_fts WHERE search_building_fts MATCH %s)",
        [text.fts5_query(words)],
    )


def group_bits(codes: list[str]) -> int:
    from sumai.search import groups

    return groups.mask(codes)


def in_list(column: str, values: list[str]) -> tuple[str, list[Any]]:
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _muni_elderly(vendor: str, ctx: dict[str, Any]) -> tuple[list[str], list[Any]]:
    bits = group_bits(["elderly"])
    v_sql, v_params = vacant(ctx)
    return (
        ["municipality_code = %s", '("groups" & %s) = %s', v_sql, "rent_total <= %s"],
        ["131121", bits, bits, *v_params, 60000],
    )


def _pref_vacant(vendor: str, ctx: dict[str, Any]) -> tuple[list[str], list[Any]]:
    v_sql, v_params = vacant(ctx)
    return ["prefecture_code = %s", v_sql], ["13", *v_params]


def _designated_city(vendor: str, ctx: dict[str, Any]) -> tuple[list[str], list[Any]]:
    from sumai.places.selectors import municipality_names

    sql, params = in_list("municipality_code", ["141003", *municipality_names()["141003"].wards])
    return [sql], params


def _radius(vendor: str, ctx: dict[str, Any]) -> tuple[list[str], list[Any]]:
    lat, lon = TOKYO_STATION
    r = 3.0
    ky = 111.32
    kx = 111.32 * math.cos(math.radians(lat))
    dlat, dlon = r / ky, r / kx
    from sumai.search.models import lat_band

    low, high = lat_band(lat - dlat), lat_band(lat + dlat)
    bands = list(range(low, high + 1))
    band_sql = f"lat_band IN ({', '.join(['%s'] * len(bands))})"
    return (
        [band_sql, "lat BETWEEN %s AND %s", "lon BETWEEN %s AND %s", f"{DISTANCE2} <= %s"],
        [*bands, lat - dlat, lat + dlat, lon - dlon, lon + dlon, *distance_params(), r * r],
    )


# the squared distance in km² from the point (the same equirectangular formula as the FilterSet)
DISTANCE2 = "((lat - %s) * (%s) * (lat - %s) * (%s) + (lon - %s) * (%s) * (lon - %s) * (%s))"


def distance_params() -> list[float]:
    lat, lon = TOKYO_STATION
    ky = 111.32
    kx = 111.32 * math.cos(math.radians(lat))
    return [lat, ky, lat, ky, lon, kx, lon, kx]


def _text(words: list[str]) -> Callable[[str, dict[str, Any]], tuple[list[str], list[Any]]]:
    def where(vendor: str, ctx: dict[str, Any]) -> tuple[list[str], list[Any]]:
        sql, params = text_match(vendor, words)
        return [sql], params

    return where


def _nothing(vendor: str, ctx: dict[str, Any]) -> tuple[list[str], list[Any]]:
    return [], []


def _pref_bf_ng(vendor: str, ctx: dict[str, Any]) -> tuple[list[str], list[Any]]:
    return ["prefecture_code = %s", "barrier_free = %s", "guarantor_required = %s"], ["27", True, False]


def _deep(vendor: str, ctx: dict[str, Any]) -> tuple[list[str], list[Any]]:
    return ["prefecture_code = %s"], ["13"]


def _layout_area(vendor: str, ctx: dict[str, Any]) -> tuple[list[str], list[Any]]:
    sql, params = in_list("layout", ["1LDK", "2DK"])
    return ["prefecture_code = %s", sql, "area_centi >= %s"], ["14", *params, 4000]


def _broad(vendor: str, ctx: dict[str, Any]) -> tuple[list[str], list[Any]]:
    bits = group_bits(["low_income"])
    return ['("groups" & %s) = %s', "rent_total <= %s"], [bits, bits, 100000]


QUERIES = [
    Query(
        "muni_elderly_vacant",
        "世田谷区 + accepts elderly + vacant + ≤ ¥60,000, by rent",
        [("municipality", "131121"), ("group", "elderly"), ("vacant", "on"), ("rent_max", "60000")],
        _muni_elderly,
        "rent_total",
    ),
    Query(
        "pref_vacant",
        "Tokyo, vacant, by rent",
        [("prefecture", "13"), ("vacant", "on")],
        _pref_vacant,
        "rent_total",
    ),
    Query(
        "designated_city",
        "Yokohama (designated city, 18 wards), by rent",
        [("municipality", "141003")],
        _designated_city,
        "rent_total",
    ),
    Query(
        "radius_3km",
        "3 km around Tokyo Station, by distance",
        [
            ("lat", str(TOKYO_STATION[0])),
            ("lon", str(TOKYO_STATION[1])),
            ("radius", "3"),
            ("sort", "distance"),
        ],
        _radius,
        "distance",
    ),
    Query("text_minato", "free text 港区", [("q", "港区")], _text(["港区"]), "rent_total"),
    Query("text_sakura", "free text さくら", [("q", "さくら")], _text(["さくら"]), "rent_total"),
    Query("national_newest", "national, newest first", [("sort", "newest")], _nothing, "registered_on", True),
    Query(
        "pref_bf_no_guarantor",
        "Osaka, barrier-free + no guarantor, by rent",
        [("prefecture", "27"), ("barrier_free", "on"), ("no_guarantor", "on")],
        _pref_bf_ng,
        "rent_total",
    ),
    Query(
        "deep_page_50",
        f"Tokyo by rent, page {DEEP_PAGE} (keyset cursor)",
        [("prefecture", "13")],
        _deep,
        "rent_total",
        page=DEEP_PAGE,
    ),
    Query(
        "layout_area",
        "Kanagawa, 1LDK or 2DK, ≥ 40 m², largest first",
        [("prefecture", "14"), ("layout", "1LDK"), ("layout", "2DK"), ("area_min", "40"), ("sort", "-area")],
        _layout_area,
        "area_centi",
        True,
    ),
    Query(
        "broad_low_income",
        "national, accepts low income, ≤ ¥100,000 (count capped)",
        [("group", "low_income"), ("rent_max", "100000")],
        _broad,
        "rent_total",
    ),
]


# -- the raw side -----------------------------------------------------------------------------------------


def raw_sql(
    query: Query, vendor: str, ctx: dict[str, Any], after: tuple[Any, int] | None
) -> tuple[str, list[Any], str, list[Any]]:
    """(id SQL, params, count SQL, params) of a query; ``after`` is the keyset (sort value, id) of the
    last row of the previous page."""
    from sumai.search.selectors import COUNT_CAP, PAGE_SIZE

    conds, params = query.where(vendor, ctx)
    where = " WHERE " + " AND ".join(conds) if conds else ""
    count_sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM search_searchunit{where} LIMIT {COUNT_CAP + 1}) t"
    count_params = list(params)
    if query.sort_column == "distance":
        select = f"SELECT unit_id, {DISTANCE2} AS d2 FROM search_searchunit"
        select_params = distance_params()
        key = "d2"
    else:
        select = f"SELECT unit_id, {query.sort_column} FROM search_searchunit"
        select_params = []
        key = query.sort_column
    id_conds, id_params = list(conds), list(params)
    direction = "DESC" if query.descending else "ASC"
    if after is not None:
        id_conds.append(f"({key}, unit_id) {'<' if query.descending else '>'} (%s, %s)")
        id_params += list(after)
    id_where = " WHERE " + " AND ".join(id_conds) if id_conds else ""
    id_sql = f"{select}{id_where} ORDER BY {key} {direction}, unit_id {direction} LIMIT {PAGE_SIZE + 1}"
    return id_sql, select_params + id_params, count_sql, count_params


def run_raw(cursor: Any, sqls: tuple[str, list[Any], str, list[Any]]) -> tuple[list[int], int]:
    from sumai.search.selectors import COUNT_CAP, PAGE_SIZE

    id_sql, id_params, count_sql, count_params = sqls
    cursor.execute(id_sql, id_params)
    ids = [r[0] for r in cursor.fetchall()][:PAGE_SIZE]
    cursor.execute(count_sql, count_params)
    return ids, min(cursor.fetchone()[0], COUNT_CAP)


# -- the ORM side -----------------------------------------------------------------------------------------


def orm_page(params: list[tuple[str, str]], cursor: str | None) -> tuple[list[int], int, Any, str | None]:
    """The selector's database part for one page: (ids, count, last row, next cursor)."""
    from django.http import QueryDict

    from sumai.search import selectors

    qd = QueryDict(mutable=True)
    for k, v in params:
        qd.appendlist(k, v)
    f = selectors.search_filter(qd)
    if not f.is_valid():
        raise SystemExit(f"invalid filter {params}: {f.form.errors.as_json()}")
    rows, sort, position, more, _back = selectors.result_ids(f, cursor=cursor)
    count, _capped = selectors.count_results(f.qs)
    nxt = selectors.encode_cursor(sort, rows[-1][1], rows[-1][0], position + len(rows)) if more else None
    return [pk for pk, _v in rows], count, rows[-1] if rows else None, nxt


def orm_sql(params: list[tuple[str, str]], cursor: str | None) -> tuple[str, list[Any]]:
    """The ORM's id query (for its plan only)."""
    from django.http import QueryDict

    from sumai.search import selectors

    qd = QueryDict(mutable=True)
    for k, v in params:
        qd.appendlist(k, v)
    f = selectors.search_filter(qd)
    assert f.is_valid()
    spec = selectors.SORT_SPECS[selectors._sort_of(f)]
    data = f.form.cleaned_data
    lat = float(data["lat"]) if data.get("lat") is not None else None
    lon = float(data["lon"]) if data.get("lon") is not None else None
    qs = selectors._ordered(f.qs, spec, lat, lon, False)
    if cursor:
        value, pk, _pos, back = selectors.decode_cursor(cursor, spec.key)
        qs = selectors._after(selectors._ordered(f.qs, spec, lat, lon, back), spec, value, pk, back)
    page = qs.values_list("unit_id", spec.column)[: selectors.PAGE_SIZE + 1]
    sql, sql_params = page.query.sql_with_params()
    return sql, list(sql_params)


def run_captured(cursor: Any, statements: list[tuple[str, Any]]) -> None:
    """Run the SQL the ORM generated (captured with its parameters), as the database sees it."""
    for sql, params in statements:
        cursor.execute(sql, params)
        cursor.fetchall()


def cold(fn: Callable[[], Any]) -> Any:
    """A request with the search cache emptied first (the figure without sumai.search.cache)."""
    from django.core.cache import cache

    cache.clear()
    return fn()


# -- timing -----------------------------------------------------------------------------------------------


def timed(fn: Callable[[int], Any], n: int, budget: float, warmup: int = 3) -> list[float]:
    for i in range(warmup):
        fn(i)
    samples: list[float] = []
    started = time.perf_counter()
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - t0) * 1000)
        if len(samples) >= 5 and time.perf_counter() - started > budget:
            break
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--database-url", help="another database (to try the script on a small one)")
    parser.add_argument("--n", type=int, default=40, help="repetitions per case (default 40)")
    parser.add_argument("--budget", type=float, default=8.0, help="seconds per case at most (default 8)")
    parser.add_argument("--passes", type=int, default=1, help="repeat the mix; medians are reported")
    parser.add_argument("--only", help="comma-separated query names")
    args = parser.parse_args()

    db = "postgresql" if args.postgres else "sqlite"
    if (
        not args.postgres
        and not args.database_url
        and not Path(database_url(False).removeprefix("sqlite:///")).exists()
    ):
        sys.exit("No benchmark database: run `make bench-data` (bench/generate.py) first.")
    setup_django(args.postgres, args.database_url)

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from sumai.registry.vacancy import valid_days
    from sumai.search.models import SearchBuilding, SearchUnit

    vendor = connection.vendor
    with connection.cursor() as c:
        c.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
        db_version = c.fetchone()[0]
    counts = {"search_units": SearchUnit.objects.count(), "search_buildings": SearchBuilding.objects.count()}
    print(f"# Public search benchmark on {db} {db_version}: {counts}")
    if counts["search_units"] < 900_000:
        print("warning: fewer than 900,000 indexed units; is this the national dataset?")

    cutoff = timezone.now() - timedelta(days=valid_days())
    ctx = {"cutoff": connection.ops.adapt_datetimefield_value(cutoff)}
    queries = [q for q in QUERIES if not args.only or q.name in args.only.split(",")]
    client = Client()
    api_present = client.get(API_PATH + "?prefecture=13").status_code == 200
    if not api_present:
        print(f"note: {API_PATH} does not answer 200 yet; the API column is skipped")
    cursor = connection.cursor()
    plans: dict[str, dict[str, list[str]]] = {}
    setups: dict[str, dict[str, Any]] = {}

    # 1. set up every query: the cursor of its page, and the check that raw SQL = ORM ------------------
    for q in queries:
        page_cursor = None
        after = None
        for _ in range(q.page - 1):  # walk the keyset pages like a reader pressing "next"
            _ids, _n, last, page_cursor = orm_page(q.params, page_cursor)
            assert page_cursor, f"{q.name}: fewer than {q.page} pages"
            after = (last[1], last[0])
        ids, count, _last, _nxt = orm_page(q.params, page_cursor)
        sqls = raw_sql(q, vendor, ctx, after)
        raw_ids, raw_count = run_raw(cursor, sqls)
        if (ids, count) != (raw_ids, raw_count):
            raise SystemExit(
                f"{q.name}: ORM and raw SQL differ\n ORM {count} {ids}\n raw {raw_count} {raw_ids}\n{sqls[0]}"
            )
        url_params = [*q.params, *([("cursor", page_cursor)] if page_cursor else [])]
        page = client.get("/search/?" + urlencode(url_params))
        assert page.status_code == 200, (q.name, page.status_code)
        if ids:
            assert f"/units/{ids[0]}/".encode() in page.content, f"{q.name}: page lacks the first unit"
        if api_present:
            api = client.get(API_PATH + "?" + urlencode(url_params))
            assert api.status_code == 200, (q.name, api.status_code, api.content[:300])
            assert [u["id"] for u in api.json()["results"]] == ids, f"{q.name}: API ids differ"
        captured: list[tuple[str, Any]] = []

        def capture(
            execute: Any, sql: str, params: Any, many: bool, context: Any, into: list[Any] = captured
        ) -> Any:
            into.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            orm_page(q.params, page_cursor)
        o_sql, o_params = orm_sql(q.params, page_cursor)
        plans[q.name] = {
            "orm": explain(cursor, vendor, o_sql, o_params),
            "raw": explain(cursor, vendor, sqls[0], sqls[1]),
            "raw_count": explain(cursor, vendor, sqls[2], sqls[3]),
        }
        setups[q.name] = {
            "cursor": page_cursor,
            "sqls": sqls,
            "orm_sqls": captured,
            "url": urlencode(url_params),
            "count": count,
        }
        print(f"  {q.name:<22} count {count:>6,} (capped at 10,000)  ids {ids[:3]}…  raw = ORM ✓")

    # 2. measure ---------------------------------------------------------------------------------------
    passes: list[dict[str, dict[str, float]]] = []
    for p in range(args.passes):
        print(f"\n## pass {p + 1}/{args.passes}")
        figures: dict[str, dict[str, float]] = {}
        for q in queries:
            s = setups[q.name]
            cases: dict[str, Callable[[int], Any]] = {
                "raw": lambda i, s=s: run_raw(cursor, s["sqls"]),
                "ormsql": lambda i, s=s: run_captured(cursor, s["orm_sqls"]),
                "orm": lambda i, q=q, s=s: orm_page(q.params, s["cursor"]),
                "page": lambda i, s=s: cold(lambda: client.get("/search/?" + s["url"])),
                "pagecached": lambda i, s=s: client.get("/search/?" + s["url"]),
            }
            if api_present:
                cases["api"] = lambda i, s=s: cold(lambda: client.get(API_PATH + "?" + s["url"]))
                cases["apicached"] = lambda i, s=s: client.get(API_PATH + "?" + s["url"])
            row: dict[str, float] = {}
            for case, fn in cases.items():
                samples = timed(fn, args.n, args.budget)
                row[f"{case}_p50"] = percentile(samples, 50)
                row[f"{case}_p95"] = percentile(samples, 95)
                row[f"{case}_n"] = len(samples)
            row["ratio_p50"] = row["ormsql_p50"] / row["raw_p50"] if row["raw_p50"] else float("nan")
            figures[q.name] = row
            print(
                f"  {q.name:<22} raw {row['raw_p50']:7.2f}/{row['raw_p95']:7.2f}"
                f"  ormsql {row['ormsql_p50']:7.2f}/{row['ormsql_p95']:7.2f} ({row['ratio_p50']:.2f}×)"
                f"  selector {row['orm_p50']:7.2f}/{row['orm_p95']:7.2f}"
                + (f"  api {row['api_p50']:7.2f}/{row['api_p95']:7.2f}" if api_present else "")
                + f"  page {row['page_p50']:7.2f}/{row['page_p95']:7.2f} ms"
            )
            sys.stdout.flush()
        passes.append(figures)
    cursor.close()

    # 3. medians over the passes, report ------------------------------------------------------------------
    final: dict[str, dict[str, float]] = {}
    for q in queries:
        keys = passes[0][q.name].keys()
        final[q.name] = {k: statistics.median(p[q.name][k] for p in passes) for k in keys}
        final[q.name]["ratio_p50"] = final[q.name]["ormsql_p50"] / final[q.name]["raw_p50"]
    payload = {
        "database": db,
        "database_version": db_version,
        "python": platform.python_version(),
        "date": timezone.now().isoformat(timespec="seconds"),
        "counts": counts,
        "passes": args.passes,
        "api_measured": api_present,
        "queries": {q.name: {"label": q.label, "params": q.params, **setups[q.name]} for q in queries},
        "results": final,
        "per_pass": passes,
        "plans": plans,
    }
    for q in payload["queries"].values():
        q["sqls"] = [q["sqls"][0], [str(x) for x in q["sqls"][1]], q["sqls"][2]]
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = BENCH_DIR / f"search-{db}.json"
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")

    def fmt(row: dict[str, float], case: str) -> str:
        if f"{case}_p50" not in row:
            return "—"
        return f"{row[f'{case}_p50']:.2f} / {row[f'{case}_p95']:.2f}"

    units = counts["search_units"]
    print(f"\n## {db} {db_version} — {units:,} units in the index, medians of {args.passes} pass(es)\n")
    print(
        "| Query | count | raw SQL p50 / p95 | ORM's SQL p50 / p95 | ratio (p50) | selector p50 / p95"
        " | API p50 / p95 | API cached | page p50 / p95 | page cached |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for q in queries:
        row = final[q.name]
        flag = " ⚠" if row["ratio_p50"] > 1.5 else ""
        print(
            f"| {q.label} | {setups[q.name]['count']:,} | {fmt(row, 'raw')} | {fmt(row, 'ormsql')}"
            f" | {row['ratio_p50']:.2f}×{flag} | {fmt(row, 'orm')} | {fmt(row, 'api')}"
            f" | {fmt(row, 'apicached')}"
            f" | {fmt(row, 'page')} | {fmt(row, 'pagecached')} |"
        )
    print(f"\nresults in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
