"""Two-factor authentication on a phone (390×844), in Japanese, in real Chromium with axe: a support
corporation's staff member logs in, is sent to set up an authenticator (reads the secret off the page, as they
would type it into an app), sees the recovery codes once, logs out, logs in again with a code, and once more
with a recovery code."""

from __future__ import annotations

import re
import time
from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.login import VERIFY_PATH, type_code
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PHONE = {"width": 390, "height": 844}
ENROL_PATH = re.compile(r"/accounts/2fa/setup/")


def code_from_secret(secret: str) -> str:
    """What an authenticator app shows for a base32 secret typed by hand (RFC 6238, via django-otp)."""
    key = b32decode(secret.replace(" ", ""))
    totp = TOTP(key, step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return f"{totp.token():06d}"


def fits_the_screen(page: Any, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{where}: the page is {width}px wide"


def password_step(page: Any, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def log_out(page: Any) -> None:
    page.get_by_role("button", name="メニュー").click()
    page.locator("form.logout-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def test_support_staff_enrols_on_a_phone_and_logs_in_with_a_code(
    world: Any, new_page: Any, assert_accessible: Any
) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = world.user("support_corporation", "staff")
    phone = new_page()
    phone.set_viewport_size(PHONE)

    # the password, then straight to setting up the second factor (no device yet)
    password_step(phone, user.email)
    phone.wait_for_url(ENROL_PATH)
    expect(phone.locator("h1")).to_have_text("2段階認証の設定")
    qr = phone.locator(".qr svg[role=img]")
    expect(qr).to_be_visible()
    assert (qr.get_attribute("aria-label") or "").strip()
    fits_the_screen(phone, "enrolment")
    assert_accessible(phone, "enrolment on a phone")

    # the secret as written out on the page is what a person types into the app
    secret = phone.locator("#otp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4}){7}", secret), secret
    phone.get_by_label("6桁のコード").fill(code_from_secret(secret))
    phone.get_by_role("button", name="確認して有効にする").click()

    # the recovery codes, once
    expect(phone.locator("h1")).to_have_text("リカバリーコード")
    codes = phone.locator("#recovery-codes li code").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes), codes
    expect(phone.locator("[data-print]")).to_be_visible()  # the print button (its script ran)
    # one press, one print dialog (two scripts each worked the button: the dialog came twice)
    phone.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    phone.locator("[data-print]").click()
    assert phone.evaluate("window.printed") == 1
    fits_the_screen(phone, "recovery codes")
    assert_accessible(phone, "recovery codes on a phone")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    phone.get_by_role("link", name="コードを控えました。続ける").click()
    phone.wait_for_url(re.compile(r"/dashboard/$"))
    expect(phone.locator("main")).to_contain_text(world.orgs["support_corporation"].name)

    # log out, log in again: the password, then a code from the app
    log_out(phone)
    password_step(phone, user.email)
    phone.wait_for_url(VERIFY_PATH)
    expect(phone.locator("input[name=code]")).to_have_attribute("autocomplete", "one-time-code")
    fits_the_screen(phone, "verify")
    assert_accessible(phone, "verify on a phone")
    phone.expected_errors.append("status of 400")  # a wrong code: the form comes back with its error, a 400
    phone.locator("input[name=code]").fill("000000")
    phone.locator("form:has(input[name=code]) button[type=submit]").click()
    expect(phone.locator("#error-summary")).to_be_visible()
    assert_accessible(phone, "verify with a wrong code")
    type_code(phone, device)
    phone.wait_for_url(re.compile(r"/dashboard/$"))

    # the 2FA page from the dashboard
    phone.get_by_role("link", name="2段階認証").click()
    expect(phone.locator("main")).to_contain_text("10")  # recovery codes left
    assert_accessible(phone, "two-factor page on a phone")

    # and once with a recovery code instead of the phone
    log_out(phone)
    password_step(phone, user.email)
    phone.wait_for_url(VERIFY_PATH)
    phone.locator("main details summary").click()
    phone.get_by_label("リカバリーコード").fill(codes[0])
    phone.locator("form:has(input[name=recovery_code]) button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/dashboard/$"))
    expect(phone.locator(".messages")).to_contain_text("9")
