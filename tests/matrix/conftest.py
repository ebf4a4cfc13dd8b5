"""One world per test module, built inside a transaction that is rolled back when the module ends; every
probe runs in a savepoint of it (see ``probe_savepoint``)."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import connection, transaction
from django.test import Client, override_settings

from tests.matrix._table import ANONYMOUS, Access, Grant
from tests.matrix.samples import ACTORS, Actor
from tests.matrix.world import World, make_world

BUDGETS_FILE = Path(__file__).with_name("query_budgets.json")
UPDATE_BUDGETS = os.environ.get("SUMAI_UPDATE_BUDGETS") == "1"
MEASURED: dict[str, int] = {}  # URL name → most queries seen in this run


def load_budgets() -> dict[str, int]:
    if not BUDGETS_FILE.exists():
        return {}
    return dict(json.loads(BUDGETS_FILE.read_text()))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    probes = [r for r in terminalreporter.stats.get("passed", []) if "test_probe[" in r.nodeid]
    failed = [r for r in terminalreporter.stats.get("failed", []) if "test_probe[" in r.nodeid]
    xfailed = [r for r in terminalreporter.stats.get("xfailed", []) if "test_probe[" in r.nodeid]
    if probes or failed or xfailed:
        terminalreporter.write_line(
            f"permission matrix: {len(probes) + len(failed) + len(xfailed)} probes"
            f" ({len(failed)} failed, {len(xfailed)} known findings)"
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if UPDATE_BUDGETS and MEASURED:
        budgets = {**load_budgets(), **MEASURED}
        BUDGETS_FILE.write_text(
            json.dumps(dict(sorted(budgets.items())), indent=1, ensure_ascii=False) + "\n"
        )


def warm_reference_caches() -> None:
    """Fill the per-process caches of reference data (as a running server has them), so that query counts
    do not depend on which probe ran first."""
    from sumai.insights.maps import japan_outline
    from sumai.places.selectors import _five_to_six, authority_map, municipality_names, prefecture_choices

    authority_map()
    municipality_names()
    prefecture_choices()
    _five_to_six()
    japan_outline()


def reset_caches() -> None:
    """Throttles, cached search pages and dashboard figures live in the default cache: empty it so that
    every probe starts alike (and the anonymous API rate is never reached)."""
    from django.core.cache import cache

    cache.clear()
    warm_reference_caches()


@contextmanager
def quiet_refusals() -> Iterator[None]:
    """Thousands of 403/404s are the point here: django.request would log each with its traceback (a sixth
    of the matrix's time). Server errors are still logged, and raise in the test client anyway."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def matrix_world(django_db_blocker, tmp_path: Path) -> Iterator[World]:  # type: ignore[no-untyped-def]
    from sumai.places.loaders import load_places
    from sumai.places.models import Prefecture
    from sumai.places.selectors import clear_authority_cache

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        quiet_refusals(),
        django_db_blocker.unblock(),
        # the actors' sessions are made once per module, their password typed at log-in: it counts for the
        # whole run (the exports that ask for it again are tested in tests/accounts/test_two_factor.py)
        override_settings(
            MEDIA_ROOT=str(tmp_path / "media"),
            PASSWORD_HASHERS=hashers,
            SUMAI={**settings.SUMAI, "REAUTH_MINUTES": 24 * 60},
        ),
        transaction.atomic(),
    ):
        if not Prefecture.objects.exists():  # a transactional test flushed the database
            load_places()
        clear_authority_cache()
        reset_caches()
        world = make_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:  # type: ignore[no-untyped-def]
    with matrix_world(django_db_blocker, tmp_path_factory.mktemp("matrix")) as w:
        yield w


@pytest.fixture(scope="module")
def sessions(world: World) -> dict[str, str]:
    """A signed-in session per actor (made once; the probes' savepoints undo logouts and rotations). Those who
    must use a second factor (platform staff, household-holding organisations) have an authenticator and a
    verified session, as after typing their code (tests/otp.py)."""
    from tests.otp import VerifiedClient, password_typed

    keys: dict[str, str] = {}
    for actor in ACTORS:
        user = user_of(world, actor)
        if user is None:
            continue
        client = VerifiedClient()
        client.force_login(user)
        password_typed(client)
        keys[actor.label] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def user_of(world: World, actor: Actor):  # type: ignore[no-untyped-def]
    if actor.superuser:
        return world.superuser
    if actor.anonymous:
        return None
    assert actor.kind is not None
    assert actor.role is not None
    return world.users[(actor.kind, actor.role)]


def access_of(world: World, actor: Actor) -> Access:
    """What the asker is, written from the actor's definition (not read back through access_for)."""
    if actor.anonymous:
        return ANONYMOUS
    if actor.superuser:
        return Access(is_authenticated=True, is_superuser=True)
    assert actor.kind is not None
    assert actor.role is not None
    return Access(True, False, (Grant(world.org(actor.kind).pk, actor.kind, actor.role),))


class FastClient(Client):
    """The test client without its template-rendered hook, which copies every template context (a third
    of a probe's time); the matrix reads statuses, headers and bodies only."""

    def request(self, **request):  # type: ignore[no-untyped-def]
        environ = self._base_environ(**request)
        uid = f"request-exception-{id(request)}"
        got_request_exception.connect(self.store_exc_info, dispatch_uid=uid)
        try:
            response = self.handler(environ)
        finally:
            got_request_exception.disconnect(dispatch_uid=uid)
        self.check_exception(response)
        response.client = self
        response.request = request
        response.json = partial(self._parse_json, response)
        if response.cookies:
            self.cookies.update(response.cookies)
        return response


def client_for(sessions: dict[str, str], actor: Actor) -> Client:
    client = FastClient()
    if not actor.anonymous:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[actor.label]
    return client


@pytest.fixture
def db(world: World) -> Iterator[None]:
    """Overrides pytest-django's ``db`` for the matrix: the test runs in a savepoint of the module's world,
    rolled back after it (a django_db marker would wrap every probe in a TestCase of its own). Asking for
    ``db`` is also how pytest-django knows to create the test database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    """Overrides the root conftest's: the world's override_settings already hashes with MD5 (a settings
    fixture per probe costs two setting_changed signals)."""


@pytest.fixture(autouse=True)
def _places_for_db_tests() -> None:
    """Overrides the root conftest's: the world loads places once, and clearing the reference caches
    before every probe would make it slow and its query counts depend on order."""


def total_changes() -> int | None:
    """Rows inserted, updated or deleted on this connection so far (SQLite only), or None."""
    if connection.vendor != "sqlite":
        return None
    connection.ensure_connection()
    return int(connection.connection.total_changes)
