"""The anonymous API throttle behind the documented reverse proxy (#13 item 5): two clients behind one
proxy have separate buckets; without a trusted proxy X-Forwarded-For cannot buy a fresh bucket."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_a_minute(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "2/minute"})


def _get(client, **meta):
    return client.get(reverse("api:prefecture-list"), **meta)


def test_the_api_throttle_trusts_as_many_proxies_as_the_lock_out():
    assert django_settings.REST_FRAMEWORK["NUM_PROXIES"] == django_settings.SUMAI_TRUSTED_PROXIES == 0


def test_two_clients_behind_the_proxy_have_separate_buckets(client, settings, two_a_minute):
    settings.SUMAI_TRUSTED_PROXIES = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert [_get(client, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert _get(client, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy).status_code == 200
    # what a client writes before the proxy's entry does not count
    assert _get(client, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7", **proxy).status_code == 429


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, two_a_minute):
    codes = [
        _get(client, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}", REMOTE_ADDR="203.0.113.7").status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]
