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
from tests.placements.conftest import accepted_inquiry, lease, record


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
    placement = record(world)
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
    placement = record(world)
    for f in placement.follow_ups.order_by("months"):
        outcome = services.follow_up_answer(
            actor=world.staff, follow_up=f, asked_on=timezone.localdate(), holds=True
        )
    assert outcome.offer_close
    assert Case.objects.get(pk=world.case.pk).status == Case.Status.FOLLOWING_UP  # the caseworker closes


def test_a_tenancy_that_does_not_hold_ends_and_the_case_stays_open(world):
    placement = record(world)
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
