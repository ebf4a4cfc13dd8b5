"""The search returns exactly the units a plain Python filter over the registry would, in the right order,
page after page, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sumai.core.vacancy import valid_days
from sumai.registry.models import Unit
from sumai.search import selectors
from sumai.search.filtersets import KM_PER_DEGREE
from sumai.search.text import fold, words
from tests.search.conftest import GROUPS

pytestmark = pytest.mark.django_db

WARDS_OF_OSAKA = {"271004"}


def _reference(units: list[Unit], params: dict) -> list[Unit]:
    cutoff = timezone.now() - timedelta(days=valid_days())
    out = []
    for u in units:
        b = u.building
        muni = b.municipality
        if params.get("municipality"):
            code = params["municipality"]
            if not (b.municipality_id == code or (muni.parent_id == code)):
                continue
        elif params.get("prefecture") and muni.prefecture_id != params["prefecture"]:
            continue
        total = u.rent + u.common_fee
        if "rent_min" in params and total < int(params["rent_min"]):
            continue
        if "rent_max" in params and total > int(params["rent_max"]):
            continue
        if "area_min" in params and u.floor_area_m2 < float(params["area_min"]):
            continue
        if "area_max" in params and u.floor_area_m2 > float(params["area_max"]):
            continue
        if params.get("layout") and u.layout not in params["layout"]:
            continue
        if params.get("group") and not set(params["group"]) <= set(u.accepted_groups):
            continue
        if params.get("vacant") and not (u.vacancy == "vacant" and u.vacancy_confirmed_at >= cutoff):
            continue
        if params.get("dedicated") and not u.dedicated:
            continue
        if params.get("barrier_free") and not u.barrier_free:
            continue
        if params.get("no_guarantor") and u.guarantor_required:
            continue
        if params.get("pets") and not u.pets_allowed:
            continue
        if params.get("q"):
            folded = fold(f"{b.name} {b.address} {muni.prefecture.name} {muni.name} {muni.kana}")
            if not all(w in folded for w in words(params["q"])):
                continue
        if "lat" in params:
            lat, lon, r = float(params["lat"]), float(params["lon"]), float(params.get("radius", 5))
            dy = (b.lat - lat) * KM_PER_DEGREE
            dx = (b.lon - lon) * KM_PER_DEGREE * math.cos(math.radians(lat))
            if dx * dx + dy * dy > r * r:
                continue
            u.km2 = dx * dx + dy * dy
        out.append(u)
    sort = params.get("sort") or ("distance" if "lat" in params else "rent")
    keys = {
        "rent": lambda u: (u.rent + u.common_fee, u.pk),
        "-rent": lambda u: (-(u.rent + u.common_fee), -u.pk),
        "area": lambda u: (u.floor_area_m2, u.pk),
        "-area": lambda u: (-u.floor_area_m2, -u.pk),
        "newest": lambda u: (-u.registered_on.toordinal(), -u.pk),
        "distance": lambda u: (u.km2, u.pk),
    }
    return sorted(out, key=keys[sort])


def _query(params: dict) -> QueryDict:
    q = QueryDict(mutable=True)
    for key, value in params.items():
        if isinstance(value, list):
            q.setlist(key, value)
        elif value is True:
            q[key] = "on"
        else:
            q[key] = str(value)
    return q


def _walk(params: dict, page_size: int) -> tuple[list[int], int]:
    f = selectors.search_filter(_query(params))
    assert f.is_valid(), f.form.errors
    ids: list[int] = []
    cursor = None
    count = None
    for _ in range(100):
        page = selectors.search_units(f, cursor=cursor, page_size=page_size)
        count = page.count
        assert page.start == len(ids) + 1
        ids += [u.pk for u in page.units]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    return ids, count or 0


params_strategy = st.fixed_dictionaries(
    {},
    optional={
        "prefecture": st.sampled_from(["13", "27", "01"]),
        "municipality": st.sampled_from(["131032", "131121", "271004", "012025"]),
        "rent_min": st.integers(0, 80_000),
        "rent_max": st.integers(30_000, 130_000),
        "area_min": st.integers(10, 40),
        "layout": st.lists(st.sampled_from(["1R", "1K", "2LDK"]), min_size=1, max_size=2, unique=True),
        "group": st.lists(st.sampled_from(GROUPS), min_size=1, max_size=2, unique=True),
        "vacant": st.just(True),
        "dedicated": st.just(True),
        "barrier_free": st.just(True),
        "no_guarantor": st.just(True),
        "pets": st.just(True),
        "q": st.sampled_from(
            ["港", "港区", "はいつ", "ハイツ", "ﾊｲﾂ", "大阪市", "さくら", "松風 荘", "芝公園4"]
        ),
        "sort": st.sampled_from(["rent", "-rent", "area", "-area", "newest"]),
    },
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=params_strategy, page_size=st.sampled_from([7, 50]))
def test_search_equals_a_python_filter(stock, params, page_size):
    if params.get("municipality") and params.get("prefecture"):
        params["prefecture"] = params["municipality"][:2]
    if "rent_min" in params and "rent_max" in params and params["rent_min"] > params["rent_max"]:
        params["rent_min"], params["rent_max"] = params["rent_max"], params["rent_min"]
    units = list(stock.select_related("building__municipality__prefecture"))
    expected = [u.pk for u in _reference(units, params)]
    ids, count = _walk(params, page_size)
    assert ids == expected
    assert count == len(expected)


@pytest.mark.parametrize("sort", [None, "rent", "distance"])
def test_radius_search_equals_a_python_filter(stock, sort):
    params = {"lat": "35.6586", "lon": "139.7454", "radius": "4"}
    if sort:
        params["sort"] = sort
    units = list(stock.select_related("building__municipality__prefecture"))
    expected = [u.pk for u in _reference(units, params)]
    assert expected  # the fixture has buildings around 港区
    ids, _count = _walk(params, 5)
    assert ids == expected


def test_backwards_pages_mirror_forwards(stock):
    f = selectors.search_filter(_query({"prefecture": "13"}))
    assert f.is_valid()
    pages = [selectors.search_units(f, page_size=4)]
    while pages[-1].next_cursor and len(pages) < 6:
        pages.append(selectors.search_units(f, cursor=pages[-1].next_cursor, page_size=4))
    back = selectors.search_units(f, cursor=pages[-1].prev_cursor, page_size=4)
    assert [u.pk for u in back.units] == [u.pk for u in pages[-2].units]
    assert back.start == pages[-2].start


def test_a_designated_city_includes_its_wards(stock):
    f = selectors.search_filter(_query({"municipality": "271004"}))
    assert f.is_valid()
    page = selectors.search_units(f, page_size=100)
    assert {u.municipality_code for u in page.units} == {"271004", "271276"}


def test_unregistered_units_never_appear(stock):
    f = selectors.search_filter(_query({"q": "ハイツ"}))
    assert f.is_valid()
    names = {u.building_name for u in selectors.search_units(f, page_size=100).units}
    assert "下書きハイツ" not in names
    assert "審査中ハイツ" not in names
    assert any("ハイツ" in n or "ﾊｲﾂ" in n for n in names)


def test_a_two_character_ward_name_is_found(stock):
    f = selectors.search_filter(_query({"q": "港区"}))
    assert f.is_valid()
    page = selectors.search_units(f, page_size=100)
    assert page.units
    assert all(u.municipality_code == "131032" for u in page.units)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"rent_max": "99999999999999999999"}, "rent_max"),
        ({"rent_min": "-5"}, "rent_min"),
        ({"rent_min": "90000", "rent_max": "10000"}, "rent_max"),
        ({"municipality": "999999"}, "municipality"),
        ({"municipality": "1' OR '1'='1"}, "municipality"),
        ({"prefecture": "99"}, "prefecture"),
        ({"prefecture": "13", "municipality": "271004"}, "municipality"),
        ({"lat": "35"}, "lon"),
        ({"lat": "95", "lon": "139"}, "lat"),
        ({"radius": "3"}, "radius"),
        ({"sort": "distance"}, "sort"),
        ({"sort": "name; DROP TABLE"}, "sort"),
        ({"group": "martians"}, "group"),
        ({"layout": "9SLDDK"}, "layout"),
        ({"q": "あ" * 10_000}, "q"),
        ({"area_min": "NaN"}, "area_min"),
        ({"area_max": "1e400"}, "area_max"),
    ],
)
def test_bad_input_names_the_field(stock, params, field):
    f = selectors.search_filter(_query(params))
    assert not f.is_valid()
    assert field in f.form.errors


@pytest.mark.parametrize("cursor", ["garbage", "eyJ4IjoxfQ", "W10", "WyJyZW50IiwieCIsMSwxLDBd", "A" * 500])
def test_bad_cursor_is_refused(stock, cursor):
    f = selectors.search_filter(_query({}))
    assert f.is_valid()
    with pytest.raises(selectors.BadCursor):
        selectors.search_units(f, cursor=cursor)


def test_count_is_capped(stock, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 10)
    f = selectors.search_filter(_query({}))
    assert f.is_valid()
    page = selectors.search_units(f)
    assert page.count == 10
    assert page.count_is_capped


@pytest.mark.parametrize(
    ("params", "areas"),
    [
        ({"area_min": "40.005"}, ["40.01", "55.50"]),
        ({"area_max": "40.005"}, ["39.99", "40.00"]),
        ({"area_min": "40", "area_max": "40.01"}, ["40.00", "40.01"]),
        ({"sort": "-area"}, ["55.50", "40.01", "40.00", "39.99"]),
    ],
)
def test_floor_area_bounds_and_order_to_the_hundredth(operator, params, areas):
    from decimal import Decimal

    from sumai.search.indexing import sync_buildings
    from tests.search.conftest import registered_building

    specs = [
        {"number": str(101 + i), "floor_area_m2": Decimal(a)}
        for i, a in enumerate(["39.99", "40.00", "40.01", "55.50"])
    ]
    building = registered_building(operator, name="面積確認荘", units=specs)
    sync_buildings([building.pk])
    qd = QueryDict(mutable=True)
    qd.update({"q": "面積確認荘", **params})
    f = selectors.search_filter(qd)
    assert f.is_valid(), f.form.errors
    found = [u.floor_area_m2 for u in selectors.search_units(f).units]
    if "sort" not in params:
        found.sort()
    assert found == [Decimal(a) for a in areas]


def test_filter_sets_alive_at_once_each_read_their_own_parameters(stock):
    """The FilterSet copies its filters shallowly (not django-filter's deep copy): each copy must call the
    methods of its own FilterSet, whatever other FilterSets exist at the same time."""
    tokyo = selectors.search_filter(QueryDict("prefecture=13"))
    osaka_city = selectors.search_filter(QueryDict("prefecture=27&municipality=271004"))
    assert tokyo.is_valid()
    assert osaka_city.is_valid()
    assert set(tokyo.qs.values_list("prefecture_code", flat=True)) == {"13"}
    assert set(osaka_city.qs.values_list("city_code", flat=True)) == {"271004"}
    assert tokyo.filters["prefecture"] is not osaka_city.filters["prefecture"]
    assert tokyo.filters["prefecture"].filter.f is tokyo.filters["prefecture"]
