"""Benchmark of the CSV import (buildings and units, with validation and the standards check).

    python bench/bench_import.py                 # fresh SQLite file var/bench/import-bench.sqlite3
    python bench/bench_import.py --postgres      # postgres://postgres@127.0.0.1:5432/sumai_bench_import
    python bench/bench_import.py --rows 20000 100000
    python bench/bench_import.py --repeat 7 --no-raw   # median of 7 imports per size, no raw insert

For each size: generate the CSV (10 units per building), import it into the fresh database ``--repeat``
times (the rows deleted after each) and report the median rows/s with the slowest and fastest run, the
tracemalloc peak (Python allocations of every thread during the import, in one more run) and
ru_maxrss; then insert the same rows with a raw ``executemany`` (no validation) for comparison. Prints a
markdown table. The machine is shared: the median of several runs is the figure to quote.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import secrets
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
BENCH_DIR = ROOT / "var" / "bench"
SQLITE_PATH = BENCH_DIR / "import-bench.sqlite3"
PG_DB = "sumai_bench_import"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"


def fresh_database(postgres: bool) -> str:
    if postgres:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        return PG_URL
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{SQLITE_PATH}"


def drop_database(postgres: bool) -> None:
    if postgres:
        from django.db import connections

        connections.close_all()
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "sumai.config.settings"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault(
        "SECRET_KEY", secrets.token_urlsafe(60)
    )  # the development key signs nothing with DEBUG off
    os.environ["AXES_ENABLED"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sumai.places.loaders import load_places

    load_places()


def make_actor():  # type: ignore[no-untyped-def]
    from sumai.accounts.models import Membership, Organisation, User
    from sumai.core.access import Access, Grant
    from sumai.registry.services import Actor

    org = Organisation.objects.create(kind="operator", name="ベンチ賃貸株式会社", prefecture_id="13")
    user = User.objects.create_user(email="bench.import@example.jp", password="x" * 20)
    Membership.objects.create(user=user, organisation=org, role="admin")
    return org, Actor(user, Access(True, False, (Grant(org.pk, "operator", "admin"),)))


MUNICIPALITIES = ["131016", "131121", "011011", "271004", "141003", "401331", "232017", "222135"]


def generate(n: int, per_building: int = 10) -> tempfile._TemporaryFileWrapper:  # type: ignore[type-arg]
    from sumai.registry.exports import HEADER

    fh = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)  # noqa: SIM115
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=False)
    text.write("\ufeff")
    writer = csv.writer(text)
    writer.writerow(HEADER)
    groups = "low_income;disaster_victim;elderly;disability;child_raising"
    for i in range(n):
        b, u = divmod(i, per_building)
        writer.writerow(
            [
                f"B{b}", f"ベンチハイツ{b}", "1000001", MUNICIPALITIES[b % len(MUNICIPALITIES)],
                f"ベンチ町{b}-1", "RC造", "10", "共同住宅", "2005-04-01", "",
                f"{u + 1}01", str(u + 1), f"{25 + (i % 20) / 2:.2f}", "1K", str(50000 + (i % 50) * 1000),
                "3000", "0", "0", "専用", "専用", "専用", "専用", "専用", groups, "0", "1", "0", "1",
            ]
        )  # fmt: skip
    text.flush()
    text.detach()
    fh.close()
    return fh


def run_import(path: str, org, actor, *, trace: bool) -> tuple[float, int, float | None]:  # type: ignore[no-untyped-def]
    from sumai.registry.imports import import_buildings
    from sumai.registry.models import Building

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with open(path, "rb") as fh:
        result = import_buildings(actor=actor, operator=org, fileobj=fh, filename=Path(path).name)
    elapsed = time.perf_counter() - started
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    assert result.ok, result.errors[:5]
    Building.objects.filter(operator=org).delete()
    from django.db import connection

    if connection.vendor == "postgresql":
        # the next run starts from tables as clean as the first one's (no dead rows left in the indexes)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM registry_unit, registry_registration, registry_building")
    return elapsed, result.rows, peak


def raw_insert(path: str, org) -> float:  # type: ignore[no-untyped-def]
    """The same rows with a raw executemany (buildings, registrations, units), no validation."""
    import json

    from django.db import connection, transaction
    from django.utils import timezone

    from sumai.registry.models import Building

    now = timezone.now()
    started = time.perf_counter()
    with open(path, encoding="utf-8-sig", newline="") as fh, transaction.atomic(), connection.cursor() as cur:
        reader = csv.reader(fh)
        next(reader)
        batch_b: list[tuple] = []  # type: ignore[type-arg]
        batch_u: list[list] = []  # type: ignore[type-arg]
        key = None
        next_id = (Building.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000

        def flush() -> None:
            cur.executemany(
                "INSERT INTO registry_building (id, operator_id, name, postal_code, municipality_id, address,"
                " authority_code, structure, floors, building_type, construction_started, seismic_evidence,"
                " management, manager_name, contact_name, contact_phone, created_at, updated_at)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,'self','','','',%s,%s)",
                batch_b,
            )
            cur.executemany(
                "INSERT INTO registry_registration (building_id, state, authority_code, registration_number,"
                " findings, version, updated_at) VALUES (%s,'draft',%s,'','[]',1,%s)",
                [(b[0], b[6], now) for b in batch_b],
            )
            cur.executemany(
                "INSERT INTO registry_unit (building_id, number, floor, floor_area_m2, layout, rent,"
                " common_fee, deposit, key_money, accepted_groups, facilities, included, dedicated,"
                " barrier_free, pets_allowed, guarantor_required, status, registration_number, vacancy,"
                " created_at, updated_at)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,true,%s,%s,%s,%s,'draft','','unknown',%s,%s)",
                batch_u,
            )
            batch_b.clear()
            batch_u.clear()

        for r in reader:
            if r[0] != key:
                key = r[0]
                next_id += 1
                batch_b.append(
                    (next_id, org.pk, r[1], r[2], r[3], r[4], "130001", "rc", int(r[6]), "apartment",
                     r[8], "start_date_proof", now, now)
                )  # fmt: skip
            facilities = json.dumps(
                dict.fromkeys(("kitchen", "toilet", "bath", "washbasin", "storage"), "private")
            )
            batch_u.append(
                [next_id, r[10], int(r[11]), r[12], r[13], int(r[14]), int(r[15]), int(r[16]), int(r[17]),
                 json.dumps(r[23].split(";")), facilities, r[24] == "1", r[25] == "1", r[26] == "1",
                 r[27] == "1", now, now]
            )  # fmt: skip
            if len(batch_u) >= 2000:
                flush()
        flush()
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5, help="timed imports per size (the median is shown)")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw executemany comparison")
    args = parser.parse_args()
    setup(fresh_database(args.postgres))
    from django.db import connection

    org, actor = make_actor()
    out = []
    for n in args.rows:
        path = generate(n).name
        size = os.path.getsize(path) / 1024 / 1024
        times = []
        for _i in range(max(1, args.repeat)):
            elapsed, rows, _ = run_import(path, org, actor, trace=False)
            times.append(elapsed)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        _, _, peak = run_import(path, org, actor, trace=True)
        raw = None if args.no_raw else raw_insert(path, org)
        elapsed = statistics.median(times)
        out.append((n, size, elapsed, rows / elapsed, rows / max(times), rows / min(times), peak, rss, raw))
        os.unlink(path)
    runs = max(1, args.repeat)
    print(f"\n### CSV import — {connection.vendor} ({connection.settings_dict['NAME']}), median of {runs}\n")
    print(
        "| rows | file MB | import s | import rows/s | slowest–fastest rows/s | tracemalloc peak MB "
        "| ru_maxrss MB | raw executemany s | raw rows/s | import / raw |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, size, elapsed, rate, slowest, fastest, peak, rss, raw in out:
        raw_cells = "— | — | —" if raw is None else f"{raw:.2f} | {n / raw:,.0f} | {elapsed / raw:.1f}×"
        print(
            f"| {n:,} | {size:.1f} | {elapsed:.2f} | {rate:,.0f} | {slowest:,.0f}–{fastest:,.0f} "
            f"| {peak:.1f} | {rss:.0f} | {raw_cells} |"
        )
    drop_database(args.postgres)


if __name__ == "__main__":
    main()
