"""``sumai vacancy_daily``: remind landlords whose vacancy data is about to expire, then expire it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from sumai.core.singleton import SingleRunCommand
from sumai.registry import vacancy


class Command(SingleRunCommand):
    help = (
        "Keep vacancy data true: e-mail each landlord whose units' vacancy expires within "
        "SUMAI['VACANCY_REMIND_DAYS_BEFORE'] days (at most once every 6 days, with one-click links), "
        "then set to 'unknown' every vacancy not confirmed for SUMAI['VACANCY_VALID_DAYS'] days. "
        "Safe to run more than once a day. Cron, daily at 06:00 (server time): "
        "0 6 * * * DJANGO_SETTINGS_MODULE=sumai.config.production /srv/sumai/.venv/bin/sumai vacancy_daily "
        "--base-url https://sumai.example.jp >> /var/log/sumai/vacancy.log 2>&1"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=settings.SUMAI.get("BASE_URL", ""),
            help="Scheme and host for the links in e-mails, e.g. https://sumai.example.jp "
            "(default: SUMAI['BASE_URL']).",
        )
        parser.add_argument("--no-reminders", action="store_true", help="Only expire stale vacancy.")

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = (options["base_url"] or "").rstrip("/")
        if not base_url and not options["no_reminders"]:
            self.stderr.write(
                "warning: no --base-url (or SUMAI['BASE_URL']); reminder e-mails use the default address."
            )
        reminded = 0 if options["no_reminders"] else vacancy.send_reminders(base_url=base_url)
        expired = vacancy.expire_stale()
        self.stdout.write(f"reminded operators: {reminded}")
        self.stdout.write(f"expired units: {expired}")
