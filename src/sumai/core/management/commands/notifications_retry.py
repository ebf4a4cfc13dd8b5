"""Send again the e-mails whose delivery failed (cron, every 5 minutes; docs/operations.md)."""

from __future__ import annotations

from typing import Any

from sumai.core.notifications import retry_due
from sumai.core.singleton import SingleRunCommand


class Command(SingleRunCommand):
    help = "Retry e-mail deliveries that failed or were never sent."

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = retry_due()
        self.stdout.write(f"sent {sent}, failed {failed}")
