"""Backup and restore of the whole database, with a manifest that proves the copy (issue #18; docs/backup.md).

A backup is two files side by side: the dump (PostgreSQL: ``pg_dump`` custom format; SQLite: a copy made with
SQLite's online backup API) and ``<dump>.manifest.json``: when and from what it was made, the Django
migration state, the file's sha256, and every table's row count and checksum. The counts and checksums are
taken from the same snapshot the dump is (PostgreSQL: ``pg_dump --snapshot`` of a repeatable-read
transaction that computes them; SQLite: one read transaction that computes them and then runs the backup),
so a backup of a database in use still matches its manifest exactly.

A table's checksum is the sha256 of its rows in primary-key order (PostgreSQL: ``md5(row::text)`` of each row,
computed by the server and streamed through a server-side cursor; SQLite: the rows' ``repr``, streamed in
batches), with the session settings that fix the text of dates and numbers. It is only ever compared with a
checksum made by the same engine (the source and its restored copy).

Restoring refuses a dump whose sha256 differs from its manifest, never writes over a database that holds any
table unless asked to replace it, and after restoring recomputes every table's count and checksum and fails,
naming the tables, on any difference.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - pg_dump/pg_restore/git, argument lists only, never a shell
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import dj_database_url

MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_FORMAT = 1
BATCH = 10_000
PG_SESSION = (
    "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; SET IntervalStyle TO 'postgres'; "
    "SET extra_float_digits TO 1; SET bytea_output TO 'hex'"
)
CHECKSUM_METHOD = {
    "postgresql": "sha256 of md5(row::text) per row, in primary-key order",
    "sqlite": "sha256 of repr(rows) in batches of 10000, in rowid (or primary-key) order",
}

Progress = Callable[[str], None]


class BackupError(Exception):
    """What went wrong, said for the person running the command (it becomes a non-zero exit)."""


def _quiet(message: str) -> None:
    return None


# --------------------------------------------------------------------------------------------- connections


@dataclass(frozen=True)
class Database:
    """Where a database is, from Django's settings or a ``DATABASE_URL``; never shows its password."""

    engine: str  # "postgresql" or "sqlite"
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = field(default="", repr=False)
    options: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Database:
        engine = str(settings["ENGINE"])
        if "sqlite" in engine:
            kind = "sqlite"
        elif "postgres" in engine:
            kind = "postgresql"
        else:
            raise BackupError(f"Backups cover SQLite and PostgreSQL only, not {engine}.")
        options = {k: v for k, v in (settings.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
        return cls(
            engine=kind,
            name=str(settings["NAME"]),
            host=str(settings.get("HOST") or ""),
            port=str(settings.get("PORT") or ""),
            user=str(settings.get("USER") or ""),
            password=str(settings.get("PASSWORD") or ""),
            options=options if kind == "postgresql" else {},
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        try:
            parsed = dj_database_url.parse(url)
        except (ValueError, KeyError) as exc:
            raise BackupError(f"Not a database URL this command understands: {exc}") from None
        return cls.from_settings(dict(parsed))

    @classmethod
    def default(cls) -> Database:
        from django.db import connection

        return cls.from_settings(connection.settings_dict)

    @property
    def in_memory(self) -> bool:
        return self.engine == "sqlite" and (self.name == ":memory:" or "mode=memory" in self.name)

    def label(self) -> str:
        if self.engine == "sqlite":
            return f"SQLite {self.name}"
        where = f"{self.host or 'localhost'}:{self.port or 5432}"
        return f"PostgreSQL database {self.name} on {where}" + (f" as {self.user}" if self.user else "")

    def with_name(self, name: str) -> Database:
        return Database(self.engine, name, self.host, self.port, self.user, self.password, self.options)

    def conninfo(self, dbname: str | None = None) -> str:
        """A libpq connection string without the password (that goes in PGPASSWORD)."""
        from psycopg.conninfo import make_conninfo

        params: dict[str, Any] = {"dbname": dbname or self.name}
        for key, value in (("host", self.host), ("port", self.port), ("user", self.user)):
            if value:
                params[key] = value
        for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name"):
            if key in self.options:
                params[key] = self.options[key]
        return make_conninfo(**params)

    def client_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("PGPASSWORD", None)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def pg_connect(self, dbname: str | None = None, *, autocommit: bool = False) -> Any:
        import psycopg

        try:
            return psycopg.connect(
                self.conninfo(dbname), password=self.password or None, autocommit=autocommit
            )
        except psycopg.OperationalError as exc:
            raise BackupError(
                f"Cannot connect to {self.with_name(dbname or self.name).label()}: {exc}"
            ) from None


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL client of the server's major version "
            "(Debian: apt-get install postgresql-client-15) and run the command again."
        )
    return found


def _run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    with tempfile.TemporaryFile() as err:
        done = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=err, check=False)  # noqa: S603 # nosec B603
        err.seek(0)
        return done.returncode, err.read().decode(errors="replace").strip()


def _pg_tool_version(tool: str) -> str:
    try:
        out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)  # noqa: S603 # nosec
    except OSError:
        return ""
    return out.stdout.strip()


# --------------------------------------------------------------------------------------------- checksums


def _sqlite_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    """Every table with rows of its own (virtual tables are left out: their shadow tables hold the rows)."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND upper(coalesce(sql, '')) NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _sqlite_order(conn: sqlite3.Connection, table: str) -> str:
    quoted = _sqlite_ident(table)
    try:
        conn.execute(f"SELECT rowid FROM {quoted} LIMIT 0")  # noqa: S608 # nosec B608 - catalogue name, quoted
    except sqlite3.OperationalError:  # WITHOUT ROWID: its primary key orders it
        info = conn.execute(f"PRAGMA table_info({quoted})").fetchall()
        keys = sorted((int(c[5]), str(c[1])) for c in info if int(c[5]) > 0)
        return ", ".join(_sqlite_ident(name) for _, name in keys) or "1"
    return "rowid"


def sqlite_checksums(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for table in sqlite_tables(conn):
        order = _sqlite_order(conn, table)
        # "+column" is the stored value itself, without a declared type: a connection's converters (Django's
        # detect_types) leave it alone, so every connection reads the same values.
        info = conn.execute(f"PRAGMA table_info({_sqlite_ident(table)})").fetchall()
        columns = ", ".join(f"+{_sqlite_ident(str(c[1]))}" for c in info) or "1"
        cursor = conn.execute(
            f"SELECT {columns} FROM {_sqlite_ident(table)} ORDER BY {order}"  # noqa: S608 # nosec B608
        )
        digest = hashlib.sha256()
        rows = 0
        while batch := cursor.fetchmany(BATCH):
            rows += len(batch)
            digest.update(repr(batch).encode())
        result[table] = {"rows": rows, "checksum": digest.hexdigest()}
    return result


def _pg_tables(conn: Any) -> list[tuple[str, str, list[str]]]:
    rows = conn.execute(
        """
        SELECT n.nspname, c.relname,
               (SELECT array_agg(a.attname::text ORDER BY k.ord)
                  FROM pg_index i
                  CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                 WHERE i.indrelid = c.oid AND i.indisprimary)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
           AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
         ORDER BY 1, 2
        """
    ).fetchall()
    return [(str(s), str(t), list(pk or [])) for s, t, pk in rows]


def _pg_name(schema: str, table: str) -> str:
    return table if schema == "public" else f"{schema}.{table}"


def pg_checksums(conn: Any) -> dict[str, dict[str, Any]]:
    """Counts and checksums inside ``conn``'s current transaction (its snapshot), streamed."""
    from psycopg import sql

    conn.execute(PG_SESSION)
    result: dict[str, dict[str, Any]] = {}
    for number, (schema, table, pk) in enumerate(_pg_tables(conn)):
        order = (
            sql.SQL(", ").join(sql.SQL("sumai_row_.") + sql.Identifier(c) for c in pk) if pk else sql.SQL("1")
        )
        query = sql.SQL("SELECT md5(sumai_row_::text) FROM {}.{} AS sumai_row_ ORDER BY {}").format(
            sql.Identifier(schema), sql.Identifier(table), order
        )
        digest = hashlib.sha256()
        rows = 0
        with conn.cursor(name=f"sumai_checksum_{number}") as cursor:
            cursor.itersize = BATCH
            cursor.execute(query)
            while batch := cursor.fetchmany(BATCH):
                rows += len(batch)
                digest.update("".join(r[0] for r in batch).encode())
        result[_pg_name(schema, table)] = {"rows": rows, "checksum": digest.hexdigest()}
    return result


def compare(expected: dict[str, dict[str, Any]], actual: dict[str, dict[str, Any]]) -> list[str]:
    """Every difference between two sets of table figures, one line each, naming the table."""
    problems = []
    for name in sorted(expected.keys() | actual.keys()):
        if name not in actual:
            problems.append(f"table {name}: in the backup but missing from the restored database")
        elif name not in expected:
            problems.append(f"table {name}: in the restored database but not in the backup")
        elif expected[name]["rows"] != actual[name]["rows"]:
            problems.append(
                f"table {name}: {expected[name]['rows']} rows in the backup, {actual[name]['rows']} restored"
            )
        elif expected[name]["checksum"] != actual[name]["checksum"]:
            problems.append(
                f"table {name}: same {actual[name]['rows']} rows but different contents (checksum)"
            )
    return problems


# --------------------------------------------------------------------------------------------- manifest


def manifest_path(dump: Path) -> Path:
    return dump.with_name(dump.name + MANIFEST_SUFFIX)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _sumai_version() -> dict[str, str | None]:
    try:
        version: str | None = metadata.version("sumai")
    except metadata.PackageNotFoundError:
        version = None
    commit = os.environ.get("SUMAI_GIT_COMMIT") or None
    git = shutil.which("git")
    if commit is None and git:
        root = Path(__file__).resolve().parents[3]
        with contextlib.suppress(OSError):
            out = subprocess.run(  # noqa: S603 # nosec B603
                [git, "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
            )
            commit = out.stdout.strip() if out.returncode == 0 else None
    return {"version": version, "git_commit": commit}


def _migrations(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in rows:
        state.setdefault(str(app), []).append(str(name))
    return state


def _private_file(path: Path) -> None:
    """An empty file only its owner can read: dumps hold personal data (docs/backup.md)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    path.chmod(0o600)


def read_manifest(dump: Path) -> dict[str, Any]:
    if not dump.is_file():
        raise BackupError(f"{dump} does not exist (or is not a file).")
    mpath = manifest_path(dump)
    if not mpath.is_file():
        raise BackupError(
            f"{dump} has no manifest ({mpath.name} beside it): the backup did not finish or the manifest "
            "was not copied with it. A dump without its manifest cannot be verified and is refused."
        )
    try:
        manifest: dict[str, Any] = json.loads(mpath.read_text(encoding="utf-8"))
        tables = manifest["tables"]
        str(manifest["file"]["sha256"])
        engine = manifest["database"]["engine"]
    except (ValueError, KeyError, TypeError):
        raise BackupError(
            f"The manifest {mpath} is not a Sumai backup manifest (unreadable or incomplete)."
        ) from None
    if (
        manifest.get("format") != MANIFEST_FORMAT
        or engine not in CHECKSUM_METHOD
        or not isinstance(tables, dict)
    ):
        raise BackupError(f"The manifest {mpath} is of an unknown format; this version reads format 1.")
    return manifest


# --------------------------------------------------------------------------------------------- backup


@dataclass
class Timings:
    seconds: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.monotonic() - start


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    timings: Timings

    @property
    def size(self) -> int:
        return int(self.manifest["file"]["size"])


def default_output(db: Database, directory: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "dump" if db.engine == "postgresql" else "sqlite3"
    return directory / f"sumai-{db.engine}-{stamp}.{suffix}"


def backup(db: Database, output: Path, *, progress: Progress = _quiet) -> BackupResult:
    """Dump ``db`` to ``output`` with its manifest, verify the dump, and only then give it its final name."""
    output = output.resolve()
    if output.exists() or manifest_path(output).exists():
        raise BackupError(
            f"{output} already exists; choose another --output (a backup never overwrites one)."
        )
    partial = output.with_name(output.name + ".partial")
    timings = Timings()
    _private_file(partial)
    try:
        if db.engine == "postgresql":
            database, tables, migrations = _backup_postgresql(db, partial, timings, progress)
        else:
            database, tables, migrations = _backup_sqlite(db, partial, timings, progress)
        with timings.step("sha256"):
            sha = file_sha256(partial)
        manifest: dict[str, Any] = {
            "format": MANIFEST_FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": database,
            "sumai": _sumai_version(),
            "migrations": migrations,
            "checksum_method": CHECKSUM_METHOD[db.engine],
            "file": {"name": output.name, "size": partial.stat().st_size, "sha256": sha},
            "tables": tables,
        }
        os.replace(partial, output)
        mpath = manifest_path(output)
        _private_file(mpath)
        mpath.write_text(
            json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    progress(f"verifying {output.name}")
    try:
        with timings.step("verify"):
            verify(output, deep=True)
    except BackupError:
        # Kept for whoever investigates, under names that no restore or rotation script picks up.
        for path in (output, manifest_path(output)):
            os.replace(path, path.with_name(path.name + ".failed"))
        raise
    return BackupResult(output, manifest, timings)


def _backup_postgresql(
    db: Database, out: Path, timings: Timings, progress: Progress
) -> tuple[dict[str, Any], dict[str, Any], dict[str, list[str]]]:
    import psycopg

    pg_dump = _tool("pg_dump")
    conn = db.pg_connect()
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        server = str(conn.execute("SHOW server_version").fetchone()[0])
        snapshot = str(conn.execute("SELECT pg_export_snapshot()").fetchone()[0])
        progress(f"pg_dump of {db.label()} (custom format, snapshot {snapshot})")
        args = [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={out}"]
        with tempfile.TemporaryFile() as err:
            started = time.monotonic()
            args.append(f"--dbname={db.conninfo()}")
            dump = subprocess.Popen(args, env=db.client_env(), stderr=err)  # noqa: S603 # nosec B603
            # The checksums read the same snapshot while pg_dump writes (two processes, two cores).
            try:
                with timings.step("checksums"):
                    tables = pg_checksums(conn)
                progress(f"counted and checksummed {len(tables)} tables")
                has_migrations = conn.execute(
                    "SELECT to_regclass('django_migrations') IS NOT NULL"
                ).fetchone()[0]
                rows = (
                    conn.execute("SELECT app, name FROM django_migrations ORDER BY app, id").fetchall()
                    if has_migrations
                    else []
                )
            except BaseException:
                dump.kill()  # no half-described dump
                dump.wait()
                raise
            code = dump.wait()
            timings.seconds["dump"] = time.monotonic() - started
            err.seek(0)
            message = err.read().decode(errors="replace").strip()
        if code != 0:
            raise BackupError(f"pg_dump failed (exit {code}): {message}")
        conn.rollback()
    finally:
        conn.close()
    database = {
        "engine": "postgresql",
        "server_version": server,
        "name": db.name,
        "client": _pg_tool_version(pg_dump),
    }
    return database, tables, _migrations(rows)


def _sqlite_source(db: Database) -> tuple[sqlite3.Connection, bool]:
    """A connection to read from, and whether this module opened it (and so closes it)."""
    if db.in_memory:  # the test database: only Django's own connection sees it
        from django.db import connection

        connection.ensure_connection()
        raw: sqlite3.Connection = connection.connection
        return raw, False
    path = Path(db.name)
    if not path.is_file():
        raise BackupError(f"The SQLite database {path} does not exist.")
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None), True


def _backup_sqlite(
    db: Database, out: Path, timings: Timings, progress: Progress
) -> tuple[dict[str, Any], dict[str, Any], dict[str, list[str]]]:
    source, own = _sqlite_source(db)
    try:
        source.execute("BEGIN")  # one read snapshot for the figures and the copy (WAL: writers go on)
        try:
            progress(f"counting and checksumming the tables of {db.label()}")
            with timings.step("checksums"):
                tables = sqlite_checksums(source)
            has_migrations = source.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
            rows = (
                source.execute("SELECT app, name FROM django_migrations ORDER BY app, id").fetchall()
                if has_migrations
                else []
            )
            progress("copying with the online backup API")
            target = sqlite3.connect(out, isolation_level=None)
            try:
                with timings.step("dump"):
                    source.backup(target)
                    target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                target.close()
        finally:
            source.execute("ROLLBACK")
    finally:
        if own:
            source.close()
    database = {"engine": "sqlite", "server_version": sqlite3.sqlite_version, "name": Path(db.name).name}
    return database, tables, _migrations(rows)


# --------------------------------------------------------------------------------------------- verify


def verify(dump: Path, *, deep: bool = True) -> dict[str, Any]:
    """The manifest of ``dump`` once the dump is shown whole: its sha256, and that its engine can read it
    (``pg_restore --list``; SQLite, when ``deep``: ``PRAGMA integrity_check`` and every table's figures)."""
    manifest = read_manifest(dump)
    actual = file_sha256(dump)
    if actual != manifest["file"]["sha256"]:
        raise BackupError(
            f"{dump} does not match its manifest (sha256 {actual[:12]}…, the manifest says "
            f"{manifest['file']['sha256'][:12]}…; {dump.stat().st_size} bytes, the manifest says "
            f"{manifest['file'].get('size')}): the file is damaged or incomplete. "
            "It is refused; use another backup."
        )
    if manifest["database"]["engine"] == "postgresql":
        code, message = _run([_tool("pg_restore"), "--list", str(dump)])
        if code != 0:
            raise BackupError(f"pg_restore cannot read {dump}: {message}")
    elif (
        deep
    ):  # a restore checks its own copy instead: the sha256 shows the file is the one verified at backup
        conn = sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)
        try:
            _sqlite_integrity(conn, dump)
            problems = compare(manifest["tables"], sqlite_checksums(conn))
            if problems:
                raise BackupError(f"{dump} differs from its manifest:\n  " + "\n  ".join(problems))
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{dump} is not a readable SQLite database: {exc}") from None
        finally:
            conn.close()
    return manifest


def _sqlite_integrity(conn: sqlite3.Connection, path: Path) -> None:
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        raise BackupError(f"{path} fails SQLite's integrity check: " + "; ".join(rows[:5]))


# --------------------------------------------------------------------------------------------- restore


@dataclass
class RestoreResult:
    target: Database
    manifest: dict[str, Any]
    timings: Timings
    tables: dict[str, Any]


def is_empty(target: Database) -> bool:
    """Whether ``target`` holds no table (a missing SQLite file or an empty one counts as empty)."""
    if target.engine == "sqlite":
        path = Path(target.name)
        if not path.exists() or path.stat().st_size == 0:
            return True
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                return int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]) == 0
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            return False  # a file that is not a database is not ours to overwrite either
    conn = target.pg_connect(autocommit=True)
    try:
        found = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
            "AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'"
        ).fetchone()[0]
    finally:
        conn.close()
    return int(found) == 0


def pg_database_exists(target: Database) -> bool:
    conn = target.pg_connect("postgres", autocommit=True)
    try:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.name]).fetchone() is not None
        )
    finally:
        conn.close()


def restore(
    dump: Path,
    target: Database,
    *,
    create: bool = False,
    replace: bool = False,
    progress: Progress = _quiet,
) -> RestoreResult:
    """Restore ``dump`` into ``target`` and prove it: every table's count and checksum are the manifest's."""
    timings = Timings()
    progress(f"verifying {dump}")
    with timings.step("verify"):
        manifest = verify(dump, deep=False)
    engine = manifest["database"]["engine"]
    if engine != target.engine:
        raise BackupError(f"{dump} is a {engine} backup; it cannot be restored into {target.label()}.")
    if target.engine == "postgresql":
        tables = _restore_postgresql(
            dump, target, manifest, timings, create=create, replace=replace, progress=progress
        )
    else:
        tables = _restore_sqlite(dump, target, manifest, timings, replace=replace, progress=progress)
    return RestoreResult(target, manifest, timings, tables)


def _not_empty(target: Database) -> BackupError:
    return BackupError(
        f"{target.label()} is not empty. Restoring never writes over data unless told to: pass --replace "
        "to drop what it holds (stop the application first), or restore into an empty database."
    )


def _restore_postgresql(
    dump: Path,
    target: Database,
    manifest: dict[str, Any],
    timings: Timings,
    *,
    create: bool,
    replace: bool,
    progress: Progress,
) -> dict[str, Any]:
    from psycopg import sql

    pg_restore = _tool("pg_restore")
    if not pg_database_exists(target):
        if not create:
            raise BackupError(f"{target.label()} does not exist; pass --create-database to create it.")
        conn = target.pg_connect("postgres", autocommit=True)
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.name)))
        finally:
            conn.close()
        progress(f"created {target.label()}")
    elif not is_empty(target):
        if not replace:
            raise _not_empty(target)
        progress(f"emptying {target.label()} (--replace)")
        _pg_empty(target)
    progress(f"pg_restore into {target.label()}")
    args = [
        pg_restore,
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
    ]
    with timings.step("restore"):
        code, message = _run([*args, f"--dbname={target.conninfo()}", str(dump)], env=target.client_env())
    if code != 0:
        raise BackupError(
            f"pg_restore failed (exit {code}); nothing was restored (one transaction): {message}"
        )
    with timings.step("analyze"):
        conn = target.pg_connect(autocommit=True)
        try:
            conn.execute("ANALYZE")  # the planner's statistics are not in a dump
        finally:
            conn.close()
    progress("counting and checksumming every restored table")
    conn = target.pg_connect()
    try:
        with timings.step("checksums"):
            tables = pg_checksums(conn)
        conn.rollback()
    finally:
        conn.close()
    _check(manifest, tables, target)
    return tables


def _pg_empty(target: Database) -> None:
    from psycopg import sql

    conn = target.pg_connect()
    try:
        schemas = conn.execute(
            "SELECT nspname FROM pg_namespace "
            "WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%'"
        ).fetchall()
        for (schema,) in schemas:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
        conn.execute("CREATE SCHEMA public AUTHORIZATION pg_database_owner")
        conn.execute("GRANT USAGE ON SCHEMA public TO PUBLIC")
        conn.commit()
    finally:
        conn.close()


def _restore_sqlite(
    dump: Path,
    target: Database,
    manifest: dict[str, Any],
    timings: Timings,
    *,
    replace: bool,
    progress: Progress,
) -> dict[str, Any]:
    if target.in_memory:
        raise BackupError("Restore into a SQLite file (--target-url sqlite:////path/to/file.sqlite3).")
    path = Path(target.name).resolve()
    if not is_empty(target) and not replace:
        raise _not_empty(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".restoring")
    for leftover in (partial, Path(f"{partial}-journal")):
        leftover.unlink(missing_ok=True)
    progress(f"copying into {partial} with the online backup API")
    try:
        source = sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            with timings.step("restore"):
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=WAL")  # as the application runs it (settings.py)
            progress("integrity check, counting and checksumming every restored table")
            with timings.step("integrity"):
                _sqlite_integrity(copy, partial)
            with timings.step("checksums"):
                tables = sqlite_checksums(copy)
            copy.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            copy.close()
            source.close()
        _check(manifest, tables, target)
        # The old database's write-ahead log belongs to it: left beside the new file it would be replayed.
        for old in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            old.unlink(missing_ok=True)
        os.replace(partial, path)
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
    return tables


def _check(manifest: dict[str, Any], tables: dict[str, Any], target: Database) -> None:
    problems = compare(manifest["tables"], tables)
    if problems:
        raise BackupError(
            f"The restored {target.label()} differs from the backup ({len(problems)} tables):\n  "
            + "\n  ".join(problems)
        )
