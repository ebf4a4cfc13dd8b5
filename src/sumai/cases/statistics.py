"""The figures of consultation and case work for the public statistics (issue #16, item 10;
docs/cases-statistics.md). Raw counts by municipality, read with GROUP BY queries; the insights app rolls
them up to prefectures and the nation and suppresses small cells before anything is shown. Registered with
the kernel as ``statistics.consultations`` and ``statistics.first_contact`` (the insights app never
imports this app). Every code goes out with its label, never alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, DateTimeField, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.utils.functional import Promise, lazy

from sumai.accounts.models import Organisation
from sumai.cases.forms import SITUATIONS
from sumai.cases.households import STATED_CIRCUMSTANCES
from sumai.cases.models import Case, ConsultationRequest, Household, PartnerProfile, Referral
from sumai.core.labels import group_label
from sumai.domain import casework

# A group's label in the language of the page that shows it, not of the request that counted: the counts
# are kept in a shared cache and served to every language (the walk: every page showed the circumstances in
# the language of the first visitor after a restart — Portuguese on the Japanese page).
group_label_lazy = lazy(group_label, str)

Counts = dict[str, dict[str, int]]  # municipality code -> category code -> count


@dataclass(frozen=True)
class Breakdown:
    """Counts of one population by one coded property. The population is a key of
    ``ConsultationCounts.populations``, ``"<breakdown>:<category>"`` for a cell of another breakdown, or any
    other name for the sum of the categories. ``additive``: every member of the population has exactly one
    category (the categories sum to the population); otherwise a member may have several or none (the
    situations of a request). ``groups`` are published subtotals of some categories."""

    key: str
    population: str
    additive: bool
    categories: tuple[tuple[str, str | Promise], ...]
    counts: Counts
    groups: tuple[tuple[str, str | Promise, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class ConsultationCounts:
    populations: dict[str, dict[str, int]]  # population -> municipality code -> count
    breakdowns: tuple[Breakdown, ...]
    housed_reasons: tuple[str, ...] = field(default_factory=tuple)


def _grouped(qs: QuerySet[Any], area: str, category: str) -> Counts:
    out: Counts = {}
    for row in qs.values(area, category).annotate(n=Count("pk")).order_by():
        key = row[category]
        key = key.strftime("%Y-%m") if hasattr(key, "strftime") else str(key)
        out.setdefault(row[area], {})[key] = row["n"]
    return out


def _listed(qs: QuerySet[Any], area: str, json_field: str, codes: Sequence[str]) -> Counts:
    """Members of a JSON list counted by code with one GROUP BY (a filtered count per code: the text of
    the list holds the quoted code)."""
    aggregates: dict[str, Any] = {
        f"c_{i}": Count("pk", filter=Q(**{f"{json_field}__icontains": f'"{code}"'}))
        for i, code in enumerate(codes)
    }
    out: Counts = {}
    for row in qs.values(area).annotate(**aggregates).order_by():
        out[row[area]] = {code: row[f"c_{i}"] for i, code in enumerate(codes) if row[f"c_{i}"]}
    return out


def _population(qs: QuerySet[Any], area: str) -> dict[str, int]:
    return {row[area]: row["n"] for row in qs.values(area).annotate(n=Count("pk")).order_by()}


def _choices(choices: Any) -> tuple[tuple[str, str | Promise], ...]:
    return tuple((str(code), label) for code, label in choices if code)


def referrer_kinds() -> tuple[tuple[str, str | Promise], ...]:
    """The kinds a referral's ``from_kind`` holds: a kind of organisation or of referral partner."""
    return _choices(Organisation.Kind.choices) + tuple(
        (code, label) for code, label in _choices(PartnerProfile.Kind.choices)
    )


def consultation_counts() -> ConsultationCounts:
    """Every count of the public statistics by municipality (eleven GROUP BY queries, whatever the rows)."""
    requests = ConsultationRequest.objects.all()
    cases = Case.objects.all()
    closed = cases.filter(status=Case.Status.CLOSED)
    households = Household.objects.all()
    referrals = Referral.objects.all()
    req_area, hh_area = "municipality_id", "household__municipality_id"
    situation_codes = [str(code) for code, _label in SITUATIONS]
    month = TruncMonth("created_at", output_field=DateTimeField())
    months = requests.annotate(month=month)
    kinds = referrer_kinds()
    by_kind: Counts = {}
    by_kind_state = referrals.values(hh_area, "from_kind", "state").annotate(n=Count("pk")).order_by()
    accepted: Counts = {}
    declined: Counts = {}
    for row in by_kind_state:
        per = by_kind.setdefault(row[hh_area], {})
        per[row["from_kind"]] = per.get(row["from_kind"], 0) + row["n"]
        target = {Referral.State.ACCEPTED: accepted, Referral.State.DECLINED: declined}.get(row["state"])
        if target is not None:
            target.setdefault(row[hh_area], {})[row["from_kind"]] = row["n"]
    month_counts = _grouped(months, req_area, "month")
    month_codes = sorted({m for per in month_counts.values() for m in per})
    return ConsultationCounts(
        populations={
            "requests": _population(requests, req_area),
            "cases": _population(cases, hh_area),
            "households": _population(households, "municipality_id"),
            "referrals": _population(referrals, hh_area),
        },
        breakdowns=(
            Breakdown(
                "route",
                "requests",
                True,
                _choices(ConsultationRequest.RouteKind.choices),
                _grouped(requests, req_area, "route"),
            ),
            Breakdown(
                "situation",
                "requests",
                False,
                tuple((str(c), label) for c, label in SITUATIONS),
                _listed(requests, req_area, "situations", situation_codes),
            ),
            Breakdown("month", "requests", True, tuple((m, m) for m in month_codes), month_counts),
            Breakdown(
                "status", "cases", True, _choices(Case.Status.choices), _grouped(cases, hh_area, "status")
            ),
            Breakdown(
                "outcome",
                "status:closed",  # the closed cases: the "closed" cell of the status breakdown
                True,
                _choices(Case.CloseReason.choices),
                _grouped(closed, hh_area, "close_reason"),
                groups=(("housed", "", tuple(sorted(str(r) for r in casework.HOUSED_REASONS))),),
            ),
            Breakdown(
                "circumstance",
                "households",
                False,
                tuple((c, group_label_lazy(c)) for c in STATED_CIRCUMSTANCES),
                _listed(households, "municipality_id", "circumstances", STATED_CIRCUMSTANCES),
            ),
            Breakdown("referral_kind", "referrals", True, kinds, by_kind),
            Breakdown("referral_accepted", "referrals_accepted", True, kinds, accepted),
            Breakdown("referral_declined", "referrals_declined", True, kinds, declined),
        ),
        housed_reasons=tuple(sorted(str(r) for r in casework.HOUSED_REASONS)),
    )


# ---------------------------------------------------------------------------------- time to first contact


def _working_day_index(first: date, last: date) -> dict[date, int]:
    """For each day from ``first`` to ``last``: the working days after ``first`` up to it, so that the
    working days between two days are the difference of their indexes (one calendar walk, not one per
    record; the same count as :func:`sumai.domain.casework.working_days_between`)."""
    index = {first: 0}
    n = 0
    day = first
    while day < last:
        day += timedelta(days=1)
        if casework.is_working_day(day):
            n += 1
        index[day] = n
    return index


def _distribution(qs: QuerySet[Any], start: str, end: str) -> dict[int, int]:
    """``{working days: how many}`` from ``start`` to ``end`` (both datetimes, days in local time), from
    the count of each (start day, end day) pair."""
    pairs = list(
        qs.filter(**{f"{end}__isnull": False})
        .annotate(s=TruncDate(start), e=TruncDate(end))
        .values("s", "e")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not pairs:
        return {}
    first = min(p["s"] for p in pairs)
    last = max(max(p["e"] for p in pairs), first)
    index = _working_day_index(first, last)
    out: dict[int, int] = {}
    for p in pairs:
        days = max(0, index[p["e"]] - index[p["s"]]) if p["e"] >= p["s"] else 0
        out[days] = out.get(days, 0) + p["n"]
    return out


def first_contact(*, municipality_codes: Sequence[str] | None = None) -> dict[str, dict[int, int]]:
    """How many working days passed before the first contact: ``{"request": {days: n}, "referral": …}`` for
    requests (received → first contact) and referrals (sent → the receiver's first contact), of the given
    municipalities (all when None). Only those contacted are counted."""
    requests = ConsultationRequest.objects.all()
    referrals = Referral.objects.all()
    if municipality_codes is not None:
        requests = requests.filter(municipality_id__in=list(municipality_codes))
        referrals = referrals.filter(household__municipality_id__in=list(municipality_codes))
    return {
        "request": _distribution(requests, "created_at", "first_contact_at"),
        "referral": _distribution(referrals, "sent_at", "first_contact_at"),
    }
