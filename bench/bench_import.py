"""Benchmark of the CSV import (buildings and units, with validation and the standards check).

    python bench/bench_import.py                 # into the national SQLite database (a copy, see below)
    python bench/bench_import.py --postgres      # into the national PostgreSQL database (a copy, see below)
    python bench/bench_import.py --empty         # into a fresh, empty database (the old benchmark)
    python bench/bench_import.py --rows 20000 100000 --repeat 7 --no-raw
    python bench/bench_import.py --profile 100000          # cProfile of one import: the top functions

The file: N rows of varied buildings and units drawn with a seeded RNG (``--seed``) — names, addresses
(prefecture, city, town, chōme and block numbers) across every municipality that has a registration
authority, postal codes, structures, floors, building types, construction dates (before 1981 with seismic
evidence), 1–30 units per building on their floors, floor areas to the hundredth, layouts, rents, fees,
facilities, accepted priority groups and flags, written in the spellings the import accepts (Japanese and
English words, 1/0, はい/いいえ, full-width digits now and then, hyphenated postal codes). Every row is
valid: the import succeeds, with warnings (units that turn a group away).

The database: by default the national benchmark dataset (1,000,000 units; ``make bench-data``). On SQLite
the file ``var/bench/sumai-bench.sqlite3`` (or ``--source``) is copied once to
``var/bench/import-full.sqlite3`` and reused; on PostgreSQL a database ``sumai_bench_import_full`` is
created once from the template ``sumai_bench`` (which must have no other connection at that moment). The
import runs as an admin of the landlord with the most buildings; after each run the rows it wrote are
deleted again (by id: everything above the highest ids found at the start), and the three tables are
``VACUUM``ed on PostgreSQL, so every run starts from the same national tables. ``--empty`` keeps the old
behaviour: a fresh, empty database (``var/bench/import-bench.sqlite3`` or ``sumai_bench_import``).

For each size: the import ``--repeat`` times, the median rows/s with the slowest and fastest run; the
tracemalloc peak (Python allocations of every thread) in one more run and ``ru_maxrss`` (the process's
peak, so sizes run in ascending order show whether memory grows with the file); then the same rows with a
raw ``executemany`` (cells converted by the field specs' parsers, no standards check, rolled back) for
comparison. Prints a markdown table. The machine is shared: the median of several runs is the figure.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import pstats
import random
import resource
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
BENCH_DIR = ROOT / "var" / "bench"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
# --empty: a fresh database each time
EMPTY_SQLITE = BENCH_DIR / "import-bench.sqlite3"
EMPTY_PG = "sumai_bench_import"
# national: a copy of the benchmark dataset, made once and reused
NATIONAL_SOURCE = BENCH_DIR / "sumai-bench.sqlite3"
NATIONAL_SQLITE = BENCH_DIR / "import-full.sqlite3"
NATIONAL_PG = "sumai_bench_import_full"
NATIONAL_PG_TEMPLATE = "sumai_bench"
TABLES = ("registry_unit", "registry_registration", "registry_building")


# ------------------------------------------------------------------------------------------- databases
def _pg(sql: str, *, tries: int = 1, wait: float = 20.0) -> None:
    import psycopg

    for attempt in range(tries):
        try:
            with psycopg.connect(PG_SERVER, autocommit=True) as conn:
                conn.execute(sql)  # type: ignore[arg-type]
            return
        except psycopg.errors.ObjectInUse:
            if attempt == tries - 1:
                raise
            print(f"(the template is in use; retrying in {wait:.0f} s)", file=sys.stderr)
            time.sleep(wait)


def _pg_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def empty_database(postgres: bool) -> str:
    if postgres:
        _pg(f"DROP DATABASE IF EXISTS {EMPTY_PG}")
        _pg(f"CREATE DATABASE {EMPTY_PG}")
        return f"postgres://postgres@127.0.0.1:5432/{EMPTY_PG}"
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{EMPTY_SQLITE}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{EMPTY_SQLITE}"


def national_database(postgres: bool, source: Path, fresh: bool) -> str:
    """The national copy, made when missing (or ``fresh``)."""
    if postgres:
        if fresh:
            _pg(f"DROP DATABASE IF EXISTS {NATIONAL_PG}")
        if fresh or not _pg_exists(NATIONAL_PG):
            print(f"creating {NATIONAL_PG} from the template {NATIONAL_PG_TEMPLATE} …", file=sys.stderr)
            _pg(f"CREATE DATABASE {NATIONAL_PG} TEMPLATE {NATIONAL_PG_TEMPLATE}", tries=15)
        return f"postgres://postgres@127.0.0.1:5432/{NATIONAL_PG}"
    if fresh or not NATIONAL_SQLITE.exists():
        if not source.exists():
            sys.exit(f"{source} is missing: run `make bench-data` (or give --source)")
        print(f"copying {source} to {NATIONAL_SQLITE} …", file=sys.stderr)
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{NATIONAL_SQLITE}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source, NATIONAL_SQLITE)
        if Path(f"{source}-wal").exists():  # a WAL not yet checkpointed is part of the database
            shutil.copyfile(f"{source}-wal", f"{NATIONAL_SQLITE}-wal")
    return f"sqlite:///{NATIONAL_SQLITE}"


def drop_empty_database(postgres: bool) -> None:
    if postgres:
        from django.db import connections

        connections.close_all()
        _pg(f"DROP DATABASE IF EXISTS {EMPTY_PG}")


def setup(url: str, *, empty: bool) -> None:
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
    if empty:
        from sumai.places.loaders import load_places

        load_places()


def make_actor(*, empty: bool):  # type: ignore[no-untyped-def]
    """A new landlord (empty database) or the landlord with the most buildings (national), and an admin
    of it."""
    from django.db.models import Count

    from sumai.accounts.models import Membership, Organisation, User
    from sumai.core.access import Access, Grant
    from sumai.registry.models import Building
    from sumai.registry.services import Actor

    if empty:
        org = Organisation.objects.create(kind="operator", name="ベンチ賃貸株式会社", prefecture_id="13")
    else:
        top = (
            Building.objects.values("operator").annotate(n=Count("id")).order_by("-n").values_list("operator")
        )[0][0]
        org = Organisation.objects.get(pk=top)
    user = User.objects.filter(email="bench.import@bench.invalid").first()
    if user is None:
        user = User.objects.create_user(
            email="bench.import@bench.invalid", password=secrets.token_urlsafe(20)
        )
    Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": "admin"})
    return org, Actor(user, Access(True, False, (Grant(org.pk, "operator", "admin"),)))


def high_water() -> dict[str, int]:
    """The highest id of each table the import writes, before it runs."""
    from django.db import connection

    out = {}
    with connection.cursor() as cur:
        for table in TABLES:
            cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # nosec B608
            out[table] = cur.fetchone()[0]
    return out


def remove_imported(marks: dict[str, int]) -> None:
    """Delete the rows of the import (ids above ``marks``); on PostgreSQL vacuum the tables so that the
    next run starts from tables like the first one's (no dead rows in the indexes)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        for table in TABLES:  # children first
            cur.execute(f"DELETE FROM {table} WHERE id > %s", [marks[table]])  # nosec B608
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"VACUUM {', '.join(TABLES)}")


# ------------------------------------------------------------------------------------------- the file
TOWNS = [
    "本町", "中央", "栄町", "緑町", "旭町", "幸町", "大手町", "駅前", "新町", "東町", "西町", "南町", "北町",
    "元町", "末広町", "若葉", "桜台", "平和町", "松原", "宮前", "泉町", "城山", "港町", "錦町", "富士見",
    "日の出町", "青葉台", "住吉町", "寿町", "花園", "曙町", "朝日町", "昭和町", "八幡町", "高砂",
]  # fmt: skip
NAMES = [
    "さくら", "ひまわり", "けやき", "みどり", "あおば", "ふじ", "つばき", "すみれ", "港", "東", "グリーン",
    "サンライズ", "パーク", "リバーサイド", "城南", "中央", "エスポワール", "プレミール", "ヴィラ",
    "ロイヤル",
]  # fmt: skip
WORDS = ["ハイツ", "コーポ", "メゾン", "レジデンス", "荘", "ハウス", "マンション", "アパート", "コート"]
STRUCTURES = [
    ("木造", "wood", "木造"), ("鉄骨造", "steel", "S造"), ("RC造", "rc", "鉄筋コンクリート造"),
    ("SRC造", "src", "鉄骨鉄筋コンクリート造"), ("その他", "other", "その他"),
]  # fmt: skip
LAYOUTS = [("1R", 25, 30), ("1K", 25, 32), ("1DK", 27, 38), ("1LDK", 30, 48), ("2K", 30, 42),
           ("2DK", 35, 52), ("2LDK", 45, 68), ("3DK", 50, 72), ("3LDK", 60, 90),
           ("4LDK", 75, 110)]  # fmt: skip
LAYOUT_WEIGHTS = [14, 24, 16, 14, 4, 10, 8, 4, 4, 2]
GROUPS = ["low_income", "disaster_victim", "elderly", "disability", "child_raising"]
GROUP_WORDS = {"low_income": "低額所得者", "disaster_victim": "被災者", "elderly": "高齢者",
               "disability": "障害者", "child_raising": "子育て世帯"}  # fmt: skip
EXTRA_GROUPS = ["foreign_national", "dv_victim", "crime_victim", "newly_weds"]
PROVISION = ["専用", "private"]
SHARED = ["共用", "shared"]
YES = ["1", "はい", "true", "○"]
NO = ["0", "いいえ", "false", "×"]
SEISMIC = ["耐震診断", "耐震改修", "耐震基準適合証明書", "diagnosis", "retrofit"]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def places() -> list[tuple[str, str]]:
    """(code, address prefix) of every municipality that has a registration authority."""
    from sumai.places.models import Municipality
    from sumai.places.selectors import authority_map

    authorities = authority_map()
    munis = {m.code: m for m in Municipality.objects.select_related("prefecture")}
    out = []
    for code, m in sorted(munis.items()):
        if code not in authorities:
            continue
        parent = munis.get(m.parent_id) if m.parent_id else None
        out.append((code, f"{m.prefecture.name}{parent.name if parent else ''}{m.name}"))
    return out


def generate(n: int, seed: int, where: list[tuple[str, str]]) -> str:
    """A CSV of ``n`` varied, valid rows (see the module's docstring); its path."""
    from sumai.registry.exports import HEADER

    rng = random.Random(seed)  # nosec B311 (benchmark data)
    today = datetime.now().astimezone().date()
    fh = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)  # noqa: SIM115
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=False)
    text.write("\ufeff")
    writer = csv.writer(text)
    writer.writerow(HEADER)
    pick, rand, randint = rng.choice, rng.random, rng.randint
    written = b = 0
    while written < n:
        b += 1
        code, prefix = pick(where)
        units = min(n - written, 1 if rand() < 0.1 else randint(2, 30))
        floors = 1 if units == 1 else randint(max(1, min(units // 6, 12)), max(2, min(units, 15)))
        kind = (
            "戸建"
            if units == 1
            else ("長屋" if floors <= 2 and rand() < 0.15 else pick(["共同住宅", "apartment"]))
        )
        started = date(1960, 1, 1) + timedelta(days=randint(0, (today - date(1960, 1, 1)).days - 1))
        seismic = pick(SEISMIC) if started < date(1981, 6, 1) else pick(["", "", "着工日証明"])
        structure = pick(STRUCTURES)[randint(0, 2)] if floors <= 3 else pick(STRUCTURES[2:4])[randint(0, 1)]
        postal = f"{randint(0, 999):03d}{randint(0, 9999):04d}"
        name = f"{pick(NAMES)}{pick(WORDS)}{randint(1, 99) if rand() < 0.6 else ''}"
        address = f"{prefix}{pick(TOWNS)}{randint(1, 9)}丁目{randint(1, 40)}-{randint(1, 30)}"
        if rand() < 0.05:
            address = address.translate(FULL_WIDTH)
        building = [
            f"K{seed}-{b:07d}",
            name,
            f"{postal[:3]}-{postal[3:]}" if rand() < 0.5 else postal,
            code,
            address,
            structure,
            str(floors),
            kind,
            started.isoformat() if rand() < 0.7 else started.strftime("%Y/%m/%d"),
            seismic,
        ]
        per_floor = max(1, -(-units // floors))
        for u in range(units):
            floor = min(floors, 1 + u // per_floor)
            layout, lo, hi = rng.choices(LAYOUTS, LAYOUT_WEIGHTS)[0]
            area = f"{rng.uniform(lo, hi):.2f}" if rand() < 0.7 else f"{rng.uniform(lo, hi):.1f}"
            rent = randint(30, 250) * 1000 + pick([0, 0, 500])
            kitchen = pick(SHARED) if rand() < 0.05 else pick(PROVISION)
            if rand() < 0.7:
                groups = list(GROUPS) + [g for g in EXTRA_GROUPS if rand() < 0.2]
            else:
                groups = rng.sample(GROUPS + EXTRA_GROUPS, randint(1, 6))
            words = [GROUP_WORDS.get(g, g) if rand() < 0.3 else g for g in groups]
            writer.writerow(
                [
                    *building,
                    f"{floor}{u % per_floor + 1:02d}",
                    str(floor),
                    area,
                    layout,
                    f"{rent:,}" if rand() < 0.1 else str(rent),
                    str(pick([0, 0, 2000, 3000, 5000, randint(1, 20) * 500])),
                    str(rent * pick([0, 1, 1, 2])),
                    str(rent * pick([0, 0, 1])),
                    kitchen,
                    pick(PROVISION),
                    pick(SHARED) if rand() < 0.03 else pick(PROVISION),
                    pick(PROVISION),
                    pick(SHARED) if rand() < 0.05 else pick(PROVISION),
                    pick([";", "・"]).join(words),
                    pick(YES) if rand() < 0.05 else pick(NO),
                    pick(YES) if rand() < 0.15 else pick(NO),
                    pick(YES) if rand() < 0.1 else pick(NO),
                    pick(YES) if rand() < 0.6 else pick(NO),
                ]
            )
        written += units
    text.flush()
    text.detach()
    fh.close()
    return fh.name


# ------------------------------------------------------------------------------------------- runs
def cpu_seconds() -> tuple[float, float | None]:
    """CPU seconds used so far by this process and by the PostgreSQL backend of its connection (None on
    SQLite, which runs in the process): load-independent, unlike the wall time."""
    from django.db import connection

    usage = resource.getrusage(resource.RUSAGE_SELF)
    mine = usage.ru_utime + usage.ru_stime
    if connection.vendor != "postgresql":
        return mine, None
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return mine, None
    return mine, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_import(path: str, org, actor, marks, *, trace: bool = False, profile: Any = None):  # type: ignore[no-untyped-def]
    from sumai.registry.imports import import_buildings

    if trace:
        tracemalloc.start()
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    with open(path, "rb") as fh:
        if profile is not None:
            profile.enable()
        result = import_buildings(actor=actor, operator=org, fileobj=fh, filename=Path(path).name)
        if profile is not None:
            profile.disable()
    elapsed = time.perf_counter() - started
    cpu_after = cpu_seconds()
    cpu = (
        cpu_after[0] - cpu_before[0],
        None if cpu_after[1] is None or cpu_before[1] is None else cpu_after[1] - cpu_before[1],
    )
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    assert result.ok, result.errors[:5]
    remove_imported(marks)
    return elapsed, result, peak, cpu


def raw_insert(path: str, org) -> float:  # type: ignore[no-untyped-def]
    """The same rows with a raw executemany (buildings, registrations, units), no standards check: each
    cell converted by its field spec's parser, rolled back."""
    import json

    from django.db import connection, transaction
    from django.utils import timezone

    from sumai.places.selectors import authority_map
    from sumai.registry.fields import BUILDING, UNIT
    from sumai.registry.imports.columns import COLUMNS

    codes = [c[0] for c in COLUMNS]
    parse = [(BUILDING if c[4] else UNIT)[c[0]].parse for c in COLUMNS]
    authorities = {code: a.code for code, a in authority_map().items()}
    now = timezone.now()
    started = time.perf_counter()
    with open(path, encoding="utf-8-sig", newline="") as fh, transaction.atomic(), connection.cursor() as cur:
        reader = csv.reader(fh)
        next(reader)
        batch_b: list[tuple[Any, ...]] = []
        batch_u: list[list[Any]] = []
        key = None
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM registry_building")
        next_id = cur.fetchone()[0] + 1000

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
                " acceptance_reason, created_at, updated_at)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,true,%s,%s,%s,%s,'draft','','unknown','',%s,%s)",
                batch_u,
            )
            batch_b.clear()
            batch_u.clear()

        for r in reader:
            v = dict(zip(codes, (p(cell)[0] for p, cell in zip(parse, r, strict=True)), strict=True))
            if r[0] != key:
                key = r[0]
                next_id += 1
                batch_b.append(
                    (next_id, org.pk, v["building_name"], v["postal_code"], v["municipality_code"],
                     v["address"], authorities[v["municipality_code"]], v["structure"], v["floors"],
                     v["building_type"], v["construction_started"], v["seismic_evidence"], now, now)
                )  # fmt: skip
            facilities = json.dumps({f: v[f] for f in ("kitchen", "toilet", "bath", "washbasin", "storage")})
            batch_u.append(
                [next_id, v["unit_number"], v["floor"], v["floor_area_m2"], v["layout"], v["rent"],
                 v["common_fee"], v["deposit"], v["key_money"], json.dumps(list(v["accepted_groups"])),
                 facilities, v["dedicated"], v["barrier_free"], v["pets_allowed"], v["guarantor_required"],
                 now, now]
            )  # fmt: skip
            if len(batch_u) >= 2000:
                flush()
        flush()
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"VACUUM {', '.join(TABLES)}")
    return elapsed


def print_profile(profile: cProfile.Profile, top: int) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.strip_dirs()
    print("\n#### cProfile — by own time (tottime)\n\n```")
    stats.sort_stats("tottime").print_stats(top)
    print("\n".join(out.getvalue().splitlines()[4:]).strip())
    out.seek(0)
    out.truncate()
    print("```\n\n#### cProfile — by cumulative time\n\n```")
    stats.sort_stats("cumulative").print_stats(top)
    print("\n".join(out.getvalue().splitlines()[4:]).strip())
    print("```")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--empty", action="store_true", help="into a fresh, empty database (the old benchmark)"
    )
    parser.add_argument(
        "--source", type=Path, default=NATIONAL_SOURCE, help="the national SQLite file to copy"
    )
    parser.add_argument("--fresh-copy", action="store_true", help="copy the national database again")
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5, help="timed imports per size (the median is shown)")
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--no-raw", action="store_true", help="skip the raw executemany comparison")
    parser.add_argument("--profile", type=int, metavar="ROWS", help="only profile one import of ROWS rows")
    parser.add_argument("--top", type=int, default=30, help="functions the profile prints")
    args = parser.parse_args()
    if args.empty:
        url = empty_database(args.postgres)
    else:
        url = national_database(args.postgres, args.source, args.fresh_copy)
    setup(url, empty=args.empty)
    from django.db import connection

    org, actor = make_actor(empty=args.empty)
    marks = high_water()
    where = places()
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM registry_unit")
        units_before = cur.fetchone()[0]
    label = "empty" if args.empty else "national"
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']} "
        f"({label}: {units_before:,} units); landlord {org.name} (#{org.pk}); "
        f"{len(where):,} municipalities; load {os.getloadavg()}",
        file=sys.stderr,
    )
    if args.profile:
        path = generate(args.profile, args.seed, where)
        run_import(path, org, actor, marks)  # warm: the reference data, the first statements
        profile = cProfile.Profile()
        elapsed, result, _, _ = run_import(path, org, actor, marks, profile=profile)
        os.unlink(path)
        print(
            f"\n### cProfile of one import — {connection.vendor}, {label}, {result.rows:,} rows, "
            f"{elapsed:.2f} s under the profiler ({result.rows / elapsed:,.0f} rows/s); "
            "PostgreSQL's COPY thread is not in it"
        )
        print_profile(profile, args.top)
        return
    out = []
    for n in sorted(args.rows):
        path = generate(n, args.seed, where)
        size = os.path.getsize(path) / 1024 / 1024
        times, py_cpu, server_cpu = [], [], []
        for _i in range(max(1, args.repeat)):
            elapsed, result, _, (mine, server) = run_import(path, org, actor, marks)
            times.append(elapsed)
            py_cpu.append(mine)
            if server is not None:
                server_cpu.append(server)
            print(
                f"{n:,} rows: {elapsed:.2f} s, {n / elapsed:,.0f} rows/s (CPU: Python {mine:.2f} s, "
                f"server {'—' if server is None else f'{server:.2f} s'}; load {os.getloadavg()[0]:.1f})",
                file=sys.stderr,
            )
        _, _, peak, _ = run_import(path, org, actor, marks, trace=True)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        raw = None if args.no_raw else raw_insert(path, org)
        elapsed = statistics.median(times)
        rows = result.rows
        server = f"{statistics.median(server_cpu):.2f}" if server_cpu else "—"
        out.append(
            (n, size, result.buildings, result.warning_count, elapsed, rows / elapsed, rows / max(times),
             rows / min(times), f"{statistics.median(py_cpu):.2f}", server, peak, rss, raw)
        )  # fmt: skip
        os.unlink(path)
    runs = max(1, args.repeat)
    print(
        f"\n### CSV import — {connection.vendor} ({connection.settings_dict['NAME']}, {label}: "
        f"{units_before:,} units before), varied rows (seed {args.seed}), median of {runs}\n"
    )
    print(
        "| rows | buildings | warnings | file MB | import s | import rows/s | slowest–fastest rows/s "
        "| CPU s: Python | CPU s: server | tracemalloc peak MB | ru_maxrss MB | raw executemany s "
        "| raw rows/s | import / raw |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, size, buildings, warnings, elapsed, rate, slowest, fastest, py, server, peak, rss, raw in out:
        raw_cells = "— | — | —" if raw is None else f"{raw:.2f} | {n / raw:,.0f} | {elapsed / raw:.1f}×"
        print(
            f"| {n:,} | {buildings:,} | {warnings:,} | {size:.1f} | {elapsed:.2f} | {rate:,.0f} "
            f"| {slowest:,.0f}–{fastest:,.0f} | {py} | {server} | {peak:.1f} | {rss:.0f} | {raw_cells} |"
        )
    if args.empty:
        drop_empty_database(args.postgres)


if __name__ == "__main__":
    main()
