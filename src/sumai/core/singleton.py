"""One run at a time: a named lock for the periodic commands, so a timer that fires while the last run is
still going (or the same timer on two machines, or a person running it by hand) does the work once.

* PostgreSQL: a session advisory lock, ``pg_try_advisory_lock(key)``, ``key`` a stable 64-bit hash of the
  name. It is held by the database for the connection, so it covers every machine, and goes when the
  connection does (a killed run never leaves it behind). A transaction-pooling proxy (PgBouncer in
  transaction mode) breaks session locks: connect the commands directly (docs/workers.md).
* SQLite (one machine by nature): ``flock`` on a file next to the database, ``<database>.<name>.lock``;
  the kernel releases it when the process ends. An in-memory database (tests) has nothing to share
  across processes, so a lock within the process stands in.

:class:`SingleRunCommand` wraps a management command in the lock of its name: the second run prints
"already running" and exits 0 without doing anything.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, OutputWrapper
from django.db import DEFAULT_DB_ALIAS, connections

_local_locks: dict[str, threading.Lock] = {}
_local_guard = threading.Lock()


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (PostgreSQL's advisory-lock key is a bigint)."""
    digest = hashlib.blake2b(f"sumai:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_path(name: str, using: str = DEFAULT_DB_ALIAS) -> Path | None:
    """The lock file of ``name`` for a SQLite file database, or ``None`` for an in-memory one."""
    database = str(connections[using].settings_dict["NAME"])
    if not database or database == ":memory:" or "mode=memory" in database:
        return None
    return Path(f"{database}.{name}.lock")


@contextmanager
def single_run(name: str, using: str = DEFAULT_DB_ALIAS) -> Iterator[bool]:
    """Hold the lock ``name`` for the block if nobody else holds it: yields ``True`` then, else ``False``
    at once (never waits)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        key = lock_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            got = bool(cursor.fetchone()[0])
        try:
            yield got
        finally:
            if got:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    path = lock_path(name, using)
    if path is None:
        with _local_guard:
            lock = _local_locks.setdefault(name, threading.Lock())
        got = lock.acquire(blocking=False)
        try:
            yield got
        finally:
            if got:
                lock.release()
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class SingleRunCommand(BaseCommand):
    """A management command that runs once at a time (see the module). The lock is named after the
    command (``lock_name``, default: the command's module name)."""

    lock_name = ""

    def single_run_name(self) -> str:
        return self.lock_name or type(self).__module__.rsplit(".", 1)[-1]

    def execute(self, *args: Any, **options: Any) -> str | None:
        name = self.single_run_name()
        with single_run(name) as got:
            if got:
                return super().execute(*args, **options)
        out = OutputWrapper(options["stdout"]) if options.get("stdout") else self.stdout
        out.write(f"{name}: already running (another run holds its lock); nothing done.")
        return ""
