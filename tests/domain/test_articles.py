"""Article references in the numbering in force on the date of the event (issue #12 item 13)."""

from __future__ import annotations

from datetime import date

import pytest

from sumai.domain import articles
from sumai.domain.articles import cite
from sumai.domain.reasons import DESIGNATION_REJECTION

BEFORE, IN_FORCE = date(2025, 9, 30), date(2025, 10, 1)  # 令和6年法律第43号 in force 2025-10-01


@pytest.mark.parametrize(
    ("ref", "on", "cited"),
    [
        ("法59条1項", BEFORE, "法40条1項"),
        ("法59条1項", IN_FORCE, "法59条1項"),
        ("法62条3号", date(2020, 1, 1), "法42条3号"),
        ("法81条", BEFORE, "法51条"),
        ("法82条", BEFORE, "法52条"),
        ("法81条", IN_FORCE, "法81条"),
        ("法59条1項, 行政手続法8条", BEFORE, "法40条1項, 行政手続法8条"),  # another act is left alone
        ("法10条4項", BEFORE, "法10条4項"),  # not renumbered
        ("行政手続法59条", BEFORE, "行政手続法59条"),
        ("旧法48条", IN_FORCE, "旧法48条"),
        ("規則11条1号", BEFORE, "規則11条1号"),
    ],
)
def test_cite(ref: str, on: date, cited: str) -> None:
    assert cite(ref, on) == cited


def test_a_designation_refused_before_the_amendment_cites_article_40() -> None:
    reason = next(r for r in DESIGNATION_REJECTION if r.code == "not_eligible_body")
    assert reason.cited(BEFORE) == "法40条"
    assert reason.cited(IN_FORCE) == "法59条"


def test_a_designation_step_cites_the_article_in_force_on_its_date() -> None:
    from sumai.domain.support import DESIGNATION, Action, State

    row = next(t for t in DESIGNATION.rows if t.source == State.SUBMITTED and t.action == Action.DESIGNATE)
    assert row.cited(BEFORE) == "法40条1項"
    assert row.cited(IN_FORCE) == "法59条1項"


@pytest.mark.parametrize(
    ("japanese", "english"),
    [
        ("法9条1項6号", "Act Art. 9(1)(vi)"),
        ("法62条", "Act Art. 62"),
        ("法59条1項", "Act Art. 59(1)"),
        ("規則3条", "Ordinance Art. 3"),
        ("規則12条2号", "Ordinance Art. 12(ii)"),
        ("法2条1項34号", "Act Art. 2(1)(xxxiv)"),
        ("法28条・35条", "Act Art. 28, Art. 35"),
        ("旧法40条", "former Act Art. 40"),
        ("法2条の2", "Act Art. 2-2"),
        ("基本方針", "Basic Policy"),
        ("行政手続法", "行政手続法"),  # another act's name is left as it is
        ("行政手続法32条", "行政手続法32条"),  # and so are its articles
    ],
)
def test_citations_in_english(japanese, english):
    assert articles.in_english(japanese) == english
