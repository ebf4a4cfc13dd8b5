"""Vacancy that stays true: expiry, reminders with signed one-click links, one-click confirmation."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sumai.audit.models import AuditEvent
from sumai.core.models import Delivery, Notification
from sumai.registry import vacancy
from sumai.registry.models import Building, Unit
from sumai.registry.services import Actor

BASE = "https://sumai.example.jp"
DAY = timedelta(days=1)


def building_with_units(operator, *, name="さくらハイツ", units=()):  # type: ignore[no-untyped-def]
    """``units``: (number, vacancy, confirmed_at) triples."""
    building = Building.objects.create(
        operator=operator,
        name=name,
        municipality_id="131121",
        address="世田谷区1-2-3",
        authority_code="130001",
        structure="rc",
        floors=3,
        building_type="apartment",
        construction_started=date(1995, 4, 1),
    )
    for number, status, confirmed_at in units:
        Unit.objects.create(
            building=building,
            number=number,
            floor=int(number[0]),
            floor_area_m2=Decimal("30"),
            layout="1K",
            rent=60000,
            vacancy=status,
            vacancy_confirmed_at=confirmed_at,
        )
    return building


def vacancy_of(building):  # type: ignore[no-untyped-def]
    return dict(building.units.values_list("number", "vacancy"))


def link_in(message) -> str:  # type: ignore[no-untyped-def]
    found = re.findall(re.escape(BASE) + r"(/\S+/vacancy/link/[^/\s]+/)", message.body)
    assert found, message.body
    return found[0]


# ------------------------------------------------------------------------------------------- expiry
@pytest.mark.django_db
def test_vacancy_expires_after_exactly_the_validity_period(demo_orgs):
    now = timezone.now()
    valid = timedelta(days=30)
    building = building_with_units(
        demo_orgs.orgs["operator"],
        units=[
            ("101", "vacant", now - valid),
            ("102", "vacant", now - valid - timedelta(seconds=1)),
            ("103", "occupied", None),
            ("104", "renovation", now - valid - DAY),
            ("105", "unknown", now - 100 * DAY),
            ("201", "occupied", now - 3 * DAY),
        ],
    )

    assert vacancy.expire_stale(now=now) == 3

    assert vacancy_of(building) == {
        "101": "vacant",
        "102": "unknown",
        "103": "unknown",
        "104": "unknown",
        "105": "unknown",
        "201": "occupied",
    }
    event = AuditEvent.objects.get(action="vacancy.expire")
    assert event.actor is None
    assert event.actor_label == "system"
    assert event.organisation == demo_orgs.orgs["operator"]
    assert event.object_id == str(building.pk)
    assert event.after["expired"] == 3
    assert vacancy.expire_stale(now=now) == 0  # nothing left to expire, no second event
    assert AuditEvent.objects.filter(action="vacancy.expire").count() == 1


@pytest.mark.django_db
def test_the_validity_period_comes_from_settings(demo_orgs, settings):
    settings.SUMAI = {**settings.SUMAI, "VACANCY_VALID_DAYS": 10}
    now = timezone.now()
    building = building_with_units(
        demo_orgs.orgs["operator"],
        units=[("101", "vacant", now - 11 * DAY), ("102", "vacant", now - 9 * DAY)],
    )
    assert vacancy.expire_stale(now=now) == 1
    assert vacancy_of(building) == {"101": "unknown", "102": "vacant"}


@pytest.mark.django_db
def test_an_expired_unit_drops_out_of_vacant_and_one_click_does_not_bring_it_back(client, demo_orgs):
    now = timezone.now()
    building = building_with_units(
        demo_orgs.orgs["operator"],
        units=[("101", "vacant", now - 40 * DAY), ("102", "vacant", now - 2 * DAY)],
    )
    vacancy.expire_stale()
    vacant = Unit.objects.filter(vacancy=Unit.Vacancy.VACANT)
    assert list(vacant.values_list("number", flat=True)) == ["102"]

    client.force_login(demo_orgs.user("operator", "staff"))
    client.post(reverse("registry:vacancy_confirm", kwargs={"pk": building.pk}))
    assert vacancy_of(building) == {"101": "unknown", "102": "vacant"}
    assert list(vacant.values_list("number", flat=True)) == ["102"]

    # Setting the status is what brings it back.
    unit = building.units.get(number="101")
    actor = Actor(
        user=demo_orgs.user("operator", "staff"), access=_access(demo_orgs.user("operator", "staff"))
    )
    vacancy.set_vacancy(actor=actor, unit=unit, status="vacant")
    unit.refresh_from_db()
    assert unit.vacancy == "vacant"
    assert vacancy.confirmed_days_ago(unit) == 0
    event = AuditEvent.objects.get(action="vacancy.set")
    assert event.before["vacancy"] == "unknown"
    assert event.after["vacancy"] == "vacant"


def _access(user):  # type: ignore[no-untyped-def]
    from django.test import RequestFactory

    from sumai.core.access import access_for

    request = RequestFactory().get("/")
    request.user = user
    return access_for(request)


@pytest.mark.django_db
def test_set_vacancy_refuses_another_landlord(registry_world):
    from django.core.exceptions import PermissionDenied

    building = building_with_units(registry_world.orgs["operator"], units=[("101", "occupied", None)])
    intruder = registry_world.user("other_operator", "admin")
    with pytest.raises(PermissionDenied):
        vacancy.set_vacancy(
            actor=Actor(user=intruder, access=_access(intruder)), unit=building.units.get(), status="vacant"
        )


def test_confirmed_days_ago_counts_calendar_days():
    now = timezone.now()
    unit = Unit(vacancy="vacant", vacancy_confirmed_at=now)
    assert vacancy.confirmed_days_ago(unit, now) == 0
    unit.vacancy_confirmed_at = now - 3 * DAY
    assert vacancy.confirmed_days_ago(unit, now) == 3
    unit.vacancy_confirmed_at = None
    assert vacancy.confirmed_days_ago(unit, now) is None


# ------------------------------------------------------------------------------------------- reminders
@pytest.mark.django_db
def test_one_reminder_per_operator_with_a_working_signed_link(
    client, registry_world, django_capture_on_commit_callbacks
):
    operator = registry_world.orgs["operator"]
    operator.email = "info@sakura.example.jp"
    operator.save()
    now = timezone.now()
    due = building_with_units(
        operator,
        name="さくらハイツ",
        units=[
            ("101", "vacant", now - 25 * DAY),
            ("102", "occupied", now - 24 * DAY),
            ("103", "unknown", None),
        ],
    )
    building_with_units(operator, name="もみじ荘", units=[("101", "vacant", now - 26 * DAY)])
    building_with_units(operator, name="新しい荘", units=[("101", "vacant", now - DAY)])  # not due
    building_with_units(
        registry_world.orgs["other_operator"], name="他人の荘", units=[("101", "vacant", now - 2 * DAY)]
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert vacancy.send_reminders(base_url=BASE) == 1
    # One message per address (no recipient sees the others' addresses), each delivery recorded as sent.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "info@sakura.example.jp",
        "operator.admin@example.jp",
        "operator.staff@example.jp",
    ]
    assert all(len(m.to) == 1 and m.body == mail.outbox[0].body for m in mail.outbox)
    assert Delivery.objects.filter(status="sent").count() == 3
    message = mail.outbox[0]
    assert "さくらハイツ" in message.body
    assert "もみじ荘" in message.body
    assert "新しい荘" not in message.body
    assert "他人の荘" not in message.body
    assert len(re.findall(r"/vacancy/link/", message.body)) == 2
    assert f"the first expires on {timezone.localdate(now + 5 * DAY):%Y-%m-%d}" in message.body
    assert Notification.objects.filter(organisation=operator).count() == 1
    assert AuditEvent.objects.filter(action="vacancy.reminder", organisation=operator).count() == 1

    # Running again the same day sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert vacancy.send_reminders(base_url=BASE) == 0
    assert len(mail.outbox) == 3
    assert Notification.objects.filter(organisation=operator).count() == 1

    # The link works without logging in: GET shows, POST confirms.
    path = next(p for p in re.findall(r"(/\S+/vacancy/link/[^/\s]+/)", message.body) if _names(p, due))
    page = client.get(path)
    assert page.status_code == 200
    body = page.content.decode()
    assert "さくらハイツ" in body
    assert "<caption>" in body
    assert 'scope="col"' in body
    assert due.units.get(number="101").vacancy_confirmed_at < now - 20 * DAY  # GET changed nothing

    response = client.post(path)
    assert response.status_code == 302
    confirmed = {u.number: u for u in due.units.all()}
    assert confirmed["101"].vacancy_confirmed_at >= now
    assert confirmed["102"].vacancy_confirmed_at >= now
    assert confirmed["103"].vacancy == "unknown"
    assert confirmed["103"].vacancy_confirmed_at is None
    event = AuditEvent.objects.get(action="vacancy.confirm_building")
    assert event.actor is None
    assert event.actor_label == "signed link"
    assert event.organisation == operator
    assert event.object_id == str(due.pk)
    assert event.after["confirmed"] == 2
    assert event.after["left_unknown"] == 1
    assert client.get(response["Location"]).status_code == 200


def _names(path: str, building: Building) -> bool:
    token = path.rstrip("/").rsplit("/", 1)[1]
    return vacancy.building_for_link(token).pk == building.pk


@pytest.mark.django_db
def test_a_tampered_link_gives_a_clear_400_page(client, demo_orgs):
    building = building_with_units(demo_orgs.orgs["operator"], units=[("101", "vacant", timezone.now())])
    token = vacancy.link_token(building)
    forged = signing.TimestampSigner(salt="something else").sign(f"{building.pk}:{building.operator_id}")
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        response = client.get(reverse("registry:vacancy_link", kwargs={"token": bad}))
        assert response.status_code == 400
        assert reverse("accounts:login") in response.content.decode()
        assert client.post(reverse("registry:vacancy_link", kwargs={"token": bad})).status_code == 400
    assert not AuditEvent.objects.filter(action="vacancy.confirm_building").exists()


@pytest.mark.django_db
def test_a_link_stops_working_when_the_building_changes_operator(client, registry_world):
    building = building_with_units(registry_world.orgs["operator"], units=[("101", "vacant", timezone.now())])
    token = vacancy.link_token(building)
    Building.objects.filter(pk=building.pk).update(operator=registry_world.orgs["other_operator"])
    assert client.get(reverse("registry:vacancy_link", kwargs={"token": token})).status_code == 400


@pytest.mark.django_db
def test_an_expired_link_gives_a_clear_410_page(client, demo_orgs):
    old = timezone.now() - 20 * DAY
    building = building_with_units(demo_orgs.orgs["operator"], units=[("101", "vacant", old)])
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 15 * 86400):
        token = vacancy.link_token(building)
    url = reverse("registry:vacancy_link", kwargs={"token": token})
    response = client.get(url)
    assert response.status_code == 410
    assert reverse("accounts:login") in response.content.decode()
    assert client.post(url).status_code == 410
    assert building.units.get().vacancy_confirmed_at == old


# ------------------------------------------------------------------------------------------- dashboard
@pytest.mark.django_db
def test_one_click_from_the_dashboard_confirms_every_unit(client, demo_orgs):
    now = timezone.now()
    building = building_with_units(
        demo_orgs.orgs["operator"],
        units=[
            ("101", "vacant", now - 20 * DAY),
            ("102", "occupied", now - 29 * DAY),
            ("201", "renovation", None),
        ],
    )
    client.force_login(demo_orgs.user("operator", "staff"))
    dashboard = reverse("web:dashboard")
    response = client.post(
        reverse("registry:vacancy_confirm", kwargs={"pk": building.pk}), {"next": dashboard}
    )
    assert response.status_code == 302
    assert response["Location"] == dashboard
    assert all(u.vacancy_confirmed_at >= now for u in building.units.all())
    event = AuditEvent.objects.get(action="vacancy.confirm_building")
    assert event.actor == demo_orgs.user("operator", "staff")
    assert event.after["confirmed"] == 3
    assert vacancy.expire_stale() == 0

    # An unsafe "next" falls back to the building page.
    response = client.post(
        reverse("registry:vacancy_confirm", kwargs={"pk": building.pk}), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("registry:building", kwargs={"pk": building.pk})
    # GET does nothing.
    assert client.get(reverse("registry:vacancy_confirm", kwargs={"pk": building.pk})).status_code == 405


@pytest.mark.django_db
def test_an_authorised_agent_may_confirm(client, registry_world):
    building = building_with_units(registry_world.orgs["operator"], units=[("101", "vacant", None)])
    client.force_login(registry_world.user("agent", "staff"))
    response = client.post(reverse("registry:vacancy_confirm", kwargs={"pk": building.pk}))
    assert response.status_code == 302
    assert building.units.get().vacancy_confirmed_at is not None


@pytest.mark.django_db
def test_another_operator_cannot_confirm(client, registry_world):
    old = timezone.now() - 20 * DAY
    building = building_with_units(registry_world.orgs["operator"], units=[("101", "vacant", old)])
    url = reverse("registry:vacancy_confirm", kwargs={"pk": building.pk})
    client.force_login(registry_world.user("other_operator", "admin"))
    assert client.post(url).status_code == 404  # the table lets landlords in; the building is not theirs
    client.force_login(registry_world.user("operator", "viewer"))
    assert client.post(url).status_code == 403  # the table: viewers do not confirm
    client.logout()
    assert client.post(url).status_code == 302  # to the login page
    assert building.units.get().vacancy_confirmed_at == old
    assert not AuditEvent.objects.filter(action="vacancy.confirm_building").exists()


# ------------------------------------------------------------------------------------------- command
@pytest.mark.django_db
def test_the_daily_command_is_idempotent(demo_orgs, django_capture_on_commit_callbacks):
    now = timezone.now()
    building = building_with_units(
        demo_orgs.orgs["operator"],
        units=[("101", "vacant", now - 25 * DAY), ("102", "vacant", now - 31 * DAY)],
    )
    first, second = StringIO(), StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("vacancy_daily", "--base-url", BASE, stdout=first, stderr=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("vacancy_daily", "--base-url", BASE, stdout=second, stderr=StringIO())
    assert "reminded operators: 1" in first.getvalue()
    assert "expired units: 1" in first.getvalue()
    assert "reminded operators: 0" in second.getvalue()
    assert "expired units: 0" in second.getvalue()
    assert len({m.body for m in mail.outbox}) == 1  # one reminder, to each address of the operator
    assert link_in(mail.outbox[0])
    assert "1 already expired or never confirmed" in mail.outbox[0].body
    assert vacancy_of(building) == {"101": "vacant", "102": "unknown"}
    assert AuditEvent.objects.filter(action="vacancy.reminder").count() == 1


def test_the_command_documents_its_cron_line():
    from sumai.registry.management.commands.vacancy_daily import Command

    assert "0 6 * * *" in Command.help
    assert "vacancy_daily" in Command.help


@pytest.mark.django_db
def test_a_reminder_is_repeated_after_six_days(demo_orgs, django_capture_on_commit_callbacks):
    now = timezone.now()
    building_with_units(demo_orgs.orgs["operator"], units=[("101", "vacant", now - 24 * DAY)])
    with django_capture_on_commit_callbacks(execute=True):
        assert vacancy.send_reminders(now=now) == 1
        assert vacancy.send_reminders(now=now + 5 * DAY) == 0
        assert vacancy.send_reminders(now=now + 6 * DAY + timedelta(seconds=1)) == 1
    assert len(mail.outbox) == 2 * len({m.to[0] for m in mail.outbox})


@pytest.mark.django_db
def test_building_page_says_how_fresh_each_vacancy_is(client, registry_world):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from tests.registry.conftest import make_building

    building = make_building(registry_world.orgs["operator"], state="registered")
    building.units.update(vacancy="vacant", vacancy_confirmed_at=timezone.now() - timedelta(days=3))
    client.force_login(registry_world.user("operator", "admin"))
    client.cookies["sumai_language"] = "en"
    page = client.get(reverse("registry:building", kwargs={"pk": building.pk})).content.decode()
    assert "confirmed 3 days ago" in page
