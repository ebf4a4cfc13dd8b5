"""A landlord's particulars and the agents it authorises."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.audit.models import AuditEvent
from sumai.registry.models import AgentAuthorisation, OperatorProfile
from tests.registry.conftest import make_building

PROFILE = {
    "operator_type": "company",
    "representative": "代表 太郎",
    "postal_code": "1000001",
    "address": "千代田区千代田1-1",
    "officers_text": "取締役 一\n取締役 二\n",
    "sublease": "",
    "owner_name": "",
    "pledge_signed_on": "2026-04-01",
}


@pytest.mark.django_db
def test_landlord_saves_its_particulars(client, registry_world):
    org = registry_world.orgs["operator"]
    client.force_login(registry_world.user("operator", "staff"))
    response = client.post(reverse("registry:operator", kwargs={"org_id": org.pk}), PROFILE)
    assert response.status_code == 302
    profile = OperatorProfile.objects.get(organisation=org)
    assert profile.officers == ["取締役 一", "取締役 二"]
    assert AuditEvent.objects.filter(action="operator.profile").exists()


@pytest.mark.django_db
def test_sublease_needs_the_owner(client, registry_world):
    org = registry_world.orgs["operator"]
    client.force_login(registry_world.user("operator", "admin"))
    response = client.post(
        reverse("registry:operator", kwargs={"org_id": org.pk}), {**PROFILE, "sublease": "on"}
    )
    assert response.status_code == 400
    assert "owner_name" in response.context["form"].errors


@pytest.mark.django_db
def test_viewers_and_strangers_cannot_edit(client, registry_world):
    org = registry_world.orgs["operator"]
    client.force_login(registry_world.user("operator", "viewer"))
    assert client.get(reverse("registry:operator", kwargs={"org_id": org.pk})).status_code == 200
    assert client.post(reverse("registry:operator", kwargs={"org_id": org.pk}), PROFILE).status_code == 403
    client.force_login(registry_world.user("other_operator", "admin"))
    assert client.get(reverse("registry:operator", kwargs={"org_id": org.pk})).status_code == 403


@pytest.mark.django_db
def test_authorising_and_revoking_an_agent_changes_what_it_sees(client, registry_world):
    operator = registry_world.orgs["other_operator"]
    agent = registry_world.orgs["agent"]
    make_building(operator, name="新しい委託物件")
    agent_client = client.__class__()
    agent_client.force_login(registry_world.user("agent", "staff"))
    assert "新しい委託物件" not in agent_client.get(reverse("registry:buildings")).content.decode()
    client.force_login(registry_world.user("other_operator", "admin"))
    search = client.get(reverse("registry:operator", kwargs={"org_id": operator.pk}), {"q": agent.name[:4]})
    assert agent.name in search.content.decode()
    client.post(reverse("registry:agent_authorise", kwargs={"org_id": operator.pk}), {"agent": agent.pk})
    assert "新しい委託物件" in agent_client.get(reverse("registry:buildings")).content.decode()
    authorisation = AgentAuthorisation.objects.get(operator=operator, agent=agent)
    revoke = reverse(
        "registry:agent_revoke", kwargs={"org_id": operator.pk, "authorisation_id": authorisation.pk}
    )
    assert client.post(revoke).status_code == 200  # asked first
    assert "新しい委託物件" in agent_client.get(reverse("registry:buildings")).content.decode()
    client.post(revoke, {"confirmed": "yes"})
    assert "新しい委託物件" not in agent_client.get(reverse("registry:buildings")).content.decode()
    assert list(
        AuditEvent.objects.filter(action__startswith="agent.").values_list("action", flat=True).order_by("id")
    ) == ["agent.authorise", "agent.revoke"]


@pytest.mark.django_db
def test_only_an_admin_authorises_and_only_agents_can_be_authorised(client, registry_world):
    operator = registry_world.orgs["operator"]
    client.force_login(registry_world.user("operator", "staff"))
    response = client.post(
        reverse("registry:agent_authorise", kwargs={"org_id": operator.pk}),
        {"agent": registry_world.orgs["agent"].pk},
    )
    assert response.status_code == 403
    client.force_login(registry_world.user("operator", "admin"))
    client.post(
        reverse("registry:agent_authorise", kwargs={"org_id": operator.pk}),
        {"agent": registry_world.orgs["council"].pk},
    )
    assert not AgentAuthorisation.objects.filter(agent=registry_world.orgs["council"]).exists()
