"""The daily job of the inquiries (``sumai inquiries_daily``, run by cron like the registry's
``vacancy_daily``): every inquiry still open after its answer deadline becomes expired, by the system."""

from __future__ import annotations

from datetime import date

from sumai.placements.services_inquiries import expire_overdue


def daily(*, today: date | None = None) -> dict[str, int]:
    return {"expired": expire_overdue(today=today)}
