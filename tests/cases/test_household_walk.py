"""The household pages after a walk on a phone and a desktop (ja, en): a birth date in the future, the
eligibility box in words, another organisation's view by consent, the edit form's error summary, the needs
without a stray dash."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sumai.cases.models import Household
from tests.cases.test_consent import _consent, completed  # noqa: F401 - the fixture
from tests.cases.test_households import _edit_body, opened  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _english(client):  # type: ignore[no-untyped-def]
    client.cookies["sumai_language"] = "en"
    return client


def _summary(html: str) -> str:
    assert 'id="error-summary"' in html, "no error summary at the top of the form"
    return html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]


def test_a_birth_date_in_the_future_is_refused_on_the_members_row(client, opened):  # noqa: F811
    """The walk: a birth date in the future was saved from the household form, and the page then showed
    「記録された内容からは判定できません： members[0].birth_date: must not be after as_of」."""
    a, b = opened.members.all()
    tomorrow = timezone.localdate() + timedelta(days=1)
    body = _edit_body(
        opened,
        [
            {"id": str(a.pk), "role": "applicant", "birth_date": tomorrow.isoformat()},
            {"id": str(b.pk), "role": "spouse", "birth_date": "1958-06-01"},
        ],
    )
    response = client.post(reverse("cases:household_edit", kwargs={"pk": opened.pk}), body)
    assert response.status_code == 400
    assert Household.objects.get().version == 1  # nothing written
    assert a.__class__.objects.get(pk=a.pk).birth_date is None
    html = response.content.decode()
    assert 'id="id_members-0-birth_date_error"' in html  # on the member's row
    summary = _summary(html)
    assert "生年月日" in summary  # the summary names the field
    assert 'href="#id_members-0-birth_date"' in summary


def test_a_birth_date_over_130_years_ago_is_taken_for_a_typing_error(client, opened):  # noqa: F811
    a, b = opened.members.all()
    body = _edit_body(
        opened,
        [
            {"id": str(a.pk), "role": "applicant", "birth_date": "1805-04-01"},
            {"id": str(b.pk), "role": "spouse"},
        ],
    )
    response = client.post(reverse("cases:household_edit", kwargs={"pk": opened.pk}), body)
    assert response.status_code == 400
    assert 'id="id_members-0-birth_date_error"' in response.content.decode()


def test_the_eligibility_box_says_which_member_and_which_field_never_the_domains_path(client, opened):  # noqa: F811
    """The walk: 「members[0].birth_date: must not be after as_of」 in the eligibility box (a record saved
    before the form refused it)."""
    a, b = opened.members.all()
    a.birth_date = timezone.localdate() + timedelta(days=30)
    a.name = "山田 太郎"
    a.save()
    b.birth_date = date(1958, 6, 1)
    b.save()
    url = reverse("cases:household", kwargs={"pk": opened.pk})
    for html in (client.get(url).content.decode(), _english(client).get(url).content.decode()):
        box = html.split('id="eligibility-heading"', 1)[1].split("</section>", 1)[0]
        assert "members[" not in box
        assert "as_of" not in box
        assert "must not be" not in box
        assert "山田 太郎" in box  # which member
    assert "birth date of 山田 太郎 is in the future" in box  # which field (English)


def test_the_eligibility_box_of_a_member_without_a_name_names_the_role_and_the_row(opened):  # noqa: F811
    from sumai.cases.households import eligibility

    a, b = opened.members.all()
    a.birth_date = date(1954, 4, 1)
    a.save()
    b.birth_date = timezone.localdate() + timedelta(days=1)
    b.save()
    found = eligibility(Household.objects.get())
    assert found.error.startswith("members[1].birth_date")  # the API keeps the domain's path
    assert "members[" not in found.problem
    assert "(member 2)" in found.problem or "2" in found.problem


def test_another_organisations_view_dates_nothing_it_does_not_compute_and_names_what_consent_shows(
    client,
    completed,  # noqa: F811
    area,
):
    """The walk: on household 1068 (held by another organisation, shared by consent) the eligibility box
    began 「時点、その日に施行されている…」 with no date; and the banner
    「同意のない要配慮情報は表示されません」 next to sensitive items shown by consent did not say which were
    shown."""
    assert _consent(client, completed, area.npo_a, ["income", "criminal"]).status_code == 302
    other = _english(client.__class__())
    other.force_login(area.member(area.npo_a))
    html = other.get(reverse("cases:household", kwargs={"pk": completed.pk})).content.decode()
    box = html.split('id="eligibility-heading"', 1)[1].split("</section>", 1)[0]
    assert "As of ," not in box
    assert "As of" not in box  # nothing is computed for it: no date to give
    banner = html.split('class="notice"', 1)[1].split("</div>", 1)[0]
    assert "Shown by consent: Criminal record, Incomes." in banner
    assert "Not shared with your organisation:" in banner
    assert "Health and disability" in banner.split("Not shared with your organisation:", 1)[1]
    ja = other.__class__()
    ja.force_login(area.member(area.npo_a))
    html = ja.get(reverse("cases:household", kwargs={"pk": completed.pk})).content.decode()
    box = html.split('id="eligibility-heading"', 1)[1].split("</section>", 1)[0]
    assert "<p>時点" not in box


def test_the_holders_eligibility_box_still_gives_its_date(client, completed):  # noqa: F811
    html = client.get(reverse("cases:household", kwargs={"pk": completed.pk})).content.decode()
    assert f"{timezone.localdate():%Y-%m-%d} 時点" in html


def test_the_edit_forms_errors_come_at_once_in_a_summary_at_the_top(client, opened):  # noqa: F811
    """The walk: the long household form had no summary at the top, so an error far down the page was not
    found; and an error of the housing fields hid the members' errors until it was corrected."""
    a, b = opened.members.all()
    tomorrow = timezone.localdate() + timedelta(days=1)
    body = _edit_body(
        opened,
        [
            {"id": str(a.pk), "role": "applicant", "birth_date": "1954-04-01"},
            {"id": str(b.pk), "role": "spouse", "birth_date": tomorrow.isoformat()},
        ],
        max_rent="-5",
    )
    response = _english(client).post(reverse("cases:household_edit", kwargs={"pk": opened.pk}), body)
    assert response.status_code == 400
    html = response.content.decode()
    summary = _summary(html)
    assert html.index('id="error-summary"') < html.index('id="members-heading"')  # at the top
    assert 'href="#id_members-1-birth_date"' in summary  # the member's field, linked
    assert "Member 2" in summary  # which member
    assert 'href="#id_max_rent"' in summary  # and the housing field, at once
    assert 'tabindex="-1"' in html.split('id="error-summary"', 1)[0].rsplit("<div", 1)[1]  # focusable


def test_two_applicants_are_told_with_the_fields_errors(client, opened):  # noqa: F811
    a, b = opened.members.all()
    body = _edit_body(
        opened,
        [{"id": str(a.pk), "role": "applicant"}, {"id": str(b.pk), "role": "applicant"}],
        max_rent="-5",
    )
    response = _english(client).post(reverse("cases:household_edit", kwargs={"pk": opened.pk}), body)
    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert "Exactly one member is the applicant." in summary
    assert 'href="#id_max_rent"' in summary


def test_the_needs_have_no_stray_dash(client, opened):  # noqa: F811
    """The walk: 「必要な条件: 1階またはエレベーター · —」 ("Needs: has pets · —"): the empty "near" was
    joined to the needs as a dash."""
    opened.pets = True
    opened.save()
    html = _english(client).get(reverse("cases:household", kwargs={"pk": opened.pk})).content.decode()
    needs = html.split("<dt>Needs</dt>", 1)[1].split("</dd>", 1)[0]
    assert needs.strip().removeprefix("<dd>") == "has pets"
    opened.pets = False
    opened.save()
    client.cookies["sumai_language"] = "ja"
    html = client.get(reverse("cases:household", kwargs={"pk": opened.pk})).content.decode()
    needs = html.split("<dt>必要な条件</dt>", 1)[1].split("</dd>", 1)[0]
    assert needs.strip().removeprefix("<dd>") == "—"  # nothing recorded: one dash


def test_the_new_household_form_presets_the_caseworkers_municipality(client, area):
    """The walk: the new-household form did not preset 世田谷区 for a member of 世田谷区's department."""
    client.force_login(area.member(area.setagaya_desk))
    form = client.get(reverse("cases:household_new")).context["form"]
    assert str(form["municipality"].value()) == "131121"
    assert '<option value="131121" selected>' in str(form["municipality"])
    other = client.__class__()
    other.force_login(area.member(area.tokyo_council))  # a prefecture's council: no municipality of its own
    assert not other.get(reverse("cases:household_new")).context["form"]["municipality"].value()


def test_the_consent_forms_organisations_are_grouped_by_kind_and_in_order(client, opened, area):  # noqa: F811
    """The walk: the consent form's ~90 organisations that may see were one list of checkboxes in no order
    a person knows (the code points of their names): grouped by kind under headings, municipalities in the
    order of their codes, corporations by name without their legal form."""
    from tests.cases.conftest import MINATO, SHINJUKU, corporation
    from tests.factories import OrganisationFactory

    for name, code in (("新宿区 住宅課", SHINJUKU), ("港区 住宅課", MINATO)):
        OrganisationFactory(kind="municipality", name=name, prefecture_id="13", municipality_id=code)
    corporation("株式会社 いろは", serves=[MINATO])
    area.minato_council.municipality_id = MINATO
    area.minato_council.save()
    html = _english(client).get(reverse("cases:consents", kwargs={"pk": opened.pk})).content.decode()
    form = html.split('id="id_organisations"', 1)[1].split('name="categories"', 1)[0]
    headings = [
        form.index(f"<legend>{text}</legend>")
        for text in ("Municipalities", "Housing support corporations", "Housing support councils")
    ]
    assert headings == sorted(headings)
    assert form.index("港区 住宅課") < form.index("新宿区 住宅課")  # 131032 before 131041
    assert form.index("NPO法人 あおば") < form.index("株式会社 いろは") < form.index("NPO法人 わかば")
    assert headings[0] < form.index("新宿区 住宅課") < headings[1] < form.index("いろは") < headings[2]
    assert form.index("東京都居住支援協議会") < form.index("港区居住支援協議会")  # the prefecture's first
    assert form.index("港区居住支援協議会") > headings[2]


def test_a_household_is_named_in_the_language_of_the_page_and_stored_in_one_form(client, area):
    """The walk: new households got codes like 「H-435617」 while the demo's read 「S-XXXX-XXXX」, and the
    English pages said "Case of 世帯 H-435617" (a Japanese prefix inside English). The stored pseudonym stays
    「世帯 <reference>」 whoever opens the record in whatever language; pages say it in their language."""
    from sumai.domain import consultation

    _english(client).force_login(area.member(area.setagaya_desk))
    response = client.post(
        reverse("cases:household_new"),
        {"organisation": str(area.setagaya_desk.pk), "municipality": "131121", "urgency": "normal"},
    )
    assert response.status_code == 302
    household = Household.objects.get()
    prefix, reference = household.pseudonym.split(" ")
    assert prefix == "世帯"  # stored in one form, though opened from an English page
    assert reference.startswith("H-")
    assert consultation.reference_valid(reference)  # the form of a request's reference: H-7KQ4-MX2P
    client.post(reverse("cases:case_open", kwargs={"pk": household.pk}))
    case = household.cases.get()
    for url in (
        reverse("cases:household", kwargs={"pk": household.pk}),
        reverse("cases:case", kwargs={"pk": case.pk}),
        reverse("cases:cases"),
        reverse("cases:households"),
        reverse("cases:today"),
    ):
        html = client.get(url).content.decode()
        assert f"Household {reference}" in html, url
        assert "世帯" not in html.split("<main", 1)[1], url
    assert (
        f"Case of Household {reference}"
        in client.get(reverse("cases:case", kwargs={"pk": case.pk})).content.decode()
    )
    client.cookies["sumai_language"] = "ja"
    html = client.get(reverse("cases:case", kwargs={"pk": case.pk})).content.decode()
    assert f"世帯 {reference}" in html
    assert "Household" not in html.split("<main", 1)[1]
    # found by the label either language shows
    for typed in (f"Household {reference}", f"世帯 {reference}", reference.lower()):
        assert f"世帯 {reference}" in client.get(reverse("cases:cases"), {"q": typed}).content.decode(), typed


def test_a_pseudonym_stored_in_english_before_is_shown_in_the_language_of_the_page(client, area):
    household = Household.objects.create(
        organisation=area.setagaya_desk, pseudonym="Household H-435617", municipality_id="131121"
    )
    client.force_login(area.member(area.setagaya_desk))
    html = client.get(reverse("cases:household", kwargs={"pk": household.pk})).content.decode()
    assert "<h1>世帯 H-435617</h1>" in html
    other = Household.objects.create(
        organisation=area.setagaya_desk, pseudonym="PLAIN-household", municipality_id="131121"
    )
    html = client.get(reverse("cases:household", kwargs={"pk": other.pk})).content.decode()
    assert "<h1>PLAIN-household</h1>" in html  # a pseudonym of another form: as it is
