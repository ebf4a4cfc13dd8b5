"""A landlord sets each unit's vacancy from the building page (issue #14, item 1): one button per unit and
several units at once; the search shows it at once; units of another building are refused with nothing
changed; the page works without JavaScript (plain form posts)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.registry.models import Unit
from sumai.search.indexing import rebuild
from sumai.search.models import SearchUnit
from tests.registry.conftest import make_building

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(registry_world):
    building = make_building(registry_world.orgs["operator"], state="registered", name="空き荘")
    Unit.objects.create(
        building=building,
        number="102",
        floor=1,
        floor_area_m2=30,
        layout="1K",
        rent=50000,
        common_fee=0,
        accepted_groups=["elderly"],
        facilities={},
    )
    return building


def test_one_button_per_unit_and_several_at_once(client, registry_world, registered):
    client.force_login(registry_world.user("operator", "admin"))
    page = client.get(reverse("registry:building", kwargs={"pk": registered.pk})).content.decode()
    assert 'id="vacancy-heading"' in page
    first, second = registered.units.order_by("number")
    url = reverse("registry:vacancy_set", kwargs={"pk": registered.pk})
    response = client.post(url, {"set": f"{first.pk}:vacant"}, follow=True)
    assert f"{first.number}号室を「空室」にしました。" in response.content.decode()
    first.refresh_from_db()
    assert first.vacancy == "vacant"
    assert first.vacancy_confirmed_at is not None
    client.post(url, {"unit": [first.pk, second.pk], "bulk": "occupied"})
    assert set(registered.units.values_list("vacancy", flat=True)) == {"occupied"}


def test_the_search_index_follows(client, registry_world, registered):
    Unit.objects.filter(building=registered).update(status="registered", registered_on="2026-01-01")
    rebuild()
    unit = registered.units.order_by("number").first()
    client.force_login(registry_world.user("operator", "admin"))
    client.post(reverse("registry:vacancy_set", kwargs={"pk": registered.pk}), {"set": f"{unit.pk}:vacant"})
    assert SearchUnit.objects.get(unit=unit).vacancy == "vacant"


def test_a_unit_of_another_building_is_refused_and_nothing_changes(client, registry_world, registered):
    other = make_building(registry_world.orgs["operator"], name="別の荘")
    stranger = other.units.first()
    mine = registered.units.order_by("number").first()
    client.force_login(registry_world.user("operator", "admin"))
    response = client.post(
        reverse("registry:vacancy_set", kwargs={"pk": registered.pk}),
        {"unit": [mine.pk, stranger.pk], "bulk": "vacant"},
        follow=True,
    )
    assert "選んだ住戸がこの建物にありません。" in response.content.decode()
    mine.refresh_from_db()
    stranger.refresh_from_db()
    assert mine.vacancy != "vacant"
    assert stranger.vacancy != "vacant"


@pytest.mark.parametrize("body", [{"bulk": "vacant"}, {"set": "x:vacant"}, {"set": "1:flying"}, {}])
def test_bad_requests_say_what_to_choose(client, registry_world, registered, body):
    client.force_login(registry_world.user("operator", "admin"))
    response = client.post(reverse("registry:vacancy_set", kwargs={"pk": registered.pk}), body, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "住戸" in html
    assert "message-error" in html


def _section(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


@pytest.mark.parametrize("body", [{"set": "UNIT:vacant"}, {"bulk": "vacant"}])
def test_the_answer_is_shown_in_the_vacancy_section_the_redirect_lands_on(
    client, registry_world, registered, body
):
    """On a phone the top of the page is out of sight from the units: the confirmation (or what to choose) is
    a status message in the vacancy section, not at the top, and the form redirects to it."""
    client.force_login(registry_world.user("operator", "admin"))
    unit = registered.units.order_by("number").first()
    body = {k: v.replace("UNIT", str(unit.pk)) for k, v in body.items()}
    response = client.post(reverse("registry:vacancy_set", kwargs={"pk": registered.pk}), body, follow=True)
    # one unit's button: the answer in that unit's row, naming it (the walk: on a long building page the
    # landlord was taken to the section's top, thousands of pixels above the unit, told "1戸を…")
    place = f"vacancy-unit-{unit.pk}" if "set" in body else "vacancy"
    assert response.redirect_chain[-1][0].endswith(f"#{place}-messages")
    html = response.content.decode()
    said = f"{unit.number}号室を「空室」にしました。" if "set" in body else "住戸"
    section = _section(html, '<section id="vacancy"', "</section>")
    if "set" in body:
        section = _section(section, f'id="vacancy-unit-{unit.pk}"', "</tr>")
    box = _section(section, '<div class="messages"', "</div>")
    assert 'role="status"' in box
    assert f'id="{place}-messages"' in box
    assert said in box
    assert ("message-success" if "set" in body else "message-error") in section
    assert said not in html[: html.index("<h1>")]
    assert html.count('role="status"') == 1


def test_other_messages_stay_at_the_top(client, registry_world, registered):
    client.force_login(registry_world.user("operator", "admin"))
    response = client.post(
        reverse("registry:vacancy_confirm", kwargs={"pk": registered.pk}),
        {"next": reverse("registry:building", kwargs={"pk": registered.pk})},
        follow=True,
    )
    html = response.content.decode()
    assert "確認しました" in html[: html.index("<h1>")]
    assert 'id="vacancy-messages"' not in html
