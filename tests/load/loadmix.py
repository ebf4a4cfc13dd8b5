"""The URLs of the load test (tests/load/locustfile.py), as plain functions: no locust, no gevent, so that
tests import them (tests/load/test_loadmix.py drives them through Django's test client and counts what the
results cache answered).

* :data:`QUERIES` — the standard mix of bench/bench_search.py; :data:`SLOW_QUERIES` — the slowest
  combinations of issue #15, sent by the starvation clients (``LOAD_SLOW_CLIENTS``).
* :class:`Mix` — one client's stream of URLs. ``uncached=True`` makes **every URL new**: each request,
  the followed "next" links of the paging task included, carries :data:`NONCE` with a value never used
  before (a random prefix per process, a counter per process). The search ignores that parameter (it is not
  a filter: the SQL is exactly that of the cached mode), but both cache keys include it — the page's is
  ``request.get_full_path()``, the API's ``request.build_absolute_uri()`` (sumai.search.views, .api) — so the
  results cache (sumai.search.cache) can answer none of them.
* :func:`summary` — p50/p95/p99 of a list of latencies (what the locustfile prints per group of clients).
* :func:`cache_counts` / :func:`hit_rates` — the results cache's hits and misses read from the server's
  ``/metrics`` before and after a run (``LOAD_METRICS_TOKEN``), as a hit rate per kind (page, api).
* :class:`Landlords` — the units whose vacancy the landlord clients confirm (``LOAD_LANDLORDS``), from the
  fixture that bench/load_landlords.py writes.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

PAGE_PATH = "/search/"
API_PATH = "/api/v1/units/"
NONCE = "load_nonce"
SLOW_PREFIX = "slow "
TOKYO_STATION = ("35.6812", "139.7671")
PAGING_PAGES = 4
PAGING_QUERY: list[tuple[str, str]] = [("prefecture", "13")]  # Tokyo by rent, read page after page

Params = list[tuple[str, str]]

# (name, GET parameters): the mix of bench/bench_search.py (its deep page is the "paging" task)
QUERIES: list[tuple[str, Params]] = [
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

# The slowest combinations found for issue #15 (the FilterSet's parameter names, sumai.search.filtersets)
SLOW_QUERIES: list[tuple[str, Params]] = [
    (
        "national_flags_disability",
        [
            ("dedicated", "on"),
            ("pets", "on"),
            ("barrier_free", "on"),
            ("group", "disability"),
            ("rent_max", "50000"),
        ],
    ),
    ("national_area", [("sort", "area")]),
    ("text_heights_tokyo_vacant", [("q", "ハイツ"), ("prefecture", "13"), ("vacant", "on")]),
    ("tokyo_largest", [("prefecture", "13"), ("sort", "-area")]),
]

NEXT_LINK = re.compile(r'href="\?([^"#]*cursor=[^"#]+)[^"]*"[^>]*rel="next"|rel="next"[^>]*href="\?([^"#]*)')

# A value of NONCE is this process's prefix and the next number: never the same twice in a process, and
# two processes (two locust runs, or --processes) differ by the prefix.
_PREFIX = secrets.token_hex(6)
_COUNTER = itertools.count(1)


def quit_after(runner: object, seconds: float) -> None:
    """Stop a locust run after ``seconds`` of wall-clock time (``-t`` ended runs at once on the shared
    machine: gevent's timer read a stale loop clock after a slow start). Used by both locustfiles."""
    import time

    import gevent  # only under locust; the Django tests import this module without it

    def watch() -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            gevent.sleep(0.5)
        runner.quit()  # type: ignore[attr-defined]

    gevent.spawn(watch)


def fresh_nonce() -> str:
    return f"{_PREFIX}-{next(_COUNTER)}"


def with_fresh_nonce(params: Sequence[tuple[str, str]]) -> Params:
    """``params`` without any earlier nonce, plus a new one."""
    return [(k, v) for k, v in params if k != NONCE] + [(NONCE, fresh_nonce())]


class Mix:
    """One client's URLs: the queries in turn (pages and API share the turn), the paging walk.

    ``uncached``: every URL carries a fresh :data:`NONCE`. ``label`` prefixes the request names
    (:data:`SLOW_PREFIX` for the starvation clients, so that their figures stay apart)."""

    def __init__(
        self, queries: Sequence[tuple[str, Params]] = QUERIES, *, uncached: bool = False, label: str = ""
    ) -> None:
        self.queries = list(queries)
        self.uncached = uncached
        self.label = label
        self.turn = 0

    def _params(self, params: Params) -> Params:
        return with_fresh_nonce(params) if self.uncached else list(params)

    def next_query(self) -> tuple[str, Params]:
        self.turn += 1
        name, params = self.queries[self.turn % len(self.queries)]
        return name, self._params(params)

    def page(self) -> tuple[str, str]:
        """(request name, URL) of the next query as the HTML page."""
        name, params = self.next_query()
        return f"{self.label}page {name}", f"{PAGE_PATH}?{urlencode(params)}"

    def api(self) -> tuple[str, str]:
        """(request name, URL) of the next query through the public API."""
        name, params = self.next_query()
        return f"{self.label}api {name}", f"{API_PATH}?{urlencode(params)}"

    def paging_first(self) -> tuple[str, str]:
        """(request name, URL) of the paging walk's first page."""
        return f"{self.label}page paging p1", f"{PAGE_PATH}?{urlencode(self._params(PAGING_QUERY))}"

    def paging_next(self, html: str, page: int) -> tuple[str, str] | None:
        """(request name, URL) of the page after the one whose HTML is ``html`` (``page`` is the number of
        the page to read, 2…); None when the page has no "next" link. The link carries the query of the
        page it is on (its nonce too): in the uncached mode the nonce is replaced by a fresh one."""
        match = NEXT_LINK.search(html)
        if not match:
            return None
        query = (match.group(1) or match.group(2)).replace("&amp;", "&")
        if self.uncached:
            query = urlencode(with_fresh_nonce(parse_qsl(query, keep_blank_values=True)))
        return f"{self.label}page paging p{page}", f"{PAGE_PATH}?{query}"


def percentile(sorted_values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of already sorted values (0 when there are none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(share * len(sorted_values)))
    return float(sorted_values[rank - 1])


def summary(latencies_ms: Sequence[float], failures: int = 0, seconds: float = 0.0) -> dict[str, float]:
    """Requests, failures, requests/s (when ``seconds``), p50, p95, p99 and max in ms."""
    values = sorted(latencies_ms)
    return {
        "requests": len(values),
        "failures": failures,
        "rps": len(values) / seconds if seconds > 0 else 0.0,
        "p50": percentile(values, 0.50),
        "p95": percentile(values, 0.95),
        "p99": percentile(values, 0.99),
        "max": float(values[-1]) if values else 0.0,
    }


# ------------------------------------------------------------------------------------ the results cache
CACHE_METRIC = "sumai_search_cache_total"
_SAMPLE = re.compile(r"^(?P<name>[a-zA-Z_:]+)\{(?P<labels>[^}]*)\}\s+(?P<value>[-+0-9.eE]+)\s*$")
_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def cache_counts(metrics_text: str) -> dict[tuple[str, str], float]:
    """``{(kind, result): count}`` of the results cache (``result`` hit or miss) in a ``/metrics`` body
    (Prometheus text format; a counter's ``_total`` sample, not its ``_created``)."""
    counts: dict[tuple[str, str], float] = {}
    for line in metrics_text.splitlines():
        match = _SAMPLE.match(line.strip())
        if not match or match["name"] != CACHE_METRIC:
            continue
        labels = dict(_LABEL.findall(match["labels"]))
        key = (labels.get("kind", ""), labels.get("result", ""))
        counts[key] = counts.get(key, 0.0) + float(match["value"])
    return counts


def hit_rates(
    before: Mapping[tuple[str, str], float], after: Mapping[tuple[str, str], float]
) -> dict[str, dict[str, float]]:
    """Per kind, and ``all``: the hits and misses between two readings of :func:`cache_counts`, and the hit
    rate (hits / lookups; 0 without lookups)."""
    kinds = sorted({kind for kind, _ in (*before, *after)})
    rates: dict[str, dict[str, float]] = {}
    for kind in [*kinds, "all"]:
        chosen = kinds if kind == "all" else [kind]
        hits = sum(after.get((k, "hit"), 0.0) - before.get((k, "hit"), 0.0) for k in chosen)
        misses = sum(after.get((k, "miss"), 0.0) - before.get((k, "miss"), 0.0) for k in chosen)
        lookups = hits + misses
        rates[kind] = {"hits": hits, "misses": misses, "rate": hits / lookups if lookups else 0.0}
    return rates


# ------------------------------------------------------------------------------------------- landlords
PUSH_PATH = "/api/v1/registry/vacancy"
PUSHED_STATES = ("vacant", "occupied")


class Landlords:
    """The landlords' units (bench/load_landlords.py's fixture: an organisation token and its units each).
    :meth:`next_push` draws a unit at random — so the updates fall where the units are, most in the big
    prefectures, some everywhere — and gives the token and the body of one vacancy confirmation."""

    def __init__(self, fixture: Mapping[str, Any], seed: int | None = None) -> None:
        self.owners = [(o["token"], list(o["units"])) for o in fixture["landlords"] if o["units"]]
        if not self.owners:
            raise ValueError("the landlords' fixture holds no units")
        self.units = [(i, unit) for i, (_token, units) in enumerate(self.owners) for unit in units]
        self.random = random.Random(seed)

    @classmethod
    def load(cls, path: str | Path, seed: int | None = None) -> Landlords:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")), seed)

    def next_push(self, now: datetime | None = None) -> tuple[str, dict[str, Any]]:
        """(token, JSON body): one unit confirmed vacant or occupied now."""
        owner, unit = self.random.choice(self.units)
        at = (now or datetime.now(UTC)).isoformat()
        state = self.random.choice(PUSHED_STATES)
        return self.owners[owner][0], {"updates": [{"unit": unit, "vacancy": state, "confirmed_at": at}]}
