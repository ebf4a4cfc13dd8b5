"""Working days of the administration and the case's state table (sumai.domain.casework)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.domain import casework as cw
from sumai.domain.statetable import TransitionError

# (day, working?) — the law: weekends, national holidays (incl. substitute holidays), 29 Dec – 3 Jan
WORKING = [
    (date(2026, 12, 4), True),  # Friday
    (date(2026, 12, 5), False),  # Saturday
    (date(2026, 12, 6), False),  # Sunday
    (date(2026, 12, 28), True),  # Monday, last working day of the year
    (date(2026, 12, 29), False),  # year-end closure (行政機関の休日に関する法律1条1項3号)
    (date(2026, 12, 31), False),
    (date(2027, 1, 1), False),  # 元日
    (date(2027, 1, 3), False),
    (date(2027, 1, 4), True),  # offices open again
    (date(2027, 1, 11), False),  # 成人の日 (second Monday of January)
    (date(2026, 5, 6), False),  # 振替休日 for 憲法記念日 on a Sunday (5/3/2026)
    (date(2026, 9, 22), False),  # 国民の休日 between 敬老の日 and 秋分の日 (2026)
    (date(2026, 9, 23), False),  # 秋分の日
    (date(2026, 9, 24), True),
    (date(2025, 2, 24), False),  # 振替休日 for 天皇誕生日 on a Sunday
]


@pytest.mark.parametrize(("day", "working"), WORKING)
def test_working_days_follow_the_law(day: date, working: bool) -> None:
    assert cw.is_working_day(day) is working


# (start, working days, due)
DUE = [
    (date(2026, 12, 4), 3, date(2026, 12, 9)),  # Fri + 3 → Wed (weekend skipped, the start not counted)
    (date(2026, 12, 25), 3, date(2027, 1, 5)),  # Fri + 3 → across the year-end closure
    (date(2026, 12, 28), 1, date(2027, 1, 4)),
    (date(2026, 12, 5), 0, date(2026, 12, 7)),  # 0 → the first working day on or after
    (date(2026, 12, 7), 0, date(2026, 12, 7)),
    (date(2026, 9, 18), 2, date(2026, 9, 25)),  # Fri + 2 → the Silver Week skipped
]


@pytest.mark.parametrize(("start", "days", "due"), DUE)
def test_add_working_days(start: date, days: int, due: date) -> None:
    assert cw.add_working_days(start, days) == due


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        cw.add_working_days(date(2026, 12, 4), -1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)), st.integers(0, 40))
def test_due_is_a_working_day_and_counts_back(start: date, days: int) -> None:
    due = cw.add_working_days(start, days)
    assert cw.is_working_day(due)
    assert due >= start
    if days:
        assert cw.working_days_between(start, due) == days
        assert due - start <= timedelta(days=days * 3 + 7)  # never more than the longest closure allows


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
def test_next_working_day_is_the_first_open_day(day: date) -> None:
    nxt = cw.next_working_day(day)
    assert cw.is_working_day(nxt)
    assert all(not cw.is_working_day(day + timedelta(days=i)) for i in range((nxt - day).days))


CASE_ROWS = [
    ("new", "assess", "assessing"),
    ("assessing", "search", "searching"),
    ("searching", "house", "housed"),
    ("housed", "follow_up", "following_up"),
    ("following_up", "close", "closed"),
    ("new", "close", "closed"),
    ("closed", "reopen", "assessing"),
]


@pytest.mark.parametrize(("state", "action", "target"), CASE_ROWS)
def test_case_table(state: str, action: str, target: str) -> None:
    assert cw.CASE.transition(state, action, "caseworker") == target


@pytest.mark.parametrize(("state", "action"), [("new", "house"), ("closed", "close"), ("housed", "search")])
def test_case_table_refuses(state: str, action: str) -> None:
    with pytest.raises(TransitionError):
        cw.CASE.transition(state, action, "caseworker")


def test_only_a_caseworker_reopens() -> None:
    with pytest.raises(TransitionError):
        cw.CASE.transition("closed", "reopen", "system")
