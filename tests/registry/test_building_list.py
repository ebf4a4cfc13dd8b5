"""A bulk operator's and an agent's building list (issue #14, item 17): search by name, address or
registration number, filter by registration state and landlord, "needs action" (changes requested or a
vacancy to confirm), vacancy columns; the agent's dashboard counts the buildings it manages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sumai.registry.models import Registration, Unit
from tests.registry.conftest import make_building

pytestmark = pytest.mark.django_db


def _rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/registry/buildings/\d+/">(.*?)</a>', html)


@pytest.fixture
def buildings(registry_world):
    operator = registry_world.orgs["operator"]
    fresh = make_building(operator, name="さくら荘")
    lapsing = make_building(operator, name="ひまわり荘")
    asked = make_building(operator, name="つばき荘")
    Unit.objects.filter(building__in=[fresh, lapsing, asked]).update(
        vacancy="vacant", vacancy_confirmed_at=timezone.now()
    )
    Unit.objects.filter(building=lapsing).update(vacancy_confirmed_at=timezone.now() - timedelta(days=40))
    Registration.objects.filter(building=asked).update(state="changes_requested")
    return {"fresh": fresh, "lapsing": lapsing, "asked": asked}


def test_needs_action_lists_changes_requested_and_vacancy_to_confirm(client, registry_world, buildings):
    client.force_login(registry_world.user("operator", "admin"))
    html = client.get(reverse("registry:buildings"), {"needs_action": "on"}).content.decode()
    assert sorted(_rows(html)) == ["つばき荘", "ひまわり荘"]
    everything = client.get(reverse("registry:buildings")).content.decode()
    assert {"さくら荘", "ひまわり荘", "つばき荘"} <= set(_rows(everything))
    assert "空き状況の確認待ち" in everything


def test_search_and_state_filter(client, registry_world, buildings):
    client.force_login(registry_world.user("operator", "admin"))
    assert _rows(client.get(reverse("registry:buildings"), {"q": "さくら"}).content.decode()) == ["さくら荘"]
    asked = client.get(reverse("registry:buildings"), {"state": "changes_requested"}).content.decode()
    assert _rows(asked) == ["つばき荘"]
    none = client.get(reverse("registry:buildings"), {"q": "存在しない"}).content.decode()
    assert "条件に合う建物はありません" in none
    bad = client.get(reverse("registry:buildings"), {"state": "nonsense"})
    assert bad.status_code == 400


def test_the_agent_sees_its_landlords_buildings_and_counts_them_on_its_dashboard(
    client, registry_world, buildings
):
    client.force_login(registry_world.user("agent", "admin"))
    html = client.get(reverse("registry:buildings")).content.decode()
    assert {"さくら荘", "ひまわり荘", "つばき荘"} <= set(_rows(html))
    dashboard = client.get(reverse("web:dashboard")).content.decode()
    panel = re.search(r"代理している賃貸人.*?</dl>", dashboard, re.S)
    assert panel is not None, "the agent's panel counts the landlords it acts for"
    numbers = [int(n.replace(",", "")) for n in re.findall(r"<dd>([\d,]+)</dd>", panel.group(0))]
    assert numbers[0] == 1  # one landlord authorised it
    assert numbers[1] >= 3  # its buildings, not 0
