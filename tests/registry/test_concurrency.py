"""Two reviewers acting on one application at once cannot both win (real row locks: PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from sumai.core.access import access_for
from sumai.core.actor import Actor
from sumai.core.errors import Conflict
from sumai.registry import services
from sumai.registry.models import Registration
from tests.registry.conftest import make_building


def _skip_in_memory_sqlite() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "threads on SQLite need a database file (SUMAI_SQLITE_TEST_FILE=/tmp/x.sqlite3): a shared-cache "
            "memory database locks whole tables and ignores busy_timeout"
        )


class _Req:
    def __init__(self, user):  # type: ignore[no-untyped-def]
        self.user = user


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_one_wins(registry_world):
    if connection.vendor != "postgresql":
        pytest.skip("row-level locking is tested on PostgreSQL; SQLite serialises writers")
    reg = make_building(registry_world.orgs["operator"], state="submitted").registration
    reviewers = [registry_world.user("authority", "staff"), registry_world.user("authority", "admin")]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(user, decision):  # type: ignore[no-untyped-def]
        try:
            actor = Actor(user, access_for(_Req(user)))
            barrier.wait()
            if decision == "register":
                services.review_register(actor=actor, registration=reg, version=reg.version)
            else:
                services.review_request_changes(
                    actor=actor, registration=reg, version=reg.version, comment="x"
                )
            outcomes.append("won")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(reviewers[0], "register")),
        threading.Thread(target=act, args=(reviewers[1], "request_changes")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "won"]
    final = Registration.objects.get(pk=reg.pk)
    assert final.version == reg.version + 1


@pytest.mark.django_db(transaction=True)
def test_two_registrations_of_one_authority_at_once_take_consecutive_numbers(registry_world):
    """Issue 13: numbering raced on PostgreSQL (a 500 from the unique constraint). Real threads, real
    transactions, on both databases (SQLite serialises writers with BEGIN IMMEDIATE)."""
    _skip_in_memory_sqlite()
    operator = registry_world.orgs["operator"]
    regs = [make_building(operator, state="submitted", name=f"棟{i}").registration for i in range(4)]
    reviewers = [registry_world.user("authority", "staff"), registry_world.user("authority", "admin")]
    barrier = threading.Barrier(len(regs))
    outcomes: list[str] = []

    def act(user, reg):  # type: ignore[no-untyped-def]
        try:
            actor = Actor(user, access_for(_Req(user)))
            barrier.wait()
            services.review_register(actor=actor, registration=reg, version=reg.version)
            outcomes.append("registered")
        except Exception as exc:  # noqa: BLE001 — the test reports whatever went wrong
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(reviewers[i % 2], reg)) for i, reg in enumerate(regs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["registered"] * len(regs)
    numbers = sorted(Registration.objects.values_list("registration_number", flat=True))
    year = numbers[0].split("-")[1]
    assert numbers == [f"130001-{year}-{n:05d}" for n in range(1, len(regs) + 1)]


@pytest.mark.django_db(transaction=True)
def test_two_vacancy_pushes_to_the_same_units_at_once(registry_world):
    """Issue 13: concurrent pushes (two systems of one landlord) — no error, no half-written state: every
    unit ends as one push said, and each push wrote all of its units or none."""
    _skip_in_memory_sqlite()
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from sumai.core.access import Access, Grant
    from sumai.registry import vacancy
    from sumai.registry.models import Unit

    operator = registry_world.orgs["operator"]
    building = make_building(operator, state="registered")
    Unit.objects.bulk_create(
        [
            Unit(
                building=building,
                number=f"P{i:03d}",
                floor=1,
                floor_area_m2=Decimal("30"),
                layout="1K",
                rent=1,
            )
            for i in range(300)
        ]
    )
    ids = list(Unit.objects.filter(building=building).values_list("pk", flat=True))
    access = Access(True, False, (Grant(operator.pk, "operator", "admin"),))
    now = timezone.now()
    pushes = {
        "vacant": [(i, "vacant", now) for i in ids],
        "occupied": [(i, "occupied", now - timedelta(minutes=1)) for i in ids],
    }
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def push(status):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            vacancy.push_vacancy(actor=None, access=access, updates=pushes[status], now=now)
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001 — the test reports whatever went wrong
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=push, args=(s,)) for s in pushes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["ok", "ok"]
    final = set(Unit.objects.filter(pk__in=ids).values_list("vacancy", "vacancy_confirmed_at"))
    assert len(final) == 1  # one push's word for every unit, not a mix
