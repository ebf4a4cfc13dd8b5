"""The soak's load (issue #18): the public, landlords, bulk operators' systems and reviewers at once, through
the reverse proxy in front of two application processes. Started by scripts/soak (docs/soak.md); run as one
locust process (no ``--processes``).

Simulated people (``SOAK_USERS`` in all, default 50; the first three kinds have fixed counts, the rest are
searchers), each with think time between actions, as people have:

* ``Searcher`` — the public: the search mix of tests/load/loadmix.py as pages and through the API, a walk
  of four result pages through the "next" link, and unit pages of the results.
* ``WebLandlord`` — logs in (password), opens the list of their buildings and a building's page, and sets
  one unit's vacancy with its button (the building page's form: sumai.registry.views_vacancy), then reads
  the page it is sent back to and checks that it says the change was made.
* ``ApiPusher`` — a bulk operator's system: ``POST /api/v1/registry/vacancy`` with its organisation token,
  1–10 units of its own each time, each with a new ``confirmed_at`` (so that every push changes every unit
  and ``{"updated": n}`` must equal what was sent).
* ``Reviewer`` — a registration authority's staff member: logs in with password and the authenticator's code
  (TOTP, computed here), reads the review inbox, opens the next application assigned to them, and decides
  it (register, acknowledging warnings, or request changes) with the version the page gave; reads the page
  it is sent back to and checks it.

Every write is appended to ``SOAK_WRITES`` (JSONL; bench/soak/soakcheck.py reads it) with whether the
server acknowledged it. Every answer of 400 or more fails the request, and so does an answer that looks
fine but is not (a log-in page instead of the page asked for, an error message after a form). ``409`` would
be counted apart as a conflict (none is expected: nobody shares a unit or an application). The figures per
request group are written to ``SOAK_FIGURES`` (JSON) at the end.

Environment: ``SOAK_FIXTURE`` (bench/soak/setup.py's JSON), ``SOAK_WRITES``, ``SOAK_FIGURES``,
``SOAK_SECONDS``, ``SOAK_USERS``, ``SOAK_THINK`` (a factor on the think times, default 1).
"""

from __future__ import annotations

import hmac
import itertools
import json
import os
import random
import re
import resource
import struct
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, between, events, task
from locust.exception import StopUser

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "tests" / "load"))

from loadmix import PAGING_PAGES, Mix, quit_after  # noqa: E402 - tests/load/loadmix.py, put on the path above
from soakcheck import figures  # noqa: E402

FIXTURE: dict[str, Any] = json.loads(
    Path(os.environ.get("SOAK_FIXTURE", "var/soak/fixture.json")).read_text()
)
USERS = int(os.environ.get("SOAK_USERS") or 50)
THINK = float(os.environ.get("SOAK_THINK") or 1)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
SET_BUTTON = re.compile(r'name="set" value="(\d+):(vacant|occupied|unknown)"')
UNIT_LINK = re.compile(r'href="/units/(\d+)/"')
ERROR_MESSAGE = 'class="message message-error'
WEB_STATES = ("vacant", "occupied", "unknown")
API_STATES = ("vacant", "occupied", "renovation")


def _share(fraction: float, available: int) -> int:
    return max(1, min(available, round(USERS * fraction)))


# How many of each kind (the searchers are the rest): about 12 % landlords at their desks, 8 % bulk systems,
# 8 % reviewers (never more than the fixture has people for).
N_LANDLORDS = _share(0.12, len(FIXTURE["landlords"]))
N_PUSHERS = _share(0.08, len(FIXTURE["pushers"]))
N_REVIEWERS = _share(0.08, len(FIXTURE["reviewers"]))


# ------------------------------------------------------------------------------------------ recording
class Recorder:
    """Latencies and errors per request group, and the writes (appended to SOAK_WRITES as they happen)."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.conflicts: dict[str, int] = defaultdict(int)
        self.samples: dict[str, list[str]] = defaultdict(list)
        self.started = time.monotonic()
        self.ids = itertools.count(1)
        self.writes = open(os.environ.get("SOAK_WRITES", "var/soak/writes.jsonl"), "a", encoding="utf-8")  # noqa: SIM115 - open for the whole run

    def sent(self, record: dict[str, Any]) -> int:
        """Record a write as it is sent (``ack`` unknown until :meth:`answered`); its id."""
        key = next(self.ids)
        self._line({"id": key, **record, "ack": None, "at": time.time()})
        return key

    def answered(self, key: int, ack: bool) -> None:
        self._line({"id": key, "ack": ack, "at": time.time()})

    def _line(self, record: dict[str, Any]) -> None:
        if not self.writes.closed:
            self.writes.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.writes.flush()


REC = Recorder()


def group_of(name: str) -> str:
    """The request group of a request name (the rows of the figures)."""
    for prefix, group in (
        ("page paging", "search page"),
        ("page ", "search page"),
        ("api ", "search API"),
        ("unit page", "unit page"),
        ("log-in", "log-in"),
        ("landlord", "landlord pages"),
        ("vacancy set", "vacancy set (web)"),
        ("vacancy push", "vacancy push (API)"),
        ("review inbox", "review pages"),
        ("review page", "review pages"),
        ("review decide", "review decision"),
    ):
        if name.startswith(prefix):
            return group
    return name


@events.request.add_listener
def record(
    name: str, response_time: float, exception: BaseException | None = None, response: Any = None, **_kw: Any
) -> None:
    group = group_of(name)
    REC.latencies[group].append(response_time)
    if exception is not None:
        status = getattr(response, "status_code", 0)
        if status == 409:
            REC.conflicts[group] += 1
        else:
            REC.errors[group] += 1
        if len(REC.samples[group]) < 5:
            REC.samples[group].append(f"{name}: {exception}")


@events.test_start.add_listener
def stop_after(environment: Any, **_kw: Any) -> None:
    """Stop after SOAK_SECONDS of wall-clock time (as tests/load/locustfile.py does: ``-t`` misread a slow
    start's clock on the shared machine)."""
    REC.started = time.monotonic()
    seconds = float(os.environ.get("SOAK_SECONDS") or 600)
    print(
        f"soak: {USERS} people — {N_LANDLORDS} web landlords, {N_PUSHERS} API clients, {N_REVIEWERS} "
        f"reviewers, {USERS - N_LANDLORDS - N_PUSHERS - N_REVIEWERS} searchers — for {seconds:.0f} s",
        flush=True,
    )
    if environment.runner is None:
        return
    quit_after(environment.runner, seconds)


@events.test_stop.add_listener
def report(**_kw: Any) -> None:
    seconds = time.monotonic() - REC.started
    out = {
        "seconds": round(seconds, 1),
        "users": USERS,
        "people": {
            "landlords": N_LANDLORDS,
            "api_clients": N_PUSHERS,
            "reviewers": N_REVIEWERS,
            "searchers": USERS - N_LANDLORDS - N_PUSHERS - N_REVIEWERS,
        },
        "groups": {g: figures(v, REC.errors.get(g, 0), seconds) for g, v in sorted(REC.latencies.items())},
        "conflicts": dict(REC.conflicts),
        "error_samples": dict(REC.samples),
        "locust": round(
            sum(getattr(resource.getrusage(resource.RUSAGE_SELF), f) for f in ("ru_utime", "ru_stime")), 2
        ),
        "all": figures([x for v in REC.latencies.values() for x in v], sum(REC.errors.values()), seconds),
    }
    Path(os.environ.get("SOAK_FIGURES", "var/soak/figures.json")).write_text(json.dumps(out, indent=1))
    REC.writes.close()


# ------------------------------------------------------------------------------------------ helpers
def totp(key_hex: str, at: float) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits), as django-otp's TOTPDevice computes it."""
    counter = struct.pack(">Q", int(at // 30))
    digest = hmac.new(bytes.fromhex(key_hex), counter, "sha1").digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def think(low: float, high: float) -> Any:
    return between(low * THINK, high * THINK)


_landlords = itertools.count()
_pushers = itertools.count()
_reviewers = itertools.count()


class Person(HttpUser):
    abstract = True

    def csrf(self, html: str) -> str:
        match = CSRF.search(html)
        if not match:
            raise ValueError("no CSRF token on the page")
        return match.group(1)

    def get_page(self, url: str, name: str, *, must_contain: str = "") -> str | None:
        """GET a page that must answer 200 at that address (not a log-in page we were sent to)."""
        with self.client.get(url, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                return None
            if "/accounts/login/" in r.url and "/accounts/login/" not in url:
                r.failure("sent to the log-in page (session lost?)")
                return None
            if must_contain and must_contain not in r.text:
                r.failure(f"the page lacks {must_contain!r}")
                return None
            return r.text

    def post_confirmed(
        self, url: str, path: str, data: dict[str, Any], *, name: str, back: str, group: str
    ) -> bool:
        """POST a form of the page at ``url``: acknowledged when it redirects back there (``back`` names that
        page) and the page then shows no error message (a refused change is an error message there)."""
        ack = False
        with self.client.post(
            f"{url}{path}", data=data, name=name, allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 302 or not r.headers.get("Location", "").startswith(url):
                r.failure(f"HTTP {r.status_code} to {r.headers.get('Location')}")
            else:
                ack = True
        if ack:
            page = self.get_page(url, back)
            if page is None or ERROR_MESSAGE in page:
                ack = False
                REC.errors[group] += 1
        return ack

    def log_in(self, email: str, password: str, totp_key: str = "") -> None:
        html = self.get_page("/accounts/login/", "log-in page")
        if html is None:
            raise StopUser
        with self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": self.csrf(html), "username": email, "password": password},
            name="log-in",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"log-in: HTTP {r.status_code}")
                raise StopUser
            location = r.headers.get("Location", "")
        if not totp_key:
            return
        if "/accounts/2fa/verify/" not in location:
            raise StopUser
        page = self.get_page(location, "log-in 2FA page")
        if page is None:
            raise StopUser
        with self.client.post(
            location,
            data={"csrfmiddlewaretoken": self.csrf(page), "code": totp(totp_key, time.time())},
            name="log-in 2FA code",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"2FA code refused: HTTP {r.status_code}")
                raise StopUser


# ------------------------------------------------------------------------------------------ the public
class Searcher(Person):
    wait_time = think(1, 4)
    weight = 1

    def on_start(self) -> None:
        self.mix = Mix(uncached=os.environ.get("SOAK_UNCACHED") == "1")
        self.seen: list[int] = []

    @task(5)
    def page(self) -> None:
        name, url = self.mix.page()
        html = self.get_page(url, name)
        if html:
            self.seen = [int(i) for i in UNIT_LINK.findall(html)[:20]] or self.seen

    @task(5)
    def api(self) -> None:
        name, url = self.mix.api()
        with self.client.get(url, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                return
            ids = [u["id"] for u in r.json().get("results", [])]
            self.seen = ids or self.seen

    @task(3)
    def unit_page(self) -> None:
        if self.seen:
            self.get_page(f"/units/{random.choice(self.seen)}/", "unit page")

    @task(1)
    def paging(self) -> None:
        name, url = self.mix.paging_first()
        for n in range(1, PAGING_PAGES + 1):
            html = self.get_page(url, name)
            if html is None or n == PAGING_PAGES:
                return
            following = self.mix.paging_next(html, n + 1)
            if following is None:
                return
            name, url = following
            gevent.sleep(random.uniform(0.5, 2) * THINK)


# ------------------------------------------------------------------------------------------ landlords
class WebLandlord(Person):
    wait_time = think(3, 8)
    fixed_count = N_LANDLORDS

    def on_start(self) -> None:
        me = FIXTURE["landlords"][next(_landlords) % len(FIXTURE["landlords"])]
        self.org = me["org"]
        self.buildings = me["buildings"]
        self.log_in(me["email"], me["password"])

    @task
    def set_vacancy(self) -> None:
        self.get_page("/registry/buildings/", "landlord buildings")
        building = random.choice(self.buildings)
        url = f"/registry/buildings/{building}/"
        html = self.get_page(url, "landlord building")
        if html is None:
            return
        units = sorted({int(u) for u, _s in SET_BUTTON.findall(html)})
        if not units:
            return
        unit = random.choice(units)
        status = random.choice(WEB_STATES)
        key = REC.sent(
            {
                "kind": "vacancy",
                "via": "web",
                "org": self.org,
                "unit": unit,
                "vacancy": status,
                "confirmed_at": None,
            }
        )
        ack = self.post_confirmed(
            url,
            "vacancy/",
            {"csrfmiddlewaretoken": self.csrf(html), "set": f"{unit}:{status}"},
            name="vacancy set",
            back="landlord building (after the change)",
            group="vacancy set (web)",
        )
        REC.answered(key, ack)


class ApiPusher(Person):
    wait_time = think(2, 5)
    fixed_count = N_PUSHERS

    def on_start(self) -> None:
        me = FIXTURE["pushers"][next(_pushers) % len(FIXTURE["pushers"])]
        self.org = me["org"]
        self.units = me["units"]
        self.client.headers["Authorization"] = f"Bearer {me['token']}"

    @task
    def push(self) -> None:
        chosen = random.sample(self.units, k=random.randint(1, min(10, len(self.units))))
        confirmed = datetime.now(UTC).isoformat()
        updates = [
            {"unit": u, "vacancy": random.choice(API_STATES), "confirmed_at": confirmed} for u in chosen
        ]
        keys = [REC.sent({"kind": "vacancy", "via": "api", "org": self.org, **u}) for u in updates]
        ack = False
        with self.client.post(
            "/api/v1/registry/vacancy", json={"updates": updates}, name="vacancy push", catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}: {r.text[:200]}")
            elif r.json().get("updated") != len(updates):
                r.failure(f"updated {r.json()} of {len(updates)} sent")
            else:
                ack = True
        for key in keys:
            REC.answered(key, ack)


# ------------------------------------------------------------------------------------------ reviewers
class Reviewer(Person):
    wait_time = think(3, 8)
    fixed_count = N_REVIEWERS

    def on_start(self) -> None:
        me = FIXTURE["reviewers"][next(_reviewers) % len(FIXTURE["reviewers"])]
        self.queue = list(me["applications"])
        self.log_in(me["email"], me["password"], me["totp_key"])

    @task
    def decide(self) -> None:
        self.get_page("/registry/review/", "review inbox")
        if not self.queue:
            return  # nothing left assigned: reads the inbox only (the soak reports it)
        application = self.queue.pop(0)
        url = f"/registry/review/{application['id']}/"
        html = self.get_page(url, "review page")
        if html is None:
            return
        version = VERSION.search(html)
        if not version:
            REC.errors["review pages"] += 1
            return
        gevent.sleep(random.uniform(1, 3) * THINK)
        decision = application["decision"]
        data = {
            "csrfmiddlewaretoken": self.csrf(html),
            "decision": decision,
            "version": version.group(1),
            "acknowledge_warnings": "on",
            "comment": "" if decision == "register" else "間取り図と面積を確認してください（ソーク）",
        }
        key = REC.sent({"kind": "decision", "registration": application["id"], "decision": decision})
        ack = self.post_confirmed(
            url,
            "decide/",
            data,
            name="review decide",
            back="review page (after the decision)",
            group="review decision",
        )
        REC.answered(key, ack)
