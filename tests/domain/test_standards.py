"""Registration standards (登録基準): table tests from the seed and REFERENCE §2, and properties."""

from __future__ import annotations

import contextlib
import copy
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sumai.domain import params
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.findings import Severity
from sumai.domain.standards import (
    BuildingFacts,
    Facility,
    Provision,
    Room,
    SharedHouseFacts,
    UnitFacts,
    check_building,
    check_unit,
    local_plan_authorities,
    merge_local_plan,
    national_rules,
    rules_in_force,
    unit_area_minimum,
    validate_local_plan,
)
from sumai.domain.standards_json import check_unit_json

ON = date(2023, 4, 1)
KOBE, OTSU, TAKASAKI = "281000", "252018", "102024"
NATIONAL = params.load("standards", ON)
AREA = Decimal(NATIONAL["unit"]["min_floor_area_m2"])  # 25
AREA_SHARED = Decimal(NATIONAL["unit"]["min_floor_area_shared_m2"])  # 18
PER_RESIDENT = Decimal(NATIONAL["shared_house"]["per_resident_m2"])  # 15
BASE = Decimal(NATIONAL["shared_house"]["base_m2"])  # 10
ROOM = Decimal(NATIONAL["shared_house"]["min_room_m2"])  # 9
PER_FACILITY = NATIONAL["shared_house"]["residents_per_facility"]  # 5
CUTOFF = NATIONAL["seismic"]["new_code_from"]  # 1981-06-01
CENT = Decimal("0.01")

ALL_PRIVATE = dict.fromkeys(Facility, Provision.PRIVATE)


def unit(area: Decimal | str, **facilities: Provision) -> UnitFacts:
    return UnitFacts(Decimal(area), {**ALL_PRIVATE, **{Facility(k): v for k, v in facilities.items()}})


def shared_house(
    n: int, total: Decimal | str, *, fixtures: int | None = None, room: str = "9"
) -> SharedHouseFacts:
    count = fixtures if fixtures is not None else -(-n // PER_FACILITY)
    return SharedHouseFacts(
        residents=n,
        total_area_m2=Decimal(total),
        rooms=tuple(Room(Decimal(room)) for _ in range(n)),
        toilets=count,
        washbasins=count,
        baths=count,
        facilities={
            **ALL_PRIVATE,
            **dict.fromkeys(
                (Facility.KITCHEN, Facility.TOILET, Facility.WASHBASIN, Facility.BATH), Provision.SHARED
            ),
        },
    )


def codes(verdict: Any) -> set[str]:
    return {f.code for f in verdict.findings}


def test_national_numbers_come_from_the_params_file() -> None:
    assert (AREA, AREA_SHARED, PER_RESIDENT, BASE, ROOM, PER_FACILITY) == (25, 18, 15, 10, 9, 5)
    assert date(1981, 6, 1) == CUTOFF
    rules = national_rules(ON)
    assert rules.unit_min_area_m2 == AREA
    assert rules.seismic_new_code_from == CUTOFF


# ------------------------------------------------------------------------------------------ ordinary units


@pytest.mark.parametrize(
    ("area", "ok"),
    [(AREA, True), (AREA - CENT, False), (AREA + CENT, True), (Decimal("40"), True), (Decimal("0"), False)],
)
def test_floor_area_all_private(area: Decimal, ok: bool) -> None:
    verdict = check_unit(unit(area), on=ON)
    assert verdict.ok is ok
    if not ok:
        (finding,) = verdict.findings
        assert finding.code == "unit.floor_area.below_minimum"
        assert (finding.value, finding.limit, finding.ref) == (area, AREA, "規則11条1号")
        assert finding.severity == Severity.ERROR


@pytest.mark.parametrize("facility", ["kitchen", "storage", "bath"])
@pytest.mark.parametrize(("area", "ok"), [(AREA_SHARED, True), (AREA_SHARED - CENT, False)])
def test_floor_area_with_shared_kitchen_storage_or_bath(facility: str, area: Decimal, ok: bool) -> None:
    verdict = check_unit(unit(area, **{facility: Provision.SHARED}), on=ON)
    assert verdict.ok is ok
    if not ok:
        assert codes(verdict) == {"unit.floor_area.below_minimum_shared"}
        assert verdict.findings[0].limit == AREA_SHARED


@pytest.mark.parametrize("facility", ["toilet", "washbasin"])
def test_toilet_and_washbasin_cannot_be_shared_in_an_ordinary_unit(facility: str) -> None:
    verdict = check_unit(unit("30", **{facility: Provision.SHARED}), on=ON)
    assert not verdict.ok
    assert codes(verdict) == {f"unit.facility.{facility}.must_be_private"}


@pytest.mark.parametrize("facility", list(Facility))
def test_every_facility_is_required(facility: Facility) -> None:
    verdict = check_unit(unit("30", **{facility.value: Provision.NONE}), on=ON)
    assert codes(verdict) == {f"unit.facility.{facility}.missing"}


def test_every_finding_is_listed_not_just_the_first() -> None:
    facts = replace(
        unit("10", toilet=Provision.SHARED, bath=Provision.NONE), rent=80_000, comparable_rent=60_000
    )
    verdict = check_building(BuildingFacts(date(1980, 1, 1), False, (facts,)), on=ON)
    assert codes(verdict) == {
        "building.seismic.old_code_without_proof",
        "unit.facility.toilet.must_be_private",
        "unit.facility.bath.missing",
        "unit.floor_area.below_minimum",
        "rent.above_comparable",
    }
    assert not verdict.ok
    assert not verdict.units[0].ok


def test_rent_above_comparable_is_a_warning_only() -> None:
    verdict = check_unit(replace(unit("25"), rent=60_001, comparable_rent=60_000), on=ON)
    assert verdict.ok
    (finding,) = verdict.findings
    assert (finding.code, finding.severity, finding.value, finding.limit) == (
        "rent.above_comparable",
        Severity.WARNING,
        60_001,
        60_000,
    )
    assert check_unit(replace(unit("25"), rent=60_000, comparable_rent=60_000), on=ON).findings == ()


# ------------------------------------------------------------------------------------------ shared houses


@pytest.mark.parametrize(("n", "minimum"), [(2, Decimal(40)), (6, Decimal(100))])
def test_shared_house_total_area_national(n: int, minimum: Decimal) -> None:
    assert minimum == PER_RESIDENT * n + BASE
    assert check_unit(shared_house(n, minimum), on=ON).ok
    verdict = check_unit(shared_house(n, minimum - CENT), on=ON)
    assert codes(verdict) == {"shared_house.total_area.below_minimum"}
    assert verdict.findings[0].limit == minimum


@pytest.mark.parametrize(("n", "minimum"), [(2, Decimal(37)), (6, Decimal(97))])
def test_shared_house_total_area_otsu(n: int, minimum: Decimal) -> None:
    plan = params.load(f"local_plan_standards_{OTSU}", ON)
    assert minimum == Decimal(plan["shared_house"]["per_resident_m2"]) * n + Decimal(
        plan["shared_house"]["base_m2"]
    )
    assert check_unit(shared_house(n, minimum), authority=OTSU, on=ON).ok
    assert not check_unit(shared_house(n, minimum - CENT), authority=OTSU, on=ON).ok
    assert not check_unit(shared_house(n, minimum), on=ON).ok  # nationally 15N + 10 applies


def test_shared_house_needs_two_residents() -> None:
    verdict = check_unit(shared_house(1, "100"), on=ON)
    assert codes(verdict) == {"shared_house.residents.below_minimum"}


@pytest.mark.parametrize(("room", "ok"), [(str(ROOM), True), (str(ROOM - CENT), False)])
def test_shared_house_room_area(room: str, ok: bool) -> None:
    verdict = check_unit(shared_house(3, "100", room=room), on=ON)
    assert verdict.ok is ok
    if not ok:
        assert [f.code for f in verdict.findings] == ["shared_house.room.area.below_minimum"] * 3


def test_shared_house_one_person_per_room() -> None:
    facts = replace(shared_house(2, "60"), rooms=(Room(Decimal(12), 2),))
    assert codes(check_unit(facts, on=ON)) == {"shared_house.room.occupants.above_maximum"}
    facts = replace(shared_house(3, "60"), rooms=(Room(Decimal(12)), Room(Decimal(12))))
    assert codes(check_unit(facts, on=ON)) == {"shared_house.rooms.too_few_places"}


@pytest.mark.parametrize(
    ("n", "fixtures", "ok"),
    [(5, 1, True), (6, 1, False), (6, 2, True), (10, 2, True), (11, 2, False), (11, 3, True)],
)
def test_shared_house_toilets_washbasins_baths_per_five(n: int, fixtures: int, ok: bool) -> None:
    verdict = check_unit(shared_house(n, PER_RESIDENT * n + BASE, fixtures=fixtures), on=ON)
    assert verdict.ok is ok
    if not ok:
        assert codes(verdict) == {
            f"shared_house.facility.{f}.too_few" for f in ("toilet", "washbasin", "bath")
        }


def test_shared_house_private_facilities_need_no_common_count() -> None:
    facts = replace(shared_house(6, "100", fixtures=0), facilities=ALL_PRIVATE)
    assert check_unit(facts, on=ON).ok
    facts = replace(facts, facilities={**ALL_PRIVATE, Facility.KITCHEN: Provision.NONE})
    assert codes(check_unit(facts, on=ON)) == {"shared_house.facility.kitchen.missing"}


# ------------------------------------------------------------------------------------------ earthquake


@pytest.mark.parametrize(
    ("started", "proof", "ok"),
    [
        (date(1981, 5, 31), False, False),
        (date(1981, 5, 31), True, True),
        (date(1981, 6, 1), False, True),
        (date(1960, 1, 1), True, True),
        (date(2020, 1, 1), False, True),
    ],
)
def test_earthquake_resistance(started: date, proof: bool, ok: bool) -> None:
    verdict = check_building(BuildingFacts(started, proof, (unit("30"),)), on=ON)
    assert verdict.ok is ok
    if not ok:
        (finding,) = verdict.findings
        assert (finding.code, finding.value, finding.limit) == (
            "building.seismic.old_code_without_proof",
            "1981-05-31",
            "1981-06-01",
        )


# ------------------------------------------------------------------------------------------ local plans


def test_repository_plans_are_valid_and_keyed_by_real_codes() -> None:
    known = {
        line.split(",", 1)[0]
        for line in (Path(__file__).parents[2] / "data" / "municipalities.csv")
        .read_text(encoding="utf-8")
        .splitlines()[1:]
    }
    assert {KOBE, OTSU, TAKASAKI} <= set(local_plan_authorities())
    for code in local_plan_authorities():
        assert code in known
        for pset in params.load_all(f"local_plan_standards_{code}"):
            validate_local_plan(pset)


@pytest.mark.parametrize(
    ("authority", "private_ok", "private_fail", "shared_ok", "shared_fail"),
    [
        (KOBE, "16", "15.99", "13", "12.99"),
        (OTSU, "22", "21.99", "17", "16.99"),
        (None, "25", "24.99", "18", "17.99"),
    ],
)
def test_local_plan_floor_areas(
    authority: str | None, private_ok: str, private_fail: str, shared_ok: str, shared_fail: str
) -> None:
    assert check_unit(unit(private_ok), authority=authority, on=ON).ok
    assert not check_unit(unit(private_fail), authority=authority, on=ON).ok
    assert check_unit(unit(shared_ok, kitchen=Provision.SHARED), authority=authority, on=ON).ok
    assert not check_unit(unit(shared_fail, kitchen=Provision.SHARED), authority=authority, on=ON).ok


def test_plan_applies_only_from_its_date() -> None:
    valid_from = params.load_all(f"local_plan_standards_{KOBE}")[0].valid_from
    before = date.fromordinal(valid_from.toordinal() - 1)
    assert rules_in_force(KOBE, valid_from).unit_min_area_m2 == 16
    assert rules_in_force(KOBE, before).unit_min_area_m2 == AREA


def test_authority_without_a_plan_gets_the_national_rules() -> None:
    rules = rules_in_force("131016", ON)  # 千代田区: no plan file
    assert rules.unit_min_area_m2 == AREA
    assert rules.authority == "131016"


@pytest.mark.parametrize("code", ["28100", "abcdef", "2810000"])
def test_bad_authority_code(code: str) -> None:
    with pytest.raises(InputError) as exc:
        rules_in_force(code, ON)
    assert exc.value.field == "authority"


@pytest.mark.parametrize(
    ("new_build", "private_min", "shared_min"),
    [(True, AREA, AREA_SHARED), (False, Decimal(18), Decimal(13)), (None, AREA, AREA_SHARED)],
)
def test_new_build_vs_existing_split(
    new_build: bool | None, private_min: Decimal, shared_min: Decimal
) -> None:
    for facts, minimum in (
        (unit(private_min), private_min),
        (unit(shared_min, bath=Provision.SHARED), shared_min),
    ):
        facts = replace(facts, new_build=new_build)
        assert check_unit(facts, authority=TAKASAKI, on=ON).ok
        smaller = replace(facts, floor_area_m2=minimum - CENT)
        assert not check_unit(smaller, authority=TAKASAKI, on=ON).ok


def fake_plan(data: dict[str, Any], code: str = "999999") -> params.ParameterSet:
    full = {"meta": {"name": f"local_plan_standards_{code}"}, "plan": {"authority_code": code}, **data}
    return params.ParameterSet(
        f"local_plan_standards_{code}", date(2020, 1, 1), None, "test", Path("test.toml"), full
    )


@pytest.mark.parametrize(
    "data",
    [
        {"seismic": {"new_code_from": date(1971, 1, 1)}},
        {"unit": {"seismic_new_code_from": date(1971, 1, 1)}},
        {"unit": {"existing": {"earthquake_exempt": True}}},
        {"shared_house": {"耐震": False}},
    ],
)
def test_plan_that_relaxes_earthquake_resistance_is_rejected_and_ignored(data: dict[str, Any]) -> None:
    plan = fake_plan(data)
    with pytest.raises(ParameterError, match="earthquake"):
        validate_local_plan(plan)
    merged = merge_local_plan(national_rules(ON), plan)
    assert merged.seismic_new_code_from == CUTOFF
    old = BuildingFacts(date(1975, 1, 1), False, (unit("30"),))
    assert not check_building(old, on=ON, rules=merged).ok


@pytest.mark.parametrize(
    "data",
    [
        {"unit": {"min_ceiling_m": "2"}},
        {"unit": {"min_floor_area_m2": "-1"}},
        {"unit": {"min_floor_area_m2": True}},
        {"shared_house": {"residents_per_facility": 0}},
        {"rent": {"above_comparable_severity": "error"}},
    ],
)
def test_plan_with_unknown_or_bad_keys_is_rejected(data: dict[str, Any]) -> None:
    with pytest.raises(ParameterError):
        validate_local_plan(fake_plan(data))


def test_plan_with_wrong_name_is_rejected() -> None:
    plan = fake_plan({})
    with pytest.raises(ParameterError):
        validate_local_plan(replace(plan, name="local_plan_standards_111111"))


# ------------------------------------------------------------------------------------------ properties

decimals = st.decimals(min_value=0, max_value=200, places=2, allow_nan=False, allow_infinity=False)
provisions = st.sampled_from(list(Provision))


@given(
    n=st.integers(1, 12),
    total=decimals,
    areas=st.lists(decimals, min_size=1, max_size=12),
    occupants=st.lists(st.integers(0, 3), min_size=12, max_size=12),
    fixtures=st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 4)),
    provs=st.lists(provisions, min_size=5, max_size=5),
    data=st.data(),
)
@settings(max_examples=150)
def test_verdict_never_depends_on_order(
    n: int,
    total: Decimal,
    areas: list[Decimal],
    occupants: list[int],
    fixtures: tuple[int, int, int],
    provs: list[Provision],
    data: st.DataObject,
) -> None:
    rooms = [Room(a, o) for a, o in zip(areas, occupants, strict=False)]
    facilities = dict(zip(Facility, provs, strict=True))
    shuffled_rooms = data.draw(st.permutations(rooms))
    shuffled_facilities = dict(data.draw(st.permutations(list(facilities.items()))))
    a = SharedHouseFacts(n, total, tuple(rooms), *fixtures, facilities=facilities)
    b = SharedHouseFacts(n, total, tuple(shuffled_rooms), *fixtures, facilities=shuffled_facilities)
    assert check_unit(a, on=ON) == check_unit(b, on=ON)
    ua, ub = UnitFacts(total, facilities), UnitFacts(total, shuffled_facilities)
    assert check_unit(ua, on=ON) == check_unit(ub, on=ON)


@given(
    area=decimals,
    provs=st.lists(provisions, min_size=5, max_size=5),
    relax=st.tuples(decimals, decimals, decimals, decimals),
    new_build=st.sampled_from([True, False, None]),
)
def test_relaxing_plan_never_fails_a_unit_the_national_rules_pass_on_area(
    area: Decimal, provs: list[Provision], relax: tuple[Decimal, ...], new_build: bool | None
) -> None:
    national = national_rules(ON)
    # A relaxing plan: every figure at or below the national one.
    new, new_sh, ex, ex_sh = (
        min(r, m) for r, m in zip(relax, (AREA, AREA_SHARED, AREA, AREA_SHARED), strict=True)
    )
    plan = fake_plan(
        {
            "unit": {
                "new_build": {"min_floor_area_m2": str(new), "min_floor_area_shared_m2": str(new_sh)},
                "existing": {"min_floor_area_m2": str(ex), "min_floor_area_shared_m2": str(ex_sh)},
            }
        }
    )
    validate_local_plan(plan)
    relaxed = merge_local_plan(national, plan)
    facts = UnitFacts(area, dict(zip(Facility, provs, strict=True)), new_build=new_build)
    area_codes = {"unit.floor_area.below_minimum", "unit.floor_area.below_minimum_shared"}
    if not codes(check_unit(facts, on=ON, rules=national)) & area_codes:
        assert not codes(check_unit(facts, on=ON, rules=relaxed)) & area_codes


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**6), st.text(max_size=12), st.dates().map(date.isoformat)
)
plan_values = st.recursive(
    json_scalars, lambda c: st.dictionaries(st.text(max_size=8), c, max_size=3), max_leaves=6
)


@given(
    extra=st.dictionaries(
        st.sampled_from(["unit", "shared_house", "seismic", "unit.existing"]),
        st.dictionaries(st.text(max_size=20), plan_values, max_size=4),
        max_size=3,
    ),
    started=st.dates(max_value=date(1981, 5, 31)),
)
def test_no_plan_can_relax_earthquake_resistance(extra: dict[str, Any], started: date) -> None:
    plan = fake_plan(copy.deepcopy(extra))
    with contextlib.suppress(ParameterError):
        validate_local_plan(plan)
    try:
        merged = merge_local_plan(national_rules(ON), plan)
    except ParameterError:
        return  # a malformed value in a permitted key: the merge refuses the whole plan
    assert merged.seismic_new_code_from == CUTOFF
    assert not check_building(BuildingFacts(started, False), on=ON, rules=merged).ok


@given(
    started=st.dates(max_value=date(1981, 5, 31)),
    authority=st.sampled_from(["281000", "252018", "102024", "430005", "370002", None]),
)
def test_old_building_without_proof_fails_everywhere(started: date, authority: str | None) -> None:
    assert not check_building(BuildingFacts(started, False), authority=authority, on=ON).ok


# ------------------------------------------------------------------------------------------ JSON


def payload(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": "ordinary",
        "on": "2023-04-01",
        "floor_area_m2": 25,
        "construction_started": "1990-04-01",
        "facilities": dict.fromkeys(("kitchen", "toilet", "bath", "washbasin", "storage"), "private"),
    }
    base.update(overrides)
    return base


def shared_payload() -> dict[str, Any]:
    return payload(
        kind="shared_house",
        authority=OTSU,
        facilities={
            "kitchen": "shared",
            "toilet": "shared",
            "bath": "shared",
            "washbasin": "shared",
            "storage": "private",
        },
        shared_house={
            "residents": 6,
            "total_area_m2": "97",
            "rooms": [{"area_m2": 9, "occupants": 1}] * 6,
            "toilets": 2,
            "washbasins": 2,
            "baths": 2,
        },
    )


def test_json_ordinary_ok() -> None:
    out = check_unit_json(payload())
    assert (out["ok"], out["findings"]) == (True, [])
    assert out["plan"]["local_plan"] is None


def test_json_reports_findings() -> None:
    out = check_unit_json(payload(floor_area_m2="24.99", construction_started="1981-05-31"))
    assert out["ok"] is False
    assert out["findings"] == [
        {
            "code": "building.seismic.old_code_without_proof",
            "severity": "error",
            "ref": "規則12条1号",
            "message_key": "standards.building.seismic.old_code_without_proof",
            "value": "1981-05-31",
            "limit": "1981-06-01",
        },
        {
            "code": "unit.floor_area.below_minimum",
            "severity": "error",
            "ref": "規則11条1号",
            "message_key": "standards.unit.floor_area.below_minimum",
            "value": 24.99,
            "limit": 25,
        },
    ]


def test_json_shared_house_otsu() -> None:
    assert check_unit_json(shared_payload())["ok"] is True
    bad = shared_payload()
    bad["shared_house"]["total_area_m2"] = "96.99"
    assert check_unit_json(bad)["ok"] is False


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda p: p.pop("kind"), "kind"),
        (lambda p: p.update(kind="mansion"), "kind"),
        (lambda p: p.pop("floor_area_m2"), "floor_area_m2"),
        (lambda p: p.update(floor_area_m2=-1), "floor_area_m2"),
        (lambda p: p.update(floor_area_m2="abc"), "floor_area_m2"),
        (lambda p: p.update(floor_area_m2=True), "floor_area_m2"),
        (lambda p: p.update(floor_area_m2="NaN"), "floor_area_m2"),
        (lambda p: p.update(construction_started="1981-02-30"), "construction_started"),
        (lambda p: p.update(construction_started=19810601), "construction_started"),
        (lambda p: p.update(standard="sumai"), "standard"),
        (lambda p: p.update(seismic_proof="yes"), "seismic_proof"),
        (lambda p: p.update(authority="12345"), "authority"),
        (lambda p: p.update(on="2010-01-01"), "on"),
        (lambda p: p.update(rent=-5), "rent"),
        (lambda p: p.update(rent=1.5), "rent"),
        (lambda p: p["facilities"].pop("toilet"), "facilities.toilet"),
        (lambda p: p["facilities"].update(toilet="outside"), "facilities.toilet"),
        (lambda p: p["facilities"].update(sauna="private"), "facilities.sauna"),
        (lambda p: p.update(facilities=[]), "facilities"),
        (lambda p: p.update(kind="shared_house"), "shared_house"),
    ],
)
def test_json_invalid_input_names_the_field(mutate: Any, field: str) -> None:
    p = payload()
    mutate(p)
    with pytest.raises(InputError) as exc:
        check_unit_json(p)
    assert exc.value.field == field


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (
            lambda p: p["shared_house"]["rooms"].__setitem__(2, {"area_m2": -3}),
            "shared_house.rooms[2].area_m2",
        ),
        (
            lambda p: p["shared_house"]["rooms"].__setitem__(1, {"occupants": 1}),
            "shared_house.rooms[1].area_m2",
        ),
        (lambda p: p["shared_house"].update(rooms="many"), "shared_house.rooms"),
        (lambda p: p["shared_house"].update(toilets=-1), "shared_house.toilets"),
        (lambda p: p["shared_house"].pop("residents"), "shared_house.residents"),
    ],
)
def test_json_invalid_shared_house_names_the_field(mutate: Any, field: str) -> None:
    p = shared_payload()
    p["shared_house"]["rooms"] = [dict(r) for r in p["shared_house"]["rooms"]]
    mutate(p)
    with pytest.raises(InputError) as exc:
        check_unit_json(p)
    assert exc.value.field == field


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12)),
    lambda c: st.one_of(st.lists(c, max_size=3), st.dictionaries(st.text(max_size=8), c, max_size=3)),
    max_leaves=8,
)


@given(
    key=st.sampled_from(
        [
            "kind",
            "authority",
            "new_build",
            "floor_area_m2",
            "construction_started",
            "seismic_proof",
            "facilities",
            "rent",
            "comparable_rent",
            "shared_house",
            "on",
        ]
    ),
    value=json_values,
    shared=st.booleans(),
)
@settings(max_examples=300)
def test_json_fuzz_only_input_errors(key: str, value: Any, shared: bool) -> None:
    p = shared_payload() if shared else payload()
    p[key] = value
    try:
        out = check_unit_json(p)
    except InputError as exc:
        error: InputError | None = exc
    else:
        error = None
        assert isinstance(out["ok"], bool)
    assert error is None or error.field


@given(value=json_values, key=st.sampled_from(["residents", "total_area_m2", "rooms", "toilets", "baths"]))
def test_json_fuzz_shared_house_fields(value: Any, key: str) -> None:
    p = shared_payload()
    p["shared_house"][key] = value
    field = "shared_house"
    try:
        check_unit_json(p)
    except InputError as exc:
        field = exc.field
    assert field.startswith("shared_house")


@given(value=json_values)
def test_json_fuzz_whole_payload(value: Any) -> None:
    assume(not isinstance(value, dict) or "kind" not in value)
    with pytest.raises(InputError):
        check_unit_json(value)


# ------------------------------------------------------------------------------------ the area minimum


@pytest.mark.parametrize(
    ("authority", "new_build"),
    [("131016", None), (KOBE, None), (OTSU, True), (TAKASAKI, None), (TAKASAKI, False)],
)
@given(provs=st.lists(provisions, min_size=5, max_size=5), area=decimals)
@settings(max_examples=60, deadline=None)
def test_the_area_enters_a_units_check_only_through_its_minimum(
    authority: str, new_build: bool | None, provs: list[Provision], area: Decimal
) -> None:
    """``unit_area_minimum`` is where the findings change: below it the area finding (naming the
    minimum), at or above it the same findings as any other area there."""
    rules = rules_in_force(authority, ON)
    facilities = dict(zip(Facility, provs, strict=True))
    minimum = unit_area_minimum(facilities, rules, new_build=new_build)

    def findings(a: Decimal) -> tuple[Any, ...]:
        return check_unit(UnitFacts(a, facilities, new_build=new_build), rules=rules, on=ON).findings

    codes = {f.code for f in findings(area)}
    below = {"unit.floor_area.below_minimum", "unit.floor_area.below_minimum_shared"}
    assert bool(codes & below) == (area < minimum)
    assert [f.limit for f in findings(area) if f.code in below] == ([minimum] if area < minimum else [])
    if area >= minimum:
        assert findings(area) == findings(minimum) == findings(minimum + 1000)


def test_the_area_minimum_of_shared_facilities() -> None:
    rules = rules_in_force("131016", ON)
    private = dict.fromkeys(Facility, Provision.PRIVATE)
    assert unit_area_minimum(private, rules) == 25
    assert unit_area_minimum({**private, Facility.KITCHEN: Provision.SHARED}, rules) == 18
    # a toilet may not be shared: sharing it is an error of its own and does not lower the minimum
    assert unit_area_minimum({**private, Facility.TOILET: Provision.SHARED}, rules) == 25
