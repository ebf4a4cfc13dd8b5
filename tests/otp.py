"""Two-factor authentication in tests: a known authenticator for a user, its codes, and a test client whose
log-ins are verified sessions for those who must use a second factor (as a real person's would be after
typing the code). 2FA stays on in the test settings; tests of enforcement use :class:`UnverifiedClient`."""

from __future__ import annotations

import time
from binascii import unhexlify
from typing import Any

from django.test import Client

# A fixed secret, so that a browser test (and a person reading it) can compute codes.
KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, "12345678901234567890"


def device_for(user: Any, key: str = KEY) -> Any:
    """The user's confirmed authenticator (made with ``key`` when there is none)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", key=key, confirmed=True)
    return device


def code_for(key: str = KEY, *, at: float | None = None, steps_ahead: int = 0) -> str:
    """The 6-digit code of ``key`` at ``at`` (now), ``steps_ahead`` time steps later."""
    from django_otp.oath import TOTP

    totp = TOTP(unhexlify(key), step=30, t0=0, digits=6, drift=0)
    totp.time = (time.time() if at is None else at) + 30 * steps_ahead
    return f"{totp.token():06d}"


def fresh_code(device: Any) -> str:
    """A code the device accepts now: never one of a time step already used (django-otp refuses a code
    twice); waits for the next step when the current and the next one were both used."""
    device.refresh_from_db()
    now = time.time()
    current = int(now // 30)
    ahead = max(0, device.last_t + 1 - current)
    if ahead > 1:
        time.sleep(30 * (device.last_t - current) + (30 - now % 30) + 0.1)
        return fresh_code(device)
    return code_for(device.key, steps_ahead=ahead)


def verify_session(client: Client, user: Any) -> None:
    """Mark the client's session verified by the user's authenticator (made when missing)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = device_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def password_typed(client: Client) -> None:
    """Mark the client's session as if the person had just typed their password (at log-in or on the prompt
    of ``sumai.accounts.reauth``): the exports that ask for it again let them through for a while."""
    from sumai.accounts.reauth import REAUTH_SESSION_KEY

    session = client.session
    session[REAUTH_SESSION_KEY] = int(time.time())
    session.save()


class VerifiedClient(Client):
    """``login``/``force_login`` give a verified session to a person who must use a second factor (so that
    tests of other features need not type codes); everyone else is logged in as Django would."""

    def _login(self, user: Any, backend: str | None = None) -> None:
        super()._login(user, backend)
        from sumai.accounts.mfa import required_for_user

        if required_for_user(user):
            verify_session(self, user)


class UnverifiedClient(Client):
    """Django's own client: a log-in is only the password step."""
