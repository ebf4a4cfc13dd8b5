"""Store today's counts of registered units by municipality as open data (run daily by cron; see
docs/open-data.md). Running it again for the same date replaces that date's rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from sumai.core.singleton import SingleRunCommand
from sumai.search.opendata import take_snapshot


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date: {value!r} is not a date (YYYY-MM-DD)") from exc


class Command(SingleRunCommand):
    help = "Store the counts of registered units by municipality as the open-data snapshot of a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            dest="day",
            help="date of the snapshot, YYYY-MM-DD (default: today, Japan time); not in the future. "
            "The counts are always those of the index now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        day = _date(options["day"]) if options.get("day") else today
        if day > today:
            raise CommandError(f"--date: {day} is in the future")
        rows = take_snapshot(on=day)
        self.stdout.write(self.style.SUCCESS(f"open-data snapshot {day}: {rows:,} municipalities"))
