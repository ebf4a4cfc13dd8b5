"""Reads of the households and cases API (issue #16, item 11): the same scoping as the pages
(:mod:`sumai.cases.selectors`, :mod:`sumai.cases.selectors_cases`) with the filters a desk's own system
syncs by, and what the asker may see of many households at once without a query per household.

Consent decides exactly as on the household page: the holder sees everything; any other organisation sees
a household only while a consent in force names it, and of the sensitive categories only those some consent
in force covers for it (``sumai.domain.consent``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sumai.cases import selectors, selectors_cases
from sumai.cases.models import Case, CaseEntry, Consent, Household, Task
from sumai.core.access import Access
from sumai.domain import consent as domain_consent

ALL_CATEGORIES = frozenset(c.value for c in domain_consent.Category)


def households(*, visible_to: Access, updated_since: datetime | None = None) -> QuerySet[Household]:
    """The households the asker's organisations hold or a consent in force shows them, oldest id first
    (a stable order to page through), with their members and holder."""
    qs = selectors.households(visible_to=visible_to)
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    return (
        qs.select_related("organisation", "municipality", "municipality__prefecture")
        .prefetch_related("members")
        .order_by("pk")
    )


def household(*, pk: int, visible_to: Access) -> Household | None:
    """One household as :func:`sumai.cases.selectors.household_for` finds it (None: not visible)."""
    return selectors.household_for(pk=pk, visible_to=visible_to)


def categories_of(households: Iterable[Household], visible_to: Access) -> dict[int, frozenset[str]]:
    """The sensitive categories the asker may see of each household, in one query for all of them (what
    :func:`sumai.cases.selectors.categories_for` answers for one)."""
    rows = list(households)
    mine = {g.organisation_id for g in visible_to.grants}
    seen: dict[int, frozenset[str]] = {}
    others = []
    for h in rows:
        if h.organisation_id in mine:
            seen[h.pk] = ALL_CATEGORIES
        else:
            others.append(h)
    if not others:
        return seen
    facts: dict[int, list[domain_consent.ConsentFacts]] = {}
    consents = (
        Consent.objects.filter(
            household_id__in=[h.pk for h in others], organisations__in=mine, withdrawn_at__isnull=True
        )
        .distinct()
        .prefetch_related("organisations")
    )
    for consent in consents:
        facts.setdefault(consent.household_id, []).append(consent.facts())
    today = timezone.localdate()
    for h in others:
        cats: set[str] = set()
        for org in mine:
            cats |= domain_consent.visible_categories(
                viewer=org, holder=h.organisation_id, consents=facts.get(h.pk, []), on=today
            )
        seen[h.pk] = frozenset(cats)
    return seen


def sees_whereabouts(household: Household, categories: frozenset[str], visible_to: Access) -> bool:
    """Whether the asker may see where the household lives (address, near what, emergency contacts): the
    holder always; nobody else when it is hidden; a victim in hiding only with the DV category."""
    return any(
        domain_consent.may_see_whereabouts(
            viewer=g.organisation_id,
            holder=household.organisation_id,
            hidden=household.hidden,
            circumstances=household.circumstances,
            categories=categories,
        )
        for g in visible_to.grants
    )


def cases(
    *,
    visible_to: Access,
    status: str = "",
    caseworker: int | None = None,
    unassigned: bool = False,
    updated_since: datetime | None = None,
    opened_since: datetime | None = None,
) -> QuerySet[Case]:
    """The cases the asker's organisations work, oldest id first. ``status``: one status, ``open`` (any but
    closed) or empty (all). Updated since a time: opened, status changed, an entry on the timeline, or a
    task added or done at or after it."""
    if status == "open":
        qs = selectors_cases.cases(visible_to=visible_to)
    else:
        qs = selectors_cases.cases(visible_to=visible_to, status=status or "all")
    if caseworker is not None:
        qs = qs.filter(caseworker_id=caseworker)
    if unassigned:
        qs = qs.filter(caseworker__isnull=True)
    if opened_since is not None:
        qs = qs.filter(opened_at__gte=opened_since)
    if updated_since is not None:
        entries = CaseEntry.objects.filter(case=OuterRef("pk"), at__gte=updated_since)
        tasks = Task.objects.filter(
            Q(created_at__gte=updated_since) | Q(done_at__gte=updated_since), case=OuterRef("pk")
        )
        qs = qs.filter(
            Q(opened_at__gte=updated_since)
            | Q(status_changed_at__gte=updated_since)
            | Exists(entries)
            | Exists(tasks)
        )
    return qs.order_by("pk")


def case(*, pk: int, visible_to: Access) -> Case | None:
    return selectors_cases.case_for(pk=pk, visible_to=visible_to)


TIMELINE_LIMIT = 200
"""The newest entries a case's answer carries (``timeline_count`` says how many there are)."""


def timeline(case: Case) -> list[CaseEntry]:
    return list(selectors_cases.timeline(case)[:TIMELINE_LIMIT])


def timeline_count(case: Case) -> int:
    return case.entries.count()


def open_tasks(case: Case) -> list[Task]:
    return list(selectors_cases.open_tasks(case))
