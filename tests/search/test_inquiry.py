"""Reaching a landlord from a home's public page (issue #14, item 9): the contact is on the page, the print
sheet and a form sends a question to the landlord and its agents — by e-mail with the asker's contact and on
their list — without showing the asker the landlord's address; bad input is refused by field, nothing is
stored half-written, programs filling the hidden field and floods are turned away."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from sumai.accounts.models import Membership
from sumai.registry.models import AgentAuthorisation, Inquiry
from sumai.search.indexing import rebuild
from tests.factories import OrganisationFactory, UserFactory
from tests.search.conftest import registered_building

pytestmark = pytest.mark.django_db

GOOD = {"name": "山田 花子", "email": "hanako@example.jp", "message": "来週内見できますか。", "consent": "on"}


@pytest.fixture
def home(operator):
    cache.clear()
    landlord = UserFactory(email="landlord.secret@example.jp")
    Membership.objects.create(user=landlord, organisation=operator, role="admin")
    agent = OrganisationFactory(kind="agent", name="さくら不動産")
    agent_user = UserFactory(email="agent.staff@example.jp")
    Membership.objects.create(user=agent_user, organisation=agent, role="staff")
    AgentAuthorisation.objects.create(agent=agent, operator=operator)
    building = registered_building(operator)
    rebuild()
    return building.units.get()


def test_the_question_reaches_the_landlord_and_its_agent_not_the_other_way(
    client, home, django_capture_on_commit_callbacks
):
    page = client.get(reverse("search:unit", kwargs={"pk": home.pk})).content.decode()
    assert reverse("search:unit_inquiry", kwargs={"pk": home.pk}) in page
    assert "03-0000-0000" in page  # the contact
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("search:unit_inquiry", kwargs={"pk": home.pk}), GOOD, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    inquiry = Inquiry.objects.get()
    assert inquiry.reference in html
    assert "landlord.secret@example.jp" not in html
    to = sorted(address for m in mail.outbox for address in m.to)
    assert to == ["agent.staff@example.jp", "landlord.secret@example.jp"]
    body = mail.outbox[0].body
    assert "hanako@example.jp" in body
    assert "来週内見できますか。" in body
    link = re.search(r"https?://\S+/registry/inquiries/", body)
    assert link is not None  # an absolute link to the list


def test_the_landlord_and_the_agent_read_their_inquiries_and_no_one_else(client, home):
    client.post(reverse("search:unit_inquiry", kwargs={"pk": home.pk}), GOOD)
    for email in ("landlord.secret@example.jp", "agent.staff@example.jp"):
        client.force_login(Membership.objects.get(user__email=email).user)
        assert "hanako@example.jp" in client.get(reverse("registry:inquiries")).content.decode()
    stranger = OrganisationFactory(kind="operator", name="別の賃貸人")
    user = UserFactory(email="stranger@example.jp")
    Membership.objects.create(user=user, organisation=stranger, role="admin")
    client.force_login(user)
    assert "hanako@example.jp" not in client.get(reverse("registry:inquiries")).content.decode()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "", "phone": ""}, "メールアドレスか電話番号"),
        ({"email": "ｈａｎａｋｏ＠example"}, "有効なメールアドレス"),
        ({"message": "x" * 2001}, "2000"),
        ({"consent": ""}, "この項目は必須です"),
        ({"name": ""}, "この項目は必須です"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_stored(client, home, change, field):
    response = client.post(reverse("search:unit_inquiry", kwargs={"pk": home.pk}), {**GOOD, **change})
    assert response.status_code == 400
    assert field in response.content.decode()
    assert not Inquiry.objects.exists()


def test_a_program_filling_the_hidden_field_stores_nothing(client, home):
    response = client.post(reverse("search:unit_inquiry", kwargs={"pk": home.pk}), {**GOOD, "website": "x"})
    assert response.status_code == 302
    assert not Inquiry.objects.exists()


def test_a_flood_from_one_address_is_stopped(client, home, settings):
    settings.SUMAI = {**settings.SUMAI, "INQUIRY_RATE": (2, 20)}
    url = reverse("search:unit_inquiry", kwargs={"pk": home.pk})
    assert [client.post(url, GOOD).status_code for _ in range(3)] == [302, 302, 429]
    assert Inquiry.objects.count() == 2


def test_a_full_width_phone_is_stored_in_half_width(client, home):
    client.post(
        reverse("search:unit_inquiry", kwargs={"pk": home.pk}),
        {**GOOD, "email": "", "phone": "０３－１２３４－５６７８"},
    )
    assert Inquiry.objects.get().phone == "03-1234-5678"


def test_the_print_sheet_has_the_contact_and_the_support_corporations(client, home):
    html = client.get(reverse("search:unit_print", kwargs={"pk": home.pk})).content.decode()
    assert "03-0000-0000" in html
    assert 'id="support-serving-heading"' in html
