"""#12 items 9–11: the rules the next capabilities need, with the numbers of REFERENCE.md as table tests.

9. income thresholds by purpose (158,000 / 259,000 [M] / 387,000 for the FY2025 renovation);
10. a shared house's common rooms, the single-parent shared house, the 居住サポート住宅 size standards, the
    seismic rule when the construction start is unknown;
11. the FY2025 renovation rules, rent reduction up to 20 years with re-examination, the 2024 guarantee-fee
    costs, tenant exclusions, the FY2025 grants to councils and corporations.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.domain import grants, income_thresholds
from sumai.domain.eligibility import evaluate_household_json
from sumai.domain.errors import InputError
from sumai.domain.standards_json import check_unit_json
from sumai.domain.subsidies import subsidy_json
from tests.domain.test_standards import payload, shared_payload

FY2025 = date(2025, 6, 1)


def codes(out: dict[str, Any]) -> list[str]:
    return [f["code"] for f in out["findings"]]


# ------------------------------------------------------------------------------------------- 9. thresholds
@pytest.mark.parametrize(
    ("purpose", "on", "limit", "memory"),
    [
        ("low_income", date(2018, 4, 1), 158_000, False),
        ("low_income", FY2025, 158_000, False),
        ("public_housing_discretionary", date(2020, 4, 1), 259_000, True),
        ("public_housing_discretionary", FY2025, 259_000, True),
        ("renovation_child_newlywed", FY2025, 387_000, False),
    ],
)
def test_thresholds_by_purpose_and_date(purpose: str, on: date, limit: int, memory: bool) -> None:
    t = income_thresholds.threshold(purpose, on)
    assert (t.yen, t.from_memory) == (limit, memory)
    groups = ["child_raising"]
    assert income_thresholds.judge(limit, purpose, on, groups=groups).within
    assert not income_thresholds.judge(limit + 1, purpose, on, groups=groups).within


def test_the_fy2025_renovation_threshold_needs_children_or_newlyweds_and_ends_with_the_call() -> None:
    alone = income_thresholds.judge(300_000, "renovation_child_newlywed", FY2025, groups=["elderly"])
    assert not alone.within
    assert [f.code for f in alone.findings] == ["income.threshold.group_required"]
    with pytest.raises(InputError) as refused:
        income_thresholds.threshold("renovation_child_newlywed", date(2024, 6, 1))
    assert refused.value.field == "purpose"
    with pytest.raises(InputError, match="until 2026-03-31"):
        income_thresholds.threshold("renovation_child_newlywed", date(2026, 4, 1))


def test_a_verdict_that_turns_on_a_threshold_from_memory_says_so() -> None:
    between = income_thresholds.judge(200_000, "public_housing_discretionary", FY2025)
    assert between.within
    assert [f.code for f in between.findings] == ["income.threshold.from_memory"]
    clear = income_thresholds.judge(100_000, "public_housing_discretionary", FY2025)
    assert clear.findings == ()  # below 158,000 the answer does not depend on the [M] figure


@given(st.integers(0, 2_000_000), st.integers(0, 2_000_000))
def test_within_is_monotone_in_income(a: int, b: int) -> None:
    low, high = sorted((a, b))
    for purpose in ("low_income", "public_housing_discretionary"):
        if income_thresholds.judge(high, purpose, FY2025).within:
            assert income_thresholds.judge(low, purpose, FY2025).within


def test_the_household_rules_take_a_purpose() -> None:
    household = {
        "as_of": "2025-06-01",
        "members": [{"role": "applicant", "birth_date": "1985-01-01", "salary_gross": 4_000_000}],
        "purpose": "public_housing_discretionary",
    }
    out = evaluate_household_json(household)
    assert out["threshold"]["limit"] == 259_000
    assert out["threshold"]["monthly_income"] == out["monthly_income"]
    with pytest.raises(InputError) as refused:
        evaluate_household_json({**household, "purpose": "mortgage"})
    assert refused.value.field == "purpose"


# ------------------------------------------------------------------------------------------- 10. standards
def test_a_shared_house_needs_its_common_rooms() -> None:
    p = shared_payload()
    p["shared_house"]["common_rooms"] = ["living", "dining", "laundry"]
    assert check_unit_json(p)["ok"] is True
    p["shared_house"]["common_rooms"] = ["living"]
    out = check_unit_json(p)
    assert out["ok"] is False
    assert {"shared_house.common_room.dining.missing", "shared_house.common_room.laundry.missing"} <= set(
        codes(out)
    )
    p["shared_house"]["common_rooms"] = ["sauna"]
    with pytest.raises(InputError) as refused:
        check_unit_json(p)
    assert refused.value.field == "shared_house.common_rooms[0]"


def test_a_single_parent_shared_house_is_checked_with_a_warning() -> None:
    p = shared_payload()
    p["shared_house"]["single_parent"] = True
    out = check_unit_json(p)
    assert out["ok"] is True
    assert "shared_house.single_parent.local_standard_not_applied" in codes(out)


@pytest.mark.parametrize(
    ("area", "shared", "existing", "ok"),
    [
        (25, False, False, True),
        ("24.99", False, False, False),
        (18, True, False, True),
        ("17.99", True, False, False),
        (18, False, True, True),
        ("17.99", False, True, False),
        (13, True, True, True),
        ("12.99", True, True, False),
    ],
)
def test_support_housing_size_standards(area: Any, shared: bool, existing: bool, ok: bool) -> None:
    provision = "shared" if shared else "private"
    p = payload(
        on="2025-11-01",
        floor_area_m2=area,
        standard="support_housing",
        lived_in=existing,
        facilities={
            "kitchen": provision,
            "toilet": "private",
            "bath": provision,
            "washbasin": "private",
            "storage": provision,
        },
    )
    out = check_unit_json(p)
    assert out["standard"] == "support_housing"
    assert out["ok"] is ok, out["findings"]
    assert not any(c.startswith("unit.floor_area.") for c in codes(out))


def test_support_housing_starts_on_2025_10_01() -> None:
    with pytest.raises(InputError) as refused:
        check_unit_json(payload(on="2025-09-30", standard="support_housing"))
    assert refused.value.field == "standard"


@pytest.mark.parametrize(
    ("extra", "code", "ok"),
    [
        ({"seismic_proof": True}, None, True),
        ({"completed_on": "1983-04-01", "floors": 2}, "building.seismic.start_unknown_local_fallback", True),
        ({"completed_on": "1983-04-01", "floors": 5}, "building.seismic.start_unknown_without_proof", False),
        ({"completed_on": "1980-04-01", "floors": 2}, "building.seismic.start_unknown_without_proof", False),
        ({}, "building.seismic.start_unknown_without_proof", False),
    ],
)
def test_a_construction_start_that_is_unknown(extra: dict[str, Any], code: str | None, ok: bool) -> None:
    p = payload(**extra)
    del p["construction_started"]
    out = check_unit_json(p)
    assert out["ok"] is ok
    assert codes(out) == ([code] if code else [])


# ------------------------------------------------------------------------------------------- 11. subsidies
def renovation(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "program": "renovation",
        "fiscal_year": 2025,
        "channel": "direct",
        "units": 1,
        "works": [{"code": "energy_saving", "cost": 900_000}],
        "dedicated": True,
        "rent_after": 50_000,
        "public_housing_rent": 55_000,
    }
    base.update(kw)
    return base


def test_fy2025_renovation_rate_cap_and_works() -> None:
    out = subsidy_json(renovation())
    assert (out["national"], out["owner"]) == (300_000, 600_000)  # 1/3 of 900,000, under the 500,000 cap
    capped = subsidy_json(renovation(works=[{"code": "energy_saving", "cost": 3_000_000}]))
    assert capped["national"] == 500_000
    raised = subsidy_json(renovation(works=[{"code": "seismic", "cost": 3_000_000}]))
    assert raised["national"] == 1_000_000  # [M] 50万 + 50万 for works [1]–[6]
    assert "subsidy.renovation.raised_cap_from_memory" in codes(raised)
    with pytest.raises(InputError) as refused:
        subsidy_json(renovation(works=[{"code": "new_normal", "cost": 1}]))  # an FY2021 work
    assert refused.value.field == "works[0].code"
    with pytest.raises(InputError):
        subsidy_json(renovation(fiscal_year=2021, works=[{"code": "energy_saving", "cost": 1}]))


def test_fy2025_renovation_conditions() -> None:
    assert "subsidy.unit.not_dedicated" in codes(subsidy_json(renovation(dedicated=False)))
    high = subsidy_json(renovation(rent_after=60_000))
    assert "subsidy.renovation.rent_after_above_public_housing" in codes(high)
    assert high["national"] == 0
    late = subsidy_json(renovation(applied_on="2025-12-13"))
    assert "subsidy.renovation.after_deadline" in codes(late)
    for missing in ("dedicated", "rent_after", "public_housing_rent"):
        body = renovation()
        del body[missing]
        with pytest.raises(InputError) as refused:
            subsidy_json(body)
        assert refused.value.field == missing


def rent(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "program": "rent_reduction",
        "fiscal_year": 2025,
        "monthly_reduction": 40_000,
        "tenant_monthly_income": 120_000,
        "dedicated": True,
    }
    base.update(kw)
    return base


def test_rent_reduction_up_to_20_years_with_reexamination() -> None:
    beyond = subsidy_json(rent(months=12, months_already_subsidised=120))
    assert beyond["national"] == 0
    assert "subsidy.rent_reduction.period_exceeded" in codes(beyond)
    extended = subsidy_json(rent(months=12, months_already_subsidised=120, extended=True))
    assert extended["national"] == 20_000 * 12
    assert "subsidy.rent_reduction.reexamination_due" in codes(
        extended
    )  # month 121 starts a new 3-year block
    quiet = subsidy_json(rent(months=12, months_already_subsidised=12, extended=True))
    assert "subsidy.rent_reduction.reexamination_due" not in codes(quiet)
    end = subsidy_json(rent(months=12, months_already_subsidised=234, extended=True))
    assert "subsidy.rent_reduction.period_exceeded" in codes(end)  # only 6 months are left of 240


@pytest.mark.parametrize("exclusion", ["public_assistance", "housing_security_benefit", "landlord_relative"])
def test_tenant_exclusions(exclusion: str) -> None:
    out = subsidy_json(rent(tenant_exclusions=[exclusion]))
    assert out["national"] == 0
    assert "subsidy.tenant.excluded" in codes(out)
    with pytest.raises(InputError) as refused:
        subsidy_json(rent(tenant_exclusions=["tall"]))
    assert refused.value.field == "tenant_exclusions[0]"


def test_guarantee_fee_costs_from_2024() -> None:
    body = {
        "program": "guarantee_fee",
        "fiscal_year": 2024,
        "tenant_monthly_income": 120_000,
        "dedicated": True,
        "costs": {"guarantee_fee": 20_000, "lonely_death_insurance": 10_000, "emergency_contact_fee": 6_000},
    }
    out = subsidy_json(body)
    assert out["national"] == 18_000  # 1/2 of 36,000
    assert "subsidy.guarantee_fee.cost_from_memory" in codes(out)
    fy2021 = subsidy_json({**body, "fiscal_year": 2021})
    assert fy2021["national"] == 10_000  # only the guarantee fee counted before 2024-04
    assert codes(fy2021).count("subsidy.guarantee_fee.cost_not_eligible") == 2
    with pytest.raises(InputError) as refused:
        subsidy_json({**body, "fee": 1})
    assert refused.value.field == "costs"


@pytest.mark.parametrize(
    ("recipient", "cap"),
    [
        ("council", 5_000_000),
        ("council_preparatory", 3_500_000),
        ("support_corporation", 7_000_000),
        ("startup_corporation", 7_500_000),
    ],
)
def test_fy2025_grants(recipient: str, cap: int) -> None:
    rules = grants.rules_for(2025)
    assert grants.cap(rules, recipient=recipient) == cap
    assert 2025 in grants.available_years()
