"""Build the benchmark database: migrate, load places, generate the national demo dataset.

    python bench/generate.py              # SQLite file var/bench/sumai-bench.sqlite3
    python bench/generate.py --postgres   # postgres://postgres@127.0.0.1:5432/sumai_bench
    python bench/generate.py --force      # regenerate even when ~1M units are already there

Prints the generation time and the rate (rows/s) and records it in ``var/bench/generate-<db>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE_PATH = BENCH_DIR / "sumai-bench.sqlite3"
PG_URL = "postgres://postgres@127.0.0.1:5432/sumai_bench"
NATIONAL_UNITS = 1_000_000


def database_url(postgres: bool) -> str:
    return PG_URL if postgres else f"sqlite:///{SQLITE_PATH}"


def bench_env(postgres: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url(postgres)
    env["DJANGO_SETTINGS_MODULE"] = "sumai.config.settings"
    env["DEBUG"] = "false"
    env.setdefault(
        "SECRET_KEY", secrets.token_urlsafe(60)
    )  # the development key signs nothing with DEBUG off
    env["AXES_ENABLED"] = "false"
    env.pop("ALLOWED_HOSTS", None)  # the default list includes "testserver"
    return env


def ensure_postgres_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = 'sumai_bench'").fetchone()
        if not exists:
            conn.execute("CREATE DATABASE sumai_bench")
            print("created database sumai_bench")


def sumai(env: dict[str, str], *args: str) -> None:
    exe = Path(sys.executable).with_name("sumai")
    cmd = [str(exe), *args] if exe.exists() else [sys.executable, "-m", "sumai.cli", *args]
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)


def sqlite_analyze() -> None:
    import sqlite3

    with sqlite3.connect(SQLITE_PATH) as conn:
        conn.execute("ANALYZE")


def counts(env: dict[str, str]) -> dict[str, int]:
    """Row counts of the bench DB, read in a subprocess so this script never imports Django settings."""
    code = (
        "import django, json; django.setup()\n"
        "from django.db import connection\n"
        "out = {}\n"
        "with connection.cursor() as c:\n"
        "    for t in ['registry_unit','registry_building','accounts_organisation','places_municipality']:\n"
        "        try:\n"
        "            c.execute(f'SELECT COUNT(*) FROM {t}'); out[t] = c.fetchone()[0]\n"
        "        except Exception:\n"
        "            out[t] = 0\n"
        "print(json.dumps(out))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    if res.returncode != 0:
        return {}
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of SQLite")
    parser.add_argument("--force", action="store_true", help="regenerate even when data is present")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    env = bench_env(args.postgres)
    db = "postgresql" if args.postgres else "sqlite"
    if args.postgres:
        ensure_postgres_database()

    existing = counts(env)
    if not args.force and existing.get("registry_unit", 0) >= 0.95 * NATIONAL_UNITS:
        print(
            f"{db}: bench DB already has {existing['registry_unit']:,} units; migrating only (use --force)."
        )
        sumai(env, "migrate", "--noinput", "-v0")
        return

    t0 = time.perf_counter()
    sumai(env, "migrate", "--noinput", "-v0")
    t_migrate = time.perf_counter() - t0
    t1 = time.perf_counter()
    sumai(env, "places", "load")
    t_places = time.perf_counter() - t1
    t2 = time.perf_counter()
    sumai(env, "demo", "--size", "national", "--force")
    t_demo = time.perf_counter() - t2
    # Fresh bulk loads have no planner statistics (PostgreSQL's autovacuum may not have run yet): without
    # them PostgreSQL scans all units for a dashboard count (237 ms instead of 69 ms for Tokyo). VACUUM also
    # sets the visibility map, without which PostgreSQL's index-only scans still visit every heap row — what
    # autovacuum does on a running system some time after a bulk load.
    t3 = time.perf_counter()
    if args.postgres:
        sumai(env, "dbshell", "--", "-c", "VACUUM (ANALYZE)")
    else:
        sqlite_analyze()
        # …and the rows SQLite's ANALYZE leaves out (empty partial indexes; sumai.search.planner)
        sumai(env, "search_rebuild", "--statistics")
    t_analyze = time.perf_counter() - t3
    total = time.perf_counter() - t0

    after = counts(env)
    rows = (
        after.get("registry_unit", 0)
        + after.get("registry_building", 0)
        + after.get("accounts_organisation", 0)
    )
    record = {
        "database": db,
        "database_url": database_url(args.postgres).replace(str(ROOT), "."),
        "python": platform.python_version(),
        "seconds": {
            "migrate": round(t_migrate, 1),
            "places_load": round(t_places, 1),
            "demo_national": round(t_demo, 1),
            "analyze": round(t_analyze, 1),
            "total": round(total, 1),
        },
        "counts": after,
        "demo_rows": rows,
        "demo_rows_per_second": round(rows / t_demo) if t_demo else None,
        "units_per_second": round(after.get("registry_unit", 0) / t_demo) if t_demo else None,
    }
    (BENCH_DIR / f"generate-{db}.json").write_text(json.dumps(record, indent=2) + "\n")
    print()
    print(f"{db}: migrate {t_migrate:.1f}s, places load {t_places:.1f}s, demo national {t_demo:.1f}s")
    print(
        f"{db}: {after.get('registry_unit', 0):,} units, {after.get('registry_building', 0):,} buildings, "
        f"{after.get('accounts_organisation', 0):,} organisations"
        f" → {record['demo_rows_per_second']:,} rows/s "
        f"({record['units_per_second']:,} units/s)"
    )


if __name__ == "__main__":
    main()
