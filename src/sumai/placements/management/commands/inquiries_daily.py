"""``sumai inquiries_daily``: expire the inquiries to landlords whose answer deadline has passed."""

from __future__ import annotations

from typing import Any

from sumai.core.singleton import SingleRunCommand
from sumai.placements.tasks_inquiries import daily


class Command(SingleRunCommand):
    help = (
        "Inquiries to landlords still waiting for an answer after their deadline (working days, "
        "params/placement_*.toml) become expired; the caseworker's timeline says so. Idempotent. Cron, daily "
        "at 00:30: 30 0 * * * DJANGO_SETTINGS_MODULE=sumai.config.production /srv/sumai/.venv/bin/sumai "
        "inquiries_daily >> /var/log/sumai/inquiries.log 2>&1"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for key, value in daily().items():
            self.stdout.write(f"{key}: {value}")
