"""#14 item 8: a change notice can always be decided. Only what the notice changes must meet today's
standards (a unit registered under older rules does not block a rent cut); the reviewer sees what changed,
can return the notice for correction or refuse the change (the registration then stays as accepted)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sumai.audit.models import AuditEvent
from sumai.core.models import Notification
from sumai.registry.models import Registration, ReviewNote, Unit
from tests.registry.conftest import make_building, post_edit
from tests.registry.test_workflow import unit_post

pytestmark = pytest.mark.django_db


def notified(client, world, *, area: str = "30"):  # type: ignore[no-untyped-def]
    """A registered building (one unit of ``area`` m²) under an open change notice."""
    building = make_building(world.orgs["operator"], state="registered", area=area)
    reg = building.registration
    client.force_login(world.user("operator", "admin"))
    client.post(
        reverse("registry:building_notify_change", kwargs={"pk": building.pk}),
        {"version": reg.version, "text": "家賃を改定"},
    )
    reg.refresh_from_db()
    assert reg.state == "change_notified"
    return building, reg


def edit_unit(client, building, unit, **changes: str):  # type: ignore[no-untyped-def]
    data = unit_post(unit.number, str(unit.floor_area_m2), **changes)
    url = reverse("registry:unit_edit", kwargs={"pk": building.pk, "unit_id": unit.pk})
    response = post_edit(client, url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def decide(client, world, reg, **data: str):  # type: ignore[no-untyped-def]
    client.force_login(world.user("authority", "staff"))
    reg.refresh_from_db()
    return client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}), {"version": reg.version, **data}
    )


def test_a_rent_cut_is_accepted_although_a_unit_no_longer_meets_todays_standards(client, registry_world):
    """The unit (18 m², below today's 25 m²) was registered under older rules; the notice only cuts its
    rent. Before the fix the accept was refused and the reviewer had no other option."""
    building, reg = notified(client, registry_world, area="18")
    unit = building.units.get()
    edit_unit(client, building, unit, rent="50000")
    decide(client, registry_world, reg, decision="accept_change")
    reg.refresh_from_db()
    assert reg.state == "registered"
    assert reg.accepted_copy is None
    assert building.units.get().rent == 50000


def test_what_the_notice_changes_must_meet_todays_standards(client, registry_world):
    building, reg = notified(client, registry_world, area="18")
    unit = building.units.get()
    edit_unit(client, building, unit, rent="50000", floor_area_m2="17")
    response = decide(client, registry_world, reg, decision="accept_change")
    assert response.status_code == 400
    reg.refresh_from_db()
    assert reg.state == "change_notified"


def test_the_reviewer_sees_what_changed(client, registry_world):
    building, reg = notified(client, registry_world)
    unit = building.units.get()
    edit_unit(client, building, unit, rent="50000")
    client.force_login(registry_world.user("authority", "staff"))
    page = client.get(reverse("registry:review", kwargs={"pk": reg.pk}), HTTP_ACCEPT_LANGUAGE="ja")
    changes = page.context["changes"]
    assert ("101", "60000", "50000") in [(c.where, c.before, c.after) for c in changes]
    assert all(c.where == "101" for c in changes)
    html = page.content.decode()
    assert "この変更届出で変わる内容" in html, html[html.find("<main") : html.find("<main") + 2500]


def test_not_accepting_puts_the_accepted_version_back(client, registry_world):
    building, reg = notified(client, registry_world)
    unit = building.units.get()
    edit_unit(client, building, unit, rent="50000")
    client.post(reverse("registry:unit_new", kwargs={"pk": building.pk}), unit_post("102", "30"))
    assert building.units.count() == 2
    refused = decide(client, registry_world, reg, decision="reject_change", comment="")
    assert refused.status_code == 400
    assert building.units.count() == 2
    decide(client, registry_world, reg, decision="reject_change", comment="家賃の根拠資料がありません。")
    reg.refresh_from_db()
    assert reg.state == "registered"
    assert reg.registration_number == Registration.objects.get(pk=reg.pk).registration_number
    assert list(building.units.values_list("number", "rent")) == [("101", 60000)]
    assert building.units.get().status == Unit.Status.REGISTERED
    note = ReviewNote.objects.get(registration=reg, action="reject_change")
    assert note.text == "家賃の根拠資料がありません。"
    assert AuditEvent.objects.filter(action="registration.reject_change").exists()
    assert Notification.objects.filter(
        organisation=building.operator, message__contains="受理されませんでした"
    ).exists()


def test_returning_keeps_the_notice_open_and_tells_the_landlord(client, registry_world):
    building, reg = notified(client, registry_world)
    before = Notification.objects.filter(organisation=building.operator).count()
    refused = decide(client, registry_world, reg, decision="return_change", comment="  ")
    assert refused.status_code == 400
    decide(
        client,
        registry_world,
        reg,
        decision="return_change",
        comment="改定後の家賃を住戸ごとに入力してください。",
    )
    reg.refresh_from_db()
    assert reg.state == "change_notified"
    assert ReviewNote.objects.filter(registration=reg, action="return_change").count() == 1
    assert Notification.objects.filter(organisation=building.operator).count() == before + 1
    client.force_login(registry_world.user("operator", "admin"))
    page = client.get(reverse("registry:building", kwargs={"pk": building.pk})).content.decode()
    assert "改定後の家賃を住戸ごとに入力してください。" in page


def test_a_notice_without_a_copy_is_checked_whole(client, registry_world):
    """Notices opened before copies were kept: everything is checked, as before."""
    building, reg = notified(client, registry_world, area="18")
    Registration.objects.filter(pk=reg.pk).update(accepted_copy=None)
    Unit.objects.filter(building=building).update(rent=50000, floor_area_m2=Decimal("18"))
    response = decide(client, registry_world, reg, decision="accept_change")
    assert response.status_code == 400
    decide(client, registry_world, reg, decision="reject_change", comment="再提出してください。")
    reg.refresh_from_db()
    assert reg.state == "registered"


def test_the_open_request_is_at_the_top_of_the_building_page(client, registry_world):
    """#14 Minor: the reviewer's request was buried at the bottom of the thread."""
    building, reg = notified(client, registry_world)
    decide(client, registry_world, reg, decision="return_change", comment="家賃の内訳を添えてください。")
    client.force_login(registry_world.user("operator", "admin"))
    html = client.get(reverse("registry:building", kwargs={"pk": building.pk})).content.decode()
    top = html.index('id="open-request"')
    assert top < html.index("家賃の内訳を添えてください。") < html.index('id="vacancy"')
    assert top < html.index("<h1>") + 3000


def test_no_open_request_once_the_landlord_answered(client, registry_world):
    building = make_building(registry_world.orgs["operator"], state="submitted")
    reg = building.registration
    client.force_login(registry_world.user("authority", "staff"))
    client.post(
        reverse("registry:review_decide", kwargs={"pk": reg.pk}),
        {"decision": "request_changes", "version": reg.version, "comment": "写真を追加してください。"},
    )
    client.force_login(registry_world.user("operator", "admin"))
    page = reverse("registry:building", kwargs={"pk": building.pk})
    assert 'id="open-request"' in client.get(page).content.decode()
    reg.refresh_from_db()
    client.post(reverse("registry:building_submit", kwargs={"pk": building.pk}), {"version": reg.version})
    reg.refresh_from_db()
    assert reg.state == "submitted"
    assert 'id="open-request"' not in client.get(page).content.decode()
