"""Retention (issue #16, item 9): a household whose cases all closed longer ago than the retention period is
anonymised by ``sumai anonymise_cases`` — not before, not while a case is open or a referral waits; once
only; the dry run writes nothing; documents leave the storage; the codes and dates stay."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from sumai.audit.models import AccessLog, AuditEvent
from sumai.cases import retention
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
from tests.cases.conftest import SETAGAYA

pytestmark = pytest.mark.django_db

DAYS = 30


@pytest.fixture(autouse=True)
def _short_retention(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.SUMAI = {**settings.SUMAI, "CASE_RETENTION_DAYS": DAYS}
    settings.MEDIA_ROOT = str(tmp_path)


def _household(area, *, closed_days_ago: int | None, reference: str = "S-TEST-0001") -> Household:  # type: ignore[no-untyped-def]
    """A household from a request, with a member, a version, a case (closed ``closed_days_ago`` days ago,
    or open), a note, a document, a task, a consent and an accepted referral."""
    org = area.setagaya_desk
    request = ConsultationRequest.objects.create(
        reference=reference,
        municipality_id=SETAGAYA,
        members=[{"age": 72}, {"age": 68}],
        situations=["dv", "homeless"],
        help_wanted=["homes"],
        language="ja",
        name="山田花子",
        contact_method="phone",
        phone="090-1234-5678",
        email="hanako@example.jp",
        contact_times="平日の午前",
        message="夫から逃げています",
        consent_at=timezone.now(),
        urgent=True,
        organisation=org,
        route="municipal_desk",
        first_contact_at=timezone.now(),
    )
    household = Household.objects.create(
        organisation=org,
        request=request,
        pseudonym=f"世帯 {reference}",
        municipality_id=SETAGAYA,
        address="東京都世田谷区太子堂1-2-3",
        urgency="critical",
        circumstances=["dv", "foreign_national"],
        preferred_areas="三軒茶屋",
        near="太子堂小学校",
        languages="日本語",
        emergency_contacts="妹 090-0000-0000",
        hidden=True,
    )
    HouseholdMember.objects.create(
        household=household,
        name="山田花子",
        role="applicant",
        birth_date=date(1953, 6, 1),
        age_stated=72,
        disability="ordinary",
        certificate="身体障害者手帳 2級",
        care_level="care_1",
        pension_gross=1_200_000,
    )
    HouseholdVersion.objects.create(household=household, version=1, data={"address": "旧住所"})
    closed = closed_days_ago is not None
    case = Case.objects.create(
        household=household,
        organisation=org,
        status=Case.Status.CLOSED if closed else Case.Status.SEARCHING,
        close_reason=Case.CloseReason.HOUSED_STABLE if closed else "",
        closed_at=timezone.now() - timedelta(days=closed_days_ago) if closed_days_ago is not None else None,
    )
    CaseEntry.objects.create(case=case, kind="note", text="アパートの内見に同行した")
    doc = CaseEntry(
        case=case, kind="document", text="診断書", file_name="診断書.pdf", content_type="application/pdf"
    )
    doc.file.save("shindansho.pdf", ContentFile(b"%PDF-1.4 secret"), save=True)
    Task.objects.create(case=case, title="山田さんに電話", due=date(2025, 4, 1))
    consent = Consent.objects.create(
        household=household,
        purpose="あおばへの紹介",
        method="verbal",
        witness="佐藤一郎",
        given_on=date(2025, 1, 1),
    )
    Referral.objects.create(
        household=household,
        from_organisation=org,
        to_organisation=area.npo_a,
        from_kind="municipality",
        consent=consent,
        message="DVの事情あり",
        state=Referral.State.ACCEPTED,
        first_contact_due=date(2025, 1, 10),
    )
    AccessLog.objects.create(
        actor=None,
        organisation=org,
        object_type="cases.household",
        object_id=str(household.pk),
        purpose="view",
    )
    return household


def _run(*args: str) -> str:
    out = StringIO()
    call_command("anonymise_cases", *args, stdout=out)
    return out.getvalue()


def test_a_household_is_anonymised_after_the_period_and_its_codes_stay(
    area, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    household = _household(area, closed_days_ago=DAYS + 1)
    document = CaseEntry.objects.get(kind="document")
    stored = document.file.name
    assert default_storage.exists(stored)
    logs_before = AccessLog.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        output = _run()
    assert "households: 1" in output

    household.refresh_from_db()
    assert household.anonymised_at is not None
    # removed
    for value in (household.address, household.preferred_areas, household.near, household.emergency_contacts):
        assert value == ""
    member = household.members.get()
    assert (member.name, member.birth_date, member.certificate, member.pension_gross) == ("", None, "", 0)
    assert member.age_stated == 70  # the 5-year band of her age when the case closed
    assert not HouseholdVersion.objects.exists()
    assert set(CaseEntry.objects.values_list("text", flat=True)) == {""}
    assert set(CaseEntry.objects.values_list("file", flat=True)) == {""}
    assert not default_storage.exists(stored)
    assert Task.objects.get().title == ""
    request = ConsultationRequest.objects.get()
    assert (request.name, request.phone, request.email, request.message, request.contact_times) == ("",) * 5
    assert request.members == [{"age": 70}, {"age": 65}]
    consent = Consent.objects.get()
    assert (consent.purpose, consent.witness) == ("", "")
    assert Referral.objects.get().message == ""
    # kept: the codes and dates the statistics count, and the audit
    assert household.municipality_id == SETAGAYA
    assert household.circumstances == ["dv", "foreign_national"]
    assert (household.urgency, household.hidden) == ("critical", True)
    assert (member.role, member.disability, member.care_level) == ("applicant", "ordinary", "care_1")
    assert (request.municipality_id, request.route, request.urgent) == (SETAGAYA, "municipal_desk", True)
    assert (request.situations, request.help_wanted) == (["dv", "homeless"], ["homes"])
    assert request.created_at is not None
    assert request.first_contact_at is not None
    case = Case.objects.get()
    assert (case.status, case.close_reason) == ("closed", "housed_stable")
    assert case.closed_at is not None
    referral = Referral.objects.get()
    assert (referral.state, referral.from_kind) == ("accepted", "municipality")
    assert set(CaseEntry.objects.values_list("kind", flat=True)) == {"note", "document"}
    assert AccessLog.objects.count() == logs_before
    event = AuditEvent.objects.get(action="retention.anonymise")
    assert event.after["households"] == 1
    assert event.after["files_deleted"] == 1
    assert "山田" not in str(event.after)
    assert event.object_id == ""


def test_not_before_the_period(area):  # type: ignore[no-untyped-def]
    household = _household(area, closed_days_ago=DAYS - 1)
    _run()
    household.refresh_from_db()
    assert household.anonymised_at is None
    assert household.address
    assert not AuditEvent.objects.filter(action="retention.anonymise").exists()


def test_not_while_any_case_is_open(area):  # type: ignore[no-untyped-def]
    household = _household(area, closed_days_ago=DAYS + 100)
    Case.objects.create(household=household, organisation=area.npo_a, status=Case.Status.ASSESSING)
    _run()
    household.refresh_from_db()
    assert household.anonymised_at is None
    assert household.members.get().name == "山田花子"


def test_not_while_a_referral_waits_for_an_answer(area):  # type: ignore[no-untyped-def]
    household = _household(area, closed_days_ago=DAYS + 100)
    Referral.objects.update(state=Referral.State.SENT)
    _run()
    household.refresh_from_db()
    assert household.anonymised_at is None


def test_a_household_without_a_case_is_kept(area):  # type: ignore[no-untyped-def]
    household = _household(area, closed_days_ago=DAYS + 100)
    Case.objects.all().delete()
    assert not retention.due_households().filter(pk=household.pk).exists()


def test_a_second_run_does_nothing(area, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    household = _household(area, closed_days_ago=DAYS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        _run()
    household.refresh_from_db()
    first = household.anonymised_at
    events = AuditEvent.objects.count()
    output = _run()
    assert "households: 0" in output
    household.refresh_from_db()
    assert household.anonymised_at == first
    assert AuditEvent.objects.count() == events
    assert retention.anonymise_due().households == 0


def test_the_dry_run_counts_and_writes_nothing(area, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    _household(area, closed_days_ago=DAYS + 1)
    _household(area, closed_days_ago=DAYS - 1, reference="S-TEST-0002")
    stored = CaseEntry.objects.exclude(file="").values_list("file", flat=True)
    names = list(stored)
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = _run("--dry-run")
    assert callbacks == []
    assert "dry run" in output
    assert "households: 1" in output
    assert "files_deleted: 1" in output
    assert not Household.objects.filter(anonymised_at__isnull=False).exists()
    assert HouseholdVersion.objects.count() == 2
    assert all(default_storage.exists(n) for n in names)
    assert AuditEvent.objects.count() == events
    assert set(HouseholdMember.objects.values_list("name", flat=True)) == {"山田花子"}


def test_only_the_due_household_of_two_is_anonymised(area, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    old = _household(area, closed_days_ago=DAYS + 1)
    recent = _household(area, closed_days_ago=DAYS - 1, reference="S-TEST-0002")
    recent_doc = CaseEntry.objects.get(case__household=recent, kind="document").file.name
    with django_capture_on_commit_callbacks(execute=True):
        counts = retention.anonymise_due()
    assert counts.households == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at is not None
    assert recent.anonymised_at is None
    assert recent.address
    assert HouseholdVersion.objects.filter(household=recent).exists()
    assert default_storage.exists(recent_doc)
    assert ConsultationRequest.objects.get(household=recent).phone == "090-1234-5678"
