"""Three gaps of the inquiries to landlords, as a caseworker meets them:

1. a landlord with no account and no e-mail answers by phone (in person, by fax): the caseworker records
   the answer on the inquiry's page, and it goes through the landlord's own step with every consequence;
2. no inquiry is composed for a household whose case is housed, followed up or closed, even by typing the
   compose page's address;
3. a refusal flag's evidence tells a fear the package answered only in part as "partly answered", not as
   "not answered"."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from sumai.audit.models import AccessLog, AuditEvent
from sumai.cases.models import Case, CaseEntry
from sumai.core.errors import NotAllowed
from sumai.placements import services_inquiries as services
from sumai.placements.models import LandlordAnswerRecord, LandlordInquiry, RefusalFlag
from sumai.registry.models import Unit
from tests.placements.conftest import ARRANGED, Parties, actor_for, member, record, send, today

pytestmark = pytest.mark.django_db


def english(client: Any) -> None:
    client.cookies["sumai_language"] = "en"


def page_url(inquiry: LandlordInquiry) -> str:
    return reverse("placements:inquiry", kwargs={"pk": inquiry.case_id, "inquiry": inquiry.pk})


def record_url(inquiry: LandlordInquiry) -> str:
    return reverse("placements:inquiry_record_answer", kwargs={"pk": inquiry.case_id, "inquiry": inquiry.pk})


def by_phone(p: Parties, inquiry: LandlordInquiry, action: str, *, actor: Any = None, **kw: Any) -> Any:
    inquiry.refresh_from_db()
    relayed = services.Relayed(
        channel=kw.pop("channel", "phone"),
        given_on=kw.pop("given_on", today()),
        spoke_to=kw.pop("spoke_to", "高橋 太郎"),
        note=kw.pop("note", "午前に電話"),
    )
    return services.inquiry_answer_record(
        actor=actor_for(actor or p.caseworker),
        inquiry=inquiry,
        answer=services.Answer(action=action, **kw),
        relayed=relayed,
        version=inquiry.version,
    )


def form(inquiry: LandlordInquiry, **changes: str) -> dict[str, str]:
    data = {
        "channel": "phone",
        "action": "accept",
        "given_on": today().isoformat(),
        "spoke_to": "高橋 太郎",
        "note": "午前に電話",
        "version": str(inquiry.version),
    }
    data.update(changes)
    return data


def landlord_mail(p: Parties) -> list[Any]:
    to = {p.landlord.email, p.agent_user.email, p.operator.email}
    return [m for m in mail.outbox if to & set(m.to)]


# ------------------------------------------------------------------------------------ 1. by phone: service


def test_an_acceptance_by_phone_is_the_landlord_s_answer_recorded_by_the_caseworker(parties: Parties) -> None:
    inquiry = send(parties)
    mail.outbox.clear()
    done = by_phone(parties, inquiry, "accept", given_on=today())
    assert done.state == "accepted"
    assert done.answered_via == "phone"
    assert done.answered_by == parties.caseworker
    assert done.answered_on == today()
    assert (done.answer_contact, done.answer_record_note) == ("高橋 太郎", "午前に電話")
    # the landlord's record counts it as answered, like an answer in Sumai
    record_row = LandlordAnswerRecord.objects.get(operator=parties.operator)
    assert (record_row.asked, record_row.answered, record_row.accepted) == (1, 1, 1)
    event = AuditEvent.objects.get(action="landlord_inquiry.answer", object_id=str(inquiry.pk))
    assert event.actor_id == parties.caseworker.pk
    assert event.after["via"] == "phone"
    # the timeline line is written as the caseworker, names them and the channel, whom they spoke to
    line = CaseEntry.objects.filter(case=parties.case, text__contains=inquiry.reference).latest("pk")
    assert line.author_id == parties.caseworker.pk
    assert parties.caseworker.name in line.text
    assert "高橋 太郎" in line.text
    assert "午前に電話" in line.text
    # nobody e-mails the landlord that it answered; the caseworker who recorded it is not told either
    assert landlord_mail(parties) == []
    assert parties.caseworker.email not in {a for m in mail.outbox for a in m.to}


def test_a_colleague_s_record_tells_the_case_s_caseworker(parties: Parties) -> None:
    colleague = member(parties.case.organisation, "colleague@example.jp", role="staff")
    inquiry = send(parties)
    mail.outbox.clear()
    by_phone(parties, inquiry, "offer_viewing", actor=colleague, viewing="土曜午前", channel="in_person")
    told = [m for m in mail.outbox if inquiry.reference in m.subject]
    assert [m.to for m in told] == [[parties.caseworker.email]]
    assert colleague.name in told[0].body
    assert landlord_mail(parties) == []
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.answered_via, inquiry.viewing_proposal) == (
        "viewing_offered",
        "in_person",
        "土曜午前",
    )


def test_already_let_by_phone_marks_the_home_occupied(parties: Parties) -> None:
    inquiry = send(parties)
    assert Unit.objects.get(pk=parties.unit.pk).vacancy == "vacant"
    by_phone(parties, inquiry, "decline", reason="already_let", channel="fax")
    assert Unit.objects.get(pk=parties.unit.pk).vacancy == "occupied"
    assert not RefusalFlag.objects.exists()


def test_a_decline_by_phone_raises_the_flag_as_the_landlord_s_own_would(parties: Parties) -> None:
    inquiry = send(parties)
    mail.outbox.clear()
    by_phone(parties, inquiry, "decline", reason="lonely_death", given_on=today())
    flag = RefusalFlag.objects.get(inquiry=inquiry)
    assert flag.groups == ["elderly"]
    assert flag.package_status == "answered"
    assert "reviewer@example.jp" in {a for m in mail.outbox for a in m.to}
    assert AuditEvent.objects.filter(action="refusal_flag.raise", object_id=str(flag.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"given_on": "future"}, "given_on"),
        ({"given_on": "before"}, "given_on"),
        ({"given_on": None}, "given_on"),
        ({"channel": "platform"}, "channel"),  # a landlord's own channel is not a record
        ({"channel": "carrier pigeon"}, "channel"),
        ({"spoke_to": "x" * 101}, "spoke_to"),
        ({"note": "x" * 2001}, "note"),
        ({"action": "decline", "reason": "other"}, "text"),
        ({"action": "decline"}, "reason"),
        ({"action": "offer_viewing"}, "viewing"),
    ],
)
def test_a_bad_record_names_its_field_and_writes_nothing(
    parties: Parties, changes: dict[str, Any], field: str
) -> None:
    inquiry = send(parties)
    days = {"future": today() + timedelta(days=1), "before": today() - timedelta(days=1)}
    if "given_on" in changes:
        changes["given_on"] = days.get(changes["given_on"])
    action = changes.pop("action", "accept")
    events = AuditEvent.objects.count()
    entries = CaseEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        by_phone(parties, inquiry, action, **changes)
    assert field in err.value.message_dict
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.answered_via) == ("sent", "")
    assert AuditEvent.objects.count() == events
    assert CaseEntry.objects.count() == entries


def test_only_a_writer_of_the_organisation_that_sent_it_records_an_answer(parties: Parties) -> None:
    inquiry = send(parties)
    viewer = member(parties.case.organisation, "viewer@example.jp", role="viewer")
    outsider = parties.w.area.member(parties.w.area.npo_a)
    for user in (parties.landlord, viewer, outsider):
        with pytest.raises(NotAllowed):
            by_phone(parties, inquiry, "accept", actor=user)
    inquiry.refresh_from_db()
    assert inquiry.state == "sent"


def test_a_landlord_cannot_claim_a_phone_answer(parties: Parties) -> None:
    inquiry = send(parties)
    with pytest.raises(ValueError, match="inquiry_answer_record"):
        services.inquiry_answer(
            actor=actor_for(parties.landlord),
            inquiry=inquiry,
            answer=services.Answer(action="accept"),
            version=None,
            via="phone",
        )


def test_a_final_answer_cannot_be_recorded_again(parties: Parties) -> None:
    inquiry = send(parties)
    by_phone(parties, inquiry, "decline", reason="neighbours")
    with pytest.raises(ValidationError):
        by_phone(parties, inquiry, "accept")
    inquiry.refresh_from_db()
    assert inquiry.state == "declined"


# ------------------------------------------------------------------------------------ 1. by phone: pages


def test_the_caseworker_s_inquiry_page_offers_the_record_form(client: Any, parties: Parties) -> None:
    inquiry = send(parties)
    client.force_login(parties.caseworker)
    case_page = client.get(reverse("cases:case", kwargs={"pk": parties.case.pk})).content.decode()
    assert page_url(inquiry) + "#record-answer" in case_page
    response = client.get(page_url(inquiry))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="record-heading"' in page
    assert record_url(inquiry) in page
    for name in ("channel", "action", "reason", "text", "given_on", "spoke_to", "note"):
        assert f'name="{name}"' in page
    assert "sumai-form-page" not in page  # a GET is its own page
    assert AccessLog.objects.filter(object_type="placements:inquiry").count() == 1
    # a viewer of the organisation reads it without the form; a landlord does not see it at all
    viewer = member(parties.case.organisation, "viewer@example.jp", role="viewer")
    client.force_login(viewer)
    response = client.get(page_url(inquiry))
    assert response.status_code == 200
    assert 'id="record-heading"' not in response.content.decode()
    assert client.post(record_url(inquiry), form(inquiry)).status_code == 403
    client.force_login(parties.landlord)
    assert client.get(page_url(inquiry)).status_code == 403
    assert client.post(record_url(inquiry), form(inquiry)).status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.state == "sent"


def test_recording_by_phone_redirects_and_every_page_says_who_recorded_it(
    client: Any, parties: Parties
) -> None:
    inquiry = send(parties)
    client.force_login(parties.caseworker)
    english(client)
    response = client.post(record_url(inquiry), form(inquiry, action="decline", reason="neighbours"))
    assert response.status_code == 302
    assert response["Location"] == page_url(inquiry)  # Post-Redirect-Get
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.answered_via) == ("declined", "phone")
    said = f"Answered by phone (recorded by {parties.caseworker.name}, {today():%Y-%m-%d})"
    page = html.unescape(client.get(page_url(inquiry)).content.decode())
    assert said in page
    assert 'id="record-heading"' not in page  # final: nothing more to record
    case_page = html.unescape(
        client.get(reverse("cases:case", kwargs={"pk": parties.case.pk})).content.decode()
    )
    assert said in case_page
    # the landlord's inbox and page say it too, without the caseworker's note
    client.force_login(parties.landlord)
    english(client)
    inbox = html.unescape(client.get(reverse("placements:landlord_inquiries")).content.decode())
    assert said in inbox
    landlord_page = html.unescape(
        client.get(reverse("placements:landlord_inquiry", kwargs={"pk": inquiry.pk})).content.decode()
    )
    assert said in landlord_page
    assert "午前に電話" not in landlord_page


def test_a_phone_answer_s_channels_read_apart(client: Any, parties: Parties) -> None:
    for channel, words in (
        ("in_person", "Answered in person"),
        ("fax", "Answered by fax"),
        ("other", "Answered another way"),
    ):
        LandlordInquiry.objects.all().delete()
        inquiry = send(parties)
        client.force_login(parties.caseworker)
        english(client)
        assert client.post(record_url(inquiry), form(inquiry, channel=channel)).status_code == 302
        assert words in html.unescape(client.get(page_url(inquiry)).content.decode())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"given_on": "tomorrow"}, "given_on"),
        ({"given_on": "before"}, "given_on"),
        ({"given_on": "いつか"}, "given_on"),
        ({"given_on": ""}, "given_on"),
        ({"channel": ""}, "channel"),
        ({"channel": "platform"}, "channel"),
        ({"action": ""}, "action"),
        ({"action": "decline", "reason": ""}, "reason"),
        ({"action": "decline", "reason": "other", "text": ""}, "text"),
        ({"action": "offer_viewing", "viewing": ""}, "viewing"),
    ],
)
def test_bad_input_answers_400_beside_the_field_and_writes_nothing(
    client: Any, parties: Parties, changes: dict[str, str], field: str
) -> None:
    inquiry = send(parties)
    days = {
        "tomorrow": (today() + timedelta(days=1)).isoformat(),
        "before": (today() - timedelta(days=1)).isoformat(),
    }
    if "given_on" in changes:
        changes["given_on"] = days.get(changes["given_on"], changes["given_on"])
    client.force_login(parties.caseworker)
    events = AuditEvent.objects.count()
    response = client.post(record_url(inquiry), form(inquiry, **changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert f'<meta name="sumai-form-page" content="{page_url(inquiry)}">' in page
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.answered_via) == ("sent", "")
    assert AuditEvent.objects.count() == events


def test_a_stale_record_is_refused_with_409(client: Any, parties: Parties) -> None:
    inquiry = send(parties)
    stale = form(inquiry)
    by_phone(parties, inquiry, "offer_viewing", viewing="平日午後")
    client.force_login(parties.caseworker)
    assert client.post(record_url(inquiry), stale).status_code == 409
    inquiry.refresh_from_db()
    assert inquiry.state == "viewing_offered"


def test_a_get_of_the_record_address_goes_back_to_the_inquiry(client: Any, parties: Parties) -> None:
    inquiry = send(parties)
    client.force_login(parties.caseworker)
    response = client.get(record_url(inquiry))
    assert (response.status_code, response["Location"]) == (302, page_url(inquiry))


# ------------------------------------------------------------------------------------ 2. housed: no inquiry


def set_status(p: Parties, status: str) -> None:
    from django.utils import timezone

    closing = {"close_reason": "other", "closed_at": timezone.now()} if status == "closed" else {}
    Case.objects.filter(pk=p.case.pk).update(status=status, **closing)
    p.case.refresh_from_db()


def compose_url(p: Parties) -> str:
    return reverse("placements:inquiry_new", kwargs={"pk": p.case.pk}) + f"?unit={p.w.units['ok_cheap'].pk}"


def compose_body(p: Parties) -> dict[str, str]:
    return {
        "consent": str(p.consent.pk),
        "watch_over_kind": ARRANGED.watch_over_kind,
        "watch_over": ARRANGED.watch_over,
        "visits_per_month": "2",
        "caseworker_organisation": "世田谷区役所",
        "caseworker_name": "相談員 一郎",
    }


@pytest.mark.parametrize("status", ["housed", "following_up", "closed"])
def test_no_inquiry_for_a_housed_household_by_the_service(parties: Parties, status: str) -> None:
    set_status(parties, status)
    with pytest.raises(ValidationError) as err:
        send(parties, unit=parties.w.units["ok_cheap"])
    assert err.value.messages == [services.why_no_inquiry(parties.case)]
    assert not LandlordInquiry.objects.exists()


def test_the_compose_page_of_a_housed_household_says_why_instead_of_the_form(
    client: Any, parties: Parties
) -> None:
    placement = record(parties.w)  # the lease is signed: the case is housed
    parties.case.refresh_from_db()
    assert parties.case.status == "housed"
    LandlordInquiry.objects.all().delete()
    client.force_login(parties.caseworker)
    english(client)
    for url in (compose_url(parties), reverse("placements:inquiry_new", kwargs={"pk": parties.case.pk})):
        response = client.get(url)
        assert response.status_code == 200
        page = html.unescape(response.content.decode())
        assert "This household is housed" in page
        assert 'id="no-inquiry"' in page
        assert reverse("cases:case", kwargs={"pk": parties.case.pk}) in page
        assert (
            reverse("placements:placement", kwargs={"pk": parties.case.pk, "placement": placement.pk}) in page
        )
        assert 'name="consent"' not in page
    response = client.post(compose_url(parties), compose_body(parties))
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "This household is housed" in page
    assert "sumai-form-page" in page
    assert not LandlordInquiry.objects.exists()


@pytest.mark.parametrize(
    ("status", "words"), [("following_up", "This household is housed"), ("closed", "closed")]
)
def test_the_compose_page_refuses_a_followed_up_or_closed_case(
    client: Any, parties: Parties, status: str, words: str
) -> None:
    set_status(parties, status)
    client.force_login(parties.caseworker)
    english(client)
    response = client.get(compose_url(parties))
    assert response.status_code == 200
    assert words in html.unescape(response.content.decode())
    assert 'name="consent"' not in response.content.decode()
    assert client.post(compose_url(parties), compose_body(parties)).status_code == 409
    assert not LandlordInquiry.objects.exists()


# ------------------------------------------------------------------------------------ 3. the flag's evidence


def test_a_partly_answered_worry_reads_partly_answered_on_the_flag(client: Any, parties: Parties) -> None:
    """孤独死 is answered by a watch-over and the disposal of belongings: with the watch-over alone the
    package answers it in part, and the flag's evidence said the package "did not answer" it."""
    from dataclasses import replace

    inquiry = send(parties, arrangements=replace(ARRANGED, belongings_kind="", belongings=""))
    fear = next(f for f in inquiry.package["fears"] if f["fear"] == "lonely_death")
    assert fear["status"] == "partly"
    client.force_login(parties.landlord)
    client.post(
        reverse("placements:landlord_answer", kwargs={"pk": inquiry.pk}),
        {"action": "decline", "reason": "lonely_death", "version": inquiry.version},
    )
    flag = RefusalFlag.objects.get(inquiry=inquiry)
    assert flag.package_status == "partly"
    client.force_login(parties.reviewer)
    english(client)
    page = html.unescape(client.get(reverse("placements:flag", kwargs={"pk": flag.pk})).content.decode())
    evidence = page.split('id="package-status">', 1)[1].split("<", 1)[0]
    assert evidence == "Partly answered"


def test_the_flag_says_not_answered_only_when_nothing_was_arranged_for_the_worry(
    client: Any, parties: Parties
) -> None:
    from dataclasses import replace

    bare = replace(ARRANGED, watch_over_kind="", watch_over="", belongings_kind="", belongings="")
    inquiry = send(parties, arrangements=bare)
    by_phone(parties, inquiry, "decline", reason="lonely_death")
    flag = RefusalFlag.objects.get(inquiry=inquiry)
    assert flag.package_status == "unanswered"
    client.force_login(parties.reviewer)
    english(client)
    page = html.unescape(client.get(reverse("placements:flag", kwargs={"pk": flag.pk})).content.decode())
    assert page.split('id="package-status">', 1)[1].split("<", 1)[0] == "Not answered"
