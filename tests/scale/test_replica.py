"""A real streaming replica (docs/replicas.md): scripts/replica-up's standby on 127.0.0.1:5433, used with
``DATABASE_REPLICA_URLS`` (the replica step of .ci/run). Transactional tests: the rows are committed on the
primary and reach the standby by physical replication, as in production.

* committed rows reach the standby, which is in recovery (read-only);
* a public read really reads the standby: with replay paused, a visitor gets the standby's (old) answer;
* a landlord who changes a vacancy sees the change on the public page at once (pinned to the primary),
  and no statement that writes is ever sent to the replica over the whole flow;
* a replica that is down, or fails in the middle of a request, falls back to the primary with 200s.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Iterator

import pytest
from django.db import OperationalError, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sumai.accounts.models import Membership
from sumai.core import db_router
from sumai.registry.models import Unit
from sumai.search.indexing import rebuild
from tests.factories import OrganisationFactory, UserFactory
from tests.search.conftest import registered_building

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("replica")]

ALIAS = "replica_1"
NEEDS = "a streaming replica: run scripts/replica-up, then DATABASE_REPLICA_URLS=postgres://postgres@127.0.0.1:5433/sumai"


def _standby_problem() -> str | None:
    if ALIAS not in connections.settings:
        return "DATABASE_REPLICA_URLS is not set"
    if connections["default"].vendor != "postgresql":
        return "the primary is not PostgreSQL"
    try:
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            (in_recovery,) = cursor.fetchone()
    except OperationalError as exc:
        return f"the replica does not answer ({str(exc).strip().splitlines()[0]})"
    if not in_recovery:
        return "the replica is not a standby (pg_is_in_recovery() is false)"
    return None


@pytest.fixture(autouse=True)
def standby() -> Iterator[None]:
    problem = _standby_problem()
    if problem is not None:
        if os.environ.get("CI") == "true" and os.environ.get("DATABASE_REPLICA_URLS"):
            pytest.fail(f"{problem}: these tests need {NEEDS}")
        pytest.skip(f"{problem}: these tests need {NEEDS}")
    db_router.reset_health()
    yield
    db_router.reset_health()


def wait_for_replay(timeout: float = 30.0) -> None:
    """Until the standby has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    while True:
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            (done,) = cursor.fetchone()
        if done:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"the standby did not replay {lsn} within {timeout:.0f}s")
        time.sleep(0.05)


def set_replay(paused: bool) -> None:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()")


def writes_in(queries: list[dict[str, str]]) -> list[str]:
    return [
        q["sql"][:120]
        for q in queries
        if q["sql"].lstrip().split(None, 1)[0].upper() not in {"SELECT", "SET", "SHOW"}
    ]


@pytest.fixture
def landlord():  # type: ignore[no-untyped-def]
    operator = OrganisationFactory(kind="operator", name="レプリカ不動産")
    user = UserFactory(email="replica.landlord@example.jp")
    Membership.objects.create(user=user, organisation=operator, role="admin")
    building = registered_building(operator, name="レプリカ荘")
    rebuild()
    unit = building.units.get()
    wait_for_replay()
    return user, building, unit


def test_committed_rows_reach_the_standby(landlord):
    _user, _building, unit = landlord
    assert Unit.objects.using(ALIAS).filter(pk=unit.pk, vacancy="occupied").exists()
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")
        assert cursor.fetchone() == (True, "on")


def test_a_standby_that_does_not_replay_is_refused_before_the_tests_run(landlord):
    """The check before the first database test (tests/replica_mirror.py): a standby that is in recovery but
    does not replay what the primary writes — as a standby cut off from the primary's WAL — is named, with
    the way out, instead of serving old rows."""
    from tests.replica_mirror import standby_problem

    assert standby_problem(ALIAS, timeout=5) is None
    set_replay(paused=True)
    try:
        OrganisationFactory(kind="operator", name="再生停止中")
        problem = standby_problem(ALIAS, timeout=1)
    finally:
        set_replay(paused=False)
    assert problem is not None
    assert "did not replay the primary's WAL" in problem
    wait_for_replay()
    assert standby_problem(ALIAS, timeout=5) is None


def test_a_public_search_reads_the_standby(client, landlord):
    _user, _building, unit = landlord
    with CaptureQueriesContext(connections[ALIAS]) as on_replica:
        assert client.get(reverse("search:search"), {"prefecture": "13"}).status_code == 200
        assert client.get(reverse("api:unit-detail", kwargs={"pk": unit.pk})).status_code == 200
    assert any("search_searchunit" in q["sql"] for q in on_replica.captured_queries)


def test_a_landlord_sees_their_change_at_once_and_no_write_reaches_the_replica(client, landlord):
    """Replay is paused: the standby keeps the old vacancy. The landlord's change goes to the primary, the
    landlord's next public reads follow it there (pin cookie); a visitor without the cookie is served by the
    standby, and sees the change once the standby has replayed it."""
    from django.test import Client

    user, building, unit = landlord
    detail = reverse("api:unit-detail", kwargs={"pk": unit.pk})
    page = reverse("search:unit", kwargs={"pk": unit.pk})
    visitor = Client()
    with CaptureQueriesContext(connections[ALIAS]) as on_replica:
        assert visitor.get(detail).json()["vacancy"] == "occupied"
        set_replay(paused=True)
        try:
            client.force_login(user)
            response = client.post(
                reverse("registry:vacancy_set", kwargs={"pk": building.pk}), {"set": f"{unit.pk}:vacant"}
            )
            assert response.status_code == 302
            assert response.cookies[db_router.PIN_COOKIE]["max-age"] == 20
            assert client.get(detail).json()["vacancy"] == "vacant"
            assert client.get(page).status_code == 200
            # the standby has not replayed the change: a visitor is served from it
            assert visitor.get(detail).json()["vacancy"] == "occupied"
        finally:
            set_replay(paused=False)
        wait_for_replay()
        assert visitor.get(detail).json()["vacancy"] == "vacant"
    assert Unit.objects.get(pk=unit.pk).vacancy == "vacant"
    assert on_replica.captured_queries, "the visitor's reads did not go to the replica"
    assert writes_in(on_replica.captured_queries) == []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def replica_down() -> Iterator[None]:
    """The replica alias points at a port where nothing listens (a replica that is down)."""
    settings_dict = connections[ALIAS].settings_dict
    port = settings_dict["PORT"]
    connections[ALIAS].close()
    settings_dict["PORT"] = str(free_port())
    db_router.reset_health()
    try:
        yield
    finally:
        connections[ALIAS].close()
        settings_dict["PORT"] = port
        db_router.reset_health()


def test_a_replica_that_is_down_falls_back_to_the_primary(client, landlord, replica_down, caplog):
    _user, _building, unit = landlord
    with (
        caplog.at_level(logging.WARNING, logger="sumai.db"),
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert client.get(reverse("search:search"), {"prefecture": "13"}).status_code == 200
        assert client.get(reverse("api:unit-detail", kwargs={"pk": unit.pk})).json()["vacancy"] == "occupied"
        assert client.get(reverse("search:unit", kwargs={"pk": unit.pk})).status_code == 200
    assert "read replica replica_1 is not used" in caplog.text
    assert caplog.text.count("read replica replica_1 is not used") == 1  # remembered, not probed each time
    assert any("search_searchunit" in q["sql"] for q in on_primary.captured_queries)


def test_a_replica_that_fails_in_the_middle_of_a_request_is_replaced_by_the_primary(
    client, landlord, replica_down, caplog, monkeypatch
):
    """The health check passed (remembered), then the replica went away: the page is read again on the
    primary, and the replica is set aside."""
    _user, _building, unit = landlord
    monkeypatch.setattr(db_router, "is_healthy", lambda alias: alias not in db_router._down_until)
    with caplog.at_level(logging.WARNING, logger="sumai.db"):
        response = client.get(reverse("api:unit-detail", kwargs={"pk": unit.pk}))
        assert response.status_code == 200
        assert response.json()["vacancy"] == "occupied"
        assert client.get(reverse("search:search"), {"prefecture": "13"}).status_code == 200
    assert "a read failed" in caplog.text
