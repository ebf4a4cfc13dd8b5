"""Who finds what: a council's editors reach only their own council's members and meetings, an applicant
only its own organisations' applications, and a year without a programme is not there."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from sumai.accounts.models import Organisation
from sumai.councils.models import CouncilMember, GrantApplication, Meeting
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_council_reaches_no_member_or_meeting_of_another_through_its_own_url(client, council_world):  # type: ignore[no-untyped-def]
    tokyo, other = council_world.councils["tokyo"], council_world.councils["other"]
    member = CouncilMember.objects.create(council=other, kind="other", name="世田谷の委員")
    meeting = Meeting.objects.create(council=other, held_on=date(2022, 6, 1), title="総会", attendees=5)
    client.force_login(council_world.user("council", "admin"))
    r = client.post(reverse("councils:member_remove", kwargs={"org_id": tokyo.pk, "member_id": member.pk}))
    assert r.status_code == 404
    assert CouncilMember.objects.filter(pk=member.pk).exists()
    url = reverse("councils:meeting_edit", kwargs={"org_id": tokyo.pk, "meeting_id": meeting.pk})
    assert client.get(url).status_code == 404
    r = client.post(url, {"held_on": "2022-06-02", "title": "書き換え", "attendees": 1})
    assert r.status_code == 404
    meeting.refresh_from_db()
    assert meeting.title == "総会"
    # its own meeting opens
    own = tokyo.meetings.first()
    own_url = reverse("councils:meeting_edit", kwargs={"org_id": tokyo.pk, "meeting_id": own.pk})
    assert client.get(own_url).status_code == 200


def test_a_platform_administrator_edits_active_councils_only(client, council_world):  # type: ignore[no-untyped-def]
    tokyo = council_world.councils["tokyo"]
    client.force_login(UserFactory(email="platform.admin@example.org", is_superuser=True, is_staff=True))
    assert client.get(reverse("councils:edit", kwargs={"org_id": tokyo.pk})).status_code == 200
    Organisation.objects.filter(pk=tokyo.pk).update(is_active=False)
    assert client.get(reverse("councils:edit", kwargs={"org_id": tokyo.pk})).status_code == 404
    assert client.get(reverse("councils:meeting_new", kwargs={"org_id": tokyo.pk})).status_code == 404


def test_a_year_without_a_programme_is_not_there(client, council_world):  # type: ignore[no-untyped-def]
    assert client.get(reverse("councils:programme", kwargs={"year": 2031})).status_code == 404
    client.force_login(council_world.user("council", "admin"))
    assert client.get(reverse("councils:application_new", kwargs={"year": 2031})).status_code == 404
    assert client.get(reverse("councils:application_new", kwargs={"year": 2022})).status_code == 200


def test_an_applicant_edits_only_its_own_applications(client, council_world):  # type: ignore[no-untyped-def]
    mine = GrantApplication.objects.create(
        programme=council_world.programme,
        applicant=council_world.orgs["council"],
        recipient_kind="council",
        plan="相談窓口",
        amounts={"pre_move_in": 1_000_000},
        requested_total=1_000_000,
        cap=10_000_000,
    )
    url = reverse("councils:application_edit", kwargs={"pk": mine.pk})
    client.force_login(council_world.user("other_council", "admin"))
    assert client.get(url).status_code == 404
    client.force_login(council_world.user("support_corporation", "admin"))
    assert client.get(url).status_code == 404
    # the council's viewer sees the application but may not edit it
    client.force_login(council_world.user("council", "viewer"))
    assert client.get(reverse("councils:application", kwargs={"pk": mine.pk})).status_code == 200
    assert client.get(url).status_code == 403
    client.force_login(council_world.user("council", "staff"))
    assert client.get(url).status_code == 200
