from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.domain import params
from sumai.domain.acceptance import check_acceptance
from sumai.domain.eligibility import GROUP_CODES
from sumai.domain.findings import Severity

ON = date(2026, 4, 1)
LAW = list(params.load("acceptance", ON)["rules"]["law_groups"])


def test_the_law_groups_are_the_five_of_article_2():
    assert LAW == ["low_income", "disaster_victim", "elderly", "disability", "child_raising"]


@pytest.mark.parametrize(
    ("accepted", "codes"),
    [
        (LAW, []),
        ([*LAW, "foreign_national"], []),
        (["elderly"], ["unit.acceptance.restrictive"]),
        ([g for g in LAW if g != "low_income"], ["unit.acceptance.restrictive"]),
        ([], ["unit.acceptance.none"]),
        (["martians"], ["unit.acceptance.unknown_group", "unit.acceptance.restrictive"]),
    ],
)
def test_acceptance_table(accepted, codes):
    assert [f.code for f in check_acceptance(accepted, on=ON)] == codes


def test_restrictive_is_a_warning_naming_the_missing_groups():
    (finding,) = check_acceptance(["elderly", "disability"], on=ON)
    assert finding.severity is Severity.WARNING
    assert finding.value == "low_income,disaster_victim,child_raising"


@given(st.lists(st.sampled_from(GROUP_CODES), unique=True))
def test_order_never_matters(groups):
    assert check_acceptance(groups, on=ON) == check_acceptance(list(reversed(groups)), on=ON)


@given(st.lists(st.sampled_from(GROUP_CODES), unique=True, min_size=1))
def test_accepting_more_never_adds_a_finding(groups):
    fewer = len(check_acceptance(groups[:1], on=ON))
    assert len(check_acceptance(groups, on=ON)) <= fewer
