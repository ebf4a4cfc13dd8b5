"""The squashed migrations of ``search`` (0001–0010) and ``registry`` (0001–0005) build the old schema.

Runs on the suite's current backend (SQLite by default, PostgreSQL with ``DATABASE_URL=postgres://…``).
Each database is migrated by ``django-admin migrate`` in a subprocess, in a scratch database of its own
(SQLite files in ``tmp_path``; on PostgreSQL a schema each in a database ``sumai_squash_<pid>`` created and
dropped here), so the test database is never touched. The old chains are what a release without the squash
shipped: a copy of the two migration packages without the squashed files, put in place by
``MIGRATION_MODULES``.

- A: the old chains, from nothing; then ``migrate`` with the squash present must find nothing to do, record
  both squashes as applied, leave no unapplied migration and no model change for ``makemigrations``.
- B: the squashes, from nothing.
- C: the old chains stopped half-way (search 0005, registry 0004), then finished with the squash present:
  Django finishes along the old migrations and records the squashes.

The three schemas must be equal: on SQLite every row of ``sqlite_master`` (whitespace normalised); on
PostgreSQL the columns (information_schema), indexes (``pg_indexes.indexdef``), constraints
(``pg_get_constraintdef``), relations with their options (``pg_class.reloptions``), triggers and sequences.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

import pytest
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ModelState, ProjectState

if TYPE_CHECKING:
    import psycopg

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
SEARCH_SQUASH = ("search", "0001_squashed_0010_integer_area")
REGISTRY_SQUASH = ("registry", "0001_squashed_0005_notification_moves_to_core")
SQUASHES = {"search": SEARCH_SQUASH[1], "registry": REGISTRY_SQUASH[1]}
OLD_LEAVES = [("search", "0010_integer_area"), ("registry", "0005_notification_moves_to_core")]

VENDOR = {"django.db.backends.sqlite3": "sqlite", "django.db.backends.postgresql": "postgresql"}.get(
    settings.DATABASES["default"]["ENGINE"]
)

# Run with the squash present on a database: migrate, then report what Django sees.
CHECK_SCRIPT = """
import json, django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

call_command("migrate", verbosity=0)
executor = MigrationExecutor(connection)
plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
try:
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
    changes = False
except SystemExit:
    changes = True
recorded = MigrationRecorder(connection).applied_migrations()
applied = sorted([app, name] for app, name in recorded if app in ("search", "registry"))
print(json.dumps({"plan": [str(migration) for migration, _ in plan], "changes": changes, "applied": applied}))
"""

PG_SCHEMA = {
    "columns": """
        SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,
               is_nullable, column_default, is_identity, identity_generation
        FROM information_schema.columns WHERE table_schema = current_schema()
        ORDER BY table_name, ordinal_position""",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()",
    "constraints": """
        SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = current_schema()""",
    "relations": """
        SELECT c.relname, c.relkind, c.relpersistence, c.reloptions::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()""",
    "triggers": """
        SELECT event_object_table, trigger_name, action_timing, event_manipulation, action_statement
        FROM information_schema.triggers WHERE trigger_schema = current_schema()""",
    "sequences": """
        SELECT sequence_name, data_type, start_value, increment
        FROM information_schema.sequences WHERE sequence_schema = current_schema()""",
}

pytestmark = pytest.mark.skipif(VENDOR is None, reason="the squash is checked on SQLite and PostgreSQL")


def normalise(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


class Scratch:
    """Fresh databases on the current backend: their ``DATABASE_URL``s and their schemas.

    On SQLite a file each. On PostgreSQL a schema each (``search_path`` in the URL's options) in one scratch
    database of this run, dropped at the end: dropping a database forces a checkpoint of the whole server,
    one is enough."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.db = settings.DATABASES["default"]
        self.dbname = f"sumai_squash_{os.getpid()}"
        self.created = False

    def _pg(self, dbname: str, schema: str | None = None) -> psycopg.Connection:
        import psycopg

        return psycopg.connect(
            dbname=dbname,
            user=self.db["USER"] or None,
            password=self.db["PASSWORD"] or None,
            host=self.db["HOST"] or None,
            port=self.db["PORT"] or None,
            options=f"-c search_path={schema}" if schema else None,
            autocommit=True,
        )

    def create(self, letter: str) -> str:
        if VENDOR == "sqlite":
            return f"sqlite:///{self.tmp_path / f'{letter}.sqlite3'}"
        if not self.created:
            with self._pg("postgres") as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{self.dbname}"')
            self.created = True
        schema = f"squash_{letter}"
        with self._pg(self.dbname) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        credentials = quote(self.db["USER"] or "postgres", safe="")
        if self.db["PASSWORD"]:
            credentials += ":" + quote(self.db["PASSWORD"], safe="")
        host, port = self.db["HOST"] or "localhost", self.db["PORT"] or 5432
        return f"postgres://{credentials}@{host}:{port}/{self.dbname}?options=" + quote(
            f"-c search_path={schema}", safe=""
        )

    def drop_all(self) -> None:
        if self.created:
            with self._pg("postgres") as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')

    def schema(self, url: str) -> dict[str, list[tuple]]:
        if VENDOR == "sqlite":
            conn = sqlite3.connect(url.removeprefix("sqlite:///"))
            try:
                rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
            finally:
                conn.close()
            return {"sqlite_master": sorted((t, n, tb, normalise(sql)) for t, n, tb, sql in rows)}
        schema = unquote(url.rsplit("search_path%3D", 1)[1])
        snapshot = {}
        with self._pg(self.dbname, schema) as conn:
            for key, sql in PG_SCHEMA.items():
                # names come unqualified (the schema is the search path) except in pg_indexes.indexdef
                rows = [
                    tuple(normalise(str(value)).replace(f"{schema}.", "") for value in row)
                    for row in conn.execute(sql).fetchall()
                ]
                # columns keep their order; ordinal positions themselves may differ by dropped columns
                snapshot[key] = rows if key == "columns" else sorted(rows)
        return snapshot


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Scratch]:
    databases = Scratch(tmp_path)
    try:
        yield databases
    finally:
        databases.drop_all()


@pytest.fixture
def old_release(tmp_path: Path) -> str:
    """Settings whose search and registry migrations are the old chains (the squashed files left out)."""
    package = tmp_path / "old_release"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for app, squash in SQUASHES.items():
        shutil.copytree(
            SRC / "sumai" / app / "migrations",
            package / f"{app}_migrations",
            ignore=shutil.ignore_patterns(f"{squash}.py", "__pycache__"),
        )
    (package / "settings.py").write_text(
        f"from {settings.SETTINGS_MODULE} import *  # noqa: F403\n"
        "MIGRATION_MODULES = {"
        + ", ".join(f'"{app}": "old_release.{app}_migrations"' for app in SQUASHES)
        + "}\n"
    )
    return "old_release.settings"


def run(tmp_path: Path, url: str, settings_module: str, args: list[str]) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(SRC)]),
        "SUMAI_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.Popen(
        [sys.executable, *args], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(*processes: subprocess.Popen[str]) -> list[str]:
    """Wait for all the processes; their outputs, once every one has succeeded."""
    results = [(process, *process.communicate(timeout=180)) for process in processes]
    for process, _, err in results:
        assert process.returncode == 0, f"{process.args} failed:\n{err}"
    return [out for _, out, _ in results]


def migrate(*target: str) -> list[str]:
    return ["-m", "django", "migrate", "--skip-checks", "--verbosity", "0", *target]


def test_squash_builds_the_old_chains_schema(tmp_path, scratch, old_release):
    a, b, c = scratch.create("a"), scratch.create("b"), scratch.create("c")
    default = settings.SETTINGS_MODULE

    # in parallel: A and C along the old chain (C stopped half-way), B by the squash
    first = [
        run(tmp_path, a, old_release, migrate()),
        run(tmp_path, b, default, migrate()),
        run(tmp_path, c, old_release, migrate("search", "0005_covering_indexes")),
    ]
    finish(*first)
    old = scratch.schema(a)
    squashed = scratch.schema(b)

    # then the release with the squash on A (complete old chain) and C (half-way)
    second = [run(tmp_path, url, default, ["-c", CHECK_SCRIPT]) for url in (a, c)]
    upgraded, finished = (json.loads(out) for out in finish(*second))

    differences = {
        key: {
            "old chain only": sorted(set(rows) - set(squashed[key])),
            "squash only": sorted(set(squashed[key]) - set(rows)),
        }
        for key, rows in old.items()
        if rows != squashed[key]
    }
    assert differences == {}
    assert any("search_searchunit" in row for rows in old.values() for row in rows)  # it saw the tables

    for report in (upgraded, finished):
        assert report["plan"] == [], "unapplied migrations with the squash present"
        assert not report["changes"], "makemigrations --check finds model changes"
        for squash in (SEARCH_SQUASH, REGISTRY_SQUASH):
            assert list(squash) in report["applied"], f"{squash} not recorded as applied"
    assert scratch.schema(a) == old  # the squash present changed nothing on A
    assert scratch.schema(c) == old  # C finished along the old chain to the same schema


def _models(state: ProjectState, app: str) -> dict[str, tuple]:
    def options(model_state: ModelState) -> dict:
        opts = dict(model_state.options)
        for key in ("indexes", "constraints"):
            opts[key] = sorted(opts.get(key, []), key=lambda item: item.name)
        return opts

    return {
        name: (
            [(field_name, field.deconstruct()[1:]) for field_name, field in model_state.fields.items()],
            options(model_state),
            model_state.bases,
            model_state.managers,
        )
        for (label, name), model_state in state.models.items()
        if label == app
    }


def test_squash_state_is_the_old_chains_state():
    """The models the squash leaves in Django's state are the old chain's, field for field (in order),
    with the same options, indexes and constraints."""
    old = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False).project_state(OLD_LEAVES)
    new = MigrationLoader(None, ignore_no_migrations=True).project_state([SEARCH_SQUASH, REGISTRY_SQUASH])
    for app in SQUASHES:
        assert _models(new, app) == _models(old, app), app
    assert ("registry", "notification") not in new.models


def test_dependencies_on_replaced_migrations_resolve_to_the_squash():
    """A fresh database: the squashes replace the old nodes, and migrations depending on an old node
    (core 0001 on registry 0005, search on registry 0004) depend on the squash instead."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    graph = loader.graph
    for app, squash in SQUASHES.items():
        nodes = {key for key in graph.nodes if key[0] == app}
        assert (app, squash) in nodes
        assert not nodes & set(loader.disk_migrations[(app, squash)].replaces)  # no replaced node is left
        # every later migration (they depend on the replaced leaf, so that old releases migrate too) comes
        # after the squash
        for leaf in graph.leaf_nodes(app):
            assert (app, squash) in graph.forwards_plan(leaf)
    assert REGISTRY_SQUASH in graph.node_map[("core", "0001_initial")].parents
    assert REGISTRY_SQUASH in graph.node_map[SEARCH_SQUASH].parents
    plan = graph.forwards_plan(("core", "0002_deliveries"))
    assert plan.index(REGISTRY_SQUASH) < plan.index(("core", "0001_initial"))


@pytest.mark.parametrize(
    ("applied", "used", "search_parent"),
    [
        # registry half-way, search not started: registry finishes along its old nodes, search by the squash,
        # whose dependency on registry 0004 is that old node
        ({"registry": 3, "search": 0}, {"registry": False, "search": True}, ("registry", "0004_importjob")),
        # registry done, search half-way: search finishes along its old nodes, depending on registry's squash
        ({"registry": 5, "search": 5}, {"registry": True, "search": False}, REGISTRY_SQUASH),
    ],
)
def test_a_database_mid_chain_finishes_along_the_old_nodes(monkeypatch, applied, used, search_parent):
    old = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False).graph
    done = {
        key: None
        for app, count in applied.items()
        for key in old.forwards_plan(OLD_LEAVES[0] if app == "search" else OLD_LEAVES[1])
        if key[0] == app and int(key[1][:4]) <= count and "squashed" not in key[1]
    }
    monkeypatch.setattr(MigrationRecorder, "applied_migrations", lambda self: done)
    graph = MigrationLoader(object(), ignore_no_migrations=True).graph
    for app, squash in SQUASHES.items():
        assert ((app, squash) in graph.nodes) is used[app], app
    first_search = SEARCH_SQUASH if used["search"] else ("search", "0001_initial")
    assert search_parent in graph.node_map[first_search].parents
    core_parent = REGISTRY_SQUASH if used["registry"] else ("registry", "0005_notification_moves_to_core")
    assert core_parent in graph.node_map[("core", "0001_initial")].parents
