"""The inquiry pages (issue #17, item 3): the caseworker's compose page and sending, the refusal without a
consent, the landlord's inbox and page (only shared fields), the signed link (GET never answers; tampered
and expired links refused), the authority's flags, the case page's section and the scoping of each page."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse

from sumai.audit.models import AccessLog
from sumai.cases.models import Consent
from sumai.placements import services_inquiries as services
from sumai.placements import services_placements as placement_services
from sumai.placements.models import LandlordInquiry, RefusalFlag
from sumai.registry.models import Unit
from tests.placements.conftest import (
    ARRANGED,
    MEMBER_NAME,
    Parties,
    accepted_inquiry,
    actor_for,
    lease,
    send,
    today,
)

pytestmark = pytest.mark.django_db


def compose_url(p: Parties, unit: Unit | None = None) -> str:
    return reverse("placements:inquiry_new", kwargs={"pk": p.case.pk}) + f"?unit={(unit or p.unit).pk}"


def body(p: Parties, **changes: str) -> dict[str, str]:
    data = {
        "consent": str(p.consent.pk),
        "rent_guarantee_kind": ARRANGED.rent_guarantee_kind,
        "rent_guarantee": ARRANGED.rent_guarantee,
        "watch_over_kind": ARRANGED.watch_over_kind,
        "watch_over": ARRANGED.watch_over,
        "visits_per_month": "2",
        "daily_check": "on",
        "belongings_kind": ARRANGED.belongings_kind,
        "belongings": ARRANGED.belongings,
        "emergency_kind": ARRANGED.emergency_kind,
        "emergency": ARRANGED.emergency,
        "caseworker_organisation": "世田谷区役所",
        "caseworker_name": "相談員 一郎",
        "caseworker_phone": "03-5432-1111",
        "message": "ご検討ください",
    }
    data.update(changes)
    return data


def declined_for_lonely_death(client, p: Parties) -> tuple[LandlordInquiry, RefusalFlag]:  # type: ignore[no-untyped-def]
    """An inquiry the landlord declined for 孤独死 through its answer page, and the refusal flag it raised."""
    inquiry = send(p)
    client.force_login(p.landlord)
    client.post(
        reverse("placements:landlord_answer", kwargs={"pk": inquiry.pk}),
        {"action": "decline", "reason": "lonely_death", "version": inquiry.version},
    )
    return inquiry, RefusalFlag.objects.get()


def test_compose_shows_the_home_the_package_and_what_the_landlord_will_see(client, parties: Parties) -> None:
    client.force_login(parties.caseworker)
    response = client.get(compose_url(parties))
    assert response.status_code == 200
    page = response.content.decode()
    assert parties.unit.building.name in page
    assert "孤独死" in page  # the top worry of an elderly household, from the survey
    assert MEMBER_NAME not in page
    assert AccessLog.objects.filter(object_type="placements:inquiry_new").count() == 1


def test_compose_and_send(client, parties: Parties) -> None:
    client.force_login(parties.caseworker)
    response = client.post(compose_url(parties), body(parties))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("cases:case", kwargs={"pk": parties.case.pk})
    inquiry = LandlordInquiry.objects.get()
    assert inquiry.state == "sent"
    assert inquiry.package["arrangements"]["rent_guarantee"]["provider"] == "あんしん保証"
    # the case page lists it with its state and due date, and a withdraw button
    page = client.get(response["Location"]).content.decode()
    assert inquiry.reference in page
    assert "placements/inquiry" not in page
    assert (
        reverse("placements:inquiry_withdraw", kwargs={"pk": parties.case.pk, "inquiry": inquiry.pk}) in page
    )


def test_bad_input_names_the_field(client, parties: Parties) -> None:
    client.force_login(parties.caseworker)
    response = client.post(compose_url(parties), body(parties, visits_per_month="", daily_check=""))
    assert response.status_code == 400
    assert 'id="id_visits_per_month"' in response.content.decode()
    assert not LandlordInquiry.objects.exists()


def test_without_a_consent_the_page_says_so_and_links_to_record_one(client, parties: Parties) -> None:
    parties.consent.purpose = "相談の記録"
    parties.consent.save()
    client.force_login(parties.caseworker)
    response = client.get(compose_url(parties))
    assert response.status_code == 200
    assert reverse("cases:consents", kwargs={"pk": parties.w.household.pk}) in response.content.decode()
    response = client.post(compose_url(parties), body(parties))
    assert response.status_code == 400
    assert not LandlordInquiry.objects.exists()


def test_caseworker_of_another_organisation_gets_404(client, parties: Parties) -> None:
    other = parties.w.area.member(parties.w.area.npo_a)
    client.force_login(other)
    assert client.get(compose_url(parties)).status_code == 404
    inquiry = send(parties)
    url = reverse("placements:inquiry_withdraw", kwargs={"pk": parties.case.pk, "inquiry": inquiry.pk})
    assert client.post(url, {"version": inquiry.version}).status_code == 404
    inquiry.refresh_from_db()
    assert inquiry.state == "sent"


def test_caseworker_withdraws(client, parties: Parties) -> None:
    inquiry = send(parties)
    client.force_login(parties.caseworker)
    url = reverse("placements:inquiry_withdraw", kwargs={"pk": parties.case.pk, "inquiry": inquiry.pk})
    assert client.post(url, {"version": inquiry.version, "confirmed": "yes"}).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.state == "withdrawn"
    # twice: a message, never a 500
    response = client.post(url, {"version": inquiry.version, "confirmed": "yes"}, follow=True)
    assert response.status_code == 200


def test_withdrawing_asks_first_and_says_what_it_gives_up(client, parties: Parties) -> None:
    """A walk: one click withdrew an inquiry. The button says which inquiry; the first POST answers a page
    that says what withdrawing does, with the version carried, and only its "yes" withdraws."""
    inquiry = send(parties)
    client.force_login(parties.caseworker)
    case_page = client.get(reverse("cases:case", kwargs={"pk": parties.case.pk})).content.decode()
    assert f"入居照会 {inquiry.reference} を取り下げる…" in html.unescape(case_page)
    url = reverse("placements:inquiry_withdraw", kwargs={"pk": parties.case.pk, "inquiry": inquiry.pk})
    asked = client.post(url, {"version": inquiry.version})
    assert asked.status_code == 200
    page = html.unescape(asked.content.decode())
    assert inquiry.reference in page
    assert 'name="confirmed" value="yes"' in page
    assert f'name="version" value="{inquiry.version}"' in page
    inquiry.refresh_from_db()
    assert inquiry.state == "sent"
    assert client.post(url, {"version": inquiry.version, "confirmed": "yes"}).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.state == "withdrawn"


def test_an_inquiry_a_placement_was_recorded_from_cannot_be_withdrawn(client, parties: Parties) -> None:
    """A walk: the accepted inquiry of a placement was withdrawn from the case page, and the placement then
    named an inquiry the case called withdrawn. No button; the service refuses with the reason."""
    inquiry = accepted_inquiry(parties.w, parties.unit, reference="Q-TEST-0001")
    placement = placement_services.placement_record(
        actor=parties.w.staff,
        case=parties.case,
        unit=parties.unit,
        data=lease(),
        inquiry=inquiry,
        acknowledged=True,
    )
    client.force_login(parties.caseworker)
    url = reverse("placements:inquiry_withdraw", kwargs={"pk": parties.case.pk, "inquiry": inquiry.pk})
    case_page = client.get(reverse("cases:case", kwargs={"pk": parties.case.pk})).content.decode()
    assert inquiry.reference in case_page
    assert url not in case_page
    assert reverse("placements:placement", kwargs={"pk": parties.case.pk, "placement": placement.pk}) in (
        case_page
    )
    response = client.post(url, {"version": inquiry.version, "confirmed": "yes"}, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any(inquiry.reference in m and "取り下げ" in m for m in messages), messages
    inquiry.refresh_from_db()
    assert inquiry.state == "accepted"
    with pytest.raises(ValidationError):
        services.inquiry_withdraw(actor=actor_for(parties.caseworker), inquiry=inquiry, version=None)
    inquiry.refresh_from_db()
    assert inquiry.state == "accepted"


def test_the_landlord_page_shows_only_shared_fields(client, parties: Parties) -> None:
    parties.w.household.circumstances = ["dv_victim"]
    parties.w.household.save()
    inquiry = send(parties)
    client.force_login(parties.landlord)
    inbox = client.get(reverse("placements:landlord_inquiries")).content.decode()
    assert inquiry.reference in inbox
    response = client.get(reverse("placements:landlord_inquiry", kwargs={"pk": inquiry.pk}))
    assert response.status_code == 200
    # the words of the page, without the form's random CSRF token (it held "DV" one run in some sixty)
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    assert "NPO法人 あおば" in page
    assert "相談員 一郎" in page
    hh = parties.w.household
    for secret in (MEMBER_NAME, hh.pseudonym, hh.address, "障害", "DV", "配偶者", "低額所得", "ベトナム語"):
        assert secret not in page, secret
    assert AccessLog.objects.filter(object_type="placements:landlord_inquiry").count() == 1


def test_the_landlord_answers_in_sumai(client, parties: Parties) -> None:
    inquiry = send(parties)
    client.force_login(parties.landlord)
    url = reverse("placements:landlord_answer", kwargs={"pk": inquiry.pk})
    response = client.post(
        url, {"action": "decline", "reason": "other", "text": "", "version": inquiry.version}
    )
    assert response.status_code == 400  # "other" needs a text
    response = client.post(url, {"action": "decline", "reason": "lonely_death", "version": inquiry.version})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.state == "declined"
    assert inquiry.answered_via == "platform"
    assert RefusalFlag.objects.filter(inquiry=inquiry).exists()
    # a second answer: a clear message, never a 500
    response = client.post(url, {"action": "accept", "version": inquiry.version})
    assert response.status_code == 400
    assert "no longer" in response.content.decode() or "できません" in response.content.decode()


def test_a_stale_form_is_refused_with_409(client, parties: Parties) -> None:
    inquiry = send(parties)
    client.force_login(parties.landlord)
    url = reverse("placements:landlord_answer", kwargs={"pk": inquiry.pk})
    client.post(url, {"action": "offer_viewing", "viewing": "土曜", "version": inquiry.version})
    response = client.post(url, {"action": "accept", "version": inquiry.version})
    assert response.status_code == 409


def test_another_landlord_gets_404(client, parties: Parties) -> None:
    inquiry = send(parties)
    client.force_login(parties.other_landlord)
    assert inquiry.reference not in client.get(reverse("placements:landlord_inquiries")).content.decode()
    assert client.get(reverse("placements:landlord_inquiry", kwargs={"pk": inquiry.pk})).status_code == 404
    url = reverse("placements:landlord_answer", kwargs={"pk": inquiry.pk})
    assert client.post(url, {"action": "accept"}).status_code == 404
    inquiry.refresh_from_db()
    assert inquiry.state == "sent"


def test_the_agent_sees_its_principals_inquiries(client, parties: Parties) -> None:
    inquiry = send(parties)
    client.force_login(parties.agent_user)
    assert client.get(reverse("placements:landlord_inquiry", kwargs={"pk": inquiry.pk})).status_code == 200


def link_of(inquiry: LandlordInquiry) -> str:
    return reverse("placements:inquiry_link", kwargs={"token": services.link_token(inquiry)})


def test_the_signed_link_get_never_answers_post_does(client, parties: Parties) -> None:
    from django.core import mail

    mail.outbox.clear()
    inquiry = send(parties)
    body_text = next(m.body for m in mail.outbox if "landlord@example.jp" in m.to)
    found = re.search(r"https?://\S*/i/(\S+)/", body_text)
    assert found is not None
    url = reverse("placements:inquiry_link", kwargs={"token": found.group(1)})
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="action"' in page
    assert MEMBER_NAME not in page
    inquiry.refresh_from_db()
    assert inquiry.state == "sent"
    response = client.post(
        url, {"action": "offer_viewing", "viewing": "平日午後", "version": inquiry.version}
    )
    assert response.status_code == 302  # POST-redirect-GET: the link's page shows the answer
    assert response["Location"] == url
    inquiry.refresh_from_db()
    assert inquiry.state == "viewing_offered"
    assert inquiry.answered_via == "link"
    client.post(url, {"action": "accept", "version": inquiry.version})
    inquiry.refresh_from_db()
    assert inquiry.state == "accepted"
    # final: the link shows the answer and no form
    page = client.get(url).content.decode()
    assert 'name="action"' not in page
    response = client.post(url, {"action": "decline", "reason": "neighbours", "version": inquiry.version})
    assert response.status_code == 400
    inquiry.refresh_from_db()
    assert inquiry.state == "accepted"


def test_a_tampered_link_is_refused(client, parties: Parties) -> None:
    inquiry = send(parties)
    token = services.link_token(inquiry)
    bad = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("placements:inquiry_link", kwargs={"token": bad})).status_code == 404
    other = signing.TimestampSigner(salt=services.SIGNER_SALT).sign(f"{inquiry.pk}:{inquiry.operator_id + 1}")
    assert client.get(reverse("placements:inquiry_link", kwargs={"token": other})).status_code == 404
    assert (
        client.post(
            reverse("placements:inquiry_link", kwargs={"token": bad}), {"action": "accept"}
        ).status_code
        == 404
    )
    inquiry.refresh_from_db()
    assert inquiry.state == "sent"


def test_an_expired_link_is_refused(client, parties: Parties) -> None:
    import time

    inquiry = send(parties)
    days = (inquiry.answer_due - today()).days + services.LINK_GRACE_DAYS + 2
    with mock.patch("django.core.signing.time.time", return_value=time.time() - days * 86400):
        token = services.link_token(inquiry)
    url = reverse("placements:inquiry_link", kwargs={"token": token})
    assert client.get(url).status_code == 410
    assert client.post(url, {"action": "accept"}).status_code == 410
    inquiry.refresh_from_db()
    assert inquiry.state == "sent"
    assert services.link_max_age(inquiry) > timedelta(days=services.LINK_GRACE_DAYS)


def test_the_authority_reads_and_resolves_its_flags(client, parties: Parties) -> None:
    _inquiry, flag = declined_for_lonely_death(client, parties)
    client.force_login(parties.reviewer)
    listing = client.get(reverse("placements:flags")).content.decode()
    assert parties.operator.name in listing
    page = client.get(reverse("placements:flag", kwargs={"pk": flag.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert MEMBER_NAME not in text
    assert parties.w.household.pseudonym not in text
    assert "障害" not in text
    response = client.post(
        reverse("placements:flag_resolve", kwargs={"pk": flag.pk}),
        {"resolution": "guidance", "note": "登録内容を説明", "version": flag.version},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.resolution == "guidance"
    # another authority: 404
    client.force_login(parties.other_reviewer)
    assert client.get(reverse("placements:flag", kwargs={"pk": flag.pk})).status_code == 404
    assert parties.operator.name not in client.get(reverse("placements:flags")).content.decode()


def test_the_case_page_marks_an_overdue_inquiry(client, parties: Parties) -> None:
    inquiry = send(parties)
    due = today() - timedelta(days=1)
    LandlordInquiry.objects.filter(pk=inquiry.pk).update(answer_due=due)
    client.force_login(parties.caseworker)
    page = client.get(reverse("cases:case", kwargs={"pk": parties.case.pk})).content.decode()
    section = page.split('id="inquiries-heading"', 1)[1].split("</section>", 1)[0]
    assert inquiry.reference in section
    assert due.isoformat() in section
    assert "期限超過" in section  # overdue
    # another organisation's member never sees the section (the case itself is not theirs)
    client.force_login(parties.w.area.member(parties.w.area.npo_a))
    assert client.get(reverse("cases:case", kwargs={"pk": parties.case.pk})).status_code == 404


def test_dashboards_link_to_the_inboxes(client, parties: Parties) -> None:
    client.force_login(parties.landlord)
    assert reverse("placements:landlord_inquiries") in client.get(reverse("web:dashboard")).content.decode()
    client.force_login(parties.reviewer)
    assert reverse("placements:flags") in client.get(reverse("web:dashboard")).content.decode()


def test_back_after_sending_says_the_home_was_already_asked_about(client, parties: Parties) -> None:
    """The walk: Back after sending reopened a blank form for the same home, with no word of the inquiry."""
    inquiry = send(parties)
    client.force_login(parties.caseworker)
    url = reverse("placements:inquiry_new", kwargs={"pk": parties.case.pk}) + f"?unit={parties.unit.pk}"
    page = client.get(url).content.decode()
    assert inquiry.reference in page
    assert "既に照会しています" in page
    assert 'name="rent_guarantee"' not in page  # no second form for the same home


def test_matched_homes_say_which_were_asked_already(client, parties: Parties) -> None:
    """Back on the matched homes after sending: the home asked about says so, with the inquiry's reference
    and state, and offers no second inquiry while the landlord's answer is awaited; once the inquiry is
    over (withdrawn) it offers to ask again. Homes not asked keep "Ask the landlord"."""
    from tests.matching.test_homes import search

    inquiry = send(parties)
    snap = search(client, parties.w)
    url = reverse("matching:snapshot", kwargs={"pk": parties.case.pk, "snapshot": snap.pk})
    ask = reverse("placements:inquiry_new", kwargs={"pk": parties.case.pk}) + "?unit={}&amp;snapshot="
    page = client.get(url).content.decode()
    assert f'id="asked-{parties.unit.pk}"' in page
    assert inquiry.reference in page
    assert ask.format(parties.unit.pk) not in page
    others = [u for k, u in parties.w.units.items() if k in ("ok_dedicated", "ok_cheap")]
    for other in others:
        assert f'id="asked-{other.pk}"' not in page
        assert ask.format(other.pk) in page

    services.inquiry_withdraw(actor=actor_for(parties.caseworker), inquiry=inquiry, version=inquiry.version)
    page = client.get(url).content.decode()
    assert f'id="asked-{parties.unit.pk}"' in page
    assert ask.format(parties.unit.pk) in page  # asking again is offered


def test_what_the_landlord_will_see_reads_in_english_on_an_english_page(client, parties: Parties) -> None:
    """The walk: an English page showed 「孤独死などの不安：Not answered（60% of landlords…）」, ages joined
    with 、 and the survey's year as 令和元年度."""
    client.force_login(parties.caseworker)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(compose_url(parties)).content.decode()
    shared = page.split('id="household-heading"', 1)[1].split('id="caseworker-heading"', 1)[0]
    assert "dying alone" in shared
    assert "孤独死" not in shared
    assert "令和" not in shared
    assert "（" not in shared
    assert "、" not in shared
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    page = client.get(compose_url(parties)).content.decode()
    assert "孤独死などの不安" in page  # the survey's own words in Japanese


def test_a_get_of_an_address_that_only_takes_a_post_goes_back_to_the_form_s_page(
    client, parties: Parties
) -> None:
    """A walk: an answer with errors is shown at the POST-only address (/landlord/inquiries/<pk>/answer/);
    a reload with Enter, or switching the language there, gave a blank 405. A GET goes back to the page
    the form belongs to (for the asker only: others still get 404); the pages that take GET stay pages."""
    inquiry = send(parties)
    landlord_page = reverse("placements:landlord_inquiry", kwargs={"pk": inquiry.pk})
    answer = reverse("placements:landlord_answer", kwargs={"pk": inquiry.pk})
    client.force_login(parties.other_landlord)
    assert client.get(answer).status_code == 404
    client.force_login(parties.landlord)
    assert client.post(answer, {"action": "decline", "version": inquiry.version}).status_code == 400
    back = client.get(answer)
    assert (back.status_code, back["Location"]) == (302, landlord_page)
    # the signed link's page takes GET itself (and never answers by it)
    link = link_of(inquiry)
    assert client.post(link, {"action": "decline", "version": inquiry.version}).status_code == 400
    assert client.get(link).status_code == 200

    # the caseworker's withdraw (its confirmation page is shown at the POST address too) and compose
    client.force_login(parties.caseworker)
    withdraw = reverse("placements:inquiry_withdraw", kwargs={"pk": parties.case.pk, "inquiry": inquiry.pk})
    assert client.post(withdraw, {"version": inquiry.version}).status_code == 200
    back = client.get(withdraw)
    assert back.status_code == 302
    assert back["Location"].startswith(reverse("cases:case", kwargs={"pk": parties.case.pk}))
    other = parties.w.units["ok_cheap"]
    assert client.post(compose_url(parties, other), body(parties, consent="")).status_code == 400
    assert client.get(compose_url(parties, other)).status_code == 200

    # the authority's resolve
    client.force_login(parties.landlord)
    client.post(answer, {"action": "decline", "reason": "lonely_death", "version": inquiry.version})
    flag = RefusalFlag.objects.get()
    resolve = reverse("placements:flag_resolve", kwargs={"pk": flag.pk})
    client.force_login(parties.other_reviewer)
    assert client.get(resolve).status_code == 404
    client.force_login(parties.reviewer)
    assert client.post(resolve, {"resolution": "", "version": flag.version}).status_code == 400
    back = client.get(resolve)
    assert (back.status_code, back["Location"]) == (302, reverse("placements:flag", kwargs={"pk": flag.pk}))
    # switching the language on the page the POST answered goes back to the same address, then the page
    switched = client.post(reverse("set_language"), {"language": "en", "next": resolve}, follow=True)
    assert switched.status_code == 200
    assert switched.redirect_chain[-1][0] == reverse("placements:flag", kwargs={"pk": flag.pk})


def test_striking_off_is_recorded_with_a_note_after_a_warning_and_the_page_links_the_registration(
    client, parties: Parties
) -> None:
    """A walk: resolving a flag as 「登録を取り消した」 was accepted with no note and no confirmation while
    the home stayed listed. The note is required (named on its field, in the form and the service); the page
    says that striking off is done in the registry and links the registration; recording it asks first,
    and says so when the registration is still in force."""
    from sumai.registry.models import Registration

    _inquiry, flag = declined_for_lonely_death(client, parties)
    registration = Registration.objects.get(building=parties.unit.building)
    client.force_login(parties.reviewer)
    page = html.unescape(client.get(reverse("placements:flag", kwargs={"pk": flag.pk})).content.decode())
    assert reverse("registry:review", kwargs={"pk": registration.pk}) in page
    assert "登録の取消しは登録簿で" in page
    resolve = reverse("placements:flag_resolve", kwargs={"pk": flag.pk})

    no_note = client.post(resolve, {"resolution": "struck_off", "note": " ", "version": flag.version})
    assert no_note.status_code == 400
    assert 'id="id_note_error"' in no_note.content.decode()
    with pytest.raises(ValidationError) as err:
        services.flag_resolve(
            actor=actor_for(parties.reviewer), flag=flag, resolution="struck_off", note="", version=None
        )
    assert "note" in err.value.message_dict

    body = {"resolution": "struck_off", "note": "2026年6月1日 取消し", "version": flag.version}
    asked = client.post(resolve, body)
    assert asked.status_code == 200
    text = html.unescape(asked.content.decode())
    assert 'name="confirmed" value="yes"' in text
    assert "登録はまだ有効" in text  # registered: recording does not strike it off
    flag.refresh_from_db()
    assert flag.resolved_on is None
    assert client.post(resolve, {**body, "confirmed": "yes"}).status_code == 302
    flag.refresh_from_db()
    assert (flag.resolution, flag.resolution_note) == ("struck_off", "2026年6月1日 取消し")


def test_two_consents_of_one_purpose_for_different_organisations_are_told_apart(
    client, parties: Parties
) -> None:
    """The walk: the consent list read 「住まい探しのため家主へ照会すること（2026-01-01）」 twice — one
    named the landlord, the other its agent. Each choice now says who may see."""
    parties.consent.organisations.add(parties.operator)
    second = Consent.objects.create(
        household=parties.w.household,
        purpose=parties.consent.purpose,
        categories=[],
        method="signed_form",
        given_on=parties.consent.given_on,
    )
    second.organisations.add(parties.agent)
    client.force_login(parties.caseworker)
    page = html.unescape(client.get(compose_url(parties)).content.decode())
    options = re.findall(r'<input type="radio" name="consent" value="\d+"[^>]*>\s*([^<]*)</label>', page)
    assert len(options) == 2
    assert len(set(options)) == 2, options
    assert any(parties.operator.name in o for o in options)
    assert any(parties.agent.name in o for o in options)


def test_languages_are_chosen_by_name_and_the_landlord_reads_names_not_codes(
    client, parties: Parties
) -> None:
    """The walk: the field asked for 'language codes separated by commas' and the landlord read 'vi, zh'."""
    client.force_login(parties.caseworker)
    page = client.get(compose_url(parties)).content.decode()
    assert 'type="checkbox" name="languages" value="vi"' in page
    assert 'name="languages" value="ja"' not in page  # Japanese goes without saying
    response = client.post(compose_url(parties), {**body(parties), "languages": ["vi", "zh"]})
    assert response.status_code == 302
    inquiry = LandlordInquiry.objects.get()
    assert inquiry.package["arrangements"]["caseworker"]["languages"] == ["vi", "zh"]
    client.force_login(parties.landlord)
    shown = client.get(reverse("placements:landlord_inquiry", kwargs={"pk": inquiry.pk})).content.decode()
    other = shown.split("Other languages", 1)[-1] if "Other languages" in shown else shown
    assert "ベトナム語" in shown
    assert "中国語" in shown
    assert ">vi" not in other
    assert "vi, zh" not in shown


def test_a_kind_of_provider_without_a_provider_is_refused_naming_the_field(client, parties: Parties) -> None:
    client.force_login(parties.caseworker)
    response = client.post(compose_url(parties), body(parties, belongings=""))
    assert response.status_code == 400
    page = response.content.decode()
    error = page.split('id="id_belongings_error"', 1)[1].split("</p>", 1)[0]
    assert "Say who provides it" in error or "提供" in error
    assert not LandlordInquiry.objects.exists()


def test_the_preview_follows_the_fields_without_sending(client, parties: Parties) -> None:
    """The walk: the preview of what the landlord sees stayed as the page first showed it. The page's script
    posts the form with preview=1 as fields change; the answer carries the new preview and sends nothing."""
    client.force_login(parties.caseworker)
    page = client.get(compose_url(parties)).content.decode()
    assert 'hx-vals=\'{"preview": "1"}\'' in page
    assert 'hx-select="#preview"' in page
    response = client.post(
        compose_url(parties),
        {**body(parties, rent_guarantee="みらい保証", visits_per_month=""), "preview": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    preview = response.content.decode().split('id="preview"', 1)[1]
    assert "みらい保証" in preview
    assert not LandlordInquiry.objects.exists()


def test_the_compose_page_and_the_message_after_sending_say_when_the_landlord_cannot_be_e_mailed(
    client, parties: Parties
) -> None:
    """The walk: 「入居照会 … を送信しました」 for landlords nobody on Sumai receives e-mail for — nothing
    went anywhere. The compose page says so before sending, with the phone to call; the message after sending
    says the landlord was not e-mailed."""
    from tests.placements.test_inquiries_services import lone_landlord_home

    unit = lone_landlord_home(parties)
    client.force_login(parties.caseworker)
    page = html.unescape(client.get(compose_url(parties, unit)).content.decode())
    warning = page.split('id="landlord-not-emailed"', 1)[1].split("</div>", 1)[0]
    assert "03-1111-2222" in warning
    assert "中央管理 賃貸管理部" in warning
    response = client.post(compose_url(parties, unit), body(parties), follow=True)
    inquiry = LandlordInquiry.objects.get(unit=unit)
    said = html.unescape(response.content.decode())
    notice = said.split(inquiry.reference, 1)[0].rsplit('class="message', 1)[1]
    assert "message-warning" in notice
    shown = said.split('class="message', 1)[1].split("</", 1)[0]
    assert "03-1111-2222" in shown
    assert "送信しました" not in shown
    # a landlord with a member: no warning, and "sent"
    assert 'id="landlord-not-emailed"' not in client.get(compose_url(parties)).content.decode()


def test_a_flag_needs_a_note_and_its_page_shows_who_resolved_it_when_and_the_note(
    client, parties: Parties
) -> None:
    """The walk: resolved as 「助言・指導を行った」 with an empty note, the flag's page then read only
    「助言・指導を行った（2026-12-07）」. A note is required for every resolution; the page shows the
    resolution, the day, who resolved it and the note."""
    _inquiry, flag = declined_for_lonely_death(client, parties)
    client.force_login(parties.reviewer)
    resolve = reverse("placements:flag_resolve", kwargs={"pk": flag.pk})
    page = client.get(reverse("placements:flag", kwargs={"pk": flag.pk})).content.decode()
    assert "note" in page.split('name="note"', 1)[0].rsplit("<label", 1)[1]  # the label of the note
    assert "※" in page.split('for="id_note"', 1)[1].split("</label>", 1)[0]  # marked required
    empty = client.post(resolve, {"resolution": "guidance", "note": "  ", "version": flag.version})
    assert empty.status_code == 400
    error = empty.content.decode().split('id="id_note_error"', 1)[1].split("</p>", 1)[0]
    assert "何をしたか" in html.unescape(error) or "what the authority did" in error
    flag.refresh_from_db()
    assert flag.resolved_on is None
    note = "12月7日、家主に電話で登録基準を説明した。"
    assert (
        client.post(resolve, {"resolution": "guidance", "note": note, "version": flag.version}).status_code
        == 302
    )
    shown = html.unescape(client.get(reverse("placements:flag", kwargs={"pk": flag.pk})).content.decode())
    resolution = shown.split('id="resolution"', 1)[1].split("</dl>", 1)[0]
    assert note in resolution
    assert parties.reviewer.name in resolution
    assert today().isoformat() in resolution


def test_answering_by_the_link_redirects_to_the_link_s_page_which_shows_the_answer_and_the_comment(
    client, parties: Parties
) -> None:
    """The walk: Back after answering on the link's page showed Chrome's 「フォームの再送信の確認」
    (ERR_CACHE_MISS): the thanks were the answer to the POST. The POST now redirects to the link's page
    (POST-redirect-GET), which shows the thanks, the answer and the landlord's own comment (not shown back
    before)."""
    inquiry = send(parties)
    url = link_of(inquiry)
    comment = "室内での喫煙がご心配です。"
    response = client.post(
        url, {"action": "decline", "reason": "other", "text": comment, "version": inquiry.version}
    )
    assert response.status_code == 302
    assert response["Location"] == url
    page = html.unescape(client.get(url).content.decode())
    assert "ありがとうございました" in page or "Thank you" in page
    assert comment in page.split('id="answer-note"', 1)[1].split("</dd>", 1)[0]
    assert "お断り" in page.split('id="inquiry-state"', 1)[1].split("</dd>", 1)[0]
    assert 'name="sumai-form-page"' not in page  # a GET: its history entry is its own


def test_a_page_answering_a_post_with_errors_names_the_form_s_page_for_the_history(
    client, parties: Parties
) -> None:
    """The walk: after the authority resolved a flag following an error, Back showed 「フォームの再送信の
    確認」: the error page (the answer to a POST, not stored) was in the history. Such a page names its
    form's page, which web/menu.js puts in the POST's place (tests/e2e/test_inquiries_history.py goes Back
    in a browser)."""
    _inquiry, flag = declined_for_lonely_death(client, parties)
    client.force_login(parties.reviewer)
    flag_url = reverse("placements:flag", kwargs={"pk": flag.pk})
    response = client.post(
        reverse("placements:flag_resolve", kwargs={"pk": flag.pk}),
        {"resolution": "", "version": flag.version},
    )
    assert response.status_code == 400
    assert f'<meta name="sumai-form-page" content="{flag_url}">' in response.content.decode()
    assert 'name="sumai-form-page"' not in client.get(flag_url).content.decode()
    inquiry = send(parties, unit=parties.w.units["ok_dedicated"])
    url = link_of(inquiry)
    bad = client.post(url, {"action": "decline", "version": inquiry.version})
    assert bad.status_code == 400
    assert f'<meta name="sumai-form-page" content="{url}">' in bad.content.decode()
    client.force_login(parties.caseworker)
    sent = client.post(compose_url(parties), body(parties, caseworker_name=""))
    assert sent.status_code == 400
    assert (
        f'<meta name="sumai-form-page" content="{html.escape(compose_url(parties))}">'
        in sent.content.decode()
    )


def test_the_inbox_s_filter_links_say_which_is_in_force(client, parties: Parties) -> None:
    """The walk: 「回答待ち · すべて」 did not show which list was shown."""
    send(parties)
    client.force_login(parties.landlord)
    inbox = reverse("placements:landlord_inquiries")
    for query, current in (("", "?"), ("?state=open", "?state=open")):
        page = client.get(inbox + query).content.decode()
        links = re.findall(r'<a href="(\?[^"]*)"( aria-current="page")?>', page.split('class="tabs"', 1)[1])
        assert [href for href, mark in links if mark] == [current], links


def test_the_preview_shows_the_caseworker_s_message_as_the_landlord_will_read_it(
    client, parties: Parties
) -> None:
    """The walk: the preview 「家主に表示される内容」 left out the caseworker's message, which the landlord's
    page shows first 「支援者からのメッセージ」. It shows it, and follows the field (htmx, preview=1)."""
    client.force_login(parties.caseworker)
    response = client.post(
        compose_url(parties),
        {**body(parties, message="見学は平日を希望します。"), "preview": "1"},
        HTTP_HX_REQUEST="true",
    )
    preview = html.unescape(response.content.decode()).split('id="preview"', 1)[1]
    assert "支援者からのメッセージ" in preview
    assert preview.index("見学は平日を希望します。") < preview.index('id="household-heading"')
    assert not LandlordInquiry.objects.exists()


def test_the_consents_are_radio_buttons_whose_whole_text_reads(client, parties: Parties) -> None:
    """The walk: the consent drop-down's text was cut short on a desktop (「… (give」). One radio button per
    consent, its whole description in its label."""
    client.force_login(parties.caseworker)
    page = html.unescape(client.get(compose_url(parties)).content.decode())
    assert '<select name="consent"' not in page
    [label] = re.findall(r'<input type="radio" name="consent" value="\d+"[^>]*>\s*([^<]*)</label>', page)
    assert parties.consent.purpose in label
    assert "2026-01-01" in label
    response = client.post(compose_url(parties), body(parties))
    assert response.status_code == 302
