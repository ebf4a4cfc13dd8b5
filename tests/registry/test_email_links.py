"""Every link in every kind of e-mail is a whole address built from ``SUMAI["BASE_URL"]``, and opening it as
the recipient answers 200 (after logging in where the page needs it).

Kinds: password reset, invitation, vacancy reminder, sign-up (five kinds), and the notices of
:func:`sumai.core.notifications.notify` (every review, designation, filing, change-notice and grant notice
goes through it)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sumai.accounts import services as accounts
from sumai.core.notifications import notify
from sumai.registry import vacancy
from tests.factories import PASSWORD
from tests.otp import device_for, fresh_code
from tests.registry.test_vacancy import DAY, building_with_units

BASE = "https://sumai.test"
LINK = re.compile(r"(?:https?://|(?<![\w/])/)[^\s<>\"')]+")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _base_url(settings):  # type: ignore[no-untyped-def]
    settings.SUMAI = {**settings.SUMAI, "BASE_URL": BASE}
    settings.ALLOWED_HOSTS = ["sumai.test", "testserver"]


def links_of(message: mail.EmailMessage) -> list[str]:
    found = LINK.findall(str(message.body))
    assert found, f"no link in {message.subject!r}"
    return found


def opens(link: str, *, as_user=None) -> None:  # type: ignore[no-untyped-def]
    """The link is whole, on the site, and answers 200 to its recipient (logged in if the page asks)."""
    assert link.startswith(BASE + "/"), f"not a whole address from SUMAI['BASE_URL']: {link}"
    parts = urlsplit(link)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    client = Client(HTTP_HOST="sumai.test", wsgi_scheme="https")
    response = client.get(path, follow=True, secure=True)
    if as_user is not None and "/accounts/login/" in response.wsgi_request.path:
        # log in through the page the link led to, as a person would (its ?next= brings them back)
        login = response.wsgi_request.get_full_path()
        data = {"username": as_user.email, "password": PASSWORD}
        response = client.post(login, data, follow=True, secure=True)
        if response.wsgi_request.path == reverse("accounts:otp_verify"):
            # platform staff and household-holding organisations type their second factor too
            code = fresh_code(device_for(as_user))
            verify = response.wsgi_request.get_full_path()
            response = client.post(verify, {"code": code}, follow=True, secure=True)
    assert response.status_code == 200, f"{link}: {response.status_code}"


def test_password_reset_link(client, demo_orgs, django_capture_on_commit_callbacks):
    user = demo_orgs.user("operator")
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    (message,) = mail.outbox
    for link in links_of(message):
        opens(link)


def test_invitation_link(demo_orgs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        accounts.invitation_create(
            actor=demo_orgs.user("operator"),
            organisation=demo_orgs.orgs["operator"],
            email="new.member@example.jp",
            role="staff",
        )
    (message,) = mail.outbox
    for link in links_of(message):
        opens(link)


def test_vacancy_reminder_links(registry_world, django_capture_on_commit_callbacks):
    operator = registry_world.orgs["operator"]
    now = timezone.now()
    building_with_units(operator, units=[("101", "vacant", now - 25 * DAY)])
    with django_capture_on_commit_callbacks(execute=True):
        assert vacancy.send_reminders() == 1
    message = next(m for m in mail.outbox if m.to == [registry_world.user("operator").email])
    links = links_of(message)
    assert any("/registry/vacancy/link/" in link for link in links)
    for link in links:
        opens(link, as_user=registry_world.user("operator"))


def test_a_notice_link(demo_orgs, django_capture_on_commit_callbacks):
    authority = demo_orgs.orgs["authority"]
    with django_capture_on_commit_callbacks(execute=True):
        notify(authority, "A building was submitted for registration.", reverse("registry:inbox"))
    message = next(m for m in mail.outbox if m.to == [demo_orgs.user("authority").email])
    for link in links_of(message):
        opens(link, as_user=demo_orgs.user("authority"))


def test_sign_up_links_every_kind(django_capture_on_commit_callbacks):
    """Verification, "you already have an account", the platform's "awaiting approval", approval and
    refusal (docs/decisions/0009-onboarding.md)."""
    from sumai.accounts import onboarding
    from sumai.accounts.models import SignupRequest
    from tests.factories import UserFactory

    root = UserFactory(email="root@example.jp", is_superuser=True)
    data = {
        "kind": "agent",
        "email": "agent@example.jp",
        "person_name": "申込",
        "organisation_name": "さくら不動産",
        "prefecture": "13",
        "phone": "03-1234-5678",
        "licence_number": "東京都知事(1)第1号",
    }
    with django_capture_on_commit_callbacks(execute=True):
        onboarding.signup_start(data=data, password="Tatami-and-fusuma-2026")
        onboarding.signup_start(data={**data, "email": root.email}, password="x")  # has an account
        onboarding.signup_start(
            data={**data, "email": "second@example.jp"}, password="Tatami-and-fusuma-2026"
        )
    verify, existing, second = mail.outbox
    for message in (verify, existing, second):
        for link in links_of(message):
            opens(link)
    mail.outbox.clear()
    first, other = SignupRequest.objects.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        onboarding.signup_verify(request=first)
        onboarding.signup_verify(request=other)
    to_root = next(m for m in mail.outbox if m.to == [root.email])
    for link in links_of(to_root):
        opens(link, as_user=root)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        onboarding.signup_approve(actor=root, request=first)
        onboarding.signup_reject(actor=root, request=other, reason="番号が確認できません。")
    approved, refused = mail.outbox
    for message in (approved, refused):
        for link in links_of(message):
            opens(link)
