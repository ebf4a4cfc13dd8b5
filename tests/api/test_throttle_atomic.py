"""The API's throttles count atomically (sumai.core.api.throttling): DRF's read the client's list of request
times from the cache and wrote it back, so requests arriving together all read the same list and all passed —
N concurrent requests at the limit let N through. Each request is now one atomic increment (``cache.add`` +
``cache.incr``), on every cache the project runs: locmem, Redis through the project's backend
(sumai.core.cache_backends.ResilientRedisCache) and Django's own Redis backend.

The caches here are wrapped so that every call takes 20 ms: the gap between a read and a write that a
read-modify-write throttle leaves open is then wide enough for all the threads to fall into it."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from sumai.accounts.tokens import PerTokenRateThrottle
from sumai.api.views import RulesThrottle
from sumai.core import cache_backends
from sumai.core.api.throttling import AtomicRateThrottle
from tests.api.test_rules import HOUSEHOLD
from tests.scale.redisup import redis_or_skip, url

LIMIT = 5
THREADS = 20
REDIS_DB = 5  # not the databases of tests/core (1-3) nor of tests/scale


class SlowCache:
    """A cache each of whose calls waits ``delay`` seconds first."""

    def __init__(self, cache: Any, delay: float = 0.02) -> None:
        self.cache = cache
        self.delay = delay

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.cache, name)
        if not callable(attribute):
            return attribute

        def slow(*args: Any, **kwargs: Any) -> Any:
            time.sleep(self.delay)
            return attribute(*args, **kwargs)

        return slow


@pytest.fixture
def rates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": f"{LIMIT}/minute", "user": f"{LIMIT}/minute"}
    )


def _redis_backend(kind: type) -> Iterator[Any]:
    client = redis_or_skip(REDIS_DB)
    prefix = f"test-throttle-{uuid.uuid4().hex[:12]}"
    params: dict[str, Any] = {"KEY_PREFIX": prefix, "OPTIONS": {}}
    cache_backends._breakers.clear()
    yield kind(url(REDIS_DB), params)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    cache_backends._breakers.clear()


@pytest.fixture(params=["locmem", "resilient-redis", "django-redis"])
def backend(request: pytest.FixtureRequest) -> Iterator[Any]:
    if request.param == "locmem":
        default_cache.clear()
        yield default_cache
        default_cache.clear()
        return
    kind = cache_backends.ResilientRedisCache if request.param == "resilient-redis" else RedisCache
    yield from _redis_backend(kind)


def _anonymous(address: str = "203.0.113.7") -> Request:
    django_request = RequestFactory().get("/api/v1/units/", REMOTE_ADDR=address)
    django_request.user = AnonymousUser()
    return Request(django_request)


def _at_once(count: int, call: Callable[[], bool]) -> list[bool]:
    """``call`` from ``count`` threads started together; what each returned."""
    start = threading.Barrier(count)
    results: list[bool] = []
    lock = threading.Lock()

    def run() -> None:
        start.wait()
        answer = call()
        with lock:
            results.append(answer)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == count
    return results


THROTTLES = list(dict.fromkeys([*api_settings.DEFAULT_THROTTLE_CLASSES, RulesThrottle, PerTokenRateThrottle]))


@pytest.mark.parametrize("throttle_class", THROTTLES, ids=lambda c: c.__name__)
def test_concurrent_requests_at_the_limit_let_exactly_the_limit_through(
    throttle_class: type, backend: Any, rates: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SimpleRateThrottle, "cache", SlowCache(backend))
    results = _at_once(THREADS, lambda: throttle_class().allow_request(_anonymous(), None))
    assert results.count(True) == LIMIT


@pytest.mark.django_db
def test_concurrent_api_requests_at_the_limit_get_exactly_the_limit_of_answers(
    rates: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same through HTTP: 20 requests at once to a rules endpoint, 5 answered, 15 refused with 429."""
    monkeypatch.setattr(SimpleRateThrottle, "cache", SlowCache(default_cache))

    def post() -> bool:
        response = Client().post(reverse("api:rules-household"), HOUSEHOLD, content_type="application/json")
        assert response.status_code in (200, 429), response.content
        return response.status_code == 200

    results = _at_once(THREADS, post)
    assert results.count(True) == LIMIT


def test_the_throttles_of_the_api_are_the_atomic_ones() -> None:
    assert all(issubclass(c, AtomicRateThrottle) for c in THROTTLES)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_window_slides_and_refused_requests_do_not_count(rates: None) -> None:
    """Over the limit until enough of the last minute has passed, not until a window's edge: 5 requests late
    in one window still hold the start of the next; the refused ones, however many, add nothing."""
    default_cache.clear()
    clock = Clock(60 * 1_000_000 + 50)  # 50 s into a window

    def ask() -> tuple[bool, float | None]:
        throttle = RulesThrottle()
        throttle.timer = clock
        allowed = throttle.allow_request(_anonymous("198.51.100.1"), None)
        return allowed, None if allowed else throttle.wait()

    assert [ask()[0] for _ in range(LIMIT)] == [True] * LIMIT
    refused = [ask() for _ in range(30)]
    assert not any(allowed for allowed, _ in refused)
    assert refused[0][1] == 10  # the rest of this window: the next one begins with these 5 at full weight
    clock.now += 10  # the next window begins: the last minute still holds the 5
    allowed, wait = ask()
    assert not allowed
    assert wait is not None
    assert 1 <= wait <= 60
    clock.now += 30  # half of the previous window's 5 are within the last minute
    assert ask()[0] is True
    default_cache.clear()
