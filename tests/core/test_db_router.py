"""The read replica router's decisions (docs/replicas.md), without a database: which alias a read in a
request goes to, as a table of view kind × wrote in the request × pinned client × replica health; the pins
a write leaves behind; the health memory; the retry on the primary."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import ResolverMatch

from sumai.accounts.models import User
from sumai.core import db_router
from sumai.core.permissions import rule_for
from sumai.registry.models import Unit

ROUTER = db_router.ReplicaRouter()


@pytest.fixture(autouse=True)
def one_replica(monkeypatch):  # type: ignore[no-untyped-def]
    health = {"replica_1": True}
    monkeypatch.setattr(db_router, "replica_aliases", lambda: ["replica_1"])
    monkeypatch.setattr(db_router, "is_healthy", lambda alias: health[alias])
    monkeypatch.setitem(db_router._PUBLIC_READS, "test:public", "tests")
    from django.core.cache import cache

    cache.clear()
    yield health
    cache.clear()


def serve(
    view: Callable[[HttpRequest], HttpResponse],
    *,
    name: str = "test:public",
    method: str = "GET",
    **extra: Any,
) -> HttpResponse:
    """One request through the middleware, the way Django's handler runs it (process_view, then the view,
    process_exception when it raises)."""
    request = RequestFactory().generic(method, "/x/", **extra)
    app, url_name = name.split(":")
    request.resolver_match = ResolverMatch(view, (), {}, url_name=url_name, app_names=[app], namespaces=[app])
    middleware: db_router.ReplicaRoutingMiddleware

    def handler(req: HttpRequest) -> HttpResponse:
        middleware.process_view(req, view, (), {})
        try:
            return view(req)
        except Exception as exc:
            response = middleware.process_exception(req, exc)
            if response is None:
                raise
            return response

    middleware = db_router.ReplicaRoutingMiddleware(handler)
    return middleware(request)


def read_alias(*, write_first: bool = False) -> Callable[[HttpRequest], HttpResponse]:
    def view(request: HttpRequest) -> HttpResponse:
        if write_first:
            ROUTER.db_for_write(Unit)
        return HttpResponse(ROUTER.db_for_read(Unit))

    return view


# view kind, method, wrote in the request, pin cookie, replica healthy → where the read goes
TABLE = [
    ("public", "GET", False, False, True, "replica_1"),
    ("public", "HEAD", False, False, True, "replica_1"),
    ("public", "POST", False, False, True, "default"),
    ("private", "GET", False, False, True, "default"),
    ("public", "GET", True, False, True, "default"),
    ("public", "GET", False, True, True, "default"),
    ("public", "GET", False, False, False, "default"),
    ("private", "POST", True, True, False, "default"),
    ("private", "GET", False, True, True, "default"),
]


@pytest.mark.parametrize(("kind", "method", "wrote", "pinned", "healthy", "expected"), TABLE)
def test_the_routing_table(one_replica, kind, method, wrote, pinned, healthy, expected):  # type: ignore[no-untyped-def]
    one_replica["replica_1"] = healthy
    extra = {"HTTP_COOKIE": f"{db_router.PIN_COOKIE}=1"} if pinned else {}
    name = "test:public" if kind == "public" else "test:private"
    response = serve(read_alias(write_first=wrote), name=name, method=method, **extra)
    if method != "HEAD":
        assert response.content.decode() == expected
    assert db_router.decide(
        public_read=kind == "public", method=method, wrote=wrote, pinned=pinned, replica_healthy=healthy
    ) == ("replica" if expected.startswith("replica") else "primary")


def test_reads_outside_a_request_use_the_primary():
    assert ROUTER.db_for_read(Unit) == "default"
    assert ROUTER.db_for_write(Unit) == "default"


def test_who_may_do_what_is_always_read_on_the_primary():
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(f"{ROUTER.db_for_read(User)} {ROUTER.db_for_read(Unit)}")

    assert serve(view).content.decode() == "default replica_1"


def test_a_write_pins_the_rest_of_the_request_and_the_browser(settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 15

    def view(request: HttpRequest) -> HttpResponse:
        before = ROUTER.db_for_read(Unit)
        ROUTER.db_for_write(Unit)
        return HttpResponse(f"{before} {ROUTER.db_for_read(Unit)}")

    response = serve(view)
    assert response.content.decode() == "replica_1 default"
    cookie = response.cookies[db_router.PIN_COOKIE]
    assert cookie.value == "1"
    assert cookie["max-age"] == 15
    assert cookie["httponly"]
    assert serve(read_alias(), HTTP_COOKIE=f"{db_router.PIN_COOKIE}=1").content.decode() == "default"


def test_a_read_leaves_no_pin():
    assert db_router.PIN_COOKIE not in serve(read_alias()).cookies


def test_a_writing_statement_on_the_primary_counts_as_a_write():
    spot = db_router._write_spotter(state := db_router.RoutingState())
    spot(lambda *a: None, "  SELECT 1", None, False, {})
    assert not state.wrote
    spot(lambda *a: None, "update registry_unit set vacancy = 'vacant'", None, False, {})
    assert state.wrote


def test_an_api_client_that_wrote_is_pinned_by_its_token_not_others():
    token = {"HTTP_AUTHORIZATION": "Bearer smi_one"}
    response = serve(read_alias(write_first=True), method="POST", **token)
    assert db_router.PIN_COOKIE not in response.cookies
    assert serve(read_alias(), **token).content.decode() == "default"
    assert serve(read_alias(), HTTP_AUTHORIZATION="Bearer smi_two").content.decode() == "replica_1"
    assert serve(read_alias()).content.decode() == "replica_1"


def test_a_streamed_body_keeps_reading_the_replica():
    def view(request: HttpRequest) -> StreamingHttpResponse:
        return StreamingHttpResponse(ROUTER.db_for_read(Unit) for _ in range(2))

    response = serve(view)
    assert b"".join(response.streaming_content) == b"replica_1replica_1"  # type: ignore[attr-defined]


def test_a_replica_failing_in_the_middle_is_set_aside_and_the_view_runs_on_the_primary(one_replica, caplog):
    calls: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        alias = ROUTER.db_for_read(Unit)
        calls.append(alias)
        if alias != "default":
            raise OperationalError("server closed the connection unexpectedly")
        return HttpResponse(alias)

    with caplog.at_level(logging.WARNING, logger="sumai.db"):
        response = serve(view)
    assert response.content.decode() == "default"
    assert calls == ["replica_1", "default"]
    assert "read replica replica_1 is not used" in caplog.text


def test_other_errors_are_not_retried():
    def view(request: HttpRequest) -> HttpResponse:
        ROUTER.db_for_read(Unit)
        raise ValueError("a bug")

    with pytest.raises(ValueError, match="a bug"):
        serve(view)


def test_health_is_remembered(monkeypatch, caplog, settings):
    settings.DATABASE_REPLICA_RETRY_SECONDS = 60
    settings.DATABASE_REPLICA_HEALTH_SECONDS = 60
    monkeypatch.undo()  # the real is_healthy
    probes: list[str] = []
    answer: dict[str, str | None] = {
        "replica_1": "it does not answer (connection refused)",
        "replica_2": None,
    }

    def probe(alias: str) -> str | None:
        probes.append(alias)
        return answer[alias]

    monkeypatch.setattr(db_router, "probe", probe)
    db_router.reset_health()
    try:
        with caplog.at_level(logging.WARNING, logger="sumai.db"):
            assert not db_router.is_healthy("replica_1")
            assert not db_router.is_healthy("replica_1")
            assert db_router.is_healthy("replica_2")
            assert db_router.is_healthy("replica_2")
        assert probes == ["replica_1", "replica_2"]
        assert "connection refused" in caplog.text
    finally:
        db_router.reset_health()


def test_choose_replica_skips_the_unhealthy(monkeypatch, one_replica):
    monkeypatch.setattr(db_router, "replica_aliases", lambda: ["replica_1", "replica_2"])
    one_replica["replica_2"] = True
    one_replica["replica_1"] = False
    assert {db_router.choose_replica() for _ in range(4)} == {"replica_2"}
    one_replica["replica_2"] = False
    assert db_router.choose_replica() is None


def test_migrations_only_run_on_the_primary():
    assert ROUTER.allow_migrate("replica_1", "registry") is False
    assert ROUTER.allow_migrate("default", "registry") is None


@pytest.mark.parametrize("name", sorted(db_router.public_reads() - {"test:public"}))
def test_every_public_read_is_a_public_row_of_the_permissions_table(name):
    rule = rule_for(name)
    assert rule is not None
    assert rule.public


def settings_with(**env: str) -> dict[str, Any]:
    """The settings module read in a fresh interpreter with ``env``."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, sumai.config.settings as s; print(json.dumps({'databases': s.DATABASES, "
        "'routers': s.DATABASE_ROUTERS, 'middleware': s.MIDDLEWARE}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    done = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_replica_urls_become_mirrored_aliases_behind_the_router():
    conf = settings_with(
        DATABASE_URL="postgres://sumai@db:5432/sumai",
        DATABASE_REPLICA_URLS="postgres://sumai@r1:5433/sumai, postgres://sumai@r2/sumai",
    )
    replicas = {k: v for k, v in conf["databases"].items() if k != "default"}
    assert sorted(replicas) == ["replica_1", "replica_2"]
    assert replicas["replica_1"]["HOST"] == "r1"
    assert replicas["replica_1"]["OPTIONS"]["connect_timeout"] == 1
    assert {r["TEST"]["MIRROR"] for r in replicas.values()} == {"default"}
    assert conf["routers"] == ["sumai.core.db_router.ReplicaRouter"]
    middleware = conf["middleware"]
    assert middleware.index("sumai.core.db_router.ReplicaRoutingMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


def test_without_replicas_there_is_no_router():
    conf = settings_with(DATABASE_URL="postgres://sumai@db:5432/sumai")
    assert list(conf["databases"]) == ["default"]
    assert conf["routers"] == []
    assert "sumai.core.db_router.ReplicaRoutingMiddleware" not in conf["middleware"]
