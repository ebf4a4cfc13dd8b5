"""The audit cases of issue #12 (items 1–4): each with the figures the audit computed by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.domain.eligibility import evaluate_household_json
from sumai.domain.income import IncomeRules, Member, Role, assess, pension_income, public_pension_deduction

AS_OF = "2025-06-01"  # income year 2024


def household(*members: dict[str, Any], as_of: str = AS_OF, **extra: Any) -> dict[str, Any]:
    return {"as_of": as_of, "members": list(members), **extra}


# --- item 1: 特定扶養 is not for the spouse ----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "monthly", "low_income"),
    [
        # 650,000 salary → 100,000 所得; spouse 3.7M → 2,520,000. Deductions 100,000 + 100,000 + 380,000.
        ("spouse", 170_000, False),
        # the same person as a child (特定扶養親族) does get the +250,000: 149,166
        ("child", 149_166, True),
    ],
)
def test_specific_dependant_extra_is_not_for_the_spouse(role: str, monthly: int, low_income: bool) -> None:
    result = evaluate_household_json(
        household(
            {"role": "applicant", "birth_date": "1990-05-05", "salary_gross": 650_000},
            {"role": role, "birth_date": "2004-03-01", "salary_gross": 3_700_000},
        )
    )
    assert result["monthly_income"] == monthly
    assert ("low_income" in result["groups"]) is low_income


def test_elderly_extra_still_applies_to_a_spouse_of_70() -> None:
    result = assess(
        [
            Member(Role.APPLICANT, date(1950, 1, 1), other_income=1_200_000),
            Member(Role.SPOUSE, date(1952, 1, 1)),
        ],
        2024,
    )
    codes = {d.code for m in result.members for d in m.deductions}
    assert "elderly_dependant" in codes
    assert result.monthly_income == (1_200_000 - 380_000 - 100_000) // 12


def test_parameter_file_names_the_roles_of_each_extra() -> None:
    for year in (2020, 2025):
        stat = IncomeRules.for_year(year).statutory
        assert stat.specific_dependant_roles == {"child", "relative"}
        assert stat.elderly_dependant_roles == {"spouse", "child", "relative"}


# --- item 2: before the first income table ------------------------------------------------------------


def test_groups_that_do_not_depend_on_income_are_evaluated_before_2021() -> None:
    result = evaluate_household_json(
        household(
            {"role": "applicant", "birth_date": "1985-05-05"},
            as_of="2020-06-01",
            circumstances=[{"code": "dv_victim"}],
        )
    )
    assert result["groups"] == ["dv_victim"]
    assert result["monthly_income"] is None
    assert result["income_breakdown"] is None
    assert result["undetermined"] == ["low_income"]
    [finding] = result["findings"]
    assert (finding["code"], finding["value"], finding["limit"]) == ("income.no_tables_for_year", 2019, 2020)


def test_income_year_with_a_table_is_determined() -> None:
    result = evaluate_household_json(household({"role": "applicant", "birth_date": "1985-05-05"}))
    assert result["undetermined"] == []
    assert result["groups"] == ["low_income"]


# --- item 3: 所得 of a public pension is rounded down -------------------------------------------------


@pytest.mark.parametrize(
    ("gross", "age", "income"),
    [
        (3_028_015, 64, 1_996_011),  # 3,028,015 − 757,003.75 − 275,000 = 1,996,011.25 → 1,996,011
        (3_028_016, 64, 1_996_012),  # exact quarter: no rounding
        (3_300_001, 65, 2_200_000),  # 3,300,001 × 75% − 275,000 = 2,200,000.75 → 2,200,000
        (4_100_003, 70, 2_800_002),  # 4,100,003 × 85% − 685,000 = 2,800,002.55 → 2,800,002
        (7_700_013, 50, 5_860_012),  # 7,700,013 × 95% − 1,455,000 = 5,860,012.35 → 5,860,012
    ],
)
def test_pension_income_rounds_down(gross: int, age: int, income: int) -> None:
    rules = IncomeRules.for_year(2024)
    assert pension_income(gross, age, 0, rules) == income


def test_pension_of_3028015_under_65_is_158000_a_month_and_low_income() -> None:
    result = evaluate_household_json(
        household({"role": "applicant", "birth_date": "1970-05-05", "pension_gross": 3_028_015})
    )
    assert result["monthly_income"] == 158_000
    assert "low_income" in result["groups"]


@given(st.integers(0, 30_000_000), st.integers(0, 100), st.integers(0, 30_000_000))
def test_pension_income_is_the_exact_figure_rounded_down(gross: int, age: int, other: int) -> None:
    from fractions import Fraction

    rules = IncomeRules.for_year(2024)
    brackets = rules.pension_brackets_at_or_over_age if age >= 65 else rules.pension_brackets_under_age
    line = next(b for b in brackets if b.applies(gross))
    reduction = max((a for over, a in rules.pension_other_income_reductions if other > over), default=0)
    exact = gross - max(Fraction(0), Fraction(gross * line.rate_percent, 100) + line.add - reduction)
    expected = max(0, int(exact // 1)) if gross > 0 else 0
    assert pension_income(gross, age, other, rules) == expected
    assert public_pension_deduction(gross, age, other, rules) >= 0


# --- item 4: dependants' own income -------------------------------------------------------------------


def test_dependant_with_own_income_gets_the_extra_with_a_finding() -> None:
    result = evaluate_household_json(
        household(
            {"role": "applicant", "birth_date": "1980-05-05", "salary_gross": 3_000_000},
            {"role": "relative", "birth_date": "1950-01-01", "other_income": 1_900_000},
        )
    )
    breakdown = result["income_breakdown"]
    father = breakdown["members"][1]
    assert {"code": "elderly_dependant", "amount": 100_000, "ref": "規則1条"} in father["deductions"]
    [finding] = result["findings"]
    assert finding["code"] == "income.dependant_extra.assumed_qualifying"
    assert finding["severity"] == "warning"
    assert finding["value"] == 1_900_000
    assert father["findings"] == [finding]


def test_dependant_without_income_gives_no_finding() -> None:
    result = evaluate_household_json(
        household(
            {"role": "applicant", "birth_date": "1980-05-05", "salary_gross": 3_000_000},
            {"role": "relative", "birth_date": "1950-01-01"},
        )
    )
    assert result["findings"] == []


# --- 政令月収 is monotone in each income ------------------------------------------------------------------

_money = st.integers(0, 20_000_000)
_members = st.builds(
    Member,
    role=st.sampled_from([Role.SPOUSE, Role.CHILD, Role.RELATIVE]),
    birth_date=st.dates(date(1920, 1, 1), date(2024, 12, 31)),
    salary_gross=_money,
    pension_gross=_money,
    other_income=_money,
    lives_with=st.booleans(),
)
_applicants = st.builds(
    Member,
    role=st.just(Role.APPLICANT),
    birth_date=st.dates(date(1920, 1, 1), date(2006, 12, 31)),
    salary_gross=_money,
    pension_gross=_money,
    other_income=_money,
)
# ひとり親 / 寡婦 are left out: their deduction and the 10万円 holder deduction are each capped at the same
# person's 所得, so within the caps one more yen of 所得 brings two yen of deductions (see the next test).


@given(
    _applicants,
    st.lists(_members, max_size=3),
    st.data(),
    st.sampled_from(["salary_gross", "pension_gross", "other_income"]),
    st.integers(1, 5_000_000),
    st.sampled_from([2020, 2024, 2025]),
)
def test_monthly_income_is_monotone_in_each_income(
    applicant: Member, others: list[Member], data: st.DataObject, field: str, more: int, year: int
) -> None:
    from dataclasses import replace

    members = [applicant, *others]
    i = data.draw(st.integers(0, len(members) - 1))
    raised = list(members)
    raised[i] = replace(members[i], **{field: getattr(members[i], field) + more})
    assert assess(raised, year).monthly_income >= assess(members, year).monthly_income


def test_widow_with_tiny_salary_lowers_the_household_figure() -> None:
    """Known non-monotonicity of 規則1条 as read here (docs/domain.md): both caps bind below 10万円."""
    applicant = Member(Role.APPLICANT, date(1980, 1, 1), other_income=1_000_000)
    widow = Member(Role.RELATIVE, date(1960, 1, 1), widow=True)
    earning = Member(Role.RELATIVE, date(1960, 1, 1), widow=True, salary_gross=550_001)
    assert assess([applicant, widow], 2020).monthly_income == (1_000_000 - 380_000) // 12
    assert assess([applicant, earning], 2020).monthly_income == (1_000_001 - 380_000 - 2) // 12
