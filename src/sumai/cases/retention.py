"""Retention of case work (issue #16, item 9; docs/cases-statistics.md "Retention").

A household is anonymised once it has at least one case, every case of it closed more than
``settings.SUMAI["CASE_RETENTION_DAYS"]`` days ago, and no referral of it still waiting for an answer.
Anonymising removes what identifies the people and what they or the caseworkers wrote, and keeps the codes
and dates the statistics count (docs/cases-statistics.md lists both). It is idempotent: an anonymised
household has ``anonymised_at`` and is never selected again. Run by ``sumai anonymise_cases`` (cron).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from sumai.audit.services import record_event
from sumai.cases.models import (
    Case,
    CaseEntry,
    Consent,
    ConsultationRequest,
    Household,
    HouseholdMember,
    HouseholdVersion,
    Referral,
    Task,
)
from sumai.core.transactions import delete_file_after_commit

AGE_BAND_YEARS = 5
"""Anonymised members keep only the lower bound of their 5-year age band (``age_stated``: 70 for 72)."""

BATCH = 500


class RetentionAction(models.TextChoices):
    ANONYMISE = "retention.anonymise", pgettext_lazy("audit action", "Closed cases anonymised")


@dataclass
class RetentionCounts:
    households: int = 0
    members: int = 0
    versions_deleted: int = 0
    entries_blanked: int = 0
    files_deleted: int = 0
    tasks_blanked: int = 0
    requests_blanked: int = 0
    consents_blanked: int = 0
    referrals_blanked: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def cutoff(now: datetime | None = None) -> datetime:
    """Cases closed before this moment are past the retention period."""
    return (now or timezone.now()) - timedelta(days=int(settings.SUMAI["CASE_RETENTION_DAYS"]))


def due_households(now: datetime | None = None) -> models.QuerySet[Household]:
    """Households to anonymise: not yet anonymised, with a case, every case closed before the cutoff, no
    referral waiting for an answer."""
    before = cutoff(now)
    cases = Case.objects.filter(household=OuterRef("pk"))
    return (
        Household.objects.filter(anonymised_at__isnull=True)
        .filter(Exists(cases))
        .exclude(Exists(cases.exclude(status=Case.Status.CLOSED)))
        .exclude(Exists(cases.filter(closed_at__gte=before)))
        .exclude(Exists(Referral.objects.filter(household=OuterRef("pk"), state=Referral.State.SENT)))
        .order_by("pk")
    )


def age_band(age: int | None) -> int | None:
    return None if age is None else age - age % AGE_BAND_YEARS


def _age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _banded_ages(members: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for m in members:
        age = m.get("age") if isinstance(m, dict) else None
        out.append({"age": age_band(age) if isinstance(age, int) else None})
    return out


def _anonymise_batch(chunk: list[int], counts: RetentionCounts, *, now: datetime) -> None:
    # selected again inside the transaction: a case reopened since the list was made keeps its household
    ids = list(
        due_households(now).filter(pk__in=chunk).select_for_update(of=("self",)).values_list("pk", flat=True)
    )
    if not ids:
        return
    last_closed = dict(
        Case.objects.filter(household_id__in=ids)
        .values("household_id")
        .annotate(last=models.Max("closed_at"))
        .values_list("household_id", "last")
    )
    members = list(HouseholdMember.objects.filter(household_id__in=ids))
    for m in members:
        closed = last_closed.get(m.household_id)
        on = timezone.localdate(closed) if closed else timezone.localdate(now)
        age = _age_on(m.birth_date, on) if m.birth_date else m.age_stated
        m.age_stated = age_band(age)
        m.name = ""
        m.birth_date = None
        m.certificate = ""
        m.salary_gross = m.pension_gross = m.other_income = 0
    HouseholdMember.objects.bulk_update(
        members,
        ["age_stated", "name", "birth_date", "certificate", "salary_gross", "pension_gross", "other_income"],
        batch_size=BATCH,
    )
    counts.members += len(members)

    counts.versions_deleted += HouseholdVersion.objects.filter(household_id__in=ids).delete()[0]

    entries = CaseEntry.objects.filter(case__household_id__in=ids)
    field = CaseEntry._meta.get_field("file")
    assert isinstance(field, models.FileField)
    for name in entries.exclude(file="").values_list("file", flat=True):
        delete_file_after_commit(field.storage, name)  # once the batch has committed
        counts.files_deleted += 1
    counts.entries_blanked += entries.exclude(text="", file="", file_name="").update(
        text="", file="", file_name="", content_type=""
    )
    counts.tasks_blanked += Task.objects.filter(case__household_id__in=ids).exclude(title="").update(title="")
    counts.consents_blanked += (
        Consent.objects.filter(household_id__in=ids)
        .exclude(purpose="", witness="")
        .update(purpose="", witness="")
    )
    counts.referrals_blanked += (
        Referral.objects.filter(household_id__in=ids)
        .exclude(message="", decline_text="")
        .update(message="", decline_text="")
    )

    requests = list(ConsultationRequest.objects.filter(household__pk__in=ids))
    for r in requests:
        r.name = r.phone = r.email = r.message = r.contact_times = ""
        r.contact_method = ""  # a phone or e-mail contact must name its number (check constraints)
        r.members = _banded_ages(r.members or [])
    ConsultationRequest.objects.bulk_update(
        requests,
        ["name", "phone", "email", "message", "contact_times", "contact_method", "members"],
        batch_size=BATCH,
    )
    counts.requests_blanked += len(requests)

    counts.households += Household.objects.filter(pk__in=ids, anonymised_at__isnull=True).update(
        address="",
        preferred_areas="",
        near="",
        emergency_contacts="",
        languages="",
        anonymised_at=now,
    )


def anonymise_due(*, dry_run: bool = False, now: datetime | None = None) -> RetentionCounts:
    """Anonymise every household past the retention period, in batches (one transaction each); one audit
    event with the counts when something was anonymised. ``dry_run`` counts what would be done and writes
    nothing."""
    now = now or timezone.now()
    ids = list(due_households(now).values_list("pk", flat=True))
    counts = RetentionCounts()
    if dry_run:
        counts.households = len(ids)
        counts.members = HouseholdMember.objects.filter(household_id__in=ids).count()
        counts.versions_deleted = HouseholdVersion.objects.filter(household_id__in=ids).count()
        entries = CaseEntry.objects.filter(case__household_id__in=ids)
        counts.entries_blanked = entries.exclude(text="", file="", file_name="").count()
        counts.files_deleted = entries.exclude(file="").count()
        counts.tasks_blanked = Task.objects.filter(case__household_id__in=ids).exclude(title="").count()
        counts.consents_blanked = (
            Consent.objects.filter(household_id__in=ids).exclude(purpose="", witness="").count()
        )
        counts.referrals_blanked = (
            Referral.objects.filter(household_id__in=ids).exclude(message="", decline_text="").count()
        )
        counts.requests_blanked = ConsultationRequest.objects.filter(household__pk__in=ids).count()
        return counts
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            _anonymise_batch(ids[start : start + BATCH], counts, now=now)
    if counts.households:
        record_event(
            actor=None,
            action=RetentionAction.ANONYMISE,
            object_type="cases.household",
            after={**counts.as_dict(), "retention_days": int(settings.SUMAI["CASE_RETENTION_DAYS"])},
        )
    return counts
