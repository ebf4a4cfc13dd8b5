"""Setting a unit's vacancy locks the unit, not its building or its landlord's organisation (PostgreSQL).

The soak (issue #18, docs/soak.md) found a deadlock: a landlord's vacancy button locked the unit with
``FOR UPDATE`` joined to its building and organisation, so the rows of both were locked too; a reviewer
registering another building of the same landlord in those seconds inserted rows naming that organisation
(the audit event, the landlord's notice), whose foreign-key check at COMMIT waited for the landlord's
transaction — which was waiting for the search index's state row the reviewer held: a 500. Here: while a
vacancy change holds its locks, another connection can take the key-share lock a foreign-key check takes
on the organisation and the building at once.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.db.utils import OperationalError

from sumai.registry import vacancy
from sumai.registry.models import Unit
from tests.registry.conftest import make_building


@pytest.mark.django_db(transaction=True)
def test_a_vacancy_change_leaves_the_building_and_the_landlord_unlocked(registry_world):
    if connection.vendor != "postgresql":
        pytest.skip("row-level locking is tested on PostgreSQL; SQLite serialises writers")
    operator = registry_world.orgs["operator"]
    building = make_building(operator, state="registered")
    unit = Unit.objects.filter(building=building).first()
    assert unit is not None
    locked, done = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def change() -> None:
        try:
            with transaction.atomic():
                vacancy._units_of(building, [unit.pk])  # the lock set_vacancies and set_vacancy_by_link take
                locked.set()
                done.wait(10)
        finally:
            connections.close_all()

    def check_foreign_keys() -> None:
        try:
            locked.wait(10)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
                for table, pk in (("accounts_organisation", operator.pk), ("registry_building", building.pk)):
                    try:
                        cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR KEY SHARE", [pk])  # noqa: S608 - two fixed names
                        outcome[table] = "free"
                    except OperationalError:
                        outcome[table] = "locked"
                        break
        finally:
            done.set()
            connections.close_all()

    threads = [threading.Thread(target=change), threading.Thread(target=check_foreign_keys)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcome == {"accounts_organisation": "free", "registry_building": "free"}
