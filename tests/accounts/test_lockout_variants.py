"""Lock-out (#13 items 4, 5): case and width variants of an address share one failure counter, a locked
account cannot log in through a variant; behind the documented proxy each client has its own counter and,
without a trusted proxy, X-Forwarded-For cannot be used to dodge it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

EMAIL = "operator.admin@example.jp"
VARIANTS = [
    "Operator.Admin@example.jp",
    "OPERATOR.ADMIN@EXAMPLE.JP",
    " operator.admin@Example.JP ",
    "operator.admiN@example.jp",
    "OPERATOR.admin@example.JP",
]


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Operator.Admin@Example.JP", EMAIL),
        ("  operator.admin@example.jp\t", EMAIL),
        ("ｏｐｅｒａｔｏｒ．ａｄｍｉｎ＠ｅｘａｍｐｌｅ．ｊｐ", EMAIL),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_login(typed, normalised):
    from sumai.accounts.backends import normalise_login

    assert normalise_login(typed) == normalised


def _login(client, username: str, password: str, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def test_case_variants_share_the_failure_counter(client, demo_orgs, settings):
    for variant in VARIANTS[: settings.AXES_FAILURE_LIMIT]:
        _login(client, variant, "nope")
    assert _login(client, "Operator.ADMIN@example.jp", "nope").status_code == 429


def test_a_locked_account_cannot_log_in_with_a_case_variant(client, demo_orgs, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, EMAIL, "nope")
    for variant in VARIANTS:
        response = _login(client, variant, PASSWORD)
        assert response.status_code == 429, variant
        assert "_auth_user_id" not in client.session


def test_clients_behind_the_trusted_proxy_have_their_own_counters(client, demo_orgs, settings):
    settings.SUMAI_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, EMAIL, "nope", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert _login(client, EMAIL, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    # another client behind the same proxy is not locked out by the first one's failures
    other = _login(client, EMAIL, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)
    assert other.status_code == 302


def test_without_a_trusted_proxy_x_forwarded_for_cannot_dodge_the_lockout(client, demo_orgs, settings):
    settings.SUMAI_TRUSTED_PROXIES = 0
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, EMAIL, "nope", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}", REMOTE_ADDR="203.0.113.7")
    spoofed = _login(client, EMAIL, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200", REMOTE_ADDR="203.0.113.7")
    assert spoofed.status_code == 429


def test_with_one_proxy_a_client_cannot_spoof_by_prepending_addresses(client, demo_orgs, settings):
    settings.SUMAI_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for i in range(settings.AXES_FAILURE_LIMIT):
        # the proxy appends the real client (203.0.113.7) after whatever the client sent
        _login(client, EMAIL, "nope", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.7", **proxy)
    spoofed = _login(client, EMAIL, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.7", **proxy)
    assert spoofed.status_code == 429
