"""The load test's URLs (tests/load/loadmix.py) through Django's test client, with the results cache on:
in the uncached mode (``LOAD_UNCACHED=1``) the cache answers none of them — pages, API, the paging walk's
first page and every followed "next" link — and the starvation clients' URLs are never answered from it;
in the normal mode the repeated mix is answered from it (so that the check can fail)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from rest_framework.throttling import SimpleRateThrottle

from sumai.search import api, views
from sumai.search import cache as search_cache
from tests.load.loadmix import (
    NONCE,
    PAGING_PAGES,
    PUSH_PATH,
    QUERIES,
    SLOW_PREFIX,
    SLOW_QUERIES,
    Landlords,
    Mix,
    cache_counts,
    hit_rates,
    summary,
)

pytestmark = pytest.mark.django_db
ROUNDS = 2


@dataclass
class Counts:
    """Calls of sumai.search.cache.cached and how many of them computed (the rest came from the cache)."""

    calls: int = 0
    computed: int = 0
    hits_by_name: dict[str, int] = field(default_factory=dict)

    @property
    def hits(self) -> int:
        return self.calls - self.computed


@pytest.fixture
def counts(monkeypatch, settings):
    """Count the results cache's answers in the page's and the API's views; no rate limit in the way."""
    settings.SUMAI = {**settings.SUMAI, "SEARCH_RATE": "off"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    found = Counts()

    def counting(kind, request_key, compute, **kwargs):  # type: ignore[no-untyped-def]
        found.calls += 1

        def counted():  # type: ignore[no-untyped-def]
            found.computed += 1
            return compute()

        return search_cache.cached(kind, request_key, counted, **kwargs)

    monkeypatch.setattr(views, "cached", counting)
    monkeypatch.setattr(api, "cached", counting)
    return found


def _get(client, counts: Counts, name: str, url: str):  # type: ignore[no-untyped-def]
    before_calls, before_hits = counts.calls, counts.hits
    response = client.get(url)
    assert response.status_code == 200, (name, url, response.status_code)
    assert counts.calls == before_calls + 1, f"{url} did not reach the results cache"
    counts.hits_by_name[name] = counts.hits_by_name.get(name, 0) + counts.hits - before_hits
    return response


def drive(client, counts: Counts, *, uncached: bool) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every kind of request of the locustfile, ROUNDS times: each query as a page and through the API, a
    paging walk of four pages, and the starvation clients' queries (page and API). (name, URL) of each
    request, in order."""
    normal = Mix(uncached=uncached)
    slow_pages = Mix(SLOW_QUERIES, uncached=True, label=SLOW_PREFIX)
    slow_apis = Mix(SLOW_QUERIES, uncached=True, label=SLOW_PREFIX)
    urls: list[tuple[str, str]] = []

    def get(step: tuple[str, str]):  # type: ignore[no-untyped-def]
        urls.append(step)
        return _get(client, counts, *step)

    for _round in range(ROUNDS):
        for _ in QUERIES:
            get(normal.page())
        for _ in QUERIES:
            get(normal.api())
        response = get(normal.paging_first())
        for n in range(2, PAGING_PAGES + 1):
            following = normal.paging_next(response.content.decode(), n)
            assert following is not None, f"no next link on page {n - 1}"
            response = get(following)
        for _ in SLOW_QUERIES:
            get(slow_pages.page())
            get(slow_apis.api())
    return urls


def test_every_url_is_new_and_the_cache_answers_none(client, stock, counts):
    requests = drive(client, counts, uncached=True)
    urls = [url for _name, url in requests]
    per_round = 2 * len(QUERIES) + PAGING_PAGES + 2 * len(SLOW_QUERIES)
    assert len(urls) == counts.calls == ROUNDS * per_round
    assert len(set(urls)) == len(urls)
    assert all(f"{NONCE}=" in url for url in urls)
    assert counts.hits == 0, {name: hits for name, hits in counts.hits_by_name.items() if hits}


def test_the_repeating_mix_is_answered_from_the_cache(client, stock, counts):
    """The normal mode: the second round of pages, API answers and the paging walk (its followed links
    included) comes from the cache; the starvation clients' URLs still never do."""
    requests = drive(client, counts, uncached=False)
    normal = [url for name, url in requests if not name.startswith(SLOW_PREFIX)]
    assert not any(f"{NONCE}=" in url for url in normal)
    repeated = [name for name, hits in counts.hits_by_name.items() if hits]
    assert counts.hits == (ROUNDS - 1) * (2 * len(QUERIES) + PAGING_PAGES)
    assert "page paging p4" in repeated
    assert not [name for name in repeated if name.startswith(SLOW_PREFIX)]


def test_the_nonce_changes_no_result(client, stock, counts):
    """The parameter that makes a URL new is not a filter: the same answer as without it."""
    plain, fresh = Mix(), Mix(uncached=True)
    for _ in QUERIES:
        a, b = client.get(plain.api()[1]).json(), client.get(fresh.api()[1]).json()
        assert (a["count"], a["results"]) == (b["count"], b["results"])


def test_the_summary_is_nearest_rank():
    s = summary(list(range(1, 101)), failures=2, seconds=10)
    assert (s["requests"], s["failures"], s["rps"]) == (100, 2, 10)
    assert (s["p50"], s["p95"], s["p99"], s["max"]) == (50, 95, 99, 100)
    assert summary([])["p95"] == 0


# --------------------------------------------------------------- landlords' updates and the hit rate
SCOPED = {"muni_elderly_vacant", "pref_vacant", "designated_city", "radius_3km", "pref_bf_no_guarantor"}
SCOPED |= {"layout_area"}  # a municipality, a prefecture or the cells of a radius: not the whole country


def _metrics() -> dict[tuple[str, str], float]:
    import prometheus_client

    return cache_counts(prometheus_client.generate_latest(prometheus_client.REGISTRY).decode())


def _landlord(operator, stock, municipality: str) -> Landlords:  # type: ignore[no-untyped-def]
    from sumai.accounts.models import Membership
    from sumai.accounts.services import api_token_create
    from tests.factories import UserFactory

    user = UserFactory(email=f"load.{municipality}@example.jp")
    Membership.objects.create(user=user, organisation=operator, role="admin")
    _token, secret = api_token_create(
        actor=user, organisation=operator, name="load", scopes=["read", "write"]
    )
    units = list(stock.filter(building__municipality_id=municipality).values_list("pk", flat=True))
    return Landlords({"landlords": [{"token": secret, "units": units}]}, seed=1)


def _push(client, landlords: Landlords) -> None:  # type: ignore[no-untyped-def]
    token, body = landlords.next_push()
    response = client.post(
        PUSH_PATH, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200, response.content
    assert response.json()["updated"] == 1


def _round(client, counts: Counts) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The mix once as pages: the names that the cache answered."""
    mix, hits = Mix(), {}
    for _ in QUERIES:
        name, url = mix.page()
        before = counts.hits
        _get(client, counts, name, url)
        hits[name.removeprefix("page ")] = counts.hits - before
    return hits


def test_a_landlords_update_empties_only_the_results_it_can_change(client, operator, stock, counts):
    """What the load test's landlords (LOAD_LANDLORDS) do to the hit rate it reads from /metrics: a vacancy
    confirmed in Hakodate leaves every cached search of a municipality, prefecture or radius elsewhere in the
    cache and renews only the national ones; one confirmed in Setagaya renews Setagaya's and Tokyo's."""
    hakodate, setagaya = _landlord(operator, stock, "012025"), _landlord(operator, stock, "131121")
    _round(client, counts)  # fills the cache
    before = _metrics()
    _push(client, hakodate)
    after_hakodate = _round(client, counts)
    assert {name for name, hit in after_hakodate.items() if hit} == SCOPED
    rates = hit_rates(before, _metrics())
    assert (rates["page"]["hits"], rates["page"]["misses"]) == (len(SCOPED), len(QUERIES) - len(SCOPED))
    assert rates["all"]["rate"] == pytest.approx(len(SCOPED) / len(QUERIES))

    _push(client, setagaya)
    after_setagaya = _round(client, counts)
    renewed = {name for name, hit in after_setagaya.items() if not hit}
    assert {"muni_elderly_vacant", "pref_vacant"} <= renewed
    assert not renewed & {"designated_city", "pref_bf_no_guarantor", "layout_area"}


def test_cache_counts_read_the_prometheus_text():
    text = (
        "# HELP sumai_search_cache_total Public search results looked up in the cache.\n"
        "# TYPE sumai_search_cache_total counter\n"
        'sumai_search_cache_total{kind="page",result="hit"} 7.0\n'
        'sumai_search_cache_total{kind="page",result="miss"} 3.0\n'
        'sumai_search_cache_created{kind="page",result="hit"} 1.7e+09\n'
        'sumai_search_cache_total{kind="api",result="miss"} 1.0\n'
    )
    counts = cache_counts(text)
    assert counts == {("page", "hit"): 7.0, ("page", "miss"): 3.0, ("api", "miss"): 1.0}
    rates = hit_rates({("page", "hit"): 2.0}, counts)
    assert rates["page"] == {"hits": 5.0, "misses": 3.0, "rate": 5 / 8}
    assert rates["api"] == {"hits": 0.0, "misses": 1.0, "rate": 0.0}
    assert rates["all"]["rate"] == 5 / 9
