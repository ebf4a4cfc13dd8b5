"""``sumai demo --size small|national``: deterministic synthetic data and one login per kind of user."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sumai.demo.generate import DemoAlreadyLoaded, generate
from sumai.demo.sizes import SIZES


class Command(BaseCommand):
    help = "Generate demo data (small: a few thousand units; national: 1,000,000 units) and demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=20261130)
        parser.add_argument("--force", action="store_true", help="Replace demo data already loaded.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when data is already loaded.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()

        def progress(message: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:6.1f}s] {message}")
            self.stdout.flush()

        try:
            logins = generate(
                size_name=options["size"], seed=options["seed"], progress=progress, force=options["force"]
            )
        except DemoAlreadyLoaded as exc:
            if options["if_empty"]:
                from sumai.demo.core import create_demo_users

                logins = create_demo_users()
            else:
                raise CommandError(f"{exc}.") from exc
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f}s."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {settings.SUMAI['DEMO_PASSWORD']}):")
        for login in logins:
            mark = " *" if login.second_factor else "  "
            self.stdout.write(f" {mark}{login.email:<32} {login.description}")
        if any(login.second_factor for login in logins):
            secret = str(settings.SUMAI["DEMO_TOTP_SECRET"])
            grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
            self.stdout.write("")
            self.stdout.write(
                "* Two-factor authentication: after the password these logins ask for a 6-digit code.\n"
                f"  Add this secret to an authenticator app (time-based): {grouped}\n"
                "  or print the current code with: .venv/bin/sumai demo_otp"
            )
