"""The demo's requests for help, routed by the real rules, its case work (issue #16, item 12), and
`demo --force` with households, cases and referrals present."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count, F

from sumai.domain import casework


@pytest.mark.django_db
def test_demo_requests_and_a_second_run_with_households() -> None:
    from sumai.cases.households import household_from_request
    from sumai.cases.models import Case, ConsultationRequest, Desk, Household, Referral
    from sumai.demo.generate import generate

    generate(size_name="tiny", progress=lambda m: None)
    assert Desk.objects.filter(organisation__municipality_id="131121").exists()  # the demo municipality
    states = set(ConsultationRequest.objects.values_list("state", flat=True))
    assert states <= {"new", "contacted", "closed"}
    assert {"contacted", "closed"} <= states
    assert ConsultationRequest.objects.filter(organisation__municipality_id="131121").exists()
    counts = (Household.objects.count(), Case.objects.count(), Referral.objects.count())
    mine = household_from_request(
        actor=None,  # type: ignore[arg-type]
        request=ConsultationRequest.objects.filter(household__isnull=True).first(),  # type: ignore[arg-type]
    )
    generate(size_name="tiny", progress=lambda m: None, force=True)  # case work no longer blocks it
    assert not Household.objects.filter(pk=mine.pk).exists()
    assert (Household.objects.count(), Case.objects.count(), Referral.objects.count()) == counts


@pytest.mark.django_db
def test_small_demo_case_work() -> None:
    """The small demo, generated once: every case state and close reason, every referral state and decline
    reason, hidden households, no household without members, partners of every kind, the demo logins."""
    from sumai.demo.generate import generate

    logins = generate(size_name="small", progress=lambda m: None)
    check_cases()
    check_referrals()
    check_households_tasks_and_partners()
    check_logins(logins)


def check_cases() -> None:
    from sumai.cases.models import Case

    assert set(Case.objects.values_list("status", flat=True)) == {s.value for s in casework.CaseState}
    reasons = set(Case.objects.filter(status="closed").values_list("close_reason", flat=True))
    assert reasons == {r.value for r in casework.CloseReason}
    assert not Case.objects.exclude(status="closed").exclude(close_reason="").exists()
    # worked by members of the organisation that works the case
    assigned = Case.objects.filter(caseworker__isnull=False)
    assert assigned.exists()
    assert not assigned.exclude(caseworker__memberships__organisation=F("organisation")).exists()


def check_referrals() -> None:
    from django.utils import timezone

    from sumai.cases.models import Referral
    from sumai.cases.selectors_cases import overdue

    assert set(Referral.objects.values_list("state", flat=True)) == {s.value for s in casework.ReferralState}
    reasons = set(Referral.objects.filter(state="declined").values_list("decline_reason", flat=True))
    assert reasons == {r.value for r in casework.DeclineReason}
    assert overdue(Referral.objects.all()).exists()  # some first contacts are late
    # each with its consent, naming the receiver; declined and withdrawn ones ended it
    for r in Referral.objects.select_related("consent").prefetch_related("consent__organisations")[:200]:
        assert r.consent.household_id == r.household_id
        assert [o.pk for o in r.consent.organisations.all()] == [r.to_organisation_id]
        assert (r.consent.withdrawn_at is not None) == (r.state in ("declined", "withdrawn"))
        assert casework.is_working_day(r.first_contact_due)
    accepted = Referral.objects.filter(state="accepted")
    assert not accepted.filter(case__isnull=True).exists()
    assert not accepted.exclude(case__organisation=F("to_organisation")).exists()
    dates = Referral.objects.values_list("sent_at", flat=True)
    assert (timezone.now() - min(dates)).days > 2 * 365  # three years of referrals


def check_households_tasks_and_partners() -> None:
    from django.utils import timezone

    from sumai.accounts.models import Membership, Organisation
    from sumai.cases.models import CaseEntry, Household, HouseholdMember, PartnerProfile, Task

    assert Household.objects.filter(hidden=True).exists()
    oldest = min(Household.objects.values_list("created_at", flat=True))
    assert (timezone.now() - oldest).days > 2 * 365  # dated from their first case, not from the demo's run
    assert not Household.objects.annotate(n=Count("members")).filter(n=0).exists()
    assert not HouseholdMember.objects.filter(birth_date__isnull=True).exists()
    assert HouseholdMember.objects.exclude(disability="").exists()
    assert HouseholdMember.objects.exclude(care_level="").exists()
    assert HouseholdMember.objects.filter(pension_gross__gt=0).exists()
    assert Household.objects.exclude(circumstances=[]).exists()
    hidden = Household.objects.filter(hidden=True).values_list("circumstances", flat=True)
    assert all("dv_victim" in c for c in hidden)
    # timelines and tasks on working days, some overdue, some due today (when today is one)
    assert {"note", "contact", "status", "referral"} <= set(CaseEntry.objects.values_list("kind", flat=True))
    today = timezone.localdate()
    open_tasks = Task.objects.filter(done_at__isnull=True)
    assert open_tasks.filter(due__lt=today).exists()
    if casework.is_working_day(today):
        assert open_tasks.filter(due=today).exists()
    assert all(casework.is_working_day(d) for d in Task.objects.values_list("due", flat=True).distinct())
    assert not open_tasks.filter(case__status="closed").exists()
    # referral partners of every kind, each with a member who can log in
    partners = Organisation.objects.filter(kind="referral_partner")
    kinds = set(PartnerProfile.objects.values_list("kind", flat=True))
    assert kinds == {k.value for k in casework.PartnerKind}
    assert PartnerProfile.objects.count() == partners.count()
    assert len(set(partners.values_list("prefecture_id", flat=True))) > 10
    assert not partners.exclude(pk__in=Membership.objects.values("organisation_id")).exists()
    assert Membership.objects.filter(organisation__kind="referral_partner").first().user.has_usable_password()  # type: ignore[union-attr]


def check_logins(logins: list[Any]) -> None:
    from sumai.cases.models import Case

    emails = {login.email for login in logins}
    assert {"caseworker@demo.sumai.jp", "referral@demo.sumai.jp"} <= emails
    assert Case.objects.filter(caseworker__email="caseworker@demo.sumai.jp").exists()
