"""Benchmarks of the foundation: ORM selectors next to the same queries as raw SQL, pages and API.

    python bench/run.py               # against var/bench/sumai-bench.sqlite3 (make bench-data first)
    python bench/run.py --postgres    # against postgres://postgres@127.0.0.1:5432/sumai_bench
    python bench/run.py --budget 10   # seconds per case at most (default 15)

Each case is warmed up, then repeated N times (or until its time budget runs out, at least 5 times),
each repetition timed with ``time.perf_counter``. Prints a markdown table and writes
``var/bench/results-<db>.json``. Search, import and load (20 clients) benchmarks belong to the registry and
search work and are not here.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import BENCH_DIR, bench_env, database_url  # noqa: E402

BULK_OPERATOR = "全国賃貸ホールディングス株式会社"
TOKYO_AUTHORITY = "130001"
SEED = 20261130


def setup_django(postgres: bool, url: str | None = None) -> None:
    os.environ.update(bench_env(postgres))
    if url:
        os.environ["DATABASE_URL"] = url
    os.environ.pop("ALLOWED_HOSTS", None)
    # DRF's per-user throttle (1200/minute) would answer 429 to a benchmark loop; lift it for the run.
    os.environ["API_USER_RATE"] = "100000000/minute"
    os.environ["API_ANON_RATE"] = "100000000/minute"
    # the same for the per-address limits of the search page and the open data (docs/security.md)
    os.environ["SUMAI_SEARCH_RATE"] = "off"
    os.environ["SUMAI_OPEN_DATA_RATE"] = "off"
    import django

    django.setup()


def percentile(samples: list[float], p: float) -> float:
    s = sorted(samples)
    if len(s) == 1:
        return s[0]
    k = (len(s) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


class Runner:
    def __init__(self, budget: float, scale: float) -> None:
        self.budget = budget
        self.scale = scale
        self.results: list[dict[str, Any]] = []

    def measure(
        self,
        group: str,
        name: str,
        fn: Callable[[int], Any],
        *,
        n: int,
        warmup: int = 3,
        raw_of: str | None = None,
    ) -> dict[str, Any]:
        """Time ``fn(i)`` ``n`` times after ``warmup`` calls; stop early when the budget is spent."""
        n = max(min(5, n), int(n * self.scale))
        for i in range(warmup):
            fn(i)
        samples: list[float] = []
        started = time.perf_counter()
        for i in range(n):
            t0 = time.perf_counter()
            fn(i)
            samples.append((time.perf_counter() - t0) * 1000)
            if len(samples) >= min(5, n) and time.perf_counter() - started > self.budget:
                break
        row = {
            "group": group,
            "name": name,
            "n": len(samples),
            "p50_ms": round(percentile(samples, 50), 3),
            "p95_ms": round(percentile(samples, 95), 3),
            "mean_ms": round(statistics.fmean(samples), 3),
            "max_ms": round(max(samples), 3),
        }
        if raw_of:
            row["raw_of"] = raw_of
        self.results.append(row)
        print(
            f"  {group:<10} {name:<58} n={row['n']:<5}"
            f" p50={row['p50_ms']:>9.3f} ms  p95={row['p95_ms']:>9.3f} ms"
        )
        sys.stdout.flush()
        return row


# ---------------------------------------------------------------------------------------------------------
# Raw SQL equivalents
# ---------------------------------------------------------------------------------------------------------


def raw_registration_authority(cursor: Any, code: str, on: date) -> Any:
    """The lookups of ``registration_authority`` as hand-written SQL; the same pure domain rules."""
    from sumai.domain import jurisdiction
    from sumai.domain.jurisdiction import Delegation, Place, PlaceKind

    cursor.execute("SELECT code, lg_code, name FROM places_prefecture WHERE lg_code = %s", [code])
    pref = cursor.fetchone()
    parent = None
    if pref is not None:
        place = Place(pref[1], pref[2], PlaceKind.PREFECTURE, None, pref[0])
        pref_code, pref_name = pref[0], pref[2]
    else:
        cursor.execute(
            "SELECT m.code, m.name, m.kind, m.parent_id, m.prefecture_id,"
            " p.code, p.name, p.kind, p.parent_id, p.prefecture_id, pr.name"
            " FROM places_municipality m"
            " JOIN places_prefecture pr ON pr.code = m.prefecture_id"
            " LEFT JOIN places_municipality p ON p.code = m.parent_id"
            " WHERE m.code = %s",
            [code],
        )
        r = cursor.fetchone()
        place = Place(r[0], r[1], PlaceKind(r[2]), r[3], r[4])
        if r[5] is not None:
            parent = Place(r[5], r[6], PlaceKind(r[7]), r[8], r[9])
        pref_code, pref_name = r[4], r[10]
    auth_code, kind = jurisdiction.authority_place_code(place, parent)
    if kind is jurisdiction.AuthorityKind.PREFECTURE:
        name = pref_name
    else:
        cursor.execute("SELECT name FROM places_municipality WHERE code = %s", [auth_code])
        name = cursor.fetchone()[0]
    cursor.execute(
        "SELECT code, name, active_until FROM places_registrationbody"
        " WHERE prefecture_id = %s AND active_from <= %s",
        [pref_code, on],
    )
    body = cursor.fetchone()
    delegation = None
    if body is not None and (body[2] is None or on <= body[2]):
        delegation = Delegation(pref_code, body[0], body[1])
    return jurisdiction.resolve(place, parent=parent, authority_name=name, delegation=delegation)


def raw_authority_map(cursor: Any, on: date) -> dict[str, Any]:
    from sumai.domain import jurisdiction
    from sumai.domain.jurisdiction import Delegation, Place, PlaceKind

    cursor.execute("SELECT code, name, kind, parent_id, prefecture_id FROM places_municipality")
    munis = {r[0]: Place(r[0], r[1], PlaceKind(r[2]), r[3], r[4]) for r in cursor.fetchall()}
    cursor.execute("SELECT code, name, lg_code FROM places_prefecture")
    pref_rows = cursor.fetchall()
    prefs = {r[0]: r[1] for r in pref_rows}
    pref_places = {r[2]: Place(r[2], r[1], PlaceKind.PREFECTURE, None, r[0]) for r in pref_rows}
    cursor.execute(
        "SELECT prefecture_id, code, name, active_until FROM places_registrationbody WHERE active_from <= %s",
        [on],
    )
    delegations = {
        r[0]: Delegation(r[0], r[1], r[2]) for r in cursor.fetchall() if r[3] is None or on <= r[3]
    }
    out = {}
    for code, place in [*munis.items(), *pref_places.items()]:
        parent = munis[place.parent_code] if place.parent_code else None
        auth_code, kind = jurisdiction.authority_place_code(place, parent)
        name = (
            prefs[place.prefecture_code]
            if kind is jurisdiction.AuthorityKind.PREFECTURE
            else munis[auth_code].name
        )
        out[code] = jurisdiction.resolve(
            place, parent=parent, authority_name=name, delegation=delegations.get(place.prefecture_code)
        )
    return out


ORG_SQL = (
    "SELECT o.id, o.kind, o.authority_code, o.prefecture_id, o.municipality_id, p.name, m.name"
    " FROM accounts_organisation o"
    " LEFT JOIN places_prefecture p ON p.code = o.prefecture_id"
    " LEFT JOIN places_municipality m ON m.code = o.municipality_id"
    " WHERE o.id = %s"
)


def raw_dashboard(cursor: Any, org_id: int) -> list[Any]:
    cursor.execute(ORG_SQL, [org_id])
    _id, kind, authority_code, _pref, _muni, _pn, _mn = cursor.fetchone()
    out: list[Any] = []
    if kind in ("operator", "agent"):
        cursor.execute("SELECT COUNT(*) FROM registry_building WHERE operator_id = %s", [org_id])
        out.append(cursor.fetchone()[0])
        cursor.execute(
            "SELECT COUNT(u.id), COUNT(CASE WHEN u.vacancy = 'vacant' THEN u.id END)"
            " FROM registry_unit u JOIN registry_building b ON b.id = u.building_id WHERE b.operator_id = %s",
            [org_id],
        )
        out.extend(cursor.fetchone())
    elif kind == "authority":
        cursor.execute("SELECT COUNT(*) FROM registry_building WHERE authority_code = %s", [authority_code])
        out.append(cursor.fetchone()[0])
        cursor.execute(
            "SELECT COUNT(*) FROM registry_unit u JOIN registry_building b ON b.id = u.building_id"
            " WHERE b.authority_code = %s",
            [authority_code],
        )
        out.append(cursor.fetchone()[0])
    elif kind == "national":
        for sql in (
            "SELECT COUNT(*) FROM registry_unit",
            "SELECT COUNT(*) FROM registry_building",
            "SELECT COUNT(*) FROM places_municipality WHERE NOT (kind = 'ward_of_designated_city')",
            # support corporations holding a designation, as the statistics count them
            "SELECT COUNT(*) FROM support_supportcorporation WHERE state IN ('designated', 'suspended')",
        ):
            cursor.execute(sql)
            out.append(cursor.fetchone()[0])
    return out


def explain(cursor: Any, vendor: str, sql: str, params: list[Any]) -> list[str]:
    if vendor == "sqlite":
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [str(r[-1]) for r in cursor.fetchall()]
    cursor.execute("EXPLAIN " + sql, params)
    return [r[0] for r in cursor.fetchall()]


# ---------------------------------------------------------------------------------------------------------


def ensure_bench_user(email: str, org: Any, role: str) -> Any:
    from sumai.accounts.models import Membership, User

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, name=f"bench {org.kind}")
    Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": role})
    return user


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--budget", type=float, default=15.0, help="seconds per case at most")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every repetition count")
    parser.add_argument("--database-url", help="another database (to try the script on a small one)")
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

    from sumai.accounts.models import Organisation
    from sumai.core.access import Access, Grant
    from sumai.places import selectors as places
    from sumai.places.models import Municipality
    from sumai.registry.models import Building, Unit
    from sumai.web.selectors import dashboard_panels

    started = time.perf_counter()
    vendor = connection.vendor
    with connection.cursor() as c:
        c.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
        db_version = c.fetchone()[0]
    counts = {
        "units": Unit.objects.count(),
        "buildings": Building.objects.count(),
        "organisations": Organisation.objects.count(),
        "municipalities": Municipality.objects.count(),
    }
    if counts["units"] < 900_000:
        print(f"warning: only {counts['units']:,} units; run bench/generate.py --force for the national size")
    print(f"# Sumai benchmarks on {db} {db_version}: {counts}")

    run = Runner(args.budget, args.scale)
    rng = random.Random(SEED)
    on = timezone.localdate()
    cursor = connection.cursor()

    # 1. registration_authority for 1,000 random municipality codes -------------------------------------
    all_codes = sorted(Municipality.objects.values_list("code", flat=True))
    codes = [rng.choice(all_codes) for _ in range(1000)]
    for code in codes[:50]:  # the raw version must agree with the selector
        assert raw_registration_authority(cursor, code, on) == places.registration_authority(code, on=on), (
            code
        )
    run.measure(
        "places",
        "registration_authority(code) ×1 (ORM)",
        lambda i: places.registration_authority(codes[i % 1000], on=on),
        n=1000,
        warmup=20,
    )
    run.measure(
        "places",
        "registration_authority(code) ×1 (raw SQL)",
        lambda i: raw_registration_authority(cursor, codes[i % 1000], on),
        n=1000,
        warmup=20,
        raw_of="registration_authority(code) ×1 (ORM)",
    )

    def all_orm(_i: int) -> None:
        for code in codes:
            places.registration_authority(code, on=on)

    def all_raw(_i: int) -> None:
        for code in codes:
            raw_registration_authority(cursor, code, on)

    run.measure("places", "registration_authority ×1,000 codes (ORM)", all_orm, n=3, warmup=0)
    run.measure(
        "places",
        "registration_authority ×1,000 codes (raw SQL)",
        all_raw,
        n=3,
        warmup=0,
        raw_of="registration_authority ×1,000 codes (ORM)",
    )

    # 2. authority_map ---------------------------------------------------------------------------------
    assert raw_authority_map(cursor, on) == places.authority_map(on=on)

    def cold_map(i: int) -> Any:
        places.clear_authority_cache()  # measure the computation, not the in-memory cache
        return places.authority_map(on=on)

    run.measure("places", "authority_map() whole country (ORM)", cold_map, n=10, warmup=2)
    run.measure(
        "places",
        "authority_map() whole country (raw SQL)",
        lambda i: raw_authority_map(cursor, on),
        n=10,
        warmup=2,
        raw_of="authority_map() whole country (ORM)",
    )

    # 3. dashboard figures -----------------------------------------------------------------------------
    operator = Organisation.objects.filter(kind="operator", name=BULK_OPERATOR).order_by("pk").first()
    authority = (
        Organisation.objects.filter(kind="authority", authority_code=TOKYO_AUTHORITY).order_by("pk").first()
    )
    national = Organisation.objects.filter(kind="national").order_by("pk").first()
    if not (operator and authority and national):
        sys.exit("demo organisations missing; regenerate the bench DB")
    operator_units = Unit.objects.filter(building__operator=operator).count()
    print(f"  bulk operator {operator.pk} holds {operator_units:,} units")
    plans: dict[str, list[str]] = {}
    for label, org in (("operator", operator), ("authority Tokyo", authority), ("national", national)):
        access = Access(True, False, (Grant(org.pk, org.kind, "viewer"),))
        orm_figures = [v for _k, v in dashboard_panels(visible_to=access)[0].figures]
        raw_figures = raw_dashboard(cursor, org.pk)
        assert orm_figures[: len(raw_figures)] == raw_figures, (label, orm_figures, raw_figures)
        run.measure(
            "dashboard",
            f"dashboard_panels — {label} (ORM)",
            lambda i, a=access: dashboard_panels(visible_to=a)[0].figures,
            n=30,
            warmup=2,
        )
        run.measure(
            "dashboard",
            f"dashboard_panels — {label} (raw SQL)",
            lambda i, o=org.pk: raw_dashboard(cursor, o),
            n=30,
            warmup=2,
            raw_of=f"dashboard_panels — {label} (ORM)",
        )
    # query plans of the unit counts (for the index check)
    for label, qs in (
        ("units of operator", Unit.objects.filter(building__operator=operator).values("id")),
        ("units of authority", Unit.objects.filter(building__authority_code=TOKYO_AUTHORITY).values("id")),
    ):
        sql, params = qs.query.sql_with_params()
        plans[label] = explain(cursor, vendor, f"SELECT COUNT(*) FROM ({sql}) q", list(params))
    plans["units + vacant of operator"] = explain(
        cursor,
        vendor,
        "SELECT COUNT(u.id), COUNT(CASE WHEN u.vacancy = 'vacant' THEN u.id END)"
        " FROM registry_unit u JOIN registry_building b ON b.id = u.building_id WHERE b.operator_id = %s",
        [operator.pk],
    )

    # 4. pages -----------------------------------------------------------------------------------------
    users = {
        "operator": ensure_bench_user("bench-operator@bench.invalid", operator, "admin"),
        "authority Tokyo": ensure_bench_user("bench-authority@bench.invalid", authority, "staff"),
        "national": ensure_bench_user("bench-national@bench.invalid", national, "viewer"),
    }
    anon = Client()
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        response = client.get("/dashboard/")
        assert response.status_code == 200, (label, response.status_code)
        run.measure(
            "page", f"GET /dashboard/ — {label}", lambda i, c=client: c.get("/dashboard/"), n=30, warmup=2
        )
    client = Client()
    client.force_login(users["operator"])
    assert client.get("/").status_code == 200
    run.measure("page", "GET / (home, logged in)", lambda i: client.get("/"), n=200, warmup=5)
    assert anon.get("/").status_code == 200
    run.measure("page", "GET / (home, anonymous)", lambda i: anon.get("/"), n=200, warmup=5)

    # 5. API -------------------------------------------------------------------------------------------
    r = client.get(f"/api/v1/authorities/{codes[0]}/")
    assert r.status_code == 200, (r.status_code, r.content[:200])
    run.measure(
        "api",
        "GET /api/v1/authorities/<code>/",
        lambda i: client.get(f"/api/v1/authorities/{codes[i % 1000]}/"),
        n=300,
        warmup=5,
    )
    r = client.get("/api/v1/municipalities/?prefecture=13")
    assert r.status_code == 200, r.status_code
    assert len(r.json()) > 50
    run.measure(
        "api",
        "GET /api/v1/municipalities/?prefecture=13",
        lambda i: client.get("/api/v1/municipalities/?prefecture=13"),
        n=100,
        warmup=3,
    )
    cursor.close()

    # report -------------------------------------------------------------------------------------------
    by_name = {row["name"]: row for row in run.results}
    for row in run.results:
        if row.get("raw_of"):
            orm = by_name[row["raw_of"]]
            orm["raw_p50_ms"] = row["p50_ms"]
            orm["raw_p95_ms"] = row["p95_ms"]
            orm["ratio_p50"] = round(orm["p50_ms"] / row["p50_ms"], 2) if row["p50_ms"] else None
    elapsed = time.perf_counter() - started
    payload = {
        "database": db,
        "database_version": db_version,
        "python": platform.python_version(),
        "date": timezone.now().isoformat(timespec="seconds"),
        "counts": counts,
        "bulk_operator_units": operator_units,
        "seconds": round(elapsed, 1),
        "results": run.results,
        "plans": plans,
    }
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = BENCH_DIR / f"results-{db}.json"
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")

    print()
    print(
        f"## {db} {db_version} — {counts['units']:,} units, {counts['buildings']:,} buildings, "
        f"{counts['organisations']:,} organisations"
    )
    print()
    print("| Case | n | p50 ms | p95 ms | raw SQL p50 ms | raw SQL p95 ms | ORM / raw (p50) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in run.results:
        if row.get("raw_of"):
            continue
        raw50 = f"{row['raw_p50_ms']:.3f}" if "raw_p50_ms" in row else ""
        raw95 = f"{row['raw_p95_ms']:.3f}" if "raw_p95_ms" in row else ""
        ratio = f"{row['ratio_p50']:.2f}×" if row.get("ratio_p50") else ""
        flag = " ⚠" if row.get("ratio_p50") and row["ratio_p50"] > 1.5 else ""
        print(
            f"| {row['name']} | {row['n']} | {row['p50_ms']:.3f} | {row['p95_ms']:.3f}"
            f" | {raw50} | {raw95} | {ratio}{flag} |"
        )
    print()
    for label, plan in plans.items():
        print(f"Plan, {label}: " + " / ".join(p.strip() for p in plan))
    print(f"\n{elapsed:.0f}s; results in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
