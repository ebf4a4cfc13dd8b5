"""Consent on the pages (issue #16, item 4): without it the record stays with its holder; with it the named
organisation sees the record and only the categories consented to; withdrawal takes effect at once; the
household's "who saw my data" report lists every view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sumai.cases.models import Consent, Household
from tests.cases.test_households import _edit_body, opened  # noqa: F401 - the fixture
from tests.otp import password_typed

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(client, opened):  # type: ignore[no-untyped-def]  # noqa: F811
    a, b = opened.members.all()
    body = _edit_body(
        opened,
        [
            {
                "id": str(a.pk),
                "role": "applicant",
                "birth_date": "1954-04-01",
                "disability": "ordinary",
                "certificate": "身体障害者手帳2級",
                "pension_gross": "1200000",
            },
            {"id": str(b.pk), "role": "spouse", "birth_date": "1958-06-01"},
        ],
        address="世田谷区太子堂1-2-3",
        circumstances=["dv_victim"],
    )
    assert client.post(reverse("cases:household_edit", kwargs={"pk": opened.pk}), body).status_code == 302
    return Household.objects.get()


def _consent(client, household, org, categories):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("cases:consents", kwargs={"pk": household.pk}),
        {
            "purpose": "住まい探しと入居後の見守り",
            "organisations": [str(org.pk)],
            "categories": categories,
            "method": "signed_form",
            "given_on": timezone.localdate().isoformat(),
        },
    )


def test_consent_shows_the_record_to_the_named_organisation_with_only_its_categories(client, completed, area):
    npo = area.npo_a
    holder = client.session  # noqa: F841 - the caseworker stays logged in below
    other = client.__class__()
    other.force_login(area.member(npo))
    url = reverse("cases:household", kwargs={"pk": completed.pk})
    assert other.get(url).status_code == 404  # no consent: the record stays with its holder
    assert completed.pseudonym not in other.get(reverse("cases:households")).content.decode()

    assert _consent(client, completed, npo, ["income"]).status_code == 302
    page = other.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "1,200,000" in html  # income: consented
    assert "身体障害者手帳2級" not in html  # health: not consented
    assert "太子堂" not in html  # a DV victim's whereabouts: not consented
    assert "法2条1項4号" not in html  # no eligibility (it would tell the disability)
    assert other.get(reverse("cases:household_edit", kwargs={"pk": completed.pk})).status_code == 404

    consent = Consent.objects.get()
    asked = client.post(
        reverse("cases:consent_withdraw", kwargs={"pk": completed.pk, "consent_id": consent.pk})
    )
    assert asked.status_code == 200  # asks first
    client.post(
        reverse("cases:consent_withdraw", kwargs={"pk": completed.pk, "consent_id": consent.pk}),
        {"confirmed": "yes"},
    )
    assert other.get(url).status_code == 404  # at once


def test_a_verbal_consent_needs_a_witness_and_nothing_is_kept_without(client, completed, area):
    response = client.post(
        reverse("cases:consents", kwargs={"pk": completed.pk}),
        {
            "purpose": "見守り",
            "organisations": [str(area.npo_a.pk)],
            "categories": ["health"],
            "method": "verbal",
            "given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "witness" in response.context["form"].errors
    assert not Consent.objects.exists()


def test_the_who_saw_my_data_report_lists_every_view(client, completed, area):
    other = client.__class__()
    other.force_login(area.member(area.npo_a))
    _consent(client, completed, area.npo_a, ["income"])
    other.get(reverse("cases:household", kwargs={"pk": completed.pk}))
    client.get(reverse("cases:household", kwargs={"pk": completed.pk}))
    password_typed(client)  # the printable report asks for the password again (tests/cases/test_exports.py)
    password_typed(other)
    report = client.get(reverse("cases:access_report", kwargs={"pk": completed.pk})).content.decode()
    assert str(area.member(area.npo_a)) in report
    assert str(area.member(area.setagaya_desk)) in report
    assert report.count("<tr>") >= 3  # the header, the other organisation's view and the holder's
    assert other.get(reverse("cases:access_report", kwargs={"pk": completed.pk})).status_code == 404


def test_a_consent_given_in_the_future_is_refused_and_the_list_reads_as_japanese(client, completed, area):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("cases:consents", kwargs={"pk": completed.pk}),
        {
            "purpose": "見守り",
            "organisations": [str(area.npo_a.pk)],
            "categories": ["health", "income"],
            "method": "signed_form",
            "given_on": tomorrow.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "given_on" in response.context["form"].errors
    assert not Consent.objects.exists()
    _consent(client, completed, area.npo_a, ["health", "income"])
    consent = Consent.objects.get()
    consent.expires_on = timezone.localdate() + timedelta(days=365)
    consent.save()
    page = client.get(reverse("cases:consents", kwargs={"pk": completed.pk})).content.decode()
    assert f"{consent.expires_on:%Y-%m-%d}まで" in page  # not 「— まで 2027-12-05」
    listed = page.split('class="plain-list consents"', 1)[1].split("</ul>", 1)[0]
    assert "、" in listed  # categories joined the Japanese way
    assert ", " not in listed


def test_each_consent_says_its_state_and_its_categories_in_words(client, completed, area):
    """The walk: the list's state and category columns read blank (a button, an empty cell) and its five
    columns were one character wide on a phone: each consent is a panel that says it is in force or
    withdrawn, and that it covers no sensitive category when it covers none."""
    _consent(client, completed, area.npo_a, [])
    page = client.get(reverse("cases:consents", kwargs={"pk": completed.pk})).content.decode()
    listed = page.split('class="plain-list consents"', 1)[1].split("</ul>", 1)[0]
    assert "<table" not in listed
    assert "有効" in listed
    assert "要配慮" in listed or "なし" in listed
    consent = Consent.objects.get()
    consent.withdrawn_at = timezone.now()
    consent.save()
    listed = client.get(reverse("cases:consents", kwargs={"pk": completed.pk})).content.decode()
    assert "撤回" in listed or "取り下げ" in listed


def test_two_organisations_of_one_name_are_told_apart_where_data_is_shared(client, completed, area):
    """The walk: two 江戸川区居住支援協議会 side by side on the consent form, nothing to tell them apart."""
    from sumai.accounts.models import Organisation

    twin = Organisation.objects.create(kind="support_corporation", name=area.npo_a.name, prefecture_id="13")
    page = client.get(reverse("cases:consents", kwargs={"pk": completed.pk})).content.decode()
    assert f"{area.npo_a.name}（居住支援法人・番号 {area.npo_a.pk}）" in page
    assert f"{area.npo_a.name}（居住支援法人・番号 {twin.pk}）" in page
    assert f"{area.npo_b.name}（居住支援法人）" in page
