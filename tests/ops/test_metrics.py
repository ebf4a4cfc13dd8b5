"""/metrics: off unless configured, only for the token's bearer from the allowed networks, and what it
counts (sumai.core.metrics)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from prometheus_client import REGISTRY

from sumai.core import metrics

TOKEN = "t" * 40
BEFORE = "django_prometheus.middleware.PrometheusBeforeMiddleware"
AFTER = "django_prometheus.middleware.PrometheusAfterMiddleware"


def scrape(client, **extra):  # type: ignore[no-untyped-def]
    return client.get(reverse("web:metrics"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **extra)


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of ``name{labels}`` in an exposition (labels in any order), None when absent."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        head, _, value = line.rpartition(" ")
        found = dict(re.findall(r'(\w+)="([^"]*)"', head))
        if head.split("{")[0] == name and all(found.get(k) == v for k, v in labels.items()):
            return float(value)
    return None


@pytest.mark.django_db
@override_settings(SUMAI_METRICS_TOKEN="", SUMAI_METRICS_NETWORKS=[])
def test_off_when_not_configured_even_with_a_token(client):
    assert scrape(client).status_code == 404


@pytest.mark.django_db
@override_settings(SUMAI_METRICS_TOKEN=TOKEN)
@pytest.mark.parametrize(
    "header", [None, "Bearer wrong-token-wrong-token-wrong-token", f"Basic {TOKEN}", TOKEN]
)
def test_the_token_is_required(client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert client.get(reverse("web:metrics"), **extra).status_code == 404


@pytest.mark.django_db
@override_settings(SUMAI_METRICS_TOKEN=TOKEN)
def test_the_bearer_reads_the_metrics(client):
    response = scrape(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    text = response.content.decode()
    assert "# TYPE sumai_jobs gauge" in text
    assert "sumai_jobs_oldest_waiting_seconds" in text


@pytest.mark.django_db
@override_settings(SUMAI_METRICS_TOKEN="", SUMAI_METRICS_NETWORKS=["10.0.0.0/8"], SUMAI_TRUSTED_PROXIES=1)
def test_networks_alone_admit_by_client_address(client):
    url = reverse("web:metrics")
    assert client.get(url, REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get(url, REMOTE_ADDR="127.0.0.1").status_code == 404
    # behind the proxy: what a client writes to the left of the proxy's entry is not its address
    spoofed = client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5")
    assert spoofed.status_code == 404
    # relayed by a load balancer inside the network for an outside client
    relayed = client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert relayed.status_code == 404
    # straight to the server from outside, naming an inside address
    direct = client.get(url, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert direct.status_code == 404


@pytest.mark.django_db
@override_settings(SUMAI_METRICS_TOKEN=TOKEN, SUMAI_METRICS_NETWORKS=["192.0.2.0/24"])
def test_token_and_networks_both_required(client):
    assert scrape(client, REMOTE_ADDR="198.51.100.7").status_code == 404
    assert scrape(client, REMOTE_ADDR="192.0.2.7").status_code == 200


@pytest.mark.django_db
def test_requests_are_counted_by_view_when_the_middleware_is_on(client):
    rest = [m for m in django_settings.MIDDLEWARE if m not in (BEFORE, AFTER)]  # CI may have them on already
    with override_settings(SUMAI_METRICS_TOKEN=TOKEN, MIDDLEWARE=[BEFORE, *rest, AFTER]):
        before = (
            sample(
                scrape(client).content.decode(),
                "django_http_requests_total_by_view_transport_method_total",
                view="web:about",
                method="GET",
            )
            or 0.0
        )
        assert client.get(reverse("web:about")).status_code == 200
        text = scrape(client).content.decode()
    after = sample(
        text, "django_http_requests_total_by_view_transport_method_total", view="web:about", method="GET"
    )
    assert after == before + 1
    latency = sample(text, "django_http_requests_latency_seconds_by_view_method_count", view="web:about")
    assert latency is not None
    assert latency >= 1


def _jobs(**overrides):  # type: ignore[no-untyped-def]
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    fields = {
        "task_path": "sumai.registry.tasks.run_import",
        "args_kwargs": {"args": [], "kwargs": {}},
        "backend_name": "default",
        "queue_name": "default",
        "run_after": timezone.now() - timedelta(minutes=1),
        "status": TaskResultStatus.READY,
        "exception_class_path": "",
        "traceback": "",
    }
    fields.update(overrides)
    return DBTaskResult.objects.create(**fields)


@pytest.mark.django_db
@override_settings(SUMAI_METRICS_TOKEN=TOKEN)
def test_job_gauges_count_waiting_running_failed_and_the_oldest_wait(client):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    old = _jobs()
    DBTaskResult.objects.filter(pk=old.pk).update(enqueued_at=timezone.now() - timedelta(minutes=10))
    _jobs()
    _jobs(run_after=timezone.now() + timedelta(hours=1))  # a retry scheduled later: not waiting yet
    _jobs(status=TaskResultStatus.RUNNING)
    _jobs(status=TaskResultStatus.FAILED)
    _jobs(status=TaskResultStatus.SUCCESSFUL)
    text = scrape(client).content.decode()
    assert sample(text, "sumai_jobs", state="waiting") == 2
    assert sample(text, "sumai_jobs", state="running") == 1
    assert sample(text, "sumai_jobs", state="failed") == 1
    oldest = sample(text, "sumai_jobs_oldest_waiting_seconds")
    assert oldest is not None
    assert 590 <= oldest < 3600


@pytest.mark.django_db
@override_settings(SUMAI_METRICS_TOKEN=TOKEN)
def test_job_gauges_are_counted_once_per_period_not_per_scrape(client, django_assert_num_queries):
    scrape(client)  # counts and keeps the counts
    _jobs()
    with django_assert_num_queries(0):
        text = scrape(client).content.decode()
    assert sample(text, "sumai_jobs", state="waiting") == 0


@pytest.fixture
def instrumented() -> Iterator[None]:
    metrics.instrument_connection(None, connection)
    yield
    connection.execute_wrappers[:] = [
        w for w in connection.execute_wrappers if not isinstance(w, metrics._QueryMetrics)
    ]


@pytest.mark.django_db
def test_database_statements_are_counted_and_timed(instrumented):
    labels = {"alias": "default", "vendor": connection.vendor}
    executed = REGISTRY.get_sample_value("django_db_execute_total", labels) or 0.0
    timed = REGISTRY.get_sample_value("django_db_query_duration_seconds_count", labels) or 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert REGISTRY.get_sample_value("django_db_execute_total", labels) == executed + 1
    assert REGISTRY.get_sample_value("django_db_query_duration_seconds_count", labels) == timed + 1


@pytest.mark.django_db
def test_a_connection_is_wrapped_once(instrumented):
    metrics.instrument_connection(None, connection)
    assert sum(isinstance(w, metrics._QueryMetrics) for w in connection.execute_wrappers) == 1


@pytest.mark.django_db
def test_search_results_cache_hits_and_misses_are_counted():
    from sumai.search.cache import cached

    def count(result: str) -> float:
        return (
            REGISTRY.get_sample_value("sumai_search_cache_total", {"kind": "page", "result": result}) or 0.0
        )

    misses, hits = count("miss"), count("hit")
    assert cached("page", "/search/?q=metrics", lambda: "results") == "results"
    assert cached("page", "/search/?q=metrics", lambda: "results") == "results"
    assert (count("miss"), count("hit")) == (misses + 1, hits + 1)


@pytest.mark.django_db
def test_vacancy_confirmations_are_counted_when_they_commit(django_capture_on_commit_callbacks):
    def count() -> float:
        return REGISTRY.get_sample_value("sumai_vacancy_confirmations_total", {"via": "desk"}) or 0.0

    start = count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        metrics.count_vacancy_confirmations("desk", 3)
    assert count() == start  # not before the commit
    for callback in callbacks:
        callback()
    assert count() == start + 3


CHILD = """
import django
from django.test import Client
django.setup()
client = Client()
for _ in range(3):
    assert client.get("/healthz").status_code == 200
"""


@pytest.mark.django_db
@override_settings(SUMAI_METRICS_TOKEN=TOKEN)
def test_several_processes_are_added_up(client, tmp_path: Path, monkeypatch):
    """Gunicorn's workers each count their own requests; /metrics, in any of them, shows the sum."""
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "sumai.config.settings",
        "SUMAI_METRICS_TOKEN": TOKEN,
        "SUMAI_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'unused.sqlite3'}",
    }
    for _ in range(2):
        subprocess.run([sys.executable, "-c", CHILD], env=env, check=True, timeout=120)
    assert len(list(tmp_path.glob("counter_*.db"))) == 2  # one file per process
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    text = scrape(client).content.decode()
    total = sample(
        text, "django_http_requests_total_by_view_transport_method_total", view="web:healthz", method="GET"
    )
    assert total == 6
    assert sample(text, "sumai_jobs", state="waiting") == 0


def test_gunicorn_empties_the_directory_at_start_and_marks_dead_workers(tmp_path: Path, monkeypatch):
    from sumai.config import gunicorn

    stale = tmp_path / "counter_123.db"
    stale.write_bytes(b"")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    gunicorn.on_starting(server=None)
    assert not stale.exists()
    live = tmp_path / "gauge_livesum_456.db"
    live.write_bytes(b"")
    gunicorn.child_exit(server=None, worker=type("Worker", (), {"pid": 456})())
    assert not live.exists()
