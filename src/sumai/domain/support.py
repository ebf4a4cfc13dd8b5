"""Housing support corporations (住宅確保要配慮者居住支援法人): designation workflow, tasks, legal forms,
service areas and the freshness of capacity figures.

The prefectural governor (都道府県知事) designates, on application, a corporation that does housing support
(法59条 in the numbering from 2025-10-01, formerly 法40条; REFERENCE.md §5.4, seed p.11). The designation
workflow is data, like the registration workflow in :mod:`sumai.domain.workflow`: :data:`DESIGNATION`, a
:class:`~sumai.domain.statetable.StateTable` of :data:`TRANSITIONS`, maps (state, action) to the next state
and the actor kinds allowed to take it. Annual filings (事業計画 / 事業報告) have their own small table
(:data:`FILINGS`). The reasons a prefecture gives for refusing, suspending or revoking are :data:`REASONS`.

Articles marked [M] follow REFERENCE.md where it says the exact article was not read; the docs repeat it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sumai.domain import params, reasons
from sumai.domain.dates import fiscal_year
from sumai.domain.errors import InputError
from sumai.domain.findings import Finding, Severity
from sumai.domain.reasons import Reason
from sumai.domain.statetable import StateTable, Transition, TransitionError

__all__ = [
    "ACTIVE_STATES",
    "DESIGNATION",
    "EDITABLE_STATES",
    "FILINGS",
    "FILING_TRANSITIONS",
    "HOLDS_DESIGNATION",
    "REASONS",
    "TERMINAL_STATES",
    "TRANSITIONS",
    "Action",
    "ActorKind",
    "CapacityStatus",
    "FilingAction",
    "FilingState",
    "LegalForm",
    "State",
    "StateTable",
    "TaskInfo",
    "Transition",
    "TransitionError",
    "allowed_actions",
    "can_transition",
    "capacity_status",
    "check_service_area",
    "check_tasks",
    "fiscal_year",
    "stale_after_days",
    "table_markdown",
    "tasks",
    "transition",
]

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


_CORP = frozenset({ActorKind.CORPORATION})
_PREF = frozenset({ActorKind.PREFECTURE})
_BOTH = frozenset({ActorKind.CORPORATION, ActorKind.PREFECTURE})

TRANSITIONS: tuple[Transition[State, Action, ActorKind], ...] = (
    Transition(State.DRAFT, Action.SUBMIT, State.SUBMITTED, _CORP, "法59条1項"),
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

DESIGNATION: StateTable[State, Action, ActorKind] = StateTable(
    states=State,
    actions=Action,
    actor_kinds=ActorKind,
    rows=TRANSITIONS,
    initial=State.DRAFT,
    subject="the designation",
)
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
    return DESIGNATION.table_markdown()


REASONS: Mapping[Action, tuple[Reason, ...]] = {
    Action.REJECT: reasons.DESIGNATION_REJECTION,
    Action.SUSPEND: reasons.DESIGNATION_SUSPENSION,
    Action.REVOKE: reasons.DESIGNATION_REVOCATION,
}
"""The coded reasons each decision of the prefecture gives (the keys of the support app's own labels)."""


# ------------------------------------------------------------------ annual filings and change notices


class FilingState(StrEnum):
    SUBMITTED = "submitted"  # 提出
    RETURNED = "returned"  # 差戻し (with a comment)
    ACKNOWLEDGED = "acknowledged"  # 受理 (the plan approved / the report received)


class FilingAction(StrEnum):
    RESUBMIT = "resubmit"
    RETURN = "return"
    ACKNOWLEDGE = "acknowledge"


FILING_TRANSITIONS: tuple[Transition[FilingState, FilingAction, ActorKind], ...] = (
    Transition(FilingState.SUBMITTED, FilingAction.ACKNOWLEDGE, FilingState.ACKNOWLEDGED, _PREF, "[M]"),
    Transition(FilingState.SUBMITTED, FilingAction.RETURN, FilingState.RETURNED, _PREF, "[M]"),
    Transition(FilingState.RETURNED, FilingAction.RESUBMIT, FilingState.SUBMITTED, _CORP, "[M]"),
)
FILINGS: StateTable[FilingState, FilingAction, ActorKind] = StateTable(
    states=FilingState,
    actions=FilingAction,
    actor_kinds=ActorKind,
    rows=FILING_TRANSITIONS,
    initial=FilingState.SUBMITTED,
    subject="the filing",
)


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


def capacity_fresh_since(today: date) -> date:
    """The earliest confirmation date whose capacity figure still counts on ``today`` (the same limit as
    :func:`capacity_status`: a figure confirmed ``stale_after_days`` ago or later)."""
    return today - timedelta(days=stale_after_days(today))


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
