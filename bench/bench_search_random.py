"""Every search fast, not only the mix's (issue #15 item 1): filter combinations drawn at random.

    python bench/bench_search_random.py                 # var/bench/sumai-bench.sqlite3
    python bench/bench_search_random.py --postgres      # postgres://postgres@127.0.0.1:5432/sumai_bench
    python bench/bench_search_random.py --combos 300 --seed 20261206
    python bench/bench_search_random.py --url sqlite:////tmp/copy.sqlite3 --label -copy

``--combos`` combinations (seeded) of every filter of the public search's FilterSet: the area (nation,
prefecture, municipality or designated city, or a radius of 1–10 km around a municipality's centre), rent
from / to, floor area from / to, layouts, accepted groups (rare ones included), dedicated, vacant now,
barrier-free, no guarantor, pets, words of a building's name or address, every sort, and one in five a deep
page (a cursor at row 1,000, 10,000 or 60,000 of its results, `rent_min` combinations included). For each:

* ``api``  — ``GET /api/v1/units/`` through the Django test client, the results cache emptied first;
* ``page`` — ``GET /search/`` (the whole HTML page), the results cache emptied first;
* ``orm``  — the selector: the FilterSet bound and validated, the id query and the bounded count run;
* ``ormsql`` — the SQL the ORM generated for them, captured with its parameters and run through the DB-API
  cursor (the database's side of the ORM);
* ``raw``  — the same two queries written by hand from the parameters (the FilterSet's semantics; checked
  to return the same ids and count before timing — a combination where they differ is reported, not timed).

Each is the median of ``--repeat`` runs of the combination. Reported: p50 / p95 / max over the combinations,
the ``ormsql``-to-``raw`` ratio per combination (target ≤ 1.5× each), the ten slowest combinations with their
parameters and query plans. Targets (issue #15): p95 ≤ 60 ms and max ≤ 250 ms for the API and the page on
each database. Writes ``var/bench/search-random-<db>.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import API_PATH, cold, group_bits, in_list, run_captured, run_raw, text_match, vacant
from generate import BENCH_DIR
from run import explain, percentile, setup_django

WORDS = ["ハイツ", "さくら", "コーポ", "荘", "マンション", "グリーン", "中央", "第2"]
LAYOUTS = ["1R", "1K", "1DK", "1LDK", "2K", "2DK", "2LDK", "3DK", "3LDK"]
DEEP = (1_000, 10_000, 60_000)


def draw(rng: random.Random, places: dict[str, Any]) -> list[tuple[str, str]]:
    """One combination of the FilterSet's parameters."""
    params: list[tuple[str, str]] = []
    scope = rng.random()
    if scope < 0.25:
        pass  # the whole nation
    elif scope < 0.55:
        params.append(("prefecture", rng.choice(places["prefectures"])))
    elif scope < 0.85:
        params.append(("municipality", rng.choice(places["municipalities"])))
    else:
        lat, lon = rng.choice(places["centres"])
        params += [
            ("lat", f"{lat:.4f}"),
            ("lon", f"{lon:.4f}"),
            ("radius", str(rng.choice([1, 2, 3, 5, 10]))),
        ]
    if rng.random() < 0.2:
        params.append(("rent_min", str(rng.randrange(20_000, 90_000, 1_000))))
    if rng.random() < 0.4:
        low = max([int(v) for k, v in params if k == "rent_min"] or [40_000])
        params.append(("rent_max", str(rng.randrange(low, 160_000, 1_000))))
    if rng.random() < 0.2:
        params.append(("area_min", str(rng.choice([15, 20, 25, 30, 40, 50, 60]))))
    if rng.random() < 0.1:
        least = max([int(v) for k, v in params if k == "area_min"] or [0])
        params.append(("area_max", str(rng.choice([a for a in (20, 30, 40, 60, 80) if a >= least] or [80]))))
    if rng.random() < 0.2:
        for layout in rng.sample(LAYOUTS, rng.choice([1, 2])):
            params.append(("layout", layout))
    r = rng.random()
    if r < 0.3:
        params.append(("group", rng.choice(places["groups"])))
    elif r < 0.4:
        for g in rng.sample(places["groups"], 2):
            params.append(("group", g))
    for flag, p in (
        ("dedicated", 0.2),
        ("vacant", 0.45),
        ("barrier_free", 0.25),
        ("no_guarantor", 0.25),
        ("pets", 0.25),
    ):
        if rng.random() < p:
            params.append((flag, "on"))
    if rng.random() < 0.15:
        params.append(("q", rng.choice(WORDS)))
    sorts = ["rent", "-rent", "area", "-area", "newest"] + (
        ["distance"] if any(k == "lat" for k, _ in params) else []
    )
    params.append(("sort", rng.choice(sorts)))
    return params


def raw_where(params: list[tuple[str, str]], vendor: str, ctx: dict[str, Any]) -> tuple[list[str], list[Any]]:
    """The FilterSet's conditions written by hand (sumai.search.filtersets.UnitSearchFilter)."""
    from sumai.places.selectors import municipality_names
    from sumai.search.filtersets import bounds, distance_sql
    from sumai.search.models import lat_band

    p: dict[str, list[str]] = {}
    for k, v in params:
        p.setdefault(k, []).append(v)
    one = {k: v[0] for k, v in p.items()}
    conds: list[str] = []
    args: list[Any] = []
    if "municipality" in one:
        code = one["municipality"]
        codes = [code, *municipality_names()[code].wards]
        sql, a = in_list("municipality_code", codes)
        conds.append(sql)
        args += a
    elif "prefecture" in one:
        conds.append("prefecture_code = %s")
        args.append(one["prefecture"])
    if "lat" in one:
        lat, lon, r = float(one["lat"]), float(one["lon"]), float(one.get("radius", 5))
        lat_low, lat_high, lon_low, lon_high = bounds(lat, lon, r)
        bands = list(range(lat_band(lat_low), lat_band(lat_high) + 1))
        d_sql, d_args = distance_sql(lat, lon)
        conds += [
            f"lat_band IN ({', '.join(['%s'] * len(bands))})",
            "lat >= %s AND lat <= %s AND lon >= %s AND lon <= %s",
            f"({d_sql}) <= %s",
        ]
        args += [*bands, lat_low, lat_high, lon_low, lon_high, *d_args, r * r]
    if "rent_min" in one:
        conds.append("rent_total >= %s")
        args.append(int(one["rent_min"]))
    if "rent_max" in one:
        conds.append("rent_total <= %s")
        args.append(int(one["rent_max"]))
    # written as the indexes want them (as the FilterSet does): on SQLite the area range as `+area_centi`
    # (never the plan's driver), yes/no filters and groups as literals (partial indexes' conditions)
    area = "+area_centi" if vendor == "sqlite" else "area_centi"
    if "area_min" in one:
        conds.append(f"{area} >= {math.ceil(float(one['area_min']) * 100)}")
    if "area_max" in one:
        conds.append(f"{area} <= {math.floor(float(one['area_max']) * 100)}")
    if "layout" in p:
        sql, a = in_list("layout", p["layout"])
        conds.append(sql)
        args += a
    if "group" in p:
        for code in sorted(set(p["group"])):
            conds.append(f"(groups & {group_bits([code])}) > 0")
    yes, no = ("true", "false") if vendor == "postgresql" else ("1", "0")
    if "dedicated" in one:
        conds.append(f"dedicated IN ({yes})")
    if "barrier_free" in one:
        conds.append(f"barrier_free IN ({yes})")
    if "no_guarantor" in one:
        conds.append(f"guarantor_required IN ({no})")
    if "pets" in one:
        conds.append(f"pets_allowed IN ({yes})")
    if "vacant" in one:
        sql, a = vacant(ctx)
        conds.append(sql)
        args += a
    if "q" in one:
        from sumai.search import text

        sql, a = text_match(vendor, text.words(one["q"]))
        conds.append(sql)
        args += a
    return conds, args


SORT_COLUMNS = {
    "rent": ("rent_total", False),
    "-rent": ("rent_total", True),
    "area": ("area_centi", False),
    "-area": ("area_centi", True),
    "newest": ("registered_on", True),
    "distance": ("distance2", False),
}


def raw_sql(
    params: list[tuple[str, str]],
    vendor: str,
    ctx: dict[str, Any],
    after: tuple[Any, int] | None,
    few: bool = False,
) -> tuple[str, list[Any], str, list[Any]]:
    from sumai.search.filtersets import distance_sql
    from sumai.search.selectors import COUNT_CAP, PAGE_SIZE

    conds, args = raw_where(params, vendor, ctx)
    where = " WHERE " + " AND ".join(conds) if conds else ""
    count_sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM search_searchunit{where} LIMIT {COUNT_CAP + 1}) t"
    sort = dict(params).get("sort", "rent")
    column, descending = SORT_COLUMNS[sort]
    select_args: list[Any] = []
    if column == "distance2":
        one = dict(params)
        d_sql, d_args = distance_sql(float(one["lat"]), float(one["lon"]))
        select = f"SELECT unit_id, ({d_sql}) AS d2 FROM search_searchunit"
        select_args = list(d_args)
        key = "d2"
    else:
        select = f"SELECT unit_id, {column} FROM search_searchunit"
        key = column
    id_conds, id_args = list(conds), list(args)
    if after is not None:
        if key == "d2":
            one = dict(params)
            d_sql, d_args = distance_sql(float(one["lat"]), float(one["lon"]))
            id_conds.append(f"(({d_sql}) > %s OR (({d_sql}) = %s AND unit_id > %s))")
            id_args += [*d_args, after[0], *d_args, after[0], after[1]]
        else:
            id_conds.append(f"({key}, unit_id) {'<' if descending else '>'} (%s, %s)")
            id_args += list(after)
    id_where = " WHERE " + " AND ".join(id_conds) if id_conds else ""
    direction = "DESC" if descending else "ASC"
    order = key
    rare = "dedicated" in dict(params) or any(
        group_bits([v]).bit_length() - 1 >= 6 for k, v in params if k == "group"
    )
    if (rare and key not in ("d2", "rent_total")) or (few and key != "d2"):
        # read the rare filter's index, or the few homes the count found, and sort them (as the selector)
        order = f"+{key}" if vendor == "sqlite" else f"{key} + 0"
    id_sql = f"{select}{id_where} ORDER BY {order} {direction}, unit_id {direction} LIMIT {PAGE_SIZE + 1}"
    return id_sql, select_args + id_args, count_sql, list(args)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--combos", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--url", help="another database (e.g. a copy to try an index on); default the bench's"
    )
    parser.add_argument("--label", default="", help="suffix of the result file's name")
    args = parser.parse_args()
    setup_django(args.postgres, args.url)

    from django.db import connection
    from django.http import QueryDict
    from django.test import Client
    from django.utils import timezone

    from sumai.core.vacancy import valid_days
    from sumai.places.selectors import municipality_names
    from sumai.search import groups, selectors
    from sumai.search.models import SearchUnit

    vendor = connection.vendor
    rng = random.Random(args.seed)
    names = municipality_names()
    munis = sorted(
        SearchUnit.objects.values_list("municipality_code", flat=True)
        .distinct()
        .order_by("municipality_code")
    )
    cities = sorted(c for c, info in names.items() if info.wards)  # designated cities (their wards)
    present = set(munis)
    centres = [
        (float(info.lat), float(info.lon))
        for c, info in sorted(names.items())
        if c in present and info.lat is not None and info.lon is not None
    ]
    places = {
        "prefectures": [f"{i:02d}" for i in range(1, 48)],
        "municipalities": munis + cities,
        "centres": centres,
        "groups": list(groups.bits()),
    }
    ctx = {"cutoff": timezone.now() - timedelta_days(valid_days())}
    client = Client()

    def qdict(params: list[tuple[str, str]]) -> QueryDict:
        qd = QueryDict(mutable=True)
        for k, v in params:
            qd.appendlist(k, v)
        return qd

    combos: list[dict[str, Any]] = []
    for i in range(args.combos):
        params = draw(rng, places)
        f = selectors.search_filter(qdict(params))
        if not f.is_valid():
            raise SystemExit(f"invalid combination {params}: {f.form.errors.as_json()}")
        cursor = None
        after = None
        deep = rng.random() < 0.2
        if deep:
            position = rng.choice(DEEP)
            sort = selectors._sort_of(f)
            spec = selectors.SORT_SPECS[sort]
            data = f.form.cleaned_data
            lat = float(data["lat"]) if data.get("lat") is not None else None
            lon = float(data["lon"]) if data.get("lon") is not None else None
            qs = selectors._ordered(f.qs, spec, lat, lon, False).values_list("unit_id", spec.column)
            row = list(qs[position - 1 : position])
            if row:
                pk, value = row[0]
                cursor = selectors.encode_cursor(sort, value, pk, position + 1)
                after = (value, pk)
            else:
                deep = False
        combos.append({"i": i, "params": params, "cursor": cursor, "after": after, "deep": deep})

    def url(path: str, c: dict[str, Any]) -> str:
        p = list(c["params"]) + ([("cursor", c["cursor"])] if c["cursor"] else [])
        return path + "?" + urlencode(p)

    def median_ms(fn: Any) -> float:
        xs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            xs.append((time.perf_counter() - t0) * 1000)
        return statistics.median(xs)

    for warm in (API_PATH, "/search/"):  # templates, URLs and the first queries: not any combination's cost
        client.get(warm + "?prefecture=13")
    results = []
    mismatches = []
    started = time.perf_counter()
    for c in combos:
        api_url, page_url = url(API_PATH, c), url("/search/", c)
        # capture the ORM's SQL of the page (ids + count) through the selector
        captured: list[tuple[str, Any]] = []

        def capture(
            execute: Any, sql: str, sql_params: Any, many: bool, context: Any, into: list[Any] = captured
        ) -> Any:
            into.append((sql, sql_params))
            return execute(sql, sql_params, many, context)

        with connection.execute_wrapper(capture):
            f = selectors.search_filter(qdict(c["params"]))
            assert f.is_valid()
            count, capped = selectors.count_results(f.qs)  # first, as selectors.search_units
            rows, _sort, _pos, _more, _back = selectors.result_ids(f, cursor=c["cursor"], few=not capped)
        orm_ids = [pk for pk, _v in rows]
        sqls = raw_sql(c["params"], vendor, ctx, c["after"], few=not capped)
        with connection.cursor() as cur:
            raw_ids, raw_count = run_raw(cur, sqls)
        same = raw_ids == orm_ids and raw_count == count
        if not same:
            mismatches.append(
                {"params": c["params"], "deep": c["deep"], "orm": orm_ids[:3], "raw": raw_ids[:3]}
            )

        def run_orm(c: dict[str, Any] = c) -> None:
            f2 = selectors.search_filter(qdict(c["params"]))
            f2.is_valid()
            _n, capped2 = selectors.count_results(f2.qs)
            selectors.result_ids(f2, cursor=c["cursor"], few=not capped2)

        def run_ormsql(statements: list[tuple[str, Any]] = captured) -> None:
            with connection.cursor() as cur2:
                run_captured(cur2, statements)

        def run_raw_once(sqls: Any = sqls) -> None:
            with connection.cursor() as cur2:
                run_raw(cur2, sqls)

        def get(u: str, c: dict[str, Any] = c) -> None:
            r = cold(lambda: client.get(u))
            if r.status_code == 503:  # the public query time limit (SUMAI_PUBLIC_QUERY_MS) stopped it
                c.setdefault("timeouts", set()).add(u.split("?")[0])
            elif r.status_code != 200:
                raise SystemExit(f"{u}: {r.status_code}")

        get(api_url)  # warm the pages this combination reads
        row = {
            "params": c["params"],
            "deep": c["deep"],
            "count": count,
            "same": same,
            "api": median_ms(lambda u=api_url: get(u)),
            "page": median_ms(lambda u=page_url: get(u)),
            "orm": median_ms(run_orm),
            "ormsql": median_ms(run_ormsql),
            "raw": median_ms(run_raw_once) if same else None,
        }
        row["ratio"] = row["ormsql"] / row["raw"] if row["raw"] else None
        row["timeouts"] = sorted(c.get("timeouts", ()))
        results.append(row)

    def dist(key: str) -> dict[str, float]:
        xs = [r[key] for r in results if r[key] is not None]
        return {
            "p50": round(percentile(xs, 50), 1),
            "p95": round(percentile(xs, 95), 1),
            "max": round(max(xs), 1),
        }

    ratios = [r["ratio"] for r in results if r["ratio"] is not None]
    over = [r for r in results if r["ratio"] is not None and r["ratio"] > 1.5 and r["ormsql"] > 1]
    slowest = sorted(results, key=lambda r: -max(r["api"], r["page"]))[:10]
    plans = []
    for r in slowest:
        with connection.cursor() as cur:
            id_sql, id_args, _c, _ca = raw_sql(
                r["params"], vendor, ctx, next(c["after"] for c in combos if c["params"] is r["params"])
            )
            plans.append({"params": r["params"], "plan": explain(cur, vendor, id_sql, id_args)})
    record = {
        "database": vendor,
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs",
        "units_in_index": SearchUnit.objects.count(),
        "combinations": len(results),
        "deep": sum(1 for r in results if r["deep"]),
        "seed": args.seed,
        "repeat": args.repeat,
        "api": dist("api"),
        "page": dist("page"),
        "orm": dist("orm"),
        "ormsql": dist("ormsql"),
        "raw": dist("raw"),
        "ratio": {
            "p50": round(percentile(ratios, 50), 2),
            "p95": round(percentile(ratios, 95), 2),
            "max": round(max(ratios), 2),
            "over_1_5_and_1ms": len(over),
        },
        "timed_out": [{"params": r["params"], "where": r["timeouts"]} for r in results if r["timeouts"]],
        "mismatches": mismatches,
        "slowest": [
            {k: r[k] for k in ("params", "deep", "count", "api", "page", "orm", "ormsql", "raw")}
            for r in slowest
        ],
        "plans": plans,
        "results": [
            {k: r[k] for k in ("params", "deep", "count", "api", "page", "orm", "ormsql", "raw", "timeouts")}
            for r in results
        ],
        "seconds": round(time.perf_counter() - started),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / f"search-random-{vendor}{args.label}.json").write_text(
        json.dumps(record, indent=2, default=str) + "\n"
    )
    print(
        f"\n{vendor}: {record['units_in_index']:,} units; {len(results)} combinations ({record['deep']} deep)"
    )
    print("| measure | p50 ms | p95 ms | max ms |\n|---|---|---|---|")
    for key in ("api", "page", "orm", "ormsql", "raw"):
        d = record[key]
        print(f"| {key} | {d['p50']} | {d['p95']} | {d['max']} |")
    print(f"ORM / raw per combination: {record['ratio']}")
    print(f"mismatches (not timed raw): {len(mismatches)}")
    print(f"stopped by the query time limit (503): {len(record['timed_out'])}")
    print("slowest:")
    for r in record["slowest"]:
        print(
            f"  api {r['api']:.0f} page {r['page']:.0f} orm {r['orm']:.0f} raw {r['raw']} "
            f"n={r['count']} {r['params']}"
        )
    print(f"load average at the end: {record['load_average']}")


def timedelta_days(days: int) -> Any:
    from datetime import timedelta

    return timedelta(days=days)


if __name__ == "__main__":
    main()
