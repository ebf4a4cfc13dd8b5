"""``sumai anonymise_cases``: anonymise the households whose cases closed longer ago than the retention
period (``sumai.cases.retention``; docs/cases-statistics.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from sumai.cases import retention
from sumai.core.singleton import SingleRunCommand


class Command(SingleRunCommand):
    help = (
        "Anonymise every household whose cases all closed more than SUMAI['CASE_RETENTION_DAYS'] days "
        "ago (and that has no referral waiting for an answer): names, birth dates, addresses, contacts, "
        "texts and documents go; the codes and dates the statistics count stay. Idempotent. --dry-run "
        "prints the counts and writes nothing. Cron, daily at 03:30: 30 3 * * * "
        "DJANGO_SETTINGS_MODULE=sumai.config.production /srv/sumai/.venv/bin/sumai anonymise_cases "
        ">> /var/log/sumai/retention.log 2>&1"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be anonymised; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        counts = retention.anonymise_due(dry_run=dry_run)
        days = settings.SUMAI["CASE_RETENTION_DAYS"]
        prefix = "dry run, would anonymise" if dry_run else "anonymised"
        self.stdout.write(f"{prefix} (cases closed over {days} days ago):")
        for key, value in counts.as_dict().items():
            self.stdout.write(f"  {key}: {value}")
