"""Load test of the public search: the standard query mix of bench/bench_search.py under many clients.

Run headless against a real server on loopback (docs/performance.md, "Load: 20 clients"), from the
repository's root:

    DJANGO_SETTINGS_MODULE=sumai.config.settings \\
    SECRET_KEY=$(python3 -c 'import secrets;print(secrets.token_urlsafe(60))') \\
    DATABASE_URL=sqlite:///var/bench/sumai-bench.sqlite3 DEBUG=false SUMAI_SEARCH_RATE=off \\
    API_ANON_RATE=1000000/minute API_USER_RATE=1000000/minute \\
      .venv/bin/gunicorn sumai.config.wsgi -w 2 -b 127.0.0.1:8765 &
    LOAD_SECONDS=60 .venv/bin/locust -f tests/load/locustfile.py --headless -u 20 -r 20 \\
      --host http://127.0.0.1:8765 --csv var/bench/locust-sqlite --only-summary

Each simulated client runs the mix back to back (no think time), so the figures are the server's capacity
for 20 concurrent clients. Half of the requests are HTML pages, half the public JSON API (when the API is
not there yet, the API tasks fall back to the page). One task in the mix reads four result pages in a row
by following the keyset "next" link, as a reader paging through results does. The URLs come from
tests/load/loadmix.py (plain functions; tests/load/test_loadmix.py checks them through Django's test client).

Modes (environment variables):

* ``LOAD_UNCACHED=1`` — every URL new: each request, the paging task's first page and every followed "next"
  link included, carries ``load_nonce=<random prefix>-<counter>``, a parameter the search ignores (the same
  SQL as without it) but both cache keys include, so the results cache (sumai.search.cache) answers nothing.
* ``LOAD_SLOW_CLIENTS=2`` — starvation: that many more clients send only the slowest combinations of
  issue #15 (loadmix.SLOW_QUERIES), page and API in turn, always with a fresh nonce (a cached answer would
  starve nothing). Give locust the 20 normal clients plus these (``-u 22 -r 22``): the slow class has a
  fixed count, the rest are normal clients. Their requests are named ``slow …``.
* ``LOAD_LANDLORDS=2 LOAD_UPDATES_PER_SECOND=2`` — landlords' updates while the clients search: that many
  more clients (``-u 20+N``) confirm the vacancy of one unit at a time through the registry API, together at
  that rate (constant pacing), each a unit drawn at random from bench/load_landlords.py's fixture
  (``LOAD_LANDLORDS_FIXTURE``, default ``var/bench/load-landlords.json``), so they fall where the units are.
  Their requests are named ``landlord …`` and reported apart.
* ``LOAD_METRICS_TOKEN`` — the server's ``SUMAI_METRICS_TOKEN``: ``/metrics`` is read at the start and the
  end, and the results cache's hit rate over the run is printed per kind (page, API) — what the landlords'
  updates leave of the cache (issue #15: a change may empty only the results it can affect).
* ``LOAD_SECONDS=60`` — stop after that many seconds of wall-clock time.

At the end the locustfile prints, and with ``--csv PREFIX`` writes to ``PREFIX_clients.csv``, the figures of
the normal clients alone and of the slow clients alone (requests, failures, req/s, p50/p95/p99/max from every
latency, not locust's rounded buckets). Run locust as one process (no ``--processes``) for those figures.
"""

from __future__ import annotations

import csv
import os
import time
from typing import Any

# loadmix: tests/load/loadmix.py (locust puts the locustfile's folder on sys.path)
from loadmix import (
    API_PATH,
    PAGING_PAGES,
    PUSH_PATH,
    SLOW_PREFIX,
    SLOW_QUERIES,
    Landlords,
    Mix,
    cache_counts,
    hit_rates,
    quit_after,
    summary,
)
from locust import HttpUser, constant, constant_pacing, events, task

# LOAD_UNCACHED=1: every URL new (loadmix.NONCE), so that the figures are the uncached capacity.
UNCACHED = os.environ.get("LOAD_UNCACHED") == "1"
# LOAD_SLOW_CLIENTS=N: N starvation clients besides the normal ones (-u 20+N).
SLOW_CLIENTS = int(os.environ.get("LOAD_SLOW_CLIENTS") or 0)
# LOAD_LANDLORDS=N: N landlord clients besides the others, LOAD_UPDATES_PER_SECOND confirmations in all.
LANDLORDS = int(os.environ.get("LOAD_LANDLORDS") or 0)
UPDATES_PER_SECOND = float(os.environ.get("LOAD_UPDATES_PER_SECOND") or 1)
LANDLORDS_FIXTURE = os.environ.get("LOAD_LANDLORDS_FIXTURE") or "var/bench/load-landlords.json"
LANDLORD_PREFIX = "landlord "
METRICS_TOKEN = os.environ.get("LOAD_METRICS_TOKEN", "")

API_AVAILABLE = {"value": False}


@events.test_start.add_listener
def stop_after(environment, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    """``LOAD_SECONDS=60``: stop after that many seconds of wall-clock time (``-t`` ended runs at once on
    the shared machine: gevent's timer read a stale loop clock after a slow start)."""
    seconds = float(os.environ.get("LOAD_SECONDS") or 0)
    if not seconds or environment.runner is None:
        return
    quit_after(environment.runner, seconds)


@events.test_start.add_listener
def probe_api(environment, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    """Measure the API only when the server has it (it is being written alongside the benchmark)."""
    import urllib.request

    try:
        with urllib.request.urlopen(f"{environment.host}{API_PATH}?prefecture=13", timeout=10) as r:  # noqa: S310 - http(s) host given on the command line
            API_AVAILABLE["value"] = r.status == 200
    except Exception:  # noqa: BLE001 - absent API or a server error: measure the pages only
        API_AVAILABLE["value"] = False
    print(f"public API {'present' if API_AVAILABLE['value'] else 'absent: pages only'}")
    mode = "every URL new (LOAD_UNCACHED=1)" if UNCACHED else "the mix repeats (results cache used)"
    updates = f"{LANDLORDS} ({UPDATES_PER_SECOND:g} updates/s in all)" if LANDLORDS else "0"
    print(f"mode: {mode}; slow clients: {SLOW_CLIENTS}; landlords: {updates}")


def read_cache_counts(host: str) -> dict[tuple[str, str], float] | None:
    """The results cache's counters from the server's /metrics (None without ``LOAD_METRICS_TOKEN``)."""
    import urllib.request

    if not METRICS_TOKEN:
        return None
    request = urllib.request.Request(  # noqa: S310 - http(s) host given on the command line
        f"{host}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=10) as r:  # noqa: S310 - http(s) host given on the command line
        return cache_counts(r.read().decode())


# ------------------------------------------------------------------------- per-group latencies
GROUPS = ("normal", "slow", "landlord")
RECORDED: dict[str, dict[str, Any]] = {}


@events.test_start.add_listener
def start_recording(environment, **_kwargs: Any) -> None:  # type: ignore[no-untyped-def]
    RECORDED.clear()
    RECORDED.update({g: {"latencies": [], "failures": 0} for g in GROUPS})
    RECORDED["started"] = {"at": time.monotonic(), "cache": read_cache_counts(environment.host)}


def group_of(name: str) -> str:
    if name.startswith(SLOW_PREFIX):
        return "slow"
    return "landlord" if name.startswith(LANDLORD_PREFIX) else "normal"


@events.request.add_listener
def record(name: str, response_time: float, exception: BaseException | None = None, **_kwargs: Any) -> None:
    if not RECORDED:
        return
    group = RECORDED[group_of(name)]
    group["latencies"].append(response_time)
    if exception is not None:
        group["failures"] += 1


@events.test_stop.add_listener
def report(environment, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    if not RECORDED:
        return
    seconds = time.monotonic() - RECORDED["started"]["at"]
    rows = []
    for group in GROUPS:
        data = RECORDED[group]
        if not data["latencies"]:
            continue
        s = summary(data["latencies"], data["failures"], seconds)
        rows.append({"clients": group, **s})
        print(
            f"{group} clients: {s['requests']:.0f} requests, {s['failures']:.0f} failures, "
            f"{s['rps']:.1f} req/s, p50 {s['p50']:.0f} ms, p95 {s['p95']:.0f} ms, "
            f"p99 {s['p99']:.0f} ms, max {s['max']:.0f} ms"
        )
    prefix = getattr(environment.parsed_options, "csv_prefix", None)
    if prefix and rows:
        with open(f"{prefix}_clients.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    before = RECORDED["started"]["cache"]
    if before is None:
        return
    rates = hit_rates(before, read_cache_counts(environment.host) or {})
    for kind, r in rates.items():
        print(
            f"results cache ({kind}): {r['hits']:.0f} hits, {r['misses']:.0f} misses, "
            f"hit rate {100 * r['rate']:.1f} %"
        )
    if prefix:
        with open(f"{prefix}_cache.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=["kind", "hits", "misses", "rate"])
            writer.writeheader()
            writer.writerows({"kind": kind, **r} for kind, r in rates.items())


# --------------------------------------------------------------------------------------- clients
class SearchUser(HttpUser):
    """A normal client: the mix, page and API, and now and then a paging walk."""

    wait_time = constant(0)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.mix = Mix(uncached=UNCACHED)

    @task(5)
    def page(self) -> None:
        name, url = self.mix.page()
        self.client.get(url, name=name)

    @task(5)
    def api(self) -> None:
        name, url = self.mix.api() if API_AVAILABLE["value"] else self.mix.page()
        self.client.get(url, name=name)

    @task(1)
    def paging(self) -> None:
        """Tokyo by rent, four pages in a row through the keyset "next" link."""
        name, url = self.mix.paging_first()
        for n in range(1, PAGING_PAGES + 1):
            with self.client.get(url, name=name, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"{name}: HTTP {response.status_code}")
                    return
                if n == PAGING_PAGES:
                    return
                following = self.mix.paging_next(response.text, n + 1)
                if following is None:
                    response.failure(f"no next link on page {n}")
                    return
            name, url = following


class SlowSearchUser(HttpUser):
    """A starvation client (``LOAD_SLOW_CLIENTS``): only the slowest combinations, every URL new."""

    abstract = SLOW_CLIENTS <= 0  # without the variable locust does not start this class at all
    fixed_count = max(SLOW_CLIENTS, 0)
    wait_time = constant(0)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # each slow query as a page, then through the API (one stream each, so both see every query)
        self.pages = Mix(SLOW_QUERIES, uncached=True, label=SLOW_PREFIX)
        self.apis = Mix(SLOW_QUERIES, uncached=True, label=SLOW_PREFIX)
        self.api_turn = False

    @task
    def slow(self) -> None:
        name, url = self.apis.api() if self.api_turn and API_AVAILABLE["value"] else self.pages.page()
        self.api_turn = not self.api_turn
        self.client.get(url, name=name)


class LandlordUser(HttpUser):
    """A landlord's system (``LOAD_LANDLORDS``): confirms one unit's vacancy at a time through the registry
    API with its organisation's token, the units drawn at random from the fixture; all landlord clients
    together send ``LOAD_UPDATES_PER_SECOND``."""

    abstract = LANDLORDS <= 0
    fixed_count = max(LANDLORDS, 0)
    wait_time = constant_pacing(max(LANDLORDS, 1) / max(UPDATES_PER_SECOND, 0.001))
    landlords: Landlords | None = None

    def on_start(self) -> None:
        if LandlordUser.landlords is None:
            LandlordUser.landlords = Landlords.load(LANDLORDS_FIXTURE)

    @task
    def confirm(self) -> None:
        assert LandlordUser.landlords is not None
        token, body = LandlordUser.landlords.next_push()
        with self.client.post(
            PUSH_PATH,
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            name=f"{LANDLORD_PREFIX}vacancy push",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
