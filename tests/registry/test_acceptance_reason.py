"""#14 Minor: the unit form said refusing a group needs a reason but had no field. Now a unit that turns away
a group the law protects (法2条1項) needs a reason on the form, and the reviewer reads it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.registry.models import Unit
from tests.registry.conftest import ALL_GROUPS, make_building, post_edit
from tests.registry.test_workflow import unit_post

pytestmark = pytest.mark.django_db

WITHOUT_ELDERLY = [g for g in ALL_GROUPS if g != "elderly"]


def test_turning_a_law_group_away_needs_a_reason(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    client.force_login(registry_world.user("operator", "admin"))
    url = reverse("registry:unit_new", kwargs={"pk": building.pk})
    refused = client.post(url, unit_post("102", "30", accepted_groups=WITHOUT_ELDERLY))
    assert refused.status_code == 400
    assert "acceptance_reason" in refused.context["form"].errors
    assert not Unit.objects.filter(building=building, number="102").exists()
    reason = "2階建て・階段のみで、高齢の方の安全な避難が難しいため。"
    done = client.post(url, unit_post("102", "30", accepted_groups=WITHOUT_ELDERLY, acceptance_reason=reason))
    assert done.status_code == 302
    assert Unit.objects.get(building=building, number="102").acceptance_reason == reason


def test_accepting_every_law_group_needs_no_reason(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    client.force_login(registry_world.user("operator", "admin"))
    unit = building.units.get()
    url = reverse("registry:unit_edit", kwargs={"pk": building.pk, "unit_id": unit.pk})
    assert post_edit(client, url, unit_post("101", "30")).status_code == 302


def test_the_reviewer_reads_the_reason(client, registry_world):
    building = make_building(registry_world.orgs["operator"], state="submitted")
    Unit.objects.filter(building=building).update(
        accepted_groups=WITHOUT_ELDERLY, acceptance_reason="階段のみの建物のため。"
    )
    client.force_login(registry_world.user("authority", "staff"))
    page = client.get(reverse("registry:review", kwargs={"pk": building.registration.pk})).content.decode()
    assert "階段のみの建物のため。" in page


def test_the_reason_is_bounded_on_the_form_and_the_api(client, registry_world):
    from tests.registry.test_fields import token_headers, via_api, via_form

    building = make_building(registry_world.orgs["operator"])
    client.force_login(registry_world.user("operator", "admin"))
    client.cookies["sumai_language"] = "en"
    assert via_form(client, building, "acceptance_reason", "理" * 1000) is None
    assert via_form(client, building, "acceptance_reason", "理" * 1001)
    assert via_api(client, token_headers(registry_world), building, "acceptance_reason", "理" * 1001)
