"""/readyz: the primary and the migrations decide; replicas and the cache only degrade (sumai.core.health)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import reverse

from sumai.core import health


@pytest.fixture(autouse=True)
def _forget_migrations() -> Iterator[None]:
    health._migrations_complete = False
    yield
    health._migrations_complete = False


def _down(*args: object, **kwargs: object) -> None:
    raise RuntimeError("could not connect to server db-primary.internal.example port 5432")


@pytest.mark.django_db
def test_ready_when_everything_answers(client):
    response = client.get(reverse("web:readyz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "replicas": {"status": "none", "ok": 0, "total": 0},
            "cache": "ok",
        },
    }
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_primary_down_is_not_ready_and_says_nothing_of_the_host(client, monkeypatch):
    monkeypatch.setattr(health, "ping", _down)
    response = client.get(reverse("web:readyz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "error"
    text = response.content.decode()
    for secret in ("db-primary", "5432", "RuntimeError", str(settings.DATABASES["default"]["NAME"])):
        assert secret not in text


@pytest.mark.django_db
def test_unapplied_migrations_are_not_ready(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("registry", False)])
    response = client.get(reverse("web:readyz"))
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "error"


@pytest.mark.django_db
def test_migrations_once_complete_are_not_read_again(client, monkeypatch):
    assert client.get(reverse("web:readyz")).status_code == 200
    from django.db.migrations.executor import MigrationExecutor

    def unreachable(self, targets):  # type: ignore[no-untyped-def]
        raise AssertionError("the migration graph is read at every probe")

    monkeypatch.setattr(MigrationExecutor, "migration_plan", unreachable)
    assert client.get(reverse("web:readyz")).status_code == 200


@pytest.mark.django_db
def test_a_replica_down_degrades_but_stays_ready(client, monkeypatch):
    real_ping = health.ping
    monkeypatch.setattr(health, "replica_aliases", lambda: ["replica_1", "replica_2"])

    def ping(alias: str) -> None:
        if alias == "replica_2":
            _down()
        real_ping("default" if alias.startswith("replica") else alias)

    monkeypatch.setattr(health, "ping", ping)
    response = client.get(reverse("web:readyz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["replicas"] == {"status": "degraded", "ok": 1, "total": 2}


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_replicas_are_the_other_database_aliases(settings):
    settings.DATABASES = {**settings.DATABASES, "replica_1": settings.DATABASES["default"]}
    assert health.replica_aliases() == ["replica_1"]


@pytest.mark.django_db
@pytest.mark.parametrize("failure", ["raises", "swallows"])
def test_a_cache_outage_degrades_but_stays_ready(client, monkeypatch, failure):
    from django.core.cache import cache

    if failure == "raises":
        monkeypatch.setattr(cache, "set", _down)
    else:  # a cache that hides its errors (falls back to the database) keeps nothing
        monkeypatch.setattr(cache, "get", lambda *a, **kw: None)
    response = client.get(reverse("web:readyz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"] == "degraded"


@pytest.mark.django_db
def test_readyz_answers_only_get(client):
    assert client.post(reverse("web:readyz")).status_code == 405
