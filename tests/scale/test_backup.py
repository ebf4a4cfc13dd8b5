"""Backup and restore drill (issue #18; docs/backup.md): a backup of the test database, restored into an
empty database (SQLite file, or a PostgreSQL database beside the test one), has every table's row count and
checksum; a damaged dump is refused; a non-empty target is never written over unless asked.

Transactional: a backup reads committed data from its own connection (pg_dump, or SQLite's backup API)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sumai.core import backup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def source() -> backup.Database:
    db = backup.Database.default()
    if db.engine == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        if os.environ.get("CI") == "true":
            pytest.fail("pg_dump/pg_restore missing: apt-get install postgresql-client-15")
        pytest.skip("pg_dump/pg_restore are not installed (apt-get install postgresql-client-15)")
    return db


@pytest.fixture
def target(source: backup.Database, tmp_path: Path) -> Any:
    if source.engine == "sqlite":
        yield backup.Database.from_url(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
        return
    db = source.with_name(f"{source.name}_restore")
    _drop(db)
    yield db
    _drop(db)


def _drop(db: backup.Database) -> None:
    from psycopg import sql

    conn = db.pg_connect("postgres", autocommit=True)
    try:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db.name)))
    finally:
        conn.close()


@pytest.fixture
def dumped(source: backup.Database, tmp_path: Path) -> backup.BackupResult:
    from sumai.demo.generate import generate

    generate(size_name="tiny", progress=lambda m: None)
    suffix = "dump" if source.engine == "postgresql" else "sqlite3"
    return backup.backup(source, tmp_path / "backups" / f"sumai.{suffix}")


def _figures(db: backup.Database) -> dict[str, Any]:
    if db.engine == "sqlite":
        conn = sqlite3.connect(db.name)
        try:
            return backup.sqlite_checksums(conn)
        finally:
            conn.close()
    conn = db.pg_connect()
    try:
        return backup.pg_checksums(conn)
    finally:
        conn.close()


def _execute(db: backup.Database, statement: str) -> None:
    if db.engine == "sqlite":
        conn = sqlite3.connect(db.name)
        with conn:
            conn.execute(statement)
        conn.close()
        return
    conn = db.pg_connect(autocommit=True)
    try:
        conn.execute(statement)
    finally:
        conn.close()


def test_restored_database_has_every_table_with_its_rows_and_checksum(
    dumped: backup.BackupResult, source: backup.Database, target: backup.Database, tmp_path: Path
) -> None:
    manifest = dumped.manifest
    assert manifest["tables"]["registry_unit"]["rows"] == 500
    assert manifest["migrations"]["registry"][0] == "0001_initial"
    assert manifest["file"]["sha256"] == backup.file_sha256(dumped.path)
    assert dumped.path.stat().st_mode & 0o777 == 0o600
    assert backup.manifest_path(dumped.path).stat().st_mode & 0o777 == 0o600
    with connection.cursor() as cursor:  # the manifest describes the database as it was
        cursor.execute("SELECT count(*) FROM cases_household")
        assert manifest["tables"]["cases_household"]["rows"] == cursor.fetchone()[0]

    result = backup.restore(dumped.path, target, create=True)

    assert result.tables == manifest["tables"]
    assert _figures(target) == manifest["tables"]

    # a restored database is not empty: never written over unless told (--replace)
    _execute(
        target, "UPDATE registry_unit SET rent = rent + 1 WHERE id = (SELECT min(id) FROM registry_unit)"
    )
    problems = backup.compare(manifest["tables"], _figures(target))
    assert problems == ["table registry_unit: same 500 rows but different contents (checksum)"]
    with pytest.raises(backup.BackupError, match="is not empty"):
        backup.restore(dumped.path, target, create=True)
    assert backup.compare(manifest["tables"], _figures(target)) == problems  # untouched

    # A backup is one snapshot while Sumai writes: a row committed after it began is in neither the dump nor
    # the manifest (PostgreSQL: the test database; SQLite: the restored file, read-only, WAL, another writer).
    live = source if source.engine == "postgresql" else target

    def write_meanwhile(message: str) -> None:
        if message.startswith(("pg_dump of", "copying with")):
            _execute(live, "INSERT INTO django_session VALUES ('written-during-backup', 'x', '2030-01-01')")

    during = backup.backup(live, tmp_path / f"during-{dumped.path.name}", progress=write_meanwhile)
    assert _figures(live)["django_session"]["rows"] == 1
    assert during.manifest["tables"]["django_session"]["rows"] == 0

    assert backup.restore(during.path, target, replace=True).tables == during.manifest["tables"]
    assert _figures(target) == during.manifest["tables"]


def test_damaged_dump_or_manifest_is_refused_naming_what_differs(
    dumped: backup.BackupResult, target: backup.Database
) -> None:
    mpath = backup.manifest_path(dumped.path)
    manifest = json.loads(mpath.read_text())
    manifest["tables"]["cases_household"]["rows"] += 1
    mpath.write_text(json.dumps(manifest))
    with pytest.raises(
        backup.BackupError, match=r"table cases_household: \d+ rows in the backup, \d+ restored"
    ):
        backup.restore(dumped.path, target, create=True)
    if target.engine == "postgresql":
        _drop(target)

    data = dumped.path.read_bytes()
    dumped.path.write_bytes(data[: len(data) // 2])  # truncated
    with pytest.raises(backup.BackupError, match="does not match its manifest"):
        backup.restore(dumped.path, target, create=True)
    dumped.path.write_bytes(data[:100] + bytes(b ^ 0xFF for b in data[100:110]) + data[110:])  # same size
    with pytest.raises(backup.BackupError, match="damaged or incomplete"):
        backup.verify(dumped.path)
    mpath.unlink()
    with pytest.raises(backup.BackupError, match="has no manifest"):
        backup.restore(dumped.path, target, create=True)
    assert (
        not Path(target.name).exists() if target.engine == "sqlite" else not backup.pg_database_exists(target)
    )


def test_commands(source: backup.Database, target: backup.Database, tmp_path: Path) -> None:
    from tests.factories import make_world

    make_world()
    dump = tmp_path / ("sumai.dump" if source.engine == "postgresql" else "sumai.sqlite3")
    call_command("backup", output=dump, verbosity=0)
    call_command("backup", check=dump, verbosity=0)
    if target.engine == "sqlite":
        url = f"sqlite:///{target.name}"
    else:
        host = f"{source.host or 'localhost'}:{source.port or 5432}"
        url = f"postgres://{source.user or 'postgres'}@{host}/{target.name}"
    with pytest.raises(CommandError, match="pass --yes"):  # no terminal to confirm on
        call_command("restore", str(dump), target_url=url, create_database=True, verbosity=0)
    call_command("restore", str(dump), target_url=url, create_database=True, yes=True, verbosity=0)
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output=dump, verbosity=0)
