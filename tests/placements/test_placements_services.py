"""The placement services: each step of recording a placement, all or nothing; follow-ups; the end of a
tenancy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sumai.audit.models import AuditEvent
from sumai.cases.models import Case, CaseEntry, Task
from sumai.domain import placement as domain
from sumai.domain.casework import is_working_day
from sumai.placements import services_placements as services
from sumai.placements.models import FollowUp, Placement
from sumai.registry.models import Unit
from tests.placements.conftest import MEMBER_NAME, accepted_inquiry, lease, record, record_moved_in


def test_a_placement_writes_every_step(world):
    unit = world.units["ok_plain"]
    placement = record(world)
    placement.refresh_from_db()
    assert placement.case_id == world.case.pk
    assert placement.household_id == world.household.pk
    assert placement.municipality_id == unit.building.municipality_id
    assert placement.first_consultation_on == timezone.localdate(world.case.opened_at)
    # the unit is occupied, freshly confirmed
    unit.refresh_from_db()
    assert unit.vacancy == Unit.Vacancy.OCCUPIED
    assert unit.vacancy_confirmed_at is not None
    # the case went new → searching → housed through the state table
    case = Case.objects.get(pk=world.case.pk)
    assert case.status == Case.Status.HOUSED
    statuses = list(
        case.entries.filter(kind=CaseEntry.Kind.STATUS).order_by("at", "pk").values_list("text", flat=True)
    )
    assert statuses == ["new→searching", "searching→housed"]
    # a timeline line and audit events
    assert case.entries.filter(kind=CaseEntry.Kind.NOTE).count() == 1
    assert AuditEvent.objects.filter(action="placement.record", object_id=str(placement.pk)).count() == 1
    assert AuditEvent.objects.filter(action="vacancy.set", object_id=str(unit.pk)).exists()


def test_follow_ups_match_the_domain_schedule_on_working_days_each_with_a_task(world):
    placement = record(world)
    schedule = domain.follow_up_schedule(placement.move_in_on)
    rows = list(FollowUp.objects.filter(placement=placement).order_by("months").select_related("task"))
    assert [(f.months, f.due) for f in rows] == [(s.months, s.due) for s in schedule]
    assert [f.months for f in rows] == [1, 6, 12]
    for f in rows:
        assert is_working_day(f.due)
        assert f.task is not None
        assert f.task.due == f.due
        assert f.task.case_id == world.case.pk
        assert f.task.done_at is None
    assert Case.objects.get(pk=world.case.pk).next_due == rows[0].due


def test_a_follow_up_already_past_is_a_task_due_today(world):
    today = timezone.localdate()
    Case.objects.filter(pk=world.case.pk).update(opened_at=timezone.now() - timedelta(days=90))
    placement = record(
        world,
        signed_on=today - timedelta(days=60),
        start_on=today - timedelta(days=60),
        move_in_on=today - timedelta(days=45),
    )
    first = placement.follow_ups.get(months=1)
    assert first.due < today
    assert first.task.due >= today


def test_subsidy_eligibility_is_stored(world):
    placement = record(world, unit_key="ok_dedicated", rent=56_000)
    programmes = {s["program"]: s for s in placement.subsidies}
    assert set(programmes) == {"rent_reduction", "guarantee_fee"}
    assert programmes["guarantee_fee"]["eligible"] is True
    assert programmes["rent_reduction"]["eligible"] is True
    assert "placement.subsidy.eligible" in [r["code"] for r in programmes["rent_reduction"]["reasons"]]


def test_a_home_not_dedicated_is_not_eligible_and_the_reason_is_kept(world):
    placement = record(world, unit_key="ok_plain")
    for item in placement.subsidies:
        assert item["eligible"] is False
        assert "subsidy.unit.not_dedicated" in [r["code"] for r in item["reasons"]]


def test_programmes_the_municipality_does_not_run_are_not_eligible(world):
    placement = record(world, unit_key="ok_dedicated", rent=56_000, local_programmes=frozenset())
    assert [s["eligible"] for s in placement.subsidies] == [False, False]
    assert all(
        s["reasons"][0]["code"] == "placement.subsidy.not_offered_locally" for s in placement.subsidies
    )


def test_the_inquiry_is_linked(world):
    unit = world.units["ok_cheap"]
    inquiry = accepted_inquiry(world, unit)
    placement = services.placement_record(
        actor=world.staff,
        case=world.case,
        unit=unit,
        data=lease(rent=40_000),
        inquiry=inquiry,
        acknowledged=True,
    )
    assert placement.inquiry_id == inquiry.pk
    inquiry.refresh_from_db()
    assert inquiry.placement == placement


def test_a_second_placement_of_the_same_case_is_refused_while_the_first_is_current(world):
    record(world)
    with pytest.raises(ValidationError) as exc:
        services.placement_record(
            actor=world.staff, case=world.case, unit=world.units["ok_plain"], data=lease(), acknowledged=True
        )
    assert "already" in " ".join(exc.value.messages)
    assert Placement.objects.count() == 1


def test_a_home_with_a_current_placement_of_another_case_is_refused(world):
    placement = record(world)
    services.tenancy_end(actor=world.staff, placement=placement, ended_on=timezone.localdate(), note="転居")
    # the case's tenancy ended; another household's current placement of the unit blocks a new one
    Placement.objects.filter(pk=placement.pk).update(ended_on=None)
    earlier = Case.objects.create(
        household=world.household,
        organisation=world.case.organisation,
        status="closed",
        closed_at=timezone.now(),
    )
    Placement.objects.filter(pk=placement.pk).update(case=earlier)
    with pytest.raises(ValidationError) as exc:
        services.placement_record(
            actor=world.staff, case=world.case, unit=world.units["ok_plain"], data=lease(), acknowledged=True
        )
    assert "unit" in exc.value.message_dict
    assert "current placement" in exc.value.message_dict["unit"][0]


def test_a_failing_step_writes_nothing(world, monkeypatch):
    unit = world.units["ok_plain"]
    before = (
        Placement.objects.count(),
        FollowUp.objects.count(),
        Task.objects.count(),
        CaseEntry.objects.count(),
        AuditEvent.objects.count(),
    )

    def broken(**kwargs):
        raise RuntimeError("the task service failed")

    monkeypatch.setattr(services.casework, "task_add", broken)
    with pytest.raises(RuntimeError):
        record(world)
    unit.refresh_from_db()
    assert unit.vacancy == Unit.Vacancy.VACANT
    assert Case.objects.get(pk=world.case.pk).status == Case.Status.NEW
    assert (
        Placement.objects.count(),
        FollowUp.objects.count(),
        Task.objects.count(),
        CaseEntry.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_lease_errors_name_their_field_and_write_nothing(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        record(world, move_in_on=today - timedelta(days=3), signed_on=today)
    assert set(exc.value.message_dict) == {"move_in_on"}
    with pytest.raises(ValidationError) as exc:
        record(world, guarantee="none", guarantor="", guarantee_fee=1000)
    assert set(exc.value.message_dict) == {"guarantee_fee"}
    assert Placement.objects.count() == 0
    assert Unit.objects.get(pk=world.units["ok_plain"].pk).vacancy == Unit.Vacancy.VACANT


def test_warnings_must_be_acknowledged(world):
    data = lease(rent=60_000)  # above the 50,000 yen the registry holds
    with pytest.raises(ValidationError) as exc:
        services.placement_record(actor=world.staff, case=world.case, unit=world.units["ok_plain"], data=data)
    assert "acknowledge" in exc.value.message_dict
    placement = services.placement_record(
        actor=world.staff, case=world.case, unit=world.units["ok_plain"], data=data, acknowledged=True
    )
    assert placement.rent == 60_000


def test_a_closed_case_is_refused_with_a_message(world):
    Case.objects.filter(pk=world.case.pk).update(
        status="closed", closed_at=timezone.now(), close_reason="other"
    )
    with pytest.raises(ValidationError) as exc:
        record(world)
    assert "closed" in exc.value.messages[0]


@pytest.mark.parametrize(
    ("status", "steps"),
    [
        ("new", ["search", "house"]),
        ("assessing", ["search", "house"]),
        ("searching", ["house"]),
        ("housed", []),
        ("following_up", None),
        ("closed", None),
    ],
)
def test_the_path_to_housed_follows_the_state_table(status, steps):
    assert services.path_to_housed(status) == steps


def test_answering_the_first_follow_up_marks_its_task_done_and_moves_the_case(world):
    placement = record_moved_in(world, days_ago=40)
    first = placement.follow_ups.get(months=1)
    outcome = services.follow_up_answer(
        actor=world.staff, follow_up=first, asked_on=timezone.localdate(), holds=True, note="元気"
    )
    first.refresh_from_db()
    assert first.holds is True
    assert first.task.done_at is not None
    assert outcome.case_status == Case.Status.FOLLOWING_UP
    assert Case.objects.get(pk=world.case.pk).status == Case.Status.FOLLOWING_UP
    assert not outcome.offer_close
    with pytest.raises(ValidationError):
        services.follow_up_answer(
            actor=world.staff, follow_up=first, asked_on=timezone.localdate(), holds=True
        )


def test_the_last_follow_up_holding_offers_closing(world):
    placement = record_moved_in(world)
    for f in placement.follow_ups.order_by("months"):
        outcome = services.follow_up_answer(
            actor=world.staff, follow_up=f, asked_on=timezone.localdate(), holds=True
        )
    assert outcome.offer_close
    assert Case.objects.get(pk=world.case.pk).status == Case.Status.FOLLOWING_UP  # the caseworker closes


def test_a_tenancy_that_does_not_hold_ends_and_the_case_stays_open(world):
    placement = record_moved_in(world, days_ago=40)
    first = placement.follow_ups.get(months=1)
    with pytest.raises(ValidationError) as exc:
        services.follow_up_answer(
            actor=world.staff, follow_up=first, asked_on=timezone.localdate(), holds=False
        )
    assert set(exc.value.message_dict) == {"ended_on", "end_note"}
    outcome = services.follow_up_answer(
        actor=world.staff,
        follow_up=first,
        asked_on=timezone.localdate(),
        holds=False,
        ended_on=timezone.localdate(),
        end_note="家族と同居することになった",
    )
    assert outcome.suggest_search
    placement.refresh_from_db()
    assert placement.ended_on == timezone.localdate()
    assert placement.end_note == "家族と同居することになった"
    case = Case.objects.get(pk=world.case.pk)
    assert case.is_open
    assert case.status == Case.Status.SEARCHING  # housed → following up → searching, by the state table
    assert not Task.objects.filter(follow_up__placement=placement, done_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="placement.end", object_id=str(placement.pk)).count() == 1


def test_the_end_of_a_tenancy_is_checked(world):
    placement = record(world)
    with pytest.raises(ValidationError) as exc:
        services.tenancy_end(
            actor=world.staff,
            placement=placement,
            ended_on=placement.move_in_on - timedelta(days=1),
            note="x",
        )
    assert set(exc.value.message_dict) == {"ended_on"}
    with pytest.raises(ValidationError) as exc:
        services.tenancy_end(actor=world.staff, placement=placement, ended_on=placement.move_in_on, note=" ")
    assert set(exc.value.message_dict) == {"end_note"}
    services.tenancy_end(actor=world.staff, placement=placement, ended_on=placement.move_in_on, note="退去")
    with pytest.raises(ValidationError):
        services.tenancy_end(
            actor=world.staff, placement=placement, ended_on=placement.move_in_on, note="退去"
        )


def test_after_the_end_a_new_placement_may_be_recorded_for_the_case(world):
    placement = record(world)
    services.tenancy_end(actor=world.staff, placement=placement, ended_on=placement.move_in_on, note="退去")
    second = record(world, unit_key="ok_cheap", rent=40_000)
    assert second.pk != placement.pk
    assert Case.objects.get(pk=world.case.pk).status == Case.Status.HOUSED


# ------------------------------------------------------------------------------------ walk fixes (Dec 2026)
def test_a_follow_up_is_answered_from_its_due_day_on_not_before(world):
    """The walk: the 6-month follow-up (due 2027-03-04) could be answered in 2026-12, and the 12-month one
    was offered at once, so 'tenancies held at 6 and 12 months' counted what nobody had followed. The
    domain rule (no days of grace, in the placement parameter file) refuses an answer before the due day."""
    placement = record_moved_in(world, days_ago=40)  # the 1-month follow-up is due, the 6-month one not
    first = placement.follow_ups.get(months=1)
    six = placement.follow_ups.get(months=6)
    assert domain.follow_up_opens_on(six.due, move_in_on=placement.move_in_on) == six.due
    with pytest.raises(ValidationError) as exc:
        services.follow_up_answer(actor=world.staff, follow_up=six, asked_on=timezone.localdate(), holds=True)
    assert set(exc.value.message_dict) == {"asked_on"}
    assert six.due.isoformat() in exc.value.message_dict["asked_on"][0]
    six.refresh_from_db()
    assert six.answered_on is None
    # an answer dated before the due day is refused too, the due day itself is accepted
    with pytest.raises(ValidationError):
        services.follow_up_answer(
            actor=world.staff, follow_up=first, asked_on=first.due - timedelta(days=1), holds=True
        )
    services.follow_up_answer(actor=world.staff, follow_up=first, asked_on=first.due, holds=True)


def test_the_grace_before_the_due_day_is_a_dated_parameter():
    """The walk: the number of days' grace lives in the placement parameter file, with its rationale."""
    from datetime import date

    from sumai.domain import params

    found = params.load("placement", date(2026, 12, 7))
    assert found["follow_up"]["answer_days_before_due"] == 0
    assert "due day" in found.source
    due = date(2027, 3, 4)
    assert not domain.follow_up_answerable(due, move_in_on=date(2026, 9, 4), on=date(2026, 12, 7))
    assert domain.follow_up_answerable(due, move_in_on=date(2026, 9, 4), on=due)


def test_the_end_of_a_tenancy_sends_the_case_back_to_searching(world):
    """The walk: after the end was recorded the page said 'look for a home again' but the case stayed
    'following up', with no next step. The end moves it to searching through the case's state table."""
    placement = record_moved_in(world, days_ago=40)
    services.follow_up_answer(
        actor=world.staff,
        follow_up=placement.follow_ups.get(months=1),
        asked_on=timezone.localdate(),
        holds=True,
    )
    assert Case.objects.get(pk=world.case.pk).status == Case.Status.FOLLOWING_UP
    services.tenancy_end(
        actor=world.staff, placement=placement, ended_on=timezone.localdate(), note="施設に入所"
    )
    case = Case.objects.get(pk=world.case.pk)
    assert case.status == Case.Status.SEARCHING
    statuses = list(
        case.entries.filter(kind=CaseEntry.Kind.STATUS).order_by("at", "pk").values_list("text", flat=True)
    )
    assert statuses[-1] == "following_up→searching"
    # the caseworker's own buttons never offer that step while a tenancy is in force
    from sumai.domain import casework as domain_case

    assert "search" not in domain_case.CASE.allowed("following_up", "caseworker")


def test_dates_in_the_timeline_are_written_as_on_the_case_pages(world):
    """The walk: the timeline said 「2026年12月7日」 while the case pages write 2026-12-07."""
    placement = record(world)
    line = CaseEntry.objects.filter(case=world.case, kind=CaseEntry.Kind.NOTE).latest("pk").text
    assert placement.move_in_on.isoformat() in line
    assert "年" not in line


def test_the_rent_reduction_is_kept_with_the_placement(world):
    """The walk: the landlord's rent reduction typed on the form (４，０００) was not on the placement."""
    placement = record(world, monthly_reduction=4_000)
    placement.refresh_from_db()
    assert placement.rent_reduction == 4_000


def test_a_lease_signed_before_the_inquiry_was_sent_is_a_warning(world):
    """The walk: a signing date before the inquiry was sent was accepted silently."""
    unit = world.units["ok_cheap"]
    inquiry = accepted_inquiry(world, unit)
    today = timezone.localdate()
    type(inquiry).objects.filter(pk=inquiry.pk).update(sent_on=today)
    inquiry.refresh_from_db()
    Case.objects.filter(pk=world.case.pk).update(opened_at=timezone.now() - timedelta(days=60))
    data = lease(rent=40_000, signed_on=today - timedelta(days=10), start_on=today, move_in_on=today)
    check = services.lease_check(data, unit, recorded_on=today, asked_on=inquiry.sent_on)
    assert [f for f, _t in check.warnings] == ["signed_on"]
    with pytest.raises(ValidationError) as exc:
        services.placement_record(actor=world.staff, case=world.case, unit=unit, data=data, inquiry=inquiry)
    assert "acknowledge" in exc.value.message_dict
    placement = services.placement_record(
        actor=world.staff, case=world.case, unit=unit, data=data, inquiry=inquiry, acknowledged=True
    )
    assert placement.signed_on == today - timedelta(days=10)


# ------------------------------------------------------------------ recording withdraws the other inquiries
def test_recording_a_placement_withdraws_the_cases_other_open_inquiries_and_tells_the_landlords(parties):
    """The walk: after a placement was recorded, the case's other inquiries stayed 「回答待ち」: other
    landlords were still being asked for a household now housed. They are withdrawn in the same
    transaction, and each landlord (and its agents) is told the household has found a home."""
    from django.core import mail

    from sumai.core.models import Notification
    from sumai.placements.models import LandlordInquiry
    from tests.placements.conftest import actor_for, send

    world = parties.w
    waiting = send(parties, world.units["ok_plain"])
    accepted_elsewhere = send(parties, world.units["ok_dedicated"])
    LandlordInquiry.objects.filter(pk=accepted_elsewhere.pk).update(state="accepted")
    chosen = accepted_inquiry(world, world.units["ok_cheap"], reference="Q-CHOSEN")
    mail.outbox.clear()
    placement = services.placement_record(
        actor=actor_for(world.staff),
        case=world.case,
        unit=world.units["ok_cheap"],
        data=lease(rent=40_000),
        inquiry=chosen,
        acknowledged=True,
    )
    states = dict(LandlordInquiry.objects.values_list("reference", "state"))
    assert states[waiting.reference] == "withdrawn"
    assert states[accepted_elsewhere.reference] == "withdrawn"
    assert states["Q-CHOSEN"] == "accepted"  # the placement's own inquiry is part of its record
    told = {a for m in mail.outbox for a in m.to}
    assert {"landlord@example.jp", "agent@example.jp"} <= told
    body = next(m.body for m in mail.outbox if "landlord@example.jp" in m.to)
    assert waiting.reference in body
    assert MEMBER_NAME not in body
    assert world.household.pseudonym not in body
    assert Notification.objects.filter(
        organisation=parties.operator, message__contains=waiting.reference
    ).exists()
    event = AuditEvent.objects.get(action="placement.record", object_id=str(placement.pk))
    assert sorted(event.after["inquiries_withdrawn"]) == sorted([waiting.pk, accepted_elsewhere.pk])


def test_a_failed_placement_withdraws_nothing(parties, monkeypatch):
    """All or nothing: when a later step fails, the other inquiries are still waiting."""
    from sumai.placements.models import LandlordInquiry
    from tests.placements.conftest import send

    world = parties.w
    waiting = send(parties, world.units["ok_plain"])

    def broken(**kwargs):
        raise RuntimeError("the audit failed")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError):
        record(world, unit_key="ok_cheap", rent=40_000)
    assert LandlordInquiry.objects.get(pk=waiting.pk).state == "sent"


# ------------------------------------------------------------------------------- did not move in (cancel)
def _future(world, days: int = 10):
    today = timezone.localdate()
    return record(world, move_in_on=today + timedelta(days=days), start_on=today + timedelta(days=days))


def test_a_placement_is_cancelled_when_the_household_does_not_move_in(world):
    """The walk: a household that backed out before moving in left the case stuck ('This case already has a
    tenancy that has not ended'): ending it before the move-in was refused. Cancelling records a reason,
    frees the home, closes the follow-ups' tasks and sends the case back to searching."""
    unit = world.units["ok_plain"]
    placement = _future(world)
    assert Unit.objects.get(pk=unit.pk).vacancy == Unit.Vacancy.OCCUPIED
    with pytest.raises(ValidationError) as exc:
        services.placement_cancel(actor=world.staff, placement=placement, note=" ")
    assert set(exc.value.message_dict) == {"cancel_note"}
    services.placement_cancel(actor=world.staff, placement=placement, note="家族と同居することになった")
    placement.refresh_from_db()
    assert placement.cancelled_on == timezone.localdate()
    assert placement.cancel_note == "家族と同居することになった"
    assert not placement.is_current
    assert Unit.objects.get(pk=unit.pk).vacancy == Unit.Vacancy.VACANT
    assert not Task.objects.filter(follow_up__placement=placement, done_at__isnull=True).exists()
    case = Case.objects.get(pk=world.case.pk)
    assert case.status == Case.Status.SEARCHING
    assert AuditEvent.objects.filter(action="placement.cancel", object_id=str(placement.pk)).count() == 1
    assert AuditEvent.objects.filter(action="vacancy.set", object_id=str(unit.pk)).count() == 2
    # nothing more to follow up, no second cancel, no end
    with pytest.raises(ValidationError):
        services.placement_cancel(actor=world.staff, placement=placement, note="x")
    with pytest.raises(ValidationError):
        services.tenancy_end(actor=world.staff, placement=placement, ended_on=timezone.localdate(), note="x")
    # the case may record a new placement, in the same home or another
    second = record(world, unit_key="ok_cheap", rent=40_000)
    assert second.is_current
    assert Case.objects.get(pk=world.case.pk).status == Case.Status.HOUSED


def test_a_placement_is_cancelled_on_the_move_in_day_but_not_after(world):
    placement = record(world)  # moves in today
    services.placement_cancel(actor=world.staff, placement=placement, note="来なかった")
    assert Placement.objects.get(pk=placement.pk).cancelled_on == timezone.localdate()


def test_a_placement_whose_household_moved_in_is_not_cancelled(world):
    placement = record_moved_in(world, days_ago=3)
    with pytest.raises(ValidationError) as exc:
        services.placement_cancel(actor=world.staff, placement=placement, note="x")
    assert "end of the tenancy" in exc.value.messages[0]
    assert Placement.objects.get(pk=placement.pk).cancelled_on is None


def test_a_home_that_was_occupied_before_stays_occupied_when_cancelled(world):
    """Only a let this placement recorded is undone."""
    unit = world.units["ok_plain"]
    Unit.objects.filter(pk=unit.pk).update(vacancy=Unit.Vacancy.OCCUPIED)
    placement = _future(world)
    assert placement.marked_let is False
    services.placement_cancel(actor=world.staff, placement=placement, note="来なかった")
    assert Unit.objects.get(pk=unit.pk).vacancy == Unit.Vacancy.OCCUPIED


def test_a_placement_recorded_by_a_user_alone_withdraws_too(parties):
    """A script or a test gives the user alone: the withdrawal still acts with the user's memberships."""
    from sumai.placements.models import LandlordInquiry
    from tests.placements.conftest import send

    world = parties.w
    waiting = send(parties, world.units["ok_plain"])
    record(world, unit_key="ok_cheap", rent=40_000)
    assert LandlordInquiry.objects.get(pk=waiting.pk).state == "withdrawn"
