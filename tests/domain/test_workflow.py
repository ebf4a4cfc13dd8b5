"""The registration workflow state table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.domain.errors import InputError
from sumai.domain.workflow import (
    TERMINAL_STATES,
    TRANSITIONS,
    Action,
    ActorKind,
    State,
    TransitionError,
    allowed_actions,
    can_transition,
    table_markdown,
    transition,
)

OP, AG, AU, SY = ActorKind.OPERATOR, ActorKind.AGENT, ActorKind.AUTHORITY, ActorKind.SYSTEM


@pytest.mark.parametrize(
    ("path", "end"),
    [
        ([("submit", OP), ("register", AU)], State.REGISTERED),
        ([("submit", AG), ("request_changes", AU), ("submit", OP), ("register", AU)], State.REGISTERED),
        ([("submit", OP), ("reject", AU)], State.REJECTED),
        ([("submit", OP), ("request_changes", AU), ("reject", AU)], State.REJECTED),
        ([("submit", OP), ("recall", OP)], State.DRAFT),
        ([("submit", OP), ("register", AU), ("notify_change", AG), ("accept_change", AU)], State.REGISTERED),
        ([("submit", OP), ("register", AU), ("withdraw", OP), ("strike_off", SY)], State.STRUCK_OFF),
        ([("submit", OP), ("register", AU), ("strike_off", AU)], State.STRUCK_OFF),
        ([("submit", OP), ("register", AU), ("notify_change", OP), ("withdraw", OP)], State.WITHDRAWN),
    ],
)
def test_paths(path: list[tuple[str, ActorKind]], end: State) -> None:
    state = State.DRAFT
    for action, actor in path:
        state = transition(state, action, actor)
    assert state == end


@pytest.mark.parametrize(
    ("state", "action", "actor"),
    [
        (State.DRAFT, Action.SUBMIT, AU),  # the authority does not apply for the landlord
        (State.DRAFT, Action.SUBMIT, SY),
        (State.SUBMITTED, Action.REGISTER, OP),  # nobody registers their own building
        (State.SUBMITTED, Action.REGISTER, SY),
        (State.REGISTERED, Action.WITHDRAW, AU),  # 廃止届 is the operator's
        (State.REGISTERED, Action.STRIKE_OFF, OP),
        (
            State.REGISTERED,
            Action.STRIKE_OFF,
            SY,
        ),  # only a withdrawn registration is struck off automatically
    ],
)
def test_wrong_actor_is_refused(state: State, action: Action, actor: ActorKind) -> None:
    assert not can_transition(state, action, actor)
    with pytest.raises(TransitionError) as exc:
        transition(state, action, actor)
    assert exc.value.actor_not_allowed
    assert str(actor) in str(exc.value)


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (State.DRAFT, Action.REGISTER),
        (State.REGISTERED, Action.SUBMIT),
        (State.REJECTED, Action.SUBMIT),
        (State.STRUCK_OFF, Action.NOTIFY_CHANGE),
        (State.WITHDRAWN, Action.NOTIFY_CHANGE),
        (State.DRAFT, Action.NOTIFY_CHANGE),
    ],
)
def test_impossible_action_is_refused(state: State, action: Action) -> None:
    for actor in ActorKind:
        assert not can_transition(state, action, actor)
        with pytest.raises(TransitionError) as exc:
            transition(state, action, actor)
        assert not exc.value.actor_not_allowed


def test_allowed_actions() -> None:
    assert allowed_actions(State.DRAFT, OP) == (Action.SUBMIT,)
    assert allowed_actions(State.SUBMITTED, AU) == (Action.REQUEST_CHANGES, Action.REGISTER, Action.REJECT)
    assert allowed_actions("registered", "agent") == (Action.NOTIFY_CHANGE, Action.WITHDRAW)
    assert allowed_actions(State.WITHDRAWN, SY) == (Action.STRIKE_OFF,)
    assert allowed_actions(State.REGISTERED, SY) == ()


def test_terminal_states() -> None:
    assert frozenset({State.REJECTED, State.STRUCK_OFF}) == TERMINAL_STATES
    for state in TERMINAL_STATES:
        assert all(allowed_actions(state, actor) == () for actor in ActorKind)


def test_table_is_well_formed() -> None:
    keys = [(t.source, t.action) for t in TRANSITIONS]
    assert len(keys) == len(set(keys))
    assert all(t.actors for t in TRANSITIONS)
    reachable = {State.DRAFT}
    frontier = [State.DRAFT]
    while frontier:
        state = frontier.pop()
        for t in TRANSITIONS:
            if t.source == state and t.target not in reachable:
                reachable.add(t.target)
                frontier.append(t.target)
    assert reachable == set(State)
    assert table_markdown().count("\n") == len(TRANSITIONS) + 1


@pytest.mark.parametrize(
    ("state", "action", "actor", "field"),
    [
        ("limbo", "submit", "operator", "state"),
        ("draft", "bribe", "operator", "action"),
        ("draft", "submit", "landlord", "actor_kind"),
    ],
)
def test_unknown_names_raise_input_error(state: str, action: str, actor: str, field: str) -> None:
    with pytest.raises(InputError) as exc:
        transition(state, action, actor)
    assert exc.value.field == field


@given(st.sampled_from(list(State)), st.sampled_from(list(Action)), st.sampled_from(list(ActorKind)))
def test_can_transition_agrees_with_transition_and_allowed_actions(
    state: State, action: Action, actor: ActorKind
) -> None:
    allowed = can_transition(state, action, actor)
    assert allowed == (action in allowed_actions(state, actor))
    if allowed:
        assert transition(state, action, actor) in set(State)
    else:
        with pytest.raises(TransitionError):
            transition(state, action, actor)


@given(st.lists(st.tuples(st.sampled_from(list(Action)), st.sampled_from(list(ActorKind))), max_size=30))
def test_random_walks_only_follow_the_table(steps: list[tuple[Action, ActorKind]]) -> None:
    state = State.DRAFT
    for action, actor in steps:
        try:
            new = transition(state, action, actor)
        except TransitionError:
            continue
        assert any(
            t.source == state and t.action == action and t.target == new and actor in t.actors
            for t in TRANSITIONS
        )
        state = new
