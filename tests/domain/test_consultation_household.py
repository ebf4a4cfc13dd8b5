"""What a request's own words carry into the household record it opens (issue #16 items 2 and 5): the
circumstances of the law it states, whether it opens hidden, and the likely relationship of each person."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.domain import params
from sumai.domain.consultation import Situation, circumstances_stated, opens_hidden, stated_role
from sumai.domain.priority_groups import CIRCUMSTANCES

ON = date(2026, 12, 5)
CHILD_LIMIT = int(params.load("priority_groups", ON)["child"]["age_limit"])


@pytest.mark.parametrize(
    ("situations", "circumstances", "hidden"),
    [
        ({"dv"}, ("dv_victim",), True),  # 規則3条 DV被害者; fleeing violence: hidden from the start
        ({"prison"}, ("leaving_correctional_facility",), False),  # 規則3条 矯正施設退所者
        ({"dv", "prison"}, ("dv_victim", "leaving_correctional_facility"), True),
        ({"homeless"}, (), False),  # homelessness alone needs the caseworker's assessment
        ({"eviction", "must_leave", "refused"}, (), False),
        (set(), (), False),
    ],
)
def test_the_table(situations: set[str], circumstances: tuple[str, ...], hidden: bool) -> None:
    assert circumstances_stated(situations) == circumstances
    assert opens_hidden(situations) is hidden


@given(st.sets(st.sampled_from([s.value for s in Situation])))
def test_every_stated_circumstance_is_one_of_the_law_and_dv_always_hides(situations: set[str]) -> None:
    assert all(code in CIRCUMSTANCES for code in circumstances_stated(situations))
    assert opens_hidden(situations) == ("dv" in situations)


@pytest.mark.parametrize(
    ("index", "age", "applicant_age", "role"),
    [
        (0, 34, 34, "applicant"),
        (1, 8, 34, "child"),
        (1, CHILD_LIMIT - 1, 40, "child"),
        (1, CHILD_LIMIT, 40, "relative"),  # the law's child age reached
        (1, 68, 72, "relative"),  # an older couple: the second person is not taken as a child
        (1, 10, 16, "relative"),  # a young applicant's sibling, not their child
        (1, None, 34, "relative"),
        (1, 8, None, "child"),
    ],
)
def test_the_likely_role(index: int, age: int | None, applicant_age: int | None, role: str) -> None:
    assert stated_role(index, age, applicant_age, on=ON) == role
