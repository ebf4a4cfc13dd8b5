"""The landlord's and the reviewer's pages write a floor area as the public pages do (18.1 m², not 18.10 m²),
in the units table and in the findings of the standards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.registry.conftest import make_building

pytestmark = pytest.mark.django_db


def test_the_building_page_writes_areas_without_trailing_zeros(client, registry_world):
    building = make_building(registry_world.orgs["operator"], area="18.10")
    client.force_login(registry_world.user("operator", "admin"))
    page = client.get(reverse("registry:building", kwargs={"pk": building.pk})).content.decode()
    assert "<td>18.1 m²</td>" in page
    assert "床面積 18.1 m² が最低基準の 25 m² を下回っています。" in page  # the finding too
    assert "18.10" not in page
    assert "25.00" not in page
