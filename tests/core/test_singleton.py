"""#18 part 3: the periodic commands are safe to run twice at the same time. Each holds a lock named after
itself (PostgreSQL: an advisory lock; SQLite: a lock file next to the database) for the whole run; a second
run meanwhile says "already running", does nothing and exits 0 — in another thread and in another process."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command, load_command_class
from django.db import connection, connections
from django.utils import timezone

from sumai.audit.models import AuditEvent
from sumai.core.singleton import SingleRunCommand, lock_key, single_run
from sumai.search.indexing import rebuild
from sumai.search.models import OpenDataSnapshot
from tests.factories import OrganisationFactory
from tests.scale.test_workers import ROOT, Workers
from tests.search.conftest import registered_building

# The periodic commands (docs/workers.md), the function each does its work with, and what it returns.
PERIODIC: dict[str, tuple[str, str, Any]] = {
    "vacancy_daily": ("registry", "sumai.registry.vacancy.expire_stale", 0),
    "opendata_snapshot": ("search", "sumai.search.management.commands.opendata_snapshot.take_snapshot", 0),
    "anonymise_cases": ("cases", "sumai.cases.retention.anonymise_due", SimpleNamespace(as_dict=dict)),
    "inquiries_daily": ("placements", "sumai.placements.management.commands.inquiries_daily.daily", {}),
    "notifications_retry": ("core", "sumai.core.management.commands.notifications_retry.retry_due", (0, 0)),
    "search_rebuild": ("search", "sumai.search.management.commands.search_rebuild.rebuild", 0),
}
ARGS = {"vacancy_daily": ["--no-reminders"]}


@contextmanager
def held_elsewhere(name: str) -> Iterator[None]:
    """Hold the lock ``name`` from another thread (so another database connection) for the block."""
    holding, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def hold() -> None:
        try:
            with single_run(name) as got:
                assert got
                holding.set()
                release.wait(30)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            failures.append(exc)
            holding.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait(30)
    try:
        assert not failures, failures
        yield
    finally:
        release.set()
        thread.join(30)


def run(name: str) -> str:
    out = io.StringIO()
    call_command(name, *ARGS.get(name, []), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_lock_keys_are_stable_and_distinct() -> None:
    assert lock_key("vacancy_daily") == lock_key("vacancy_daily")
    assert len({lock_key(name) for name in PERIODIC}) == len(PERIODIC)
    assert all(-(2**63) <= lock_key(name) < 2**63 for name in PERIODIC)


@pytest.mark.django_db
def test_a_lock_is_held_once_and_free_again_after() -> None:
    with held_elsewhere("one"):
        with single_run("one") as got:
            assert not got
        with single_run("two") as other:
            assert other
    with single_run("one") as got:
        assert got


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PERIODIC))
def test_every_periodic_command_runs_once_at_a_time(name: str) -> None:
    app, work, returns = PERIODIC[name]
    command = load_command_class(f"sumai.{app}", name)
    assert isinstance(command, SingleRunCommand)
    with mock.patch(work, return_value=returns) as done:
        with held_elsewhere(name):
            output = run(name)
        assert "already running" in output
        assert not done.called  # the second run did nothing
        run(name)
        assert done.called  # and with the lock free, it works


@pytest.mark.django_db
def test_two_snapshots_at_once_write_it_once() -> None:
    from sumai.search.management.commands import opendata_snapshot

    operator = OrganisationFactory(kind="operator", name="テスト不動産")
    registered_building(operator, units=[{}, {}])
    registered_building(operator, municipality="271276", address="大阪府大阪市北区梅田1-1", units=[{}])
    rebuild()

    real: Callable[..., int] = opendata_snapshot.take_snapshot
    second: list[str] = []

    def slow_snapshot(**kwargs: Any) -> int:
        # While the first run works, a second one starts (another thread, another connection).
        thread = threading.Thread(
            target=lambda: (second.append(run("opendata_snapshot")), connections.close_all())
        )
        thread.start()
        thread.join(30)
        return real(**kwargs)

    with mock.patch.object(opendata_snapshot, "take_snapshot", slow_snapshot):
        first = run("opendata_snapshot")
    assert "already running" in second[0]
    assert "open-data snapshot" in first
    today = timezone.localdate()
    snapshot = OpenDataSnapshot.objects.filter(date=today)
    once = sorted(snapshot.values_list("municipality_code", "registered_units"))
    assert once == [("131032", 2), ("271276", 1)]
    assert AuditEvent.objects.filter(action="opendata.snapshot", object_id=str(today)).count() == 1
    run("opendata_snapshot")  # and run again afterwards: the same rows, not twice as many
    assert sorted(snapshot.values_list("municipality_code", "registered_units")) == once


@pytest.mark.django_db(transaction=True)
def test_a_second_process_is_told_it_is_already_running(tmp_path: Path) -> None:
    pool = Workers(tmp_path)
    pool.publish()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import django, sys; django.setup()\n"
            "from sumai.core.singleton import single_run\n"
            "with single_run('notifications_retry') as got:\n"
            "    print('held' if got else 'busy', flush=True)\n"
            "    sys.stdin.read()\n",
        ],
        env=pool.env(),
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        second = subprocess.run(
            [sys.executable, "-m", "sumai.cli", "notifications_retry"],
            env=pool.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        holder.communicate("", timeout=30)
    assert second.returncode == 0, second.stderr
    assert "already running" in second.stdout
    assert "sent" not in second.stdout
    if connection.vendor == "sqlite":
        assert Path(f"{pool.sqlite}.notifications_retry.lock").exists()
