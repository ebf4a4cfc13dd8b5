"""Priority groups (住宅確保要配慮者, 法2条1項, 規則3条, local plans) and the JSON entry point.

Thresholds are read from the ``priority_groups`` parameter file in force, so a new file is a new year, not
a test change; the one place that pins them to REFERENCE.md is ``test_thresholds_are_the_reference_values``.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Mapping
from dataclasses import FrozenInstanceError
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sumai.domain import params
from sumai.domain.dates import add_years
from sumai.domain.eligibility import (
    CIRCUMSTANCES,
    GROUP_CODES,
    Circumstance,
    Eligibility,
    HouseholdFacts,
    Member,
    Role,
    evaluate,
    evaluate_household_json,
    list_groups,
)
from sumai.domain.errors import InputError

AS_OF = date(2025, 6, 1)
GROUP_PARAMS = params.load("priority_groups", AS_OF)
MAX_INCOME: int = GROUP_PARAMS["low_income"]["max_monthly_income"]
ELDERLY_AGE: int = GROUP_PARAMS["elderly"]["min_age"]
CHILD_AGE: int = GROUP_PARAMS["child"]["age_limit"]
DISASTER_YEARS: int = GROUP_PARAMS["disaster"]["years"]
MONTHS: int = params.load("income", date(AS_OF.year - 1, 12, 31))["statutory"]["months"]

ADULT = "1985-05-05"
RICH = MAX_INCOME * MONTHS * 3
"""An annual income well above the low-income line even after several members' deductions."""
YAMAGUCHI_PREF, SHIMONOSEKI, CHIYODA, NIIGATA_KITA_WARD = "350001", "352012", "131016", "151017"


def household(
    *members: Mapping[str, Any],
    as_of: date | str = AS_OF,
    circumstances: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A payload; without members, a 40-year-old applicant whose income is well above the low-income line."""
    if not members:
        members = ({"role": "applicant", "birth_date": ADULT, "other_income": RICH},)
    payload: dict[str, Any] = {
        "as_of": as_of if isinstance(as_of, str) else as_of.isoformat(),
        "members": [dict(m) for m in members],
        "circumstances": circumstances or [],
    }
    payload.update(extra)
    return payload


def rich_applicant(**fields: Any) -> dict[str, Any]:
    return {"role": "applicant", "birth_date": ADULT, "other_income": RICH, **fields}


def groups(payload: Mapping[str, object]) -> list[object]:
    result = evaluate_household_json(payload)["groups"]
    assert isinstance(result, list)
    return result


def refs(payload: Mapping[str, object]) -> dict[object, object]:
    reasons = evaluate_household_json(payload)["reasons"]
    assert isinstance(reasons, list)
    return {r["group"]: r["ref"] for r in reasons}


def test_thresholds_are_the_reference_values() -> None:
    """REFERENCE.md §3.1 and seed p.3: 15.8万円, 3 years, 60 (a programme default), 18."""
    assert (MAX_INCOME, DISASTER_YEARS, ELDERLY_AGE, CHILD_AGE) == (158_000, 3, 60, 18)


# --- 法2条1項 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("monthly", "low_income"),
    [(MAX_INCOME - 1, True), (MAX_INCOME, True), (MAX_INCOME + 1, False), (0, True)],
)
def test_low_income_boundary(monthly: int, low_income: bool) -> None:
    payload = household(rich_applicant(other_income=monthly * MONTHS))
    result = evaluate_household_json(payload)
    assert result["monthly_income"] == monthly
    assert ("low_income" in groups(payload)) is low_income
    if low_income:
        assert refs(payload)["low_income"] == "法2条1項1号"


def test_low_income_uses_the_rounded_down_monthly_figure() -> None:
    # 158,000 × 12 + 11 yen a year is still 158,000 yen a month after 1円未満切捨て
    assert "low_income" in groups(household(rich_applicant(other_income=MAX_INCOME * MONTHS + 11)))
    assert "low_income" not in groups(household(rich_applicant(other_income=MAX_INCOME * MONTHS + 12)))


def test_reference_worked_example_pensioner() -> None:
    payload = household({"role": "applicant", "birth_date": "1954-09-01", "pension_gross": 2_400_000})
    result = evaluate_household_json(payload)
    assert result["monthly_income"] == 100_000
    assert result["groups"] == ["low_income", "elderly"]


@pytest.mark.parametrize(
    ("as_of", "elderly"),
    [
        (date(2025, 6, 8), False),  # two days before the 60th birthday
        (date(2025, 6, 9), True),  # the day before the birthday: reached 60
        (date(2025, 6, 10), True),
    ],
)
def test_elderly_at_threshold(as_of: date, elderly: bool) -> None:
    birth = date(2025 - ELDERLY_AGE, 6, 10)
    payload = household(rich_applicant(birth_date=birth.isoformat()), as_of=as_of)
    assert ("elderly" in groups(payload)) is elderly


def test_elderly_co_resident_counts_but_not_one_living_elsewhere() -> None:
    parent = {"role": "relative", "birth_date": "1940-01-01"}
    assert "elderly" in groups(household(rich_applicant(), parent))
    assert "elderly" not in groups(household(rich_applicant(), {**parent, "lives_with": False}))


@pytest.mark.parametrize(
    ("birth", "last_day"),
    [
        # born 1 April: reaches 18 on 31 March, which is itself the first 31 March → ends that day
        (date(2025 - CHILD_AGE, 4, 1), date(2025, 3, 31)),
        # born 2 April: reaches 18 on 1 April → ends on the next 31 March
        (date(2025 - CHILD_AGE, 4, 2), date(2026, 3, 31)),
    ],
)
def test_child_raising_ends_on_the_31_march_after_reaching_18(birth: date, last_day: date) -> None:
    child = {"role": "child", "birth_date": birth.isoformat()}
    assert "child_raising" in groups(household(rich_applicant(), child, as_of=last_day))
    assert "child_raising" not in groups(household(rich_applicant(), child, as_of=last_day + timedelta(1)))


def test_child_raising_needs_a_child_other_than_applicant_or_spouse() -> None:
    young = {"role": "applicant", "birth_date": "2008-01-01", "other_income": 5_000_000}
    assert "child_raising" not in groups(household(young))
    grandchild = {"role": "relative", "birth_date": "2015-01-01"}
    assert "child_raising" in groups(household(rich_applicant(), grandchild))
    away = {"role": "child", "birth_date": "2015-01-01", "lives_with": False}
    assert "child_raising" not in groups(household(rich_applicant(), away))


@pytest.mark.parametrize("kind", ["ordinary", "special"])
def test_disability(kind: str) -> None:
    payload = household(rich_applicant(), {"role": "spouse", "birth_date": ADULT, "disability": kind})
    assert groups(payload) == ["disability"]
    assert refs(payload)["disability"] == "法2条1項4号"


@pytest.mark.parametrize(
    ("days_after", "code", "expected"),
    [
        (0, "disaster_victim", ["disaster_victim"]),  # the day of the disaster
        (None, "disaster_victim", ["disaster_victim"]),  # exactly 3 years
        (1, "disaster_victim", []),  # 3 years + 1 day
        (None, "large_disaster_victim", ["disaster_victim"]),
        (1, "large_disaster_victim", ["large_disaster_victim"]),  # 規則3条: beyond 3 years
    ],
)
def test_disaster_three_years(days_after: int | None, code: str, expected: list[str]) -> None:
    disaster = date(2022, 6, 1)
    as_of = disaster if days_after == 0 else add_years(disaster, DISASTER_YEARS) + timedelta(days_after or 0)
    payload = household(as_of=as_of, circumstances=[{"code": code, "since": disaster.isoformat()}])
    assert groups(payload) == expected


def test_disaster_on_29_february() -> None:
    since = [{"code": "disaster_victim", "since": "2024-02-29"}]
    assert groups(household(as_of="2027-02-28", circumstances=since)) == ["disaster_victim"]
    assert groups(household(as_of="2027-03-01", circumstances=since)) == []


def test_large_disaster_refs() -> None:
    payload = household(
        as_of="2025-06-01", circumstances=[{"code": "large_disaster_victim", "since": "2011-03-11"}]
    )
    assert refs(payload) == {"large_disaster_victim": "規則3条10号"}


# --- 規則3条 -----------------------------------------------------------------------------------------------

ORDINANCE = [g for g in list_groups(AS_OF) if g.tier == "ordinance" and g.rule == "circumstance"]


def test_ordinance_list_is_the_reference_list() -> None:
    """REFERENCE §3.2: exactly these, in this order (the large-disaster group is dated, tested above)."""
    assert [g.code for g in list_groups(AS_OF) if g.tier == "ordinance"] == [
        "foreign_national",
        "china_left_behind",
        "child_abuse_victim",
        "hansen_disease_sanatorium",
        "dv_victim",
        "abduction_victim",
        "crime_victim",
        "leaving_correctional_facility",
        "financial_hardship",
        "large_disaster_victim",
    ]
    assert [g.code for g in list_groups(AS_OF) if g.tier == "law"] == [
        "low_income",
        "disaster_victim",
        "elderly",
        "disability",
        "child_raising",
    ]


@pytest.mark.parametrize("group", ORDINANCE, ids=lambda g: g.code)
def test_each_ordinance_group(group: Any) -> None:
    payload = household(circumstances=[{"code": c} for c in group.circumstances])
    assert groups(payload) == [group.code]
    assert refs(payload)[group.code] == group.ref
    assert group.ref.startswith("規則3条")


def test_several_groups_at_once_in_catalogue_order() -> None:
    payload = household(
        {"role": "applicant", "birth_date": "1950-01-01"},
        {"role": "child", "birth_date": "2015-01-01", "disability": "special"},
        circumstances=[{"code": "financial_hardship"}, {"code": "dv_victim"}, {"code": "foreign_national"}],
    )
    assert groups(payload) == [
        "low_income",
        "elderly",
        "disability",
        "child_raising",
        "foreign_national",
        "dv_victim",
        "financial_hardship",
    ]


def test_no_group() -> None:
    result = evaluate_household_json(household())
    assert result["groups"] == []
    assert result["reasons"] == []


# --- local plans ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("municipality", "expected"),
    [
        (SHIMONOSEKI, ["newly_weds"]),  # a municipality of 山口県: the prefecture's plan applies
        (YAMAGUCHI_PREF, ["newly_weds"]),
        (NIIGATA_KITA_WARD, ["newly_weds"]),
        (CHIYODA, []),  # no plan adds newly-weds in Tokyo
        (None, []),
    ],
)
def test_local_plan_groups(municipality: str | None, expected: list[str]) -> None:
    extra = {} if municipality is None else {"municipality": municipality}
    payload = household(circumstances=[{"code": "newly_weds"}], **extra)
    assert groups(payload) == expected
    if expected:
        assert str(refs(payload)["newly_weds"]).endswith("賃貸住宅供給促進計画")


def test_local_plan_ref_is_the_plan_title() -> None:
    payload = household(circumstances=[{"code": "uij_turn"}], municipality=SHIMONOSEKI)
    assert refs(payload) == {"uij_turn": "山口県賃貸住宅供給促進計画"}
    payload = household(circumstances=[{"code": "war_wounded"}], municipality=NIIGATA_KITA_WARD)
    assert refs(payload) == {"war_wounded": "新潟県賃貸住宅供給促進計画"}
    assert groups(household(circumstances=[{"code": "war_wounded"}], municipality=SHIMONOSEKI)) == []


def test_local_plan_not_yet_in_force() -> None:
    plan_start = min(ps.valid_from for ps in params.load_all("local_plan_groups"))
    payload = household(
        as_of=plan_start - timedelta(days=1),
        circumstances=[{"code": "lgbt"}],
        municipality=SHIMONOSEKI,
        income_year=2020,
    )
    with pytest.raises(InputError):  # also before the national rules: no rules in force
        evaluate_household_json(payload)


def test_group_catalogue() -> None:
    catalogue = list_groups()
    codes = {g.code for g in catalogue}
    assert codes == set(GROUP_CODES)  # every known group is defined by some parameter file
    for group in catalogue:
        assert group.ref
        assert group.label_key == f"priority_group.{group.code}"
        assert set(group.circumstances) <= set(CIRCUMSTANCES)
        assert (group.tier == "local") == (group.authority_code is not None)
        assert group.as_dict()["code"] == group.code


# --- typed API ------------------------------------------------------------------------------------------


def test_typed_api() -> None:
    facts = HouseholdFacts(
        as_of=AS_OF,
        members=(Member(Role.APPLICANT, date(1950, 1, 1), pension_gross=2_000_000),),
        circumstances=(Circumstance("dv_victim"),),
    )
    verdict = evaluate(facts)
    assert isinstance(verdict, Eligibility)
    assert verdict.groups == ("low_income", "elderly", "dv_victim")
    assert verdict.is_priority_household
    assert all(r.ref for r in verdict.reasons)
    with pytest.raises(FrozenInstanceError):
        verdict.monthly_income = 0  # type: ignore[misc]


def test_typed_api_validates() -> None:
    facts = HouseholdFacts(as_of=AS_OF, members=(Member(Role.SPOUSE, date(1950, 1, 1)),))
    with pytest.raises(InputError) as err:
        evaluate(facts)
    assert err.value.field == "members"


def test_income_year_can_be_given() -> None:
    applicant = rich_applicant(other_income=0, salary_gross=1_625_000)
    old = evaluate_household_json(household(applicant, income_year=2024))
    new = evaluate_household_json(household(applicant, income_year=2025))
    assert isinstance(old["monthly_income"], int)
    assert isinstance(new["monthly_income"], int)
    assert new["monthly_income"] < old["monthly_income"]  # 令和7年分: larger minimum deduction


# --- validation -----------------------------------------------------------------------------------------

VALID = household(
    rich_applicant(),
    {"role": "spouse", "birth_date": "1986-02-03"},
    circumstances=[
        {"code": "dv_victim"},
        {"code": "large_disaster_victim", "since": "2009-01-01"},
        {"code": "lgbt"},
    ],
    municipality=SHIMONOSEKI,
)


def _with(path: list[str | int], value: Any, delete: bool = False) -> dict[str, Any]:
    payload = copy.deepcopy(VALID)
    target: Any = payload
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return payload


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (["as_of"], DELETE, "as_of"),
        (["as_of"], "2023-02-30", "as_of"),
        (["as_of"], "2023-2-3", "as_of"),
        (["as_of"], "20230203", "as_of"),
        (["as_of"], 20230203, "as_of"),
        (["as_of"], "2010-01-01", "as_of"),  # before the law's groups are in force
        (["as_of"], "0001-01-01", "as_of"),
        (["as_of"], "9999-12-31", "as_of"),
        (["municipality"], "12345", "municipality"),
        (["municipality"], "35201a", "municipality"),
        (["municipality"], "352013", "municipality"),  # wrong check digit
        (["municipality"], "990009", "municipality"),  # no prefecture 99
        (["municipality"], 352012, "municipality"),
        (["members"], DELETE, "members"),
        (["members"], [], "members"),
        (["members"], {"role": "applicant"}, "members"),
        (["members", 0], "applicant", "members[0]"),
        (["members", 0, "role"], "spouse", "members"),  # no applicant
        (["members", 1, "role"], "applicant", "members[1].role"),  # two applicants
        (["members", 0, "role"], "boss", "members[0].role"),
        (["members", 0, "role"], DELETE, "members[0].role"),
        (["members", 0, "birth_date"], DELETE, "members[0].birth_date"),
        (["members", 0, "birth_date"], "2025-06-02", "members[0].birth_date"),  # after as_of
        (["members", 1, "birth_date"], "1986-13-01", "members[1].birth_date"),
        (["members", 0, "salary_gross"], -1, "members[0].salary_gross"),
        (["members", 0, "salary_gross"], 1.5, "members[0].salary_gross"),
        (["members", 0, "salary_gross"], True, "members[0].salary_gross"),
        (["members", 0, "salary_gross"], "100", "members[0].salary_gross"),
        (["members", 0, "pension_gross"], 10**13, "members[0].pension_gross"),
        (["members", 0, "other_income"], -5, "members[0].other_income"),
        (["members", 0, "disability"], "mild", "members[0].disability"),
        (["members", 0, "widow"], "yes", "members[0].widow"),
        (["members", 0, "single_parent"], 1, "members[0].single_parent"),
        (["members", 1, "lives_with"], "no", "members[1].lives_with"),
        (["members", 0, "lives_with"], False, "members[0].lives_with"),
        (["members", 0, "salary"], 100, "members[0].salary"),
        (["circumstances"], "dv_victim", "circumstances"),
        (["circumstances", 2, "code"], "alien", "circumstances[2].code"),
        (["circumstances", 2, "code"], 7, "circumstances[2].code"),
        (["circumstances", 2, "code"], DELETE, "circumstances[2].code"),
        (["circumstances", 1, "since"], DELETE, "circumstances[1].since"),
        (["circumstances", 1, "since"], "2025-06-02", "circumstances[1].since"),
        (["circumstances", 1, "since"], "2024-02-30", "circumstances[1].since"),
        (["circumstances", 0], ["dv_victim"], "circumstances[0]"),
        (["circumstances", 0, "note"], "x", "circumstances[0].note"),
        (["income_year"], "2024", "income_year"),
        (["income_year"], 2026, "income_year"),
        (["unexpected"], 1, "unexpected"),
    ],
)
def test_invalid_input_names_the_field(path: list[str | int], value: Any, field: str) -> None:
    payload = _with(path, None, delete=True) if value is DELETE else _with(path, value)
    with pytest.raises(InputError) as err:
        evaluate_household_json(payload)
    assert err.value.field == field
    assert err.value.message


def test_valid_payload_passes() -> None:
    result = evaluate_household_json(VALID)
    assert result["groups"] == ["dv_victim", "large_disaster_victim", "lgbt"]


@pytest.mark.parametrize("payload", [None, [], "x", 1])
def test_payload_must_be_an_object(payload: Any) -> None:
    with pytest.raises(InputError) as err:
        evaluate_household_json(payload)
    assert err.value.field == "payload"


def test_null_optional_fields_are_absent() -> None:
    payload = household(
        rich_applicant(salary_gross=None, disability=None, widow=None), municipality=None, circumstances=None
    )
    payload["circumstances"] = None
    assert evaluate_household_json(payload)["groups"] == []


# --- properties -----------------------------------------------------------------------------------------

iso_dates = st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 6, 1)).map(date.isoformat)
json_money = st.none() | st.integers(min_value=0, max_value=30_000_000)
member_json = st.fixed_dictionaries(
    {"role": st.sampled_from(["spouse", "child", "relative"]), "birth_date": iso_dates},
    optional={
        "salary_gross": json_money,
        "pension_gross": json_money,
        "other_income": json_money,
        "disability": st.sampled_from([None, "ordinary", "special"]),
        "single_parent": st.booleans(),
        "widow": st.booleans(),
        "lives_with": st.booleans(),
    },
)
applicant_json = member_json.map(lambda m: {**m, "role": "applicant", "lives_with": True})
circumstance_json = st.sampled_from(sorted(CIRCUMSTANCES)).flatmap(
    lambda code: st.fixed_dictionaries(
        {
            "code": st.just(code),
            "since": st.dates(min_value=date(2015, 1, 1), max_value=AS_OF).map(date.isoformat),
        }
        if CIRCUMSTANCES[code].requires_since
        else {"code": st.just(code)}
    )
)
municipalities = st.sampled_from([None, SHIMONOSEKI, YAMAGUCHI_PREF, CHIYODA, NIIGATA_KITA_WARD, "252018"])


@st.composite
def valid_households(draw: st.DrawFn) -> dict[str, Any]:
    members: list[dict[str, Any]] = [draw(applicant_json), *draw(st.lists(member_json, max_size=5))]
    applicant_birth = date.fromisoformat(str(members[0]["birth_date"]))
    if applicant_birth > AS_OF - timedelta(days=365 * 16):
        members[0]["birth_date"] = "1990-01-01"
    payload: dict[str, Any] = {
        "as_of": draw(st.dates(min_value=date(2025, 6, 1), max_value=date(2027, 3, 31))).isoformat(),
        "members": members,
        "circumstances": draw(st.lists(circumstance_json, max_size=5)),
    }
    municipality = draw(municipalities)
    if municipality is not None:
        payload["municipality"] = municipality
    return payload


@settings(max_examples=150)
@given(valid_households(), st.randoms(use_true_random=False))
def test_verdict_does_not_depend_on_order(payload: dict[str, Any], rnd: random.Random) -> None:
    expected = evaluate_household_json(payload)
    shuffled = copy.deepcopy(payload)
    rnd.shuffle(shuffled["members"])
    rnd.shuffle(shuffled["circumstances"])
    result = evaluate_household_json(shuffled)
    assert result["groups"] == expected["groups"]
    assert result["monthly_income"] == expected["monthly_income"]
    assert isinstance(result["reasons"], list)
    assert isinstance(expected["reasons"], list)
    assert len(result["reasons"]) == len(expected["reasons"])


@settings(max_examples=150)
@given(valid_households())
def test_valid_households_evaluate(payload: dict[str, Any]) -> None:
    result = evaluate_household_json(payload)
    monthly = result["monthly_income"]
    assert isinstance(monthly, int)
    assert monthly >= 0
    reasons = result["reasons"]
    assert isinstance(reasons, list)
    groups_found = result["groups"]
    assert isinstance(groups_found, list)
    assert {r["group"] for r in reasons} == set(groups_found)
    assert ("low_income" in groups_found) == (monthly <= MAX_INCOME)


@settings(max_examples=150)
@given(valid_households(), member_json)
def test_adding_a_member_without_income_never_raises_the_income(
    payload: dict[str, Any], extra: dict[str, Any]
) -> None:
    before = evaluate_household_json(payload)["monthly_income"]
    extra = {**extra, "salary_gross": 0, "pension_gross": 0, "other_income": 0}
    if date.fromisoformat(extra["birth_date"]) > date.fromisoformat(payload["as_of"]):
        return
    after = evaluate_household_json({**payload, "members": [*payload["members"], extra]})["monthly_income"]
    assert isinstance(before, int)
    assert isinstance(after, int)
    assert after <= before


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**15), max_value=10**15)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.sampled_from(["2024-02-29", "2023-02-30", "applicant", "dv_victim", "352012", "0000-00-00"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _mutations(payload: dict[str, Any]) -> list[list[str | int]]:
    paths: list[list[str | int]] = []

    def walk(node: Any, path: list[str | int]) -> None:
        if path:
            paths.append(path)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, [*path, key])
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, [*path, i])

    walk(payload, [])
    return paths


@settings(max_examples=300)
@given(valid_households(), st.data())
def test_fuzzed_payload_gives_a_result_or_an_input_error(
    payload: dict[str, Any], data: st.DataObject
) -> None:
    paths = _mutations(payload)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        path = data.draw(st.sampled_from(paths))
        target: Any = payload
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = data.draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue
    outcome: dict[str, object] | InputError
    try:
        outcome = evaluate_household_json(payload)
    except InputError as err:
        outcome = err
    if isinstance(outcome, InputError):
        assert outcome.field
        assert outcome.message
    else:
        assert isinstance(outcome["monthly_income"], int)


@settings(max_examples=300)
@given(json_values)
def test_arbitrary_json_gives_an_input_error(payload: Any) -> None:
    with pytest.raises(InputError):
        evaluate_household_json(payload)


# ----------------------------------------------------------------------------- reasons in words (issue 14)
def _reasons(payload: Mapping[str, object]) -> list[dict[str, str]]:
    reasons = evaluate_household_json(payload)["reasons"]
    assert isinstance(reasons, list)
    return reasons


@pytest.mark.parametrize(
    ("payload", "code", "label"),
    [
        (
            household({"role": "applicant", "birth_date": "1950-01-01", "other_income": RICH}),
            "member_age",
            f"1人目の世帯員が75歳（{ELDERLY_AGE}歳以上）",
        ),
        (
            household(rich_applicant(), {"role": "spouse", "birth_date": ADULT, "disability": "special"}),
            "member_disability",
            "2人目の世帯員に障害がある（特別障害者）",
        ),
        (
            household(rich_applicant(), {"role": "child", "birth_date": "2015-04-02"}),
            "member_child",
            f"2人目の世帯員は2034-03-31まで子ども（{CHILD_AGE}歳に達した後の最初の3月31日まで）",
        ),
        (
            household(circumstances=[{"code": "dv_victim"}]),
            "circumstance",
            "1番目に申告された事情による",
        ),
        (
            household(circumstances=[{"code": "disaster_victim", "since": "2024-01-01"}]),
            "recent_disaster",
            f"1番目の事情：2024-01-01の災害から{DISASTER_YEARS}年以内（2027-01-01まで）",
        ),
    ],
)
def test_each_reason_has_a_code_and_japanese_words(payload: dict[str, Any], code: str, label: str) -> None:
    (reason,) = _reasons(payload)
    assert reason["code"] == code
    assert reason["label"] == label
    assert reason["basis"]  # the English sentence stays for the record


@settings(max_examples=40, deadline=None)
@given(
    age=st.integers(min_value=0, max_value=110),
    monthly=st.integers(min_value=0, max_value=400_000),
    kind=st.sampled_from([None, "ordinary", "special"]),
)
def test_every_reason_reads_in_japanese_without_codes(age: int, monthly: int, kind: str | None) -> None:
    birth = date(AS_OF.year - age, 1, 1).isoformat()
    member: dict[str, Any] = {"role": "applicant", "birth_date": birth, "other_income": monthly * MONTHS}
    if kind:
        member["disability"] = kind
    for reason in _reasons(household(member, circumstances=[{"code": "dv_victim"}])):
        assert reason["code"]
        label = reason["label"]
        assert label != reason["basis"]
        assert not any(ch.isascii() and ch.isalpha() for ch in label.replace("規則", "")), label
