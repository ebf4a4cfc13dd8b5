"""#14 Minor: destructive actions ask first (unit delete, document removal, strike-off, agent revocation): the
first POST answers a page with the question, the posted fields and "No, go back"; only a POST with
``confirmed=yes`` acts. The page works without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.registry.models import Attachment, Unit
from tests.registry.conftest import make_building

pytestmark = pytest.mark.django_db


def test_deleting_a_unit_asks_first(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    unit = building.units.get()
    client.force_login(registry_world.user("operator", "admin"))
    url = reverse("registry:unit_delete", kwargs={"pk": building.pk, "unit_id": unit.pk})
    asked = client.post(url)
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "住戸 101" in html or "101" in html
    assert 'name="confirmed" value="yes"' in html
    assert f'href="{reverse("registry:building", kwargs={"pk": building.pk})}"' in html  # No, go back
    assert Unit.objects.filter(pk=unit.pk).exists()
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    assert not Unit.objects.filter(pk=unit.pk).exists()


def test_removing_a_document_asks_first(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    attachment = Attachment.objects.filter(registration=building.registration).first()
    assert attachment is not None
    client.force_login(registry_world.user("operator", "admin"))
    url = reverse("registry:attachment_delete", kwargs={"pk": building.pk, "attachment_id": attachment.pk})
    asked = client.post(url)
    assert asked.status_code == 200
    assert attachment.original_name in asked.content.decode()
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    client.post(url, {"confirmed": "yes"})
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_an_outsider_gets_404_not_the_question(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    unit = building.units.get()
    client.force_login(registry_world.user("other_operator", "admin"))
    url = reverse("registry:unit_delete", kwargs={"pk": building.pk, "unit_id": unit.pk})
    assert client.post(url).status_code == 404
    assert client.post(url, {"confirmed": "yes"}).status_code == 404
    assert Unit.objects.filter(pk=unit.pk).exists()
