"""The household record (issue #16, items 2–3): opened from a request, completed, versioned, eligibility
explained by sumai.domain, seen only by the holding organisation, every view logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.audit.models import AccessLog
from sumai.cases.models import ConsultationRequest, Household, HouseholdVersion
from tests.cases.test_ask import GOOD

pytestmark = pytest.mark.django_db


def _edit_body(household: Household, members: list[dict], **fields) -> dict:  # type: ignore[no-untyped-def]
    body = {
        "version": str(household.version),
        "urgency": "normal",
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": str(sum(1 for m in members if m.get("id"))),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "12",
        **fields,
    }
    for i, m in enumerate(members):
        for key, value in m.items():
            body[f"members-{i}-{key}"] = value
        body[f"members-{i}-salary_gross"] = m.get("salary_gross", "0")
        body[f"members-{i}-pension_gross"] = m.get("pension_gross", "0")
        body[f"members-{i}-other_income"] = m.get("other_income", "0")
    return body


@pytest.fixture
def opened(client, area):  # type: ignore[no-untyped-def]
    client.post(reverse("cases:ask"), GOOD)
    item = ConsultationRequest.objects.get()
    staff = area.member(area.setagaya_desk)
    client.force_login(staff)
    response = client.post(reverse("cases:household_open", kwargs={"pk": item.pk}))
    household = Household.objects.get()
    assert response["Location"] == reverse("cases:household_edit", kwargs={"pk": household.pk})
    return household


def test_a_household_opened_from_a_request_carries_its_ages_and_asks_for_birth_dates(client, opened):
    assert [m.age_stated for m in opened.members.all()] == [72, 68]
    assert opened.languages == "日本語"  # the language's name, never its code
    assert opened.deadline is not None  # must leave by, from the request
    page = client.get(reverse("cases:household", kwargs={"pk": opened.pk})).content.decode()
    assert "72" in page
    assert "Birth dates are needed" in page or "生年月日" in page


def test_completed_members_are_explained_by_the_law_and_each_save_is_a_version(client, opened, area):
    a, b = opened.members.all()
    body = _edit_body(
        opened,
        [
            {"id": str(a.pk), "role": "applicant", "birth_date": "1954-04-01", "pension_gross": "1200000"},
            {"id": str(b.pk), "role": "spouse", "birth_date": "1958-06-01", "disability": "ordinary"},
        ],
        circumstances=["foreign_national"],
        max_rent="55000",
    )
    response = client.post(reverse("cases:household_edit", kwargs={"pk": opened.pk}), body)
    assert response.status_code == 302, response.content.decode()[:3000]
    opened.refresh_from_db()
    assert opened.version == 2
    assert HouseholdVersion.objects.get(household=opened).data["members"][0]["birth_date"] is None
    page = client.get(reverse("cases:household", kwargs={"pk": opened.pk})).content.decode()
    for ref in ("法2条1項3号", "法2条1項4号", "規則3条"):  # elderly, disability, foreign national
        assert ref in page, ref
    assert "政令月収" in page
    assert AccessLog.objects.filter(actor=area.member(area.setagaya_desk)).count() == 1  # the page view


def test_a_stale_form_is_refused_and_nothing_is_written(client, opened):
    a, b = opened.members.all()
    members = [{"id": str(a.pk), "role": "applicant"}, {"id": str(b.pk), "role": "spouse"}]
    stale = _edit_body(opened, members)
    client.post(
        reverse("cases:household_edit", kwargs={"pk": opened.pk}),
        _edit_body(opened, members, near="駅の近く"),
    )
    response = client.post(
        reverse("cases:household_edit", kwargs={"pk": opened.pk}), {**stale, "near": "学校"}
    )
    assert response.status_code == 409
    opened.refresh_from_db()
    assert opened.near == "駅の近く"


def test_exactly_one_applicant(client, opened):
    a, b = opened.members.all()
    body = _edit_body(opened, [{"id": str(a.pk), "role": "spouse"}, {"id": str(b.pk), "role": "spouse"}])
    assert client.post(reverse("cases:household_edit", kwargs={"pk": opened.pk}), body).status_code == 400
    assert Household.objects.get().version == 1


def test_other_organisations_never_see_the_household(client, opened, area):
    client.force_login(area.member(area.minato_council))
    assert client.get(reverse("cases:household", kwargs={"pk": opened.pk})).status_code == 404
    assert opened.pseudonym not in client.get(reverse("cases:households")).content.decode()
    a = opened.members.first()
    body = _edit_body(opened, [{"id": str(a.pk), "role": "applicant"}])
    assert client.post(reverse("cases:household_edit", kwargs={"pk": opened.pk}), body).status_code == 404


def test_one_record_per_request(client, opened):
    again = client.post(reverse("cases:household_open", kwargs={"pk": opened.request_id}), follow=True)
    assert Household.objects.count() == 1
    assert again.status_code == 200


def test_a_request_from_someone_fleeing_violence_opens_a_hidden_record_with_the_circumstance(client, area):
    client.post(reverse("cases:ask"), {**GOOD, "situations": ["dv", "must_leave"], "ages": "34、8"})
    item = ConsultationRequest.objects.get()
    client.force_login(area.member(area.setagaya_desk))
    response = client.post(reverse("cases:household_open", kwargs={"pk": item.pk}), follow=True)
    household = Household.objects.get()
    assert household.hidden
    assert household.circumstances == ["dv_victim"]
    assert [m.role for m in household.members.order_by("pk")] == ["applicant", "child"]
    assert "秘匿" in response.content.decode()


def test_a_request_without_violence_opens_a_record_that_is_not_hidden(client, opened):
    assert not opened.hidden
    assert opened.circumstances == []
    assert [m.role for m in opened.members.order_by("pk")] == ["applicant", "relative"]  # 72 and 68
