"""Defects a new user's walk found in the inquiries to landlords: a refusal flag raised today always read
"not known" for the package; the landlord's page called the caseworker's record of a phone answer "your
comment"; a draft inquiry's page said it was answered; two tabs recording an answer; the record form's
error links and its pre-set channel; the compose form's number of visits typed in full-width digits."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from sumai.placements import services_inquiries as services
from sumai.placements.models import LandlordInquiry, RefusalFlag
from sumai.registry import vacancy
from tests.placements.conftest import Parties, actor_for, send, today

pytestmark = pytest.mark.django_db

FULL = services.ArrangementsInput(
    watch_over_kind="support_corporation",
    watch_over="NPO法人 あおば",
    visits_per_month=2,
    daily_check=True,
    belongings_kind="support_corporation",
    belongings="NPO法人 あおば",
    emergency_kind="support_corporation",
    emergency="NPO法人 あおば",
    caseworker_organisation="世田谷区役所",
    caseworker_name="小林 直子",
    caseworker_phone="03-5432-1111",
)
NOTHING = services.ArrangementsInput(caseworker_organisation="世田谷区役所", caseworker_name="小林 直子")
EMERGENCY_ONLY = services.ArrangementsInput(
    emergency_kind="family",
    emergency="親族（別居）",
    caseworker_organisation="世田谷区役所",
    caseworker_name="小林 直子",
)


def younger_spouse(p: Parties) -> None:
    """One member of 76 and one of 50: an older person's household the survey's types do not call
    "elderly single" or "elderly only" (its fears do not list lonely death), still of the elderly group."""
    spouse = p.w.household.members.get(role="spouse")
    spouse.birth_date = date(today().year - 50, 1, 1)
    spouse.save()


def by_link(inquiry: LandlordInquiry, reason: str) -> None:
    inquiry.refresh_from_db()
    services.inquiry_answer(
        actor=vacancy.SIGNED_LINK,
        inquiry=inquiry,
        answer=services.Answer(action="decline", reason=reason),
        version=inquiry.version,
        via="link",
    )


def by_phone(p: Parties, inquiry: LandlordInquiry, reason: str) -> None:
    inquiry.refresh_from_db()
    services.inquiry_answer_record(
        actor=actor_for(p.caseworker),
        inquiry=inquiry,
        answer=services.Answer(action="decline", reason=reason),
        relayed=services.Relayed(channel="phone", given_on=today()),
        version=inquiry.version,
    )


# ------------------------------------------------------------------ 1. the flag's "did the package answer"
@pytest.mark.parametrize(
    ("arranged", "verdict"), [(FULL, "answered"), (NOTHING, "unanswered"), (EMERGENCY_ONLY, "unanswered")]
)
@pytest.mark.parametrize("how", ["link", "phone"])
def test_a_lonely_death_flag_tells_whether_the_package_answered_it(
    parties: Parties, arranged: services.ArrangementsInput, verdict: str, how: str
) -> None:
    younger_spouse(parties)
    inquiry = send(parties, arrangements=arranged)
    assert "lonely_death" not in {f["fear"] for f in inquiry.package["fears"]}
    if how == "link":
        by_link(inquiry, "lonely_death")
    else:
        by_phone(parties, inquiry, "lonely_death")
    flag = RefusalFlag.objects.get(inquiry=inquiry)
    assert flag.package_status == verdict


def test_a_worry_answered_in_part_is_partly_answered_even_when_the_package_did_not_list_it(
    parties: Parties,
) -> None:
    younger_spouse(parties)
    watch_only = services.ArrangementsInput(
        watch_over_kind="support_corporation",
        watch_over="NPO法人 あおば",
        visits_per_month=2,
        caseworker_organisation="世田谷区役所",
        caseworker_name="小林 直子",
    )
    inquiry = send(parties, arrangements=watch_only)
    by_phone(parties, inquiry, "lonely_death")
    assert RefusalFlag.objects.get(inquiry=inquiry).package_status == "partly"


def test_the_flag_page_shows_the_verdict_not_not_known(client: Any, parties: Parties) -> None:
    younger_spouse(parties)
    inquiry = send(parties, arrangements=FULL)
    by_link(inquiry, "lonely_death")
    flag = RefusalFlag.objects.get(inquiry=inquiry)
    client.force_login(parties.reviewer)
    page = client.get(reverse("placements:flag", kwargs={"pk": flag.pk})).content.decode()
    assert "不明" not in page.split('id="package-status"')[1][:80]


def test_the_flag_page_says_a_decline_given_by_phone_was_recorded_by_the_caseworker(
    client: Any, parties: Parties
) -> None:
    """A re-walk: the flag of a decline the caseworker recorded from a phone call read as the landlord's own
    ("Landlord's note"): the authority could not tell who relayed it."""
    younger_spouse(parties)
    inquiry = send(parties, arrangements=FULL)
    by_phone(parties, inquiry, "lonely_death")
    flag = RefusalFlag.objects.get(inquiry=inquiry)
    client.force_login(parties.reviewer)
    page = client.get(reverse("placements:flag", kwargs={"pk": flag.pk})).content.decode()
    how = page.split('id="answered-how">')[1].split("</dd>")[0]
    assert how == f"電話で回答（記録: {parties.caseworker.name}, {today():%Y-%m-%d}）"
    inquiry = send(parties, arrangements=FULL)  # another home, declined by the landlord's own link
    by_link(inquiry, "lonely_death")
    flag = RefusalFlag.objects.get(inquiry=inquiry)
    page = client.get(reverse("placements:flag", kwargs={"pk": flag.pk})).content.decode()
    assert 'id="answered-how"' not in page


# ------------------------------------------------------------------ helpers of the pages
def page_url(inquiry: LandlordInquiry) -> str:
    return reverse("placements:inquiry", kwargs={"pk": inquiry.case_id, "inquiry": inquiry.pk})


def record_url(inquiry: LandlordInquiry) -> str:
    return reverse("placements:inquiry_record_answer", kwargs={"pk": inquiry.case_id, "inquiry": inquiry.pk})


def record_form(inquiry: LandlordInquiry, **changes: str) -> dict[str, str]:
    data = {
        "channel": "phone",
        "action": "accept",
        "given_on": today().isoformat(),
        "version": str(inquiry.version),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def landlord_page(client: Any, p: Parties, inquiry: LandlordInquiry) -> str:
    client.force_login(p.landlord)
    return client.get(reverse("placements:landlord_inquiry", kwargs={"pk": inquiry.pk})).content.decode()


# ------------------------------------------------------------------ 2. the landlord reads a recorded comment
def test_the_landlord_reads_a_phone_answer_s_comment_as_what_the_caseworker_noted(
    client: Any, parties: Parties
) -> None:
    inquiry = send(parties, arrangements=FULL)
    client.force_login(parties.caseworker)
    data = record_form(inquiry, action="decline", reason="other", text="ペット不可のため")
    assert client.post(record_url(inquiry), data).status_code == 302
    page = landlord_page(client, parties, inquiry)
    label = page.split('id="answer-note-label">')[1].split("<")[0]
    assert "ご記入いただいたコメント" not in page
    assert label == f"お伺いした内容（記録: {parties.caseworker.name}）"
    correction = page.split('id="answer-correction">')[1].split("</p>")[0]
    # whom to tell when it was recorded wrongly: the package's caseworker, organisation and contact
    assert "世田谷区役所" in correction
    assert "小林 直子" in correction
    assert "03-5432-1111" in correction


def test_the_landlord_s_own_comment_stays_its_own(client: Any, parties: Parties) -> None:
    inquiry = send(parties)
    client.force_login(parties.landlord)
    client.post(
        reverse("placements:landlord_answer", kwargs={"pk": inquiry.pk}),
        {"action": "accept", "text": "よろしくお願いします", "version": inquiry.version},
    )
    page = landlord_page(client, parties, inquiry)
    assert page.split('id="answer-note-label">')[1].split("<")[0] == "ご記入いただいたコメント"
    assert 'id="answer-correction"' not in page


def test_the_landlord_page_in_english_says_the_caseworker_noted_it(client: Any, parties: Parties) -> None:
    inquiry = send(parties, arrangements=FULL)
    by_phone(parties, inquiry, "lonely_death")
    LandlordInquiry.objects.filter(pk=inquiry.pk).update(answer_note="Worried about living alone")
    client.cookies["sumai_language"] = "en"
    page = landlord_page(client, parties, inquiry)
    assert "Your comment" not in page
    assert f"What the caseworker noted (recorded by {parties.caseworker.name})" in page
    assert "If it was recorded wrongly, contact 小林 直子 of 世田谷区役所 (03-5432-1111)." in page


# ------------------------------------------------------------------ 3. a draft says it was not sent
def draft_of(p: Parties) -> LandlordInquiry:
    return LandlordInquiry.objects.create(
        reference="Q-DRAF-T001",
        case=p.case,
        household=p.w.household,
        organisation=p.case.organisation,
        unit=p.unit,
        operator=p.operator,
        consent=p.consent,
        state="draft",
    )


def test_a_draft_s_page_says_it_was_not_sent_and_where_to_ask(client: Any, parties: Parties) -> None:
    draft = draft_of(parties)
    client.force_login(parties.caseworker)
    page = client.get(page_url(draft)).content.decode()
    assert "回答済みまたは終了" not in page
    assert 'id="inquiry-draft"' in page
    assert "送信されていません" in page.split('id="inquiry-draft"')[1].split("</p>")[0]
    sent = page.split('id="inquiry-sent">')[1].split("</dd>")[0]
    due = page.split('id="inquiry-due">')[1].split("</dd>")[0]
    assert sent == due == "未送信"
    ask = reverse("placements:inquiry_new", kwargs={"pk": parties.case.pk}) + f"?unit={parties.unit.pk}"
    assert f'href="{ask}"' in page
    assert client.get(ask).status_code == 200  # the draft does not block a new inquiry about the home


# ------------------------------------------------------------------ 4. two tabs
def test_recording_on_an_inquiry_answered_meanwhile_says_which_answer_stands(
    client: Any, parties: Parties
) -> None:
    inquiry = send(parties)
    stale = record_form(inquiry, action="accept")  # the first tab
    by_phone(parties, inquiry, "lonely_death")  # the second tab, or a colleague
    client.force_login(parties.caseworker)
    response = client.post(record_url(inquiry), stale)
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    said = page.split('id="answer-conflict"')[1].split("</div>")[0]
    assert "あなたの回答（入居可）は記録されていません" in said
    assert "お断り" in said
    assert parties.caseworker.name in said
    assert today().isoformat() in said
    assert "変更されました" not in page  # not the generic sentence
    # the page shows the current answer, and no form to record another
    assert "お断り" in page.split('id="inquiry-state">')[1].split("</dd>")[0]
    assert 'name="channel"' not in page
    inquiry.refresh_from_db()
    assert inquiry.state == "declined"


# ------------------------------------------------------------------ 5. error links to radio groups
def test_the_record_form_s_error_links_go_to_the_first_radio_of_each_group(
    client: Any, parties: Parties
) -> None:
    inquiry = send(parties)
    client.force_login(parties.caseworker)
    response = client.post(record_url(inquiry), record_form(inquiry, channel=None, action=None))
    assert response.status_code == 400
    page = response.content.decode()
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    links = re.findall(r'href="([^"]*)"', summary)
    assert "#" not in links
    assert "#id_channel_0" in links
    assert "#id_action_0" in links
    assert 'id="id_channel_0"' in page
    assert 'id="id_action_0"' in page


def test_the_compose_form_s_error_link_to_the_consent_goes_to_its_first_choice(
    client: Any, parties: Parties
) -> None:
    client.force_login(parties.caseworker)
    url = reverse("placements:inquiry_new", kwargs={"pk": parties.case.pk}) + f"?unit={parties.unit.pk}"
    page = client.post(url, {"caseworker_organisation": "x", "caseworker_name": "y"}).content.decode()
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_consent_0"' in summary
    assert 'href="#"' not in summary


# ------------------------------------------------------------------ 6. how the landlord answered: no default
def test_how_the_landlord_answered_is_not_pre_set(client: Any, parties: Parties) -> None:
    inquiry = send(parties)
    client.force_login(parties.caseworker)
    page = client.get(page_url(inquiry)).content.decode()
    channels = re.findall(r'<input[^>]*name="channel"[^>]*>', page)
    assert len(channels) == 4
    assert not any("checked" in c for c in channels)
    response = client.post(record_url(inquiry), record_form(inquiry, channel=None))
    assert response.status_code == 400
    assert "どのように回答したか" in response.content.decode() or "電話" in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.state == "sent"


# ------------------------------------------------------------------ 7. visits a month in full-width digits
def compose_body(p: Parties, **changes: str) -> dict[str, str]:
    data = {
        "consent": str(p.consent.pk),
        "watch_over_kind": "support_corporation",
        "watch_over": "NPO法人 あおば",
        "visits_per_month": "2",
        "caseworker_organisation": "世田谷区役所",
        "caseworker_name": "小林 直子",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("typed", ["２", " ２ ", "2回", "２回"])
def test_visits_a_month_typed_on_a_japanese_keyboard_are_read(
    client: Any, parties: Parties, typed: str
) -> None:
    client.force_login(parties.caseworker)
    url = reverse("placements:inquiry_new", kwargs={"pk": parties.case.pk}) + f"?unit={parties.unit.pk}"
    page = client.get(url).content.decode()
    field = re.search(r'<input[^>]*name="visits_per_month"[^>]*>', page)
    assert field is not None
    assert 'type="text"' in field[0]
    assert 'inputmode="numeric"' in field[0]
    response = client.post(url, compose_body(parties, visits_per_month=typed))
    assert response.status_code == 302, response.content.decode()[:3000]
    inquiry = LandlordInquiry.objects.get(case=parties.case)
    assert inquiry.package["arrangements"]["watch_over"]["visits_per_month"] == 2


@pytest.mark.parametrize("typed", ["two", "二", "1.5", "-1", "32"])
def test_visits_a_month_that_are_not_a_number_say_so(client: Any, parties: Parties, typed: str) -> None:
    client.force_login(parties.caseworker)
    url = reverse("placements:inquiry_new", kwargs={"pk": parties.case.pk}) + f"?unit={parties.unit.pk}"
    response = client.post(url, compose_body(parties, visits_per_month=typed))
    assert response.status_code == 400
    page = response.content.decode()
    assert "0から31までの数字" in page
    assert not LandlordInquiry.objects.exists()
