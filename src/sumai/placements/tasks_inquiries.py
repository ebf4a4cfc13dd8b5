"""The daily job of the inquiries (``sumai inquiries_daily``, run by cron like the registry's
``vacancy_daily``): every inquiry still open after its answer deadline becomes expired, by the system; every
landlord's record of answers is counted again from its inquiries (the services keep it up to date; the
recount repairs what any other write — a restore, a fix by hand — left behind)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from sumai.placements.services_inquiries import expire_overdue, recount_landlord_records


def daily(*, today: date | None = None) -> dict[str, int]:
    expired = expire_overdue(today=today)
    with transaction.atomic():
        landlords = recount_landlord_records()
    return {"expired": expired, "landlord_records": landlords}
