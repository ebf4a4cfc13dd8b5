"""Housing support corporations (住宅確保要配慮者居住支援法人): designation workflow, tasks, legal forms,
service areas and the freshness of capacity figures.

The prefectural governor (都道府県知事) designates, on application, a corporation that does housing support
(法59条 in the numbering from 2025-10-01, formerly 法40条; REFERENCE.md §5.4, seed p.11). The designation
workflow is data, like the registration workflow in :mod:`sumai.domain.workflow`: :data:`TRANSITIONS` maps
(state, action) to the next state and the actor kinds allowed to take it. Annual filings (事業計画 /
事業報告) and change notices (変更届出) have their own small tables (:data:`FILING_TRANSITIONS`).

Articles marked [M] follow REFERENCE.md where it says the exact article was not read; the docs repeat it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from sumai.domain import params
from sumai.domain.errors import InputError
from sumai.domain.findings import Finding, Severity

# ----------------------------------------------------------------------------------------- designation


class State(StrEnum):
    """States of a designation (指定) of a support corporation."""

    DRAFT = "draft"  # 申請書作成中
    SUBMITTED = "submitted"  # 指定申請中 (審査中)
    CHANGES_REQUESTED = "changes_requested"  # 補正依頼
    DESIGNATED = "designated"  # 指定
    SUSPENDED = "suspended"  # 業務休止
    REJECTED = "rejected"  # 指定しない旨の通知
    REVOKED = "revoked"  # 指定の取消し
    ABOLISHED = "abolished"  # 業務の廃止


class Action(StrEnum):
    SUBMIT = "submit"  # 指定申請 (or re-submission after 補正)
    RECALL = "recall"  # the applicant takes its application back to draft
    REQUEST_CHANGES = "request_changes"  # 補正依頼
    DESIGNATE = "designate"  # 指定 (with a number and a date)
    REJECT = "reject"  # 指定しない (with a reason)
    REAPPLY = "reapply"  # a rejected corporation starts a new application
    SUSPEND = "suspend"  # 業務の休止 (notified by the corporation, or ordered by the prefecture)
    RESUME = "resume"  # 業務の再開
    REVOKE = "revoke"  # 指定の取消し (with a reason)
    ABOLISH = "abolish"  # 業務の廃止の届出


class ActorKind(StrEnum):
    """Who acts: the corporation itself, a reviewer of the designating prefecture, or the system."""

    CORPORATION = "corporation"
    PREFECTURE = "prefecture"
    SYSTEM = "system"


_S = TypeVar("_S", bound=StrEnum)
_A = TypeVar("_A", bound=StrEnum)
_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Transition(Generic[_S, _A]):
    """One row of a state table."""

    source: _S
    action: _A
    target: _S
    actors: frozenset[ActorKind]
    ref: str


class TransitionError(Exception):
    """A transition the table does not allow: no such action from this state, or not for this actor."""

    def __init__(self, state: str, action: str, actor_kind: str, *, actor_not_allowed: bool) -> None:
        self.state = state
        self.action = action
        self.actor_kind = actor_kind
        self.actor_not_allowed = actor_not_allowed
        if actor_not_allowed:
            message = f"{actor_kind} may not {action} in state {state}"
        else:
            message = f"{action} is not possible in state {state}"
        super().__init__(message)
        self.message = message


def _coerce(kind: type[_E], value: _E | str, field: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        raise InputError(field, f"unknown {field} {value!r}; one of {', '.join(kind)}") from None


class StateTable(Generic[_S, _A]):
    """A workflow as data: rows of (state, action) → target, with the actors allowed to take them."""

    def __init__(
        self, states: type[_S], actions: type[_A], rows: tuple[Transition[_S, _A], ...], initial: _S
    ) -> None:
        self.states = states
        self.actions = actions
        self.rows = rows
        self.initial = initial
        self._table: Mapping[tuple[_S, _A], Transition[_S, _A]] = {(t.source, t.action): t for t in rows}
        self.terminal = frozenset(s for s in states if not any(t.source == s for t in rows))

    def can(self, state: _S | str, action: _A | str, actor_kind: ActorKind | str) -> bool:
        row = self._table.get((_coerce(self.states, state, "state"), _coerce(self.actions, action, "action")))
        return row is not None and _coerce(ActorKind, actor_kind, "actor_kind") in row.actors

    def transition(self, state: _S | str, action: _A | str, actor_kind: ActorKind | str) -> _S:
        s = _coerce(self.states, state, "state")
        a = _coerce(self.actions, action, "action")
        k = _coerce(ActorKind, actor_kind, "actor_kind")
        row = self._table.get((s, a))
        if row is None:
            raise TransitionError(s, a, k, actor_not_allowed=False)
        if k not in row.actors:
            raise TransitionError(s, a, k, actor_not_allowed=True)
        return row.target

    def allowed(self, state: _S | str, actor_kind: ActorKind | str) -> tuple[_A, ...]:
        s = _coerce(self.states, state, "state")
        k = _coerce(ActorKind, actor_kind, "actor_kind")
        return tuple(t.action for t in self.rows if t.source == s and k in t.actors)

    def markdown(self) -> str:
        lines = ["| from | action | to | who | ref |", "|---|---|---|---|---|"]
        for t in self.rows:
            who = ", ".join(sorted(t.actors))
            lines.append(f"| {t.source} | {t.action} | {t.target} | {who} | {t.ref} |")
        return "\n".join(lines)


_CORP = frozenset({ActorKind.CORPORATION})
_PREF = frozenset({ActorKind.PREFECTURE})
_BOTH = frozenset({ActorKind.CORPORATION, ActorKind.PREFECTURE})

TRANSITIONS: tuple[Transition[State, Action], ...] = (
    Transition(State.DRAFT, Action.SUBMIT, State.SUBMITTED, _CORP, "法59条1項 (旧法40条)"),
    Transition(State.CHANGES_REQUESTED, Action.SUBMIT, State.SUBMITTED, _CORP, "法59条1項"),
    Transition(State.SUBMITTED, Action.RECALL, State.DRAFT, _CORP, "-"),
    Transition(State.CHANGES_REQUESTED, Action.RECALL, State.DRAFT, _CORP, "-"),
    Transition(State.SUBMITTED, Action.REQUEST_CHANGES, State.CHANGES_REQUESTED, _PREF, "行政手続法7条"),
    Transition(State.SUBMITTED, Action.DESIGNATE, State.DESIGNATED, _PREF, "法59条1項"),
    Transition(State.SUBMITTED, Action.REJECT, State.REJECTED, _PREF, "法59条1項, 行政手続法8条"),
    Transition(State.CHANGES_REQUESTED, Action.REJECT, State.REJECTED, _PREF, "法59条1項"),
    Transition(State.REJECTED, Action.REAPPLY, State.DRAFT, _CORP, "-"),
    Transition(State.DESIGNATED, Action.SUSPEND, State.SUSPENDED, _BOTH, "業務の休止の届出・命令 [M]"),
    Transition(State.SUSPENDED, Action.RESUME, State.DESIGNATED, _BOTH, "業務の再開 [M]"),
    Transition(State.DESIGNATED, Action.REVOKE, State.REVOKED, _PREF, "指定の取消し (旧法48条) [M]"),
    Transition(State.SUSPENDED, Action.REVOKE, State.REVOKED, _PREF, "指定の取消し (旧法48条) [M]"),
    Transition(State.DESIGNATED, Action.ABOLISH, State.ABOLISHED, _CORP, "業務の廃止の届出 [M]"),
    Transition(State.SUSPENDED, Action.ABOLISH, State.ABOLISHED, _CORP, "業務の廃止の届出 [M]"),
)

DESIGNATION = StateTable(State, Action, TRANSITIONS, State.DRAFT)
TERMINAL_STATES = DESIGNATION.terminal
# States in which a corporation holds a designation (its supervision, filings and change notices apply).
HOLDS_DESIGNATION = frozenset({State.DESIGNATED, State.SUSPENDED})
# States in which the applicant may edit its application.
EDITABLE_STATES = frozenset({State.DRAFT, State.CHANGES_REQUESTED})
# States in which a corporation works and is listed for the public.
ACTIVE_STATES = frozenset({State.DESIGNATED})


def can_transition(state: State | str, action: Action | str, actor_kind: ActorKind | str) -> bool:
    return DESIGNATION.can(state, action, actor_kind)


def transition(state: State | str, action: Action | str, actor_kind: ActorKind | str) -> State:
    """The state after ``action``; :class:`TransitionError` for a forbidden transition, :class:`InputError`
    for an unknown name."""
    return DESIGNATION.transition(state, action, actor_kind)


def allowed_actions(state: State | str, actor_kind: ActorKind | str) -> tuple[Action, ...]:
    return DESIGNATION.allowed(state, actor_kind)


def table_markdown() -> str:
    return DESIGNATION.markdown()


# ------------------------------------------------------------------ annual filings and change notices


class FilingState(StrEnum):
    SUBMITTED = "submitted"  # 提出
    RETURNED = "returned"  # 差戻し (with a comment)
    ACKNOWLEDGED = "acknowledged"  # 受理 (the plan approved / the report received)


class FilingAction(StrEnum):
    RESUBMIT = "resubmit"
    RETURN = "return"
    ACKNOWLEDGE = "acknowledge"


FILING_TRANSITIONS: tuple[Transition[FilingState, FilingAction], ...] = (
    Transition(FilingState.SUBMITTED, FilingAction.ACKNOWLEDGE, FilingState.ACKNOWLEDGED, _PREF, "[M]"),
    Transition(FilingState.SUBMITTED, FilingAction.RETURN, FilingState.RETURNED, _PREF, "[M]"),
    Transition(FilingState.RETURNED, FilingAction.RESUBMIT, FilingState.SUBMITTED, _CORP, "[M]"),
)
FILINGS = StateTable(FilingState, FilingAction, FILING_TRANSITIONS, FilingState.SUBMITTED)


def fiscal_year(on: date) -> int:
    """The Japanese fiscal year (年度) of a date: April to March."""
    return on.year if on.month >= 4 else on.year - 1


# --------------------------------------------------------------------------------- tasks and legal forms


class LegalForm(StrEnum):
    """The bodies a prefecture may designate (法59条; seed p.11; REFERENCE §5.4)."""

    NPO = "npo"  # 特定非営利活動法人
    GENERAL_ASSOCIATION = "general_association"  # 一般社団法人
    GENERAL_FOUNDATION = "general_foundation"  # 一般財団法人
    PUBLIC_INTEREST_ASSOCIATION = "public_interest_association"  # 公益社団法人
    PUBLIC_INTEREST_FOUNDATION = "public_interest_foundation"  # 公益財団法人
    SOCIAL_WELFARE = "social_welfare"  # 社会福祉法人
    COMPANY = "company"  # 居住支援を目的とする会社 (株式会社, 合同会社 …)


@dataclass(frozen=True, slots=True)
class TaskInfo:
    """One task (業務) of a support corporation under the law in force on a date."""

    code: str
    number: int
    ref: str
    label_ja: str


SUPPORT_TASKS = "support_tasks"


def tasks(on: date) -> tuple[TaskInfo, ...]:
    """The tasks of the law on ``on`` (four before 2025-10-01, six from then; params/support_tasks_*)."""
    ps = params.load(SUPPORT_TASKS, on)
    out = []
    for code, row in ps["tasks"].items():
        out.append(TaskInfo(code, int(row["number"]), str(row["ref"]), str(row["label_ja"])))
    return tuple(sorted(out, key=lambda t: t.number))


def all_task_codes() -> tuple[str, ...]:
    """Every task code of every parameter file, in the newest file's order."""
    seen: list[str] = []
    for ps in reversed(params.load_all(SUPPORT_TASKS)):
        for code in sorted(ps["tasks"], key=lambda c: int(ps["tasks"][c]["number"])):
            if code not in seen:
                seen.append(code)
    return tuple(seen)


def check_tasks(codes: Iterable[str], on: date) -> list[Finding]:
    """Findings for an application's task list: at least one task, each a task of the law on ``on``. A
    corporation need not do all of them (seed p.11 ※)."""
    known = {t.code: t for t in tasks(on)}
    codes = list(codes)
    out: list[Finding] = []
    if not codes:
        out.append(Finding("support.tasks.none", Severity.ERROR, "support.tasks.none", "法62条"))
    for code in codes:
        if code not in known:
            out.append(
                Finding(
                    "support.tasks.not_in_law",
                    Severity.ERROR,
                    "support.tasks.not_in_law",
                    "法62条",
                    value=code,
                )
            )
    return out


# --------------------------------------------------------------------------------------- service areas


def check_service_area(prefecture_code: str, municipality_prefectures: Mapping[str, str]) -> list[Finding]:
    """A designation is by one prefecture for work in it: every municipality of the service area must lie
    in the designating prefecture. ``municipality_prefectures`` maps each chosen code to its prefecture.

    The law does not say so in words that REFERENCE quotes (§5.4: designation by the 都道府県知事); a
    corporation that works in two prefectures is designated by each (e.g. the seed's national lists), so
    Sumai keeps one designation per prefecture and its area inside it.
    """
    out: list[Finding] = []
    for code, pref in sorted(municipality_prefectures.items()):
        if pref != prefecture_code:
            out.append(
                Finding(
                    "support.area.outside_prefecture",
                    Severity.ERROR,
                    "support.area.outside_prefecture",
                    "法59条1項",
                    value=code,
                    limit=prefecture_code,
                )
            )
    return out


# ------------------------------------------------------------------------------------ capacity freshness

SUPPORT_CAPACITY = "support_capacity"


@dataclass(frozen=True, slots=True)
class CapacityStatus:
    """What the public sees of a capacity figure: the number when it is fresh, otherwise unknown."""

    available: int | None
    confirmed_on: date | None
    age_days: int | None
    stale_after_days: int

    @property
    def known(self) -> bool:
        return self.available is not None

    @property
    def stale(self) -> bool:
        return self.age_days is not None and self.age_days > self.stale_after_days


def stale_after_days(on: date) -> int:
    return int(params.load(SUPPORT_CAPACITY, on)["capacity"]["stale_after_days"])


def capacity_status(available: int | None, confirmed_on: date | None, *, today: date) -> CapacityStatus:
    """``available`` as the public may read it on ``today``: ``None`` (unknown) when it was never
    confirmed, or was confirmed more than ``stale_after_days`` ago (params/support_capacity_*.toml)."""
    limit = stale_after_days(today)
    if available is not None and available < 0:
        raise InputError("available", "capacity cannot be negative")
    if confirmed_on is not None and confirmed_on > today:
        raise InputError("confirmed_on", "a confirmation date cannot be in the future")
    if confirmed_on is None or available is None:
        return CapacityStatus(None, confirmed_on, None, limit)
    age = (today - confirmed_on).days
    return CapacityStatus(available if age <= limit else None, confirmed_on, age, limit)
