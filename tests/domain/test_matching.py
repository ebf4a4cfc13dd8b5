"""Matching homes and support (sumai.domain.matching): a table test for every hard rule, the living-area
standard from the national housing plan, the scores, and hypothesis properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sumai.domain import matching as m
from sumai.domain.consultation import HelpKind

NOW = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
ON = NOW.date()


def unit(**kw: object) -> m.UnitCandidate:
    base: dict[str, object] = {
        "unit_id": 1,
        "rent": 50_000,
        "common_fee": 3_000,
        "floor_area_m2": Decimal("30.00"),
        "layout": "1K",
        "groups": frozenset({"elderly", "low_income"}),
        "dedicated": False,
        "barrier_free": False,
        "pets_allowed": False,
        "floor": 2,
        "vacancy": "vacant",
        "vacancy_confirmed_at": NOW - timedelta(days=3),
        "lat": 35.6,
        "lon": 139.6,
    }
    base.update(kw)
    return m.UnitCandidate(**base)  # type: ignore[arg-type]


def needs(**kw: object) -> m.HomeNeeds:
    base: dict[str, object] = {"groups": ("elderly",), "now": NOW, "vacancy_valid_days": 30}
    base.update(kw)
    return m.HomeNeeds(**base)  # type: ignore[arg-type]


def codes(reasons: tuple[m.Reason, ...]) -> list[str]:
    return [r.code.rsplit(".", 1)[1] for r in reasons]


# ------------------------------------------------------------------------------------------ hard rules
@pytest.mark.parametrize(
    ("unit_kw", "needs_kw", "broken"),
    [
        # group: at least one of the household's groups (法9条1項6号)
        ({}, {}, []),
        ({"groups": frozenset({"low_income"})}, {}, ["group"]),
        ({"groups": frozenset()}, {}, ["group"]),
        ({}, {"groups": ()}, ["group"]),
        ({"groups": frozenset({"low_income"})}, {"groups": ("elderly", "low_income")}, []),
        # cost: rent + common fee ≤ ceiling
        ({}, {"ceiling": 53_000}, []),
        ({}, {"ceiling": 52_999}, ["cost"]),
        ({"common_fee": 0}, {"ceiling": 50_000}, []),
        ({}, {"ceiling": None}, []),
        # vacancy: vacant and confirmed within the validity period
        ({"vacancy": "occupied"}, {}, ["vacancy"]),
        ({"vacancy": "unknown"}, {}, ["vacancy"]),
        ({"vacancy_confirmed_at": None}, {}, ["vacancy"]),
        ({"vacancy_confirmed_at": NOW - timedelta(days=30)}, {}, []),
        ({"vacancy_confirmed_at": NOW - timedelta(days=30, seconds=1)}, {}, ["vacancy"]),
        ({"vacancy_confirmed_at": NOW - timedelta(days=8)}, {"vacancy_valid_days": 7}, ["vacancy"]),
        # area: only when asked
        ({"floor_area_m2": Decimal("24.99")}, {"ages": (70,)}, []),
        ({"floor_area_m2": Decimal("24.99")}, {"ages": (70,), "area_standard": True}, ["area"]),
        ({"floor_area_m2": Decimal("25")}, {"ages": (70,), "area_standard": True}, []),
        ({"floor_area_m2": Decimal("29.99")}, {"ages": (70, 68), "area_standard": True}, ["area"]),
        ({"floor_area_m2": Decimal("30")}, {"ages": (70, 68), "area_standard": True}, []),
        # barrier-free, ground floor (or barrier-free access), pets: only when needed
        ({}, {"barrier_free": True}, ["barrier_free"]),
        ({"barrier_free": True}, {"barrier_free": True}, []),
        ({"floor": 2}, {"ground_floor": True}, ["floor"]),
        ({"floor": 1}, {"ground_floor": True}, []),
        ({"floor": 0}, {"ground_floor": True}, []),
        ({"floor": None}, {"ground_floor": True}, ["floor"]),
        ({"floor": 5, "barrier_free": True}, {"ground_floor": True}, []),
        ({}, {"pets": True}, ["pets"]),
        ({"pets_allowed": True}, {"pets": True}, []),
        # several at once, in the rules' order
        (
            {"groups": frozenset(), "vacancy": "occupied", "pets_allowed": False},
            {"ceiling": 10_000, "pets": True},
            ["group", "cost", "vacancy", "pets"],
        ),
    ],
)
def test_hard_rules(unit_kw, needs_kw, broken):  # type: ignore[no-untyped-def]
    assert codes(m.breaks(unit(**unit_kw), needs(**needs_kw))) == broken


def test_rule_references():
    group = m.breaks(unit(groups=frozenset()), needs())[0]
    assert group.ref == "法9条1項6号"
    assert group.message_key == "matching.excluded.group"
    area = m.breaks(unit(floor_area_m2=Decimal(10)), needs(ages=(40,), area_standard=True))[0]
    assert "住生活基本計画" in area.ref
    assert area.value("minimum") == Decimal("25.00")


# --------------------------------------------------------------------------- minimum living area (別紙4)
@pytest.mark.parametrize(
    ("ages", "area"),
    [
        ((40,), "25.00"),  # 単身者 25㎡
        ((1,), "25.00"),  # one person is single whatever the age
        ((40, 38), "30.00"),  # 10 × 2 + 10
        ((40, 38, 12), "40.00"),  # 10 × 3 + 10
        ((40, 38, 12, 15), "50.00"),  # 4 persons: no reduction yet
        ((40, 38, 12, 15, 17), "57.00"),  # 5 persons > 4: (10 × 5 + 10) × 0.95
        ((30, 2), "30.00"),  # 1 + 0.25 = 1.25 → at least 2 persons
        ((30, 5), "30.00"),  # 1.5 → 2
        ((30, 8), "30.00"),  # 1.75 → 2
        ((30, 10), "30.00"),  # 10 counts as a whole person: 2
        ((30, 32, 2), "32.50"),  # 2.25 persons
        ((30, 32, 4, 7), "42.50"),  # 1 + 1 + 0.5 + 0.75 = 3.25
        ((30, 32, 11, 12, 2), "49.88"),  # 4.25 persons > 4: (10 × 4.25 + 10) × 0.95 = 49.875
    ],
)
def test_minimum_living_area(ages, area):  # type: ignore[no-untyped-def]
    assert m.minimum_living_area(ages, ON) == Decimal(area)


def test_minimum_living_area_refuses_an_empty_household():
    with pytest.raises(ValueError, match="at least one member"):
        m.minimum_living_area((), ON)


# ---------------------------------------------------------------------------------------------- ranking
def test_dedicated_first_then_score_then_id():
    a = unit(unit_id=3, dedicated=False, vacancy_confirmed_at=NOW)
    b = unit(unit_id=2, dedicated=True, vacancy_confirmed_at=NOW - timedelta(days=29))
    c = unit(unit_id=1, dedicated=False, vacancy_confirmed_at=NOW)
    result = m.rank([a, b, c], needs())
    assert [x.unit_id for x in result.matches] == [2, 1, 3]
    assert "matching.in.dedicated" in [r.code for r in result.matches[0].reasons]


def test_scores_carry_their_parts_and_reasons():
    r = m.rank([unit(support_corporations=3)], needs(ceiling=60_000, point=(35.6, 139.6)))
    match = r.matches[0]
    parts = {p.code: p for p in match.parts}
    assert set(parts) == {"distance", "rent_headroom", "freshness", "landlord_answers", "support_nearby"}
    assert parts["distance"].value == 1.0
    assert parts["support_nearby"].value == 1.0
    assert parts["landlord_answers"].reason.message_key == "matching.score.landlord_answers.none"
    assert parts["rent_headroom"].reason.value("yen") == 7_000
    assert match.score == round(sum(p.points for p in match.parts), 2)
    assert sum(p.weight for p in match.parts) == 100
    assert r.versions == (("matching", "matching_2017.toml"),)


def test_landlord_answers_count_from_the_minimum():
    few = unit(landlord=m.LandlordRecord(asked=2, answered=0))
    many = unit(unit_id=2, landlord=m.LandlordRecord(asked=4, answered=1))
    r = m.rank([few, many], needs())
    parts = {x.unit_id: {p.code: p for p in x.parts} for x in r.matches}
    assert parts[1]["landlord_answers"].value == 0.5
    assert parts[2]["landlord_answers"].value == 0.25


def test_excluded_counts_group_by_rule():
    r = m.rank(
        [
            unit(unit_id=1),
            unit(unit_id=2, groups=frozenset()),
            unit(unit_id=3, groups=frozenset(), rent=90_000),
        ],
        needs(ceiling=60_000),
    )
    assert [x.unit_id for x in r.matches] == [1]
    assert r.excluded_counts() == {"matching.excluded.group": 2, "matching.excluded.cost": 1}


# ---------------------------------------------------------------------------------------------- support
def test_help_maps_to_the_tasks_of_the_law():
    assert m.help_tasks([HelpKind.GUARANTEE], ON) == ("rent_guarantee",)
    assert m.help_tasks([HelpKind.WATCH_OVER, HelpKind.HOMES], ON) == ("consultation", "living_support")
    # before 2025-10-01 there is no task 'belongings_disposal' (旧法42条): incidental tasks cover it
    assert m.help_tasks([HelpKind.AFTER_DEATH], date(2024, 4, 1)) == ("incidental",)
    assert m.help_tasks([HelpKind.AFTER_DEATH], ON) == ("belongings_disposal", "incidental")
    assert set(m.help_tasks(list(HelpKind), ON)) <= {
        "rent_guarantee",
        "consultation",
        "living_support",
        "landlord_information",
        "belongings_disposal",
        "incidental",
    }


def corp(cid: int, **kw: object) -> m.CorporationCandidate:
    base: dict[str, object] = {
        "corporation_id": cid,
        "tasks": frozenset({"consultation"}),
        "serves_area": True,
    }
    base.update(kw)
    return m.CorporationCandidate(**base)  # type: ignore[arg-type]


def test_support_ranking():
    sn = m.SupportNeeds(help=("watch_over", "guarantee"), groups=("elderly",), languages=("vi",), on=ON)
    full = corp(
        1,
        tasks=frozenset({"living_support", "rent_guarantee"}),
        languages=frozenset({"ja", "vi"}),
        focus_groups=frozenset({"elderly"}),
        capacity=(m.CapacityFigure("living_support", 3, ON),),
    )
    stale = replace(
        full, corporation_id=2, capacity=(m.CapacityFigure("living_support", None, ON - timedelta(days=90)),)
    )
    half = corp(3, tasks=frozenset({"living_support"}))
    away = replace(full, corporation_id=4, serves_area=False)
    ranked = m.rank_support([half, away, stale, full], sn)
    assert [x.corporation_id for x in ranked] == [1, 2, 3]
    parts = {p.code: p for p in ranked[1].parts}
    assert parts["capacity"].value is None  # stale = unknown, never room
    assert ranked[0].tasks_covered == ("living_support", "rent_guarantee")
    assert "法62条" in ranked[0].reasons[1].ref


# ------------------------------------------------------------------------------------------- properties
GROUPS = ("elderly", "low_income", "disabled", "child_rearing", "foreign", "disaster")

units_st = st.builds(
    m.UnitCandidate,
    unit_id=st.integers(1, 60),
    rent=st.integers(0, 200_000),
    common_fee=st.integers(0, 20_000),
    floor_area_m2=st.decimals(Decimal("5"), Decimal("120"), places=2),
    layout=st.sampled_from(["1R", "1K", "2DK"]),
    groups=st.frozensets(st.sampled_from(GROUPS)),
    dedicated=st.booleans(),
    barrier_free=st.booleans(),
    pets_allowed=st.booleans(),
    floor=st.none() | st.integers(-1, 20),
    vacancy=st.sampled_from(["vacant", "vacant", "occupied", "unknown"]),
    vacancy_confirmed_at=st.none() | st.integers(0, 60 * 86400).map(lambda s: NOW - timedelta(seconds=s)),
    lat=st.none() | st.floats(34, 36),
    lon=st.none() | st.floats(139, 140),
    landlord=st.builds(m.LandlordRecord, asked=st.integers(0, 10), answered=st.integers(0, 10)).filter(
        lambda r: r.answered <= r.asked
    ),
    support_corporations=st.integers(0, 6),
)
needs_st = st.builds(
    m.HomeNeeds,
    groups=st.lists(st.sampled_from(GROUPS), max_size=3).map(tuple),
    now=st.just(NOW),
    vacancy_valid_days=st.integers(1, 60),
    ceiling=st.none() | st.integers(0, 220_000),
    ages=st.lists(st.integers(0, 99), min_size=1, max_size=7).map(tuple),
    area_standard=st.booleans(),
    barrier_free=st.booleans(),
    ground_floor=st.booleans(),
    pets=st.booleans(),
    point=st.none() | st.tuples(st.floats(34, 36), st.floats(139, 140)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(units_st, max_size=30), needs_st)
def test_no_result_breaks_a_hard_rule_and_every_excluded_names_one(units, n):  # type: ignore[no-untyped-def]
    r = m.rank(units, n)
    for match in r.matches:
        assert m.breaks(match.unit, n) == ()
        assert set(n.groups) & match.unit.groups
        if n.ceiling is not None:
            assert match.unit.monthly_cost <= n.ceiling
    by_id = {u.unit_id: u for u in reversed(units)}  # the first of duplicate ids is the one ranked
    first: dict[int, m.UnitCandidate] = {}
    for u in units:
        first.setdefault(u.unit_id, u)
    for ex in r.excluded:
        assert ex.rules
        assert set(codes(ex.rules)) == set(codes(m.breaks(first[ex.unit_id], n)))
    assert len(r.matches) + len(r.excluded) == len(by_id)


@settings(max_examples=100, deadline=None)
@given(st.lists(units_st, max_size=30, unique_by=lambda u: u.unit_id), needs_st, st.randoms())
def test_ranking_is_deterministic(units, n, rnd):  # type: ignore[no-untyped-def]
    shuffled = list(units)
    rnd.shuffle(shuffled)
    a, b = m.rank(units, n), m.rank(shuffled, n)
    assert [(x.unit_id, x.score) for x in a.matches] == [(x.unit_id, x.score) for x in b.matches]
    assert a.excluded == b.excluded


@settings(max_examples=100, deadline=None)
@given(st.lists(units_st, max_size=30, unique_by=lambda u: u.unit_id), needs_st, st.integers(0, 100_000))
def test_raising_the_ceiling_never_removes_a_home(units, n, more):  # type: ignore[no-untyped-def]
    low = m.rank(units, replace(n, ceiling=n.ceiling or 0))
    high = m.rank(units, replace(n, ceiling=(n.ceiling or 0) + more))
    assert {x.unit_id for x in low.matches} <= {x.unit_id for x in high.matches}
    none = m.rank(units, replace(n, ceiling=None))
    assert {x.unit_id for x in high.matches} <= {x.unit_id for x in none.matches}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(units_st, max_size=30, unique_by=lambda u: u.unit_id),
    needs_st,
    st.sampled_from(
        ["barrier_free", "ground_floor", "pets", "area_standard", "ceiling", "valid_days", "groups"]
    ),
    st.integers(0, 100_000),
)
def test_adding_a_constraint_never_adds_a_home(units, n, constraint, amount):  # type: ignore[no-untyped-def]
    """Every need the caseworker can add or tighten — barrier-free, ground floor, pets, the living-area
    standard, a (lower) monthly ceiling, a shorter vacancy validity, fewer of the household's groups to
    match — leaves the matched homes the same or fewer, never others."""
    if constraint in {"barrier_free", "ground_floor", "pets", "area_standard"}:
        loose, tight = replace(n, **{constraint: False}), replace(n, **{constraint: True})
    elif constraint == "ceiling":
        loose = n
        tight = replace(n, ceiling=max(0, (n.ceiling if n.ceiling is not None else 200_000) - amount))
    elif constraint == "valid_days":
        loose, tight = n, replace(n, vacancy_valid_days=max(1, n.vacancy_valid_days - amount % 60))
    else:
        loose, tight = n, replace(n, groups=n.groups[: amount % (len(n.groups) + 1)])
    wide = {x.unit_id for x in m.rank(units, loose).matches}
    narrow = {x.unit_id for x in m.rank(units, tight).matches}
    assert narrow <= wide


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.builds(
            m.CorporationCandidate,
            corporation_id=st.integers(1, 30),
            tasks=st.frozensets(st.sampled_from(["consultation", "living_support", "rent_guarantee"])),
            serves_area=st.booleans(),
            languages=st.frozensets(st.sampled_from(["ja", "en", "vi"])),
            focus_groups=st.frozensets(st.sampled_from(GROUPS)),
        ),
        max_size=20,
        unique_by=lambda c: c.corporation_id,
    ),
    st.lists(st.sampled_from([h.value for h in HelpKind]), max_size=4),
    st.randoms(),
)
def test_support_ranking_is_deterministic_and_in_area(corps, help_kinds, rnd):  # type: ignore[no-untyped-def]
    sn = m.SupportNeeds(help=tuple(help_kinds), groups=("elderly",), languages=("en",), on=ON)
    shuffled = list(corps)
    rnd.shuffle(shuffled)
    a, b = m.rank_support(corps, sn), m.rank_support(shuffled, sn)
    assert a == b
    serving = {c.corporation_id for c in corps if c.serves_area}
    assert {x.corporation_id for x in a} == serving
    scores = [x.score for x in a]
    assert scores == sorted(scores, reverse=True)
