"""Role × jurisdiction: landlords see only their own, reviewers only their jurisdiction, agents only their
principals'."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.registry.conftest import make_building


@pytest.mark.django_db
def test_a_landlord_never_sees_another_landlords_drafts(client, registry_world):
    mine = make_building(registry_world.orgs["operator"], name="自分の建物")
    theirs = make_building(registry_world.orgs["other_operator"], name="他人の建物")
    client.force_login(registry_world.user("operator", "admin"))
    listing = client.get(reverse("registry:buildings")).content.decode()
    assert "自分の建物" in listing
    assert "他人の建物" not in listing
    assert client.get(reverse("registry:building", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.post(reverse("registry:unit_new", kwargs={"pk": theirs.pk}), {}).status_code == 404
    assert (
        client.post(reverse("registry:building_submit", kwargs={"pk": theirs.pk}), {"version": 1}).status_code
        == 404
    )
    assert client.get(reverse("registry:building", kwargs={"pk": mine.pk})).status_code == 200


@pytest.mark.django_db
def test_a_reviewer_never_sees_another_jurisdictions_inbox(client, registry_world):
    tokyo = make_building(registry_world.orgs["operator"], state="submitted", name="東京の建物")
    sapporo = make_building(
        registry_world.orgs["operator"],
        state="submitted",
        name="札幌の建物",
        municipality="011011",
        authority="011002",
    )
    client.force_login(registry_world.user("sapporo", "staff"))
    inbox = client.get(reverse("registry:inbox")).content.decode()
    assert "札幌の建物" in inbox
    assert "東京の建物" not in inbox
    assert client.get(reverse("registry:review", kwargs={"pk": tokyo.registration.pk})).status_code == 404
    response = client.post(
        reverse("registry:review_decide", kwargs={"pk": tokyo.registration.pk}),
        {"decision": "register", "version": 1},
    )
    assert response.status_code == 404
    assert client.get(reverse("registry:review", kwargs={"pk": sapporo.registration.pk})).status_code == 200


@pytest.mark.django_db
def test_an_agent_only_sees_its_principals(client, registry_world):
    principal = make_building(registry_world.orgs["operator"], name="委託物件")
    stranger = make_building(registry_world.orgs["other_operator"], name="無関係の物件")
    client.force_login(registry_world.user("agent", "staff"))
    listing = client.get(reverse("registry:buildings")).content.decode()
    assert "委託物件" in listing
    assert "無関係の物件" not in listing
    assert client.get(reverse("registry:building", kwargs={"pk": stranger.pk})).status_code == 404
    assert client.get(reverse("registry:building", kwargs={"pk": principal.pk})).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind", ["municipality", "support_corporation", "council", "referral_partner", "national"]
)
def test_other_kinds_cannot_use_the_registry(client, registry_world, kind):
    client.force_login(registry_world.user(kind, "admin"))
    assert client.get(reverse("registry:buildings")).status_code == 403
    assert client.get(reverse("registry:inbox")).status_code == 403


@pytest.mark.django_db
def test_viewers_read_but_do_not_decide(client, registry_world):
    reg = make_building(registry_world.orgs["operator"], state="submitted").registration
    client.force_login(registry_world.user("authority", "viewer"))
    assert client.get(reverse("registry:review", kwargs={"pk": reg.pk})).status_code == 200
    assert (
        client.post(
            reverse("registry:review_decide", kwargs={"pk": reg.pk}),
            {"decision": "register", "version": reg.version},
        ).status_code
        == 403
    )
    client.force_login(registry_world.user("operator", "viewer"))
    assert client.get(reverse("registry:building_new")).status_code == 403
