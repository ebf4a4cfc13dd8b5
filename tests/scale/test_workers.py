"""#18 part 3: background workers. Several ``sumai db_worker`` processes run at once and no job runs twice;
a worker killed in the middle of a job leaves it to be run again (by the next worker's reaper), at most
``WORKERS["MAX_ATTEMPTS"]`` times, then it fails saying why; a CSV import run again after a crash part-way
imports once.

The process tests start real workers on a copy of the test database that they can open: on PostgreSQL the
test database itself (committed data: ``transactional_db``), on SQLite a file the in-memory test database is
copied to. The heartbeat and lease are shortened for them (0.2 s, 2 s) so everything takes seconds.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sumai.core import workers
from sumai.core.models import WorkerHeartbeat
from sumai.registry import tasks as registry_tasks
from sumai.registry.models import ImportJob, Unit
from tests.registry.conftest import _media_in_tmp, registry_world  # noqa: F401 (fixtures used here)
from tests.registry.test_import_progress import queued_job
from tests.scale import tasks

ROOT = Path(__file__).resolve().parents[2]
TABLE = DBTaskResult._meta.db_table


class Workers:
    """Worker processes on a database the test can also read (see the module)."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.sqlite: Path | None = None
        settings = connection.settings_dict
        if connection.vendor == "postgresql":
            password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
            host = settings.get("HOST") or "127.0.0.1"
            port = settings.get("PORT") or 5432
            self.url = f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"
        else:
            self.sqlite = tmp_path / "workers.sqlite3"
            self.url = f"sqlite:///{self.sqlite}"

    def publish(self) -> None:
        """Make what the test wrote visible to the workers (SQLite: copy the database to the file)."""
        if self.sqlite is None:
            return
        connection.ensure_connection()
        target = sqlite3.connect(self.sqlite)
        try:
            connection.connection.backup(target)
        finally:
            target.close()

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sumai.config.test",
            "DATABASE_URL": self.url,
            "SUMAI_VAR_DIR": str(self.tmp_path / "var"),
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
            "SUMAI_WORKER_HEARTBEAT": "0.2",
            "SUMAI_WORKER_LEASE": "2",
            **extra,
        }

    def command(self, *args: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "sumai.cli",
            "db_worker",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0.1",
            *args,
        ]

    def start(self, *args: str, **extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command(*args),
            env=self.env(**extra),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def jobs(self) -> list[tuple[str, list[str]]]:
        """(status, worker_ids) of every job, read from the workers' database."""
        import json

        if self.sqlite is None:
            return [(j.status, list(j.worker_ids)) for j in DBTaskResult.objects.all()]
        with sqlite3.connect(self.sqlite) as db:
            rows = db.execute(f"SELECT status, worker_ids FROM {TABLE}").fetchall()  # noqa: S608
        return [(status, json.loads(ids)) for status, ids in rows]

    def job(self) -> dict[str, Any]:
        if self.sqlite is None:
            return DBTaskResult.objects.values().get()
        with sqlite3.connect(self.sqlite) as db:
            db.row_factory = sqlite3.Row
            return dict(db.execute(f"SELECT * FROM {TABLE}").fetchone())  # noqa: S608


def finish(process: subprocess.Popen[str], timeout: float = 90) -> str:
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
        pytest.fail(f"the worker did not finish in {timeout} s:\n{out}")
    assert process.returncode == 0, out
    return out


def wait_for(path: Path, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(encoding="utf-8"):
            return
        time.sleep(0.05)
    pytest.fail(f"{text!r} never appeared in {path}")


@pytest.mark.django_db(transaction=True)
def test_several_workers_at_once_run_every_job_exactly_once(tmp_path: Path) -> None:
    pool = Workers(tmp_path)
    out, gate = tmp_path / "runs.txt", tmp_path / "gate"
    count, width = 60, 3
    for n in range(count):
        tasks.record.enqueue(n, str(out), str(gate))
    pool.publish()
    processes = [pool.start("--batch") for _ in range(width)]
    holding = Path(f"{out}.holding")
    deadline = time.monotonic() + 90
    # Every job waits for the gate: it opens once each worker holds a job, so all of them run at once.
    while len(set(holding.read_text().split()) if holding.exists() else ()) < width:
        assert time.monotonic() < deadline, "the workers never all held a job at once"
        time.sleep(0.05)
    gate.touch()
    for process in processes:
        finish(process)
    lines = out.read_text(encoding="utf-8").split()
    runs = Counter(int(n) for n in lines[::2])
    assert sorted(runs) == list(range(count))  # every job ran …
    assert set(runs.values()) == {1}  # … once
    assert len(set(lines[1::2])) == width  # by all the workers
    jobs = pool.jobs()
    assert Counter(status for status, _ in jobs) == {"SUCCESSFUL": count}
    assert {len(ids) for _, ids in jobs} == {1}  # claimed once each


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_is_killed_runs_again_exactly_once(tmp_path: Path) -> None:
    pool = Workers(tmp_path)
    out = tmp_path / "runs.txt"
    gate = tmp_path / "gate"
    tasks.hold.enqueue(str(out), str(gate))
    pool.publish()
    first = pool.start()
    wait_for(out, "start")
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)  # reaped by us: its pid is gone, as systemd would have it
    assert pool.job()["status"] == "RUNNING"  # what a killed worker used to leave for ever
    gate.touch()
    finish(pool.start("--batch"))
    lines = out.read_text(encoding="utf-8").splitlines()
    starts = [line.split()[1] for line in lines if line.startswith("start")]
    dones = [line.split()[1] for line in lines if line.startswith("done")]
    assert starts[0] == str(first.pid)
    assert len(starts) == 2  # the killed attempt and the retry
    assert len(dones) == 1  # finished once, by the second worker
    assert dones[0] == starts[1]
    job = pool.job()
    assert job["status"] == "SUCCESSFUL"
    assert len(pool.jobs()[0][1]) == 2  # two attempts recorded


# The reaper in the process: which workers count as dead, the attempt limit, the import's own records.


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def running_job(worker_id: str, *, minutes_ago: int = 60, attempts: int = 1) -> DBTaskResult:
    result = tasks.record.enqueue(1, "unused")
    started = timezone.now() - timedelta(minutes=minutes_ago)
    ids = [f"earlier-{i}" for i in range(attempts - 1)] + [worker_id]
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", worker_ids=ids, started_at=started)
    return DBTaskResult.objects.get(pk=result.id)


def heartbeat(worker_id: str, *, host: str, pid: int, seconds_ago: float) -> None:
    seen = timezone.now() - timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(worker_id=worker_id, host=host, pid=pid, started_at=seen, seen_at=seen)


@pytest.fixture
def lease(settings):  # type: ignore[no-untyped-def]
    settings.WORKERS = {"HEARTBEAT_SECONDS": 1, "LEASE_SECONDS": 30, "MAX_ATTEMPTS": 3}
    return settings.WORKERS


@pytest.mark.django_db
def test_a_job_of_a_live_worker_is_left_alone(lease) -> None:  # type: ignore[no-untyped-def]
    heartbeat("here", host=workers.this_host(), pid=os.getpid(), seconds_ago=3600)  # a long SQLite write
    heartbeat("there", host="elsewhere", pid=1, seconds_ago=5)
    here, there = running_job("here"), running_job("there")
    assert workers.reap() == {"requeued": 0, "failed": 0}
    assert set(DBTaskResult.objects.filter(pk__in=[here.pk, there.pk]).values_list("status", flat=True)) == {
        "RUNNING"
    }


@pytest.mark.django_db
def test_jobs_of_dead_workers_go_back_to_the_queue(lease) -> None:  # type: ignore[no-untyped-def]
    heartbeat("gone", host=workers.this_host(), pid=dead_pid(), seconds_ago=1)  # process gone
    heartbeat("silent", host="elsewhere", pid=1, seconds_ago=60)  # no heartbeat for two leases
    jobs = [running_job("gone"), running_job("silent"), running_job("never-beat")]
    assert workers.reap() == {"requeued": 3, "failed": 0}
    for job in jobs:
        job.refresh_from_db()
        assert (job.status, job.started_at) == ("READY", None)
    assert not WorkerHeartbeat.objects.filter(worker_id="gone").exists()


@pytest.mark.django_db
def test_after_the_last_attempt_the_job_fails_saying_why(lease) -> None:  # type: ignore[no-untyped-def]
    job = running_job("never-beat", attempts=3)
    assert workers.reap() == {"requeued": 0, "failed": 1}
    job.refresh_from_db()
    assert job.status == "FAILED"
    assert job.exception_class_path == "sumai.core.workers.WorkerLost"
    assert "stopped during attempt 3 of 3" in job.traceback
    assert job.task_result.errors[0].exception_class is workers.WorkerLost


def import_task(job: ImportJob, worker_id: str, *, attempts: int = 1) -> DBTaskResult:
    result = registry_tasks.run_import.enqueue(job.pk, "en")
    ids = [f"earlier-{i}" for i in range(attempts - 1)] + [worker_id]
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", worker_ids=ids, started_at=timezone.now() - timedelta(hours=1)
    )
    return DBTaskResult.objects.get(pk=result.id)


def units_of(world) -> int:  # type: ignore[no-untyped-def]
    return Unit.objects.filter(building__operator=world.orgs["operator"]).count()


@pytest.mark.django_db
def test_an_import_killed_before_it_committed_is_imported_once_by_the_retry(
    registry_world,  # noqa: F811
    lease,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    job = queued_job(registry_world)
    real_finish = registry_tasks._finish

    def killed(*args: Any, **kwargs: Any) -> None:  # the worker dies once the rows are written
        raise KeyboardInterrupt

    monkeypatch.setattr(registry_tasks, "_finish", killed)
    with pytest.raises(KeyboardInterrupt):
        registry_tasks.run_import.call(job.pk, "en")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING
    assert units_of(registry_world) == 0  # all or nothing: the rows went with the transaction

    monkeypatch.setattr(registry_tasks, "_finish", real_finish)
    import_task(job, "never-beat")
    assert workers.reap() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED  # the retry may claim it
    assert registry_tasks.run_import.call(job.pk, "en") == ImportJob.Status.SUCCEEDED
    assert units_of(registry_world) == 4  # what one run imports
    assert registry_tasks.run_import.call(job.pk, "en") == ImportJob.Status.SUCCEEDED  # delivered again
    assert units_of(registry_world) == 4


@pytest.mark.django_db
def test_an_import_given_up_says_so_on_its_page(registry_world, lease, client) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    job = queued_job(registry_world)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    import_task(job, "never-beat", attempts=3)
    assert workers.reap() == {"requeued": 0, "failed": 1}
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.finished_at is not None
    assert "background worker running it stopped" in job.errors[0]["message"]
    client.force_login(registry_world.user("operator"))
    page = client.get(reverse("registry:import_job", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "background worker running it stopped" in page.content.decode()


@pytest.mark.django_db
def test_a_failing_handler_does_not_stop_the_reaper(lease, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args: Any, gave_up: bool, **kwargs: Any) -> None:
        raise ValueError("a bug in an app's handler")

    monkeypatch.setitem(workers._handlers, tasks.hold.module_path, [broken])
    result = tasks.hold.enqueue("unused", "unused")
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", worker_ids=["never-beat"], started_at=timezone.now() - timedelta(hours=1)
    )
    other = running_job("never-beat")
    assert workers.reap() == {"requeued": 1, "failed": 0}
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"  # its change was rolled back
    other.refresh_from_db()
    assert other.status == "READY"
