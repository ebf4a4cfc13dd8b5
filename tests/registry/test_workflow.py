"""Register, review, decide: the landlord's and the reviewer's journey through the views and services."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sumai.audit.models import AuditEvent
from sumai.registry.models import Attachment, Building, Registration, Unit
from tests.registry.conftest import ALL_GROUPS, PDF, make_building, post_edit

BUILDING_POST = {
    "name": "ひまわり荘",
    "postal_code": "154-0004",
    "municipality_code": "131121",
    "address": "世田谷区太子堂1-1",
    "structure": "wood",
    "floors": "2",
    "building_type": "apartment",
    "construction_started": "1990-04-01",
    "seismic_evidence": "start_date_proof",
    "management": "self",
    "manager_name": "",
    "contact_name": "山田",
    "contact_phone": "03-0000-0000",
}


def unit_post(number: str, area: str, **extra: str) -> dict[str, object]:
    return {
        "number": number,
        "floor": "1",
        "floor_area_m2": area,
        "layout": "1K",
        "rent": "58000",
        "common_fee": "2000",
        "deposit": "0",
        "key_money": "0",
        "accepted_groups": ALL_GROUPS,
        "kitchen": "private",
        "toilet": "private",
        "bath": "private",
        "washbasin": "private",
        "storage": "private",
        "guarantor_required": "",
        "included": "on",
        **extra,
    }


@pytest.mark.django_db
def test_the_whole_journey(client, registry_world, django_capture_on_commit_callbacks):
    landlord = registry_world.user("operator", "admin")
    reviewer = registry_world.user("authority", "staff")
    client.force_login(landlord)
    response = client.post(
        reverse("registry:building_new"), {**BUILDING_POST, "operator": registry_world.orgs["operator"].pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    building = Building.objects.get(name="ひまわり荘")
    assert building.authority_code == "130001"  # Setagaya → Tokyo
    assert building.registration.state == "draft"
    assert (
        client.post(
            reverse("registry:unit_new", kwargs={"pk": building.pk}), unit_post("101", "26")
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("registry:unit_new", kwargs={"pk": building.pk}), unit_post("102", "20")
        ).status_code
        == 302
    )
    page = client.get(reverse("registry:building", kwargs={"pk": building.pk}), HTTP_ACCEPT_LANGUAGE="en")
    assert "unit.floor_area.below_minimum" not in page.content.decode()  # words, not codes
    # documents: a fake PDF is refused by its content, a real one accepted
    fake = SimpleUploadedFile("plan.pdf", b"MZ not a pdf", content_type="application/pdf")
    client.post(
        reverse("registry:attachment_add", kwargs={"pk": building.pk}), {"kind": "floor_plan", "file": fake}
    )
    assert not Attachment.objects.exists()
    for kind in ("floor_plan", "pledge"):
        upload = SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")
        client.post(
            reverse("registry:attachment_add", kwargs={"pk": building.pk}), {"kind": kind, "file": upload}
        )
    assert Attachment.objects.filter(registration__building=building).count() == 2
    # a failing standard blocks submission and says why
    reg = building.registration
    client.post(reverse("registry:building_submit", kwargs={"pk": building.pk}), {"version": reg.version})
    reg.refresh_from_db()
    assert reg.state == "draft"
    # fix it and submit
    unit = Unit.objects.get(building=building, number="102")
    post_edit(
        client,
        reverse("registry:unit_edit", kwargs={"pk": building.pk, "unit_id": unit.pk}),
        unit_post("102", "25"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:building_submit", kwargs={"pk": building.pk}), {"version": reg.version})
    reg.refresh_from_db()
    assert reg.state == "submitted"
    assert any("authority" in " ".join(m.to) for m in mail.outbox)
    # the reviewer requests a change
    client.force_login(reviewer)
    inbox = client.get(reverse("registry:inbox"))
    assert "ひまわり荘" in inbox.content.decode()
    response = client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}),
        {"decision": "request_changes", "comment": "写真を添付してください", "version": reg.version},
    )
    assert response.status_code == 302
    reg.refresh_from_db()
    assert reg.state == "changes_requested"
    # the landlord fixes and resubmits
    client.force_login(landlord)
    client.post(reverse("registry:building_submit", kwargs={"pk": building.pk}), {"version": reg.version})
    reg.refresh_from_db()
    assert reg.state == "submitted"
    # the reviewer registers
    client.force_login(reviewer)
    client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}),
        {"decision": "register", "version": reg.version},
    )
    reg.refresh_from_db()
    assert reg.state == "registered"
    assert reg.registration_number.startswith("130001-")
    assert set(Unit.objects.filter(building=building).values_list("status", flat=True)) == {"registered"}
    actions = list(
        AuditEvent.objects.filter(object_type="registry.registration")
        .order_by("at", "id")
        .values_list("action", "actor__email")
    )
    assert actions == [
        ("registration.submit", landlord.email),
        ("registration.request_changes", reviewer.email),
        ("registration.submit", landlord.email),
        ("registration.register", reviewer.email),
    ]


@pytest.mark.django_db
def test_restrictive_acceptance_needs_acknowledgement(client, registry_world):
    building = make_building(registry_world.orgs["operator"], state="submitted")
    Unit.objects.filter(building=building).update(accepted_groups=["elderly"])
    reg = building.registration
    client.force_login(registry_world.user("authority", "staff"))
    refused = client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}),
        {"decision": "register", "version": reg.version},
    )
    assert refused.status_code == 400
    reg.refresh_from_db()
    assert reg.state == "submitted"
    client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}),
        {"decision": "register", "version": reg.version, "acknowledge_warnings": "on"},
    )
    reg.refresh_from_db()
    assert reg.state == "registered"
    assert reg.warnings_acknowledged_by == registry_world.user("authority", "staff")


@pytest.mark.django_db
def test_reject_needs_a_coded_reason(client, registry_world):
    reg = make_building(registry_world.orgs["operator"], state="submitted").registration
    client.force_login(registry_world.user("authority", "staff"))
    bad = client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}),
        {"decision": "reject", "version": reg.version, "reason_code": ""},
    )
    assert bad.status_code == 400
    client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}),
        {"decision": "reject", "version": reg.version, "reason_code": "disqualified", "comment": "欠格"},
    )
    reg.refresh_from_db()
    assert reg.state == "rejected"
    assert reg.notes.get().reason_code == "disqualified"


@pytest.mark.django_db
def test_a_stale_version_loses(client, registry_world):
    reg = make_building(registry_world.orgs["operator"], state="submitted").registration
    client.force_login(registry_world.user("authority", "staff"))
    stale = reg.version
    client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}),
        {"decision": "request_changes", "comment": "x", "version": stale},
    )
    client.force_login(registry_world.user("authority", "admin"))
    client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}), {"decision": "register", "version": stale}
    )
    reg.refresh_from_db()
    assert reg.state == "changes_requested"
    assert reg.registration_number == ""


@pytest.mark.django_db
def test_supervision_and_strike_off(client, registry_world):
    reg = make_building(registry_world.orgs["operator"], state="registered").registration
    client.force_login(registry_world.user("authority", "staff"))
    client.post(reverse("registry:review_instruct", kwargs={"pk": reg.pk}), {"text": "入居拒否の報告あり"})
    assert reg.notes.filter(action="instruction").exists()
    url = reverse("registry:review_strike_off", kwargs={"pk": reg.pk})
    data = {"reason_code": "refused_tenants", "comment": "", "version": reg.version}
    asked = client.post(url, data)
    assert asked.status_code == 200  # the confirmation page, with the reason; nothing happened yet
    assert "登録を抹消しますか" in asked.content.decode()
    reg.refresh_from_db()
    assert reg.state == Registration.State.REGISTERED
    client.post(url, {**data, "confirmed": "yes"})
    reg.refresh_from_db()
    assert reg.state == Registration.State.STRUCK_OFF
    assert AuditEvent.objects.filter(
        action="registration.strike_off", actor=registry_world.user("authority", "staff")
    ).exists()


@pytest.mark.django_db
def test_registered_buildings_cannot_be_edited(client, registry_world):
    building = make_building(registry_world.orgs["operator"], state="registered")
    client.force_login(registry_world.user("operator", "admin"))
    unit = building.units.get()
    post_edit(
        client,
        reverse("registry:unit_edit", kwargs={"pk": building.pk, "unit_id": unit.pk}),
        unit_post("101", "40"),
    )
    unit.refresh_from_db()
    assert unit.floor_area_m2 == 30


@pytest.mark.django_db
def test_missing_documents_block_submission_and_old_buildings_need_a_seismic_document(client, registry_world):
    building = make_building(registry_world.orgs["operator"], documents=False)
    client.force_login(registry_world.user("operator", "admin"))
    reg = building.registration
    client.post(reverse("registry:building_submit", kwargs={"pk": building.pk}), {"version": reg.version})
    reg.refresh_from_db()
    assert reg.state == "draft"
    page = client.get(reverse("registry:building", kwargs={"pk": building.pk})).content.decode()
    assert "規則10条" in page
    assert 'name="kind"' in page  # the upload form is on the page
    assert 'enctype="multipart/form-data"' in page
    Building.objects.filter(pk=building.pk).update(
        construction_started="1980-01-01", seismic_evidence="diagnosis"
    )
    for kind in ("floor_plan", "pledge"):
        client.post(
            reverse("registry:attachment_add", kwargs={"pk": building.pk}),
            {"kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", PDF)},
        )
    client.post(reverse("registry:building_submit", kwargs={"pk": building.pk}), {"version": reg.version})
    reg.refresh_from_db()
    assert reg.state == "draft"  # the seismic document is still missing
    client.post(
        reverse("registry:attachment_add", kwargs={"pk": building.pk}),
        {"kind": "seismic", "file": SimpleUploadedFile("diag.pdf", PDF)},
    )
    unit = building.units.get()
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 20
    client.post(
        reverse("registry:attachment_add", kwargs={"pk": building.pk}),
        {"kind": "photo", "unit": unit.pk, "file": SimpleUploadedFile("room.png", png)},
    )
    assert Attachment.objects.get(kind="photo").unit == unit
    client.post(reverse("registry:building_submit", kwargs={"pk": building.pk}), {"version": reg.version})
    reg.refresh_from_db()
    assert reg.state == "submitted"


@pytest.mark.django_db
def test_documents_are_private(client, registry_world):
    building = make_building(registry_world.orgs["operator"], state="submitted")
    attachment = building.registration.attachments.first()
    url = reverse("registry:attachment", kwargs={"attachment_id": attachment.pk})
    assert client.get(url).status_code == 302  # anonymous → log in
    client.force_login(registry_world.user("other_operator", "admin"))
    assert client.get(url).status_code == 404
    client.force_login(registry_world.user("sapporo", "staff"))
    assert client.get(url).status_code == 404
    client.force_login(registry_world.user("authority", "viewer"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_oversized_documents_are_refused(client, registry_world):
    building = make_building(registry_world.orgs["operator"], documents=False)
    client.force_login(registry_world.user("operator", "admin"))
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    client.post(
        reverse("registry:attachment_add", kwargs={"pk": building.pk}), {"kind": "floor_plan", "file": big}
    )
    assert not Attachment.objects.filter(registration__building=building).exists()


@pytest.mark.django_db
def test_a_new_unit_form_accepts_every_group_by_default(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    client.force_login(registry_world.user("operator", "admin"))
    form = client.get(reverse("registry:unit_new", kwargs={"pk": building.pk})).context["form"]
    assert set(form.initial["accepted_groups"]) >= set(ALL_GROUPS)


@pytest.mark.django_db
def test_change_notice_is_edited_then_accepted(client, registry_world):
    building = make_building(registry_world.orgs["operator"], state="registered")
    reg = building.registration
    landlord, reviewer = registry_world.user("operator", "admin"), registry_world.user("authority", "staff")
    client.force_login(landlord)
    refused = client.post(
        reverse("registry:building_notify_change", kwargs={"pk": building.pk}),
        {"version": reg.version, "text": ""},
    )
    assert refused.status_code == 302
    reg.refresh_from_db()
    assert reg.state == "registered"
    client.post(
        reverse("registry:building_notify_change", kwargs={"pk": building.pk}),
        {"version": reg.version, "text": "家賃を改定"},
    )
    reg.refresh_from_db()
    assert reg.state == "change_notified"
    unit = building.units.get()
    post_edit(
        client,
        reverse("registry:unit_edit", kwargs={"pk": building.pk, "unit_id": unit.pk}),
        unit_post("101", "30", rent="55000"),
    )
    unit.refresh_from_db()
    assert unit.rent == 55000
    client.force_login(reviewer)
    page = client.get(reverse("registry:review", kwargs={"pk": reg.pk}))
    assert [c[0] for c in page.context["form"].fields["decision"].choices] == [
        "accept_change",
        "return_change",
        "reject_change",
    ]
    client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}),
        {"decision": "accept_change", "version": reg.version},
    )
    reg.refresh_from_db()
    assert reg.state == "registered"
    assert AuditEvent.objects.filter(action="registration.accept_change", actor=reviewer).exists()


@pytest.mark.django_db
def test_recall_and_withdraw(client, registry_world):
    submitted = make_building(registry_world.orgs["operator"], state="submitted", name="申請中の建物")
    registered = make_building(registry_world.orgs["operator"], state="registered", name="登録済みの建物")
    client.force_login(registry_world.user("operator", "admin"))
    client.post(
        reverse("registry:building_recall", kwargs={"pk": submitted.pk}),
        {"version": submitted.registration.version},
    )
    client.post(
        reverse("registry:building_withdraw", kwargs={"pk": registered.pk}),
        {"version": registered.registration.version, "comment": "事業を廃止"},
    )
    submitted.registration.refresh_from_db()
    registered.registration.refresh_from_db()
    assert submitted.registration.state == "draft"
    assert registered.registration.state == "withdrawn"
    assert registered.registration.notes.get(action="withdraw").text == "事業を廃止"
    stale = client.post(reverse("registry:building_withdraw", kwargs={"pk": registered.pk}), {"version": "x"})
    assert stale.status_code == 302


@pytest.mark.django_db
def test_the_review_history_reads_in_words(client, registry_world):
    """The review page's history listed ``registration.notify_change`` and the like: codes, not words."""
    building = make_building(registry_world.orgs["operator"], state="registered")
    reg = building.registration
    client.force_login(registry_world.user("operator", "admin"))
    client.post(
        reverse("registry:building_notify_change", kwargs={"pk": building.pk}),
        {"version": reg.version, "text": "家賃を改定"},
    )
    client.force_login(registry_world.user("authority", "staff"))
    client.cookies["sumai_language"] = "ja"
    page = client.get(reverse("registry:review", kwargs={"pk": reg.pk})).content.decode()
    assert "registration.notify_change" not in page
    assert "変更を届出" in page


@pytest.mark.django_db
def test_the_inbox_heads_the_date_column_and_says_how_long_it_waited(client, registry_world):
    """The column was headed 「申請中」 (the state's word) and showed no elapsed days."""
    from datetime import timedelta

    from django.utils import timezone

    building = make_building(registry_world.orgs["operator"], state="submitted")
    reg = building.registration
    reg.submitted_at = timezone.now() - timedelta(days=12)
    reg.save(update_fields=["submitted_at"])
    client.force_login(registry_world.user("authority", "staff"))
    client.cookies["sumai_language"] = "ja"
    page = client.get(reverse("registry:inbox")).content.decode()
    assert '<th scope="col">申請日</th>' in page
    assert "12日経過" in page


@pytest.mark.django_db
def test_a_review_comment_has_a_length_limit_and_nothing_changes_past_it(client, registry_world):
    """Issue #14 (minor): review messages had no length limit."""
    from sumai.registry.forms import REVIEW_TEXT_MAX
    from tests.registry.conftest import make_building

    building = make_building(registry_world.orgs["operator"], state="submitted")
    reg = building.registration
    client.force_login(registry_world.user("authority", "staff"))
    response = client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}),
        {"decision": "request_changes", "comment": "あ" * (REVIEW_TEXT_MAX + 1), "version": reg.version},
    )
    assert response.status_code == 400
    assert f"{REVIEW_TEXT_MAX}" in response.content.decode().replace(",", "")
    reg.refresh_from_db()
    assert reg.state == "submitted"


@pytest.mark.django_db
def test_the_strike_off_form_stands_apart_from_the_instruction(client, registry_world):
    """#14 Minor: the strike-off form ran into the instruction form."""
    reg = make_building(registry_world.orgs["operator"], state="registered").registration
    client.force_login(registry_world.user("authority", "staff"))
    html = client.get(reverse("registry:review", kwargs={"pk": reg.pk})).content.decode()
    instruction, strike = html.index('id="instruction-heading"'), html.index('id="strike-off-heading"')
    assert instruction < html.index('class="separator"') < strike
    assert 'aria-labelledby="strike-off-heading"' in html
