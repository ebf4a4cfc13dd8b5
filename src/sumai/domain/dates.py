"""Date arithmetic of Japanese law: ages, anniversaries and statutory periods.

Ages follow the Act on Counting Ages (年齢計算ニ関スル法律, 明治35年法律第50号) together with 民法143条:
age is counted from the day of birth, and a person reaches age *n* at the end of the day before the *n*-th
birthday.
Someone born on 1 April therefore reaches 18 on 31 March, and administrations treat that person as 18 on
31 March. Someone born on 29 February reaches each age on 28 February (民法143条2項: when the final month has
no corresponding day, the period ends on that month's last day).

Periods "within *n* years of" an event (発災後3年以内) follow 民法140条 (the first day is not counted) and
143条: the period ends at the end of the anniversary day, or of the month's last day when the anniversary
does not exist (29 February).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

FISCAL_YEAR_END_MONTH = 3
"""The Japanese fiscal and school year (年度) ends on 31 March."""
FISCAL_YEAR_END_DAY = 31


JAPAN = ZoneInfo("Asia/Tokyo")


def today_in_japan() -> date:
    """Today's date in Japan (the law's calendar), whatever the machine's time zone."""
    return datetime.now(tz=JAPAN).date()


def add_years(start: date, years: int) -> date:
    """The same month and day ``years`` later; 29 February becomes 28 February in a common year."""
    year = start.year + years
    if start.month == 2 and start.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, start.month, start.day)


def date_reaching_age(birth_date: date, age: int) -> date:
    """The day at whose end a person born on ``birth_date`` reaches ``age`` (満年齢).

    It is the day before the ``age``-th birthday; for a birthday on 29 February it is always 28 February.
    """
    if age < 0:
        raise ValueError("age must not be negative")
    if age == 0:
        return birth_date
    if birth_date.month == 2 and birth_date.day == 29:
        return date(birth_date.year + age, 2, 28)
    return add_years(birth_date, age) - timedelta(days=1)


def age_on(birth_date: date, on: date) -> int:
    """The age (満年齢) on ``on`` of a person born on ``birth_date``; they count as ``n`` from the day they
    reach ``n`` (the day before the birthday).

    Raises ``ValueError`` when ``on`` is before the birth date.
    """
    if on < birth_date:
        raise ValueError("the date is before the birth date")
    age = on.year - birth_date.year + 1
    while age > 0 and date_reaching_age(birth_date, age) > on:
        age -= 1
    return age


def first_fiscal_year_end_on_or_after(day: date) -> date:
    """The first 31 March on or after ``day`` (the end of the 年度 in which ``day`` falls)."""
    end = date(day.year, FISCAL_YEAR_END_MONTH, FISCAL_YEAR_END_DAY)
    return end if day <= end else date(day.year + 1, FISCAL_YEAR_END_MONTH, FISCAL_YEAR_END_DAY)


def fiscal_year(on: date) -> int:
    """The Japanese fiscal year (年度) of a date: FY *n* runs from 1 April *n* to 31 March *n*+1."""
    return on.year if on.month > FISCAL_YEAR_END_MONTH else on.year - 1


def fiscal_year_start(fiscal_year: int) -> date:
    """The first day of fiscal year ``fiscal_year``: 1 April."""
    return date(fiscal_year, FISCAL_YEAR_END_MONTH + 1, 1)


def child_status_end(birth_date: date, age_limit: int) -> date:
    """The last day a child counts as a child for 法2条1項5号: the first 31 March on or after the day the
    child reaches ``age_limit`` (18; roughly the end of high school)."""
    return first_fiscal_year_end_on_or_after(date_reaching_age(birth_date, age_limit))


def period_end(start: date, years: int) -> date:
    """The last day of the period "within ``years`` years of ``start``" (民法140条, 143条).

    The period starts the day after ``start`` and ends on the anniversary of ``start`` (28 February when
    ``start`` is 29 February and the final year is a common year).
    """
    return add_years(start, years)


def within_years(event: date, years: int, on: date) -> bool:
    """True when ``on`` is on or after ``event`` and not after :func:`period_end`."""
    return event <= on <= period_end(event, years)
