"""The shared cache's backend (sumai.core.cache_backends, docs/cache.md): with Redis away every call answers
at once as a miss or a no-op (no exception, no 500: pages, the API, log-ins and rate limits go on against
the database), a circuit breaker spares the connection attempts, one warning is logged, the keys an outage
could not write are deleted when Redis is back, and ``incr`` is one atomic step."""

from __future__ import annotations

import logging
import uuid

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from sumai.core import cache_backends, guards
from sumai.registry.services import inquiries
from tests.factories import PASSWORD
from tests.scale.redisup import closed_port, redis_or_skip, url

REDIS_DB = 3  # this helper's databases are 1-3: 1 for the two-process test, 3 here


@pytest.fixture(autouse=True)
def _fresh_breakers():
    cache_backends._breakers.clear()
    yield
    cache_backends._breakers.clear()


def _config(location: str, prefix: str = "t") -> dict:
    return {
        "default": {
            "BACKEND": "sumai.core.cache_backends.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"circuit_breaker_seconds": 5},
        }
    }


@pytest.fixture
def redis_down(settings):
    """The default cache is Redis on a port where nothing listens; sessions cached_db, as with REDIS_URL."""
    settings.CACHES = _config(url(1, closed_port()))
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return settings


@pytest.fixture
def redis_up(settings):
    """The default cache is the local Redis (database 3) under a prefix of this test's own."""
    client = redis_or_skip(REDIS_DB)
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = _config(url(REDIS_DB), prefix)
    yield client
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


# ------------------------------------------------------------------------------------------ Redis away
def test_with_redis_away_reads_miss_and_writes_do_nothing(redis_down):
    assert cache.get("k", "default") == "default"
    cache.set("k", 1)
    assert cache.add("k", 1) is False
    assert cache.incr("counter") == 1  # as if the counter had been zero
    assert cache.decr("counter") == -1
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]  # the keys not stored
    assert cache.delete("k") is False
    cache.delete_many(["a", "b"])
    assert cache.has_key("k") is False
    assert cache.touch("k") is False
    assert cache.get_or_set("k", 7) == 7


def test_the_breaker_stops_calling_redis_until_its_time_is_up(redis_down, monkeypatch):
    from django.core.cache import caches

    default = caches["default"]
    calls = []
    real = default._cache.get_client

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(default._cache, "get_client", counting)
    default.get("k")
    assert len(calls) == 1
    for _ in range(20):
        default.get("k")
        default.set("k", 1)
    assert len(calls) == 1  # open: no connection attempt
    default.breaker.open_until = 0.0  # its time is up
    default.get("k")
    assert len(calls) == 2


def test_a_full_redis_is_an_outage_not_an_error(redis_down, monkeypatch):
    from django.core.cache import caches

    default = caches["default"]

    def full(*args, **kwargs):
        raise redis.exceptions.OutOfMemoryError("OOM command not allowed when used memory > 'maxmemory'.")

    monkeypatch.setattr(default._cache, "set", full)
    cache.set("k", 1)  # no exception
    assert default.breaker.down


def test_an_outage_is_logged_once_not_per_call(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="sumai.cache"):
        for _ in range(50):
            cache.get("k")
            cache.set("k", 1)
    lines = [r for r in caplog.records if r.name == "sumai.cache"]
    assert len(lines) == 1
    assert "unreachable" in lines[0].getMessage()


def test_rate_limits_fail_open_while_redis_is_away(redis_down):
    # documented in docs/cache.md: a page is worth more than a limit for the minutes of an outage
    assert all(guards.allow("test", "192.0.2.1", "2/minute") for _ in range(5))


@pytest.mark.django_db
def test_search_page_and_api_answer_200_with_redis_away(redis_down, client):
    assert client.get(reverse("search:search"), {"prefecture": "13"}).status_code == 200
    assert client.get(reverse("api:unit-list"), {"prefecture": "13"}).status_code == 200


@pytest.mark.django_db
def test_log_in_and_stay_logged_in_with_redis_away(redis_down, client, demo_orgs):
    login = client.post(
        reverse("accounts:login"), {"username": "operator.admin@example.jp", "password": PASSWORD}
    )
    assert login.status_code == 302
    assert login.url == reverse("web:dashboard")
    page = client.get(reverse("web:dashboard"))
    assert page.status_code == 200
    assert page.wsgi_request.user.email == "operator.admin@example.jp"
    assert client.get(reverse("api:me")).status_code == 200


# ----------------------------------------------------------------------------------------- Redis there
def test_cached_db_sessions_are_written_to_redis(redis_up, settings, client, db, demo_orgs):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.post(reverse("accounts:login"), {"username": "operator.admin@example.jp", "password": PASSWORD})
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert list(redis_up.scan_iter(match=f"{prefix}:*django.contrib.sessions.cached_db*"))


def test_incr_of_a_missing_key_raises_and_creates_nothing(redis_up):
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")
    assert cache.get("missing") is None
    assert not list(redis_up.scan_iter(match="*missing*"))


def test_incr_counts_and_keeps_the_timeout(redis_up):
    assert cache.add("c", 0, timeout=100)
    assert cache.incr("c") == 1
    assert cache.incr("c", 5) == 6
    (key,) = redis_up.scan_iter(match="*:c")
    assert 0 < redis_up.ttl(key) <= 100


def test_what_an_outage_could_not_delete_is_deleted_when_redis_is_back(redis_up, monkeypatch):
    from django.core.cache import caches

    default = caches["default"]
    cache.set("session", "logged in")
    cache.set("kept", "yes")

    def away(*args, **kwargs):
        raise redis.exceptions.ConnectionError("away")

    real = default._cache.get_client
    monkeypatch.setattr(default._cache, "get_client", away)
    assert cache.delete("session") is False  # the log-out during the outage does not reach Redis
    monkeypatch.setattr(default._cache, "get_client", real)
    assert cache.get("session") is None  # breaker open: still a miss, without a call
    default.breaker.open_until = 0.0
    assert cache.get("kept") == "yes"  # Redis answers: the missed delete is done now
    assert cache.get("session") is None
    assert not redis_up.exists(default.make_key("session"))


# ---------------------------------------------------------------------------------------- counters
def test_inquiry_limit_counts_when_the_window_ends_between_add_and_incr(monkeypatch):
    from django.core.cache.backends.locmem import LocMemCache

    class ExpiresBeforeIncr(LocMemCache):
        def incr(self, key, delta=1, version=None):
            self.delete(key)  # the window ends just now
            raise ValueError("expired")

    store = ExpiresBeforeIncr("inquiries", {})
    store.set("sumai:inquiry:client:x", 5, 3600)
    monkeypatch.setattr(inquiries, "cache", store)
    inquiries._rate("sumai:inquiry:client:x", 1, 3600)  # the first of a new window: allowed, not a 500
    assert store.get("sumai:inquiry:client:x") == 1
