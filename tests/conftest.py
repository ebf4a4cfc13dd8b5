"""Shared fixtures. Reference data (places) is loaded once per test database and reloaded if a
transactional test (the browser tests) flushed it."""

from __future__ import annotations

import os

import pytest

from tests import replica_mirror
from tests.replica_mirror import _replica_mirror  # noqa: F401  (autouse: read replicas in tests)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
replica_mirror.setup()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from sumai.places.loaders import load_places

    with django_db_blocker.unblock():
        load_places()
        replica_mirror.require_standbys()


@pytest.fixture
def places(django_db_blocker):  # type: ignore[no-untyped-def]
    from sumai.places.loaders import load_places
    from sumai.places.models import Prefecture

    with django_db_blocker.unblock():
        if not Prefecture.objects.exists():
            load_places()


@pytest.fixture(autouse=True)
def _places_for_db_tests(request):  # type: ignore[no-untyped-def]
    names = set(request.fixturenames)
    if names & {"db", "transactional_db", "live_server"} or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("places")
        request.getfixturevalue("_clear_caches")


@pytest.fixture
def _clear_caches():  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    from sumai.places.selectors import _five_to_six, clear_authority_cache

    _five_to_six.cache_clear()
    clear_authority_cache()
    cache.clear()  # also before: a test without a database (the matrix's) may have filled it
    yield
    cache.clear()
    clear_authority_cache()


@pytest.fixture
def client():  # type: ignore[no-untyped-def]
    """pytest-django's client, whose log-ins are verified sessions for people who must use a second factor
    (tests/otp.py). Two-factor authentication stays on: tests of it use ``unverified_client``."""
    from tests.otp import VerifiedClient

    return VerifiedClient()


@pytest.fixture
def unverified_client():  # type: ignore[no-untyped-def]
    """A client whose log-in is the password step only (tests of the second factor itself)."""
    from tests.otp import UnverifiedClient

    return UnverifiedClient()


@pytest.fixture
def demo_orgs(db):  # type: ignore[no-untyped-def]
    """One organisation of every kind, each with an admin, a staff member and a viewer."""
    from tests.factories import make_world

    return make_world()


@pytest.fixture(autouse=True)
def _english_outside_requests(request):  # type: ignore[no-untyped-def]
    """In-process messages in English so tests can read them; requests choose their own language."""
    if request.node.path.parent.name == "domain":
        yield
        return
    from django.utils import translation

    with translation.override("en"):
        yield
