"""CSV import of varied files: the same value however it is spelled is stored the same; the memos that make
the import fast (per column, per repeating part of a unit, per prepared value) never change what is stored
or which errors are reported, even when they are tiny and cleared all the time; warnings past the kept ones
are counted."""

from __future__ import annotations

import random

import pytest

from sumai.registry.fields import FACILITY_CODES, UNIT
from sumai.registry.imports import rows as rows_module
from sumai.registry.imports import writing as writing_module
from sumai.registry.imports.columns import UNIT_CODES
from sumai.registry.models import Building, Unit
from tests.registry.test_import import GROUPS, csv_text, row, run

pytestmark = pytest.mark.django_db

UNIT_VALUES = (
    "number",
    "floor",
    "floor_area_m2",
    "layout",
    "rent",
    "common_fee",
    "deposit",
    "key_money",
    "facilities",
    "accepted_groups",
    "dedicated",
    "barrier_free",
    "pets_allowed",
    "guarantor_required",
    "included",
    "status",
    "vacancy",
)


def stored(operator, since: int = 0) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """Every unit of ``operator``'s buildings above id ``since``, with its building's values, in file
    order."""
    out = []
    for building in Building.objects.filter(operator=operator, pk__gt=since).order_by("pk"):
        b = (building.name, building.address, building.postal_code, building.municipality_id, building.floors,
             building.structure, building.building_type, building.construction_started,
             building.seismic_evidence, building.authority_code)  # fmt: skip
        for unit in Unit.objects.filter(building=building).order_by("pk"):
            out.append((*b, *(getattr(unit, name) for name in UNIT_VALUES)))
    return out


def varied_rows(n_buildings: int, seed: int) -> list[dict[str, str]]:
    """Valid rows whose values and spellings vary from row to row."""
    rng = random.Random(seed)  # nosec B311 (test data)
    yes, no = ["1", "はい", "true", "○", "ＴＲＵＥ"], ["0", "いいえ", "false", "×", ""]
    groups = [
        GROUPS,
        "高齢者・低額所得者・被災者・障害者・子育て世帯",
        "elderly",
        "elderly;foreign_national",
        "child_raising, 低額所得者",
        "dv_victim;elderly;low_income;disaster_victim;disability;child_raising",
    ]
    out = []
    for b in range(n_buildings):
        floors = rng.randint(1, 4)
        building = {
            "building_key": f"V{b}",
            "building_name": f"ヴァリエ{b % 3}",
            "municipality_code": rng.choice(["131121", "011011", "131016"]),
            "address": f"テスト町{b}-{rng.randint(1, 30)}",
            "postal_code": rng.choice(["", "154-0001", "1540002", "１５４００８８"]),
            "structure": rng.choice(["木造", "wood", "RC造", "s造", "鉄骨造"]),
            "floors": str(floors),
            "construction_started": rng.choice(["2001/04/01", "1995-1-2", "2020-12-31"]),
        }
        for u in range(rng.randint(1, 6)):
            floor = min(floors, 1 + u // 2)
            rent = rng.randint(30, 90) * 1000
            out.append(
                row(
                    **building,
                    unit_number=f"{floor}0{u}",
                    floor=str(floor),
                    floor_area_m2=rng.choice(["25.5", "25.50", "３０", f"{rng.uniform(25, 60):.2f}", "26.1"]),
                    layout=rng.choice(["1K", "1ldk", "２DK", "1R"]),
                    rent=rng.choice([str(rent), f"{rent:,}", f"{rent}円"]),
                    common_fee=rng.choice(["", "0", "3000", "3,000"]),
                    deposit=str(rent * rng.randint(0, 2)),
                    key_money=rng.choice(["", str(rent)]),
                    kitchen=rng.choice(["専用", "private", "共用", "shared"]),
                    bath=rng.choice(["専用", "PRIVATE", "共用"]),
                    storage=rng.choice(["専用", "shared"]),
                    accepted_groups=rng.choice(groups),
                    dedicated=rng.choice(yes + no),
                    barrier_free=rng.choice(yes + no),
                    pets_allowed=rng.choice(yes + no),
                    guarantor_required=rng.choice(yes + no),
                )
            )
    return out


def test_one_value_however_spelled_is_stored_the_same(registry_world):
    spellings = [
        row(unit_number="101"),
        row(
            unit_number="102",
            rent="60000",
            barrier_free="1",
            pets_allowed="いいえ",
            guarantor_required="0",
            toilet="専用",
            accepted_groups="低額所得者・被災者・高齢者・障害者・子育て世帯",
            floor_area_m2="25.50",
        ),
        row(
            unit_number="103",
            rent="６００００",
            barrier_free="true",
            pets_allowed="",
            guarantor_required="×",
            kitchen="private",
            accepted_groups="child_raising;disability;elderly;disaster_victim;low_income",
            floor_area_m2="２５.５",
        ),
    ]
    result = run(registry_world, csv_text(spellings))
    assert result.ok, result.errors
    units = list(Unit.objects.filter(building__operator=registry_world.orgs["operator"]).order_by("number"))
    assert [u.number for u in units] == ["101", "102", "103"]
    first = [getattr(units[0], name) for name in UNIT_VALUES[1:]]
    for unit in units[1:]:
        assert [getattr(unit, name) for name in UNIT_VALUES[1:]] == first
    assert units[0].accepted_groups == GROUPS.split(";")
    assert units[0].facilities == dict.fromkeys(
        ("kitchen", "toilet", "bath", "washbasin", "storage"), "private"
    )


def test_fees_are_each_units_own(registry_world):
    rows = [
        row(unit_number="101", rent="50000", common_fee="1000", deposit="50000", key_money=""),
        row(unit_number="102", rent="50000", common_fee="2000", deposit="0", key_money="50000"),
        row(unit_number="201", floor="2", rent="70000", common_fee="1000", deposit="140000", key_money="0"),
    ]
    assert run(registry_world, csv_text(rows)).ok
    got = Unit.objects.filter(building__operator=registry_world.orgs["operator"]).order_by("number")
    assert [(u.rent, u.common_fee, u.deposit, u.key_money) for u in got] == [
        (50000, 1000, 50000, 0),
        (50000, 2000, 0, 50000),
        (70000, 1000, 140000, 0),
    ]


def test_tiny_memos_store_exactly_what_the_default_ones_do(registry_world, monkeypatch):
    operator = registry_world.orgs["operator"]
    rows = varied_rows(40, seed=7)
    text = csv_text(rows)
    first = run(registry_world, text)
    assert first.ok, first.errors[:3]
    expected = stored(operator)
    assert len(expected) == first.units == len(rows) > 100
    # each unit as its row's cells read one by one by the field specs (no memo)
    units = Unit.objects.filter(building__operator=operator).order_by("pk")
    for unit, cells in zip(units, rows, strict=True):
        parsed = {code: UNIT[code].parse(cells[code])[0] for code in UNIT_CODES}
        assert (unit.number, unit.floor, unit.floor_area_m2, unit.layout) == (
            parsed["unit_number"], parsed["floor"], parsed["floor_area_m2"], parsed["layout"]
        )  # fmt: skip
        assert (unit.rent, unit.common_fee, unit.deposit, unit.key_money) == tuple(
            parsed[c] for c in ("rent", "common_fee", "deposit", "key_money")
        )
        assert unit.facilities == {c: parsed[c] for c in FACILITY_CODES}
        assert unit.accepted_groups == list(parsed["accepted_groups"])
        flags = ("dedicated", "barrier_free", "pets_allowed", "guarantor_required")
        assert tuple(getattr(unit, f) for f in flags) == tuple(parsed[f] for f in flags)
    top = Building.objects.filter(operator=operator).order_by("-pk").values_list("pk", flat=True).first()
    # every memo cleared at every second entry: most rows take the full path, parts are prepared again
    monkeypatch.setattr(rows_module, "MEMO_LIMIT", 2)
    monkeypatch.setattr(rows_module, "REST_MEMO_LIMIT", 1)
    monkeypatch.setattr(rows_module, "BUILDING_MEMO_LIMIT", 1)
    monkeypatch.setattr(writing_module, "_PREPARED_LIMIT", 1)
    second = run(registry_world, text)
    assert second.ok, second.errors[:3]
    assert (second.units, second.warning_count) == (first.units, first.warning_count)
    assert [r.__dict__ for r in second.warnings] == [r.__dict__ for r in first.warnings]
    assert stored(operator, since=top) == expected


@pytest.mark.parametrize("tiny", [False, True])
def test_a_bad_cell_after_rows_of_known_values_is_named_alone_in_column_order(
    registry_world, monkeypatch, tiny
):
    if tiny:
        monkeypatch.setattr(rows_module, "MEMO_LIMIT", 1)
    rows = [
        row(unit_number="101"),
        row(unit_number="102"),
        row(unit_number="103", floor="3", dedicated="maybe"),  # building has 2 floors
        row(unit_number="104", floor_area_m2="x"),
        row(unit_number="102"),  # known cells, number repeated
        row(unit_number="105"),
        # a floor known valid, too high here
        row(building_key="K9", floors="1", unit_number="101", floor="2"),
    ]
    result = run(registry_world, csv_text(rows))
    assert [(e.row, e.column) for e in result.errors] == [
        (4, "階"),
        (4, "専用住宅"),
        (5, "床面積"),
        (6, "住戸番号"),
        (8, "階"),
    ]
    assert "3" in result.errors[0].message
    assert "3" in result.errors[3].message  # the row of the first 102
    assert not Building.objects.filter(operator=registry_world.orgs["operator"]).exists()


def test_standards_findings_hold_for_areas_around_the_minimum(registry_world):
    # 25 m² nationally, 18 m² when the kitchen is shared; one area per unit, many units
    rows = [row(unit_number=str(i), floor_area_m2=area, kitchen=kitchen)
            for i, (area, kitchen) in enumerate(
                [("30", "専用"), ("25", "専用"), ("24.99", "専用"), ("30", "共用"), ("18", "共用"),
                 ("17.99", "共用"), ("31", "専用"), ("24.99", "専用")])]  # fmt: skip
    rows = [{**r, "floor": "1"} for r in rows]
    result = run(registry_world, csv_text(rows))
    assert [(e.row, e.column) for e in result.errors] == [(4, "床面積"), (7, "床面積"), (9, "床面積")]
    assert "24.99" in result.errors[0].message
    assert "25" in result.errors[0].message
    assert "17.99" in result.errors[1].message
    assert "18" in result.errors[1].message


def test_warnings_past_the_kept_ones_are_counted(registry_world):
    rows = [row(unit_number=str(100 + i), accepted_groups="elderly") for i in range(5)]
    result = run(registry_world, csv_text(rows), max_errors=2)
    assert result.ok
    assert (result.warning_count, len(result.warnings)) == (5, 2)
    assert [w.row for w in result.warnings] == [2, 3]
    assert all(w.column == "受入対象" and w.message for w in result.warnings)
