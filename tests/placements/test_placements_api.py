"""Placements in the API (sumai.placements.api_placements): the placement pages' scope, words not codes for
the subsidies, the follow-ups with their answers, every read logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sumai.audit.models import AccessLog
from sumai.placements.models import Placement
from tests.matching.conftest import World
from tests.matching.test_api import token

pytestmark = pytest.mark.django_db


def url(world: World) -> str:
    return reverse("api:case-placements", kwargs={"pk": world.case.pk})


def test_the_holder_reads_the_placement_with_follow_ups_and_subsidies_in_words(
    client: Any, world: World, placed: Placement
) -> None:
    response = client.get(url(world), **token(world, world.area.setagaya_desk))
    assert response.status_code == 200, response.content
    [data] = response.json()
    assert data["id"] == placed.pk
    assert data["unit"] == placed.unit_id
    assert data["moved_in_on"] == placed.move_in_on.isoformat()
    assert data["days_to_move_in"] == (placed.move_in_on - placed.first_consultation_on).days
    assert [f["months"] for f in data["follow_ups"]] == [1, 6, 12]
    assert all(f["holds"] is None for f in data["follow_ups"])
    assert data["subsidies"], "the eligibility worked out when it was recorded"
    for row in data["subsidies"]:
        assert row["programme"]
        assert "." not in row["programme"]
        assert "_" not in row["programme"]
        assert row["verdict"]
    assert data["lease"]["guarantee_text"] != data["lease"]["guarantee"]
    assert "秘匿町" not in response.content.decode()  # the household's address never leaves
    assert response["Cache-Control"] == "no-store"
    assert AccessLog.objects.filter(object_type="api:case-placements").count() == 1


@pytest.mark.parametrize("org_name", ["minato_council", "tokyo_council", "npo_a"])
def test_another_organisation_gets_404(client: Any, world: World, placed: Placement, org_name: str) -> None:
    response = client.get(url(world), **token(world, getattr(world.area, org_name)))
    assert response.status_code == 404


def test_a_token_without_the_cases_scope_is_refused(client: Any, world: World, placed: Placement) -> None:
    response = client.get(url(world), **token(world, world.area.setagaya_desk, ("read",)))
    assert response.status_code == 403
