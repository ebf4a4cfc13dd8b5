"""#14 item 1: from the reminder e-mail's link a landlord sets each unit (vacant / occupied / unknown)
without logging in; the link still names only its building."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sumai.audit.models import AuditEvent
from sumai.registry import vacancy
from tests.registry.test_vacancy import building_with_units, vacancy_of

pytestmark = pytest.mark.django_db


def test_the_link_page_sets_one_unit_and_leaves_the_others(client, demo_orgs):
    old = timezone.now() - timedelta(days=25)
    building = building_with_units(
        demo_orgs.orgs["operator"], units=[("101", "vacant", old), ("102", "unknown", None)]
    )
    url = reverse("registry:vacancy_link", kwargs={"token": vacancy.link_token(building)})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    u101, u102 = building.units.order_by("number")
    assert f'value="{u101.pk}:occupied"' in page
    assert f'value="{u102.pk}:vacant"' in page
    response = client.post(url, {"set": f"{u101.pk}:occupied"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"].endswith("#vacancy-units-messages")
    assert vacancy_of(building) == {"101": "occupied", "102": "unknown"}
    u101.refresh_from_db()
    assert timezone.now() - u101.vacancy_confirmed_at < timedelta(minutes=1)
    event = AuditEvent.objects.get(action="vacancy.set")
    assert event.actor_label == "signed link"
    assert event.after["via"] == "signed_link"
    client.post(url, {"set": f"{u102.pk}:vacant"}, HTTP_ACCEPT_LANGUAGE="en")
    assert vacancy_of(building) == {"101": "occupied", "102": "vacant"}
    followed = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1戸を「空室」にしました。" in followed


def test_the_link_cannot_set_a_unit_of_another_building(client, demo_orgs):
    mine = building_with_units(demo_orgs.orgs["operator"], units=[("101", "vacant", timezone.now())])
    other = building_with_units(
        demo_orgs.orgs["operator"], name="別棟", units=[("201", "vacant", timezone.now())]
    )
    url = reverse("registry:vacancy_link", kwargs={"token": vacancy.link_token(mine)})
    foreign = other.units.get()
    for value in (f"{foreign.pk}:occupied", "x:occupied", f"{mine.units.get().pk}:nonsense", "", "9" * 40):
        response = client.post(url, {"set": value}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 302, value
    assert vacancy_of(other) == {"201": "vacant"}
    assert vacancy_of(mine) == {"101": "vacant"}
    assert not AuditEvent.objects.filter(action="vacancy.set").exists()


def test_a_bad_link_sets_nothing(client, demo_orgs):
    building = building_with_units(demo_orgs.orgs["operator"], units=[("101", "vacant", timezone.now())])
    unit = building.units.get()
    url = reverse("registry:vacancy_link", kwargs={"token": vacancy.link_token(building)[:-2] + "xx"})
    assert client.post(url, {"set": f"{unit.pk}:occupied"}).status_code == 400
    assert vacancy_of(building) == {"101": "vacant"}


@pytest.mark.parametrize(
    ("language", "title", "occupied"),
    [
        ("zh-hans", "确认", "已入住"),
        ("ko", "공실 여부 확인", "입주 중"),
        ("vi", "Xác nhận tình trạng trống", "Đang có người ở"),
        ("pt-br", "Confirmar a disponibilidade", "Ocupada"),
        ("ja-x-easy", "かくにんする", "ひとが すんでいる"),
    ],
)
def test_the_link_page_reads_in_each_public_language(client, demo_orgs, language, title, occupied):
    """#14 item 10: the landlord reached from the e-mail reads the page in the language chosen (it fell back
    to Japanese in the five public languages)."""
    building = building_with_units(demo_orgs.orgs["operator"], units=[("101", "occupied", timezone.now())])
    client.cookies["sumai_language"] = language
    html = client.get(
        reverse("registry:vacancy_link", kwargs={"token": vacancy.link_token(building)})
    ).content
    page = html.decode()
    assert title in page
    assert occupied in page
    assert "入居中" not in page


def test_the_link_page_says_what_a_unit_became_beside_the_units(client, demo_orgs):
    """The unit's button redirects to the message beside the units (#vacancy-units-messages), not the top."""
    building = building_with_units(demo_orgs.orgs["operator"], units=[("101", "vacant", timezone.now())])
    url = reverse("registry:vacancy_link", kwargs={"token": vacancy.link_token(building)})
    unit = building.units.get()
    html = client.post(url, {"set": f"{unit.pk}:occupied"}, follow=True).content.decode()
    form = html[html.index('id="vacancy-units"') : html.index("</form>", html.index('id="vacancy-units"'))]
    assert 'id="vacancy-units-messages"' in form
    assert "1戸を「入居中」にしました。" in form
    assert html.count("1戸を「入居中」にしました。") == 1
