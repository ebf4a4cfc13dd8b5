"""Load test of the public search: the standard query mix of bench/bench_search.py under many clients.

Run headless against a real server on loopback (docs/performance.md, "Public search"):

    DJANGO_SETTINGS_MODULE=sumai.config.settings \\
    SECRET_KEY=$(python3 -c 'import secrets;print(secrets.token_urlsafe(60))') \\
    DATABASE_URL=sqlite:///var/bench/sumai-bench.sqlite3 DEBUG=false SUMAI_SEARCH_RATE=off \\
      .venv/bin/gunicorn sumai.config.wsgi -w 2 -b 127.0.0.1:8765 &
    LOAD_SECONDS=60 .venv/bin/locust -f tests/load/locustfile.py --headless -u 20 -r 20 \\
      --host http://127.0.0.1:8765 --csv var/bench/locust-sqlite --only-summary

Each simulated client runs the mix back to back (no think time), so the figures are the server's capacity
for 20 concurrent clients. Half of the requests are HTML pages, half the public JSON API (when the API is
not there yet, the API tasks fall back to the page). One task in the mix reads four result pages in a row
by following the keyset "next" link, as a reader paging through results does.
"""

from __future__ import annotations

import os
import random
import re
import time
from urllib.parse import urlencode

import gevent
from locust import HttpUser, constant, events, task

API_PATH = "/api/v1/units/"
# LOAD_UNCACHED=1: add a random rent_min (0–999 yen, which changes no result) to every query, so that the
# results cache (sumai.search.cache) answers almost nothing and the figures are the uncached capacity.
UNCACHED = os.environ.get("LOAD_UNCACHED") == "1"
TOKYO_STATION = ("35.6812", "139.7671")

# (name, GET parameters): the mix of bench/bench_search.py (its deep page is the "paging" task here)
QUERIES: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "muni_elderly_vacant",
        [("municipality", "131121"), ("group", "elderly"), ("vacant", "on"), ("rent_max", "60000")],
    ),
    ("pref_vacant", [("prefecture", "13"), ("vacant", "on")]),
    ("designated_city", [("municipality", "141003")]),
    (
        "radius_3km",
        [("lat", TOKYO_STATION[0]), ("lon", TOKYO_STATION[1]), ("radius", "3"), ("sort", "distance")],
    ),
    ("text_minato", [("q", "港区")]),
    ("text_sakura", [("q", "さくら")]),
    ("national_newest", [("sort", "newest")]),
    ("pref_bf_no_guarantor", [("prefecture", "27"), ("barrier_free", "on"), ("no_guarantor", "on")]),
    (
        "layout_area",
        [("prefecture", "14"), ("layout", "1LDK"), ("layout", "2DK"), ("area_min", "40"), ("sort", "-area")],
    ),
    ("broad_low_income", [("group", "low_income"), ("rent_max", "100000")]),
]
NEXT_LINK = re.compile(r'href="\?([^"]*cursor=[^"]+)"[^>]*rel="next"|rel="next"[^>]*href="\?([^"]*)"')

API_AVAILABLE = {"value": False}


@events.test_start.add_listener
def stop_after(environment, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    """``LOAD_SECONDS=60``: stop after that many seconds of wall-clock time (``-t`` ended runs at once on
    the shared machine: gevent's timer read a stale loop clock after a slow start)."""
    seconds = float(os.environ.get("LOAD_SECONDS") or 0)
    if not seconds or environment.runner is None:
        return

    def watch() -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            gevent.sleep(0.5)
        environment.runner.quit()

    gevent.spawn(watch)


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


class SearchUser(HttpUser):
    wait_time = constant(0)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.turn = 0

    def _next_query(self) -> tuple[str, list[tuple[str, str]]]:
        self.turn += 1
        name, params = QUERIES[self.turn % len(QUERIES)]
        if UNCACHED:  # a distinct URL every time: no answer comes from the results cache
            params = [*params, ("rent_min", str(random.randint(0, 999_999) % 1000))]
        return name, params

    @task(5)
    def page(self) -> None:
        name, params = self._next_query()
        self.client.get("/search/?" + urlencode(params), name=f"page {name}")

    @task(5)
    def api(self) -> None:
        name, params = self._next_query()
        if API_AVAILABLE["value"]:
            self.client.get(API_PATH + "?" + urlencode(params), name=f"api {name}")
        else:
            self.client.get("/search/?" + urlencode(params), name=f"page {name}")

    @task(1)
    def paging(self) -> None:
        """Tokyo by rent, four pages in a row through the keyset "next" link."""
        query = urlencode([("prefecture", "13")])
        for n in range(1, 5):
            with self.client.get(
                "/search/?" + query, name=f"page paging p{n}", catch_response=True
            ) as response:
                match = NEXT_LINK.search(response.text)
                if response.status_code != 200 or not match:
                    response.failure(f"no next link on page {n}")
                    return
                query = (match.group(1) or match.group(2)).replace("&amp;", "&")
