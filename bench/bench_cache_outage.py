"""What a cache call costs when Redis is up, refused and hung (docs/cache.md, issue #18).

    python bench/bench_cache_outage.py            # Redis at 127.0.0.1:6379, database 3, prefix "bench-outage"

For each situation: the first ``get`` of a missing key (connect, or the failure that opens the circuit
breaker), then the mean of the next 1,000 (served by Redis, or answered by the open breaker without a call).
"Refused": a port nothing listens on. "Hung": a socket that accepts connections and never answers (the read
timeout, 0.5 s by default). Prints a markdown table.
"""

from __future__ import annotations

import logging
import socket
import time

import django
from django.conf import settings

CALLS = 1000


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(100)
    backend = "sumai.core.cache_backends.ResilientRedisCache"
    settings.configure(
        CACHES={
            "up": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:6379/3", "KEY_PREFIX": "bench-outage"},
            "refused": {"BACKEND": backend, "LOCATION": f"redis://127.0.0.1:{_closed_port()}/3"},
            "hung": {"BACKEND": backend, "LOCATION": f"redis://127.0.0.1:{hung.getsockname()[1]}/3"},
        }
    )
    django.setup()
    logging.disable(logging.WARNING)
    from django.core.cache import caches

    print("| situation | first call | following calls (mean of 1,000) |")
    print("|---|---|---|")
    for name in ("up", "refused", "hung"):
        cache = caches[name]
        start = time.perf_counter()
        cache.get("missing")
        first = time.perf_counter() - start
        start = time.perf_counter()
        for _ in range(CALLS):
            cache.get("missing")
        each = (time.perf_counter() - start) / CALLS
        print(f"| {name} | {first * 1000:.1f} ms | {each * 1e6:.1f} µs |")
    hung.close()


if __name__ == "__main__":
    main()
