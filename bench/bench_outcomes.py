"""Benchmark of the public outcome pages (issue #17 item 5): 30,000 cases with placements, inquiries and
refusal flags, generated directly with bulk_create (the services that write them belong to the placements
app; the figures only read the tables).

    python bench/bench_outcomes.py                 # var/bench/outcomes-bench.sqlite3 (generated when missing)
    python bench/bench_outcomes.py --postgres      # postgres://postgres@127.0.0.1:5432/sumai_bench_outcomes
    python bench/bench_outcomes.py --generate      # (re)build the dataset first
    python bench/bench_outcomes.py --cases 30000

The dataset (seed 20261205): ``--cases`` households, each with a case, spread over the municipalities
in proportion to nothing in particular (uniform over 600 municipalities of all 47 prefectures) and over 40
support corporations (a quarter with none); each case sent 1–6 inquiries over three years (about a fifth
declined, with a reason and the household's groups; a tenth of declines raise a flag, half of them resolved);
70 % of the cases were placed (a twentieth of those twice), a tenth of tenancies ended.

Measured through the test client (the whole request: URL, view, template), anonymous:
- the nation page, a prefecture page (random of the 47) and the nation CSV, with the cache warm (the figures
  are counted once per ``STATISTICS_CACHE_SECONDS``; every page of one count is kept in the cache);
- the count itself (cold: three reads of the tables, the domain's counting, the roll-up and the suppression
  over the whole hierarchy) — paid by one request every ten minutes.
Target: p95 ≤ 100 ms. Prints a markdown table and writes ``var/bench/outcomes-<db>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import BenchDatabase
from generate import BENCH_DIR
from run import percentile

DB = BenchDatabase("outcomes-bench.sqlite3", "sumai_bench_outcomes")
SEED = 20261205
REASONS = [
    "rent_arrears",
    "no_guarantor",
    "lonely_death",
    "neighbours",
    "customs_language",
    "already_let",
    "other",
]
GROUPS = ["low_income", "elderly", "disability", "child_raising", "foreign_national"]


def generate(cases: int) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from sumai.accounts.models import Organisation
    from sumai.cases.models import Case, Household
    from sumai.placements.models import LandlordInquiry, Placement, RefusalFlag
    from sumai.places.loaders import load_places
    from sumai.places.models import Municipality
    from sumai.registry.models import Building, Unit

    seconds: dict[str, float] = {}
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_places()
    seconds["migrate_and_places"] = time.perf_counter() - t
    rng = random.Random(SEED)
    t = time.perf_counter()
    munis = list(Municipality.objects.order_by("code").values_list("code", "prefecture_id"))
    by_pref: dict[str, list[str]] = {}
    for code, pref in munis:
        by_pref.setdefault(pref, []).append(code)
    chosen = [
        code for pref in sorted(by_pref) for code in rng.sample(by_pref[pref], min(6, len(by_pref[pref])))
    ]
    chosen += rng.sample([c for c, _p in munis if c not in set(chosen)], 600 - len(chosen))
    with transaction.atomic():
        desk = Organisation.objects.create(
            kind="municipality", name="ベンチ相談窓口", prefecture_id="13", municipality_id="131121"
        )
        operators = Organisation.objects.bulk_create(
            [Organisation(kind="operator", name=f"ベンチ家主{i}", prefecture_id="13") for i in range(200)]
        )
        corps = Organisation.objects.bulk_create(
            [
                Organisation(kind="support_corporation", name=f"ベンチ法人{i}", prefecture_id="13")
                for i in range(40)
            ]
        )
        buildings = Building.objects.bulk_create(
            [
                Building(
                    operator=operators[i % len(operators)],
                    name=f"ベンチ荘{i}",
                    municipality_id=code,
                    address="1-1",
                    authority_code="130001",
                    structure="rc",
                    floors=3,
                    building_type="apartment",
                    construction_started=date(1995, 4, 1),
                    contact_name="管理室",
                )
                for i, code in enumerate(chosen)
            ]
        )
        units = Unit.objects.bulk_create(
            [
                Unit(
                    building=b,
                    number="101",
                    floor=1,
                    floor_area_m2=Decimal("30"),
                    layout="1K",
                    rent=55000,
                    status="registered",
                    registration_number=f"B-{b.pk}",
                    registered_on=date(2023, 1, 1),
                    vacancy="vacant",
                )
                for b in buildings
            ]
        )
        households = Household.objects.bulk_create(
            [
                Household(organisation=desk, pseudonym=f"bench-{i}", municipality_id=rng.choice(chosen))
                for i in range(cases)
            ],
            batch_size=2000,
        )
        case_rows = Case.objects.bulk_create(
            [Case(household=h, organisation=desk) for h in households], batch_size=2000
        )
        seconds["households_and_cases"] = time.perf_counter() - t
        t = time.perf_counter()
        today = timezone.localdate()
        start = today - timedelta(days=3 * 365)
        inquiries: list[LandlordInquiry] = []
        placements: list[Placement] = []
        flag_of: list[tuple[int, date, bool]] = []  # index of the inquiry, raised, resolved
        for h, c in zip(households, case_rows, strict=True):
            unit = units[rng.randrange(len(units))]
            corp = rng.choice(corps) if rng.random() < 0.75 else None
            first = start + timedelta(days=rng.randrange(3 * 365 - 120))
            sent = first + timedelta(days=rng.randrange(5, 40))
            for _ in range(rng.randint(1, 6)):
                if sent > today:
                    break
                declined = rng.random() < 0.2
                state = (
                    "declined"
                    if declined
                    else rng.choice(["accepted", "accepted", "withdrawn", "expired", "sent"])
                )
                reason = rng.choice(REASONS) if declined else ""
                answered = sent + timedelta(days=rng.randrange(0, 8))
                inquiries.append(
                    LandlordInquiry(
                        reference=f"B{len(inquiries):08d}",
                        case=c,
                        household=h,
                        organisation=corp or desk,
                        unit=unit,
                        operator_id=unit.building.operator_id,
                        household_groups=rng.sample(GROUPS, rng.randint(1, 2)),
                        state=state,
                        decline_reason=reason,
                        sent_at=timezone.make_aware(datetime.combine(sent, dtime(10))),
                        sent_on=sent,
                        answered_at=timezone.make_aware(datetime.combine(answered, dtime(15)))
                        if state in ("accepted", "declined")
                        else None,
                    )
                )
                if declined and rng.random() < 0.1:
                    flag_of.append((len(inquiries) - 1, sent + timedelta(days=1), rng.random() < 0.5))
                sent += timedelta(days=rng.randrange(3, 20))
            if rng.random() < 0.7:
                move_in = min(sent + timedelta(days=rng.randrange(5, 60)), today)
                ended = move_in + timedelta(days=rng.randrange(30, 500)) if rng.random() < 0.1 else None
                for again in range(2 if rng.random() < 0.05 else 1):
                    m = min(move_in + timedelta(days=200 * again), today)
                    placements.append(
                        Placement(
                            case=c,
                            household=h,
                            organisation=desk,
                            unit=unit,
                            municipality_id=unit.building.municipality_id,
                            support_corporation=corp,
                            signed_on=m,
                            start_on=m,
                            move_in_on=m,
                            rent=55000,
                            guarantee="guarantee_company",
                            first_consultation_on=first,
                            ended_on=ended if ended and ended >= m and ended <= today else None,
                        )
                    )
        saved = LandlordInquiry.objects.bulk_create(inquiries, batch_size=2000)
        Placement.objects.bulk_create(placements, batch_size=2000)
        RefusalFlag.objects.bulk_create(
            [
                RefusalFlag(
                    inquiry=saved[i],
                    authority_code="130001",
                    municipality_id=saved[i].unit.building.municipality_id,
                    operator_id=saved[i].operator_id,
                    reason=saved[i].decline_reason,
                    raised_on=min(raised, today),
                    resolved_on=min(raised + timedelta(days=20), today) if resolved else None,
                    resolution="guidance" if resolved else "",
                )
                for i, raised, resolved in flag_of
            ],
            batch_size=2000,
        )
        seconds["inquiries_placements_flags"] = time.perf_counter() - t
    seconds["rows"] = {  # type: ignore[assignment]
        "cases": cases,
        "inquiries": len(inquiries),
        "placements": len(placements),
        "flags": len(flag_of),
    }
    return seconds


def timed(fn: Any, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true", default=bool(os.environ.get("DATABASE_URL")))
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--cases", type=int, default=30000)
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    if args.generate or not DB.exists(args.postgres):
        DB.fresh(args.postgres)
        DB.setup_django(args.postgres)
        generated: dict[str, Any] = generate(args.cases)
        print(f"generated: {generated}")
    else:
        DB.setup_django(args.postgres)
        generated = {}
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from sumai.domain import disclosure
    from sumai.outcomes import figures

    settings.SUMAI["STATISTICS_CACHE_SECONDS"] = 600
    rng = random.Random(SEED)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    today = timezone.localdate()
    limit = disclosure.threshold(today)
    results: dict[str, Any] = {}
    # cold: the whole count (what one request pays every STATISTICS_CACHE_SECONDS)
    cold = []
    for _ in range(5):
        cache.clear()
        t = time.perf_counter()
        figures.count(today, limit)
        cold.append((time.perf_counter() - t) * 1000)
    cache.clear()
    t = time.perf_counter()
    assert client.get(reverse("outcomes:nation")).status_code == 200
    results["first_request_ms"] = (time.perf_counter() - t) * 1000
    prefectures = [f"{i:02d}" for i in range(1, 48)]
    for p in prefectures:  # every page of this count once (the cache is warm as after ten minutes of use)
        client.get(reverse("outcomes:prefecture", kwargs={"prefecture": p}))
    pages = {
        "nation page": lambda: client.get(reverse("outcomes:nation")),
        "prefecture page": lambda: client.get(
            reverse("outcomes:prefecture", kwargs={"prefecture": rng.choice(prefectures)})
        ),
        "nation CSV": lambda: client.get(reverse("outcomes:nation_csv")),
    }
    rows = []
    for name, fn in pages.items():
        assert fn().status_code == 200
        samples = timed(fn, args.n)
        rows.append((name, percentile(samples, 50), percentile(samples, 95), max(samples)))
        results[name] = {"p50": percentile(samples, 50), "p95": percentile(samples, 95), "max": max(samples)}
    results["count_cold_ms"] = {"p50": percentile(cold, 50), "max": max(cold)}
    db = "postgresql" if args.postgres else "sqlite"
    machine = platform.processor() or platform.machine()
    print(f"\n### Outcomes ({db}, {machine}, Python {platform.python_version()})\n")
    print("| request | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|")
    for name, p50, p95, mx in rows:
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {mx:.1f} |")
    print(f"| the count itself (cold, 5 runs) | {percentile(cold, 50):.0f} | | {max(cold):.0f} |")
    print(f"| first request after the cache expired | {results['first_request_ms']:.0f} | | |")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = BENCH_DIR / f"outcomes-{db}.json"
    out.write_text(json.dumps({"generated": generated, "results": results}, indent=2, default=str))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
