"""Strict inputs of every rule (issue #12 items 5–8): unknown keys, authority, dates, the horizon."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sumai.domain.eligibility import evaluate_household_json
from sumai.domain.errors import InputError
from sumai.domain.inputs import horizon, parse_date
from sumai.domain.standards_json import check_unit_json
from sumai.domain.subsidies import ledger_json, subsidy_json

FACILITIES = dict.fromkeys(("kitchen", "toilet", "bath", "washbasin", "storage"), "private")


def unit(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": "ordinary",
        "on": "2023-04-01",
        "floor_area_m2": 25,
        "construction_started": "1990-04-01",
        "seismic_proof": False,
        "facilities": dict(FACILITIES),
    }
    base.update(overrides)
    return base


def shared_unit() -> dict[str, Any]:
    return unit(
        kind="shared_house",
        facilities={**FACILITIES, "kitchen": "shared", "toilet": "shared", "bath": "shared"},
        shared_house={
            "residents": 6,
            "total_area_m2": "97",
            "rooms": [{"area_m2": 9, "occupants": 1} for _ in range(6)],
            "toilets": 2,
            "washbasins": 2,
            "baths": 2,
        },
    )


RENT = {
    "program": "rent_reduction",
    "fiscal_year": 2021,
    "monthly_reduction": 40_000,
    "tenant_monthly_income": 100_000,
    "dedicated": True,
    "months": 3,
}
RENOVATION = {
    "program": "renovation",
    "fiscal_year": 2021,
    "channel": "local",
    "units": 2,
    "works": [{"code": "seismic", "cost": 3_000_000}],
    "management_start": "2021-10-01",
}
HOUSEHOLD = {
    "as_of": "2025-06-01",
    "members": [{"role": "applicant", "birth_date": "1980-01-01", "salary_gross": 3_000_000}],
    "circumstances": [{"code": "dv_victim"}],
}
LEDGER = {
    "granted_on": "2021-06-01",
    "month": "2021-09-01",
    "payments": [
        {"paid_on": "2021-07-10", "program": "rent_reduction", "national": 20_000, "local": 20_000},
        {"paid_on": "2021-07-10", "program": "guarantee_fee", "national": 30_000, "local": 0},
    ],
}

RULES = {
    "household": (evaluate_household_json, HOUSEHOLD),
    "unit": (check_unit_json, unit()),
    "shared": (check_unit_json, shared_unit()),
    "rent": (subsidy_json, RENT),
    "renovation": (subsidy_json, RENOVATION),
    "ledger": (ledger_json, LEDGER),
}


def _objects(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every JSON object inside ``node`` with its dotted path."""
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        out.append((path, node))
        for key, value in node.items():
            out.extend(_objects(value, f"{path}.{key}" if path else key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.extend(_objects(value, f"{path}[{i}]"))
    return out


# --- item 5: unknown keys -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "mutate", "field"),
    [
        ("unit", lambda p: p.update(seismic_prof=True), "seismic_prof"),
        ("rent", lambda p: p.update(month=12), "month"),
        ("shared", lambda p: p["shared_house"].update(kitchens=1), "shared_house.kitchens"),
        ("shared", lambda p: p["shared_house"]["rooms"][0].update(size=9), "shared_house.rooms[0].size"),
        ("renovation", lambda p: p["works"][0].update(note="x"), "works[0].note"),
        ("household", lambda p: p["members"][0].update(salary=1), "members[0].salary"),
        ("ledger", lambda p: p["payments"][0].update(amount=1), "payments[0].amount"),
        ("ledger", lambda p: p.update(contracts="a"), "contracts"),
    ],
)
def test_the_audit_typos_are_refused(rule: str, mutate: Any, field: str) -> None:
    run, base = RULES[rule]
    p = copy.deepcopy(base)
    mutate(p)
    with pytest.raises(InputError) as exc:
        run(p)
    assert exc.value.field == field
    assert "unknown field" in exc.value.message


@given(
    rule=st.sampled_from(sorted(RULES)),
    data=st.data(),
    key=st.text(min_size=1, max_size=12),
    value=st.none() | st.integers() | st.text(max_size=5) | st.booleans(),
)
@settings(max_examples=300)
def test_any_unknown_key_is_refused(rule: str, data: st.DataObject, key: str, value: Any) -> None:
    run, base = RULES[rule]
    p = copy.deepcopy(base)
    objects = _objects(p)
    path, target = data.draw(st.sampled_from(objects))
    if path == "facilities" or key in target or key in _known_keys(rule, path):
        return
    target[key] = value
    with pytest.raises(InputError) as exc:
        run(p)
    assert exc.value.field == (f"{path}.{key}" if path else key)


_KNOWN = {
    "": {
        "as_of", "municipality", "members", "circumstances", "income_year",  # household
        "kind", "authority", "on", "new_build", "floor_area_m2", "construction_started", "seismic_proof",
        "facilities", "rent", "comparable_rent", "shared_house",  # unit
        "program", "fiscal_year", "channel", "units", "works", "elevator", "childcare_facilities",
        "management_start", "monthly_reduction", "tenant_monthly_income", "dedicated", "months",
        "months_already_subsidised", "national_paid_to_date", "local_paid_to_date", "fee",  # subsidy
        "granted_on", "month", "payments", "contract", "period_start",  # ledger
    },
}  # fmt: skip


def _known_keys(rule: str, path: str) -> set[str]:
    """Keys that are valid somewhere at this level (adding one may be valid, so skip it)."""
    if path == "":
        return _KNOWN[""]
    return {"residents", "total_area_m2", "rooms", "toilets", "washbasins", "baths", "area_m2", "occupants",
            "code", "cost", "role", "birth_date", "salary_gross", "pension_gross", "other_income",
            "disability", "single_parent", "widow", "lives_with", "since", "paid_on", "program",
            "national", "local", "contract"}  # fmt: skip


@pytest.mark.parametrize("rule", sorted(RULES))
def test_valid_inputs_are_accepted_and_deterministic(rule: str) -> None:
    run, base = RULES[rule]
    assert run(copy.deepcopy(base)) == run(copy.deepcopy(base))


# --- item 6: authority --------------------------------------------------------------------------------


def test_wrong_check_digit_is_refused() -> None:
    with pytest.raises(InputError) as exc:
        check_unit_json(unit(authority="281001"))
    assert exc.value.field == "authority"
    assert "check digit" in exc.value.message


def test_ward_is_resolved_to_its_city_and_the_plan_is_named() -> None:
    def resolve(code: str, on: object) -> str:
        return {"281093": "281000"}[code]

    out = check_unit_json(unit(authority="281093", floor_area_m2=20), resolve_authority=resolve)
    assert out["ok"] is True  # Kobe's plan: 16 m², not the national 25 m²
    assert out["plan"]["authority"] == "281093"
    assert out["plan"]["registration_authority"] == "281000"
    assert out["plan"]["local_plan"]["authority_name"] == "神戸市"


def test_without_a_resolver_the_code_is_taken_as_the_authority() -> None:
    out = check_unit_json(unit(authority="281093", floor_area_m2=20))
    assert out["ok"] is False
    assert out["plan"]["local_plan"] is None


# --- item 7: one date parser --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2021-W40-5", "2021-274", "0001-01-01", "20210401", "2021-04-01T00:00"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(InputError):
        parse_date(text, "d")


@pytest.mark.parametrize(
    ("rule", "mutate", "field"),
    [
        ("renovation", lambda p: p.update(management_start="2021-W40-5"), "management_start"),
        ("renovation", lambda p: p.update(management_start="0001-01-01"), "management_start"),
        ("unit", lambda p: p.update(construction_started="2023-04-02"), "construction_started"),
        ("unit", lambda p: p.update(construction_started="0001-01-01"), "construction_started"),
        ("unit", lambda p: p.update(on="2023-W13-6"), "on"),
        ("household", lambda p: p.update(as_of="2025-W22-7"), "as_of"),
        ("ledger", lambda p: p.update(month="2021-W40-5"), "month"),
        ("ledger", lambda p: p["payments"][0].update(paid_on="2021-10-01"), "payments[0].paid_on"),
    ],
)
def test_dates_are_strict_everywhere(rule: str, mutate: Any, field: str) -> None:
    run, base = RULES[rule]
    p = copy.deepcopy(base)
    mutate(p)
    with pytest.raises(InputError) as exc:
        run(p)
    assert exc.value.field == field


def test_construction_start_on_the_check_date_is_accepted() -> None:
    assert check_unit_json(unit(construction_started="2023-04-01"))["ok"] is True


# --- item 8: beyond the last parameter file -----------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "mutate", "field"),
    [
        ("household", lambda p: p.update(as_of="2035-06-01"), "as_of"),
        ("unit", lambda p: p.update(on="2035-06-01"), "on"),
        ("rent", lambda p: p.update(fiscal_year=2035), "fiscal_year"),
        ("ledger", lambda p: p.update(month="2035-06-01"), "month"),
    ],
)
def test_a_date_beyond_the_horizon_is_refused_the_same_way(rule: str, mutate: Any, field: str) -> None:
    run, base = RULES[rule]
    p = copy.deepcopy(base)
    mutate(p)
    with pytest.raises(InputError) as exc:
        run(p)
    assert exc.value.field == field
    assert horizon().isoformat() in exc.value.message


def test_the_horizon_itself_is_answered() -> None:
    assert evaluate_household_json({**HOUSEHOLD, "as_of": horizon().isoformat()})["groups"]
