"""Logging in through the pages, the second factor included: a person who must use one (platform staff,
household-holding organisations; sumai.accounts.mfa) is given the test authenticator (tests/otp.py) when they
have none, and types its code on the verify page, as they would from their phone."""

from __future__ import annotations

import re
from typing import Any

from tests.factories import PASSWORD
from tests.otp import device_for, fresh_code

VERIFY_PATH = re.compile(r"/accounts/2fa/verify/")


def type_code(page: Any, device: Any) -> None:
    """On the verify page: the authenticator's current code."""
    page.wait_for_url(VERIFY_PATH)
    page.locator("input[name=code]").fill(fresh_code(device))
    page.locator("form:has(input[name=code]) button[type=submit]").click()


def log_in(page: Any, email: str, *, password: str = PASSWORD, lands: str = r"/dashboard/$") -> None:
    from sumai.accounts.mfa import required_for_user
    from sumai.accounts.models import User

    user = User.objects.get(email__iexact=email)
    device = device_for(user) if required_for_user(user) else None
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    if device is not None:
        type_code(page, device)
    page.wait_for_url(re.compile(lands))
