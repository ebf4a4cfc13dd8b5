"""Gunicorn's configuration: ``gunicorn -c python:sumai.config.gunicorn sumai.config.wsgi``.

Every value can be changed from the environment (docs/deployment.md): ``GUNICORN_BIND`` (default
``127.0.0.1:8000``; ``unix:/run/sumai/web.sock`` for a socket), ``GUNICORN_WORKERS`` (default 2 × cores + 1,
at most 9), ``GUNICORN_THREADS`` (1), ``GUNICORN_TIMEOUT`` (30 s, above the public reads' limit),
``GUNICORN_MAX_REQUESTS`` (2000, with 10 % jitter: a slow leak cannot grow for ever). ``GUNICORN_CMD_ARGS``
still overrides anything here.

Prometheus multiprocess mode (sumai.core.metrics): when ``PROMETHEUS_MULTIPROC_DIR`` is set, the directory
is created and emptied when the server starts (counters restart with the server, as Prometheus expects)
and a worker that exits is marked dead so that its live gauges stop counting.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 9))
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# the request line and headers: nginx refuses bigger ones first (deploy/nginx/sumai.conf)
limit_request_line = 8190
# X-Forwarded-For and X-Forwarded-Proto are read by Django (SUMAI_TRUSTED_PROXIES), not by gunicorn
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None
proc_name = "sumai-web"


def on_starting(server: Any) -> None:
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not path:
        return
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
