"""Background work of the registry: CSV imports with progress (一括登録).

An upload becomes an :class:`~sumai.registry.models.ImportJob`; :func:`start_import` runs it in one of
three ways, chosen by settings:

* ``SUMAI["IMPORT_SYNC"]`` (tests): in the request itself, before the response.
* ``SUMAI["IMPORT_INLINE"]`` (default: on when ``DEBUG``): on a daemon thread of the web process, so
  ``runserver`` completes imports without a worker while the page polls the progress.
* otherwise (production): enqueued as the django-tasks task :data:`run_import` for ``sumai db_worker``.

Progress: :func:`~sumai.registry.imports.import_buildings` runs in one transaction, so a progress write
to the job row from inside it would stay invisible to other connections until the end. The progress
callback therefore writes to the cache (key :func:`progress_key`). The default cache (LocMemCache) is
per process: enough for the in-request and thread modes and for tests. With a separate worker process
the page only sees progress when ``CACHES["default"]`` is shared (Redis: ``REDIS_URL``, docs/cache.md);
without it the page shows the job as running until it ends, then the full result.
"""

from __future__ import annotations

import logging
import threading
from types import SimpleNamespace
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from sumai.accounts.models import Organisation, User
from sumai.core.access import access_for
from sumai.core.actor import Actor
from sumai.registry.imports import MAX_ERRORS, ImportResult, RowError, import_buildings
from sumai.registry.models import ImportJob

logger = logging.getLogger(__name__)

PROGRESS_TTL = 60 * 60
COUNT_CHUNK = 1 << 20


def progress_key(job_id: int) -> str:
    return f"sumai:import:{job_id}"


def rows_done(job: ImportJob) -> int:
    """Rows checked so far: the cache while the job runs, the row once it has ended."""
    if job.finished:
        return job.rows_done
    cached = cache.get(progress_key(job.pk))
    return max(job.rows_done, int(cached or 0))


def count_rows(fileobj: IO[bytes]) -> int:
    """An estimate of the data rows: line breaks minus the header (a quoted cell with a line break counts
    twice, hence "about"). Reads in chunks and seeks back to the start."""
    fileobj.seek(0)
    lines = 0
    last = b""
    while chunk := fileobj.read(COUNT_CHUNK):
        lines += chunk.count(b"\n")
        last = chunk
    if last and not last.endswith(b"\n"):
        lines += 1
    fileobj.seek(0)
    return max(lines - 1, 0)


def create_import_job(*, user: User, operator: Organisation, upload: Any) -> ImportJob:
    """Store the upload privately and create a queued job for it."""
    rows_total = count_rows(upload.file)
    name = (upload.name or "")[:200]
    job = ImportJob(operator=operator, created_by=user, original_name=name, rows_total=rows_total)
    job.file.save(name or "import.csv", upload, save=False)
    job.save()
    return job


def start_import(job: ImportJob) -> None:
    """Run ``job`` now (``IMPORT_SYNC``), on a thread (``IMPORT_INLINE``) or through the task queue."""
    options = settings.SUMAI
    language = translation.get_language() or settings.LANGUAGE_CODE
    if options.get("IMPORT_SYNC", False):
        run_import.call(job.pk, language)
    elif options.get("IMPORT_INLINE", settings.DEBUG):
        thread = threading.Thread(
            target=_run_in_thread, args=(job.pk, language), name=f"sumai-import-{job.pk}", daemon=True
        )
        transaction.on_commit(thread.start)
    else:
        transaction.on_commit(lambda: run_import.enqueue(job.pk, language))


def _run_in_thread(job_id: int, language: str) -> None:
    close_old_connections()
    try:
        run_import.call(job_id, language)
    except Exception:  # run_import records its own failures; this is a last resort for the log
        logger.exception("import job %s crashed", job_id)
    finally:
        connections.close_all()


def job_result(job: ImportJob) -> ImportResult:
    """The stored outcome of ``job`` in the shape the import page shows."""
    data = job.result or {}
    return ImportResult(
        encoding=job.encoding,
        rows=int(data.get("rows", job.rows_done)),
        buildings=int(data.get("buildings", 0)),
        units=int(data.get("units", 0)),
        vacancies=int(data.get("vacancies", 0)),
        errors=[_row_error(e) for e in job.errors or []],
        error_count=job.error_count,
        warnings=[_row_error(w) for w in data.get("warnings", [])],
        warning_count=int(data.get("warning_count", 0)),
        import_id=str(data.get("import_id", "")),
    )


def _row_error(item: dict[str, Any]) -> RowError:
    return RowError(int(item["row"]), str(item["column"]), str(item["message"]))


def _rows(items: list[RowError]) -> list[dict[str, Any]]:
    return [{"row": e.row, "column": e.column, "message": e.message} for e in items[:MAX_ERRORS]]


def _finish(job: ImportJob, status: str, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.status = status
    job.finished_at = timezone.now()
    job.save()
    cache.delete(progress_key(job.pk))


@task()
def run_import(job_id: int, language: str = "") -> str:
    """Run the import of job ``job_id`` (queued → running → succeeded/failed). Returns the status."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    job = ImportJob.objects.select_related("operator", "created_by").get(pk=job_id)
    if not claimed:  # already run (a task delivered twice): leave it alone
        return job.status
    key = progress_key(job_id)
    cache.set(key, 0, PROGRESS_TTL)

    def progress(n: int) -> None:
        cache.set(key, n, PROGRESS_TTL)

    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            if job.created_by is None:
                raise PermissionDenied
            actor = Actor(job.created_by, access_for(SimpleNamespace(user=job.created_by)))
            # The import and the job's outcome commit together: a worker killed part-way leaves nothing
            # imported and the job running, and the retry (sumai.core.workers) imports it once.
            with transaction.atomic(), job.file.open("rb") as fileobj:
                result = import_buildings(
                    actor=actor,
                    operator=job.operator,
                    fileobj=fileobj,
                    filename=job.original_name,
                    progress=progress,
                    max_errors=MAX_ERRORS,
                )
                _finish_with(job, result)
        except PermissionDenied:
            _finish(
                job,
                ImportJob.Status.FAILED,
                errors=[{"row": 0, "column": "", "message": _("You may not act for this landlord.")}],
                error_count=1,
            )
            return job.status
        except Exception:
            logger.exception("import job %s failed unexpectedly", job_id)
            message = _("The import stopped because of an unexpected error. Nothing was imported; try again.")
            _finish(
                job,
                ImportJob.Status.FAILED,
                errors=[{"row": 0, "column": "", "message": message}],
                error_count=1,
            )
            return job.status
    return job.status


def _finish_with(job: ImportJob, result: ImportResult) -> None:
    _finish(
        job,
        ImportJob.Status.SUCCEEDED if result.ok else ImportJob.Status.FAILED,
        encoding=result.encoding,
        rows_done=result.rows,
        rows_total=result.rows if result.ok else job.rows_total,
        result={
            "rows": result.rows,
            "buildings": result.buildings,
            "units": result.units,
            "vacancies": result.vacancies,
            "warnings": _rows(result.warnings),
            "warning_count": result.warning_count,
            "import_id": result.import_id,
        },
        errors=_rows(result.errors),
        error_count=result.error_count,
    )


def import_worker_lost(job_id: int, language: str = "", *, gave_up: bool) -> None:
    """The worker running ``job_id`` died (sumai.core.workers): nothing of the import was committed. The
    job goes back to "queued" for the retry, or, after the last attempt, fails saying why."""
    if not gave_up:
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
            status=ImportJob.Status.QUEUED
        )
        return
    job = (
        ImportJob.objects.filter(pk=job_id)
        .exclude(status__in=[ImportJob.Status.SUCCEEDED, ImportJob.Status.FAILED])
        .first()
    )
    if job is None:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        message = _(
            "The import stopped because the background worker running it stopped, more than once. "
            "Nothing was imported; try again, or ask the site's operators to check the workers."
        )
    _finish(
        job, ImportJob.Status.FAILED, errors=[{"row": 0, "column": "", "message": message}], error_count=1
    )
