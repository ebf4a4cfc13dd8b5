"""The registration workflow (登録申請の流れ) of セーフティネット住宅 as a state table.

A registration is drafted and submitted by the operator (賃貸人) or its agent, reviewed by the registration
authority (登録主体 / 指定登録機関), which registers it (法10条3項 通知), asks for changes, or refuses it
(法10条4項 不適合 / 法11条2項 欠格). A registered registration takes change notices (変更届出, within a
month; 規則 / S2) and ends by the operator's withdrawal (廃止届出, within 30 days; 法14条) followed by the
striking off (登録の抹消), or directly by the authority striking it off (登録の取消し・抹消).

The workflow is data: :data:`REGISTRATION`, a :class:`~sumai.domain.statetable.StateTable` whose rows map
(state, action) to the next state and the actor kinds allowed to take it. Code never branches on states; it
asks :func:`can_transition`, :func:`transition` and :func:`allowed_actions` (thin aliases of the table's
``can``, ``transition`` and ``allowed``). The reasons an authority gives for refusing or striking off a
registration are :data:`REASONS` (codes and articles, :mod:`sumai.domain.reasons`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from sumai.domain import reasons
from sumai.domain.reasons import Reason
from sumai.domain.statetable import StateTable, Transition, TransitionError

__all__ = [
    "REASONS",
    "REGISTRATION",
    "TERMINAL_STATES",
    "TRANSITIONS",
    "Action",
    "ActorKind",
    "State",
    "Transition",
    "TransitionError",
    "allowed_actions",
    "can_transition",
    "table_markdown",
    "transition",
]


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
    REJECT_CHANGE = "reject_change"  # 変更を認めない: the registry keeps the accepted version
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


TRANSITIONS: tuple[Transition[State, Action, ActorKind], ...] = (
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
    # A change the authority cannot accept (it would break the standards, or it is wrong): the registration
    # stays registered as it was accepted. The law names only the notice; the refusal follows from the
    # authority's duty to keep the register right (法12条, 登録簿 [M]).
    Transition(State.CHANGE_NOTIFIED, Action.REJECT_CHANGE, State.REGISTERED, _AUTHORITY, "法12条 [M]"),
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

REGISTRATION: StateTable[State, Action, ActorKind] = StateTable(
    states=State,
    actions=Action,
    actor_kinds=ActorKind,
    rows=TRANSITIONS,
    initial=State.DRAFT,
    subject="a registration",
)
TERMINAL_STATES = REGISTRATION.terminal

REASONS: Mapping[Action, tuple[Reason, ...]] = {
    Action.REJECT: reasons.REGISTRATION_REJECTION,
    Action.STRIKE_OFF: reasons.REGISTRATION_STRIKE_OFF,
}
"""The coded reasons each decision of the authority must give (one of them, by ``code``)."""


def can_transition(state: State | str, action: Action | str, actor_kind: ActorKind | str) -> bool:
    """Whether ``actor_kind`` may take ``action`` on a registration in ``state``."""
    return REGISTRATION.can(state, action, actor_kind)


def transition(state: State | str, action: Action | str, actor_kind: ActorKind | str) -> State:
    """The state after ``action``; raises :class:`TransitionError` for a transition the table forbids and
    :class:`~sumai.domain.errors.InputError` for an unknown state, action or actor kind."""
    return REGISTRATION.transition(state, action, actor_kind)


def allowed_actions(state: State | str, actor_kind: ActorKind | str) -> tuple[Action, ...]:
    """The actions ``actor_kind`` may take on a registration in ``state``, in table order."""
    return REGISTRATION.allowed(state, actor_kind)


def table_markdown() -> str:
    """The state table as a Markdown table (for docs)."""
    return REGISTRATION.table_markdown()
