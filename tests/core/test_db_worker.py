"""#13 Low: ``sumai db_worker`` no longer exits when SQLite says "database is locked": it waits (0.1 s,
doubling up to 5 s) and goes on; any other database error still stops it."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command, get_commands
from django.db.utils import OperationalError

from sumai.core.management.commands import db_worker


def worker() -> db_worker.ResilientWorker:
    return db_worker.ResilientWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )


def test_sumai_runs_its_own_worker():
    assert get_commands()["db_worker"] == "sumai.core"


def test_a_locked_database_is_waited_out():
    locked = OperationalError("database is locked")
    calls = iter([locked, locked, locked, None])

    def run(self):  # type: ignore[no-untyped-def]
        outcome = next(calls)
        if outcome is not None:
            raise outcome

    with (
        mock.patch.object(db_worker.library.Worker, "run", run),
        mock.patch.object(db_worker.time, "sleep") as sleep,
    ):
        worker().run_loop()
    assert [c.args[0] for c in sleep.call_args_list] == [0.1, 0.2, 0.4]


def test_another_database_error_still_stops_the_worker():
    def run(self):  # type: ignore[no-untyped-def]
        raise OperationalError("no such table: django_tasks_database_dbtaskresult")

    with mock.patch.object(db_worker.library.Worker, "run", run), pytest.raises(OperationalError):
        worker().run_loop()


@pytest.mark.django_db
def test_the_command_runs_a_batch_and_ends():
    # the worker closes old connections between tasks, which would close the test's own (PostgreSQL)
    with (
        mock.patch.object(db_worker, "ResilientWorker", wraps=db_worker.ResilientWorker) as made,
        mock.patch.object(db_worker.library, "close_old_connections", return_value=None),
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert made.called
