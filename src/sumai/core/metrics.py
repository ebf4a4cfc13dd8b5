"""Prometheus metrics (docs/deployment.md, "Metrics"; docs/decisions/0014-scaled-shape.md).

What is measured:

- requests by view and method, their latency and status: django-prometheus's middleware, put first and
  last in ``MIDDLEWARE`` when metrics are on (``SUMAI_METRICS_TOKEN`` or ``SUMAI_METRICS_NETWORKS`` set);
- database statements, their latency and errors, and new connections, under django-prometheus's own names
  (``django_db_execute_total``, ``django_db_query_duration_seconds``…), recorded by an
  ``execute_wrapper`` that every connection gets when it opens (:func:`instrument_connection`): it composes
  with whatever ``ENGINE`` and database aliases the settings name, where django-prometheus's database
  backends would replace them;
- the public search results cache: :data:`search_cache` hits and misses (``sumai_search_cache_total``);
- vacancy confirmations (:data:`vacancy_confirmations`, units confirmed, by how);
- background jobs (:class:`JobsCollector`): waiting, running, failed, and the age of the oldest waiting job,
  read from the tasks table at scrape time — waiting through the library's partial index on ready jobs,
  and all of it kept ``SUMAI_METRICS_CACHE_SECONDS`` (30) in the default cache, so that a scrape every
  15 s by two Prometheus servers costs the database one small query every 30 s, whatever the number of
  application servers.

Gunicorn runs several processes: with ``PROMETHEUS_MULTIPROC_DIR`` set (before the process starts) every
process writes its counters to files there and ``/metrics`` adds them up (prometheus-client's multiprocess
mode); the gunicorn configuration ``sumai.config.gunicorn`` empties the directory at start and marks dead
workers.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import prometheus_client
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest
from prometheus_client import CollectorRegistry, Counter, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from sumai.core.clientip import client_ip

logger = logging.getLogger(__name__)

search_cache = Counter(
    "sumai_search_cache",
    "Public search results looked up in the cache, by kind (page, api) and result (hit, miss).",
    ["kind", "result"],
)
vacancy_confirmations = Counter(
    "sumai_vacancy_confirmations",
    "Units whose vacancy was confirmed or set, by how (desk, dashboard, signed_link, placement, inquiry).",
    ["via"],
)

_JOBS_CACHE_KEY = "sumai:metrics:jobs"


def count_vacancy_confirmations(via: str, units: int) -> None:
    """Count ``units`` confirmed ``via`` once the transaction commits (a rolled-back one counts nothing)."""
    if units > 0:
        transaction.on_commit(lambda: vacancy_confirmations.labels(via).inc(units))


# ----------------------------------------------------------------------------------------------- settings
def token() -> str:
    return str(getattr(settings, "SUMAI_METRICS_TOKEN", "") or "")


def networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n, strict=False) for n in getattr(settings, "SUMAI_METRICS_NETWORKS", [])]


def enabled() -> bool:
    """Metrics are served only when a token or networks are configured (else ``/metrics`` is a 404)."""
    return bool(token() or networks())


def allowed(request: HttpRequest) -> bool:
    """The request may read ``/metrics``: it carries the bearer token (when one is set) and comes from one
    of the networks (when some are set). Neither set: nobody."""
    if not enabled():
        return False
    expected = token()
    if expected:
        header = str(request.META.get("HTTP_AUTHORIZATION") or "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
            return False
    allowed_networks = networks()
    if allowed_networks:
        # both the peer (a scraper connects directly) and the client behind any trusted proxy: a request
        # relayed by a load balancer inside the network, or one that writes its own X-Forwarded-For, fails
        for candidate in {str(request.META.get("REMOTE_ADDR") or ""), client_ip(request)}:
            try:
                address = ipaddress.ip_address(candidate)
            except ValueError:
                return False
            if not any(address in network for network in allowed_networks):
                return False
    return True


# --------------------------------------------------------------------------------------------- database
def _db_metrics() -> Any:
    from django_prometheus.db import metrics as db_metrics

    return db_metrics


class _QueryMetrics:
    """An ``execute_wrapper`` counting and timing every statement of one connection."""

    def __init__(self, alias: str, vendor: str) -> None:
        m = _db_metrics()
        self.execute = m.execute_total.labels(alias, vendor)
        self.execute_many = m.execute_many_total.labels(alias, vendor)
        self.duration = m.query_duration_seconds.labels(alias, vendor)
        self.errors = m.errors_total
        self.labels = (alias, vendor)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if many:
            count = len(params) if hasattr(params, "__len__") else 1
            self.execute.inc(count)
            self.execute_many.inc(count)
        else:
            self.execute.inc()
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        except Exception as exc:
            self.errors.labels(*self.labels, type(exc).__name__).inc()
            raise
        finally:
            self.duration.observe(time.perf_counter() - start)


def instrument_connection(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: count the connection and wrap its statements (once per wrapper)."""
    _db_metrics().connections_total.labels(connection.alias, connection.vendor).inc()
    if not any(isinstance(w, _QueryMetrics) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_QueryMetrics(connection.alias, connection.vendor))


# ------------------------------------------------------------------------------------------------ jobs
def _job_counts() -> dict[str, float]:
    from django.db.models import Count, Min
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    waiting = DBTaskResult.objects.using(DEFAULT_DB_ALIAS).filter(
        status=TaskResultStatus.READY, run_after__lte=now
    )
    head = waiting.aggregate(n=Count("id"), oldest=Min("enqueued_at"))
    others = {
        row["status"]: row["n"]
        for row in DBTaskResult.objects.using(DEFAULT_DB_ALIAS)
        .filter(status__in=[TaskResultStatus.RUNNING, TaskResultStatus.FAILED])
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    }
    oldest = head["oldest"]
    return {
        "waiting": float(head["n"]),
        "running": float(others.get(TaskResultStatus.RUNNING, 0)),
        "failed": float(others.get(TaskResultStatus.FAILED, 0)),
        "oldest_waiting_seconds": max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
    }


def job_counts() -> dict[str, float]:
    """:func:`_job_counts`, kept ``SUMAI_METRICS_CACHE_SECONDS`` in the default cache (shared by every
    process when the cache is Redis)."""
    seconds = int(getattr(settings, "SUMAI_METRICS_CACHE_SECONDS", 30))
    try:
        cached = cache.get(_JOBS_CACHE_KEY)
    except Exception:  # noqa: BLE001 - the cache down: count now
        cached = None
    if isinstance(cached, dict):
        return cached
    counts = _job_counts()
    with contextlib.suppress(Exception):  # the cache down: nothing to keep
        cache.set(_JOBS_CACHE_KEY, counts, seconds)
    return counts


class JobsCollector(Collector):
    """Background jobs in the tasks table, at scrape time (cached)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            counts = job_counts()
        except Exception as exc:  # noqa: BLE001 - a scrape never fails for want of the database
            logger.warning("metrics: the jobs could not be counted: %s: %s", type(exc).__name__, exc)
            return
        jobs = GaugeMetricFamily(
            "sumai_jobs", "Background jobs by state (waiting, running, failed).", labels=["state"]
        )
        for state in ("waiting", "running", "failed"):
            jobs.add_metric([state], counts[state])
        yield jobs
        yield GaugeMetricFamily(
            "sumai_jobs_oldest_waiting_seconds",
            "Age of the oldest job that could run now and has not started (0 when none waits).",
            value=counts["oldest_waiting_seconds"],
        )


# --------------------------------------------------------------------------------------------- exposition
def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def registries() -> Iterable[CollectorRegistry]:
    """The process's own metrics (or, in multiprocess mode, every process's added up), then Sumai's."""
    path = multiprocess_dir()
    if path:
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes, path=path)  # type: ignore[no-untyped-call]
        yield processes
    else:
        yield prometheus_client.REGISTRY
    sumai = CollectorRegistry()
    sumai.register(JobsCollector())
    yield sumai


def exposition() -> bytes:
    return b"".join(prometheus_client.generate_latest(registry) for registry in registries())


CONTENT_TYPE = prometheus_client.CONTENT_TYPE_LATEST
