"""``sumai db_worker``: django-tasks' database worker, made to survive a locked SQLite database.

The library retries when claiming a task finds the database locked, but opening the exclusive transaction,
or marking a task finished, while another process holds the write lock raised "database is locked" out of
the loop and the worker exited (issue #13: an import or a vacancy push holding the lock stopped background
work until someone restarted it). Here the loop is restarted after a growing pause (0.1 s doubling to 5 s,
logged as a warning), and any other database error still stops the worker. This command replaces the
library's because ``sumai.core`` comes before ``django_tasks_db`` in ``INSTALLED_APPS``.

A worker also keeps a heartbeat and reaps the jobs of workers that died, so a job whose worker was killed
is run again, not lost (:mod:`sumai.core.workers`; docs/workers.md). Several workers may run at once: the
library claims each job under a row lock (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an exclusive
transaction on SQLite), so no job is taken twice.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db.utils import OperationalError
from django_tasks_db.management.commands import db_worker as library
from django_tasks_db.utils import is_locked_database_exception

from sumai.core.workers import Heartbeat

logger = logging.getLogger("sumai.worker")

FIRST_PAUSE = 0.1
LONGEST_PAUSE = 5.0


class ResilientWorker(library.Worker):
    def run(self) -> None:
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        try:
            self.run_loop()
        finally:
            heartbeat.stop()

    def run_loop(self) -> None:
        """The library's loop, restarted after a pause when the database is locked."""
        pause = FIRST_PAUSE
        while True:
            try:
                super().run()
                return
            except OperationalError as exc:
                if not is_locked_database_exception(exc):
                    raise
                if not self.running:
                    return
                logger.warning("database is locked; the worker retries in %.1f s", pause)
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)


class Command(library.Command):
    help = library.Command.help

    def handle(self, *args: Any, **options: Any) -> None:
        original = library.Worker
        library.Worker = ResilientWorker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            library.Worker = original  # type: ignore[misc]
