"""The case (issue #16, item 6) and referrals (item 7) through the pages: open, steps by the state table,
notes, contacts and documents, tasks due on working days, "my cases today", transfer with consent,
referral accepted or declined (the consent ends), first-contact deadlines, the council's view."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sumai.audit.models import AccessLog
from sumai.cases.models import Case, CaseEntry, Consent, Household, Referral, Task
from sumai.domain import casework as domain
from tests.cases.conftest import MINATO
from tests.cases.test_households import opened  # noqa: F401 - the fixture
from tests.otp import password_typed

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def case(client, opened):  # type: ignore[no-untyped-def]  # noqa: F811
    response = client.post(reverse("cases:case_open", kwargs={"pk": opened.pk}))
    found = Case.objects.get()
    assert response["Location"] == reverse("cases:case", kwargs={"pk": found.pk})
    return found


def _page(client, case):  # type: ignore[no-untyped-def]
    response = client.get(reverse("cases:case", kwargs={"pk": case.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_case_opens_once_with_its_opener_as_caseworker_and_is_logged(client, case, area):
    staff = area.member(area.setagaya_desk)
    assert case.caseworker == staff
    assert case.status == "new"
    again = client.post(reverse("cases:case_open", kwargs={"pk": case.household_id}), follow=True)
    assert Case.objects.count() == 1
    assert "すでにこの団体で進行中のケースがあります" in again.content.decode()
    page = _page(client, case)
    assert "new" not in page.split("<main", 1)[-1].split("</main>")[0].replace("news", "")  # no status code
    assert AccessLog.objects.filter(object_type="cases:case", object_id=f"pk={case.pk}").exists()


def test_steps_follow_the_state_table_and_closing_needs_a_reason(client, case):
    url = reverse("cases:case_status", kwargs={"pk": case.pk})
    client.post(url, {"action": "house", "version": "1"})  # not possible from new
    case.refresh_from_db()
    assert case.status == "new"
    for version, action in enumerate(("assess", "search", "house", "follow_up"), start=1):
        client.post(url, {"action": action, "version": str(version)})
    case.refresh_from_db()
    assert case.status == "following_up"
    assert case.version == 5
    client.post(url, {"action": "close", "close_reason": "", "version": "5"})
    case.refresh_from_db()
    assert case.status == "following_up"  # no reason, no closing
    client.post(url, {"action": "close", "close_reason": "housed_stable", "version": "5"})
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.closed_at is not None
    assert case.close_reason == "housed_stable"
    page = _page(client, case)
    assert "following_up" not in page
    assert "housed_stable" not in page
    stale = client.post(url, {"action": "reopen", "version": "1"}, follow=True)
    case.refresh_from_db()
    assert case.status == "closed"  # a stale form changes nothing
    assert stale.status_code == 200


def test_notes_contacts_and_checked_documents(client, case):
    url = reverse("cases:case_entry", kwargs={"pk": case.pk})
    assert client.post(url, {"kind": "note", "text": "大家さんに電話した"}).status_code == 302
    bad = client.post(url, {"kind": "contact", "text": "本人と面談"})  # no channel
    assert bad.status_code == 400
    assert CaseEntry.objects.filter(kind="contact").count() == 0
    assert client.post(url, {"kind": "contact", "channel": "visit", "text": "本人と面談"}).status_code == 302
    html = SimpleUploadedFile("letter.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    refused = client.post(url, {"kind": "document", "file": html})
    assert refused.status_code == 400
    assert not CaseEntry.objects.filter(kind="document").exists()
    good = SimpleUploadedFile("同意書.pdf", PDF, "application/pdf")
    assert client.post(url, {"kind": "document", "file": good}).status_code == 302
    doc = CaseEntry.objects.get(kind="document")
    password_typed(client)  # a download asks for the password again (tests/cases/test_exports.py)
    download = client.get(reverse("cases:case_document", kwargs={"pk": case.pk, "entry_id": doc.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert AccessLog.objects.filter(object_type="cases:case_document").count() == 1
    page = _page(client, case)
    assert "大家さんに電話した" in page
    assert "同意書.pdf" in page


def test_a_task_due_on_a_closed_day_moves_to_the_next_working_day(client, case):
    url = reverse("cases:task_add", kwargs={"pk": case.pk})
    today = timezone.localdate()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    response = client.post(url, {"title": "内見に同行", "due": saturday.isoformat()}, follow=True)
    task = Task.objects.get()
    assert task.due == domain.next_working_day(saturday)
    assert task.due.weekday() == 0
    assert "次の開庁日" in response.content.decode()
    client.post(url, {"title": "家賃債務保証の相談", "in_working_days": "3"})
    second = Task.objects.get(title="家賃債務保証の相談")
    assert second.due == domain.add_working_days(today, 3)
    case.refresh_from_db()
    assert case.next_due == min(task.due, second.due)
    nothing = client.post(url, {"title": "期限なし"})
    assert nothing.status_code == 400
    assert Task.objects.count() == 2
    past = client.post(url, {"title": "昨日", "due": (today - timedelta(days=7)).isoformat()})
    assert past.status_code == 400
    client.post(reverse("cases:task_done", kwargs={"pk": case.pk, "task_id": task.pk}))
    case.refresh_from_db()
    assert case.next_due == second.due


def test_my_day_lists_late_tasks_and_idle_cases(client, case):
    today_url = reverse("cases:today")
    page = client.get(today_url).content.decode()
    assert case.household.pseudonym in page  # idle: no next task
    Task.objects.create(case=case, title="書類を受け取る", due=timezone.localdate() - timedelta(days=2))
    page = client.get(today_url).content.decode()
    assert "書類を受け取る" in page


def test_the_case_list_filters(client, case, area):
    url = reverse("cases:cases")
    assert case.household.pseudonym in client.get(url).content.decode()
    assert case.household.pseudonym not in client.get(url, {"status": "closed"}).content.decode()
    assert case.household.pseudonym in client.get(url, {"mine": "on"}).content.decode()
    other = client.__class__()
    other.force_login(area.member(area.npo_a))
    assert case.household.pseudonym not in other.get(url).content.decode()
    assert other.get(reverse("cases:case", kwargs={"pk": case.pk})).status_code == 404


def _refer(client, household, to, **extra):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("cases:referral_new", kwargs={"pk": household.pk}),
        {
            "to": str(to.pk),
            "message": "高齢の単身世帯。見守りが必要。",
            "categories": extra.pop("categories", ["health"]),
            "method": "signed_form",
            "given_on": timezone.localdate().isoformat(),
            **extra,
        },
    )


def test_a_referral_accepted_opens_a_case_at_the_receiver(client, case, area):
    household = case.household
    response = _refer(client, household, area.npo_a)
    referral = Referral.objects.get()
    assert response["Location"] == reverse("cases:referral", kwargs={"pk": referral.pk})
    assert referral.first_contact_due == domain.add_working_days(timezone.localdate(), 5)
    assert referral.consent.categories == ["health"]
    npo = client.__class__()
    npo.force_login(area.member(area.npo_a))
    page = npo.get(reverse("cases:referral", kwargs={"pk": referral.pk})).content.decode()
    assert "高齢の単身世帯" in page
    assert npo.get(reverse("cases:household", kwargs={"pk": household.pk})).status_code == 200
    accepted = npo.post(reverse("cases:referral_decide", kwargs={"pk": referral.pk}), {"decision": "accept"})
    referral.refresh_from_db()
    assert referral.state == "accepted"
    assert referral.case is not None
    assert accepted["Location"] == reverse("cases:case", kwargs={"pk": referral.case_id})
    assert referral.case.organisation == area.npo_a
    npo.post(reverse("cases:referral_contact", kwargs={"pk": referral.pk}))
    referral.refresh_from_db()
    assert referral.first_contact_at is not None
    # the sender cannot answer its own referral
    assert client.post(reverse("cases:referral_decide", kwargs={"pk": referral.pk})).status_code in (403, 404)


def test_a_declined_referral_ends_its_consent_at_once(client, case, area):
    _refer(client, case.household, area.npo_a)
    referral = Referral.objects.get()
    npo = client.__class__()
    npo.force_login(area.member(area.npo_a))
    url = reverse("cases:referral_decide", kwargs={"pk": referral.pk})
    npo.post(url, {"decision": "decline", "reason": "other"})  # other needs words
    referral.refresh_from_db()
    assert referral.state == "sent"
    npo.post(url, {"decision": "decline", "reason": "no_capacity"})
    referral.refresh_from_db()
    assert referral.state == "declined"
    assert referral.decline_reason == "no_capacity"
    assert Consent.objects.get(pk=referral.consent_id).withdrawn_at is not None
    assert npo.get(reverse("cases:household", kwargs={"pk": case.household_id})).status_code == 404


def test_a_withdrawn_referral_asks_first(client, case, area):
    _refer(client, case.household, area.npo_a)
    referral = Referral.objects.get()
    url = reverse("cases:referral_withdraw", kwargs={"pk": referral.pk})
    assert client.post(url).status_code == 200  # the question
    referral.refresh_from_db()
    assert referral.state == "sent"
    client.post(url, {"confirmed": "yes"})
    referral.refresh_from_db()
    assert referral.state == "withdrawn"


def test_an_overdue_referral_shows_on_both_sides_and_to_the_council(client, case, area):
    _refer(client, case.household, area.npo_a)
    referral = Referral.objects.get()
    Referral.objects.filter(pk=referral.pk).update(first_contact_due=date(2020, 1, 6))
    assert (
        "tag-urgent"
        in client.get(reverse("cases:referrals"), {"box": "out", "overdue": "1"}).content.decode()
    )
    npo = client.__class__()
    npo.force_login(area.member(area.npo_a))
    assert case.household.pseudonym in npo.get(reverse("cases:referrals"), {"overdue": "1"}).content.decode()
    tokyo = client.__class__()
    tokyo.force_login(area.member(area.tokyo_council))
    page = tokyo.get(reverse("cases:area_referrals")).content.decode()
    assert area.npo_a.name in page
    assert case.household.pseudonym not in page
    minato = client.__class__()
    minato.force_login(area.member(area.minato_council))
    assert area.npo_a.name not in minato.get(reverse("cases:area_referrals")).content.decode()  # not its area
    assert case.household.municipality_id != MINATO


def test_transfer_needs_a_consent_naming_the_receiver(client, case, area):
    url = reverse("cases:case_transfer", kwargs={"pk": case.pk})
    before = client.get(url).content.decode()
    assert "受け取れる団体はまだありません" in before  # no consent: no list of every organisation
    assert area.npo_a.name not in before
    refused = client.post(url, {"to": str(area.npo_a.pk), "version": "1", "confirmed": "yes"})
    assert refused.status_code == 400
    case.refresh_from_db()
    assert case.organisation == area.setagaya_desk
    client.post(
        reverse("cases:consents", kwargs={"pk": case.household_id}),
        {
            "purpose": "移管",
            "organisations": [str(area.npo_a.pk)],
            "method": "signed_form",
            "given_on": timezone.localdate().isoformat(),
        },
    )
    offered = client.get(url).content.decode()
    assert area.npo_a.name in offered  # named by the consent
    assert area.npo_b.name not in offered  # not named
    assert client.post(url, {"to": str(area.npo_a.pk), "version": "1"}).status_code == 200  # asks first
    done = client.post(url, {"to": str(area.npo_a.pk), "version": "1", "confirmed": "yes"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.organisation == area.npo_a
    assert case.caseworker is None
    assert Household.objects.get().organisation == area.npo_a
    assert client.get(reverse("cases:case", kwargs={"pk": case.pk})).status_code == 404


def test_a_referral_partner_opens_a_household_and_refers_it(client, area):
    from tests.factories import OrganisationFactory

    partner = OrganisationFactory(kind="referral_partner", name="世田谷福祉事務所", prefecture_id="13")
    worker = area.member(partner)
    client.force_login(worker)
    response = client.post(
        reverse("cases:household_new"),
        {"organisation": str(partner.pk), "municipality": "131121", "urgency": "urgent", "hidden": "on"},
    )
    household = Household.objects.get()
    assert response["Location"] == reverse("cases:household_edit", kwargs={"pk": household.pk})
    assert household.hidden
    assert household.organisation == partner
    _refer(client, household, area.setagaya_desk, categories=[])
    referral = Referral.objects.get()
    assert referral.from_kind == "referral_partner"
    assert referral.consent.categories == []


def test_states_read_as_states_and_a_declined_referral_has_no_deadline(client, case, area):
    """The walk found 住まいをお探しの方 ("a person looking for a home") as a case status, 受理済みの内容 and
    廃止届出済 as referral states, and a declined referral still showing its first-contact deadline."""
    url = reverse("cases:case_status", kwargs={"pk": case.pk})
    client.post(url, {"action": "assess", "version": "1"})
    moved = client.post(url, {"action": "search", "version": "2"}, follow=True).content.decode()
    assert "ケースの状況を「住まい探し中」にしました。" in moved
    assert "お探しの方" not in moved
    _refer(client, case.household, area.npo_a)
    referral = Referral.objects.get()
    npo = client.__class__()
    npo.force_login(area.member(area.npo_a))
    npo.post(
        reverse("cases:referral_decide", kwargs={"pk": referral.pk}),
        {"decision": "decline", "reason": "no_capacity"},
    )
    page = client.get(reverse("cases:referral", kwargs={"pk": referral.pk})).content.decode()
    assert "お断り" in page
    assert "期限" not in page.split("初回連絡", 1)[1].split("</dd>", 1)[0]
    listing = client.get(reverse("cases:referrals")).content.decode()
    assert "廃止届出" not in listing
    assert "受理済みの内容" not in listing


def test_closing_names_its_reason_in_the_timeline(client, case):
    url = reverse("cases:case_status", kwargs={"pk": case.pk})
    for version, action in enumerate(("assess", "search", "house", "follow_up"), start=1):
        client.post(url, {"action": action, "version": str(version)})
    client.post(url, {"action": "close", "close_reason": "housed_stable", "version": "5"})
    page = _page(client, case)
    assert "入居後の支援中 → 終了（入居し、住まいが安定）" in page
