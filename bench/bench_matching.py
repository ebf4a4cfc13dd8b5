"""Benchmarks of the matching (issue #17): homes for a household, and support corporations.

    python bench/bench_matching.py                 # var/bench/sumai-bench.sqlite3 (bench/generate.py)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sumai_bench python bench/bench_matching.py

The dataset is the national demo of ``bench/generate.py`` (1,000,000 units in 70,000 buildings, 1,500
support corporations). Households: for 300 municipalities drawn (seed 20261130) among those with vacant
homes, weighted by their vacant homes, a household of two (72 and 68: older people, low income) with a
ceiling of 90,000 yen a month and the minimum living-area standard on; one in three also needs a ground floor
or barrier-free access.

(a) Homes: ``services.search_homes`` (the counting query, the candidates' query with the hard rules in SQL,
the public floors, the corporations serving the area, the domain's scores) and the words of the top 20 homes
(every reason and score part through ``words.reason_text``) — no snapshot written. Next to it the
hand-written SQL returning the same candidate ids (dedicated first, then monthly cost; checked equal before
timing) plus the same counts. Target: p95 ≤ 50 ms; ratio to the SQL ≤ 1.5×. A third row times the
matching's own queries alone (area, counts, candidates with floors: no scores, no words), to tell the
queries' overhead from the domain's and the words' cost.

(b) Support: ``selectors.corporation_candidates`` + ``domain.rank_support`` for the same municipalities,
help = watch-over, guarantee, after death. Target: p95 ≤ 20 ms.

Prints a markdown table and writes ``var/bench/matching-<db>.json``.
"""

from __future__ import annotations

import json
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import BENCH_DIR, bench_env
from run import percentile

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261130
HOUSEHOLDS = 300


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = None
    for _ in range(repeat):
        out = fn()
    return (time.perf_counter() - t0) * 1000 / repeat, out


def main() -> None:
    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    env = bench_env(postgres)
    if "DATABASE_URL" in os.environ:
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    os.environ.update(env)
    exe = Path(sys.executable).with_name("sumai")
    subprocess.run([str(exe), "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone
    from django.utils.translation import get_language

    from sumai.core.vacancy import valid_days
    from sumai.domain import matching as domain
    from sumai.domain import params
    from sumai.domain import support as support_domain
    from sumai.matching import selectors, services, words
    from sumai.search import groups as group_bits
    from sumai.search.models import SearchUnit

    db = connection.vendor
    import gc

    gc.collect()
    gc.freeze()  # as the server does after loading (sumai/config/wsgi.py)
    rng = random.Random(SEED)
    vacant = list(
        SearchUnit.objects.filter(vacancy="vacant")
        .values_list("municipality_code")
        .annotate(n=django.db.models.Count("pk"))
        .order_by("municipality_code")
    )
    codes = [c for c, _ in vacant]
    weights = [n for _, n in vacant]
    picks = rng.choices(codes, weights=weights, k=HOUSEHOLDS)
    groups = ("elderly", "low_income")
    needs_base = selectors.HouseholdNeeds(
        groups=groups,
        ages=(72, 68),
        missing_birth_dates=(),
        municipality_code="",
        max_rent=90_000,
        barrier_free=False,
        ground_floor=False,
        pets=False,
        help=("watch_over", "guarantee", "after_death"),
        languages=(),
    )

    def homes(code: str, ground: bool, point: tuple[float, float] | None = None) -> services.HomeSearch:
        lat, lon = point if point is not None else (None, None)
        found = services.search_homes(
            household_needs=needs_base,
            inputs=services.HomeInputs(
                municipality_code=code,
                ceiling=90_000,
                area_standard=True,
                ground_floor=ground,
                lat=lat,
                lon=lon,
            ),
        )
        lang = get_language()
        for m in found.result.matches[:20]:
            for r in m.reasons:
                words.reason_text(r.message_key, dict(r.values), language=lang)
            for p in m.parts:
                words.reason_text(p.reason.message_key, dict(p.reason.values), language=lang)
        return found

    def queries(code: str, ground: bool) -> tuple[int, list[int]]:
        """The matching's own queries only (area, counts, candidates with floors): what the hand-written SQL
        does, without the domain's scores and the words — to tell the queries' overhead from the rest."""
        needs = domain.HomeNeeds(
            groups=groups,
            now=timezone.now(),
            vacancy_valid_days=valid_days(),
            ceiling=90_000,
            ages=(72, 68),
            area_standard=True,
            ground_floor=ground,
        )
        places = selectors.area_places(code)
        rules = selectors.compile_rules(needs, selectors.search_area(code), places)
        universe, _ = selectors.excluded_counts(rules, needs)
        return universe, [r["unit_id"] for r in selectors.candidate_rows(rules, needs, 200)]

    mask = group_bits.mask(groups)
    minimum = int(domain.minimum_living_area((72, 68), timezone.localdate()) * 100)

    def raw(code: str, ground: bool) -> tuple[list[int], list[int]]:
        area = selectors.search_area(code)
        since = timezone.now() - timedelta(days=valid_days())
        marks = ",".join(["%s"] * len(area))
        floor_sql = (
            " AND (u.barrier_free OR EXISTS (SELECT 1 FROM search_publicunit p"
            " WHERE p.unit_id = u.unit_id AND p.floor <= 1))"
            if ground
            else ""
        )
        where = (
            f"u.municipality_code IN ({marks}) AND u.vacancy = 'vacant' AND (u.groups & %s) > 0 "
            f"AND u.rent_total <= %s AND u.vacancy_confirmed_at >= %s AND u.area_centi >= %s{floor_sql}"
        )
        args = [*area, mask, 90_000, since, minimum]
        with connection.cursor() as c:
            c.execute(
                f"SELECT unit_id FROM search_searchunit u WHERE {where} AND u.dedicated "
                "ORDER BY u.rent_total, u.unit_id LIMIT 200",
                args,
            )
            ids = [r[0] for r in c.fetchall()]
            if len(ids) < 200:
                c.execute(
                    f"SELECT unit_id FROM search_searchunit u WHERE {where} AND NOT u.dedicated "
                    f"ORDER BY u.rent_total, u.unit_id LIMIT {200 - len(ids)}",
                    args,
                )
                ids += [r[0] for r in c.fetchall()]
            c.execute(
                "SELECT COUNT(*), SUM(CASE WHEN (groups & %s) > 0 THEN 0 ELSE 1 END), "
                "SUM(CASE WHEN rent_total <= %s THEN 0 ELSE 1 END), "
                "SUM(CASE WHEN vacancy_confirmed_at >= %s THEN 0 ELSE 1 END), "
                "SUM(CASE WHEN area_centi >= %s THEN 0 ELSE 1 END) "
                f"FROM search_searchunit WHERE municipality_code IN ({marks}) AND vacancy = 'vacant'",
                [mask, 90_000, since, minimum, *area],
            )
            counts = [int(x or 0) for x in c.fetchone()]
        return ids, counts

    conf = params.load(domain.MATCHING, timezone.localdate())["homes"]
    w, scale = conf["weights"], conf["scale"]
    pg = db == "postgresql"
    japan_days = (
        "((%s::timestamptz AT TIME ZONE 'Asia/Tokyo')::date"
        " - (c.vacancy_confirmed_at AT TIME ZONE 'Asia/Tokyo')::date)"
        if pg
        else "(julianday(date(%s, '+9 hours')) - julianday(date(c.vacancy_confirmed_at, '+9 hours')))"
    )
    clamp = "MIN(1.0, MAX(0.0, {}))" if not pg else "LEAST(1.0, GREATEST(0.0, {}))"
    listed = [str(s) for s in support_domain.ACTIVE_STATES]

    def ranked(code: str, ground: bool, point: tuple[float, float] | None) -> tuple[list[int], list[int]]:
        """Hand-written SQL returning the same 20 ranked ids as the matching: the same 200 candidates,
        scored in SQL by the parameter file's weights (distance, rent headroom, freshness in Japanese
        calendar days, the landlord's past answers, corporations serving the municipality), dedicated first,
        then the score rounded to hundredths, then the id; plus the same counts."""
        area = selectors.search_area(code)
        now = timezone.now()
        since = now - timedelta(days=valid_days())
        marks = ",".join(["%s"] * len(area))
        floor_sql = (
            " AND (u.barrier_free OR EXISTS (SELECT 1 FROM search_publicunit p"
            " WHERE p.unit_id = u.unit_id AND p.floor <= 1))"
            if ground
            else ""
        )
        where = (
            f"u.municipality_code IN ({marks}) AND u.vacancy = 'vacant' AND (u.groups & %s) > 0 "
            f"AND u.rent_total <= %s AND u.vacancy_confirmed_at >= %s AND u.area_centi >= %s{floor_sql}"
        )
        args: list[Any] = [*area, mask, 90_000, since, minimum]
        if point is None:
            distance, d_args = "0.0", []
        else:
            hav = (
                "SIN(RADIANS(c.lat - %s) / 2) * SIN(RADIANS(c.lat - %s) / 2) + COS(RADIANS(%s)) * "
                "COS(RADIANS(c.lat)) * SIN(RADIANS(c.lon - %s) / 2) * SIN(RADIANS(c.lon - %s) / 2)"
            )
            km = (
                f"2 * 6371.0 * ASIN(MIN(1.0, SQRT({hav})))"
                if not pg
                else (f"2 * 6371.0 * ASIN(LEAST(1.0, SQRT({hav})))")
            )
            distance = (
                f"CASE WHEN c.lat IS NULL OR c.lon IS NULL THEN 0.0 ELSE {clamp.format(f'1 - {km} / %s')} END"
            )
            d_args = [point[0], point[0], point[0], point[1], point[1], float(scale["distance_zero_km"])]
        score = (
            f"{w['distance']} * {distance}"
            f" + {w['rent_headroom']} * {clamp.format('(%s - c.rent_total) * 100.0 / %s / %s')}"
            f" + {w['freshness']} * {clamp.format(f'1 - {japan_days} * 1.0 / %s')}"
            f" + {w['landlord_answers']} * CASE WHEN COALESCE(r.asked, 0) >= %s"
            f" THEN r.answered * 1.0 / r.asked ELSE %s END"
            f" + {w['support_nearby']} * {clamp.format('COALESCE(s.n, 0) * 1.0 / %s')}"
        )
        s_args = [
            *d_args,
            90_000,
            90_000,
            float(scale["headroom_full_percent"]),
            now,
            valid_days(),
            int(scale["answers_min_inquiries"]),
            float(str(scale["answers_neutral"])),
            float(scale["support_full_count"]),
        ]
        states = ",".join(["%s"] * len(listed))
        sql = (
            "WITH c AS (SELECT u.unit_id, u.dedicated, u.rent_total, u.vacancy_confirmed_at, u.lat, u.lon,"
            " u.municipality_code, b.operator_id FROM search_searchunit u"
            f" JOIN registry_building b ON b.id = u.building_id WHERE {where}"
            " ORDER BY CASE WHEN u.dedicated THEN 0 ELSE 1 END, u.rent_total, u.unit_id LIMIT 200),"
            " r AS (SELECT i.operator_id, COUNT(*) AS asked,"
            " SUM(CASE WHEN i.state IN ('viewing_offered', 'accepted', 'declined') THEN 1 ELSE 0 END)"
            " AS answered FROM placements_landlordinquiry i"
            " WHERE i.operator_id IN (SELECT operator_id FROM c) AND i.state NOT IN ('draft', 'withdrawn')"
            " GROUP BY i.operator_id),"
            " s AS (SELECT m.code, COUNT(DISTINCT a.corporation_id) AS n FROM places_municipality m"
            " JOIN support_servicearea a ON a.municipality_id = m.code OR a.municipality_id = m.parent_id"
            " JOIN support_supportcorporation sc ON sc.id = a.corporation_id"
            f" WHERE m.code IN ({marks}) AND sc.state IN ({states}) GROUP BY m.code)"
            f" SELECT c.unit_id FROM c LEFT JOIN r ON r.operator_id = c.operator_id"
            " LEFT JOIN s ON s.code = c.municipality_code"
            f" ORDER BY CASE WHEN c.dedicated THEN 0 ELSE 1 END, ROUND(CAST({score} AS NUMERIC), 2) DESC,"
            " c.unit_id LIMIT 20"
        )
        with connection.cursor() as c:
            c.execute(sql, [*args, *area, *listed, *s_args])
            ids = [r[0] for r in c.fetchall()]
            c.execute(
                "SELECT COUNT(*), SUM(CASE WHEN (groups & %s) > 0 THEN 0 ELSE 1 END), "
                "SUM(CASE WHEN rent_total <= %s THEN 0 ELSE 1 END), "
                "SUM(CASE WHEN vacancy_confirmed_at >= %s THEN 0 ELSE 1 END), "
                "SUM(CASE WHEN area_centi >= %s THEN 0 ELSE 1 END) "
                f"FROM search_searchunit WHERE municipality_code IN ({marks}) AND vacancy = 'vacant'",
                [mask, 90_000, since, minimum, *area],
            )
            counts = [int(x or 0) for x in c.fetchone()]
        return ids, counts

    def support(code: str) -> tuple[domain.SupportMatch, ...]:
        today = timezone.localdate()
        found, _ = selectors.corporation_candidates(code, today)
        return domain.rank_support(
            found,
            domain.SupportNeeds(help=needs_base.help, groups=groups, languages=("vi",), on=today),
        )

    # a preferred place for every other household: its municipality's centre (the distance part)
    points: list[tuple[float, float] | None] = []
    for i, code in enumerate(picks):
        lat, lon = selectors.municipality_centre(code)
        points.append((lat, lon) if i % 2 == 0 and lat is not None and lon is not None else None)
    # check: the ORM's candidates are the hand-written SQL's ids; its top 20 the ranking SQL's
    mismatches = 0
    for i, code in enumerate(picks[:100]):
        ground = i % 3 == 0
        found = homes(code, ground, points[i])
        ids, counts = raw(code, ground)
        rules = selectors.compile_rules(found.needs, selectors.search_area(code))
        orm_ids = [r["unit_id"] for r in selectors.candidate_rows(rules, found.needs, 200)]
        assert orm_ids == ids, (code, orm_ids[:5], ids[:5])
        assert found.universe == counts[0], (code, found.universe, counts)
        assert {m.unit_id for m in found.result.matches} <= set(ids)
        top, counts2 = ranked(code, ground, points[i])
        assert counts2 == counts
        mine = [m.unit_id for m in found.result.matches[:20]]
        if top != mine:
            # equal scores rounded differently (Python rounds half to even, SQL half away from zero)
            scores = {m.unit_id: m.score for m in found.result.matches}
            assert sorted(top) == sorted(mine) or all(
                abs(scores.get(a, -1) - scores.get(b, -1)) <= 0.011 for a, b in zip(top, mine, strict=False)
            ), (code, top, mine)
            mismatches += 1
    # warm-up, then measure
    for i, code in enumerate(picks[:20]):
        homes(code, False, points[i]), raw(code, False), ranked(code, False, points[i]), support(code)
    t_homes, t_raw, t_ranked, t_queries, t_support, sizes, universes = [], [], [], [], [], [], []
    for i, code in enumerate(picks):
        ground = i % 3 == 0
        # the area's pages read once before any variant is timed: the first reader of an area pays the
        # cold reads (up to 10 ms here), and whichever variant ran first would carry them alone
        ranked(code, ground, points[i])
        ms, found = timed(lambda c=code, g=ground, p=points[i]: homes(c, g, p))
        t_homes.append(ms)
        sizes.append(len(found.result.matches))
        universes.append(found.universe)
        t_raw.append(timed(lambda c=code, g=ground: raw(c, g))[0])
        t_ranked.append(timed(lambda c=code, g=ground, p=points[i]: ranked(c, g, p))[0])
        t_queries.append(timed(lambda c=code, g=ground: queries(c, g))[0])
        t_support.append(timed(lambda c=code: support(c))[0])

    def row(name: str, xs: list[float]) -> dict[str, float]:
        return {
            "name": name,
            "p50": round(percentile(xs, 50), 2),
            "p95": round(percentile(xs, 95), 2),
            "max": round(max(xs), 2),
        }

    rows = [
        row("homes: search + top-20 words", t_homes),
        row("homes: the matching's queries only", t_queries),
        row("homes: hand-written SQL, same 200 candidates and counts", t_raw),
        row("homes: hand-written SQL ranking, same top 20 and counts", t_ranked),
    ]
    rows.append(row("support ranking", t_support))
    ratio_p50 = percentile(t_homes, 50) / percentile(t_ranked, 50)
    ratio_p95 = percentile(t_homes, 95) / percentile(t_ranked, 95)
    candidates_p50 = percentile(t_homes, 50) / percentile(t_raw, 50)
    candidates_p95 = percentile(t_homes, 95) / percentile(t_raw, 95)
    queries_p50 = percentile(t_queries, 50) / percentile(t_raw, 50)
    queries_p95 = percentile(t_queries, 95) / percentile(t_raw, 95)
    units = SearchUnit.objects.count()
    record = {
        "database": db,
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs",
        "units_in_index": units,
        "households": HOUSEHOLDS,
        "matches_median": sorted(sizes)[len(sizes) // 2],
        "vacant_in_area_median": sorted(universes)[len(universes) // 2],
        "rows": rows,
        "ratio_p50": round(ratio_p50, 2),
        "ratio_p95": round(ratio_p95, 2),
        "candidates_ratio_p50": round(candidates_p50, 2),
        "candidates_ratio_p95": round(candidates_p95, 2),
        "ranking_mismatches_of_100": mismatches,
        "queries_ratio_p50": round(queries_p50, 2),
        "queries_ratio_p95": round(queries_p95, 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / f"matching-{db}.json").write_text(json.dumps(record, indent=2) + "\n")
    print(f"\n{db}: {units:,} units in the index; {HOUSEHOLDS} households")
    print(
        f"median homes matched {record['matches_median']}, median vacant homes in the area "
        f"{record['vacant_in_area_median']}"
    )
    print("| measure | p50 ms | p95 ms | max ms |\n|---|---|---|---|")
    for r in rows:
        print(f"| {r['name']} | {r['p50']} | {r['p95']} | {r['max']} |")
    print(f"ratio to the hand-written ranking SQL (same 20 ids): p50 {ratio_p50:.2f}×, p95 {ratio_p95:.2f}×")
    print(
        f"ratio to the candidates' SQL (same 200 ids): p50 {candidates_p50:.2f}×, p95 {candidates_p95:.2f}×"
    )
    print(f"top-20 orders differing only by rounding ties, of 100 checked: {mismatches}")
    print(
        f"the matching's queries only to the hand-written SQL: p50 {queries_p50:.2f}×, p95 {queries_p95:.2f}×"
    )
    print(f"load average at the end: {record['load_average']}")


if __name__ == "__main__":
    main()
