"""Subsidy calculators and the cap ledger: table tests from the seed (FY2021) and properties."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sumai.domain import params
from sumai.domain.errors import InputError
from sumai.domain.findings import Severity
from sumai.domain.subsidies import (
    Channel,
    GuaranteeFeeRequest,
    Payment,
    Program,
    RenovationRequest,
    RenovationWork,
    RentReductionRequest,
    WorkItem,
    add_months,
    guarantee_fee_subsidy,
    ledger,
    management_until,
    renovation_subsidy,
    rent_reduction_subsidy,
    subsidy_json,
)

FY2021 = date(2021, 4, 1)
RENO = params.load("subsidy_renovation", FY2021)
RENT = params.load("subsidy_rent_reduction", FY2021)
GUAR = params.load("subsidy_guarantee_fee", FY2021)
COMBINED = params.load("subsidy_combined_cap", FY2021)["caps"]["national_total_per_unit_yen"]
BASE_CAP = RENO["caps"]["base_per_unit_yen"]  # 500,000
MAJOR_CAP = RENO["caps"]["major_works_per_unit_yen"]  # 500,000
ELEVATOR_CAP = RENO["caps"]["elevator_per_unit_yen"]  # 150,000
CHILDCARE_CAP = RENO["caps"]["childcare_facility_yen"]  # 10,000,000
THIRD = Fraction(RENO["rates"]["direct_national"])
RENT_CAP = RENT["caps"]["national_per_month_yen"]  # 20,000
RENT_LOCAL_CAP = RENT["caps"]["local_per_month_yen"]
MAX_MONTHS = RENT["caps"]["max_months"]  # 120
INCOME_LIMIT = RENT["tenant"]["max_monthly_income_yen"]  # 158,000
GUAR_CAP = GUAR["caps"]["national_per_contract_yen"]  # 30,000


def test_fy2021_numbers_from_the_seed() -> None:
    assert (BASE_CAP, MAJOR_CAP, ELEVATOR_CAP, CHILDCARE_CAP) == (500_000, 500_000, 150_000, 10_000_000)
    assert Fraction(1, 3) == THIRD
    assert (RENT_CAP, RENT_LOCAL_CAP, MAX_MONTHS, INCOME_LIMIT, GUAR_CAP, COMBINED) == (
        20_000,
        20_000,
        120,
        158_000,
        30_000,
        2_400_000,
    )
    assert GUAR["tenant"]["max_monthly_income_yen"] == INCOME_LIMIT
    assert [RENO["works"][w]["number"] for w in list(RenovationWork)[:8]] == list(
        range(1, 9)
    )  # ①–⑧ of FY2021


def codes(result: Any) -> set[str]:
    return {f.code for f in result.findings}


def reno(
    *works: tuple[RenovationWork, int], units: int = 1, channel: Channel = Channel.DIRECT, **kw: Any
) -> RenovationRequest:
    return RenovationRequest(tuple(WorkItem(w, c) for w, c in works), units, channel, **kw)


# ------------------------------------------------------------------------------------------ renovation


def test_renovation_direct_one_third_floored() -> None:
    result = renovation_subsidy(reno((RenovationWork.NEW_NORMAL, 100)), on=FY2021)
    assert (result.national, result.local, result.owner) == (33, 0, 67)
    assert result.findings == ()


def test_renovation_through_local_government() -> None:
    result = renovation_subsidy(reno((RenovationWork.NEW_NORMAL, 100), channel=Channel.LOCAL), on=FY2021)
    assert (result.national, result.local, result.owner) == (33, 33, 34)


@pytest.mark.parametrize(
    ("extra", "national", "warned"),
    [(-3, BASE_CAP - 1, False), (0, BASE_CAP, True), (3, BASE_CAP, True), (3_000_000, BASE_CAP, True)],
)
def test_renovation_base_cap_exactly(extra: int, national: int, warned: bool) -> None:
    cost = BASE_CAP * 3 + extra
    result = renovation_subsidy(reno((RenovationWork.MINIMUM_HABITABILITY, cost)), on=FY2021)
    assert result.national == national
    assert result.owner == cost - national
    assert ("subsidy.renovation.cap_reached" in codes(result)) is warned


@pytest.mark.parametrize("work", list(RenovationWork)[:5])
def test_works_one_to_five_add_to_the_cap(work: RenovationWork) -> None:
    cap = BASE_CAP + MAJOR_CAP
    result = renovation_subsidy(reno((work, cap * 3), units=1), on=FY2021)
    assert result.national == cap
    result = renovation_subsidy(reno((work, cap * 3 * 4), units=4), on=FY2021)
    assert result.national == cap * 4


@pytest.mark.parametrize("work", list(RenovationWork)[5:])
def test_works_six_to_eight_keep_the_base_cap(work: RenovationWork) -> None:
    assert renovation_subsidy(reno((work, 10_000_000)), on=FY2021).national == BASE_CAP


def test_elevator_under_barrier_free() -> None:
    cap = BASE_CAP + MAJOR_CAP + ELEVATOR_CAP
    result = renovation_subsidy(
        reno((RenovationWork.BARRIER_FREE, cap * 3), units=2, elevator=True), on=FY2021
    )
    assert result.national == min(cap * 3 // 3, cap * 2)
    result = renovation_subsidy(
        reno((RenovationWork.BARRIER_FREE, cap * 6), units=2, elevator=True), on=FY2021
    )
    assert result.national == cap * 2
    assert "renovation.cap.elevator" in {s.code for s in result.breakdown}


def test_elevator_without_barrier_free_adds_nothing() -> None:
    result = renovation_subsidy(reno((RenovationWork.NEW_NORMAL, 9_000_000), elevator=True), on=FY2021)
    assert result.national == BASE_CAP
    assert codes(result) == {
        "subsidy.renovation.elevator_without_barrier_free",
        "subsidy.renovation.cap_reached",
    }


def test_childcare_facility_per_facility() -> None:
    cap = BASE_CAP + MAJOR_CAP + 2 * CHILDCARE_CAP
    result = renovation_subsidy(
        reno((RenovationWork.CHILD_REARING, cap * 3), childcare_facilities=2), on=FY2021
    )
    assert result.national == cap
    result = renovation_subsidy(reno((RenovationWork.SEISMIC, cap * 3), childcare_facilities=2), on=FY2021)
    assert result.national == BASE_CAP + MAJOR_CAP
    assert "subsidy.renovation.childcare_facility_without_child_rearing" in codes(result)


def test_renovation_without_works_is_not_eligible() -> None:
    result = renovation_subsidy(reno(), on=FY2021)
    assert (result.national, result.local, result.owner) == (0, 0, 0)
    assert not result.eligible


@pytest.mark.parametrize(
    ("start", "until"),
    [
        (date(2022, 2, 1), date(2032, 1, 31)),
        (date(2021, 4, 1), date(2031, 3, 31)),
        (date(2020, 2, 29), date(2030, 2, 28)),
    ],
)
def test_management_obligation_ten_years(start: date, until: date) -> None:
    assert RENO["obligations"]["management_years"] == 10
    assert management_until(start, on=FY2021) == until
    result = renovation_subsidy(reno((RenovationWork.SEISMIC, 300), management_start=start), on=FY2021)
    assert result.management_until == until


# ------------------------------------------------------------------------------------------ rent reduction


def rent(reduction: int, income: int = 100_000, **kw: Any) -> RentReductionRequest:
    return RentReductionRequest(reduction, income, True, **kw)


@pytest.mark.parametrize(("income", "eligible"), [(INCOME_LIMIT, True), (INCOME_LIMIT + 1, False), (0, True)])
def test_rent_reduction_income_limit(income: int, eligible: bool) -> None:
    result = rent_reduction_subsidy(rent(30_000, income), on=FY2021)
    assert result.eligible is eligible
    if eligible:
        assert (result.national, result.local, result.owner) == (15_000, 15_000, 0)
    else:
        assert (result.national, result.local, result.owner) == (0, 0, 30_000)
        (finding,) = result.findings
        assert (finding.code, finding.value, finding.limit) == (
            "subsidy.tenant_income.above_limit",
            income,
            INCOME_LIMIT,
        )


@pytest.mark.parametrize(
    ("reduction", "national", "owner", "capped"),
    [
        (30_001, 15_000, 1, False),
        (2 * RENT_CAP - 2, RENT_CAP - 1, 0, False),
        (2 * RENT_CAP, RENT_CAP, 0, True),
        (50_000, RENT_CAP, 10_000, True),
    ],
)
def test_rent_reduction_monthly_cap(reduction: int, national: int, owner: int, capped: bool) -> None:
    result = rent_reduction_subsidy(rent(reduction), on=FY2021)
    assert (result.national, result.local, result.owner) == (national, national, owner)
    assert ("subsidy.rent_reduction.monthly_cap_reached" in codes(result)) is capped


def test_rent_reduction_not_dedicated() -> None:
    result = rent_reduction_subsidy(RentReductionRequest(30_000, 100_000, False), on=FY2021)
    assert codes(result) == {"subsidy.unit.not_dedicated"}
    assert result.national == 0


def test_rent_reduction_period() -> None:
    full = rent_reduction_subsidy(rent(2 * RENT_CAP, months=MAX_MONTHS), on=FY2021)
    assert full.national == RENT_CAP * MAX_MONTHS == COMBINED  # 2,400,000 exactly
    assert "subsidy.combined_cap.reached" not in codes(full)
    partial = rent_reduction_subsidy(
        rent(2 * RENT_CAP, months=2, months_already_subsidised=MAX_MONTHS - 1), on=FY2021
    )
    assert partial.national == RENT_CAP
    assert partial.owner == 2 * RENT_CAP
    (finding,) = [f for f in partial.findings if f.code == "subsidy.rent_reduction.period_exceeded"]
    assert finding.severity == Severity.WARNING
    over = rent_reduction_subsidy(rent(2 * RENT_CAP, months_already_subsidised=MAX_MONTHS), on=FY2021)
    assert over.national == 0
    assert not over.eligible


@pytest.mark.parametrize(
    ("paid", "national", "warned"),
    [(COMBINED - RENT_CAP, RENT_CAP, False), (COMBINED - 10_000, 10_000, True), (COMBINED, 0, True)],
)
def test_rent_reduction_combined_cap_exactly(paid: int, national: int, warned: bool) -> None:
    result = rent_reduction_subsidy(
        rent(2 * RENT_CAP, national_paid_to_date=paid, local_paid_to_date=paid), on=FY2021
    )
    assert result.national == national
    assert result.local == national
    assert ("subsidy.combined_cap.reached" in codes(result)) is warned
    assert paid + result.national <= COMBINED


# ------------------------------------------------------------------------------------------ guarantee fee


@pytest.mark.parametrize(
    ("fee", "national", "owner", "capped"),
    [
        (50_000, 25_000, 0, False),
        (2 * GUAR_CAP, GUAR_CAP, 0, True),
        (70_001, GUAR_CAP, 10_001, True),
        (1, 0, 1, False),
    ],
)
def test_guarantee_fee(fee: int, national: int, owner: int, capped: bool) -> None:
    result = guarantee_fee_subsidy(GuaranteeFeeRequest(fee, 120_000, True), on=FY2021)
    assert (result.national, result.local, result.owner) == (national, national, owner)
    assert ("subsidy.guarantee_fee.cap_reached" in codes(result)) is capped


def test_guarantee_fee_income_and_combined_cap() -> None:
    assert not guarantee_fee_subsidy(GuaranteeFeeRequest(60_000, INCOME_LIMIT + 1, True), on=FY2021).eligible
    result = guarantee_fee_subsidy(
        GuaranteeFeeRequest(60_000, INCOME_LIMIT, True, COMBINED - 5_000, 0), on=FY2021
    )
    assert result.national == 5_000
    assert result.local == GUAR_CAP
    assert "subsidy.combined_cap.reached" in codes(result)


# ------------------------------------------------------------------------------------------ properties


@given(
    works=st.lists(st.tuples(st.sampled_from(list(RenovationWork)), st.integers(0, 10**9)), max_size=8),
    units=st.integers(0, 50),
    channel=st.sampled_from(list(Channel)),
    elevator=st.booleans(),
    childcare=st.integers(0, 3),
)
def test_renovation_money_is_int_and_never_negative(
    works: list[tuple[RenovationWork, int]], units: int, channel: Channel, elevator: bool, childcare: int
) -> None:
    request = reno(*works, units=units, channel=channel, elevator=elevator, childcare_facilities=childcare)
    result = renovation_subsidy(request, on=FY2021)
    amounts = (result.national, result.local, result.owner)
    assert all(type(a) is int and a >= 0 for a in amounts)
    assert sum(amounts) == sum(c for _, c in works)
    cap = next(s.amount for s in result.breakdown if s.code == "renovation.cap.national")
    assert result.national <= cap
    assert result.local <= cap
    assert all(type(s.amount) is int and s.amount >= 0 for s in result.breakdown)


@given(
    reduction=st.integers(0, 500_000),
    income=st.integers(0, 1_000_000),
    months=st.integers(1, 240),
    already=st.integers(0, 240),
    paid=st.integers(0, 3_000_000),
    dedicated=st.booleans(),
)
def test_rent_reduction_money_is_int_and_within_caps(
    reduction: int, income: int, months: int, already: int, paid: int, dedicated: bool
) -> None:
    request = RentReductionRequest(reduction, income, dedicated, months, already, paid, paid)
    result = rent_reduction_subsidy(request, on=FY2021)
    amounts = (result.national, result.local, result.owner)
    assert all(type(a) is int and a >= 0 for a in amounts)
    assert sum(amounts) == reduction * months
    assert result.national <= RENT_CAP * months
    assert result.national <= max(0, COMBINED - paid)
    assert result.national <= RENT_CAP * max(0, MAX_MONTHS - already)
    if income > INCOME_LIMIT or not dedicated:
        assert result.national == result.local == 0


@given(fee=st.integers(0, 1_000_000), income=st.integers(0, 400_000), paid=st.integers(0, 3_000_000))
def test_guarantee_money_is_int_and_within_caps(fee: int, income: int, paid: int) -> None:
    result = guarantee_fee_subsidy(GuaranteeFeeRequest(fee, income, True, paid, paid), on=FY2021)
    amounts = (result.national, result.local, result.owner)
    assert all(type(a) is int and a >= 0 for a in amounts)
    assert sum(amounts) == fee
    assert result.national <= min(GUAR_CAP, max(0, COMBINED - paid))


# ------------------------------------------------------------------------------------------ ledger


def test_ledger_empty() -> None:
    status = ledger([], month=date(2021, 6, 15), granted_on=FY2021)
    assert (status.rent_national_this_month, status.rent_local_this_month) == (RENT_CAP, RENT_LOCAL_CAP)
    assert (status.guarantee_national, status.national_total_remaining) == (GUAR_CAP, COMBINED)
    assert status.rent_period_start == date(2021, 6, 1)
    assert status.rent_period_end == date(2031, 5, 31)


def test_ledger_this_month_and_contracts() -> None:
    payments = [
        Payment(date(2021, 6, 5), Program.RENT_REDUCTION, 15_000, 15_000),
        Payment(date(2021, 6, 1), Program.GUARANTEE_FEE, 25_000, 25_000, "A"),
        Payment(date(2021, 5, 20), Program.RENT_REDUCTION, 20_000, 20_000),
    ]
    status = ledger(payments, month=date(2021, 6, 30), granted_on=FY2021, contract="A")
    assert status.rent_national_this_month == 5_000
    assert status.guarantee_national == 5_000
    assert status.national_total_remaining == COMBINED - 60_000
    assert status.rent_period_start == date(2021, 5, 1)
    assert (
        ledger(payments, month=date(2021, 7, 1), granted_on=FY2021, contract="B").guarantee_national
        == GUAR_CAP
    )
    assert status.findings == ()


def test_ledger_period_ends_after_ten_years() -> None:
    payments = [Payment(date(2021, 6, 1), Program.RENT_REDUCTION, 100, 100)]
    last = add_months(date(2021, 6, 1), MAX_MONTHS - 1)
    assert ledger(payments, month=last, granted_on=FY2021).rent_national_this_month == RENT_CAP
    after = add_months(date(2021, 6, 1), MAX_MONTHS)
    assert ledger(payments, month=after, granted_on=FY2021).rent_national_this_month == 0


def test_ledger_combined_cap_exactly() -> None:
    payments = [
        Payment(add_months(date(2021, 4, 1), i), Program.RENT_REDUCTION, RENT_CAP, RENT_CAP)
        for i in range(MAX_MONTHS - 1)
    ]
    payments.append(Payment(date(2021, 4, 1), Program.GUARANTEE_FEE, 10_000, 10_000))
    month = add_months(date(2021, 4, 1), MAX_MONTHS - 1)
    status = ledger(payments, month=month, granted_on=FY2021)
    assert status.national_total_remaining == COMBINED - RENT_CAP * (MAX_MONTHS - 1) - 10_000 == 10_000
    assert status.rent_national_this_month == 10_000
    payments.append(Payment(month, Program.RENT_REDUCTION, 10_000, 10_000))
    status = ledger(payments, month=month, granted_on=FY2021)
    assert (status.national_total_remaining, status.rent_national_this_month, status.guarantee_national) == (
        0,
        0,
        0,
    )
    assert status.findings == ()


def test_ledger_reports_overpayments() -> None:
    payments = [
        Payment(date(2021, 6, 1), Program.RENT_REDUCTION, 25_000, 0),
        Payment(date(2021, 6, 1), Program.GUARANTEE_FEE, 40_000, 0),
    ]
    status = ledger(payments, month=date(2021, 6, 1), granted_on=FY2021)
    assert {f.code for f in status.findings} == {
        "ledger.rent_reduction.monthly_national.exceeded",
        "ledger.guarantee_fee.national.exceeded",
    }
    assert (status.rent_national_this_month, status.guarantee_national) == (0, 0)


def test_ledger_refuses_renovation_and_unknown_years() -> None:
    with pytest.raises(InputError) as exc:
        ledger(
            [Payment(date(2021, 6, 1), Program.RENOVATION, 1, 1)], month=date(2021, 6, 1), granted_on=FY2021
        )
    assert exc.value.field == "payments[0].program"


@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, 3),
            st.sampled_from(list(Program)[1:]),
            st.sampled_from(["A", "B", None]),
            st.floats(0, 1.5),
            st.floats(0, 1.5),
        ),
        max_size=60,
    )
)
@settings(max_examples=150)
def test_ledger_never_allows_paying_beyond_any_cap(
    steps: list[tuple[int, Program, str | None, float, float]],
) -> None:
    """Pay, month after month, a fraction of what the ledger allows (over-asks are cut to the allowance):
    the payments made never break a cap."""
    payments: list[Payment] = []
    month = date(2021, 4, 1)
    for advance, program, contract, fn, fl in steps:
        month = add_months(month, advance * 7)
        status = ledger(payments, month=month, granted_on=FY2021, contract=contract)
        assert status.findings == ()
        if program == Program.RENT_REDUCTION:
            allowed_n, allowed_l = status.rent_national_this_month, status.rent_local_this_month
        else:
            allowed_n, allowed_l = status.guarantee_national, status.guarantee_local
        for value in (allowed_n, allowed_l, status.national_total_remaining, status.local_total_remaining):
            assert type(value) is int
            assert value >= 0
        n, loc = min(allowed_n, int(allowed_n * fn)), min(allowed_l, int(allowed_l * fl))
        payments.append(
            Payment(month, program, n, loc, contract if program == Program.GUARANTEE_FEE else None)
        )
    assert sum(p.national for p in payments) <= COMBINED
    by_month: dict[date, int] = {}
    by_contract: dict[str | None, int] = {}
    for p in payments:
        if p.program == Program.RENT_REDUCTION:
            by_month[p.paid_on] = by_month.get(p.paid_on, 0) + p.national
        else:
            by_contract[p.contract] = by_contract.get(p.contract, 0) + p.national
    assert all(v <= RENT_CAP for v in by_month.values())
    assert all(v <= GUAR_CAP for v in by_contract.values())
    rent_months = sorted(m for m, v in by_month.items() if v)
    if rent_months:
        first = rent_months[0]
        assert rent_months[-1] < add_months(first, MAX_MONTHS)


@given(
    payments=st.lists(
        st.builds(
            Payment,
            st.dates(date(2015, 1, 1), date(2040, 1, 1)),
            st.sampled_from([Program.RENT_REDUCTION, Program.GUARANTEE_FEE]),
            st.integers(0, 3_000_000),
            st.integers(0, 3_000_000),
            st.sampled_from(["A", None]),
        ),
        max_size=10,
    ),
    month=st.dates(date(2015, 1, 1), date(2040, 1, 1)),
)
def test_ledger_amounts_are_never_negative(payments: list[Payment], month: date) -> None:
    status = ledger(payments, month=month, granted_on=FY2021)
    for value in (
        status.rent_national_this_month,
        status.rent_local_this_month,
        status.guarantee_national,
        status.guarantee_local,
        status.national_total_remaining,
        status.local_total_remaining,
    ):
        assert type(value) is int
        assert value >= 0


# ------------------------------------------------------------------------------------------ JSON


def test_json_renovation() -> None:
    out = subsidy_json(
        {
            "program": "renovation",
            "fiscal_year": 2021,
            "channel": "local",
            "units": 2,
            "works": [{"code": "barrier_free", "cost": 6_000_000}],
            "elevator": True,
            "management_start": "2022-02-01",
        }
    )
    assert (out["national"], out["local"], out["owner"]) == (2_000_000, 2_000_000, 2_000_000)
    assert out["management_until"] == "2032-01-31"
    assert {"code": "renovation.cap.national", "amount": 2 * (BASE_CAP + MAJOR_CAP + ELEVATOR_CAP)} in out[
        "breakdown"
    ]


def test_json_rent_and_guarantee() -> None:
    out = subsidy_json(
        {
            "program": "rent_reduction",
            "fiscal_year": 2021,
            "monthly_reduction": 45_000,
            "tenant_monthly_income": INCOME_LIMIT,
            "dedicated": True,
            "months": 12,
        }
    )
    assert (out["national"], out["local"], out["owner"]) == (240_000, 240_000, 60_000)
    out = subsidy_json(
        {
            "program": "guarantee_fee",
            "fiscal_year": 2021,
            "fee": 50_000,
            "tenant_monthly_income": INCOME_LIMIT + 1,
            "dedicated": True,
        }
    )
    assert (out["national"], out["local"], out["owner"]) == (0, 0, 50_000)
    assert out["findings"][0]["code"] == "subsidy.tenant_income.above_limit"  # type: ignore[index]


VALID: dict[str, dict[str, Any]] = {
    "renovation": {
        "program": "renovation",
        "fiscal_year": 2021,
        "channel": "direct",
        "units": 1,
        "works": [{"code": "seismic", "cost": 900_000}],
    },
    "rent_reduction": {
        "program": "rent_reduction",
        "fiscal_year": 2021,
        "monthly_reduction": 30_000,
        "tenant_monthly_income": 100_000,
        "dedicated": True,
    },
    "guarantee_fee": {
        "program": "guarantee_fee",
        "fiscal_year": 2021,
        "fee": 50_000,
        "tenant_monthly_income": 100_000,
        "dedicated": True,
    },
}


@pytest.mark.parametrize(
    ("program", "changes", "field"),
    [
        ("renovation", {"program": "bonus"}, "program"),
        ("renovation", {"fiscal_year": 2019}, "fiscal_year"),
        ("renovation", {"fiscal_year": 2022}, "fiscal_year"),
        ("renovation", {"fiscal_year": "2021"}, "fiscal_year"),
        ("renovation", {"channel": "bank"}, "channel"),
        ("renovation", {"units": 0}, "units"),
        ("renovation", {"works": [{"code": "jacuzzi", "cost": 1}]}, "works[0].code"),
        ("renovation", {"works": [{"code": "seismic", "cost": -1}]}, "works[0].cost"),
        ("renovation", {"works": [{"code": "seismic"}]}, "works[0].cost"),
        ("renovation", {"works": "all"}, "works"),
        ("renovation", {"management_start": "2022-02-30"}, "management_start"),
        ("renovation", {"elevator": 1}, "elevator"),
        ("rent_reduction", {"monthly_reduction": -1}, "monthly_reduction"),
        ("rent_reduction", {"monthly_reduction": 1.5}, "monthly_reduction"),
        ("rent_reduction", {"tenant_monthly_income": None}, "tenant_monthly_income"),
        ("rent_reduction", {"dedicated": "yes"}, "dedicated"),
        ("rent_reduction", {"months": 0}, "months"),
        ("guarantee_fee", {"fee": "30000"}, "fee"),
        ("guarantee_fee", {"national_paid_to_date": -1}, "national_paid_to_date"),
    ],
)
def test_json_invalid_input_names_the_field(program: str, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as exc:
        subsidy_json({**VALID[program], **changes})
    assert exc.value.field == field


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12)),
    lambda c: st.one_of(st.lists(c, max_size=3), st.dictionaries(st.text(max_size=8), c, max_size=3)),
    max_leaves=8,
)


@given(
    program=st.sampled_from(list(VALID)),
    key=st.sampled_from(
        [
            "program",
            "fiscal_year",
            "channel",
            "units",
            "works",
            "elevator",
            "childcare_facilities",
            "management_start",
            "monthly_reduction",
            "tenant_monthly_income",
            "dedicated",
            "months",
            "months_already_subsidised",
            "national_paid_to_date",
            "local_paid_to_date",
            "fee",
        ]
    ),
    value=json_values,
)
@settings(max_examples=300)
def test_json_fuzz_only_input_errors(program: str, key: str, value: Any) -> None:
    payload = {**VALID[program], key: value}
    try:
        out = subsidy_json(payload)
    except InputError as exc:
        error: InputError | None = exc
    else:
        error = None
        assert all(type(out[k]) is int and out[k] >= 0 for k in ("national", "local", "owner"))  # type: ignore[operator]
    assert error is None or error.field


@given(value=json_values)
def test_json_fuzz_whole_payload(value: Any) -> None:
    with pytest.raises(InputError):
        subsidy_json(value)
