"""Inquiries to landlords (issue #17, items 1 and 3): the inquiry's state table, coded decline reasons, the
answer deadline in working days, and the flag rule for the registration authority.

A caseworker asks a landlord (or its agent) whether a home can be let to a household, with the support
package attached (:mod:`sumai.domain.placement_package`). The inquiry moves draft → sent → (viewing
offered) → accepted or declined; the caseworker may withdraw it while it is open, and the system expires it
when the landlord has not answered by the deadline (``placement.inquiry.answer_within_working_days``
working days after the day it was sent, 民法140条). The table is :data:`INQUIRY`; code never branches on
states.

A decline carries one coded :class:`DeclineReason`; ``other`` requires a text. ``already_let`` tells the
app to mark the unit let (:attr:`Effect.MARK_UNIT_LET`): the landlord has just said the vacancy data is
stale, and Sumai's vacancy data is fresh by design (DESIGN.md; REFERENCE.md §7.3).

The landlord may give its answer outside Sumai — by phone, in person, by fax — to the caseworker, who
records it: the same landlord step of the table, with the day it was given (:func:`check_answered_on`:
not before the inquiry was sent, not in the future). A household whose case is housed, followed up after
moving in, or closed is asked about to no landlord (:data:`NO_INQUIRY_CASE_STATES`, :func:`may_send`).

The flag rule (:func:`refusal_flag`): a registered landlord that declines a household of a group its
registration says it accepts, for a reason tied to that group (``params/refusal_flags_*.toml``), raises a
flag for the registration authority with its evidence (基本方針, REFERENCE.md §1.3 [V]), among which how
the support package answered the fear behind the reason (answered, partly, not at all:
``placement_package.fear_status``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from sumai.domain import params
from sumai.domain.casework import CaseState, add_working_days
from sumai.domain.errors import InputError
from sumai.domain.findings import Finding, Severity
from sumai.domain.priority_groups import GROUP_ORDER
from sumai.domain.statetable import StateTable, Transition

if TYPE_CHECKING:  # placement_package imports this module: the status is read where it is used
    from sumai.domain.placement_package import AnswerStatus

__all__ = [
    "DECLINE_REASON_REFS",
    "INQUIRY",
    "NOTE_REQUIRED",
    "NO_INQUIRY_CASE_STATES",
    "OPEN_INQUIRY_STATES",
    "REF_BASIC_POLICY",
    "REF_SURVEY",
    "DeclineReason",
    "Effect",
    "FlagResolution",
    "InquiryAction",
    "InquiryActor",
    "InquiryState",
    "InquiryStep",
    "RefusalFlag",
    "answer_due",
    "check_answered_on",
    "flag_resolution",
    "inquiry_step",
    "is_overdue",
    "may_send",
    "may_withdraw",
    "refusal_flag",
    "tied_groups",
]

REF_SURVEY = "MLIT 住宅セーフティネット制度における居住支援 (2022) p.1 (令和元年度 事業者アンケート)"
"""The landlord survey: the fears behind refusals, per household type."""
REF_BASIC_POLICY = "基本方針 (入居を拒まないとしていながら入居を拒んだ場合の登録主体の対応)"
"""The 基本方針 as the 2018 答弁書 quotes it (REFERENCE.md §1.3 [V] S20)."""


class InquiryState(StrEnum):
    DRAFT = "draft"  # 作成中 (the caseworker is still writing it)
    SENT = "sent"  # 照会中 (waiting for the landlord's answer)
    VIEWING_OFFERED = "viewing_offered"  # 内見の提案 (the landlord offers a viewing first)
    ACCEPTED = "accepted"  # 入居可 (the landlord agrees to let; the lease follows)
    DECLINED = "declined"  # お断り (with a coded reason)
    WITHDRAWN = "withdrawn"  # 取下げ (by the caseworker: the household chose otherwise)
    EXPIRED = "expired"  # 期限切れ (no answer by the deadline)


class InquiryAction(StrEnum):
    SEND = "send"
    OFFER_VIEWING = "offer_viewing"
    ACCEPT = "accept"
    DECLINE = "decline"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"


class InquiryActor(StrEnum):
    CASEWORKER = "caseworker"  # a writer of the organisation working the household's case
    LANDLORD = "landlord"  # the operator (賃貸人) or an agent it authorised (宅建業者・管理会社)
    SYSTEM = "system"  # the daily job that expires unanswered inquiries


_CW = frozenset({InquiryActor.CASEWORKER})
_LL = frozenset({InquiryActor.LANDLORD})
_SYS = frozenset({InquiryActor.SYSTEM})

INQUIRY_TRANSITIONS: tuple[Transition[InquiryState, InquiryAction, InquiryActor], ...] = (
    Transition(InquiryState.DRAFT, InquiryAction.SEND, InquiryState.SENT, _CW, "-"),
    Transition(InquiryState.DRAFT, InquiryAction.WITHDRAW, InquiryState.WITHDRAWN, _CW, "-"),
    Transition(InquiryState.SENT, InquiryAction.OFFER_VIEWING, InquiryState.VIEWING_OFFERED, _LL, "-"),
    Transition(InquiryState.SENT, InquiryAction.ACCEPT, InquiryState.ACCEPTED, _LL, "-"),
    Transition(InquiryState.SENT, InquiryAction.DECLINE, InquiryState.DECLINED, _LL, "-"),
    Transition(InquiryState.SENT, InquiryAction.WITHDRAW, InquiryState.WITHDRAWN, _CW, "-"),
    Transition(InquiryState.SENT, InquiryAction.EXPIRE, InquiryState.EXPIRED, _SYS, "-"),
    Transition(InquiryState.VIEWING_OFFERED, InquiryAction.ACCEPT, InquiryState.ACCEPTED, _LL, "-"),
    Transition(InquiryState.VIEWING_OFFERED, InquiryAction.DECLINE, InquiryState.DECLINED, _LL, "-"),
    Transition(InquiryState.VIEWING_OFFERED, InquiryAction.WITHDRAW, InquiryState.WITHDRAWN, _CW, "-"),
    Transition(InquiryState.ACCEPTED, InquiryAction.WITHDRAW, InquiryState.WITHDRAWN, _CW, "-"),
)

INQUIRY: StateTable[InquiryState, InquiryAction, InquiryActor] = StateTable(
    states=InquiryState,
    actions=InquiryAction,
    actor_kinds=InquiryActor,
    rows=INQUIRY_TRANSITIONS,
    initial=InquiryState.DRAFT,
    subject="the inquiry",
)
OPEN_INQUIRY_STATES = frozenset({InquiryState.SENT, InquiryState.VIEWING_OFFERED})
"""States in which the landlord has not given a final answer."""

NO_INQUIRY_CASE_STATES = frozenset({CaseState.HOUSED, CaseState.FOLLOWING_UP, CaseState.CLOSED})
"""States of the household's case in which no landlord is asked for it: housed (the lease is signed),
followed up after moving in, or closed. A tenancy that ends, or a household that does not move in, takes
the case back to searching (the placement's record), and a closed case is reopened first."""


def may_send(case_state: CaseState | str) -> bool:
    """Whether an inquiry may be sent for a household whose case is in ``case_state`` (what the pages offer,
    the rule :func:`inquiry_step` applies to ``send``). An unknown state is an :class:`InputError` on
    ``case_state``."""
    try:
        state = CaseState(case_state)
    except ValueError:
        raise InputError("case_state", f"unknown case state {case_state!r}") from None
    return state not in NO_INQUIRY_CASE_STATES


class DeclineReason(StrEnum):
    """Why a landlord declines a household (coded: counted by the outcomes, checked by the flag rule)."""

    RENT_ARREARS = "rent_arrears"  # 家賃の支払い (滞納) への不安
    NO_GUARANTOR = "no_guarantor"  # 保証人がいない・保証会社の審査に通らない
    LONELY_DEATH = "lonely_death"  # 孤独死などの不安
    NEIGHBOURS = "neighbours"  # 近隣住民との協調性への不安
    CUSTOMS_LANGUAGE = "customs_language"  # 異なる習慣や言語への不安
    ALREADY_LET = "already_let"  # 既に入居者が決まった
    OTHER = "other"  # その他 (text required)


DECLINE_REASON_REFS: dict[DeclineReason, str] = {
    DeclineReason.RENT_ARREARS: REF_SURVEY + " 家賃の支払いに不安",
    DeclineReason.NO_GUARANTOR: REF_SURVEY + " 保証人がいない、保証会社の審査に通らない",
    DeclineReason.LONELY_DEATH: REF_SURVEY + " 孤独死などの不安",
    DeclineReason.NEIGHBOURS: REF_SURVEY + " 近隣住民との協調性に不安",
    DeclineReason.CUSTOMS_LANGUAGE: REF_SURVEY + " 異なる習慣や言語への不安",
    DeclineReason.ALREADY_LET: "-",
    DeclineReason.OTHER: "-",
}
"""The source of each reason: the survey's wording for the fears, ``-`` for the procedural ones."""


class Effect(StrEnum):
    """What the app must do after a step (the domain decides, the app acts)."""

    MARK_UNIT_LET = "unit.mark_let"  # set the unit's vacancy to let (the landlord says it is let)
    CHECK_REFUSAL_FLAG = "flag.check"  # evaluate refusal_flag() with the registration's accepted groups
    START_PLACEMENT = "placement.start"  # the landlord accepts: record the lease (validate_lease)


@dataclass(frozen=True, slots=True)
class InquiryStep:
    """The result of one step: the new state, the decline reason and text (for a decline), the answer
    deadline (for a send or an expiry), what the app must do, and for a decline or an expiry the finding
    the page shows (its message key and reference)."""

    state: InquiryState
    finding: Finding | None = None
    reason: DeclineReason | None = None
    reason_text: str = ""
    answer_due: date | None = None
    effects: tuple[Effect, ...] = ()
    answered_on: date | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "state": str(self.state),
            "effects": [str(e) for e in self.effects],
        }
        if self.finding is not None:
            out["finding"] = self.finding.as_dict()
        if self.reason is not None:
            out["reason"] = str(self.reason)
            out["reason_text"] = self.reason_text
        if self.answer_due is not None:
            out["answer_due"] = self.answer_due.isoformat()
        if self.answered_on is not None:
            out["answered_on"] = self.answered_on.isoformat()
        return out


def _params(on: date) -> params.ParameterSet:
    return params.load("placement", on)


def answer_due(sent_on: date) -> date:
    """The last day the landlord may answer an inquiry sent on ``sent_on``: ``answer_within_working_days``
    working days after it (the day of sending not counted, 民法140条; weekends, holidays and 29 Dec – 3 Jan
    are not working days)."""
    days = int(_params(sent_on)["inquiry"]["answer_within_working_days"])
    return add_working_days(sent_on, days)


def is_overdue(sent_on: date, today: date) -> bool:
    """Whether the deadline of an inquiry sent on ``sent_on`` has passed on ``today`` (the system may then
    take ``expire``)."""
    return today > answer_due(sent_on)


MAX_REASON_TEXT = 2000
"""The longest decline text kept (characters), like the public inquiry form (docs/search.md)."""


def check_answered_on(answered_on: date, *, sent_on: date | None, on: date) -> date:
    """The day the landlord gave its answer, as the caseworker who took it by phone (in person, by fax)
    records it on ``on``: not after ``on`` (:class:`InputError` on ``answered_on``), not before the day the
    inquiry was sent (``sent_on``, required: ``InputError`` on ``sent_on``)."""
    if sent_on is None:
        raise InputError("sent_on", "is required with the day of the answer")
    if answered_on > on:
        raise InputError("answered_on", f"cannot be after {on.isoformat()}: it is in the future")
    if answered_on < sent_on:
        raise InputError(
            "answered_on", f"cannot be before {sent_on.isoformat()}, the day the inquiry was sent"
        )
    return answered_on


LANDLORD_STEPS = frozenset({InquiryAction.OFFER_VIEWING, InquiryAction.ACCEPT, InquiryAction.DECLINE})


def may_withdraw(state: InquiryState | str, *, placed: bool) -> bool:
    """Whether the caseworker may withdraw an inquiry in ``state`` (the table allows it and no placement
    was recorded from it): what the page offers, the same rule :func:`inquiry_step` applies."""
    return not placed and INQUIRY.can(state, InquiryAction.WITHDRAW, InquiryActor.CASEWORKER)


def inquiry_step(
    state: InquiryState | str,
    action: InquiryAction | str,
    actor_kind: InquiryActor | str,
    *,
    on: date,
    reason: DeclineReason | str | None = None,
    reason_text: str = "",
    sent_on: date | None = None,
    placed: bool = False,
    case_state: CaseState | str | None = None,
    answered_on: date | None = None,
) -> InquiryStep:
    """Take ``action`` on an inquiry in ``state`` on the day ``on``.

    - ``send`` requires ``case_state``, the state of the household's case, and is refused
      (:class:`InputError` on ``case_state``) when it is one of :data:`NO_INQUIRY_CASE_STATES` (housed,
      following up, closed); it gives the answer deadline (:func:`answer_due` of ``on``);
    - the landlord's steps (``offer_viewing``, ``accept``, ``decline``) happen on ``on``, or on
      ``answered_on`` when the landlord gave its answer outside Sumai and the caseworker records it later
      (checked by :func:`check_answered_on` against ``sent_on``); the step's ``answered_on`` is that day;
    - ``decline`` requires ``reason`` (a :class:`DeclineReason`; :class:`InputError` on ``reason``), and a
      non-blank ``reason_text`` when the reason is ``other`` (on ``reason_text``); its effects always include
      :attr:`Effect.CHECK_REFUSAL_FLAG`, and :attr:`Effect.MARK_UNIT_LET` for ``already_let``;
    - ``expire`` requires ``sent_on`` and is refused (``InputError`` on ``on``) until the deadline has
      passed;
    - ``accept`` has the effect :attr:`Effect.START_PLACEMENT`;
    - ``withdraw`` is refused (``InputError`` on ``placement``) when ``placed``: a placement was recorded
      from the inquiry (the household signed the lease of the home the landlord accepted it for), so the
      inquiry is part of that placement's record; the tenancy is ended on the placement instead.

    A step the table forbids raises :class:`~sumai.domain.statetable.TransitionError`; a reason given to any
    action but ``decline`` is an ``InputError`` on ``reason``.
    """
    target = INQUIRY.transition(state, action, actor_kind)
    act = InquiryAction(action)
    text = reason_text.strip()
    if act == InquiryAction.WITHDRAW and placed:
        raise InputError("placement", "a placement was recorded from this inquiry: it cannot be withdrawn")
    if act != InquiryAction.DECLINE and (reason is not None or text):
        raise InputError("reason", "only a decline gives a reason")
    if answered_on is not None and act not in LANDLORD_STEPS:
        raise InputError("answered_on", "only a landlord's answer has a day it was given")
    if act == InquiryAction.SEND:
        _check_case_state(case_state)
        return InquiryStep(target, answer_due=answer_due(on))
    if act == InquiryAction.EXPIRE:
        return _expire(target, on=on, sent_on=sent_on)
    if act not in LANDLORD_STEPS:
        return InquiryStep(target)
    day = on if answered_on is None else check_answered_on(answered_on, sent_on=sent_on, on=on)
    if act == InquiryAction.ACCEPT:
        return InquiryStep(target, effects=(Effect.START_PLACEMENT,), answered_on=day)
    if act == InquiryAction.OFFER_VIEWING:
        return InquiryStep(target, answered_on=day)
    return _decline(target, reason, text, day)


def _check_case_state(case_state: CaseState | str | None) -> None:
    if case_state is None or (isinstance(case_state, str) and not case_state):
        raise InputError("case_state", "is required to send an inquiry")
    if not may_send(case_state):
        raise InputError(
            "case_state",
            f"the household's case is {CaseState(case_state)}: no landlord is asked for a household that is "
            "housed, followed up after moving in, or whose case is closed",
        )


def _expire(target: InquiryState, *, on: date, sent_on: date | None) -> InquiryStep:
    if sent_on is None:
        raise InputError("sent_on", "is required to expire an inquiry")
    due = answer_due(sent_on)
    if on <= due:
        raise InputError("on", f"the landlord may answer until {due.isoformat()}")
    expired = Finding(
        "placement.inquiry.expired",
        Severity.WARNING,
        "placement.inquiry.expired",
        "-",
        on.isoformat(),
        due.isoformat(),
    )
    return InquiryStep(target, expired, answer_due=due)


def _decline(target: InquiryState, reason: DeclineReason | str | None, text: str, day: date) -> InquiryStep:
    if reason is None or (isinstance(reason, str) and not reason):
        raise InputError("reason", "is required to decline")
    try:
        code = DeclineReason(reason)
    except ValueError:
        raise InputError("reason", f"unknown reason {reason!r}; one of {', '.join(DeclineReason)}") from None
    if code == DeclineReason.OTHER and not text:
        raise InputError("reason_text", "is required when the reason is other")
    if len(text) > MAX_REASON_TEXT:
        raise InputError("reason_text", f"must be at most {MAX_REASON_TEXT} characters")
    declined = Finding(
        f"placement.inquiry.declined.{code}",
        Severity.WARNING,
        f"placement.decline.{code}",
        DECLINE_REASON_REFS[code],
        str(code),
    )
    effects: tuple[Effect, ...] = (Effect.CHECK_REFUSAL_FLAG,)
    if code == DeclineReason.ALREADY_LET:
        effects = (Effect.MARK_UNIT_LET, *effects)
    return InquiryStep(target, declined, reason=code, reason_text=text, effects=effects, answered_on=day)


# ------------------------------------------------------------------------------------------ the flag rule


def tied_groups(reason: DeclineReason | str, on: date) -> frozenset[str]:
    """The priority groups a decline reason is tied to, by the ``refusal_flags`` file in force on ``on``."""
    code = DeclineReason(reason)
    tied = params.load("refusal_flags", on)["tied"]
    return frozenset(str(g) for g in tied.get(str(code), ()))


class FlagResolution(StrEnum):
    """How the registration authority closed a flag (coded: the outcomes count resolved flags)."""

    JUSTIFIED = "justified"  # the landlord had a ground unrelated to the group (e.g. a fact of this case)
    GUIDANCE = "guidance"  # the authority explained the registration's terms to the landlord (助言・指導)
    INSTRUCTED = "instructed"  # 指示 (supervision; REFERENCE.md §1.3 [M])
    ACCEPTANCE_CHANGED = (
        "acceptance_changed"  # the landlord notified a change of the accepted groups (法12条)
    )
    STRUCK_OFF = (
        "struck_off"  # the registration was struck off (reasons.REGISTRATION_STRIKE_OFF refused_tenants)
    )


NOTE_REQUIRED = frozenset(FlagResolution)
"""Resolutions recorded only with a note: every one. The note is the record of what the authority did (the
advice given and to whom, the ground the landlord had, the change notified), which the code alone does not
say. Striking off a registration (登録の取消し [M]) is a decision of its own, made in the registry
(``workflow.REGISTRATION``, action ``strike_off``): the flag only records it, and its note says when and by
which decision."""


def flag_resolution(resolution: FlagResolution | str, note: str) -> FlagResolution:
    """How the registration authority closes a flag: a known :class:`FlagResolution` (else
    :class:`InputError` on ``resolution``), with a non-blank ``note`` for those of :data:`NOTE_REQUIRED`
    (else ``InputError`` on ``note``)."""
    try:
        code = FlagResolution(resolution)
    except ValueError:
        raise InputError(
            "resolution", f"unknown resolution {resolution!r}; one of {', '.join(FlagResolution)}"
        ) from None
    if code in NOTE_REQUIRED and not (note or "").strip():
        raise InputError("note", f"is required when the resolution is {code}")
    return code


@dataclass(frozen=True, slots=True)
class RefusalFlag:
    """A flag for the registration authority: a registered landlord declined a household of groups its
    registration accepts, for a reason tied to them. ``groups`` are the household's groups that are both
    accepted and tied to the reason (in the order of ``GROUP_CODES``); ``accepted_groups`` is the
    registration's acceptance range as recorded (``None``: not limited — every priority group);
    ``package_status`` how the support package answered the fear behind the reason — answered, partly
    answered or not answered (``placement_package.fear_status``; ``None``: not known, the package did not
    name that fear)."""

    reason: DeclineReason
    groups: tuple[str, ...]
    accepted_groups: tuple[str, ...] | None
    household_groups: tuple[str, ...]
    declined_on: date
    package_status: AnswerStatus | None
    finding: Finding

    @property
    def group(self) -> str:
        """The first group the flag is about."""
        return self.groups[0]

    def as_dict(self) -> dict[str, object]:
        return {
            "reason": str(self.reason),
            "groups": list(self.groups),
            "accepted_groups": None if self.accepted_groups is None else list(self.accepted_groups),
            "household_groups": list(self.household_groups),
            "declined_on": self.declined_on.isoformat(),
            "package_status": None if self.package_status is None else str(self.package_status),
            "finding": self.finding.as_dict(),
        }


def _ordered(groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(groups), key=lambda g: (GROUP_ORDER.get(g, len(GROUP_ORDER)), g)))


def refusal_flag(
    *,
    reason: DeclineReason | str,
    household_groups: Iterable[str],
    registered: bool,
    accepted_groups: Iterable[str] | None,
    declined_on: date,
    package_status: AnswerStatus | str | None = None,
) -> RefusalFlag | None:
    """The flag a decline raises, or ``None``.

    A flag is raised when the landlord's unit is ``registered`` (セーフティネット住宅, 法8条), the household
    belongs to a group the registration accepts (``accepted_groups``; ``None`` when the registration does not
    limit the groups it accepts, 法9条1項 — then every group is accepted), and ``reason`` is tied to that
    group (``refusal_flags`` file in force on ``declined_on``). ``already_let`` and ``other`` are tied to no
    group. An unknown reason is an :class:`InputError` on ``reason``; ``package_status`` is how the package
    answered the fear behind the reason (``placement_package.fear_status``; an unknown status is an
    ``InputError`` on ``package_status``).
    """
    from sumai.domain.placement_package import AnswerStatus  # it imports this module

    try:
        code = DeclineReason(reason)
    except ValueError:
        raise InputError("reason", f"unknown reason {reason!r}; one of {', '.join(DeclineReason)}") from None
    try:
        status = None if package_status is None else AnswerStatus(package_status)
    except ValueError:
        raise InputError(
            "package_status", f"unknown status {package_status!r}; one of {', '.join(AnswerStatus)}"
        ) from None
    if not registered:
        return None
    household = _ordered(household_groups)
    accepted = None if accepted_groups is None else _ordered(accepted_groups)
    tied = tied_groups(code, declined_on)
    hits = tuple(g for g in household if g in tied and (accepted is None or g in accepted))
    if not hits:
        return None
    finding = Finding(
        "placement.flag.refused_accepted_group",
        Severity.WARNING,
        "placement.flag.refused_accepted_group",
        REF_BASIC_POLICY,
        str(code),
        ",".join(hits),
    )
    return RefusalFlag(code, hits, accepted, household, declined_on, status, finding)
