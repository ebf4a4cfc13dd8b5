"""The read replicas in the test suite (docs/replicas.md), when ``DATABASE_REPLICA_URLS`` is set.

A replica alias is a test *mirror* of ``default`` (settings: ``TEST = {"MIRROR": "default"}``): no database is
created on it, it opens the test database of the primary by name, which physical replication copies to the
standby. Two things make the ordinary suite run with the router on:

* every test may use the replica aliases (Django's test case otherwise forbids queries to them);
* in a test inside a transaction (``TestCase``, pytest-django's ``db``) a replica alias reads through the
  primary's connection: a real replica cannot see rows that were never committed. Its queries are still its
  own (``connections["replica_1"].queries``, the write guard below). Transactional tests
  (``transactional_db``, tests/scale/test_replica.py) read the real standby.

Whatever the test, a statement that writes is refused on a replica alias, so no test can pass by writing
to a replica.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest

WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "CREATE", "ALTER", "DROP", "COPY", "LOCK")


def _aliases() -> list[str]:
    from sumai.core.db_router import replica_aliases

    return replica_aliases()


def refuse_writes(alias: str) -> Callable[..., Any]:
    def guard(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Mapping[str, Any]
    ) -> Any:
        head = sql.lstrip()[:10].split(None, 1)
        if head and head[0].upper() in WRITE_WORDS:
            raise AssertionError(f"a writing statement was sent to the read replica {alias}: {sql[:200]}")
        return execute(sql, params, many, context)

    return guard


def _in_test_transaction() -> bool:
    from django.db import connections

    return any(getattr(block, "_from_testcase", False) for block in connections["default"].atomic_blocks)


def _install(alias: str) -> None:
    """Patch the (main thread's) connection of ``alias``: inside a test transaction it reads through the
    primary's connection (and its own transaction control does nothing: the test case's transaction on
    ``default`` is the real one); outside one it is an ordinary connection to the standby. Writes are
    refused either way."""
    from django.db import connections

    conn = connections[alias]
    if getattr(conn, "_sumai_mirror", False):
        return
    conn._sumai_mirror = True
    conn._sumai_adopted = False
    conn.execute_wrappers.append(refuse_writes(alias))
    real_ensure = conn.ensure_connection
    real_close = conn.close

    def adopt() -> None:
        default = connections["default"]
        default.ensure_connection()
        if conn._sumai_adopted and conn.connection is default.connection:
            return
        if conn.connection is not None and not conn._sumai_adopted:
            real_close()
        conn.connection = default.connection
        conn._sumai_adopted = True
        conn.autocommit = True
        conn.needs_rollback = False
        conn.closed_in_transaction = False
        conn.errors_occurred = False
        conn.health_check_enabled = False
        conn.health_check_done = True

    def unadopt() -> None:
        conn.connection = None
        conn._sumai_adopted = False

    def ensure_connection() -> None:
        if _in_test_transaction():
            adopt()
            return
        if conn._sumai_adopted:
            unadopt()
        real_ensure()

    def close() -> None:
        if conn._sumai_adopted:
            unadopt()
            return
        real_close()

    def when_adopted(name: str) -> None:
        real = getattr(conn, name)

        def method(*args: Any) -> Any:
            if conn._sumai_adopted:
                return None
            return real(*args)

        setattr(conn, name, method)

    for name in (
        "_set_autocommit",
        "_commit",
        "_rollback",
        "_savepoint",
        "_savepoint_rollback",
        "_savepoint_commit",
        "check_constraints",
    ):
        when_adopted(name)
    conn.ensure_connection = ensure_connection
    conn.close = close


def setup() -> None:
    """At import (tests/conftest.py): let every test case use the replica aliases."""
    from django.test import TransactionTestCase

    aliases = _aliases()
    if aliases:
        TransactionTestCase.databases = frozenset({"default", *aliases})


class StandbyBehind(AssertionError):
    pass


def wait_for_replay(alias: str, timeout: float = 10.0) -> None:
    """Until the standby behind ``alias`` has replayed everything the primary has written so far; a standby
    that does not get there in ``timeout`` seconds fails the test (it would otherwise read old rows)."""
    import time

    from django.db import connections

    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    while True:
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT pg_last_wal_replay_lsn() IS NULL OR pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]
            )
            if cursor.fetchone()[0]:
                return
        if time.monotonic() > deadline:
            raise StandbyBehind(
                f"the standby behind {alias} did not replay the primary's WAL up to {lsn}"
                f" within {timeout:.0f} s"
            )
        time.sleep(0.02)


def standby_problem(alias: str, timeout: float = 30.0) -> str | None:
    """Why the standby behind ``alias`` cannot serve this run, or None: it must answer, be in recovery, hold
    the test database and keep up with the primary. A standby left over from another cluster or cut off
    from the primary's WAL answers and is in recovery, and then never sees a row the tests write."""
    from django.db import OperationalError, connections

    if connections["default"].vendor != "postgresql":
        return None
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            (in_recovery,) = cursor.fetchone()
        if not in_recovery:
            return f"{alias} is not a standby (pg_is_in_recovery() is false)"
        wait_for_replay(alias, timeout)
    except OperationalError as exc:
        return f"{alias} does not answer or lacks the test database ({str(exc).strip().splitlines()[0]})"
    except StandbyBehind as exc:
        return str(exc)
    finally:
        connections[alias].close()
    return None


def require_standbys() -> None:
    """Called once per test process when its test databases are ready (tests/conftest.py's
    ``django_db_setup``): a standby that does not stream fails that fixture — so every database test of the
    process errs at once with the reason (scripts/replica-up rebuilds it) — instead of each test erring on a
    missing database or waiting for rows that never come."""
    for alias in _aliases():
        problem = standby_problem(alias)
        if problem is not None:
            pytest.fail(f"{problem}: run scripts/replica-up (it rebuilds a standby that does not stream)")


@pytest.fixture(autouse=True)
def _replica_mirror(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    aliases = _aliases()
    if not aliases:
        yield
        return
    from django.db import connections

    from sumai.core import db_router

    db_router.reset_health()
    for alias in aliases:
        _install(alias)
    if "live_server" in request.fixturenames:
        # The browser's requests read the real standby (another thread, committed rows): the rows the test
        # wrote a moment ago may not be replayed yet. A person would not notice milliseconds; a test would.
        choose = db_router.choose_replica

        def choose_caught_up() -> str | None:
            alias = choose()
            if alias is not None:
                wait_for_replay(alias)
            return alias

        monkeypatch.setattr(db_router, "choose_replica", choose_caught_up)
    yield
    for alias in aliases:
        if not connections[alias].in_atomic_block:  # else the test case's rollback is still to come
            connections[alias].close()  # the next test adopts again or opens the real standby
    db_router.reset_health()
