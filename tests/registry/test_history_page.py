"""The history of a registration reads as words: the kind of record, the action, and each value before and
after with its field's name and label (walk finding: dictionaries and codes were shown)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sumai.core.access import Access, Grant
from sumai.core.actor import Actor
from sumai.registry import services
from sumai.registry.models import Registration
from tests.registry.conftest import make_building


@pytest.mark.django_db
def test_the_history_of_a_registration_is_in_words(client, registry_world):
    building = make_building(registry_world.orgs["operator"], state="submitted")
    registration = Registration.objects.get(building=building)
    org = registry_world.orgs["authority"]
    reviewer = registry_world.user("authority", "staff")
    actor = Actor(reviewer, Access(True, False, (Grant(org.pk, "authority", "staff"),)))
    services.review_request_changes(
        actor=actor, registration=registration, version=registration.version, comment="図面を添付してください"
    )
    client.force_login(registry_world.user("operator", "admin"))
    url = reverse(
        "audit:history", kwargs={"object_type": "registry.registration", "object_id": registration.pk}
    )
    html = client.get(url).content.decode()
    assert "補正を依頼" in html  # the action
    assert "申請中 → 補正依頼中" in html  # the state before and after, in words
    assert "<p>登録: さくらハイツ</p>" in html  # the kind of record and the record, in words
    text = re.sub(r"<[^>]+>", " ", html)  # what a person reads (links' URLs may hold the type)
    codes = (
        "{'state'",
        "changes_requested",
        "registration.request_changes",
        "registry.registration",
        "Version",
    )
    for code in codes:
        assert code not in text, code


@pytest.mark.django_db
def test_review_messages_name_the_step_in_words(client, registry_world):
    """The messages of a review say 補正を依頼, not ``request_changes`` (walk finding)."""
    building = make_building(registry_world.orgs["operator"], state="submitted")
    registration = Registration.objects.get(building=building)
    org = registry_world.orgs["authority"]
    actor = Actor(
        registry_world.user("authority", "staff"), Access(True, False, (Grant(org.pk, "authority", "staff"),))
    )
    services.review_request_changes(
        actor=actor, registration=registration, version=registration.version, comment="図面を添付してください"
    )
    client.force_login(registry_world.user("operator", "admin"))
    html = client.get(reverse("registry:building", kwargs={"pk": building.pk})).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert "補正を依頼" in text
    assert "図面を添付してください" in text
    assert "request_changes" not in text


@pytest.mark.django_db
def test_the_reviewing_authority_reads_the_whole_history_and_another_does_not(client, registry_world):
    """Walk finding: the authority saw nothing of the history of a registration it had just decided."""
    building = make_building(registry_world.orgs["operator"], state="submitted")
    registration = Registration.objects.get(building=building)
    org = registry_world.orgs["authority"]
    actor = Actor(
        registry_world.user("authority", "staff"), Access(True, False, (Grant(org.pk, "authority", "staff"),))
    )
    services.review_request_changes(
        actor=actor, registration=registration, version=registration.version, comment="図面を添付してください"
    )
    url = reverse(
        "audit:history", kwargs={"object_type": "registry.registration", "object_id": registration.pk}
    )
    client.force_login(registry_world.user("authority", "staff"))
    assert "補正を依頼" in client.get(url).content.decode()
    client.force_login(registry_world.user("sapporo", "staff"))  # another jurisdiction's reviewer
    assert "補正を依頼" not in client.get(url).content.decode()
