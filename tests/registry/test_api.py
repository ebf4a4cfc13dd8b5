"""The registry API for bulk operators: units (list, create, read, update) and the bulk vacancy push."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sumai.accounts.services import api_token_create, api_token_revoke
from sumai.audit.models import AuditEvent
from sumai.registry.models import Unit
from tests.registry.conftest import ALL_GROUPS, PRIVATE, make_building

pytestmark = pytest.mark.django_db

LIST = reverse("api:registry-unit-list")
VACANCY = reverse("api:registry-vacancy")


def detail(pk: int) -> str:
    return reverse("api:registry-unit-detail", kwargs={"pk": pk})


def token_headers(world, kind: str = "operator", scopes: tuple[str, ...] = ("read", "write")) -> dict:  # type: ignore[no-untyped-def]
    _token, secret = api_token_create(
        actor=world.user(kind, "admin"), organisation=world.orgs[kind], name="pms", scopes=list(scopes)
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def unit_body(building_id: int, **extra: object) -> dict:
    return {
        "building": building_id,
        "number": "201",
        "floor": 2,
        "floor_area_m2": "25.50",
        "layout": "1DK",
        "rent": 58000,
        "common_fee": 3000,
        "accepted_groups": ALL_GROUPS,
        "facilities": PRIVATE,
        **extra,
    }


def add_units(building, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    Unit.objects.bulk_create(
        Unit(
            building=building,
            number=f"x{i}",
            floor=1 + i // 100,
            floor_area_m2=Decimal("25"),
            layout="1K",
            rent=50000,
            accepted_groups=ALL_GROUPS,
            facilities=PRIVATE,
        )
        for i in range(n)
    )
    return list(building.units.order_by("pk").values_list("pk", flat=True))


# ------------------------------------------------------------------------------------------- units
def test_write_token_creates_and_updates_a_unit(client, registry_world):
    operator = registry_world.orgs["operator"]
    building = make_building(operator)
    auth = token_headers(registry_world)

    created = client.post(LIST, unit_body(building.pk), content_type="application/json", **auth)
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["building"] == building.pk
    assert data["building_name"] == building.name
    assert data["floor_area_m2"] == "25.50"
    assert data["status"] == "draft"
    assert data["vacancy"] == "unknown"
    unit = Unit.objects.get(pk=data["id"])
    assert unit.common_fee == 3000
    assert unit.facilities == PRIVATE
    event = AuditEvent.objects.get(action="unit.create", object_id=str(unit.pk))
    assert event.actor is None
    assert event.actor_label.startswith("token:smi_")
    assert event.organisation == operator

    changed = client.patch(
        detail(unit.pk),
        {"rent": 61000, "facilities": {"bath": "shared"}},
        content_type="application/json",
        **auth,
    )
    assert changed.status_code == 200, changed.json()
    unit.refresh_from_db()
    assert unit.rent == 61000
    assert unit.facilities == {**PRIVATE, "bath": "shared"}
    assert AuditEvent.objects.filter(action="unit.update", object_id=str(unit.pk)).count() == 1

    got = client.get(detail(unit.pk), **auth)
    assert got.status_code == 200
    assert got.json()["rent"] == 61000


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"floor_area_m2": "0"}, "floor_area_m2"),
        ({"rent": -1}, "rent"),
        ({"facilities": {**PRIVATE, "kitchen": "outside"}}, "facilities.kitchen"),
        ({"accepted_groups": ["elderly", "martians"]}, "accepted_groups[1]"),
        ({"number": "101"}, "number"),  # make_building already made 101
        ({"vacancy": "vacant"}, "vacancy"),  # read-only here: pushed through /registry/vacancy
    ],
)
def test_create_rejects_bad_input_naming_the_field(client, registry_world, change, field):
    building = make_building(registry_world.orgs["operator"])
    response = client.post(
        LIST,
        unit_body(building.pk, **change),
        content_type="application/json",
        **token_headers(registry_world),
    )
    assert response.status_code == 400, response.json()
    assert response.json()["field"] == field
    assert field in response.json()["errors"]
    assert building.units.count() == 1


def test_create_needs_a_building_of_the_caller(client, registry_world):
    auth = token_headers(registry_world)
    body = unit_body(0)
    del body["building"]
    missing = client.post(LIST, body, content_type="application/json", **auth)
    assert missing.status_code == 400
    assert missing.json()["field"] == "building"
    theirs = make_building(registry_world.orgs["other_operator"])
    response = client.post(LIST, unit_body(theirs.pk), content_type="application/json", **auth)
    assert response.status_code == 400
    assert response.json()["field"] == "building"
    assert theirs.units.count() == 1


@pytest.mark.parametrize("state", ["submitted", "registered"])
def test_units_of_a_building_under_review_or_registered_cannot_change(client, registry_world, state):
    building = make_building(registry_world.orgs["operator"], state=state)
    auth = token_headers(registry_world)
    created = client.post(LIST, unit_body(building.pk), content_type="application/json", **auth)
    assert created.status_code == 409
    assert "draft" in created.json()["detail"]
    unit = building.units.get()
    patched = client.patch(detail(unit.pk), {"rent": 1}, content_type="application/json", **auth)
    assert patched.status_code == 409
    unit.refresh_from_db()
    assert unit.rent == 60000


def test_list_is_scoped_filtered_and_paginated(client, registry_world):
    mine = make_building(registry_world.orgs["operator"])
    add_units(mine, 150)
    other = make_building(registry_world.orgs["other_operator"], name="よそのハイツ")
    Unit.objects.filter(building=mine, number="x0").update(vacancy="vacant")
    auth = token_headers(registry_world)

    first = client.get(LIST, **auth).json()
    assert first["count"] == 151
    assert len(first["results"]) == 100
    assert first["next"]
    assert {u["building"] for u in first["results"]} == {mine.pk}
    big = client.get(LIST, {"page_size": 5000}, **auth).json()
    assert len(big["results"]) == 151  # capped at 1000 per page, fewer here
    vacant = client.get(LIST, {"vacancy": "vacant", "building": mine.pk}, **auth).json()
    assert [u["number"] for u in vacant["results"]] == ["x0"]
    assert client.get(LIST, {"building": other.pk}, **auth).json()["count"] == 0
    bad = client.get(LIST, {"vacancy": "maybe"}, **auth)
    assert bad.status_code == 400
    assert bad.json()["field"] == "vacancy"
    bad = client.get(LIST, {"building": "abc"}, **auth)
    assert bad.status_code == 400
    assert bad.json()["field"] == "building"

    theirs = other.units.get()
    assert client.get(detail(theirs.pk), **auth).status_code == 404
    assert (
        client.patch(detail(theirs.pk), {"rent": 1}, content_type="application/json", **auth).status_code
        == 404
    )


# ------------------------------------------------------------------------------------------- vacancy
def test_vacancy_push_of_2000_units_is_one_call_and_idempotent(
    client, registry_world, django_assert_max_num_queries
):
    operator = registry_world.orgs["operator"]
    building = make_building(operator)
    ids = add_units(building, 1999)
    assert len(ids) == 2000
    at = (timezone.now() - timedelta(hours=2)).replace(microsecond=0)
    body = {
        "updates": [
            {
                "unit": pk,
                "vacancy": "vacant" if i % 3 == 0 else "occupied",
                "confirmed_at": at.isoformat(),
            }
            for i, pk in enumerate(ids)
        ]
    }
    auth = token_headers(registry_world)

    with django_assert_max_num_queries(40):
        response = client.post(VACANCY, body, content_type="application/json", **auth)
    assert response.status_code == 200, response.json()
    assert response.json() == {"updated": 2000, "unchanged": 0}
    state = list(Unit.objects.order_by("pk").values_list("pk", "vacancy", "vacancy_confirmed_at"))
    assert sum(1 for _pk, v, _at in state if v == "vacant") == 667
    assert {a for _pk, _v, a in state} == {at}
    events = AuditEvent.objects.filter(action="registry.vacancy_push")
    assert [(e.object_type, e.object_id, e.organisation_id, e.after) for e in events] == [
        ("registry.vacancy", str(operator.pk), operator.pk, {"units": 2000})
    ]
    assert events[0].actor is None
    assert events[0].actor_label.startswith("token:")

    again = client.post(VACANCY, body, content_type="application/json", **auth)
    assert again.status_code == 200
    assert again.json() == {"updated": 0, "unchanged": 2000}
    assert list(Unit.objects.order_by("pk").values_list("pk", "vacancy", "vacancy_confirmed_at")) == state
    assert AuditEvent.objects.filter(action="registry.vacancy_push").count() == 1


def test_vacancy_push_defaults_to_now_and_counts_only_changes(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    a, b = add_units(building, 1)
    auth = token_headers(registry_world)
    before = timezone.now()
    response = client.post(
        VACANCY, {"updates": [{"unit": a, "vacancy": "vacant"}]}, content_type="application/json", **auth
    )
    assert response.json() == {"updated": 1, "unchanged": 0}
    unit = Unit.objects.get(pk=a)
    assert unit.vacancy == "vacant"
    assert unit.vacancy_confirmed_at >= before
    assert Unit.objects.get(pk=b).vacancy == "unknown"


def test_vacancy_push_refuses_a_unit_of_another_operator_by_index(client, registry_world):
    mine = make_building(registry_world.orgs["operator"]).units.get()
    theirs = make_building(registry_world.orgs["other_operator"]).units.get()
    body = {
        "updates": [
            {"unit": mine.pk, "vacancy": "vacant"},
            {"unit": theirs.pk, "vacancy": "vacant"},
            {"unit": 987654, "vacancy": "occupied"},
        ]
    }
    response = client.post(VACANCY, body, content_type="application/json", **token_headers(registry_world))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"updates[1].unit", "updates[2].unit"}
    assert response.json()["field"] == "updates[1].unit"
    assert Unit.objects.filter(vacancy="vacant").count() == 0  # nothing applied
    assert not AuditEvent.objects.filter(action="registry.vacancy_push").exists()


def test_vacancy_push_validates_every_item_first(client, registry_world):
    unit = make_building(registry_world.orgs["operator"]).units.get()
    now = timezone.now()
    body = {
        "updates": [
            {"unit": unit.pk, "vacancy": "vacant", "confirmed_at": (now + timedelta(hours=1)).isoformat()},
            {"unit": unit.pk, "vacancy": "occupied"},
            {"unit": "x", "vacancy": "unknown"},
            {"unit": unit.pk, "vacancy": "vacant", "confirmed_at": (now - timedelta(days=31)).isoformat()},
            {"unit": unit.pk, "vacancy": "vacant", "confirmed_at": "yesterday"},
        ]
    }
    response = client.post(VACANCY, body, content_type="application/json", **token_headers(registry_world))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert response.json()["field"] == "updates[0].confirmed_at"
    assert "future" in errors["updates[0].confirmed_at"][0]
    assert "updates[1].unit" in errors  # the same unit twice
    assert {"updates[2].unit", "updates[2].vacancy"} <= set(errors)
    assert "validity" in errors["updates[3].confirmed_at"][0]
    assert "updates[4].confirmed_at" in errors
    unit.refresh_from_db()
    assert unit.vacancy == "unknown"


@pytest.mark.parametrize(
    ("body", "field"),
    [([], "$"), ({}, "updates"), ({"updates": []}, "updates"), ({"updates": [{}] * 10_001}, "updates")],
)
def test_vacancy_push_body_shape(client, registry_world, body, field):
    response = client.post(VACANCY, body, content_type="application/json", **token_headers(registry_world))
    assert response.status_code == 400
    assert response.json()["field"] == field


# ------------------------------------------------------------------------------------------- who may call
def test_read_token_reads_but_cannot_write(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    unit = building.units.get()
    auth = token_headers(registry_world, scopes=("read",))
    assert client.get(LIST, **auth).status_code == 200
    assert client.get(detail(unit.pk), **auth).status_code == 200
    writes = [
        client.post(LIST, unit_body(building.pk), content_type="application/json", **auth),
        client.patch(detail(unit.pk), {"rent": 1}, content_type="application/json", **auth),
        client.post(
            VACANCY,
            {"updates": [{"unit": unit.pk, "vacancy": "vacant"}]},
            content_type="application/json",
            **auth,
        ),
    ]
    for response in writes:
        assert response.status_code == 403
        assert "write scope" in response.json()["detail"]
    unit.refresh_from_db()
    assert unit.rent == 60000
    assert unit.vacancy == "unknown"
    assert building.units.count() == 1


def test_viewer_member_reads_but_cannot_write(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    client.force_login(registry_world.user("operator", "viewer"))
    assert client.get(LIST).json()["count"] == 1
    response = client.post(
        LIST, unit_body(building.pk), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert "staff or admin" in response.json()["detail"]


def test_staff_member_writes_by_session(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    client.force_login(registry_world.user("operator", "staff"))
    response = client.post(LIST, unit_body(building.pk), content_type="application/json")
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="unit.create")
    assert event.actor == registry_world.user("operator", "staff")


def test_revoked_token_is_refused(client, registry_world):
    token, secret = api_token_create(
        actor=registry_world.user("operator", "admin"),
        organisation=registry_world.orgs["operator"],
        name="old",
        scopes=["read", "write"],
    )
    api_token_revoke(actor=registry_world.user("operator", "admin"), token=token)
    response = client.get(LIST, HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_agent_token_sees_and_acts_for_its_principal_only(client, registry_world):
    principal = make_building(registry_world.orgs["operator"]).units.get()
    stranger = make_building(registry_world.orgs["other_operator"]).units.get()
    auth = token_headers(registry_world, "agent")
    listed = client.get(LIST, **auth).json()
    assert [u["id"] for u in listed["results"]] == [principal.pk]
    assert client.get(detail(stranger.pk), **auth).status_code == 404
    ok = client.post(
        VACANCY,
        {"updates": [{"unit": principal.pk, "vacancy": "vacant"}]},
        content_type="application/json",
        **auth,
    )
    assert ok.json() == {"updated": 1, "unchanged": 0}
    event = AuditEvent.objects.get(action="registry.vacancy_push")
    assert event.organisation == registry_world.orgs["operator"]
    refused = client.post(
        VACANCY,
        {"updates": [{"unit": stranger.pk, "vacancy": "vacant"}]},
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "updates[0].unit"


def test_other_kinds_of_organisation_are_refused(client, registry_world):
    auth = token_headers(registry_world, "support_corporation")
    assert client.get(LIST, **auth).status_code == 403
    assert client.post(VACANCY, {"updates": []}, content_type="application/json", **auth).status_code == 403


def test_anonymous_is_refused(client, registry_world):
    unit = make_building(registry_world.orgs["operator"]).units.get()
    for response in [
        client.get(LIST),
        client.post(LIST, unit_body(unit.building_id), content_type="application/json"),
        client.get(detail(unit.pk)),
        client.patch(detail(unit.pk), {"rent": 1}, content_type="application/json"),
        client.post(
            VACANCY, {"updates": [{"unit": unit.pk, "vacancy": "vacant"}]}, content_type="application/json"
        ),
    ]:
        assert response.status_code == 401  # no credential: DRF's 401 (the token scheme is announced)
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert Unit.objects.get(pk=unit.pk).vacancy == "unknown"


def test_schema_still_validates(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    assert "/api/v1/registry/vacancy" in schema
    assert "registry_units_partial_update" in schema
