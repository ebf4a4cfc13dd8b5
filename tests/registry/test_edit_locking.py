"""Two people editing one record: the second save is refused, never a silent overwrite (issue 13, Low).
Optimistic locking of every registry edit form (sumai.core.editlock), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.urls import reverse

from sumai.core.access import access_for
from sumai.core.actor import Actor
from sumai.core.errors import Conflict
from sumai.registry import services
from sumai.registry.forms import BuildingForm
from sumai.registry.models import Building, OperatorProfile, Unit
from tests.otp import VerifiedClient as Client
from tests.registry.conftest import make_building
from tests.registry.test_concurrency import _Req, _skip_in_memory_sqlite
from tests.registry.test_operators import PROFILE
from tests.registry.test_workflow import BUILDING_POST, unit_post

CONFLICT = "編集中に他の人がこの記録を保存しました"


def _two_editors(registry_world, url):  # type: ignore[no-untyped-def]
    """Two staff of the landlord, each with the form open (shown before either saves)."""
    first, second = Client(), Client()
    first.force_login(registry_world.user("operator", "admin"))
    second.force_login(registry_world.user("operator", "staff"))
    tokens = [c.get(url).context["form"]["edit_token"].value() for c in (first, second)]
    return (first, tokens[0]), (second, tokens[1])


@pytest.mark.django_db
def test_the_second_building_edit_is_refused(registry_world):
    building = make_building(registry_world.orgs["operator"])
    url = reverse("registry:building_edit", kwargs={"pk": building.pk})
    (first, t1), (second, t2) = _two_editors(registry_world, url)
    assert first.post(url, {**BUILDING_POST, "name": "一人目", "edit_token": t1}).status_code == 302
    refused = second.post(url, {**BUILDING_POST, "name": "二人目", "edit_token": t2})
    assert refused.status_code == 409
    assert CONFLICT in refused.content.decode()
    assert refused.context["form"]["name"].value() == "二人目"  # their input is still in the form
    assert Building.objects.get(pk=building.pk).name == "一人目"


@pytest.mark.django_db
def test_the_second_unit_edit_is_refused_but_a_vacancy_change_is_not_a_conflict(registry_world):
    building = make_building(registry_world.orgs["operator"])
    unit = building.units.get()
    url = reverse("registry:unit_edit", kwargs={"pk": building.pk, "unit_id": unit.pk})
    (first, t1), (second, t2) = _two_editors(registry_world, url)
    Unit.objects.filter(pk=unit.pk).update(vacancy="vacant")  # a vacancy push is not an edit of the form
    assert first.post(url, {**unit_post("101", "30", rent="61000"), "edit_token": t1}).status_code == 302
    refused = second.post(url, {**unit_post("101", "30", rent="62000"), "edit_token": t2})
    assert refused.status_code == 409
    assert CONFLICT in refused.content.decode()
    assert Unit.objects.get(pk=unit.pk).rent == 61000


@pytest.mark.django_db
def test_the_second_landlord_particulars_edit_is_refused(registry_world):
    operator = registry_world.orgs["operator"]
    url = reverse("registry:operator", kwargs={"org_id": operator.pk})
    (first, t1), (second, t2) = _two_editors(registry_world, url)
    assert (t1 or "", t2 or "") == ("", "")  # no particulars yet: both forms are empty
    assert first.post(url, {**PROFILE, "representative": "一人目", "edit_token": ""}).status_code == 302
    refused = second.post(url, {**PROFILE, "representative": "二人目", "edit_token": ""})
    assert CONFLICT in refused.content.decode()
    assert OperatorProfile.objects.get(organisation=operator).representative == "一人目"
    (first, t1), (second, t2) = _two_editors(registry_world, url)
    assert first.post(url, {**PROFILE, "representative": "三人目", "edit_token": t1}).status_code == 302
    refused = second.post(url, {**PROFILE, "representative": "四人目", "edit_token": t2})
    assert CONFLICT in refused.content.decode()
    assert OperatorProfile.objects.get(organisation=operator).representative == "三人目"


@pytest.mark.django_db
def test_a_form_without_its_token_is_refused(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    client.force_login(registry_world.user("operator", "admin"))
    response = client.post(reverse("registry:building_edit", kwargs={"pk": building.pk}), BUILDING_POST)
    assert response.status_code == 409
    assert CONFLICT in response.content.decode()
    assert Building.objects.get(pk=building.pk).name == "さくらハイツ"


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins(registry_world):
    """Real threads and transactions: both read the same form, both save at once; exactly one is written."""
    _skip_in_memory_sqlite()
    building = make_building(registry_world.orgs["operator"])
    token = BuildingForm(instance=building)["edit_token"].value()
    users = [registry_world.user("operator", "admin"), registry_world.user("operator", "staff")]
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(user, name):  # type: ignore[no-untyped-def]
        try:
            actor = Actor(user, access_for(_Req(user)))
            stored = Building.objects.select_related("registration").get(pk=building.pk)
            data = {"name": name, "municipality": stored.municipality}
            barrier.wait()
            services.building_update(actor=actor, building=stored, data=data, edit_token=token)
            outcomes[name] = "saved"
        except Conflict:
            outcomes[name] = "conflict"
        except Exception as exc:  # noqa: BLE001 — the test reports whatever else went wrong
            outcomes[name] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(u, n)) for u, n in zip(users, ("甲", "乙"), strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["conflict", "saved"], outcomes
    winner = next(n for n, o in outcomes.items() if o == "saved")
    assert Building.objects.get(pk=building.pk).name == winner
