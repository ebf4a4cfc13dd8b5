"""``sumai demo_otp``: the current code of the demo authenticator (``SUMAI["DEMO_TOTP_SECRET"]``), for
trying the demo logins that ask for a second factor without an authenticator app. Reads no database: the demo
secret is public (it is printed by ``sumai demo`` and in the README)."""

from __future__ import annotations

import time
from binascii import unhexlify
from typing import Any

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from sumai.demo.core import demo_totp_key


class Command(BaseCommand):
    help = "Print the current 6-digit code of the demo authenticator (the demo logins' second factor)."

    def handle(self, *args: Any, **options: Any) -> None:
        totp = TOTP(unhexlify(demo_totp_key()), step=30, t0=0, digits=6, drift=0)
        now = time.time()
        totp.time = now
        left = 30 - int(now % 30)
        self.stdout.write(f"{totp.token():06d}  (valid for {left} more seconds, then the next one)")
