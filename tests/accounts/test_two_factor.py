"""Two-factor authentication (issue 16 item 8): who must use it, log-in with a code or a recovery code,
enrolment, lock-out after wrong codes, the person's own 2FA page, the password prompt before exports, and the
idle timeout ending a verified session.

These tests log in with ``unverified_client`` (Django's own client: the password step only); the rest of the
suite logs in with ``client``, whose sessions are verified (tests/otp.py)."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sumai.accounts import mfa, reauth
from sumai.accounts.models import Membership, User
from sumai.accounts.reauth import recent_password_required
from sumai.audit.models import AuditEvent
from sumai.core import guards, permissions
from sumai.core.roles import HOUSEHOLD_HOLDING_KINDS
from sumai.core.rules import AUTHENTICATED
from tests.factories import PASSWORD
from tests.otp import KEY, code_for, device_for, fresh_code

pytestmark = pytest.mark.django_db

HOLDING = ["support_corporation", "council", "municipality", "referral_partner"]
NOT_HOLDING = ["operator", "agent", "authority", "national"]
DASHBOARD = reverse("web:dashboard")
VERIFY = reverse("accounts:otp_verify")
ENROL = reverse("accounts:otp_enrol")


# A view to try the re-authentication decorator on (the lead applies it to the household exports).
@recent_password_required(minutes=5)
def _export(request: HttpRequest) -> HttpResponse:
    return HttpResponse("exported", content_type="text/plain")


urlpatterns = [
    path("test/export/", _export, name="test_export"),
    path("", include("sumai.config.urls")),
]


@pytest.fixture
def export_url() -> Any:
    """This module as the URL conf, with a row for its export view in the permissions table."""
    permissions.register("tests", {"test_export": AUTHENTICATED})
    try:
        yield "/test/export/"
    finally:
        permissions._TABLE.pop("test_export", None)
        permissions._OWNER.pop("test_export", None)


@pytest.fixture(autouse=True)
def _pages_in_english(client, unverified_client):  # type: ignore[no-untyped-def]
    """The pages in English, so that the tests can read them (the language is the cookie's)."""
    client.cookies["sumai_language"] = "en"
    unverified_client.cookies["sumai_language"] = "en"


def log_in(client: Any, email: str, *, next_url: str = "") -> Any:
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": email, "password": PASSWORD, "next": next_url})


def location(response: Any) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(response["Location"])
    return parts.path, parse_qs(parts.query)


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --------------------------------------------------------------------------------------------- policy
def test_the_household_holding_kinds_are_named_once():
    assert set(HOUSEHOLD_HOLDING_KINDS) == set(HOLDING)


@pytest.mark.parametrize("kind", HOLDING)
@pytest.mark.parametrize("role", ["admin", "staff", "viewer"])
def test_an_unverified_member_of_a_household_holding_organisation_is_sent_to_verify(
    unverified_client, demo_orgs, kind, role
):
    unverified_client.force_login(demo_orgs.user(kind, role))
    response = unverified_client.get(DASHBOARD)
    assert response.status_code == 302
    assert location(response) == (VERIFY, {"next": [DASHBOARD]})
    # no device yet: on to enrolment, keeping where they were going
    onward = unverified_client.get(response["Location"])
    assert location(onward) == (ENROL, {"next": [DASHBOARD]})
    # every other page too, the organisation's own pages included
    org = demo_orgs.orgs[kind]
    page = unverified_client.get(reverse("accounts:organisation", kwargs={"org_id": org.pk}))
    assert page.status_code == 302
    assert location(page)[0] == VERIFY


def test_platform_staff_must_verify_too(unverified_client, demo_orgs):
    unverified_client.force_login(demo_orgs.superuser)
    assert location(unverified_client.get(reverse("accounts:platform")))[0] == VERIFY
    staff = User.objects.create_user("staff@example.jp", PASSWORD, is_staff=True)
    assert mfa.required_for_user(staff)


@pytest.mark.parametrize("kind", NOT_HOLDING)
def test_other_organisations_are_not_required_but_may_opt_in(unverified_client, demo_orgs, kind):
    user = demo_orgs.user(kind)
    assert not mfa.required_for_user(user)
    assert log_in(unverified_client, user.email)["Location"] == DASHBOARD
    assert unverified_client.get(DASHBOARD).status_code == 200
    page = unverified_client.get(reverse("accounts:otp"))
    assert page.status_code == 200
    assert "Optional for your account" in page.content.decode()
    # opting in: enrol, and the next log-in asks for a code
    enrol_with_the_page(unverified_client)
    assert mfa.required_for_user(user)
    unverified_client.post(reverse("accounts:logout"))
    response = log_in(unverified_client, user.email)
    assert location(response)[0] == VERIFY
    assert location(unverified_client.get(DASHBOARD))[0] == VERIFY


def test_a_deactivated_holding_organisation_no_longer_requires_it(unverified_client, demo_orgs):
    org = demo_orgs.orgs["council"]
    org.is_active = False
    org.save()
    unverified_client.force_login(demo_orgs.user("council"))
    assert unverified_client.get(DASHBOARD).status_code == 200


def test_joining_a_household_holding_organisation_counts_at_once(unverified_client, demo_orgs):
    user = demo_orgs.user("operator")
    unverified_client.force_login(user)
    assert unverified_client.get(DASHBOARD).status_code == 200
    Membership.objects.create(user=user, organisation=demo_orgs.orgs["support_corporation"], role="viewer")
    assert location(unverified_client.get(DASHBOARD))[0] == VERIFY


def test_public_pages_log_out_and_the_2fa_pages_stay_open_while_unverified(unverified_client, demo_orgs):
    unverified_client.force_login(demo_orgs.user("support_corporation"))
    for name in ("web:home", "search:search", "support:directory", "web:about"):
        assert unverified_client.get(reverse(name)).status_code == 200, name
    assert unverified_client.get(ENROL).status_code == 200
    assert unverified_client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in unverified_client.session


def test_the_password_change_and_the_2fa_page_need_the_second_factor(unverified_client, demo_orgs):
    user = demo_orgs.user("municipality")
    device_for(user)
    unverified_client.force_login(user)
    for name in ("accounts:password_change", "accounts:otp", "accounts:reauth"):
        assert location(unverified_client.get(reverse(name)))[0] == VERIFY, name
    # a POST is refused too (sent to verify, without replaying it)
    response = unverified_client.post(reverse("accounts:otp_remove"), {"remove-password": PASSWORD})
    assert location(response) == (VERIFY, {})
    assert TOTPDevice.objects.filter(user=user).exists()


def test_api_sessions_need_it_and_tokens_are_unaffected(unverified_client, demo_orgs):
    from sumai.accounts.services import api_token_create

    user = demo_orgs.user("support_corporation")
    me = reverse("api:me")
    unverified_client.force_login(user)
    refused = unverified_client.get(me)
    assert refused.status_code == 403
    assert refused.json()["code"] == "second_factor_required"
    # public API answers
    assert unverified_client.get(reverse("api:prefecture-list")).status_code == 200
    _token, secret = api_token_create(
        actor=user, organisation=demo_orgs.orgs["support_corporation"], name="crm", scopes=["read"]
    )
    from django.test import Client

    assert Client().get(me, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


# -------------------------------------------------------------------------------------------- log-in
def test_log_in_with_the_password_then_the_code(unverified_client, demo_orgs):
    user = demo_orgs.user("support_corporation")
    device = device_for(user)
    target = reverse("accounts:organisation", kwargs={"org_id": demo_orgs.orgs["support_corporation"].pk})
    response = log_in(unverified_client, user.email, next_url=target)
    assert location(response) == (VERIFY, {"next": [target]})
    page = unverified_client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    ok = unverified_client.post(VERIFY, {"code": fresh_code(device), "next": target})
    assert ok.status_code == 302
    assert ok["Location"] == target
    assert unverified_client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert unverified_client.get(target).status_code == 200
    assert unverified_client.get(VERIFY)["Location"] == DASHBOARD  # already verified


def test_a_wrong_code_is_refused_and_the_same_code_works_only_once(unverified_client, demo_orgs):
    user = demo_orgs.user("council")
    device = device_for(user)
    log_in(unverified_client, user.email)
    wrong = unverified_client.post(VERIFY, {"code": "000000"})
    assert wrong.status_code == 400
    assert "The code is wrong or has expired" in wrong.content.decode()
    code = fresh_code(device)
    assert unverified_client.post(VERIFY, {"code": code}).status_code == 302
    unverified_client.post(reverse("accounts:logout"))
    log_in(unverified_client, user.email)
    assert unverified_client.post(VERIFY, {"code": code}).status_code == 400  # replayed


def test_full_width_digits_and_spaces_are_read(unverified_client, demo_orgs):
    user = demo_orgs.user("municipality")
    device = device_for(user)
    log_in(unverified_client, user.email)
    code = fresh_code(device)
    typed = " ".join(chr(ord("０") + int(d)) for d in code)  # "１ ２ ３ …" from a Japanese keyboard
    assert unverified_client.post(VERIFY, {"code": typed}).status_code == 302


def test_next_must_be_on_this_site(unverified_client, demo_orgs):
    user = demo_orgs.user("council")
    device = device_for(user)
    log_in(unverified_client, user.email)
    response = unverified_client.post(VERIFY, {"code": fresh_code(device), "next": "https://evil.example/"})
    assert response["Location"] == DASHBOARD


def test_a_recovery_code_works_once(unverified_client, demo_orgs):
    user = demo_orgs.user("referral_partner")
    device_for(user)
    codes = mfa.regenerate_recovery_codes(user=user)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    log_in(unverified_client, user.email)
    used = codes[3]
    response = unverified_client.post(VERIFY, {"recovery_code": used.upper()}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0] == (DASHBOARD, 302)
    assert "Recovery codes left: 9" in response.content.decode()
    assert events("otp.recovery_use") == 1
    assert mfa.recovery_codes_left(user) == 9
    unverified_client.post(reverse("accounts:logout"))
    log_in(unverified_client, user.email)
    again = unverified_client.post(VERIFY, {"recovery_code": used})
    assert again.status_code == 400
    assert location(unverified_client.get(DASHBOARD))[0] == VERIFY
    assert unverified_client.post(VERIFY, {"recovery_code": codes[4]}).status_code == 302


def test_five_wrong_codes_lock_the_second_factor(
    unverified_client, demo_orgs, settings, django_capture_on_commit_callbacks
):
    settings.SUMAI = {**settings.SUMAI, "OTP_MAX_FAILURES": 5, "OTP_LOCKOUT_MINUTES": 15}
    user = demo_orgs.user("support_corporation", "staff")
    device = device_for(user)
    mfa.regenerate_recovery_codes(user=user)
    mail.outbox.clear()
    log_in(unverified_client, user.email)
    statuses = [
        unverified_client.post(VERIFY, {"code": "000000"}).status_code,
        unverified_client.post(VERIFY, {"recovery_code": "aaaaaaaa"}).status_code,  # counts too
        unverified_client.post(VERIFY, {"code": "111111"}).status_code,
        unverified_client.post(VERIFY, {"code": "222222"}).status_code,
    ]
    assert statuses == [400, 400, 400, 400]
    with django_capture_on_commit_callbacks(execute=True):
        fifth = unverified_client.post(VERIFY, {"code": "333333"})
    assert fifth.status_code == 429
    assert "Too many wrong codes" in fifth.content.decode()
    assert events("otp.lock") == 1
    (notice,) = [m for m in mail.outbox if m.to == [user.email]]
    assert "locked" in notice.subject
    # while locked even the right code is not checked
    right = fresh_code(device)
    assert unverified_client.post(VERIFY, {"code": right}).status_code == 429
    assert unverified_client.get(VERIFY).status_code == 200
    assert location(unverified_client.get(DASHBOARD))[0] == VERIFY
    # another session of the same account is locked as well (the lock is the account's)
    from tests.otp import UnverifiedClient

    other = UnverifiedClient()
    log_in(other, user.email)
    assert other.post(VERIFY, {"code": right}).status_code == 429
    # when the time is over, the right code works and the counter starts again
    User.objects.filter(pk=user.pk).update(otp_locked_until=timezone.now() - timedelta(seconds=1))
    assert unverified_client.post(VERIFY, {"code": right}).status_code == 302
    user.refresh_from_db()
    assert user.otp_failures == 0


def test_a_success_resets_the_count_of_wrong_codes(unverified_client, demo_orgs, settings):
    settings.SUMAI = {**settings.SUMAI, "OTP_MAX_FAILURES": 3}
    user = demo_orgs.user("council", "viewer")
    device = device_for(user)
    log_in(unverified_client, user.email)
    for _ in range(2):
        assert unverified_client.post(VERIFY, {"code": "000000"}).status_code == 400
    assert unverified_client.post(VERIFY, {"code": fresh_code(device)}).status_code == 302
    user.refresh_from_db()
    assert user.otp_failures == 0
    assert user.otp_locked_until is None


# ------------------------------------------------------------------------------------------ enrolment
def enrol_with_the_page(client: Any, *, next_url: str = "") -> Any:
    """Read the secret off the enrolment page, as a person types it into an app, and confirm with a code."""
    page = client.get(ENROL + (f"?next={next_url}" if next_url else ""))
    assert page.status_code == 200
    html = page.content.decode()
    secret = re.search(r'<code class="secret" id="otp-secret">([A-Z2-7 ]+)</code>', html)
    assert secret is not None
    signed = re.search(r'name="key" value="([^"]+)"', html)
    assert signed is not None
    from base64 import b32decode

    key = b32decode(secret.group(1).replace(" ", "")).hex()
    return client.post(
        ENROL, {"key": unescape(signed.group(1)), "code": code_for(key), "next": next_url}, follow=False
    )


def test_enrolment_shows_a_qr_code_and_the_secret_then_recovery_codes_once(
    unverified_client, demo_orgs, django_capture_on_commit_callbacks
):
    user = demo_orgs.user("support_corporation")
    log_in(unverified_client, user.email)
    page = unverified_client.get(ENROL)
    html = page.content.decode()
    assert '<svg role="img" aria-label=' in html  # inline, made on the server
    assert "<?xml" not in html
    assert 'src="http' not in html  # nothing from elsewhere
    assert "no-store" in page["Cache-Control"]
    assert not TOTPDevice.objects.filter(user=user).exists()  # a GET stores nothing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = enrol_with_the_page(unverified_client, next_url=DASHBOARD)
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert TOTPDevice.objects.get(user=user).confirmed
    assert events("otp.enrol") == 1
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert reverse("accounts:otp") in mail.outbox[0].body
    # the session is verified; the codes are not shown again
    assert unverified_client.get(DASHBOARD).status_code == 200
    overview = unverified_client.get(reverse("accounts:otp")).content.decode()
    assert not any(code in overview for code in codes)
    assert unverified_client.get(ENROL)["Location"] == reverse("accounts:otp")


def secret_on(html: str) -> str:
    found = re.search(r'<code class="secret" id="otp-secret">([A-Z2-7 ]+)</code>', html)
    assert found is not None
    return found.group(1)


def test_enrolment_refuses_a_wrong_code_and_a_tampered_secret(unverified_client, demo_orgs):
    user = demo_orgs.user("council")
    log_in(unverified_client, user.email)
    page = unverified_client.get(ENROL).content.decode()
    signed = unescape(re.search(r'name="key" value="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    wrong = unverified_client.post(ENROL, {"key": signed, "code": "000000"})
    assert wrong.status_code == 400
    assert "The code does not match" in wrong.content.decode()
    # the same secret is shown again (it may already be in the app)
    assert secret_on(wrong.content.decode()) == secret_on(page)
    # a secret the server did not give (or gave someone else) is not accepted
    forged = unverified_client.post(ENROL, {"key": signed[:-2] + "xx", "code": code_for(KEY)})
    assert forged.status_code == 400
    other = demo_orgs.user("council", "staff")
    theirs = mfa.new_enrolment(other)
    stolen = unverified_client.post(ENROL, {"key": theirs.signed, "code": code_for(theirs.key)})
    assert stolen.status_code == 400
    assert not TOTPDevice.objects.filter(user__in=[user, other]).exists()


def test_an_unverified_session_cannot_enrol_a_second_device(unverified_client, demo_orgs):
    user = demo_orgs.user("support_corporation")
    device_for(user)
    log_in(unverified_client, user.email)
    response = unverified_client.get(ENROL)
    assert location(response)[0] == VERIFY
    attempt = mfa.new_enrolment(user)
    posted = unverified_client.post(ENROL, {"key": attempt.signed, "code": code_for(attempt.key)})
    assert location(posted)[0] == VERIFY
    assert TOTPDevice.objects.filter(user=user).count() == 1


# ------------------------------------------------------------------------------------ the person's page
def test_new_recovery_codes_ask_for_the_password(client, demo_orgs):
    user = demo_orgs.user("municipality")
    client.force_login(user)
    old = mfa.regenerate_recovery_codes(user=user)
    url = reverse("accounts:otp_recovery_codes")
    wrong = client.post(url, {"codes-password": "nope"})
    assert wrong.status_code == 400
    assert "The password is wrong" in wrong.content.decode()
    assert mfa.recovery_codes_left(user) == 10
    before = events("otp.recovery_codes")
    ok = client.post(url, {"codes-password": PASSWORD})
    assert ok.status_code == 200
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", ok.content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    assert events("otp.recovery_codes") == before + 1
    assert not StaticToken.objects.filter(token__in=old).exists()


def test_removing_the_device_asks_for_the_password_and_sends_to_enrol(client, demo_orgs):
    user = demo_orgs.user("support_corporation")
    client.force_login(user)
    assert client.get(reverse("accounts:otp")).status_code == 200
    url = reverse("accounts:otp_remove")
    assert client.post(url, {"remove-password": "nope"}).status_code == 400
    assert TOTPDevice.objects.filter(user=user).exists()
    response = client.post(url, {"remove-password": PASSWORD})
    assert response["Location"] == ENROL
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert events("otp.remove") == 1
    # the session is no longer verified: every page sends to verify, which sends to enrol
    assert location(client.get(DASHBOARD))[0] == VERIFY
    assert client.get(ENROL).status_code == 200


def test_an_opted_in_landlord_may_remove_it(client, demo_orgs):
    user = demo_orgs.user("operator")
    client.force_login(user)
    enrol_with_the_page(client)
    response = client.post(reverse("accounts:otp_remove"), {"remove-password": PASSWORD})
    assert response["Location"] == reverse("accounts:otp")
    assert client.get(DASHBOARD).status_code == 200
    assert not mfa.required_for_user(user)


def test_password_attempts_on_the_2fa_page_are_limited(client, demo_orgs, settings):
    settings.SUMAI = {**settings.SUMAI, "REAUTH_RATE": "3/hour"}
    client.force_login(demo_orgs.user("council"))
    url = reverse("accounts:otp_remove")
    codes = [client.post(url, {"remove-password": "nope"}).status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]


def test_the_dashboard_links_to_the_2fa_page(client, demo_orgs):
    client.force_login(demo_orgs.user("support_corporation"))
    assert reverse("accounts:otp") in client.get(DASHBOARD).content.decode()


# ----------------------------------------------------------------------------------- re-authentication
@pytest.mark.urls(__name__)
def test_an_export_asks_for_the_password_again_after_the_window(client, demo_orgs, export_url, monkeypatch):
    user = demo_orgs.user("support_corporation")
    device = device_for(user)
    # a log-in through the page counts as having typed the password
    log_in(client, user.email)
    client.post(VERIFY, {"code": fresh_code(device)})
    assert client.get(export_url).content == b"exported"
    # six minutes later (the view asks for 5)
    start = time.time()
    monkeypatch.setattr(reauth.time, "time", lambda: start + 6 * 60)
    response = client.get(export_url + "?year=2026")
    assert location(response) == (reverse("accounts:reauth"), {"next": [export_url + "?year=2026"]})
    prompt = client.get(response["Location"])
    assert prompt.status_code == 200
    assert 'autocomplete="current-password"' in prompt.content.decode()
    wrong = client.post(response["Location"], {"password": "nope"})
    assert wrong.status_code == 400
    ok = client.post(response["Location"], {"password": PASSWORD})
    assert ok["Location"] == export_url + "?year=2026"
    assert client.get(export_url).content == b"exported"


@pytest.mark.urls(__name__)
def test_a_forced_log_in_has_not_typed_the_password(client, demo_orgs, export_url):
    client.force_login(demo_orgs.user("council"))
    response = client.get(export_url)
    assert location(response)[0] == reverse("accounts:reauth")
    ok = client.post(reverse("accounts:reauth"), {"password": PASSWORD, "next": "https://evil.example/"})
    assert ok["Location"] == DASHBOARD  # not to another site
    assert client.get(export_url).status_code == 200


def test_the_window_is_a_setting(settings, rf):
    settings.SUMAI = {**settings.SUMAI, "REAUTH_MINUTES": 3}
    request = rf.get("/")
    request.session = {reauth.REAUTH_SESSION_KEY: int(time.time()) - 4 * 60}
    assert not reauth.password_entered_within(request)
    assert reauth.password_entered_within(request, minutes=5)
    assert reauth.window_minutes() == 3


def test_the_password_prompt_is_limited(client, demo_orgs, settings):
    settings.SUMAI = {**settings.SUMAI, "REAUTH_RATE": "2/hour"}
    client.force_login(demo_orgs.user("operator"))
    url = reverse("accounts:reauth")
    assert [client.post(url, {"password": "nope"}).status_code for _ in range(3)] == [400, 400, 429]


# -------------------------------------------------------------------------------------------- sessions
def test_an_idle_verified_session_ends_and_the_next_log_in_asks_for_the_code_again(
    unverified_client, demo_orgs, settings, monkeypatch
):
    settings.SUMAI = {**settings.SUMAI, "SESSION_IDLE_SECONDS": 600}
    user = demo_orgs.user("support_corporation")
    device = device_for(user)
    log_in(unverified_client, user.email)
    unverified_client.post(VERIFY, {"code": fresh_code(device)})
    assert unverified_client.get(DASHBOARD).status_code == 200
    start = time.time()
    monkeypatch.setattr(guards.time, "time", lambda: start + 700)
    response = unverified_client.get(DASHBOARD)
    assert location(response)[0] == reverse("accounts:login")
    assert DEVICE_ID_SESSION_KEY not in unverified_client.session
    monkeypatch.undo()
    assert location(log_in(unverified_client, user.email))[0] == VERIFY


def test_verifying_gives_a_new_session_key(unverified_client, demo_orgs):
    from django.conf import settings

    user = demo_orgs.user("council")
    device = device_for(user)
    log_in(unverified_client, user.email)
    before = unverified_client.cookies[settings.SESSION_COOKIE_NAME].value
    unverified_client.post(VERIFY, {"code": fresh_code(device)})
    assert unverified_client.cookies[settings.SESSION_COOKIE_NAME].value != before


# ------------------------------------------------------------------------------------------------ demo
def test_the_demo_logins_that_must_use_it_get_the_printed_secret(db):
    from io import StringIO

    from django.core.management import call_command

    from sumai.demo.core import DEMO_DOMAIN, create_demo_users, demo_totp_key
    from sumai.demo.generate import generate

    generate(size_name="tiny", progress=lambda m: None)
    logins = {login.email: login for login in create_demo_users()}
    required = {
        f"{local}@{DEMO_DOMAIN}"
        for local in ("support", "caseworker", "council", "municipality", "referral", "admin")
    }
    assert {email for email, login in logins.items() if login.second_factor} == required
    for email in required:
        device = TOTPDevice.objects.get(user__email=email)
        assert device.key == demo_totp_key()
    out = StringIO()
    call_command("demo_otp", stdout=out)
    code = out.getvalue().split()[0]
    assert re.fullmatch(r"\d{6}", code)
    user = User.objects.get(email=f"support@{DEMO_DOMAIN}")
    assert mfa.check_code(user=user, code=code).ok


def test_a_platform_administrator_can_give_a_one_time_code_to_someone_who_lost_everything(
    unverified_client, demo_orgs
):
    """docs/operations.md: ``sumai addstatictoken <e-mail>`` (django-otp) for a lost phone and lost codes."""
    from io import StringIO

    from django.core.management import call_command

    user = demo_orgs.user("support_corporation")
    device_for(user)
    out = StringIO()
    call_command("addstatictoken", user.email, stdout=out)
    code = out.getvalue().strip()
    log_in(unverified_client, user.email)
    assert unverified_client.post(VERIFY, {"recovery_code": code}).status_code == 302
    # then they replace the authenticator on their 2FA page
    assert unverified_client.get(reverse("accounts:otp")).status_code == 200


def test_the_events_read_as_words_on_the_platform_and_history_pages(client, demo_orgs, settings):
    settings.SUMAI = {**settings.SUMAI, "OTP_MAX_FAILURES": 1}
    user = demo_orgs.user("council")
    device_for(user)
    mfa.regenerate_recovery_codes(user=user)
    mfa.check_code(user=user, code="000000")  # locks at once with a limit of 1
    client.force_login(demo_orgs.superuser)
    client.cookies["sumai_language"] = "ja"
    pages = [
        reverse("accounts:platform_user", kwargs={"user_id": user.pk}),
        reverse("audit:history", kwargs={"object_type": "accounts.user", "object_id": str(user.pk)}),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "リカバリーコードを再発行" in html, url
        assert "誤ったコードの入力が続いたため2段階認証をロック" in html, url
        assert "otp." not in html, url
    history = client.get(pages[1]).content.decode()
    assert "2段階認証のロック解除日時" in history
