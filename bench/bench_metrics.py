"""What the Prometheus instrumentation costs a request (docs/deployment.md, "Metrics").

Runs the same requests through Django's test client in one process, alternately with the settings as they
are (metrics off) and with django-prometheus's middleware and the database statement wrapper on, in
multiprocess mode (files in a temporary directory, as under gunicorn), and prints the median time per
request of each. Needs a migrated database (the default development one: ``make demo`` or
``sumai migrate``)::

    .venv/bin/python bench/bench_metrics.py            # ROUNDS=7 REQUESTS=300
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="sumai-bench-metrics-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumai.config.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "ERROR")
os.environ.setdefault("API_ANON_RATE", "1000000/minute")
os.environ.setdefault("API_USER_RATE", "1000000/minute")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 60)
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from sumai.core import metrics  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "7"))
REQUESTS = int(os.environ.get("REQUESTS", "300"))
PATHS = ["/healthz", "/about/", "/api/v1/units/?prefecture=13"]
ON = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    *settings.MIDDLEWARE,
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]


def run(client: Client) -> float:
    start = time.perf_counter()
    for i in range(REQUESTS):
        response = client.get(PATHS[i % len(PATHS)])
        assert response.status_code == 200, (response.status_code, PATHS[i % len(PATHS)])
    return (time.perf_counter() - start) / REQUESTS * 1000


def main() -> None:
    client = Client()
    run(client)  # warm up
    off: list[float] = []
    on: list[float] = []
    for _ in range(ROUNDS):
        off.append(run(client))
        with override_settings(MIDDLEWARE=ON):
            connection.ensure_connection()
            metrics.instrument_connection(None, connection)
            on.append(run(Client()))
            connection.execute_wrappers[:] = [
                w for w in connection.execute_wrappers if not isinstance(w, metrics._QueryMetrics)
            ]
    a, b = statistics.median(off), statistics.median(on)
    print(f"{REQUESTS} requests x {ROUNDS} rounds ({', '.join(PATHS)}), median ms per request")
    print(f"metrics off: {a:.3f} ms   on (multiprocess files): {b:.3f} ms   difference: {b - a:+.3f} ms")


if __name__ == "__main__":
    main()
