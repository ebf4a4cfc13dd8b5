"""The inquiry services (issue #17, item 3): sending with consent, every transition of the state table
through the services, illegal steps refused with a message, lost updates refused, "already let" marks the
unit occupied, refusal flags raised only where the rule says, the daily expiry, the landlord records the
matching scores."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from sumai.audit.models import AuditEvent
from sumai.cases.models import CaseEntry
from sumai.core.errors import Conflict, NotAllowed
from sumai.domain import placement as domain
from sumai.domain.matching import LandlordRecord
from sumai.matching import selectors as matching_selectors
from sumai.placements import selectors_inquiries as selectors
from sumai.placements import services_inquiries as services
from sumai.placements.models import LandlordInquiry, RefusalFlag
from sumai.registry import vacancy
from sumai.registry.models import Unit
from tests.placements.conftest import MEMBER_NAME, Parties, actor_for, send, today

pytestmark = pytest.mark.django_db


def answer(p: Parties, inquiry: LandlordInquiry, action: str, **kw: str) -> LandlordInquiry:
    inquiry.refresh_from_db()
    return services.inquiry_answer(
        actor=actor_for(p.landlord),
        inquiry=inquiry,
        answer=services.Answer(action=action, **kw),
        version=inquiry.version,
    )


def test_send_records_the_inquiry_and_tells_the_landlord_and_its_agent(parties: Parties) -> None:
    mail.outbox.clear()
    inquiry = send(parties)
    assert inquiry.state == "sent"
    assert inquiry.reference.startswith("Q-")
    assert inquiry.answer_due == domain.answer_due(today())
    assert inquiry.operator == parties.operator
    assert inquiry.consent == parties.consent
    assert AuditEvent.objects.filter(action="landlord_inquiry.send", object_id=str(inquiry.pk)).count() == 1
    assert CaseEntry.objects.filter(case=parties.case, text__contains=inquiry.reference).exists()
    to = {addr for m in mail.outbox for addr in m.to}
    assert {"landlord@example.jp", "agent@example.jp"} <= to
    body = next(m.body for m in mail.outbox if "landlord@example.jp" in m.to)
    assert "/i/" in body  # the one-click link


def test_the_landlord_sees_no_sensitive_category_and_no_personal_data(parties: Parties) -> None:
    from sumai.matching.selectors import household_needs

    groups = household_needs(parties.w.household).groups
    assert "disability" in groups
    assert "low_income" in groups
    mail.outbox.clear()
    inquiry = send(parties)
    assert "disability" not in inquiry.shared["groups"]  # health: not covered by the consent
    assert "low_income" not in inquiry.shared["groups"]  # income: not covered either
    assert "elderly" in inquiry.shared["groups"]
    assert inquiry.shared["members"] == 2
    assert inquiry.shared["age_bands"] == [70, 70]
    body = next(m.body for m in mail.outbox if "landlord@example.jp" in m.to)
    for secret in (MEMBER_NAME, parties.w.household.pseudonym, parties.w.household.address, "障害"):
        assert secret not in body


def test_a_consent_covering_health_shares_the_disability_group(parties: Parties) -> None:
    parties.consent.categories = ["health"]
    parties.consent.save()
    inquiry = send(parties)
    assert "disability" in inquiry.shared["groups"]
    assert "low_income" not in inquiry.shared["groups"]


def test_no_consent_no_inquiry(parties: Parties) -> None:
    parties.consent.purpose = "相談の記録"  # covers no inquiry and names no landlord
    parties.consent.save()
    assert services.covering_consents(parties.w.household, operator_id=parties.operator.pk) == []
    with pytest.raises(ValidationError) as exc:
        send(parties)
    assert "consent" in exc.value.message_dict
    assert not LandlordInquiry.objects.exists()
    # a consent naming the landlord covers it whatever its purpose
    parties.consent.organisations.set([parties.operator])
    assert send(parties).state == "sent"


def test_a_withdrawn_consent_does_not_cover(parties: Parties) -> None:
    from django.utils import timezone

    parties.consent.withdrawn_at = timezone.now()
    parties.consent.save()
    with pytest.raises(ValidationError):
        send(parties)


def test_only_a_writer_of_the_holding_organisation_sends(parties: Parties) -> None:
    from sumai.cases.models import Household

    with pytest.raises(NotAllowed):
        services.inquiry_send(
            actor=actor_for(parties.landlord),
            case=parties.case,
            unit=parties.unit,
            consent=parties.consent,
            arrangements=services.ArrangementsInput(),
            groups=["elderly"],
        )
    assert Household.objects.count() == 1
    assert not LandlordInquiry.objects.exists()


def test_viewing_then_accept(parties: Parties) -> None:
    inquiry = send(parties)
    mail.outbox.clear()
    viewed = answer(parties, inquiry, "offer_viewing", viewing="平日14時以降")
    assert viewed.state == "viewing_offered"
    assert viewed.viewing_proposal == "平日14時以降"
    assert parties.caseworker.email in {a for m in mail.outbox for a in m.to}  # the caseworker is told
    accepted = answer(parties, viewed, "accept")
    assert accepted.state == "accepted"
    assert accepted.answered_by == parties.landlord
    entries = CaseEntry.objects.filter(case=parties.case, text__contains=inquiry.reference)
    assert entries.count() == 3  # sent, viewing, accepted


def test_a_viewing_needs_a_time_and_other_needs_a_text(parties: Parties) -> None:
    inquiry = send(parties)
    with pytest.raises(ValidationError) as exc:
        answer(parties, inquiry, "offer_viewing")
    assert "viewing" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        answer(parties, inquiry, "decline", reason="other")
    assert "text" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        answer(parties, inquiry, "decline")
    assert "reason" in exc.value.message_dict
    inquiry.refresh_from_db()
    assert inquiry.state == "sent"


def test_a_final_answer_cannot_be_changed(parties: Parties) -> None:
    inquiry = send(parties)
    answer(parties, inquiry, "decline", reason="neighbours")
    with pytest.raises(ValidationError) as exc:
        answer(parties, inquiry, "accept")
    assert "no longer" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        services.inquiry_withdraw(actor=actor_for(parties.caseworker), inquiry=inquiry, version=None)
    inquiry.refresh_from_db()
    assert inquiry.state == "declined"


def test_withdraw(parties: Parties) -> None:
    inquiry = send(parties)
    done = services.inquiry_withdraw(
        actor=actor_for(parties.caseworker), inquiry=inquiry, version=inquiry.version
    )
    assert done.state == "withdrawn"
    with pytest.raises(NotAllowed):
        services.inquiry_withdraw(actor=actor_for(parties.landlord), inquiry=done, version=None)


def test_a_stale_version_is_refused(parties: Parties) -> None:
    inquiry = send(parties)
    stale = inquiry.version
    answer(parties, inquiry, "offer_viewing", viewing="土曜午前")
    with pytest.raises(Conflict):
        services.inquiry_answer(
            actor=actor_for(parties.landlord),
            inquiry=inquiry,
            answer=services.Answer(action="accept"),
            version=stale,
        )
    inquiry.refresh_from_db()
    assert inquiry.state == "viewing_offered"


def test_another_landlord_may_not_answer(parties: Parties) -> None:
    inquiry = send(parties)
    with pytest.raises(NotAllowed):
        services.inquiry_answer(
            actor=actor_for(parties.other_landlord),
            inquiry=inquiry,
            answer=services.Answer(action="accept"),
            version=None,
        )


def test_an_authorised_agent_answers(parties: Parties) -> None:
    inquiry = send(parties)
    done = services.inquiry_answer(
        actor=actor_for(parties.agent_user),
        inquiry=inquiry,
        answer=services.Answer(action="accept"),
        version=None,
    )
    assert done.state == "accepted"


def test_already_let_marks_the_unit_occupied_at_once(parties: Parties) -> None:
    inquiry = send(parties)
    assert parties.unit.vacancy == "vacant"
    answer(parties, inquiry, "decline", reason="already_let")
    unit = Unit.objects.get(pk=parties.unit.pk)
    assert unit.vacancy == "occupied"
    assert AuditEvent.objects.filter(action="vacancy.set", object_id=str(unit.pk)).exists() or (
        AuditEvent.objects.filter(object_id=str(unit.pk), after__vacancy="occupied").exists()
    )
    assert not RefusalFlag.objects.exists()  # already let is tied to no group


def test_already_let_by_the_link_marks_the_unit_occupied(parties: Parties) -> None:
    inquiry = send(parties)
    services.inquiry_answer(
        actor=vacancy.SIGNED_LINK,
        inquiry=inquiry,
        answer=services.Answer(action="decline", reason="already_let"),
        version=inquiry.version,
        via="link",
    )
    assert Unit.objects.get(pk=parties.unit.pk).vacancy == "occupied"
    inquiry.refresh_from_db()
    assert inquiry.answered_via == "link"
    assert inquiry.answered_by is None


def test_lonely_death_for_an_accepted_elderly_household_raises_a_flag(parties: Parties) -> None:
    inquiry = send(parties)
    mail.outbox.clear()
    answer(parties, inquiry, "decline", reason="lonely_death")
    flag = RefusalFlag.objects.get(inquiry=inquiry)
    assert flag.authority_code == "130001"
    assert flag.municipality_id == parties.unit.building.municipality_id
    assert flag.groups == ["elderly"]
    assert flag.accepted_groups == ["elderly"]
    assert flag.package_status == "answered"  # watch-over, belongings and emergency contact were arranged
    assert "disability" not in flag.household_groups  # only what the landlord saw
    assert "reviewer@example.jp" in {a for m in mail.outbox for a in m.to}
    assert "other.reviewer@example.jp" not in {a for m in mail.outbox for a in m.to}
    assert AuditEvent.objects.filter(action="refusal_flag.raise", object_id=str(flag.pk)).exists()


def test_no_flag_when_the_group_is_not_accepted(parties: Parties) -> None:
    unit = parties.w.units["bad_group"]  # accepts child-raising households only
    inquiry = send(parties, unit=unit)
    answer(parties, inquiry, "decline", reason="lonely_death")
    assert not RefusalFlag.objects.exists()


def test_no_flag_when_the_reason_is_not_tied_to_the_group(parties: Parties) -> None:
    inquiry = send(parties)
    answer(parties, inquiry, "decline", reason="neighbours")  # tied to disability, children, foreigners
    assert not RefusalFlag.objects.exists()
    inquiry2 = send(parties, unit=parties.w.units["ok_cheap"])
    answer(parties, inquiry2, "decline", reason="other", text="改装予定のため")
    assert not RefusalFlag.objects.exists()


def test_a_flag_is_resolved_by_its_authority_only(parties: Parties) -> None:
    inquiry = send(parties)
    answer(parties, inquiry, "decline", reason="lonely_death")
    flag = RefusalFlag.objects.get()
    with pytest.raises(NotAllowed):
        services.flag_resolve(
            actor=actor_for(parties.other_reviewer), flag=flag, resolution="guidance", version=None
        )
    with pytest.raises(ValidationError):
        services.flag_resolve(actor=actor_for(parties.reviewer), flag=flag, resolution="bogus", version=None)
    done = services.flag_resolve(
        actor=actor_for(parties.reviewer),
        flag=flag,
        resolution="guidance",
        note="説明した",
        version=flag.version,
    )
    assert done.resolved_on == today()
    assert done.resolution == "guidance"
    with pytest.raises(ValidationError):
        services.flag_resolve(
            actor=actor_for(parties.reviewer), flag=done, resolution="guidance", version=None
        )


def test_the_daily_expiry(parties: Parties) -> None:
    inquiry = send(parties)
    LandlordInquiry.objects.filter(pk=inquiry.pk).update(
        sent_on=today() - timedelta(days=30), answer_due=today() - timedelta(days=20)
    )
    fresh = send(parties, unit=parties.w.units["ok_cheap"])
    assert services.expire_overdue() == 1
    inquiry.refresh_from_db()
    fresh.refresh_from_db()
    assert inquiry.state == "expired"
    assert inquiry.answered_via == "system"
    assert fresh.state == "sent"
    assert services.expire_overdue() == 0  # idempotent
    assert AuditEvent.objects.filter(action="landlord_inquiry.expire").count() == 1


def test_the_daily_command(parties: Parties) -> None:
    from django.core.management import call_command

    inquiry = send(parties)
    LandlordInquiry.objects.filter(pk=inquiry.pk).update(
        sent_on=today() - timedelta(days=30), answer_due=today() - timedelta(days=20)
    )
    call_command("inquiries_daily")
    inquiry.refresh_from_db()
    assert inquiry.state == "expired"


def test_landlord_records_feed_the_matching(parties: Parties) -> None:
    a = send(parties)
    b = send(parties, unit=parties.w.units["ok_cheap"])
    c = send(parties, unit=parties.w.units["ok_dedicated"])
    answer(parties, a, "accept")
    answer(parties, b, "decline", reason="neighbours")
    services.inquiry_withdraw(actor=actor_for(parties.caseworker), inquiry=c, version=None)
    records = selectors.landlord_records(operator_ids=[parties.operator.pk, 999999])
    assert records == {parties.operator.pk: LandlordRecord(asked=2, answered=2, accepted=1)}
    by_unit = matching_selectors.landlord_records([parties.unit.pk, parties.w.units["bad_cost"].pk])
    assert by_unit[parties.unit.pk] == LandlordRecord(2, 2, 1)
    assert by_unit[parties.w.units["bad_cost"].pk] == LandlordRecord(2, 2, 1)  # same landlord


def test_the_daily_job_counts_every_landlord_record_again(parties: Parties) -> None:
    """The services keep each landlord's record; the daily job repairs what another write left behind (a
    restore, a fix by hand): a wrong count is counted again, a landlord without inquiries loses its row."""
    from django.core.management import call_command
    from django.utils import timezone

    from sumai.placements.models import LandlordAnswerRecord

    a = send(parties)
    answer(parties, a, "accept")
    assert selectors.landlord_records(operator_ids=[parties.operator.pk]) == {
        parties.operator.pk: LandlordRecord(1, 1, 1)
    }
    LandlordAnswerRecord.objects.filter(operator=parties.operator).update(asked=9, answered=8, accepted=7)
    stray = LandlordAnswerRecord.objects.create(
        operator_id=a.organisation_id, asked=3, answered=0, accepted=0, counted_at=timezone.now()
    )
    call_command("inquiries_daily")
    assert selectors.landlord_records(operator_ids=[parties.operator.pk, stray.operator_id]) == {
        parties.operator.pk: LandlordRecord(1, 1, 1)
    }


def test_the_timeline_is_written_in_japanese_whatever_the_senders_language(parties) -> None:
    """The walk: a caseworker reading English sent an inquiry and the case's (Japanese) timeline got the
    English line — the message was translated before the switch to the record's language."""
    from django.utils import translation

    with translation.override("en"):
        inquiry = send(parties)
        services.inquiry_withdraw(
            actor=actor_for(parties.caseworker), inquiry=inquiry, version=inquiry.version
        )
    lines = list(CaseEntry.objects.filter(case=parties.case).values_list("text", flat=True))
    assert any(inquiry.reference in line and "照会" in line and "送" in line for line in lines), lines
    assert any(inquiry.reference in line and "取" in line for line in lines), lines
    assert not any("Inquiry" in line for line in lines), lines


def lone_landlord_home(p: Parties, phone: str = "03-1111-2222") -> Unit:
    """A registered home (a copy of the fixture's) of a landlord nobody on Sumai receives e-mail for: no
    member, no address, no agent (the demo's landlords before the walk); the building lists its contact for
    inquiries."""
    from sumai.registry.models import Registration
    from tests.factories import OrganisationFactory

    operator = OrganisationFactory(kind="operator", name="高橋 太郎", prefecture_id="13", email="")
    unit = Unit.objects.select_related("building").get(pk=p.unit.pk)
    building = unit.building
    building.pk = None
    building.operator = operator
    building.contact_name, building.contact_phone = "中央管理 賃貸管理部", phone
    building.save()
    Registration.objects.create(
        building=building,
        authority_code="130001",
        state="registered",
        registration_number="13-99999",
        registered_on=unit.registered_on,
    )
    unit.pk = None
    unit.building = building
    unit.registration_number = "13-99999"
    unit.save()
    return Unit.objects.select_related("building__operator").get(pk=unit.pk)


def test_an_inquiry_to_a_landlord_nobody_receives_mail_for_says_it_was_not_emailed(parties: Parties) -> None:
    """The walk: two inquiries were confirmed as sent, but their landlords' organisations had no member and
    no address: no e-mail went anywhere and nobody said so. Who receives it is one selector; when nobody
    does, the timeline says the landlord was not e-mailed, and the phone to call is known."""
    unit = lone_landlord_home(parties)
    reach = selectors.landlord_reach(unit)
    assert not reach.by_email
    assert (reach.phone, reach.contact) == ("03-1111-2222", "中央管理 賃貸管理部")
    mail.outbox.clear()
    inquiry = send(parties, unit=unit)
    assert inquiry.state == "sent"
    assert not [m for m in mail.outbox if inquiry.reference in m.subject]
    line = CaseEntry.objects.filter(case=parties.case, text__contains=inquiry.reference).get().text
    assert "メール" in line, line
    assert "送られていません" in line, line
    # the landlord of the fixture has a member: e-mailed, and the timeline says nothing of the kind
    assert selectors.landlord_reach(parties.unit).emails == ("agent@example.jp", "landlord@example.jp")
    other = send(parties)
    assert "メール" not in CaseEntry.objects.get(case=parties.case, text__contains=other.reference).text
    # the landlord's own contact address is enough
    unit.building.operator.email = "info@takahashi.example.jp"
    unit.building.operator.save()
    assert selectors.landlord_reach(unit).emails == ("info@takahashi.example.jp",)


def test_the_answer_is_told_to_the_case_s_caseworker_not_every_member_of_the_desk(parties: Parties) -> None:
    """The walk: the notice of a refusal went to every member of the municipality. It goes to the case's
    caseworker, and to the organisation (its admins and staff, with a dashboard notice) only when the case
    has no caseworker."""
    from sumai.core.models import Notification
    from tests.placements.conftest import member

    colleague = member(parties.case.organisation, "colleague@example.jp", role="admin")
    inquiry = send(parties)
    mail.outbox.clear()
    answer(parties, inquiry, "decline", reason="lonely_death")
    told = [m for m in mail.outbox if inquiry.reference in m.subject and parties.reviewer.email not in m.to]
    assert [m.to for m in told] == [[parties.caseworker.email]]
    assert colleague.email not in {a for m in mail.outbox for a in m.to}
    assert not Notification.objects.filter(organisation=parties.case.organisation).exists()

    parties.case.caseworker = None
    parties.case.save()
    second = send(parties, unit=parties.w.units["ok_dedicated"])
    mail.outbox.clear()
    answer(parties, second, "accept")
    to = {a for m in mail.outbox if second.reference in m.subject for a in m.to}
    assert {parties.caseworker.email, colleague.email} <= to
    assert Notification.objects.filter(organisation=parties.case.organisation).count() == 1


def test_a_decline_reads_okotowari_in_the_timeline_and_the_e_mail_as_on_the_pages(parties: Parties) -> None:
    """The walk: e-mails and the timeline said 「入居不可」 for a declined inquiry while every page says
    「お断り」."""
    inquiry = send(parties)
    mail.outbox.clear()
    answer(parties, inquiry, "decline", reason="lonely_death")
    line = CaseEntry.objects.filter(case=parties.case, text__contains="孤独死").get().text
    [told] = [m for m in mail.outbox if parties.caseworker.email in m.to]
    for text in (line, told.subject, told.body):
        assert "お断り" in text, text
        assert "入居不可" not in text, text


def test_sending_and_withdrawing_write_their_timeline_lines_as_the_caseworker(parties: Parties) -> None:
    """The walk: the case's timeline lines of sending and withdrawing an inquiry had no author."""
    inquiry = send(parties)
    services.inquiry_withdraw(actor=actor_for(parties.caseworker), inquiry=inquiry, version=inquiry.version)
    entries = CaseEntry.objects.filter(case=parties.case, text__contains=inquiry.reference)
    assert entries.count() == 2
    assert {e.author_id for e in entries} == {parties.caseworker.pk}


def test_the_landlord_s_e_mail_carries_the_caseworker_s_message(parties: Parties) -> None:
    """The walk: the landlord's page shows the caseworker's message first; the e-mail left it out."""
    mail.outbox.clear()
    send(parties, message="78歳の方です。\n見守りは居住支援法人が担います。")
    body = next(m.body for m in mail.outbox if "landlord@example.jp" in m.to)
    assert "支援者からのメッセージ" in body
    assert "78歳の方です。\n見守りは居住支援法人が担います。" in body
    assert MEMBER_NAME not in body


def test_every_resolution_of_a_flag_needs_a_note(parties: Parties) -> None:
    """The walk: a flag was resolved as 「助言・指導を行った」 with an empty note, and its page said only
    that. The service refuses a blank note for every resolution, naming the field."""
    inquiry = send(parties)
    answer(parties, inquiry, "decline", reason="lonely_death")
    flag = RefusalFlag.objects.get()
    for resolution in ("guidance", "justified", "instructed", "acceptance_changed"):
        with pytest.raises(ValidationError) as err:
            services.flag_resolve(
                actor=actor_for(parties.reviewer), flag=flag, resolution=resolution, note=" ", version=None
            )
        assert list(err.value.message_dict) == ["note"]
    done = services.flag_resolve(
        actor=actor_for(parties.reviewer), flag=flag, resolution="guidance", note="電話で説明", version=None
    )
    assert (done.resolution_note, done.resolved_by) == ("電話で説明", parties.reviewer)
