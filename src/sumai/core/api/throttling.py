"""The API's throttles (``REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]``): DRF's anonymous and per-user rates,
counted atomically.

DRF's ``SimpleRateThrottle`` reads the client's list of request times from the cache, appends to it and
writes it back: two requests at once both read the same list and both pass, so N concurrent requests at the
limit all went through (and one process's write could erase another's). Here each request is one atomic
increment of a counter in the cache (``cache.add`` creates it at 0, ``cache.incr`` counts) — atomic on
every cache the project runs: locmem (a lock), Redis (``INCRBY``; the project's backend,
sumai.core.cache_backends.ResilientRedisCache, does exists-and-increment in one script) and Django's own
Redis backend. A request over the limit takes its
hit back (``cache.decr``), so that, as with DRF, refused requests do not lengthen the wait.

The count is a sliding window estimated from two fixed windows (the current one and the one before, weighted
by how much of it still lies within the last ``duration`` seconds): no burst of twice the rate across a
window's edge, and no list of times to store. While Redis is away the counters restart at one (the backend's
``incr`` answers as if the key had been 0): the API's limits fail open, as the pages' own (sumai.core.guards).
"""

from __future__ import annotations

import math
from typing import Any

from rest_framework import throttling
from rest_framework.request import Request


class AtomicRateThrottle(throttling.SimpleRateThrottle):
    """``SimpleRateThrottle`` with an atomic counter instead of a read-modify-write list of times."""

    num_requests: int  # set by SimpleRateThrottle from the rate
    duration: int

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window, offset = divmod(self.now, self.duration)
        self.elapsed = offset
        current_key = f"{self.key}:{int(window)}"
        self.previous = int(self.cache.get(f"{self.key}:{int(window) - 1}", 0) or 0)
        self.current = self._hit(current_key)
        if self._estimate(self.current) > self.num_requests:
            self._take_back(current_key)
            return self.throttle_failure()
        return True

    def _estimate(self, current: int) -> float:
        """The requests within the last ``duration`` seconds: this window's, and the share of the previous
        window's that still lies within them (requests taken as evenly spread over it)."""
        return float(current + self.previous * (self.duration - self.elapsed) / self.duration)

    def _hit(self, key: str) -> int:
        """Count one request in ``key``'s window, atomically; the new count."""
        timeout = 2 * self.duration + 1  # the next window still reads this one
        for _ in range(2):
            self.cache.add(key, 0, timeout)
            try:
                return int(self.cache.incr(key))
            except ValueError:  # gone between add and incr (evicted, expired): add it again
                continue
        return 1  # a cache that keeps nothing: fail open, as while Redis is away

    def _take_back(self, key: str) -> None:
        try:
            self.cache.decr(key)
            self.current -= 1
        except ValueError:  # the window's counter is gone already
            pass

    def wait(self) -> float | None:
        """Seconds until the next request would pass (DRF sends them as ``Retry-After``)."""
        if not hasattr(self, "current"):
            return None
        left_in_window = self.duration - self.elapsed
        room = self.num_requests - (self.current + 1)  # the next request counts too
        if room < 0 or self.previous == 0:
            seconds = left_in_window  # only the next window has room
        else:
            # the previous window's weight falls until its share fits in the room that is left
            seconds = left_in_window - room * self.duration / self.previous
        return float(max(1, math.ceil(seconds)))


class AnonRateThrottle(AtomicRateThrottle, throttling.AnonRateThrottle):
    """DRF's anonymous rate (``anon``, per client address), counted atomically."""


class UserRateThrottle(AtomicRateThrottle, throttling.UserRateThrottle):
    """DRF's per-user rate (``user``), counted atomically."""
