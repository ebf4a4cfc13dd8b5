"""The registration workflow (登録申請の流れ) of セーフティネット住宅 as a state table.

A registration is drafted and submitted by the operator (賃貸人) or its agent, reviewed by the registration
authority (登録主体 / 指定登録機関), which registers it (法10条3項 通知), asks for changes, or refuses it
(法10条4項 不適合 / 法11条2項 欠格). A registered registration takes change notices (変更届出, within a
month; 規則 / S2) and ends by the operator's withdrawal (廃止届出, within 30 days; 法14条) followed by the
striking off (登録の抹消), or directly by the authority striking it off (登録の取消し・抹消).

The workflow is data: :data:`TRANSITIONS` maps (state, action) to the next state and the actor kinds allowed
to take it. Code never branches on states; it asks :func:`can_transition`, :func:`transition` and
:func:`allowed_actions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from sumai.domain.errors import InputError


class State(StrEnum):
    """States of a registration (申請中 / 登録 / 変更届出中 / 廃止 / 抹消 …)."""

    DRAFT = "draft"  # 作成中
    SUBMITTED = "submitted"  # 申請中 (審査中)
    CHANGES_REQUESTED = "changes_requested"  # 補正依頼
    REGISTERED = "registered"  # 登録
    CHANGE_NOTIFIED = "change_notified"  # 変更届出中
    REJECTED = "rejected"  # 不適合通知 / 登録拒否
    WITHDRAWN = "withdrawn"  # 廃止届出済
    STRUCK_OFF = "struck_off"  # 登録抹消


class Action(StrEnum):
    SUBMIT = "submit"  # 登録申請 (or re-submission after 補正)
    RECALL = "recall"  # the applicant takes a submitted application back to draft (取下げ before review)
    REQUEST_CHANGES = "request_changes"  # 補正依頼
    REGISTER = "register"  # 登録 (法10条3項 通知)
    REJECT = "reject"  # 不適合 (法10条4項) / 欠格による拒否 (法11条2項)
    NOTIFY_CHANGE = "notify_change"  # 変更届出
    ACCEPT_CHANGE = "accept_change"  # 変更届出の受理 (登録簿の更新)
    WITHDRAW = "withdraw"  # 廃止届出 (法14条)
    STRIKE_OFF = "strike_off"  # 登録の抹消 / 取消し


class ActorKind(StrEnum):
    """Who acts: the operator (賃貸人) or its agent (宅建業者・管理会社), a reviewer of the registration
    authority, or the system itself (scheduled jobs)."""

    OPERATOR = "operator"
    AGENT = "agent"
    AUTHORITY = "authority"
    SYSTEM = "system"


_APPLICANT = frozenset({ActorKind.OPERATOR, ActorKind.AGENT})
_AUTHORITY = frozenset({ActorKind.AUTHORITY})


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the state table."""

    source: State
    action: Action
    target: State
    actors: frozenset[ActorKind]
    ref: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition(State.DRAFT, Action.SUBMIT, State.SUBMITTED, _APPLICANT, "法8条, 規則7条"),
    Transition(State.CHANGES_REQUESTED, Action.SUBMIT, State.SUBMITTED, _APPLICANT, "法8条"),
    Transition(State.SUBMITTED, Action.RECALL, State.DRAFT, _APPLICANT, "-"),
    Transition(State.CHANGES_REQUESTED, Action.RECALL, State.DRAFT, _APPLICANT, "-"),
    Transition(State.SUBMITTED, Action.REQUEST_CHANGES, State.CHANGES_REQUESTED, _AUTHORITY, "-"),
    Transition(State.SUBMITTED, Action.REGISTER, State.REGISTERED, _AUTHORITY, "法10条1項・3項"),
    Transition(State.SUBMITTED, Action.REJECT, State.REJECTED, _AUTHORITY, "法10条4項, 法11条2項"),
    Transition(State.CHANGES_REQUESTED, Action.REJECT, State.REJECTED, _AUTHORITY, "法10条4項, 法11条2項"),
    Transition(State.REGISTERED, Action.NOTIFY_CHANGE, State.CHANGE_NOTIFIED, _APPLICANT, "法12条 [M]"),
    Transition(State.CHANGE_NOTIFIED, Action.ACCEPT_CHANGE, State.REGISTERED, _AUTHORITY, "法12条 [M]"),
    Transition(State.REGISTERED, Action.WITHDRAW, State.WITHDRAWN, _APPLICANT, "法14条"),
    Transition(State.CHANGE_NOTIFIED, Action.WITHDRAW, State.WITHDRAWN, _APPLICANT, "法14条"),
    Transition(State.REGISTERED, Action.STRIKE_OFF, State.STRUCK_OFF, _AUTHORITY, "登録の取消し・抹消 [M]"),
    Transition(
        State.CHANGE_NOTIFIED, Action.STRIKE_OFF, State.STRUCK_OFF, _AUTHORITY, "登録の取消し・抹消 [M]"
    ),
    Transition(
        State.WITHDRAWN,
        Action.STRIKE_OFF,
        State.STRUCK_OFF,
        frozenset({ActorKind.AUTHORITY, ActorKind.SYSTEM}),
        "法14条, 登録の抹消 [M]",
    ),
)

_TABLE: Mapping[tuple[State, Action], Transition] = {(t.source, t.action): t for t in TRANSITIONS}
TERMINAL_STATES = frozenset(s for s in State if not any(t.source == s for t in TRANSITIONS))


class TransitionError(Exception):
    """A transition the state table does not allow: no such action from this state, or not for this actor.
    The API turns it into HTTP 409 (no such action) or 403 (wrong actor)."""

    def __init__(
        self, state: State, action: Action, actor_kind: ActorKind, *, actor_not_allowed: bool
    ) -> None:
        self.state = state
        self.action = action
        self.actor_kind = actor_kind
        self.actor_not_allowed = actor_not_allowed
        if actor_not_allowed:
            message = f"{actor_kind} may not {action} a registration in state {state}"
        else:
            message = f"a registration in state {state} cannot be {action!s}"
        super().__init__(message)
        self.message = message


_E = TypeVar("_E", bound=StrEnum)


def _coerce(kind: type[_E], value: _E | str, field: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        raise InputError(field, f"unknown {field} {value!r}; one of {', '.join(kind)}") from None


def can_transition(state: State | str, action: Action | str, actor_kind: ActorKind | str) -> bool:
    """Whether ``actor_kind`` may take ``action`` on a registration in ``state``."""
    row = _TABLE.get((_coerce(State, state, "state"), _coerce(Action, action, "action")))
    return row is not None and _coerce(ActorKind, actor_kind, "actor_kind") in row.actors


def transition(state: State | str, action: Action | str, actor_kind: ActorKind | str) -> State:
    """The state after ``action``; raises :class:`TransitionError` for a transition the table forbids and
    :class:`InputError` for an unknown state, action or actor kind."""
    s = _coerce(State, state, "state")
    a = _coerce(Action, action, "action")
    k = _coerce(ActorKind, actor_kind, "actor_kind")
    row = _TABLE.get((s, a))
    if row is None:
        raise TransitionError(s, a, k, actor_not_allowed=False)
    if k not in row.actors:
        raise TransitionError(s, a, k, actor_not_allowed=True)
    return row.target


def allowed_actions(state: State | str, actor_kind: ActorKind | str) -> tuple[Action, ...]:
    """The actions ``actor_kind`` may take on a registration in ``state``, in table order."""
    s = _coerce(State, state, "state")
    k = _coerce(ActorKind, actor_kind, "actor_kind")
    return tuple(t.action for t in TRANSITIONS if t.source == s and k in t.actors)


def table_markdown() -> str:
    """The state table as a Markdown table (for docs)."""
    lines = ["| from | action | to | who | ref |", "|---|---|---|---|---|"]
    for t in TRANSITIONS:
        who = ", ".join(sorted(t.actors))
        lines.append(f"| {t.source} | {t.action} | {t.target} | {who} | {t.ref} |")
    return "\n".join(lines)
