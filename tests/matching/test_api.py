"""The matches of a case in the API (sumai.api.matches; docs/api.md "Matches"): the scope of the matching
pages, the reasons in words beside their codes, a new run through the same rules, bad input named."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sumai.accounts.services import api_token_create
from sumai.audit.models import AccessLog
from sumai.matching.models import MatchSnapshot
from tests.cases.conftest import SETAGAYA
from tests.matching.conftest import CEILING, EXCLUDED, World

pytestmark = pytest.mark.django_db


def token(world: World, org: Any, scopes: tuple[str, ...] = ("read", "cases")) -> dict[str, str]:
    admin = world.area.member(org, "admin")
    _t, secret = api_token_create(actor=admin, organisation=org, name="desk system", scopes=list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def run(client: Any, world: World, auth: dict[str, str], **body: Any) -> Any:
    payload = {"ceiling": CEILING, "area_standard": True, "ground_floor": True, "pets": True, **body}
    return client.post(
        reverse("api:case-matches", kwargs={"pk": world.case.pk}),
        payload,
        content_type="application/json",
        **auth,
    )


def test_a_run_stores_a_snapshot_and_answers_with_reasons_in_words(client: Any, world: World) -> None:
    auth = token(world, world.area.setagaya_desk, ("read", "write", "cases"))
    response = run(client, world, auth)
    assert response.status_code == 201, response.content
    data = response.json()
    snap = MatchSnapshot.objects.get()
    assert data["id"] == snap.pk
    assert {r["unit"] for r in data["results"]} == {
        world.units[k].pk for k in ("ok_dedicated", "ok_cheap", "ok_plain", "ok_barrier_free_upstairs")
    }
    assert data["results"][0]["unit"] == world.units["ok_dedicated"].pk  # dedicated first
    excluded = {e["rule"].rsplit(".", 1)[1]: e["homes"] for e in data["excluded"]}
    assert excluded == EXCLUDED
    for home in data["results"]:
        assert home["reasons"]
        assert all(r["text"] and not r["text"].startswith("matching.") for r in home["reasons"])
        assert all(p["label"] and p["label"] != p["code"] for p in home["score_parts"])
    assert all(e["text"] and e["text"] != e["rule"] for e in data["excluded"])
    assert "秘匿町" not in response.content.decode()  # the household's address never leaves
    assert response["Cache-Control"] == "no-store"


def test_list_and_detail_return_what_was_stored_and_are_logged(client: Any, world: World) -> None:
    auth = token(world, world.area.setagaya_desk, ("read", "write", "cases"))
    snap_id = run(client, world, auth).json()["id"]
    listed = client.get(reverse("api:case-matches", kwargs={"pk": world.case.pk}), **auth)
    assert listed.status_code == 200
    assert [s["id"] for s in listed.json()] == [snap_id]
    assert listed.json()[0]["homes"] == 4
    detail = client.get(
        reverse("api:case-match-detail", kwargs={"pk": world.case.pk, "snapshot": snap_id}), **auth
    )
    assert detail.status_code == 200
    assert len(detail.json()["results"]) == 4
    views = set(AccessLog.objects.values_list("object_type", flat=True))
    assert {"api:case-matches", "api:case-match-detail"} <= views


def test_a_read_only_token_cannot_run_a_match(client: Any, world: World) -> None:
    response = run(client, world, token(world, world.area.setagaya_desk))
    assert response.status_code == 403
    assert not MatchSnapshot.objects.exists()


@pytest.mark.parametrize("org_name", ["minato_council", "tokyo_council", "npo_a"])
def test_another_organisation_gets_404(client: Any, world: World, org_name: str) -> None:
    auth = token(world, getattr(world.area, org_name), ("read", "write", "cases"))
    assert client.get(reverse("api:case-matches", kwargs={"pk": world.case.pk}), **auth).status_code == 404
    assert run(client, world, auth).status_code == 404
    assert not MatchSnapshot.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ceiling": "たくさん"}, "ceiling"),
        ({"municipality": "999999"}, "municipality"),
        ({"lat": 35.6}, "lon"),
        ({"colour": "red"}, "colour"),
        ({"pets": "maybe"}, "pets"),  # was read as yes
        ({"barrier_free": 2}, "barrier_free"),
    ],
)
def test_bad_input_is_named_and_stores_nothing(
    client: Any, world: World, body: dict[str, Any], field: str
) -> None:
    auth = token(world, world.area.setagaya_desk, ("read", "write", "cases"))
    response = run(client, world, auth, **body)
    assert response.status_code == 400, response.content
    assert field in response.content.decode()
    assert not MatchSnapshot.objects.exists()


def test_a_full_width_ceiling_is_read_as_the_number(client: Any, world: World) -> None:
    auth = token(world, world.area.setagaya_desk, ("read", "write", "cases"))
    response = run(client, world, auth, ceiling="６０，０００円", municipality=SETAGAYA)
    assert response.status_code == 201
    assert MatchSnapshot.objects.get().inputs["ceiling"] == 60_000
