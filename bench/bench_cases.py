"""Benchmarks of case work (issue #16): a caseworker's case list and the routing of a public request.

    python bench/bench_cases.py                # var/bench/cases-bench.sqlite3 (generated when missing)
    python bench/bench_cases.py --postgres     # postgres://postgres@127.0.0.1:5432/sumai_bench_cases
    python bench/bench_cases.py --generate     # (re)build the dataset first
    python bench/bench_cases.py --consultations 30000 --generate   # the national demo's own size

The dataset is the national demo without buildings and units (organisations, support corporations with
their areas, councils, desks — ``sumai.demo``) with more requests for help, so that case work reaches
~100,000 cases: ``--consultations`` (110,000) requests over three years, ``household_share`` 0.9 of the
answered ones become a household with a case, plus the referral partners' households (6,000) whose accepted
referrals open cases (``sumai.demo.cases.create_casework``). Setagaya's desk receives one request in ten:
it is the worst case (one organisation holding ~10 % of all cases).

(a) ``sumai.cases.selectors_cases.cases(...)`` — the first page of 50 through ``Paginator`` (its ``count``
and the page's rows with their ``select_related``), for each filter (open cases by default, status=searching,
mine, overdue, mine+overdue, q = part of a pseudonym), for a typical organisation (the median load of the
organisations that work cases) and the worst one. Next to it the same page as hand-written SQL (the ids of
the page and the count), and the ORM's own SQL replayed through the cursor (the database's side of the
ORM); before timing, the ids in order and the count must agree. The number of queries of
selector + Paginator is counted. Target: p95 ≤ 60 ms.

(b) Routing a public request: ``sumai.cases.selectors.candidates(municipality)`` + ``domain.route`` for
1,000 random municipalities (seed 20261130). Target: p95 ≤ 20 ms.

Prints markdown tables and writes ``var/bench/cases-<db>.json`` (figures, the ORM's SQL and query plans).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import BenchDatabase
from generate import BENCH_DIR
from run import explain, percentile

ROOT = Path(__file__).resolve().parent.parent
DB = BenchDatabase("cases-bench.sqlite3", "sumai_bench_cases")
SEED = 20261130
PAGE = 50


def generate(consultations: int, progress: Callable[[str], None]) -> dict[str, float]:
    """The national demo's organisations, corporations, councils, desks, requests and case work; no units."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from sumai.demo.cases import create_casework, create_desks_and_requests
    from sumai.demo.core import create_demo_users, create_organisations
    from sumai.demo.councils import create_councils
    from sumai.demo.sizes import SIZES
    from sumai.demo.support import create_support_corporations
    from sumai.places.loaders import load_places

    seconds: dict[str, float] = {}
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_places()
    seconds["migrate_and_places"] = time.perf_counter() - t
    size = dataclasses.replace(SIZES["national"], consultations=consultations, household_share=0.9)
    rng = random.Random(SEED)
    with transaction.atomic():
        t = time.perf_counter()
        ids = create_organisations(size, rng, progress)
        create_support_corporations(size, rng, ids.get("support_corporation", []), progress)
        create_councils(size, rng, progress)
        seconds["organisations"] = time.perf_counter() - t
        t = time.perf_counter()
        create_desks_and_requests(size, rng, progress)
        seconds["desks_and_requests"] = time.perf_counter() - t
        t = time.perf_counter()
        create_casework(size, rng, progress)
        seconds["casework"] = time.perf_counter() - t
        create_demo_users()
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    seconds["analyze"] = time.perf_counter() - t
    return {k: round(v, 1) for k, v in seconds.items()}


def timed(fn: Callable[[], Any], n: int, budget: float) -> list[float]:
    for _ in range(3):
        fn()
    samples: list[float] = []
    started = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
        if len(samples) >= 10 and time.perf_counter() - started > budget:
            break
    return samples


# -- the case list -------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Filter:
    name: str
    status: str = ""
    mine: bool = False
    overdue: bool = False
    q: bool = False


FILTERS = [
    Filter("open (default)"),
    Filter("status=searching", status="searching"),
    Filter("mine", mine=True),
    Filter("overdue", overdue=True),
    Filter("mine + overdue", mine=True, overdue=True),
    Filter("q (pseudonym)", q=True),
]


def orm_page(access: Any, user_id: int, f: Filter, q: str, today: Any) -> tuple[list[int], int]:
    """What the case list does: the selector, Paginator's count and the first page's rows."""
    from django.core.paginator import Paginator

    from sumai.cases import selectors_cases

    qs = selectors_cases.cases(
        visible_to=access,
        user_id=user_id,
        status=f.status,
        mine=f.mine,
        overdue=f.overdue,
        q=q if f.q else "",
        today=today,
    )
    page = Paginator(qs, PAGE).page(1)
    rows = list(page.object_list)
    shown = [  # what the list shows of each row: all joined, no query more
        (c.household.pseudonym, c.household.municipality.name, c.caseworker, c.organisation.name)
        for c in rows
    ]
    assert len(shown) == len(rows)
    return [c.pk for c in rows], page.paginator.count


def raw_sql(
    vendor: str, org_ids: list[int], user_id: int, f: Filter, q: str, today: Any
) -> tuple[str, str, list[Any]]:
    """The same page by hand: the ids of the first 50 in the list's order, and the count."""
    marks = ", ".join(["%s"] * len(org_ids))
    where = [f"c.organisation_id IN ({marks})"]
    params: list[Any] = list(org_ids)
    if f.status:
        where.append("c.status = %s")
        params.append(f.status)
    else:
        where.append("NOT (c.status = 'closed')")  # the partial indexes' own condition
    if f.mine:
        where.append("c.caseworker_id = %s")
        params.append(user_id)
    if f.overdue:
        where.append("c.next_due < %s")
        params.append(today)
    join = ""
    if f.q:
        join = " JOIN cases_household h ON h.id = c.household_id"
        if vendor == "postgresql":
            where.append("UPPER(h.pseudonym::text) LIKE UPPER(%s)")
        else:
            where.append("h.pseudonym LIKE %s ESCAPE '\\'")
        params.append(f"%{q}%")
    cond = " AND ".join(where)
    ids_sql = (
        f"SELECT c.id FROM cases_case c{join} WHERE {cond}"
        f" ORDER BY c.next_due ASC NULLS LAST, c.opened_at DESC, c.id DESC LIMIT {PAGE}"
    )
    count_sql = f"SELECT COUNT(*) FROM cases_case c{join} WHERE {cond}"
    return ids_sql, count_sql, params


def run_raw(cursor: Any, ids_sql: str, count_sql: str, params: list[Any]) -> tuple[list[int], int]:
    cursor.execute(count_sql, params)
    count = cursor.fetchone()[0]
    cursor.execute(ids_sql, params)
    return [r[0] for r in cursor.fetchall()], count


def replay(cursor: Any, captured: list[tuple[str, Any]]) -> None:
    """The ORM's own SQL (as captured, with its parameters) through the DB-API cursor."""
    for sql, params in captured:
        cursor.execute(sql, params)
        cursor.fetchall()


def pick_organisations() -> list[tuple[str, int, int]]:
    """(label, organisation id, a caseworker's user id): the organisations of median and 90th-percentile
    load among those that work cases, and the largest; the caseworker with the most open cases there."""
    from django.db.models import Count

    from sumai.cases.models import Case

    loads = list(
        Case.objects.values("organisation_id").annotate(n=Count("id")).order_by("n", "organisation_id")
    )
    picks = (
        ("median", loads[len(loads) // 2]),
        ("90th percentile", loads[int(len(loads) * 0.9)]),
        ("largest", loads[-1]),
    )
    out = []
    for label, row in picks:
        worker = (
            Case.objects.filter(organisation_id=row["organisation_id"], caseworker__isnull=False)
            .exclude(status="closed")
            .values("caseworker_id")
            .annotate(n=Count("id"))
            .order_by("-n", "caseworker_id")
            .first()
        )
        out.append((label, row["organisation_id"], worker["caseworker_id"] if worker else 0))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--generate", action="store_true", help="rebuild the dataset first")
    parser.add_argument("--consultations", type=int, default=110_000)
    parser.add_argument("--n", type=int, default=200, help="repetitions per case at most")
    parser.add_argument("--budget", type=float, default=6.0, help="seconds per case at most")
    args = parser.parse_args()
    db = "postgresql" if args.postgres else "sqlite"
    build = args.generate or not DB.exists(args.postgres)
    if build:
        DB.fresh(args.postgres)
    DB.setup_django(args.postgres)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sumai.accounts.models import Organisation
    from sumai.cases import selectors
    from sumai.cases.models import Case, CaseEntry, Household, Referral, Task
    from sumai.core.access import Access, Grant
    from sumai.domain import consultation as domain
    from sumai.places.models import Municipality

    generation: dict[str, float] = {}
    if not build:  # an existing dataset gets the indexes of newer migrations, and fresh statistics
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        with connection.cursor() as c:
            c.execute("ANALYZE")
    if build:
        started = time.perf_counter()
        generation = generate(
            args.consultations, lambda m: print(f"  [{time.perf_counter() - started:6.1f}s] {m}")
        )
        print(f"generated in {sum(generation.values()):.0f}s: {generation}")
    vendor = connection.vendor
    with connection.cursor() as c:
        c.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
        db_version = c.fetchone()[0]
    counts = {
        "cases": Case.objects.count(),
        "open_cases": Case.objects.exclude(status="closed").count(),
        "households": Household.objects.count(),
        "entries": CaseEntry.objects.count(),
        "tasks": Task.objects.count(),
        "referrals": Referral.objects.count(),
        "organisations": Organisation.objects.count(),
    }
    print(f"# Case work benchmark on {db} {db_version}: {counts}")
    today = timezone.localdate()
    cursor = connection.cursor()
    results: list[dict[str, Any]] = []
    plans: dict[str, Any] = {}

    # (a) the case list ----------------------------------------------------------------------------------
    for label, org_id, user_id in pick_organisations():
        org = Organisation.objects.get(pk=org_id)
        access = Access(True, False, (Grant(org.pk, org.kind, "staff"),))
        held = Case.objects.filter(organisation_id=org_id).count()
        open_ = Case.objects.filter(organisation_id=org_id).exclude(status="closed").count()
        sample = (
            Household.objects.filter(cases__organisation_id=org_id)
            .exclude(cases__status="closed")
            .order_by("pk")
            .values_list("pseudonym", flat=True)
            .first()
        )
        q = (sample or "x")[-4:]  # the last characters of a reference, as a caseworker types them
        print(
            f"\n## {label}: organisation {org_id} ({org.kind}) holds {held:,} cases ({open_:,} open);"
            f" user {user_id}; q={q!r}"
        )
        for f in FILTERS:
            ids, count = orm_page(access, user_id, f, q, today)
            ids_sql, count_sql, params = raw_sql(vendor, [org_id], user_id, f, q, today)
            raw_ids, raw_count = run_raw(cursor, ids_sql, count_sql, params)
            if (ids, count) != (raw_ids, raw_count):
                raise SystemExit(
                    f"{label} {f.name}: ORM and raw differ\n ORM {count} {ids}\n raw {raw_count} {raw_ids}"
                )
            captured: list[tuple[str, Any]] = []

            def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
                captured.append((sql, params))  # noqa: B023 - used at once
                return execute(sql, params, many, context)

            with connection.execute_wrapper(capture):
                orm_page(access, user_id, f, q, today)
            orm_sqls = [sql for sql, _p in captured]
            ormsql = timed(lambda c=captured: replay(cursor, c), args.n, args.budget)
            orm = timed(
                lambda a=access, u=user_id, f=f, q=q: orm_page(a, u, f, q, today), args.n, args.budget
            )
            raw = timed(lambda p=(ids_sql, count_sql, params): run_raw(cursor, *p), args.n, args.budget)
            row = {
                "organisation": label,
                "organisation_id": org_id,
                "cases_held": held,
                "filter": f.name,
                "count": count,
                "queries": len(captured),
                "ormsql_p50": percentile(ormsql, 50),
                "ormsql_p95": percentile(ormsql, 95),
                "orm_p50": percentile(orm, 50),
                "orm_p95": percentile(orm, 95),
                "raw_p50": percentile(raw, 50),
                "raw_p95": percentile(raw, 95),
                "n": len(orm),
            }
            results.append(row)
            plans[f"{label} {f.name}"] = {
                "orm_sql": orm_sqls,
                "raw": explain(cursor, vendor, ids_sql, params),
                "raw_count": explain(cursor, vendor, count_sql, params),
            }
            flag = " ✗" if row["orm_p95"] > 60 else ""
            print(
                f"  {f.name:<18} count {count:>6,}  queries {row['queries']}  selector+Paginator"
                f" {row['orm_p50']:7.2f}/{row['orm_p95']:7.2f} ms{flag}"
                f"   ORM's SQL {row['ormsql_p50']:7.2f}/{row['ormsql_p95']:7.2f}"
                f"   raw {row['raw_p50']:7.2f}/{row['raw_p95']:7.2f} ms"
            )
            sys.stdout.flush()

    # (b) routing a public request ------------------------------------------------------------------------
    rng = random.Random(SEED)
    munis = list(Municipality.objects.exclude(kind="designated_city").order_by("code"))
    chosen = [rng.choice(munis) for _ in range(1000)]
    it = iter(range(10**9))

    def route_one() -> Any:
        m = chosen[next(it) % len(chosen)]
        return domain.route(selectors.candidates(m))

    with CaptureQueriesContext(connection) as ctx:
        route_one()
    routing_queries = len(ctx.captured_queries)
    routed = sum(domain.route(selectors.candidates(m)) is not None for m in chosen[:200])
    samples = timed(route_one, 1000, 20.0)
    routing = {
        "n": len(samples),
        "p50": percentile(samples, 50),
        "p95": percentile(samples, 95),
        "max": max(samples),
        "queries": routing_queries,
        "routed_of_200": routed,
    }
    print(
        f"\n## routing: candidates + route, {routing['n']} random municipalities,"
        f" {routing_queries} queries each:"
        f" p50 {routing['p50']:.2f} ms, p95 {routing['p95']:.2f} ms ({routed}/200 routed)"
    )
    cursor.close()

    payload = {
        "database": db,
        "database_version": db_version,
        "python": platform.python_version(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "date": timezone.now().isoformat(timespec="seconds"),
        "counts": counts,
        "generation_seconds": generation,
        "case_list": results,
        "routing": routing,
        "plans": plans,
    }
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = BENCH_DIR / f"cases-{db}.json"
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")

    print(f"\n### {db} {db_version} — {counts['cases']:,} cases ({counts['open_cases']:,} open)\n")
    print(
        "| organisation (cases) | filter | count | queries | selector+Paginator p50 / p95 ms"
        " | ORM's SQL p50 / p95 ms | raw SQL p50 / p95 ms | ORM's SQL / raw (p50) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        ratio = r["ormsql_p50"] / r["raw_p50"] if r["raw_p50"] else float("nan")
        print(
            f"| {r['organisation']} ({r['cases_held']:,}) | {r['filter']} | {r['count']:,} | {r['queries']}"
            f" | {r['orm_p50']:.2f} / {r['orm_p95']:.2f} | {r['ormsql_p50']:.2f} / {r['ormsql_p95']:.2f}"
            f" | {r['raw_p50']:.2f} / {r['raw_p95']:.2f}"
            f" | {ratio:.2f}× |"
        )
    print(
        f"\nRouting (candidates + route), n={routing['n']}: p50 {routing['p50']:.2f} ms,"
        f" p95 {routing['p95']:.2f} ms,"
        f" max {routing['max']:.2f} ms, {routing_queries} queries"
    )
    print(f"\nresults in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
