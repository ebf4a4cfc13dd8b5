"""Statutory monthly income (政令月収, 規則1条) and the tax tables under it.

Expected values are either computed from the parameter file in force for the year, or are published
figures (国税庁 タックスアンサー No.1410 / No.1600, REFERENCE.md §3.4) that the file must reproduce.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.domain import params
from sumai.domain.errors import ParameterError
from sumai.domain.income import (
    Disability,
    IncomeRules,
    Member,
    Role,
    assess,
    employment_income,
    pension_income,
    public_pension_deduction,
)

YEAR = 2024
RULES = IncomeRules.for_year(YEAR)
STAT = RULES.statutory
REF_DATE = date(YEAR, 12, 31)


def born_aged(age: int, on: date = REF_DATE) -> date:
    """A birth date for someone exactly ``age`` on ``on`` (birthday well inside the year)."""
    return date(on.year - age, 6, 15) if on.month > 6 else date(on.year - age - 1, 6, 15)


APPLICANT = Member(role=Role.APPLICANT, birth_date=born_aged(40), other_income=6_000_000)


def test_parameter_files_by_year() -> None:
    assert IncomeRules.for_year(2020).valid_from == date(2020, 1, 1)
    assert IncomeRules.for_year(2024).valid_from == date(2020, 1, 1)
    assert IncomeRules.for_year(2025).valid_from == date(2025, 1, 1)
    with pytest.raises(ParameterError):
        IncomeRules.for_year(2019)


def test_statutory_deductions_are_the_reference_amounts() -> None:
    """REFERENCE §3.4 table, checked once here; every other test reads the numbers from the file."""
    assert (STAT.income_holder, STAT.co_resident_or_dependant) == (100_000, 380_000)
    assert (STAT.elderly_dependant_extra, STAT.elderly_dependant_min_age) == (100_000, 70)
    assert (STAT.specific_dependant_extra, STAT.specific_dependant_min_age) == (250_000, 16)
    assert STAT.specific_dependant_max_age_exclusive == 23
    assert (STAT.disability, STAT.special_disability) == (270_000, 400_000)
    assert (STAT.widow, STAT.single_parent, STAT.months) == (270_000, 350_000, 12)


# --- 給与所得 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "gross", "income"),
    [
        (2024, 0, 0),
        (2024, 500_000, 0),  # below the minimum deduction: never negative
        (2024, 550_000, 0),
        (2024, 551_000, 1_000),
        (2024, 1_625_000, 1_075_000),  # 55万円 minimum deduction
        (2024, 1_700_000, 1_120_000),  # A × 60% + 10万
        (2024, 1_701_999, 1_120_000),  # A is rounded down to 4,000 yen
        (2024, 1_900_000, 1_250_000),
        (2024, 3_000_000, 2_020_000),  # A × 70% − 8万
        (2024, 5_000_000, 3_560_000),  # A × 80% − 44万
        (2024, 7_000_000, 5_200_000),  # × 90% − 110万
        (2024, 8_500_000, 6_550_000),  # cap 195万
        (2024, 10_000_000, 8_050_000),
        (2025, 1_625_000, 975_000),  # 令和7年分: 65万円 minimum deduction up to 190万
        (2025, 1_900_000, 1_250_000),
        (2025, 650_000, 0),
        (2025, 3_000_000, 2_020_000),
    ],
)
def test_employment_income(year: int, gross: int, income: int) -> None:
    assert employment_income(gross, IncomeRules.for_year(year)) == income


def test_employment_minimum_deduction_comes_from_the_file() -> None:
    for year in (2024, 2025):
        rules = IncomeRules.for_year(year)
        first = rules.employment_brackets[0]
        assert first.up_to is not None
        assert employment_income(first.up_to, rules) == first.up_to + first.add


# --- 公的年金等に係る雑所得 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gross", "age", "other", "income"),
    [
        (2_400_000, 70, 0, 1_300_000),  # REFERENCE worked example
        (1_100_000, 65, 0, 0),
        (1_000_000, 65, 0, 0),  # never negative
        (1_300_000, 64, 0, 700_000),  # 60万 under 65
        (2_000_000, 64, 0, 1_225_000),  # × 25% + 27.5万
        (4_000_000, 65, 0, 2_725_000),
        (5_000_000, 65, 0, 3_565_000),  # × 15% + 68.5万
        (9_000_000, 65, 0, 7_095_000),  # × 5% + 145.5万
        (12_000_000, 65, 0, 10_045_000),  # cap 195.5万
        (2_400_000, 70, 10_000_000, 1_300_000),  # other 所得 exactly 1,000万: no reduction
        (2_400_000, 70, 10_000_001, 1_400_000),  # over 1,000万: deduction 10万 smaller
        (2_400_000, 70, 20_000_001, 1_500_000),  # over 2,000万: 20万 smaller
    ],
)
def test_pension_income(gross: int, age: int, other: int, income: int) -> None:
    assert pension_income(gross, age, other, RULES) == income


def test_pension_age_threshold_is_taken_on_31_december() -> None:
    threshold = RULES.pension_age_threshold
    just_reached = Member(Role.APPLICANT, date(YEAR - threshold + 1, 1, 1), pension_gross=1_200_000)
    not_yet = replace(just_reached, birth_date=date(YEAR - threshold + 1, 1, 2))
    over = public_pension_deduction(1_200_000, threshold, 0, RULES)
    under = public_pension_deduction(1_200_000, threshold - 1, 0, RULES)
    assert over > under
    assert assess([just_reached], YEAR).members[0].pension_income == max(0, 1_200_000 - over)
    assert assess([not_yet], YEAR).members[0].pension_income == 1_200_000 - under


# --- the household ------------------------------------------------------------------------------------


def test_reference_worked_example() -> None:
    """REFERENCE §3.4: 70, alone, 2,400,000 yen pension → 100,000 yen a month."""
    result = assess([Member(Role.APPLICANT, born_aged(70), pension_gross=2_400_000)], YEAR)
    assert result.annual_income == 1_300_000
    assert result.annual_deductions == STAT.income_holder
    assert result.monthly_income == (1_300_000 - STAT.income_holder) // STAT.months == 100_000


def test_monthly_income_is_rounded_down() -> None:
    result = assess([replace(APPLICANT, other_income=1_000_011)], YEAR)
    assert result.monthly_income == 83_334


def test_no_income_gives_zero() -> None:
    assert assess([Member(Role.APPLICANT, born_aged(30))], YEAR).monthly_income == 0


def test_deductions_larger_than_income_give_zero() -> None:
    members = [
        replace(APPLICANT, other_income=100_000, disability=Disability.SPECIAL),
        Member(Role.CHILD, born_aged(10)),
    ]
    assert assess(members, YEAR).monthly_income == 0


def _deductions(*extra: Member, applicant: Member = APPLICANT) -> dict[str, int]:
    result = assess([applicant, *extra], YEAR)
    out: dict[str, int] = {}
    for member in result.members:
        for d in member.deductions:
            out[d.code] = out.get(d.code, 0) + d.amount
    return out


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (Member(Role.SPOUSE, born_aged(40)), {"co_resident": STAT.co_resident_or_dependant}),
        (
            Member(Role.SPOUSE, born_aged(STAT.elderly_dependant_min_age)),
            {"co_resident": STAT.co_resident_or_dependant, "elderly_dependant": STAT.elderly_dependant_extra},
        ),
        (
            Member(Role.RELATIVE, born_aged(STAT.elderly_dependant_min_age - 1)),
            {"co_resident": STAT.co_resident_or_dependant},
        ),
        (
            Member(Role.CHILD, born_aged(STAT.specific_dependant_min_age)),
            {
                "co_resident": STAT.co_resident_or_dependant,
                "specific_dependant": STAT.specific_dependant_extra,
            },
        ),
        (
            Member(Role.CHILD, born_aged(STAT.specific_dependant_min_age - 1)),
            {"co_resident": STAT.co_resident_or_dependant},
        ),
        (
            Member(Role.CHILD, born_aged(STAT.specific_dependant_max_age_exclusive - 1)),
            {
                "co_resident": STAT.co_resident_or_dependant,
                "specific_dependant": STAT.specific_dependant_extra,
            },
        ),
        (
            Member(Role.CHILD, born_aged(STAT.specific_dependant_max_age_exclusive)),
            {"co_resident": STAT.co_resident_or_dependant},
        ),
        (
            Member(Role.RELATIVE, born_aged(50), other_income=9_000_000, lives_with=False),
            {"dependant": STAT.co_resident_or_dependant},
        ),
        (
            Member(Role.CHILD, born_aged(8), disability=Disability.ORDINARY),
            {"co_resident": STAT.co_resident_or_dependant, "disability": STAT.disability},
        ),
        (
            Member(Role.CHILD, born_aged(8), disability=Disability.SPECIAL),
            {"co_resident": STAT.co_resident_or_dependant, "special_disability": STAT.special_disability},
        ),
    ],
)
def test_member_deductions(member: Member, expected: dict[str, int]) -> None:
    assert _deductions(member) == expected
    with_member = assess([APPLICANT, member], YEAR)
    alone = assess([APPLICANT], YEAR)
    assert with_member.annual_deductions - alone.annual_deductions == sum(expected.values())


def test_non_resident_dependant_income_is_not_counted() -> None:
    away = Member(Role.RELATIVE, born_aged(50), salary_gross=9_000_000, lives_with=False)
    result = assess([APPLICANT, away], YEAR)
    assert result.annual_income == APPLICANT.other_income
    assert not result.members[1].counted


@pytest.mark.parametrize(
    ("applicant", "expected"),
    [
        (replace(APPLICANT, disability=Disability.ORDINARY), {"disability": STAT.disability}),
        (replace(APPLICANT, disability=Disability.SPECIAL), {"special_disability": STAT.special_disability}),
        (replace(APPLICANT, widow=True), {"widow": STAT.widow}),
        (replace(APPLICANT, single_parent=True), {"single_parent": STAT.single_parent}),
        (replace(APPLICANT, single_parent=True, widow=True), {"single_parent": STAT.single_parent}),
        (replace(APPLICANT, widow=True, other_income=100_000), {"widow": 100_000}),  # capped at own 所得
        (replace(APPLICANT, single_parent=True, other_income=200_000), {"single_parent": 200_000}),
        (replace(APPLICANT, single_parent=True, other_income=0), {}),
        (replace(APPLICANT, other_income=0, salary_gross=3_000_000), {"income_holder": STAT.income_holder}),
        (replace(APPLICANT, other_income=0, pension_gross=3_000_000), {"income_holder": STAT.income_holder}),
        # one holder deduction per person, however many kinds of income
        (
            replace(APPLICANT, other_income=0, salary_gross=3_000_000, pension_gross=3_000_000),
            {"income_holder": STAT.income_holder},
        ),
        # capped at the person's 給与所得 + 公的年金等雑所得: 600,000 − 550,000 = 50,000
        (replace(APPLICANT, other_income=5_000_000, salary_gross=600_000), {"income_holder": 50_000}),
        (replace(APPLICANT, other_income=0, salary_gross=500_000), {}),
        (APPLICANT, {}),  # other income brings no holder deduction
    ],
)
def test_own_deductions_and_caps(applicant: Member, expected: dict[str, int]) -> None:
    assert _deductions(applicant=applicant) == expected


def test_holder_deduction_for_each_earning_member() -> None:
    spouse = Member(Role.SPOUSE, born_aged(40), salary_gross=1_000_000)
    earner = replace(APPLICANT, other_income=0, salary_gross=3_000_000)
    result = assess([earner, spouse], YEAR)
    spouse_income = employment_income(1_000_000, RULES)
    assert result.annual_income == employment_income(3_000_000, RULES) + spouse_income
    assert _deductions(spouse, applicant=earner) == {
        "income_holder": STAT.income_holder + min(STAT.income_holder, spouse_income),
        "co_resident": STAT.co_resident_or_dependant,
    }


def test_family_example() -> None:
    """Couple with two children: salary 4,000,000, spouse part-time 1,000,000, children 17 and 12."""
    members = [
        Member(Role.APPLICANT, born_aged(45), salary_gross=4_000_000),
        Member(Role.SPOUSE, born_aged(43), salary_gross=1_000_000),
        Member(Role.CHILD, born_aged(17)),
        Member(Role.CHILD, born_aged(12)),
    ]
    result = assess(members, YEAR)
    income = 4_000_000 * 80 // 100 - 440_000 + (1_000_000 - 550_000)
    deductions = 2 * STAT.income_holder + 3 * STAT.co_resident_or_dependant + STAT.specific_dependant_extra
    assert result.annual_income == income == 3_210_000
    assert result.annual_deductions == deductions
    assert result.monthly_income == (income - deductions) // 12 == 135_000


def test_dependant_ages_are_taken_on_31_december_of_the_income_year() -> None:
    # turns 16 on 1 January of the following year: not a 特定扶養親族 for the income year
    child = Member(Role.CHILD, date(YEAR + 1 - STAT.specific_dependant_min_age, 1, 2))
    assert "specific_dependant" not in _deductions(child)
    child = replace(child, birth_date=date(YEAR + 1 - STAT.specific_dependant_min_age, 1, 1))
    assert "specific_dependant" in _deductions(child)


def test_member_born_after_the_income_year_gets_only_the_co_resident_deduction() -> None:
    baby = Member(Role.CHILD, date(YEAR + 1, 3, 1))
    assert _deductions(baby) == {"co_resident": STAT.co_resident_or_dependant}


def test_breakdown_as_dict() -> None:
    out = assess([APPLICANT, Member(Role.SPOUSE, born_aged(40))], YEAR).as_dict()
    assert out["monthly_income"] == (6_000_000 - STAT.co_resident_or_dependant) // 12
    assert out["reference_date"] == "2024-12-31"
    members = out["members"]
    assert isinstance(members, list)
    assert members[1]["deductions"] == [{"code": "co_resident", "amount": 380_000, "ref": "規則1条"}]


def test_every_income_file_parses() -> None:
    for ps in params.load_all("income"):
        rules = IncomeRules.from_parameters(ps)
        assert rules.employment_brackets[-1].up_to is None


# --- properties ---------------------------------------------------------------------------------------

money = st.integers(min_value=0, max_value=40_000_000)
members_strategy = st.builds(
    Member,
    role=st.sampled_from([Role.SPOUSE, Role.CHILD, Role.RELATIVE]),
    birth_date=st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31)),
    salary_gross=money,
    pension_gross=money,
    other_income=money,
    disability=st.none() | st.sampled_from(list(Disability)),
    single_parent=st.booleans(),
    widow=st.booleans(),
    lives_with=st.booleans(),
)
applicants = st.builds(
    Member,
    role=st.just(Role.APPLICANT),
    birth_date=st.dates(min_value=date(1920, 1, 1), max_value=date(2007, 12, 31)),
    salary_gross=money,
    pension_gross=money,
    other_income=money,
    disability=st.none() | st.sampled_from(list(Disability)),
    single_parent=st.booleans(),
    widow=st.booleans(),
)
years = st.sampled_from([2020, 2024, 2025])


@given(applicants, st.lists(members_strategy, max_size=5), years)
def test_monthly_income_is_never_negative(applicant: Member, others: list[Member], year: int) -> None:
    result = assess([applicant, *others], year)
    assert result.monthly_income >= 0
    assert result.monthly_income == max(0, result.annual_income - result.annual_deductions) // 12


@given(applicants, st.lists(members_strategy, max_size=4), members_strategy, years)
def test_adding_a_member_without_income_never_raises_the_income(
    applicant: Member, others: list[Member], extra: Member, year: int
) -> None:
    extra = replace(extra, salary_gross=0, pension_gross=0, other_income=0)
    before = assess([applicant, *others], year).monthly_income
    after = assess([applicant, *others, extra], year).monthly_income
    assert after <= before


@given(applicants, st.lists(members_strategy, max_size=5), st.randoms(use_true_random=False), years)
def test_member_order_does_not_matter(
    applicant: Member, others: list[Member], rnd: object, year: int
) -> None:
    import random

    assert isinstance(rnd, random.Random)
    shuffled = [applicant, *others]
    rnd.shuffle(shuffled)
    assert assess(shuffled, year).monthly_income == assess([applicant, *others], year).monthly_income


@given(st.integers(min_value=0, max_value=50_000_000), years)
def test_employment_income_is_between_zero_and_gross(gross: int, year: int) -> None:
    assert 0 <= employment_income(gross, IncomeRules.for_year(year)) <= gross


@given(st.integers(min_value=0, max_value=50_000_000), st.integers(0, 110), money, years)
def test_pension_income_is_between_zero_and_gross(gross: int, age: int, other: int, year: int) -> None:
    assert 0 <= pension_income(gross, age, other, IncomeRules.for_year(year)) <= gross
