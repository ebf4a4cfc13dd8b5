"""Two real server processes (gunicorn) share one database and one Redis (docs/cache.md, issue #18):

(a) the API's anonymous throttle counts the requests of both: 3 to A and 3 to B, the 6th is 429;
(b) the search results cache is shared: an API answer and a results fragment cached by A are what B serves
    (the test marks the cached values in Redis, and B's answers carry the marks);
(c) Redis stops mid-run: the search page and the API still answer 200 on both; when Redis is back the cache
    fills again.

The Redis is a ``redis-server`` of the test's own on a free port (so that (c) can stop it without touching
the machine's Redis on 6379). Without ``redis-server`` the test skips with the reason, or fails in CI.
The database is the test database: on PostgreSQL the servers connect to it; on SQLite (in memory) it is
copied into a file in a temporary directory (``VACUUM INTO``) for them.
"""

from __future__ import annotations

import dataclasses
import http.client
import json
import os
import pickle  # nosec B403 - values of the test's own Redis, written by the servers it started
import secrets
import shutil
import subprocess  # nosec B404
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from tests.scale.redisup import closed_port
from tests.search.conftest import operator, stock  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)

HOST = "sumai.test"  # one Host header for both: behind a proxy both processes see the same one
REDIS_DB = 1
PREFIX = "scale"
BIN = Path(sys.executable).parent


def _redis_server_binary() -> str:
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if found is None:
        message = (
            "redis-server is not installed: apt-get install redis-server (.ci/run installs it through "
            "scripts/system-packages --ci)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


class RedisServer:
    """A ``redis-server`` of this test's own: no persistence, on ``port``; stop() and start() again."""

    def __init__(self, binary: str, port: int, directory: Path) -> None:
        self.binary, self.port, self.directory = binary, port, directory
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(  # nosec B603
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = self.client()
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def client(self) -> Any:
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, db=REDIS_DB, socket_timeout=2)


class Server:
    """One gunicorn process of Sumai on ``port``."""

    def __init__(self, name: str, port: int, env: dict[str, str], log: Path) -> None:
        self.name, self.port, self.log = name, port, log
        with log.open("wb") as out:
            self.process = subprocess.Popen(  # nosec B603
                [
                    str(BIN / "gunicorn"),
                    "sumai.config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--threads",
                    "2",
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "1",
                ],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def get(self, path: str, *, accept: str = "text/html") -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers={"Host": HOST, "Accept": accept})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.get("/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(
            f"server {self.name} did not start:\n{self.log.read_text(errors='replace')[-3000:]}"
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _database_url(tmp_path: Path) -> str:
    """The test database, as the servers reach it."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"
    assert connection.vendor == "sqlite", connection.vendor
    target = tmp_path / "shared.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(target)])
    return f"sqlite:///{target}"


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(_redis_server_binary(), closed_port(), tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def servers(stock, redis_server: RedisServer, tmp_path: Path) -> Iterator[tuple[Server, Server]]:  # noqa: F811
    database_url = _database_url(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_", "COV_", "SUMAI_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "sumai.config.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "SUMAI_VAR_DIR": str(tmp_path / "var"),
            "REDIS_URL": f"redis://127.0.0.1:{redis_server.port}/{REDIS_DB}",
            "CACHE_KEY_PREFIX": PREFIX,
            "REDIS_RETRY_SECONDS": "1",
            "API_ANON_RATE": "5/minute",
            "SUMAI_SEARCH_RATE": "off",
            "LOG_FORMAT": "text",
        }
    )
    pair = tuple(Server(name, closed_port(), env, tmp_path / f"{name}.log") for name in ("A", "B"))
    deadline = time.monotonic() + 120  # two Django processes starting on a busy 2-core machine
    try:
        for server in pair:
            server.wait_ready(deadline)
        redis_server.client().flushdb()  # the start pages' rate-limit counters and the like
        yield pair  # type: ignore[misc]
    finally:
        for server in pair:
            server.stop()


def _search_keys(redis_server: RedisServer) -> list[bytes]:
    return sorted(redis_server.client().scan_iter(match=f"{PREFIX}:*:search:*"))


def _only_new_key(redis_server: RedisServer, before: list[bytes]) -> bytes:
    new = sorted(set(_search_keys(redis_server)) - set(before))
    assert len(new) == 1, new
    return new[0]


def _mark(redis_server: RedisServer, key: bytes, change: Any) -> None:
    """Replace the cached value under ``key`` by ``change(value)`` (Django's Redis serializer: pickle)."""
    client = redis_server.client()
    value = pickle.loads(client.get(key))  # noqa: S301 # nosec B301 - written by our own servers
    client.set(key, pickle.dumps(change(value), pickle.HIGHEST_PROTOCOL), keepttl=True)


def test_two_processes_share_the_throttle_and_the_results_cache_and_outlive_redis(servers, redis_server):
    a, b = servers
    api = reverse("api:unit-list") + "?prefecture=13"
    page = reverse("search:search") + "?prefecture=13"

    # (a) the anonymous API throttle (5/minute) counts the requests of both processes
    statuses = [
        server.get(f"{api}&n={i}", accept="application/json")[0]
        for i, server in enumerate([a, a, a, b, b, b])
    ]
    assert statuses == [200, 200, 200, 200, 200, 429], statuses
    redis_server.client().flushdb()  # a fresh throttle for the rest

    # (b) the results cache is shared: what A cached, B serves
    before = _search_keys(redis_server)
    status, body = a.get(api, accept="application/json")
    assert status == 200
    assert json.loads(body)["count"] > 0  # the stock is there: the servers read the test's database
    key = _only_new_key(redis_server, before)
    _mark(redis_server, key, lambda data: {**data, "cached_by": "A"})
    status, body = b.get(api, accept="application/json")
    assert status == 200
    assert json.loads(body).get("cached_by") == "A"  # B answered from the value A put in the cache

    before = _search_keys(redis_server)
    assert a.get(page)[0] == 200
    key = _only_new_key(redis_server, before)
    _mark(redis_server, key, lambda results: dataclasses.replace(results, html='<p id="cached-by-a">A</p>'))
    status, body = b.get(page)
    assert status == 200
    assert b'id="cached-by-a"' in body
    assert _search_keys(redis_server) == sorted({*before, key})  # B added no key of its own

    # (c) Redis stops mid-run: pages and the API answer from the database
    redis_server.stop()
    for server in (a, b):
        for _ in range(3):  # the first call meets the broken connection, the next ones the open breaker
            assert server.get(page + "&rooms=1")[0] == 200
            assert server.get(api + "&rooms=1", accept="application/json")[0] == 200
        assert server.get(page)[0] == 200  # the page cached before the outage: recomputed, not a 500
    # back again: after REDIS_RETRY_SECONDS the processes use it once more
    redis_server.start()
    time.sleep(1.2)
    assert a.get(api + "&rooms=2", accept="application/json")[0] == 200
    assert len(_search_keys(redis_server)) == 1
