"""Every sampled URL × method × actor × object, with the expected answer computed from the permissions table
and the sample's description of its view (README.md). A failure's id names all four:
``registry:unit_delete|POST|agent.viewer|mixed``."""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from sumai.audit.models import AccessLog, AuditEvent
from tests.matrix import conftest as mx
from tests.matrix._table import rule_for
from tests.matrix.findings import FINDINGS
from tests.matrix.samples import ACTORS, SAMPLES, Actor, Call, Sample
from tests.matrix.world import World


@dataclass(frozen=True)
class Probe:
    sample: Sample
    call: Call
    actor: Actor
    side: str

    @property
    def id(self) -> str:
        return f"{self.sample.name}|{self.call.method}|{self.actor.label}|{self.side}"


@dataclass(frozen=True)
class Expected:
    status: int
    served: bool  # the view did what the call asks (a write may write)
    login: bool = False  # an anonymous HTML request is sent to log in


def all_probes() -> list[Probe]:
    return [
        Probe(sample, call, actor, side)
        for sample in SAMPLES
        for call in sample.calls
        for actor in ACTORS
        for side in call.sides or sample.sides
    ]


PROBES = all_probes()


def _params() -> list[Any]:
    params = []
    for probe in PROBES:
        marks = [
            pytest.mark.xfail(strict=True, reason=reason)
            for pattern, reason in FINDINGS.items()
            if fnmatch.fnmatchcase(probe.id, pattern)
        ]
        params.append(pytest.param(probe, id=probe.id, marks=marks))
    return params


def expected(world: World, probe: Probe, kwargs: dict[str, Any]) -> Expected:
    sample, actor = probe.sample, probe.actor
    rule = rule_for(sample.name)
    assert rule is not None, f"{sample.name} is not in the permissions table"
    if not rule.allows(mx.access_of(world, actor), kwargs):
        if actor.anonymous:
            # DRF answers a missing credential with 401 (the token authentication sends WWW-Authenticate)
            return Expected(401, False) if sample.api else Expected(302, False, login=True)
        return Expected(403, False)
    status = sample.serves(actor, probe.side, probe.call.method)
    if status is None:
        return Expected(probe.call.ok, True)
    return Expected(status, False)


def snapshot(sample: Sample) -> tuple[Any, ...]:
    rows = tuple(tuple(model.objects.order_by("pk").values_list()) for model in sample.touches)
    return (AuditEvent.objects.count(), rows)


def query_of(world: World, probe: Probe) -> Any:
    query = probe.sample.query
    return query(world, probe.side) if callable(query) else query or {}


def send(world: World, client: Any, probe: Probe, url: str, body: dict[str, Any] | None) -> Any:
    method = probe.call.method.lower()
    if probe.call.json:
        return getattr(client, method)(url, body or {}, content_type="application/json")
    if method == "get":
        return client.get(url, query_of(world, probe))
    return getattr(client, method)(url, body or {})


def content_of(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


BUDGETS = mx.load_budgets()


def _logged_rows(url: str, status: int, content: bytes) -> int:
    """AccessLog rows a served answer writes: one for a view of one object (``logs_access``), one per object
    a list of the households and cases API carries (``access_each``: its ``results``), one per data row of a
    CSV download (``access_each_row``), else none."""
    if not 200 <= status < 300:
        return 0
    func = resolve(url.split("?")[0]).func
    if getattr(func, "access_each", None):
        return len(json.loads(content)["results"])
    if getattr(func, "access_each_row", None):  # a CSV download: one per data row
        return max(0, len(content.decode("utf-8-sig").splitlines()) - 1)
    return 1 if getattr(func, "access_purpose", None) else 0


@pytest.mark.parametrize("probe", _params())
def test_probe(db: None, world: World, sessions: dict[str, str], probe: Probe) -> None:
    sample, call, actor = probe.sample, probe.call, probe.actor
    writes = call.method != "GET"
    if sample.setup:
        sample.setup(world)
    kind = actor.kind or sample.default_kind
    kwargs = sample.kwargs(world, probe.side, kind)
    url = reverse(sample.name, kwargs=kwargs)
    want = expected(world, probe, kwargs)
    body = call.body(world, probe.side, kind) if call.body else None
    client = mx.client_for(sessions, actor)
    mx.reset_caches()
    before = snapshot(sample) if writes else None
    logged = AccessLog.objects.count()
    changes = mx.total_changes()
    connection.queries_log.clear()  # a full log (9000 entries) makes CaptureQueriesContext count 0
    with CaptureQueriesContext(connection) as queries:
        response = send(world, client, probe, url, body)
        content = content_of(response)  # streamed bodies read the database while they stream
    changes_after = mx.total_changes()
    after = snapshot(sample) if writes else None
    # a served view of sensitive data writes its AccessLog row (tests/security/test_access_log.py), and
    # nothing else; a refused one writes none
    access_rows = AccessLog.objects.count() - logged
    assert access_rows == _logged_rows(url, response.status_code, content), probe.id
    if changes is not None and changes_after is not None:
        changes_after -= access_rows

    assert response.status_code == want.status, (
        f"{probe.id}: {url} answered {response.status_code}, expected {want.status}"
        f" ({'served' if want.served else 'refused'})\n{content[:600]!r}"
    )
    if want.login:
        location = urlsplit(response["Location"])
        assert location.path == reverse("accounts:login"), response["Location"]
        query = response.wsgi_request.META.get("QUERY_STRING", "")
        assert parse_qs(location.query) == {"next": [url + ("?" + query if query else "")]}, response[
            "Location"
        ]
    if probe.side in ("other", "mixed") and not actor.superuser and 200 <= response.status_code < 300:
        assert "*" in sample.shared_with or actor.kind in sample.shared_with, (
            f"{probe.id}: another organisation's object was served ({response.status_code})"
        )
    if not writes:
        assert changes == changes_after, f"{probe.id}: a GET wrote to the database"
    elif not want.served:
        assert after == before, f"{probe.id}: a refused {call.method} changed data"
        assert changes == changes_after, f"{probe.id}: a refused {call.method} wrote to the database"
    elif call.audits:
        assert after is not None
        assert before is not None
        assert after[0] > before[0], f"{probe.id}: served, but no audit event: did the write happen?"
    text = content.decode("utf-8", "replace") if response.status_code == 200 else ""
    if text and sample.hidden:
        leaked = [s for s in sample.hidden(world, actor, probe.side) if s in text]
        assert not leaked, f"{probe.id}: {url} shows what the asker may not see: {leaked}"
    if text and want.served and sample.shows:
        missing = [s for s in sample.shows(world, actor, probe.side) if s not in text]
        assert not missing, f"{probe.id}: {url} does not show the asker's own rows: {missing}"
    if not writes and want.served and response.status_code == 200 and connection.vendor == "sqlite":
        # budgets are measured on SQLite (the default database); other databases run the N+1 checks only
        count = len(queries)
        mx.MEASURED[sample.name] = max(count, mx.MEASURED.get(sample.name, 0))
        if not mx.UPDATE_BUDGETS:
            budget = BUDGETS.get(sample.name)
            assert budget is not None, (
                f"{sample.name} has no query budget: run the matrix with SUMAI_UPDATE_BUDGETS=1"
            )
            assert count <= budget, (
                f"{probe.id}: {count} queries, budget {budget} (tests/matrix/query_budgets.json)\n"
                + "\n".join(q["sql"][:200] for q in queries.captured_queries)
            )


def test_probe_count(request: pytest.FixtureRequest) -> None:
    """Not a check: says how big the matrix is (shown with -rA or -s)."""
    per_method: dict[str, int] = {}
    for probe in PROBES:
        per_method[probe.call.method] = per_method.get(probe.call.method, 0) + 1
    print(
        f"\nmatrix: {len(PROBES)} probes over {len(SAMPLES)} URL names and {len(ACTORS)} actors: {per_method}"
    )
    assert len(PROBES) > 1000
