"""Case work (issue #16, items 6–7): the states of a case, the reasons a case closes or a referral is
declined, and deadlines in working days.

A case follows one household through a holding organisation: new → assessing → searching → housed →
following up → closed (with a coded reason). When the tenancy ends, or the household does not move in after
all, the system (the placements part) sends a housed or followed-up case back to searching. Any open case
may close early (the household found a home itself, moved away, could not be reached…) and a closed case may
be reopened to assessing. The table is
:data:`CASE`; code never branches on states.

Deadlines (a task's due date, a referral's first contact) are counted in working days of the
administration: not Saturdays, Sundays, national holidays (国民の祝日に関する法律, from the maintained
``holidays`` library) or 29 December – 3 January (行政機関の休日に関する法律 第1条, in the dated file
``administrative_holidays``). Counting follows 民法140条: the day of the event is not counted.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from functools import cache

import holidays as holiday_library

from sumai.domain import params
from sumai.domain.statetable import StateTable, Transition

# ----------------------------------------------------------------------------------------------- the case


class CaseState(StrEnum):
    NEW = "new"  # 受付
    ASSESSING = "assessing"  # アセスメント中
    SEARCHING = "searching"  # 住まい探し中
    HOUSED = "housed"  # 入居 (契約済み)
    FOLLOWING_UP = "following_up"  # 入居後の見守り・フォローアップ
    CLOSED = "closed"  # 終結


class CaseAction(StrEnum):
    ASSESS = "assess"  # start the assessment
    SEARCH = "search"  # the assessment is done: look for a home
    HOUSE = "house"  # the household has signed a lease
    FOLLOW_UP = "follow_up"  # moved in: follow the tenancy
    CLOSE = "close"  # with a coded reason
    REOPEN = "reopen"


class CaseActor(StrEnum):
    CASEWORKER = "caseworker"  # a writer of the organisation that works the case
    SYSTEM = "system"  # retention, placement (issue #17)


class CloseReason(StrEnum):
    """Why a case closed (coded: the statistics count them)."""

    HOUSED_STABLE = "housed_stable"  # housed, tenancy holds, support no longer needed
    HOUSED_ELSEWHERE = "housed_elsewhere"  # found a home without us (family, public housing…)
    PUBLIC_HOUSING = "public_housing"  # moved into public housing (公営住宅)
    FACILITY = "facility"  # moved into a care or other facility
    REFERRED = "referred"  # passed to another organisation, which took it
    NO_LONGER_NEEDED = "no_longer_needed"  # the need went away (stayed, resolved)
    DECLINED = "declined"  # the household no longer wants help
    LOST_CONTACT = "lost_contact"  # could not be reached
    DIED = "died"
    OTHER = "other"


HOUSED_REASONS = frozenset(
    {CloseReason.HOUSED_STABLE, CloseReason.HOUSED_ELSEWHERE, CloseReason.PUBLIC_HOUSING}
)
"""Close reasons that count as "housed" in the statistics."""

_CW = frozenset({CaseActor.CASEWORKER})
_SYSTEM = frozenset({CaseActor.SYSTEM})
_ANY = frozenset({CaseActor.CASEWORKER, CaseActor.SYSTEM})
_OPEN = (
    CaseState.NEW,
    CaseState.ASSESSING,
    CaseState.SEARCHING,
    CaseState.HOUSED,
    CaseState.FOLLOWING_UP,
)

CASE_TRANSITIONS: tuple[Transition[CaseState, CaseAction, CaseActor], ...] = (
    Transition(CaseState.NEW, CaseAction.ASSESS, CaseState.ASSESSING, _CW, "-"),
    Transition(CaseState.ASSESSING, CaseAction.SEARCH, CaseState.SEARCHING, _CW, "-"),
    Transition(CaseState.NEW, CaseAction.SEARCH, CaseState.SEARCHING, _CW, "-"),
    Transition(CaseState.SEARCHING, CaseAction.ASSESS, CaseState.ASSESSING, _CW, "-"),
    Transition(CaseState.SEARCHING, CaseAction.HOUSE, CaseState.HOUSED, _ANY, "-"),
    Transition(CaseState.HOUSED, CaseAction.FOLLOW_UP, CaseState.FOLLOWING_UP, _ANY, "-"),
    # the tenancy ended, or the household did not move in after all: the placements part (the system, never
    # the caseworker's button: a tenancy in force keeps the case housed) sends the case back to searching
    Transition(CaseState.HOUSED, CaseAction.SEARCH, CaseState.SEARCHING, _SYSTEM, "-"),
    Transition(CaseState.FOLLOWING_UP, CaseAction.SEARCH, CaseState.SEARCHING, _SYSTEM, "-"),
    *(Transition(s, CaseAction.CLOSE, CaseState.CLOSED, _ANY, "-") for s in _OPEN),
    Transition(CaseState.CLOSED, CaseAction.REOPEN, CaseState.ASSESSING, _CW, "-"),
)

CASE: StateTable[CaseState, CaseAction, CaseActor] = StateTable(
    states=CaseState,
    actions=CaseAction,
    actor_kinds=CaseActor,
    rows=CASE_TRANSITIONS,
    initial=CaseState.NEW,
    subject="the case",
)
OPEN_STATES = frozenset(_OPEN)


# ------------------------------------------------------------------------------------------- referrals


class ReferralState(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class DeclineReason(StrEnum):
    """Why a receiver declines a referral (coded: counted by the statistics)."""

    NO_CAPACITY = "no_capacity"  # no room to take more cases now
    OUTSIDE_AREA = "outside_area"  # does not serve the place
    NOT_OUR_SERVICE = "not_our_service"  # the help needed is not what it does
    HOUSEHOLD_DECLINED = "household_declined"  # the household did not want it
    DUPLICATE = "duplicate"  # already helping this household
    OTHER = "other"


class PartnerKind(StrEnum):
    """Kinds of referral partner (the seed's referral network across welfare, housing and probation)."""

    WELFARE_OFFICE = "welfare_office"  # 福祉事務所
    COMMUNITY_CARE_CENTRE = "community_care_centre"  # 地域包括支援センター
    PROBATION = "probation"  # 保護観察所・更生保護施設
    HOSPITAL = "hospital"  # 医療機関の医療ソーシャルワーカー
    CHILD_GUIDANCE = "child_guidance"  # 児童相談所
    DV_SHELTER = "dv_shelter"  # 配偶者暴力相談支援センター・シェルター
    INTERNATIONAL = "international"  # 国際交流協会
    OTHER = "other"


# ---------------------------------------------------------------------------------------- working days


@cache
def _national_holidays(year: int) -> frozenset[date]:
    return frozenset(holiday_library.country_holidays("JP", years=year))


def _closure(on: date) -> params.ParameterSet:
    return params.load("administrative_holidays", on)


def is_working_day(day: date) -> bool:
    """Whether government offices are open on ``day`` (行政機関の休日に関する法律 第1条)."""
    rules = _closure(day)["closed"]
    if day.weekday() in rules["closed_weekdays"]:
        return False
    if day in _national_holidays(day.year):
        return False
    md = (day.month, day.day)
    start, end = tuple(rules["year_end_from"]), tuple(rules["year_end_until"])
    return not (md >= start or md <= end)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, days: int) -> date:
    """The working day ``days`` working days after ``start`` (start not counted, 民法140条); 0 gives the
    first working day on or after ``start``."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    if days == 0:
        return next_working_day(day)
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
