"""The cases app's figures for the public statistics (issue #16, item 10): counts by municipality with GROUP
BY, time to first contact in working days, referrals by the referrer's kind."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.cases import statistics
from sumai.cases.models import Case, Consent, ConsultationRequest, Household, Referral
from sumai.core import contributions
from sumai.domain import casework
from tests.cases.conftest import MINATO, SETAGAYA

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
_refs = itertools.count(1)


def at(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, tzinfo=TOKYO)


def make_request(
    org: Organisation,
    *,
    municipality: str = SETAGAYA,
    route: str = "municipal_desk",
    situations: tuple[str, ...] = ("homeless",),
    created: datetime | None = None,
    contacted: datetime | None = None,
) -> ConsultationRequest:
    return ConsultationRequest.objects.create(
        reference=f"S-T{next(_refs):07d}",
        municipality_id=municipality,
        members=[{"age": 40}],
        situations=list(situations),
        language="ja",
        contact_method="phone",
        phone="090-0000-0000",
        consent_at=timezone.now(),
        organisation=org,
        route=route,
        created_at=created or timezone.now(),
        first_contact_at=contacted,
    )


def make_household(org: Organisation, municipality: str = SETAGAYA, circumstances: list[str] | None = None):  # type: ignore[no-untyped-def]
    return Household.objects.create(
        organisation=org, pseudonym="世帯", municipality_id=municipality, circumstances=circumstances or []
    )


def make_referral(household, org_from, org_to, *, kind: str, state: str, sent=None, contacted=None):  # type: ignore[no-untyped-def]
    consent = Consent.objects.create(
        household=household, purpose="紹介", method="online", given_on=date(2026, 1, 1)
    )
    return Referral.objects.create(
        household=household,
        from_organisation=org_from,
        to_organisation=org_to,
        from_kind=kind,
        consent=consent,
        state=state,
        sent_at=sent or timezone.now(),
        first_contact_due=date(2026, 1, 20),
        first_contact_at=contacted,
    )


def _breakdown(counts: statistics.ConsultationCounts, key: str) -> statistics.Breakdown:
    return next(b for b in counts.breakdowns if b.key == key)


def test_the_cases_app_provides_the_figures_through_the_kernel():
    assert contributions.provider("statistics.consultations") is statistics.consultation_counts
    assert contributions.provider("statistics.first_contact") is statistics.first_contact


def test_requests_by_route_situation_and_month(area):  # type: ignore[no-untyped-def]
    for _ in range(3):
        make_request(area.setagaya_desk, situations=("dv", "homeless"), created=at(2026, 1, 5))
    make_request(area.minato_council, municipality=MINATO, route="municipal_council", created=at(2026, 2, 5))
    make_request(
        area.npo_a,
        municipality=MINATO,
        route="support_corporation",
        situations=("other",),
        created=at(2026, 2, 28, 23),
    )
    counts = statistics.consultation_counts()
    assert counts.populations["requests"] == {SETAGAYA: 3, MINATO: 2}
    route = _breakdown(counts, "route")
    assert route.additive
    assert route.counts == {
        SETAGAYA: {"municipal_desk": 3},
        MINATO: {"municipal_council": 1, "support_corporation": 1},
    }
    assert dict(route.categories)["municipal_desk"] == ConsultationRequest.RouteKind.MUNICIPAL_DESK.label
    situation = _breakdown(counts, "situation")
    assert not situation.additive
    assert situation.counts == {SETAGAYA: {"dv": 3, "homeless": 3}, MINATO: {"homeless": 1, "other": 1}}
    # a label, never a code, for every situation
    assert all(label and label != code for code, label in situation.categories)
    month = _breakdown(counts, "month")
    # 28 February, 23:00 in Tokyo is February (local months)
    assert month.counts == {SETAGAYA: {"2026-01": 3}, MINATO: {"2026-02": 2}}


def test_cases_by_status_and_outcome(area):  # type: ignore[no-untyped-def]
    org = area.setagaya_desk
    reasons = ["housed_stable", "public_housing", "lost_contact"]
    for reason in reasons:
        h = make_household(org)
        Case.objects.create(
            household=h, organisation=org, status="closed", close_reason=reason, closed_at=timezone.now()
        )
    Case.objects.create(household=make_household(org), organisation=org, status="searching")
    counts = statistics.consultation_counts()
    assert _breakdown(counts, "status").counts == {SETAGAYA: {"closed": 3, "searching": 1}}
    outcome = _breakdown(counts, "outcome")
    assert outcome.counts == {SETAGAYA: {"housed_stable": 1, "public_housing": 1, "lost_contact": 1}}
    assert outcome.population == "status:closed"
    ((code, _label, members),) = outcome.groups
    assert code == "housed"
    assert set(members) == {str(r) for r in casework.HOUSED_REASONS}


def test_household_circumstances_are_counted_by_code(area):  # type: ignore[no-untyped-def]
    make_household(area.setagaya_desk, circumstances=["dv_victim", "foreign_national"])
    make_household(area.setagaya_desk, circumstances=["foreign_national"])
    make_household(area.setagaya_desk)
    counts = statistics.consultation_counts()
    assert counts.populations["households"] == {SETAGAYA: 3}
    circ = _breakdown(counts, "circumstance").counts[SETAGAYA]
    assert circ.get("foreign_national") == 2
    assert circ.get("dv_victim", 0) in (0, 1)  # only the codes a caseworker may tick are counted


def test_referrals_by_kind_and_state(area):  # type: ignore[no-untyped-def]
    h = make_household(area.setagaya_desk)
    for state in ("accepted", "accepted", "declined", "sent", "withdrawn"):
        make_referral(h, area.setagaya_desk, area.npo_a, kind="municipality", state=state)
    make_referral(h, area.setagaya_desk, area.npo_b, kind="hospital", state="accepted")
    counts = statistics.consultation_counts()
    assert _breakdown(counts, "referral_kind").counts == {SETAGAYA: {"municipality": 5, "hospital": 1}}
    assert _breakdown(counts, "referral_accepted").counts == {SETAGAYA: {"municipality": 2, "hospital": 1}}
    assert _breakdown(counts, "referral_declined").counts == {SETAGAYA: {"municipality": 1}}
    labels = dict(_breakdown(counts, "referral_kind").categories)
    assert labels["hospital"]
    assert labels["municipality"]


def test_time_to_first_contact_counts_working_days(area):  # type: ignore[no-untyped-def]
    org = area.setagaya_desk
    # Friday 9 January 2026 → Tuesday 13 January: Monday 12 is 成人の日, so one working day
    make_request(org, created=at(2026, 1, 9), contacted=at(2026, 1, 13))
    # Friday 26 December 2025 → Monday 5 January 2026: weekend, 29 Dec–3 Jan closed, 4 Jan Sunday → one
    make_request(org, created=at(2025, 12, 26), contacted=at(2026, 1, 5))
    # the same day → 0; late in the evening in Tokyo is still that day
    make_request(org, created=at(2026, 2, 2, 9), contacted=at(2026, 2, 2, 23))
    # Monday → Friday the same week: 4
    make_request(org, municipality=MINATO, created=at(2026, 2, 2), contacted=at(2026, 2, 6))
    make_request(org)  # not contacted yet: not counted
    dist = statistics.first_contact()["request"]
    assert dist == {1: 2, 0: 1, 4: 1}
    # the same count as the domain's
    assert casework.working_days_between(date(2026, 1, 9), date(2026, 1, 13)) == 1
    assert casework.working_days_between(date(2025, 12, 26), date(2026, 1, 5)) == 1
    assert statistics.first_contact(municipality_codes=[MINATO])["request"] == {4: 1}

    h = make_household(org)
    make_referral(
        h,
        org,
        area.npo_a,
        kind="municipality",
        state="accepted",
        sent=at(2026, 3, 2),
        contacted=at(2026, 3, 4),
    )
    assert statistics.first_contact()["referral"] == {2: 1}


def test_the_counts_are_a_few_aggregate_queries(area, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    for i in range(20):
        make_request(area.setagaya_desk, municipality=SETAGAYA if i % 2 else MINATO)
    with django_assert_max_num_queries(11):  # one GROUP BY per figure, whatever the number of rows
        statistics.consultation_counts()
