"""The results cache is scoped (issue #15 item 4): a change empties only the cached results it can affect —
a vacancy confirmed in Hokkaido leaves Tokyo's results cached — and no search is ever answered with a result
that a change has made stale, whatever the sequence of changes and searches."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sumai.core.api.throttling import AtomicRateThrottle
from sumai.registry import events, vacancy
from sumai.registry.models import Building, Unit
from sumai.search import cache as results_cache
from sumai.search import scopes, selectors
from sumai.search.indexing import rebuild
from sumai.search.models import IndexVersion
from tests.search.conftest import registered_building

pytestmark = pytest.mark.django_db

# (municipality, address, lat, lon): Tokyo, a point by the corner of four 1° cells, a ward of Osaka and the
# city itself, Hakodate.
PLACES = [
    ("131032", "東京都港区芝公園4-2-8", 35.6586, 139.7454),
    ("131041", "東京都新宿区西新宿2-8-1", 35.9950, 139.9950),
    ("271276", "大阪府大阪市北区梅田1-1", 34.7025, 135.4959),
    ("271004", "大阪府大阪市役所", 34.6937, 135.5023),
    ("012025", "北海道函館市東雲町4-13", 41.7687, 140.7288),
]
UNITS = [
    {"rent": 50000, "vacancy": "vacant", "layout": "1K"},
    {"rent": 70000, "vacancy": "occupied", "layout": "2LDK"},
]


@pytest.fixture
def places_stock(operator):
    """One building with two units (one vacant) in each of PLACES, indexed."""
    buildings = [
        registered_building(
            operator, municipality=muni, name=f"ハイツ{i}", address=address, lat=lat, lon=lon, units=UNITS
        )
        for i, (muni, address, lat, lon) in enumerate(PLACES)
    ]
    rebuild()
    return buildings


@pytest.fixture
def computed(monkeypatch):
    """The searches actually computed (not served from the cache), as their filters' cleaned data."""
    calls: list[dict] = []
    search_units = selectors.search_units

    def counting(f, **kwargs):
        calls.append(dict(f.form.cleaned_data))
        return search_units(f, **kwargs)

    monkeypatch.setattr(selectors, "search_units", counting)
    return calls


@pytest.fixture
def unthrottled(monkeypatch):
    monkeypatch.setattr(AtomicRateThrottle, "allow_request", lambda self, request, view: True)


@contextmanager
def cache_bypassed():
    """The results cache stores nothing and finds nothing: every search is computed from the index."""
    original = results_cache.cache
    results_cache.cache = DummyCache("bypass", {})
    try:
        yield
    finally:
        results_cache.cache = original


def api(client, params: dict) -> dict:
    response = client.get(reverse("api:unit-list"), params)
    assert response.status_code == 200, response.content
    return response.json()


def vacancy_of(body: dict, unit_id: int) -> str:
    return next(u["vacancy"] for u in body["results"] if u["id"] == unit_id)


def test_a_change_in_hokkaido_leaves_tokyos_results_cached(client, places_stock, computed):
    hakodate = places_stock[4].units.get(vacancy="vacant")
    tokyo, hokkaido, national = {"prefecture": "13"}, {"prefecture": "01"}, {"page_size": 50}
    for params in (tokyo, hokkaido, national):
        api(client, params)
    assert len(computed) == 3
    first_hokkaido, first_national = api(client, hokkaido), api(client, national)
    api(client, tokyo)
    assert len(computed) == 3  # all three from the cache

    vacancy.mark_let(principal=vacancy.SYSTEM, unit=hakodate, via="placement")  # the landlord's "already let"

    api(client, tokyo)
    assert len(computed) == 3  # Tokyo's result is still served from the cache
    again_hokkaido, again_national = api(client, hokkaido), api(client, national)
    assert len(computed) == 5  # Hokkaido's and the national search are computed again
    assert vacancy_of(first_hokkaido, hakodate.pk) == vacancy_of(first_national, hakodate.pk) == "vacant"
    assert vacancy_of(again_hokkaido, hakodate.pk) == vacancy_of(again_national, hakodate.pk) == "occupied"


def test_the_page_keys_a_municipality_and_a_radius_on_their_own_scopes(client, places_stock, computed):
    """The page's results fragment: a rent change in Osaka's Kita ward (a change notice accepted) empties
    the searches of Osaka city (which include its wards) and of a radius around Osaka, not Tokyo's."""
    url = reverse("search:search")
    minato, osaka = {"municipality": "131032"}, {"municipality": "271004"}
    near_tokyo = {"lat": "35.6586", "lon": "139.7454", "radius": "5"}
    near_osaka = {"lat": "34.7", "lon": "135.5", "radius": "3"}
    searches = (minato, osaka, near_tokyo, near_osaka)
    for params in searches:
        assert client.get(url, params).status_code == 200
    assert len(computed) == 4

    kita = places_stock[2]
    Unit.objects.filter(building=kita, rent=50000).update(rent=43210)
    events.send_registration_changed([kita.pk])

    pages = [client.get(url, params).content.decode() for params in searches]
    assert [c.get("municipality") or str(c.get("lat")) for c in computed[4:]] == ["271004", "34.7"]
    assert ["43,210" in page for page in pages] == [False, True, False, True]


def test_a_building_that_moves_empties_where_it_was_and_where_it_is(client, places_stock, computed):
    minato, hakodate = {"municipality": "131032"}, {"municipality": "012025"}
    near_minato = {"lat": "35.6586", "lon": "139.7454", "radius": "2"}
    moving = places_stock[0]
    assert {b["building_id"] for b in api(client, minato)["results"]} == {moving.pk}
    assert moving.pk not in {b["building_id"] for b in api(client, hakodate)["results"]}
    assert api(client, near_minato)["count"] == 2

    Building.objects.filter(pk=moving.pk).update(municipality_id="012025", lat=41.77, lon=140.72)
    events.send_registration_changed([moving.pk])

    assert api(client, minato)["results"] == []
    assert moving.pk in {b["building_id"] for b in api(client, hakodate)["results"]}
    assert api(client, near_minato)["count"] == 0
    assert len(computed) == 6


def test_a_searchs_etag_follows_its_own_scope(client, places_stock):
    """A client polling Tokyo keeps its 304 when Hokkaido changes; a client polling Hokkaido does not."""
    tokyo = reverse("api:unit-list") + "?prefecture=13"
    hokkaido = reverse("api:unit-list") + "?prefecture=01"
    buildings = reverse("api:building-list") + "?municipality=271004"
    etags = {url: client.get(url)["ETag"] for url in (tokyo, hokkaido, buildings)}

    unit = places_stock[4].units.get(vacancy="vacant")
    vacancy.mark_let(principal=vacancy.SYSTEM, unit=unit, via="inquiry")

    assert client.get(tokyo, HTTP_IF_NONE_MATCH=etags[tokyo]).status_code == 304
    assert client.get(buildings, HTTP_IF_NONE_MATCH=etags[buildings]).status_code == 304
    assert client.get(hokkaido, HTTP_IF_NONE_MATCH=etags[hokkaido]).status_code == 200

    kita = places_stock[2]
    Unit.objects.filter(building=kita).update(status="withdrawn")  # the registration withdrawn
    events.send_registration_changed([kita.pk])
    assert client.get(buildings, HTTP_IF_NONE_MATCH=etags[buildings]).status_code == 200
    assert client.get(tokyo, HTTP_IF_NONE_MATCH=etags[tokyo]).status_code == 304


def test_expiry_and_a_rebuild_renew_what_they_touch(places_stock):
    tokyo, hokkaido = (scopes.prefecture("13"),), (scopes.prefecture("01"),)
    before = {s: results_cache.version(s).token for s in (tokyo, hokkaido, results_cache.EVERYTHING)}
    Unit.objects.filter(building=places_stock[4]).update(
        vacancy_confirmed_at=timezone.now() - timedelta(days=90)
    )
    assert vacancy.expire_stale() == 2  # the daily expiry
    assert results_cache.version(tokyo).token == before[tokyo]
    assert results_cache.version(hokkaido).token != before[hokkaido]
    assert results_cache.version().token != before[results_cache.EVERYTHING]

    rebuild()  # `sumai search_rebuild`: every version is new
    assert results_cache.version(tokyo).token != before[tokyo]
    assert set(IndexVersion.objects.values_list("scope", flat=True)) >= {"all", "p13", "m131032", "g35:139"}


def test_a_scope_without_a_version_reads_the_whole_indexs(places_stock):
    """A rebuild (and the migration) give every scope a search can read a version; one without (a
    municipality loaded since, say) has ``all``'s, which every change renews, until a change touches it."""
    assert IndexVersion.objects.filter(scope="m011002").exists()  # Sapporo: nothing registered, a version
    IndexVersion.objects.filter(scope__in=["p13", "m131032"]).delete()
    tokyo, minato = (scopes.prefecture("13"),), (scopes.municipality("131032"),)
    assert results_cache.version(tokyo).token == results_cache.version().token
    before = results_cache.version(tokyo).token
    vacancy.mark_let(principal=vacancy.SYSTEM, unit=places_stock[4].units.first(), via="placement")
    assert results_cache.version(tokyo).token == results_cache.version().token != before
    vacancy.mark_let(principal=vacancy.SYSTEM, unit=places_stock[0].units.first(), via="placement")
    assert results_cache.version(minato).token != results_cache.version().token  # it has its own now


def test_the_version_is_one_small_query(places_stock, django_assert_num_queries):
    wards = tuple(scopes.municipality(c) for c in ("271004", "271276", "271004"))
    with django_assert_num_queries(1):
        results_cache.version(wards)
    with django_assert_num_queries(1):
        results_cache.version()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ("all",)),
        ({"q": "ハイツ"}, ("all",)),
        ({"prefecture": "13", "q": "minato"}, ("p13",)),
        ({"municipality": "131032", "prefecture": "13"}, ("m131032",)),
        ({"prefecture": "27", "lat": 34.7, "lon": 135.5}, ("p27",)),
        ({"lat": 35.5, "lon": 139.5, "radius": 1}, ("g35:139",)),
        ({"lat": 35.999, "lon": 139.999, "radius": 1}, ("g35:139", "g35:140", "g36:139", "g36:140")),
    ],
)
def test_the_scopes_of_a_search(params, expected, places):
    assert scopes.of_search(params) == expected


def test_a_designated_city_reads_its_wards(places):
    osaka = scopes.of_search({"municipality": "271004"})
    assert osaka[0] == "m271004"
    assert "m271276" in osaka
    assert len(osaka) > 2
    assert all(s.startswith("m27") for s in osaka)


# ------------------------------------------------------------------------------------------ the property
SEARCHES = [
    {"prefecture": "13"},
    {"prefecture": "01", "vacant": "true"},
    {"prefecture": "27", "sort": "-rent"},
    {"municipality": "131032"},
    {"municipality": "271004", "page_size": 2},
    {"municipality": "271276"},
    {"municipality": "012025", "vacant": "true"},
    {},
    {"vacant": "true", "page_size": 3},
    {"sort": "newest", "rent_max": 60000},
    {"lat": "35.6586", "lon": "139.7454", "radius": "5"},
    {"lat": "36.0", "lon": "140.0", "radius": "10"},
    {"lat": "34.70", "lon": "135.50", "radius": "3", "vacant": "true"},
    {"lat": "41.7", "lon": "140.7", "radius": "50", "sort": "rent"},
    {"q": "ハイツ", "page_size": 4},
    {"q": "ハイツ1"},
    {"q": "minato"},
    {"q": "大阪", "prefecture": "27"},
]
BUILDINGS = len(PLACES)
unit_index = st.integers(0, BUILDINGS * len(UNITS) - 1)
operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("vacancy"), unit_index, st.sampled_from(["vacant", "occupied", "unknown"]), st.booleans()
        ),
        st.tuples(st.just("let"), unit_index),
        st.tuples(st.just("expire")),
        st.tuples(st.just("rent"), unit_index, st.integers(20, 90).map(lambda k: k * 1000)),
        st.tuples(st.just("registered"), st.integers(0, BUILDINGS - 1), st.booleans()),
        st.tuples(st.just("move"), st.integers(0, BUILDINGS - 1), st.integers(0, len(PLACES) - 1)),
        st.tuples(st.just("search"), st.integers(0, len(SEARCHES) - 1)),
        st.tuples(st.just("search"), st.integers(0, len(SEARCHES) - 1)),
    ),
    min_size=1,
    max_size=14,
)


def _apply(operation: tuple, units: list[Unit], buildings: list[Building]) -> None:
    """One change, the way the registry's services make it (the row, then its event, in a transaction)."""
    kind, *args = operation
    with transaction.atomic():
        if kind == "vacancy":
            index, status, old = args
            confirmed = timezone.now() - timedelta(days=60 if old else 0)
            Unit.objects.filter(pk=units[index].pk).update(vacancy=status, vacancy_confirmed_at=confirmed)
            events.send_vacancy_changed([units[index].pk])
        elif kind == "let":
            vacancy.mark_let(
                principal=vacancy.SYSTEM, unit=Unit.objects.get(pk=units[args[0]].pk), via="inquiry"
            )
        elif kind == "expire":
            vacancy.expire_stale()
        elif kind == "rent":
            index, rent = args
            Unit.objects.filter(pk=units[index].pk).update(rent=rent)
            events.send_registration_changed([units[index].building_id])
        elif kind == "registered":
            index, registered = args
            status = "registered" if registered else "struck_off"
            Unit.objects.filter(building=buildings[index]).update(status=status)
            events.send_registration_changed([buildings[index].pk])
        elif kind == "move":
            index, place = args
            muni, address, lat, lon = PLACES[place]
            Building.objects.filter(pk=buildings[index].pk).update(
                municipality_id=muni, address=address, lat=lat + 0.001 * index, lon=lon
            )
            events.send_registration_changed([buildings[index].pk])


def _search_twice(client, params: dict) -> None:
    """The search with the cache on (perhaps from it) equals the search computed now — and so does the page
    its ``next`` link leads to."""
    url = reverse("api:unit-list") + "?" + urlencode(params)
    for _page in range(3):
        served = client.get(url)
        with cache_bypassed():
            fresh = client.get(url)
        assert served.status_code == fresh.status_code == 200
        assert served.json() == fresh.json(), f"stale result for {url}"
        url = fresh.json()["next"]
        if not url:
            break


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=operations)
def test_a_cached_search_is_never_stale(client, places_stock, unthrottled, operations):
    buildings = places_stock
    units = list(Unit.objects.filter(building__in=buildings).order_by("pk"))
    with transaction.atomic():  # every example starts from the same registry and an empty cache
        results_cache.cache.clear()
        for params in SEARCHES[::3]:  # some results cached before anything changes
            _search_twice(client, params)
        for operation in operations:
            if operation[0] == "search":
                _search_twice(client, SEARCHES[operation[1]])
            else:
                _apply(operation, units, buildings)
        for params in SEARCHES:  # at the end, every search
            _search_twice(client, params)
        transaction.set_rollback(True)
