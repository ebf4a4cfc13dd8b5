"""Age and period arithmetic of Japanese law (年齢計算ニ関スル法律, 民法140条・143条)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.domain.dates import (
    add_years,
    age_on,
    child_status_end,
    date_reaching_age,
    first_fiscal_year_end_on_or_after,
    fiscal_year,
    fiscal_year_start,
    period_end,
    within_years,
)

births = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    ("birth", "age", "reached"),
    [
        (date(2007, 4, 1), 18, date(2025, 3, 31)),  # born 1 April: reaches 18 on 31 March
        (date(2007, 4, 2), 18, date(2025, 4, 1)),
        (date(1960, 1, 1), 65, date(2024, 12, 31)),  # reaches 65 in the previous calendar year
        (date(2004, 2, 29), 21, date(2025, 2, 28)),  # 29 February, common year
        (date(2004, 2, 29), 20, date(2024, 2, 28)),  # 29 February, leap year: still 28 February
        (date(2004, 3, 1), 20, date(2024, 2, 29)),
        (date(2000, 5, 5), 0, date(2000, 5, 5)),
    ],
)
def test_date_reaching_age(birth: date, age: int, reached: date) -> None:
    assert date_reaching_age(birth, age) == reached


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2007, 4, 1), date(2025, 3, 30), 17),
        (date(2007, 4, 1), date(2025, 3, 31), 18),
        (date(2007, 4, 2), date(2025, 3, 31), 17),
        (date(2007, 4, 2), date(2025, 4, 1), 18),
        (date(1965, 6, 10), date(2025, 6, 8), 59),
        (date(1965, 6, 10), date(2025, 6, 9), 60),  # day before the 60th birthday
        (date(1960, 1, 1), date(2024, 12, 31), 65),
        (date(1960, 1, 2), date(2024, 12, 31), 64),
        (date(2004, 2, 29), date(2025, 2, 27), 20),
        (date(2004, 2, 29), date(2025, 2, 28), 21),
        (date(2025, 1, 1), date(2025, 1, 1), 0),
    ],
)
def test_age_on(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(date(2020, 1, 2), date(2020, 1, 1))


def test_negative_age_is_an_error() -> None:
    with pytest.raises(ValueError, match="negative"):
        date_reaching_age(date(2020, 1, 2), -1)


@pytest.mark.parametrize(
    ("birth", "end"),
    [
        (date(2007, 4, 1), date(2025, 3, 31)),  # reaches 18 on 31 March 2025: that day is the end
        (date(2007, 4, 2), date(2026, 3, 31)),  # reaches 18 on 1 April 2025: the next 31 March
        (date(2007, 3, 31), date(2025, 3, 31)),
        (date(2007, 1, 1), date(2025, 3, 31)),
        (date(2007, 12, 31), date(2026, 3, 31)),
    ],
)
def test_child_status_end(birth: date, end: date) -> None:
    assert child_status_end(birth, 18) == end


def test_first_fiscal_year_end() -> None:
    assert first_fiscal_year_end_on_or_after(date(2025, 3, 31)) == date(2025, 3, 31)
    assert first_fiscal_year_end_on_or_after(date(2025, 4, 1)) == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("event", "end"),
    [
        (date(2021, 4, 1), date(2024, 4, 1)),
        (date(2024, 2, 29), date(2027, 2, 28)),
        (date(2020, 2, 29), date(2023, 2, 28)),
    ],
)
def test_period_end(event: date, end: date) -> None:
    assert period_end(event, 3) == end
    assert within_years(event, 3, end)
    assert not within_years(event, 3, end + timedelta(days=1))
    assert within_years(event, 3, event)
    assert not within_years(event, 3, event - timedelta(days=1))


def test_add_years() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2024, 5, 3), -4) == date(2020, 5, 3)


@given(births, st.integers(min_value=1, max_value=120))
def test_age_changes_exactly_on_the_day_reached(birth: date, age: int) -> None:
    reached = date_reaching_age(birth, age)
    assert age_on(birth, reached) == age
    assert age_on(birth, reached - timedelta(days=1)) == age - 1


@given(births, st.integers(min_value=0, max_value=40000), st.integers(min_value=0, max_value=400))
def test_age_never_decreases(birth: date, offset: int, step: int) -> None:
    on = birth + timedelta(days=offset)
    assert age_on(birth, on) <= age_on(birth, on + timedelta(days=step))


@given(births)
def test_child_status_ends_on_a_31_march_within_a_year_of_reaching_the_age(birth: date) -> None:
    end = child_status_end(birth, 18)
    reached = date_reaching_age(birth, 18)
    assert (end.month, end.day) == (3, 31)
    assert reached <= end < reached + timedelta(days=366)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_fiscal_year_runs_from_april_to_march(day: date) -> None:
    fy = fiscal_year(day)
    assert fiscal_year_start(fy) <= day < fiscal_year_start(fy + 1)
    assert first_fiscal_year_end_on_or_after(day) == fiscal_year_start(fy + 1) - timedelta(days=1)
