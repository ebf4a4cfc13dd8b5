"""The housing figures of the public statistics (issue #14 item 12), counted from the public index — the
registered units the public can find — so that the statistics, the open data and the search never disagree.

One function per figure; the statistics pages get them through the kernel's contributions
(``statistics.housing_by_prefecture``, ``statistics.registration_trend``), the open-data page directly.
A unit counts as vacant now when its vacancy is *vacant* and was confirmed within the validity period (the
same rule as the search's "vacant now" and the open data's daily counts). Results are cached until the index
changes (and at most :data:`sumai.search.cache.TIMEOUT_SECONDS`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from sumai.core.vacancy import valid_days
from sumai.search.cache import cached
from sumai.search.models import VACANT, SearchUnit


@dataclass(frozen=True)
class HousingCounts:
    registered: int = 0
    dedicated: int = 0
    vacant: int = 0
    buildings: int = 0


def housing_by_prefecture() -> dict[str, HousingCounts]:
    """Prefecture code → registered units, dedicated units (専用住宅), units vacant now, buildings."""
    return cached("stats-prefecture", "", _housing_by_prefecture)


def _housing_by_prefecture() -> dict[str, HousingCounts]:
    cutoff = timezone.now() - timedelta(days=valid_days())
    rows = (
        SearchUnit.objects.values("prefecture_code")
        .annotate(
            units=Count("unit"),
            dedicated_units=Count("unit", filter=Q(dedicated=True)),
            vacant_units=Count("unit", filter=Q(vacancy=VACANT, vacancy_confirmed_at__gte=cutoff)),
            building_count=Count("building", distinct=True),
        )
        .order_by("prefecture_code")
    )
    return {
        r["prefecture_code"]: HousingCounts(
            r["units"], r["dedicated_units"], r["vacant_units"], r["building_count"]
        )
        for r in rows
    }


def housing_totals() -> HousingCounts:
    """The national totals of :func:`housing_by_prefecture` (the same counts, added up)."""
    rows = housing_by_prefecture().values()
    return HousingCounts(
        sum(r.registered for r in rows),
        sum(r.dedicated for r in rows),
        sum(r.vacant for r in rows),
        sum(r.buildings for r in rows),
    )


def registration_trend() -> list[tuple[date, int, int]]:
    """(first day of the month, units registered that month, registered units at its end) from the first
    month with a registration to this month, months without one included; counts the units registered today
    by the date their registration took effect (a unit withdrawn since is no longer counted)."""
    return cached("stats-trend", "", _registration_trend)


def _registration_trend() -> list[tuple[date, int, int]]:
    rows = (
        SearchUnit.objects.annotate(month=TruncMonth("registered_on"))
        .values("month")
        .annotate(n=Count("unit"))
        .order_by("month")
    )
    by_month = {_first_of_month(r["month"]): r["n"] for r in rows if r["month"] is not None}
    if not by_month:
        return []
    month, last = min(by_month), _first_of_month(timezone.localdate())
    trend, total = [], 0
    while month <= max(last, max(by_month)):
        n = by_month.get(month, 0)
        total += n
        trend.append((month, n, total))
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return trend


def _first_of_month(value: date) -> date:
    return date(value.year, value.month, 1)
