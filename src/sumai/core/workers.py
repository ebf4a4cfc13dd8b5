"""Workers that die do not lose their jobs: heartbeats, and the reaper that puts a dead worker's job back.

django-tasks-db claims a job by locking its row (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an
exclusive transaction on SQLite) and marking it RUNNING with the worker's id appended to ``worker_ids``. A
worker killed while it runs the job leaves it RUNNING for ever. Here:

* every ``sumai db_worker`` keeps a :class:`~sumai.core.models.WorkerHeartbeat` row (host, pid, last seen)
  fresh from a thread, every ``WORKERS["HEARTBEAT_SECONDS"]``, and deletes it when it stops cleanly;
* :func:`reap` (run by each worker when it starts and then every ``LEASE_SECONDS / 2``) finds RUNNING jobs
  whose worker is dead — on the same host: its process is gone; from another host: no heartbeat for
  ``LEASE_SECONDS`` (or none at all and claimed longer ago than that) — and puts each back in the queue
  (READY), or, once it has been started ``MAX_ATTEMPTS`` times, marks it FAILED with
  :class:`WorkerLost` and a message that says so;
* apps register what their own records need when that happens with :func:`on_lost` (the CSV import puts
  its job back to "queued", or fails it with a message the import page shows).

The attempt count is the length of ``worker_ids`` (one entry per claim). Only jobs whose worker died are
retried; a task that raises is FAILED as before (the library's behaviour), so tasks need only be safe to run
again after a crash part-way, which a task in one transaction is.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections, router, transaction
from django.utils import timezone

from sumai.core.models import WorkerHeartbeat

logger = logging.getLogger("sumai.worker")

LostHandler = Callable[..., None]
_handlers: dict[str, list[LostHandler]] = {}


class WorkerLost(Exception):
    """The worker running a job stopped (killed, crashed, machine lost) and the job was not finished."""


def options() -> dict[str, float]:
    workers = getattr(settings, "WORKERS", {})
    return {
        "HEARTBEAT_SECONDS": float(workers.get("HEARTBEAT_SECONDS", 10)),
        "LEASE_SECONDS": float(workers.get("LEASE_SECONDS", 60)),
        "MAX_ATTEMPTS": int(workers.get("MAX_ATTEMPTS", 3)),
    }


def on_lost(task_path: str, handler: LostHandler) -> None:
    """Call ``handler(*args, gave_up=bool, **kwargs)`` (the job's own arguments) in the transaction that
    puts a job of ``task_path`` back in the queue (``gave_up=False``) or fails it (``gave_up=True``)."""
    _handlers.setdefault(task_path, []).append(handler)


def this_host() -> str:
    return socket.gethostname()[:255]


def beat(worker_id: str, *, started_at: datetime | None = None) -> None:
    """Record that ``worker_id`` (this process) is alive now."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": this_host(), "pid": os.getpid(), "seen_at": now},
        create_defaults={
            "host": this_host(),
            "pid": os.getpid(),
            "seen_at": now,
            "started_at": started_at or now,
        },
    )


def forget(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _dead(
    worker_id: str, started_at: datetime | None, beats: dict[str, WorkerHeartbeat], now: datetime
) -> bool:
    lease = timedelta(seconds=options()["LEASE_SECONDS"])
    beat_ = beats.get(worker_id)
    if beat_ is None:
        # No heartbeat: a worker without one (older code) or one that stopped and was forgotten.
        return started_at is None or started_at < now - lease
    if beat_.host == this_host():
        # Same machine: the process says it best (a long SQLite write may hold up the heartbeat).
        return not process_alive(beat_.pid)
    return beat_.seen_at < now - lease


def reap() -> dict[str, int]:
    """Put back (or fail) every RUNNING job whose worker is dead. Returns ``{"requeued": n, "failed": m}``.
    Safe to run from several workers at once: each job is changed under its row lock, only while still
    RUNNING for the same worker."""
    from django_tasks_db.models import DBTaskResult

    counts = {"requeued": 0, "failed": 0}
    now = timezone.now()
    # Read where the workers write (a read replica may lag behind).
    jobs_db, beats_db = router.db_for_write(DBTaskResult), router.db_for_write(WorkerHeartbeat)
    running = list(
        DBTaskResult.objects.using(jobs_db).running().values_list("id", "worker_ids", "started_at")
    )
    if not running:
        return counts
    beats = {b.worker_id: b for b in WorkerHeartbeat.objects.using(beats_db)}
    max_attempts = int(options()["MAX_ATTEMPTS"])
    for job_id, worker_ids, started_at in running:
        last = worker_ids[-1] if worker_ids else ""
        if not _dead(last, started_at, beats, now):
            continue
        try:
            _give_back(jobs_db, job_id, last, now, max_attempts, counts)
        except DatabaseError:
            raise
        except Exception:  # a handler's bug must not stop the reaping of the other jobs
            logger.exception("job %s: putting it back after its worker %s stopped failed", job_id, last)
    # Heartbeats of workers gone from this host, or silent for ten leases: drop them.
    silent = now - 10 * timedelta(seconds=options()["LEASE_SECONDS"])
    for worker_id, beat_ in beats.items():
        gone = beat_.host == this_host() and not process_alive(beat_.pid)
        if gone or beat_.seen_at < silent:
            WorkerHeartbeat.objects.using(beats_db).filter(pk=worker_id, seen_at=beat_.seen_at).delete()
    return counts


def _give_back(
    using: str, job_id: Any, last: str, now: datetime, max_attempts: int, counts: dict[str, int]
) -> None:
    """Put the job back in the queue, or fail it after the last attempt (under its row lock)."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic(using=using):
        job = DBTaskResult.objects.using(using).select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None or job.status != TaskResultStatus.RUNNING or (job.worker_ids or [""])[-1] != last:
            return
        attempts = len(job.worker_ids)
        gave_up = attempts >= max_attempts
        if gave_up:
            job.status = TaskResultStatus.FAILED
            job.finished_at = now
            job.return_value = None
            job.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
            job.traceback = (
                f"{WorkerLost.__qualname__}: the worker running this job ({last}) stopped during attempt "
                f"{attempts} of {max_attempts}; it is not tried again.\n"
            )
            job.save(
                update_fields=[
                    "status",
                    "finished_at",
                    "return_value",
                    "exception_class_path",
                    "traceback",
                ]
            )
        else:
            job.status = TaskResultStatus.READY
            job.started_at = None
            job.save(update_fields=["status", "started_at"])
        logger.warning(
            "job %s (%s): its worker %s stopped during attempt %d of %d; %s",
            job.pk,
            job.task_path,
            last,
            attempts,
            max_attempts,
            "given up" if gave_up else "back in the queue",
        )
        args = job.args_kwargs or {}
        for handler in _handlers.get(job.task_path, []):
            handler(*args.get("args", []), gave_up=gave_up, **args.get("kwargs", {}))
    counts["failed" if gave_up else "requeued"] += 1


class Heartbeat:
    """The heartbeat thread of one worker: beats, and reaps every half lease. Stopped with :meth:`stop`."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()
        self.thread = threading.Thread(
            target=self._loop, name=f"sumai-heartbeat-{worker_id[:8]}", daemon=True
        )

    def start(self) -> None:
        self.safely(lambda: beat(self.worker_id, started_at=self.started_at))
        self.safely(reap)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=5)
        self.safely(lambda: forget(self.worker_id))

    def safely(self, work: Callable[[], Any]) -> None:
        try:
            work()
        except DatabaseError as exc:  # locked SQLite, a lost connection: try again at the next beat
            logger.warning("worker %s: heartbeat or reaper failed (%s); trying again", self.worker_id, exc)
        except Exception:  # the heartbeat must go on whatever happens
            logger.exception("worker %s: heartbeat or reaper failed; trying again", self.worker_id)

    def _loop(self) -> None:
        opts = options()
        every = max(opts["HEARTBEAT_SECONDS"], 0.05)
        reap_every = max(opts["LEASE_SECONDS"] / 2, every)
        since_reap = 0.0
        try:
            while not self.stopping.wait(every):
                close_old_connections()
                self.safely(lambda: beat(self.worker_id, started_at=self.started_at))
                since_reap += every
                if since_reap >= reap_every:
                    since_reap = 0.0
                    self.safely(reap)
        finally:
            connections.close_all()
