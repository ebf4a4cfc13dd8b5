"""The shared cache (docs/cache.md): Django's Redis backend that degrades to "no cache" while Redis is away.

:class:`ResilientRedisCache` is :class:`django.core.cache.backends.redis.RedisCache` with four changes:

* **An outage is a miss, never an error.** A connection error or a timeout of Redis (or its refusal to write:
  out of memory, a read-only replica) turns a read into a miss (``get`` → the default, ``get_many`` → ``{}``,
  ``has_key`` → False) and a write into a no-op (``set``, ``delete``, ``touch``…; ``add`` → False, as if the
  key were taken). ``incr``/``decr`` answer as if the
  counter had been zero (``delta``): counters of rate limits restart at one, so the limits *fail open* while
  Redis is down (a page is worth more than a limit for the minutes of an outage; the login lock-out is in the
  database and still holds). Every caller therefore falls back to the database: the results cache computes,
  ``cached_db`` sessions read their row.
* **A circuit breaker.** After a failure the backend does not call Redis for ``circuit_breaker_seconds``
  (default 5): calls during that time answer at once as above instead of each paying a connect timeout.
  The first call after it tries Redis again; a success closes the breaker. One warning is logged when Redis
  goes away (then at most one a minute while it stays away) and one line when it is back.
* **What an outage skipped is forgotten on recovery.** A write or delete that could not reach Redis leaves the
  old value there (a session logged out during the outage would come back with it): the keys are remembered
  (up to :data:`FORGET_MAX`) and deleted as soon as Redis answers again. Past that number every key of this
  cache's prefix is deleted instead (everything in it is a cache of the database).
* **An atomic ``incr``.** Django's client checks that the key exists, then increments: between the two, the
  key can expire, and Redis would create it again without a timeout (a rate-limit counter that never ends).
  Here one Lua script does both.

Short socket timeouts (connect 0.25 s, read 0.5 s) and no retry are the defaults (a pooled connection that a
Redis restart closed is opened again by the pool itself, before a command is sent): a Redis that hangs costs
one call a read timeout, then the breaker answers. Settings (``REDIS_*``) may change them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger("sumai.cache")

T = TypeVar("T")
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    redis.exceptions.ConnectionError,  # refused, reset, loading its data (BusyLoadingError)
    redis.exceptions.TimeoutError,
    redis.exceptions.OutOfMemoryError,  # full, with a maxmemory policy that does not evict
    redis.exceptions.ReadOnlyError,  # a replica, during a fail-over
)
FORGET_MAX = 10_000
LOG_EVERY_SECONDS = 60.0
_INCR_IF_EXISTS = (
    "if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end "
    "return false"
)


class Breaker:
    """The health of one Redis location in this process (shared by the threads' cache objects)."""

    def __init__(self, location: str, seconds: float) -> None:
        self.location = location
        self.seconds = seconds
        self.open_until = 0.0  # time.monotonic() before which Redis is not called
        self.down_since: float | None = None
        self.last_log = 0.0
        self.skipped = 0  # calls answered without Redis since the last log line
        self.forget: set[str] = set()  # keys whose write or delete Redis missed
        self.forget_all = False
        self.lock = threading.Lock()

    def allows(self) -> bool:
        return time.monotonic() >= self.open_until

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def trip(self, error: BaseException | None) -> None:
        """A call failed (``error``), or was not made while the breaker is open (None: the time it stays
        open does not grow, so Redis is tried again ``seconds`` after the last failure)."""
        now = time.monotonic()
        with self.lock:
            if error is not None:
                self.open_until = now + self.seconds
            self.skipped += 1
            first = self.down_since is None
            if first:
                self.down_since = now
            if first or now - self.last_log >= LOG_EVERY_SECONDS:
                self.last_log = now
                logger.warning(
                    "cache: Redis at %s is unreachable (%s); the cache answers misses and writes nothing, "
                    "next try in %.0f s (%d calls without Redis so far)",
                    self.location,
                    type(error).__name__ if error else "circuit open",
                    self.seconds,
                    self.skipped,
                )

    def missed(self, keys: Iterable[str]) -> None:
        with self.lock:
            if self.forget_all:
                return
            self.forget.update(keys)
            if len(self.forget) > FORGET_MAX:
                self.forget_all = True
                self.forget.clear()

    def recovered(self) -> tuple[bool, list[str]] | None:
        """When Redis answers again after an outage: (every key?, the keys to delete); else None."""
        with self.lock:
            if self.down_since is None:
                return None
            logger.warning(
                "cache: Redis at %s answers again after %.1f s (%d calls went without it)",
                self.location,
                time.monotonic() - self.down_since,
                self.skipped,
            )
            self.down_since = None
            self.skipped = 0
            self.open_until = 0.0
            result = (self.forget_all, sorted(self.forget))
            self.forget = set()
            self.forget_all = False
            return result


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str, seconds: float) -> Breaker:
    with _breakers_lock:
        if location not in _breakers:
            _breakers[location] = Breaker(location, seconds)
        return _breakers[location]


class ResilientRedisCache(RedisCache):
    """Redis while it answers; misses and no-ops (logged, with a circuit breaker) while it does not."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        seconds = float(options.pop("circuit_breaker_seconds", 5.0))
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        location = server if isinstance(server, str) else ",".join(server)
        self.breaker = breaker_for(f"{location}|{self.key_prefix}", seconds)

    @property
    def _client(self) -> Any:
        """Django's Redis client (its stubs type the timeouts narrower than the backend passes them)."""
        return self._cache

    # ------------------------------------------------------------------------------------------ the guard
    def _guard(self, fallback: T, call: Callable[[], T], written: Iterable[str] = ()) -> T:
        """``call()``; ``fallback`` when Redis is away (now, or within the breaker's time). ``written``: the
        (full) keys the call writes or deletes, to forget on recovery if it does not reach Redis."""
        if not self.breaker.allows():
            self.breaker.trip(None)
            self.breaker.missed(written)
            return fallback
        try:
            result = call()
        except OUTAGE_ERRORS as error:
            self.breaker.trip(error)
            self.breaker.missed(written)
            return fallback
        if self.breaker.down:
            self._recover()
        return result

    def _recover(self) -> None:
        pending = self.breaker.recovered()
        if pending is None:
            return
        everything, keys = pending
        try:
            client = self._client.get_client(None, write=True)
            if everything:
                batch = []
                for key in client.scan_iter(
                    match=f"{self.key_prefix}:*" if self.key_prefix else "*", count=1000
                ):
                    batch.append(key)
                    if len(batch) >= 1000:
                        client.delete(*batch)
                        batch = []
                if batch:
                    client.delete(*batch)
            elif keys:
                for start in range(0, len(keys), 1000):
                    client.delete(*keys[start : start + 1000])
        except OUTAGE_ERRORS as error:  # gone again: keep what is still to forget
            self.breaker.trip(error)
            self.breaker.missed(keys)
            if everything:
                self.breaker.forget_all = True

    # --------------------------------------------------------------------------------------- the methods
    def add(
        self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        key = self.make_and_validate_key(key, version=version)
        t = self.get_backend_timeout(timeout)
        return self._guard(False, lambda: bool(self._client.add(key, value, t)), [key])

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        return self._guard(default, lambda: self._client.get(key, default))

    def set(
        self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        t = self.get_backend_timeout(timeout)
        self._guard(None, lambda: self._client.set(key, value, t), [key])

    def touch(self, key: str, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        t = self.get_backend_timeout(timeout)
        return self._guard(False, lambda: bool(self._client.touch(key, t)))

    def delete(self, key: str, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._guard(False, lambda: bool(self._client.delete(key)), [key])

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        if not key_map:
            return {}
        found: dict[str, Any] = self._guard({}, lambda: self._client.get_many(list(key_map)))
        return {key_map[k]: v for k, v in found.items()}

    def has_key(self, key: str, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._guard(False, lambda: bool(self._client.has_key(key)))

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        """``delta`` added to the counter, in one step (ValueError when there is no such key). While Redis is
        away: ``delta`` (the counter as if it had been zero)."""
        full = self.make_and_validate_key(key, version=version)

        def call() -> int | None:
            client = self._client.get_client(full, write=True)
            value = client.eval(_INCR_IF_EXISTS, 1, full, delta)
            return None if value is None else int(value)

        fallback: int | None = delta
        value = self._guard(fallback, call)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(
        self, data: dict[str, Any], timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[str]:
        if not data:
            return []
        safe = {self.make_and_validate_key(key, version=version): value for key, value in data.items()}
        t = self.get_backend_timeout(timeout)

        def call() -> list[str]:
            self._client.set_many(safe, t)
            return []

        return self._guard(list(data), call, list(safe))

    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        safe = [self.make_and_validate_key(key, version=version) for key in keys]
        if safe:
            self._guard(None, lambda: self._client.delete_many(safe), safe)

    def clear(self) -> None:
        self._guard(None, lambda: self._client.clear())
