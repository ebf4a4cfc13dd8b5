"""The local Redis the shared-cache tests use (127.0.0.1:6379, a database of their own): skipped with the
reason outside CI when it does not answer; in CI (``CI=true``) a failure that names the command to fix it."""

from __future__ import annotations

import os
from typing import Any

import pytest

HOST, PORT = "127.0.0.1", 6379


def redis_or_skip(db: int) -> Any:
    """A client of Redis database ``db`` on 127.0.0.1:6379 that has answered a PING."""
    import redis

    client = redis.Redis(host=HOST, port=PORT, db=db, socket_connect_timeout=0.5, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        message = (
            f"Redis does not answer on {HOST}:{PORT} ({error}); start it with "
            "`redis-server --daemonize yes` (Debian: apt-get install redis-server), as .ci/run does"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return client


def url(db: int, port: int = PORT) -> str:
    return f"redis://{HOST}:{port}/{db}"


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])
