"""Log-in, lock-out, password reset, API authentication failures."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.django_db
def test_login_with_email_case_insensitive(client, demo_orgs):
    response = client.post(
        reverse("accounts:login"), {"username": "OPERATOR.ADMIN@example.jp", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("web:dashboard")


@pytest.mark.django_db
def test_wrong_password_says_so(client, demo_orgs):
    client.cookies["sumai_language"] = "en"
    response = client.post(
        reverse("accounts:login"),
        {"username": "operator.admin@example.jp", "password": "nope"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "wrong" in response.content.decode()


@pytest.mark.django_db
def test_locked_out_after_five_failures(client, demo_orgs, settings):
    client.cookies["sumai_language"] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "operator.admin@example.jp", "password": "nope"})
    response = client.post(
        reverse("accounts:login"),
        {"username": "operator.admin@example.jp", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed log-ins" in html
    assert "15 minutes" in html
    # another account from the same address is not locked
    ok = client.post(
        reverse("accounts:login"), {"username": "council.admin@example.jp", "password": PASSWORD}
    )
    assert ok.status_code == 302


@pytest.mark.django_db
def test_password_reset_sends_a_link(client, demo_orgs):
    response = client.post(reverse("accounts:password_reset"), {"email": "operator.admin@example.jp"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body
    # unknown addresses get the same answer and no mail
    client.post(reverse("accounts:password_reset"), {"email": "nobody@example.jp"})
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        ("Bearer smi_doesnotexist", "Unknown API token"),
        ("Bearer not-a-sumai-token", "not a Sumai API token"),
        ("Bearer a b", "Malformed"),
    ],
)
def test_bad_tokens_get_a_clear_answer(client, header, fragment):
    response = client.get(reverse("api:me"), HTTP_AUTHORIZATION=header, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert fragment in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_api_me_needs_authentication(client):
    response = client.get(reverse("api:me"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
