"""Liveness and readiness (docs/deployment.md, "Health and readiness").

``/healthz`` is liveness: the process answers, nothing else is touched (a database outage must not make an
orchestrator restart every application server). ``/readyz`` is readiness: whether this process should be
sent traffic. It checks

- ``database``: the primary answers ``SELECT 1`` (on PostgreSQL under a ``statement_timeout`` of
  ``SUMAI_READY_TIMEOUT_MS``; a host that does not answer at all is bounded by ``connect_timeout`` in
  ``DATABASE_URL``) — failing makes the process not ready;
- ``migrations``: no migration of the code is unapplied — failing makes the process not ready (new code
  waits for ``sumai migrate``); once complete it is not read again by this process;
- ``replicas``: every other database alias (the read replicas of ``DATABASE_REPLICA_URLS``) answers —
  failing is *degraded*, still ready, since reads fall back to the primary;
- ``cache``: the default cache stores and returns a value — failing is *degraded*, still ready, since Sumai
  works without it (more load on the database).

The answer carries only these stable machine keys and the words ``ok``, ``degraded``, ``error``, ``none``:
no host name, no error text (those go to the log with the request id).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction

logger = logging.getLogger(__name__)

OK = "ok"
DEGRADED = "degraded"
ERROR = "error"
NONE = "none"

_migrations_complete = False


def timeout_ms() -> int:
    return int(getattr(settings, "SUMAI_READY_TIMEOUT_MS", 2000))


def ping(alias: str) -> None:
    """``SELECT 1`` on ``alias``; on PostgreSQL no longer than :func:`timeout_ms`."""
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL statement_timeout = %s", [timeout_ms()])
        cursor.execute("SELECT 1")
        cursor.fetchone()


def replica_aliases() -> list[str]:
    """The database aliases other than the primary (the read replicas, docs/replicas.md)."""
    return [alias for alias in settings.DATABASES if alias != DEFAULT_DB_ALIAS]


def unapplied_migrations() -> int:
    """How many migrations of the code the primary has not applied (0 is remembered for the process)."""
    global _migrations_complete  # a process-wide memo: migrations, once applied, stay applied
    if _migrations_complete:
        return 0
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        _migrations_complete = True
    return len(plan)


def cache_works() -> bool:
    """The default cache keeps a value (a cache that swallows its errors answers None: not working)."""
    key = "sumai:readyz:" + secrets.token_hex(8)
    value = secrets.token_hex(8)
    cache.set(key, value, 10)
    try:
        return bool(cache.get(key) == value)
    finally:
        cache.delete(key)


@dataclass
class Readiness:
    checks: dict[str, Any] = field(default_factory=dict)
    ready: bool = True

    @property
    def status(self) -> str:
        if not self.ready:
            return ERROR
        degraded = any(
            (c.get("status") if isinstance(c, dict) else c) == DEGRADED for c in self.checks.values()
        )
        return DEGRADED if degraded else OK

    def as_json(self) -> dict[str, Any]:
        return {"status": self.status, "checks": self.checks}


def _failed(check: str, exc: BaseException) -> None:
    logger.warning("readiness check %s failed: %s: %s", check, type(exc).__name__, exc)


def readiness() -> Readiness:
    result = Readiness()
    try:
        ping(DEFAULT_DB_ALIAS)
        result.checks["database"] = OK
    except Exception as exc:  # noqa: BLE001 - any failure of the primary: not ready
        _failed("database", exc)
        result.checks["database"] = ERROR
        result.ready = False

    if result.checks["database"] == OK:
        try:
            pending = unapplied_migrations()
            result.checks["migrations"] = OK if pending == 0 else ERROR
            result.ready = result.ready and pending == 0
        except Exception as exc:  # noqa: BLE001 - the migration table unreadable: not ready
            _failed("migrations", exc)
            result.checks["migrations"] = ERROR
            result.ready = False
    else:
        result.checks["migrations"] = ERROR

    aliases = replica_aliases()
    answering = 0
    for alias in aliases:
        try:
            ping(alias)
            answering += 1
        except Exception as exc:  # noqa: BLE001 - a replica down: reads go to the primary (degraded)
            _failed(f"replica {alias}", exc)
    result.checks["replicas"] = {
        "status": NONE if not aliases else OK if answering == len(aliases) else DEGRADED,
        "ok": answering,
        "total": len(aliases),
    }

    try:
        result.checks["cache"] = OK if cache_works() else DEGRADED
    except Exception as exc:  # noqa: BLE001 - the cache down: Sumai works without it (degraded)
        _failed("cache", exc)
        result.checks["cache"] = DEGRADED
    return result
