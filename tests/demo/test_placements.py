"""The demo's inquiries, flags, placements and follow-ups (sumai.demo.placements, issue #17 item 7) are
consistent with the rules they were drawn from."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from sumai.domain import placement as domain


@pytest.mark.django_db
def test_small_demo_placements_are_consistent() -> None:
    from sumai.demo.generate import generate
    from sumai.placements.models import FollowUp, LandlordInquiry, Placement, RefusalFlag

    generate(size_name="small", progress=lambda m: None)
    today = timezone.localdate()
    placements = list(Placement.objects.select_related("unit__building", "case", "household__request"))
    assert len(placements) > 100
    inquiries = list(LandlordInquiry.objects.select_related("unit__building", "case"))

    # every declined inquiry has a reason; a flag exactly where the domain's rule raises one
    flagged = set(RefusalFlag.objects.values_list("inquiry_id", flat=True))
    declined = [q for q in inquiries if q.state == "declined"]
    assert declined
    assert all(q.decline_reason for q in declined)
    for q in inquiries:
        expected = None
        if q.state == "declined":
            expected = domain.refusal_flag(
                reason=q.decline_reason,
                household_groups=q.shared["groups"],  # what the landlord saw, as the service decides
                registered=q.unit.status == "registered",
                accepted_groups=list(q.unit.accepted_groups),
                declined_on=timezone.localdate(q.answered_at),
            )
        assert (expected is not None) == (q.pk in flagged), q.reference
    assert RefusalFlag.objects.exclude(resolved_on=None).exists()
    # every sent inquiry carries what the landlord reads: the household as shared and a support package with
    # the caseworker's organisation (the walk found them empty)
    sent = [q for q in inquiries if q.state != "draft"]
    assert all(q.shared.get("members") for q in sent)
    assert all(q.package.get("fears") for q in sent if q.package.get("types"))
    assert all(q.package["arrangements"]["caseworker"]["organisation"] for q in sent)
    assert RefusalFlag.objects.filter(resolved_on=None).exists()
    # the package names the case's caseworker, not 「相談員」 (the walk); every inquiry — drafts included —
    # has its household's consent in force that covers asking landlords, the one ``shared`` was made with
    from sumai.cases.models import Case, Consent, Task
    from sumai.demo.cases import AFTER_MOVE_IN_TASKS
    from sumai.placements.services_inquiries import consent_covers

    names = dict(Case.objects.values_list("pk", "caseworker__name"))
    assert all(q.package["arrangements"]["caseworker"]["name"] == names[q.case_id] for q in inquiries)
    assert not [q.reference for q in inquiries if q.package["arrangements"]["caseworker"]["name"] == "相談員"]
    consents = {c.pk: c for c in Consent.objects.prefetch_related("organisations")}
    for q in inquiries:
        consent = consents.get(q.consent_id)
        assert consent is not None, q.reference
        assert consent.household_id == q.household_id, q.reference
        on = q.sent_on or today
        assert consent_covers(consent, operator_id=q.operator_id, agent_ids=set(), on=on), q.reference
        assert sorted(consent.categories) == q.shared["categories"]
    # every flag of a reason that names a worry says whether the package answered it
    fears = set(domain.FEAR_OF_REASON)
    assert not RefusalFlag.objects.filter(reason__in=fears, package_status="").exists()
    # a case looking for a home has no open task of a home it moved into (「入居後の訪問」)
    looking = Task.objects.filter(
        done_at=None, title__in=AFTER_MOVE_IN_TASKS, case__status__in=["new", "assessing", "searching"]
    )
    assert not looking.exists(), list(looking.values_list("case_id", "title")[:5])
    # declines follow the survey: elderly singles mostly for fear of a lonely death
    elderly = Counter(q.decline_reason for q in declined if "elderly_single" in q.package.get("types", []))
    assert elderly.most_common(1)[0][0] == "lonely_death"

    units_now: Counter[int] = Counter()
    for p in placements:
        assert p.move_in_on >= p.first_consultation_on
        assert p.move_in_on <= today
        assert p.rent == p.unit.rent
        assert p.inquiry is not None
        assert p.inquiry.state == "accepted"
        assert p.inquiry.unit_id == p.unit_id
        assert p.inquiry.sent_on is not None
        assert p.inquiry.sent_on <= p.move_in_on
        if p.ended_on is None:
            units_now[p.unit_id] += 1
            assert p.unit.vacancy == "occupied"
        # follow-ups per the schedule, answered only when due
        schedule = [(f.months, f.due) for f in domain.follow_up_schedule(p.move_in_on)]
        rows = list(FollowUp.objects.filter(placement=p).order_by("months"))
        assert [(f.months, f.due) for f in rows] == schedule
        for f in rows:
            assert f.answered_on is None or f.due <= today
            assert f.answered_on is None or f.answered_on >= f.due  # answered from its due day on
            if f.holds is False:
                assert p.ended_on is not None
        if p.ended_on is not None:
            # the tenancy ended: an open case looks for a home again, no follow-up task stays open
            assert p.case.status not in ("housed", "following_up"), p.case_id
            assert not FollowUp.objects.filter(placement=p, task__done_at=None, task__isnull=False).exists()
    assert units_now
    assert max(units_now.values()) == 1
    # most tenancies hold (about 90 % at six months)
    measured = [p for p in placements if domain.add_months_on_day(p.move_in_on, 6) <= today]
    held = [
        p for p in measured if p.ended_on is None or p.ended_on >= domain.add_months_on_day(p.move_in_on, 6)
    ]
    assert 0.8 <= len(held) / len(measured) <= 0.97

    # the demo landlord: inquiries in every state, two or three waiting for its answer
    mine = [q for q in inquiries if q.operator.name == "全国賃貸ホールディングス株式会社"]
    assert {s.value for s in domain.InquiryState} <= {q.state for q in mine}
    assert 2 <= sum(q.state == "sent" for q in mine) <= 10  # a few waiting, some from searching cases
    assert all(q.answer_due is not None and q.answer_due >= today for q in mine if q.state == "sent")
    # the demo caseworker's organisation: accepted inquiries waiting for a placement, follow-ups this week
    setagaya = [q for q in inquiries if q.organisation.municipality_id == "131121"]
    ready = [
        q for q in setagaya if q.state == "accepted" and not Placement.objects.filter(inquiry=q).exists()
    ]
    assert len(ready) >= 2
    week = FollowUp.objects.filter(
        placement__organisation__municipality_id="131121",
        answered_on=None,
        due__gte=today,
        due__lte=today + timedelta(days=6),
    )
    assert week.count() >= 2
