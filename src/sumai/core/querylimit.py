"""A time limit on the queries of a public read (issue #15, item 2: nothing can starve the rest).

``bounded()`` runs a block whose queries together may take at most ``SUMAI["PUBLIC_QUERY_MS"]``
milliseconds of database time: on PostgreSQL through ``SET LOCAL statement_timeout`` inside a transaction
(each statement of the block is cut at the limit), on SQLite through the connection's progress handler (the
block's statements are interrupted once the limit has passed since the block began). A query cut short
raises :class:`QueryTimedOut`; the views answer it with a clear message (HTML 503 with the form kept,
API 503 with ``{"detail": …}``), never a 500, and a worker is free again within the limit instead of being
held for seconds by one client's query.

Only reads use it: the block is one transaction, and nothing in it may write.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

# SQLite calls the progress handler every this many virtual-machine instructions (~0.1 ms of work)
_SQLITE_STEPS = 1000


class QueryTimedOut(Exception):
    """The database did not answer within the limit of a public read."""


def limit_ms() -> int:
    return int(settings.SUMAI.get("PUBLIC_QUERY_MS", 1000))


def _cancelled(exc: BaseException) -> bool:
    cause = exc.__cause__ or exc
    text = str(cause).lower()
    return (
        "statement timeout" in text
        or "canceling statement" in text
        or "interrupted" in text
        or type(cause).__name__ == "QueryCanceled"
    )


@contextmanager
def bounded(ms: int | None = None, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run the block's queries under a time limit (``ms``, or the setting); :class:`QueryTimedOut` when a
    query is cut short."""
    ms = limit_ms() if ms is None else ms
    connection = connections[using]
    if ms <= 0:
        yield
        return
    try:
        if connection.vendor == "postgresql":
            with transaction.atomic(using=using):
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = {int(ms)}")  # an int, never input
                yield
                # inside an outer transaction the setting would outlive the block (a failed block's is
                # undone with its savepoint)
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            raw = connection.connection
            deadline = time.monotonic() + ms / 1000

            def stop() -> int:
                return 1 if time.monotonic() > deadline else 0

            raw.set_progress_handler(stop, _SQLITE_STEPS)
            try:
                yield
            finally:
                raw.set_progress_handler(None, 0)
        else:  # pragma: no cover - the two databases Sumai runs on
            yield
    except OperationalError as exc:
        if _cancelled(exc):
            raise QueryTimedOut(str(exc)) from exc
        raise
