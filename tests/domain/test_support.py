"""The support-corporation designation workflow, tasks, service areas and capacity freshness."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.domain import support as s
from sumai.domain.errors import InputError
from sumai.domain.support import Action, ActorKind, State, TransitionError

CO, PR, SY = ActorKind.CORPORATION, ActorKind.PREFECTURE, ActorKind.SYSTEM


@pytest.mark.parametrize(
    ("path", "end"),
    [
        ([("submit", CO), ("designate", PR)], State.DESIGNATED),
        ([("submit", CO), ("request_changes", PR), ("submit", CO), ("designate", PR)], State.DESIGNATED),
        ([("submit", CO), ("reject", PR)], State.REJECTED),
        ([("submit", CO), ("reject", PR), ("reapply", CO), ("submit", CO)], State.SUBMITTED),
        ([("submit", CO), ("recall", CO)], State.DRAFT),
        ([("submit", CO), ("designate", PR), ("suspend", CO), ("resume", CO)], State.DESIGNATED),
        ([("submit", CO), ("designate", PR), ("suspend", PR), ("revoke", PR)], State.REVOKED),
        ([("submit", CO), ("designate", PR), ("revoke", PR)], State.REVOKED),
        ([("submit", CO), ("designate", PR), ("abolish", CO)], State.ABOLISHED),
    ],
)
def test_paths(path: list[tuple[str, ActorKind]], end: State) -> None:
    state = State.DRAFT
    for action, actor in path:
        state = s.transition(state, action, actor)
    assert state == end


@pytest.mark.parametrize(
    ("state", "action", "actor"),
    [
        (State.DRAFT, Action.SUBMIT, PR),  # the prefecture does not apply for the corporation
        (State.SUBMITTED, Action.DESIGNATE, CO),  # nobody designates itself
        (State.SUBMITTED, Action.DESIGNATE, SY),
        (State.DESIGNATED, Action.REVOKE, CO),
        (State.DESIGNATED, Action.ABOLISH, PR),  # abolition is the corporation's notice
        (State.SUBMITTED, Action.REJECT, CO),
    ],
)
def test_wrong_actor_is_refused(state: State, action: Action, actor: ActorKind) -> None:
    assert not s.can_transition(state, action, actor)
    with pytest.raises(TransitionError) as exc:
        s.transition(state, action, actor)
    assert exc.value.actor_not_allowed


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (State.DRAFT, Action.DESIGNATE),
        (State.DESIGNATED, Action.SUBMIT),
        (State.REVOKED, Action.RESUME),
        (State.ABOLISHED, Action.SUBMIT),
        (State.SUSPENDED, Action.SUSPEND),
        (State.DESIGNATED, Action.RESUME),
    ],
)
def test_impossible_action_is_refused(state: State, action: Action) -> None:
    for actor in ActorKind:
        with pytest.raises(TransitionError) as exc:
            s.transition(state, action, actor)
        assert not exc.value.actor_not_allowed


def test_allowed_actions_and_terminal_states() -> None:
    assert s.allowed_actions(State.SUBMITTED, PR) == (Action.REQUEST_CHANGES, Action.DESIGNATE, Action.REJECT)
    assert s.allowed_actions(State.DESIGNATED, CO) == (Action.SUSPEND, Action.ABOLISH)
    assert frozenset({State.REVOKED, State.ABOLISHED}) == s.TERMINAL_STATES
    keys = [(t.source, t.action) for t in s.TRANSITIONS]
    assert len(keys) == len(set(keys))
    reachable, frontier = {State.DRAFT}, [State.DRAFT]
    while frontier:
        cur = frontier.pop()
        for t in s.TRANSITIONS:
            if t.source == cur and t.target not in reachable:
                reachable.add(t.target)
                frontier.append(t.target)
    assert reachable == set(State)
    assert s.table_markdown().count("\n") == len(s.TRANSITIONS) + 1


def test_unknown_names_raise_input_error() -> None:
    with pytest.raises(InputError) as exc:
        s.transition("limbo", "submit", "corporation")
    assert exc.value.field == "state"


@given(st.sampled_from(list(State)), st.sampled_from(list(Action)), st.sampled_from(list(ActorKind)))
def test_can_transition_agrees_with_transition(state: State, action: Action, actor: ActorKind) -> None:
    allowed = s.can_transition(state, action, actor)
    assert allowed == (action in s.allowed_actions(state, actor))
    if not allowed:
        with pytest.raises(TransitionError):
            s.transition(state, action, actor)


@given(st.lists(st.tuples(st.sampled_from(list(Action)), st.sampled_from(list(ActorKind))), max_size=30))
def test_random_walks_only_follow_the_table(steps: list[tuple[Action, ActorKind]]) -> None:
    state = State.DRAFT
    for action, actor in steps:
        try:
            new = s.transition(state, action, actor)
        except TransitionError:
            continue
        assert any(t.source == state and t.action == action and t.target == new for t in s.TRANSITIONS)
        # only the prefecture designates, and designation is reached only from an application
        if new == State.DESIGNATED and state != State.SUSPENDED:
            assert actor == PR
            assert state == State.SUBMITTED
        state = new


def test_filings_table() -> None:
    assert s.FILINGS.transition("submitted", "acknowledge", PR) == s.FilingState.ACKNOWLEDGED
    assert s.FILINGS.transition("returned", "resubmit", CO) == s.FilingState.SUBMITTED
    with pytest.raises(TransitionError):
        s.FILINGS.transition("acknowledged", "return", PR)
    assert s.fiscal_year(date(2026, 3, 31)) == 2025
    assert s.fiscal_year(date(2026, 4, 1)) == 2026


def test_tasks_by_date() -> None:
    old = [t.code for t in s.tasks(date(2022, 1, 1))]
    new = [t.code for t in s.tasks(date(2025, 10, 1))]
    assert old == ["rent_guarantee", "consultation", "living_support", "incidental"]
    assert new == [
        "rent_guarantee",
        "consultation",
        "living_support",
        "landlord_information",
        "belongings_disposal",
        "incidental",
    ]
    assert s.check_tasks([], date(2026, 1, 1))[0].code == "support.tasks.none"
    assert s.check_tasks(["belongings_disposal"], date(2022, 1, 1))[0].code == "support.tasks.not_in_law"
    assert s.check_tasks(["belongings_disposal"], date(2026, 1, 1)) == []


def test_service_area_stays_in_the_prefecture() -> None:
    assert s.check_service_area("13", {"131121": "13", "131016": "13"}) == []
    findings = s.check_service_area("13", {"131121": "13", "011002": "01"})
    assert [f.value for f in findings] == ["011002"]


@pytest.mark.parametrize(
    ("age", "known"),
    [(0, True), (29, True), (30, True), (31, False), (400, False)],
)
def test_capacity_goes_unknown_after_the_parameter(age: int, known: bool) -> None:
    today = date(2026, 1, 31)
    limit = s.stale_after_days(today)
    assert limit == 30
    status = s.capacity_status(5, today - timedelta(days=age), today=today)
    assert status.known is known
    assert status.stale is (not known)
    assert status.available == (5 if known else None)


def test_capacity_never_confirmed_or_bad_input() -> None:
    today = date(2026, 1, 31)
    assert not s.capacity_status(None, None, today=today).known
    assert not s.capacity_status(None, None, today=today).stale
    with pytest.raises(InputError):
        s.capacity_status(3, today + timedelta(days=1), today=today)
    with pytest.raises(InputError):
        s.capacity_status(-1, today, today=today)
