"""A hidden household (issue #16, item 5: DV, stalking): a whole journey — the record, a case with notes and
tasks, consent covering every category, a referral accepted by a support corporation, a transfer's
refusal — and then every page the receiver can open, every notification, e-mail, audit event, access-log row
and log line is searched for the household's address, emergency contact and nearby place: none of them
appears outside the holding organisation."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sumai.audit.models import AccessLog, AuditEvent
from sumai.cases.models import Household, Referral
from sumai.core.models import Delivery, Notification
from tests.cases.conftest import SETAGAYA
from tests.cases.test_households import _edit_body, opened  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

ADDRESS = "世田谷区秘匿町9-8-7"
CONTACT = "姉 090-9999-8888 秘匿連絡先"
NEAR = "秘匿小学校"
SECRETS = (ADDRESS, "秘匿町", CONTACT, "090-9999-8888", NEAR)


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_a_hidden_households_whereabouts_never_leave_its_holder(client, opened, area, caplog):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    a, b = opened.members.all()
    body = _edit_body(
        opened,
        [
            {"id": str(a.pk), "role": "applicant", "birth_date": "1980-04-01", "salary_gross": "1800000"},
            {"id": str(b.pk), "role": "child", "birth_date": "2016-06-01"},
        ],
        address=ADDRESS,
        emergency_contacts=CONTACT,
        near=NEAR,
        circumstances=["dv_victim"],
    )
    assert client.post(reverse("cases:household_edit", kwargs={"pk": opened.pk}), body).status_code == 302
    client.post(reverse("cases:household_hide", kwargs={"pk": opened.pk}), {"hidden": "1"})
    household = Household.objects.get()
    assert household.hidden
    holder_page = client.get(reverse("cases:household", kwargs={"pk": household.pk})).content.decode()
    assert ADDRESS in holder_page  # the holder sees it
    client.post(reverse("cases:case_open", kwargs={"pk": household.pk}))
    case = household.cases.get()
    client.post(
        reverse("cases:case_entry", kwargs={"pk": case.pk}), {"kind": "note", "text": "シェルターと面談"}
    )
    client.post(
        reverse("cases:task_add", kwargs={"pk": case.pk}), {"title": "保証会社に連絡", "in_working_days": "2"}
    )
    # a referral with consent covering every category, DV included
    client.post(
        reverse("cases:referral_new", kwargs={"pk": household.pk}),
        {
            "to": str(area.npo_a.pk),
            "categories": ["health", "criminal", "dv", "welfare", "income"],
            "method": "signed_form",
            "given_on": timezone.localdate().isoformat(),
            "message": "DV被害。見守りが必要。",
        },
    )
    referral = Referral.objects.get()
    npo = client.__class__()
    npo.force_login(area.member(area.npo_a))
    pages = []
    for url in (
        reverse("cases:referrals"),
        reverse("cases:referral", kwargs={"pk": referral.pk}),
        reverse("cases:households"),
        reverse("cases:household", kwargs={"pk": household.pk}),
        reverse("cases:today"),
        reverse("web:dashboard") if _has("web:dashboard") else reverse("cases:cases"),
    ):
        response = npo.get(url)
        assert response.status_code == 200, url
        pages.append((url, response.content.decode()))
    npo.post(reverse("cases:referral_decide", kwargs={"pk": referral.pk}), {"decision": "accept"})
    referral.refresh_from_db()
    for url in (reverse("cases:case", kwargs={"pk": referral.case_id}), reverse("cases:cases")):
        response = npo.get(url)
        assert response.status_code == 200, url
        pages.append((url, response.content.decode()))
    # the council overseeing the area, and a stranger
    council = client.__class__()
    council.force_login(area.member(area.tokyo_council))
    pages.append(("area", council.get(reverse("cases:area_referrals")).content.decode()))
    for url, html in pages:
        assert not _leaks(html), f"{url} shows {_leaks(html)}"
    assert "共有されていません" in pages[3][1] or "Not shared" in pages[3][1]  # the address, masked
    # notifications, e-mails, audit, access log, log lines
    outputs = [f"{n.message} {n.link}" for n in Notification.objects.all()]
    outputs += [str(d.__dict__) for d in Delivery.objects.all()]
    outputs += [f"{m.subject} {m.body} {m.alternatives}" for m in mail.outbox]
    outputs += [f"{e.before} {e.after} {e.object_label}" for e in AuditEvent.objects.all()]
    outputs += [f"{r.object_type} {r.object_id} {r.purpose}" for r in AccessLog.objects.all()]
    outputs += [record.getMessage() for record in caplog.records]
    leaked = [o for o in outputs if _leaks(o)]
    assert not leaked, leaked
    assert Notification.objects.exists()  # there were notifications to search


def _has(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_lists_mark_a_hidden_household_in_words(client, area):  # type: ignore[no-untyped-def]
    """The walk: hidden households looked like any other in the lists."""
    staff = area.member(area.setagaya_desk)
    client.force_login(staff)
    client.post(
        reverse("cases:household_new"),
        {
            "organisation": str(area.setagaya_desk.pk),
            "municipality": SETAGAYA,
            "urgency": "urgent",
            "hidden": "on",
        },
    )
    household = Household.objects.get()
    assert household.hidden
    client.post(reverse("cases:case_open", kwargs={"pk": household.pk}))
    for name in ("cases:households", "cases:cases"):
        page = client.get(reverse(name)).content.decode()
        row = page.split(household.pseudonym, 1)[1].split("</th>", 1)[0]
        assert "秘匿" in row, name
