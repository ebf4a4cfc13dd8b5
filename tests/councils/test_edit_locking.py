"""Two staff editing one council profile or meeting: the second save is refused (issue 13, Low)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from sumai.councils.models import Council, Meeting
from tests.otp import VerifiedClient as Client

CONFLICT = "編集中に他の人がこの記録を保存しました"


def _two(council_world, url):  # type: ignore[no-untyped-def]
    clients = [Client(), Client()]
    clients[0].force_login(council_world.user("council", "admin"))
    clients[1].force_login(council_world.user("council", "staff"))
    return [(c, c.get(url).context["form"]["edit_token"].value()) for c in clients]


@pytest.mark.django_db
def test_the_second_council_edit_is_refused(council_world):
    tokyo = council_world.councils["tokyo"]
    url = reverse("councils:edit", kwargs={"org_id": tokyo.pk})
    (first, t1), (second, t2) = _two(council_world, url)
    base = {"founded_on": "2015-04-01", "secretariat": "東京都", "activities": ["seminars"]}
    assert first.post(url, {**base, "description": "一人目", "edit_token": t1}).status_code == 302
    refused = second.post(url, {**base, "description": "二人目", "edit_token": t2})
    assert refused.status_code == 409
    assert CONFLICT in refused.content.decode()
    assert Council.objects.get(pk=tokyo.pk).description == "一人目"


@pytest.mark.django_db
def test_the_second_meeting_edit_is_refused(council_world):
    tokyo = council_world.councils["tokyo"]
    meeting = Meeting.objects.filter(council=tokyo).order_by("pk").first()
    url = reverse("councils:meeting_edit", kwargs={"org_id": tokyo.pk, "meeting_id": meeting.pk})
    (first, t1), (second, t2) = _two(council_world, url)
    base = {"held_on": "2022-06-01", "attendees": "20", "minutes": "議事", "is_public": "on"}
    assert first.post(url, {**base, "title": "一人目", "edit_token": t1}).status_code == 302
    refused = second.post(url, {**base, "title": "二人目", "edit_token": t2})
    assert refused.status_code == 409
    assert CONFLICT in refused.content.decode()
    meeting.refresh_from_db()
    assert (meeting.title, meeting.held_on) == ("一人目", date(2022, 6, 1))


@pytest.mark.django_db
def test_the_second_grant_application_edit_is_refused(council_world):
    from sumai.councils.models import GrantApplication

    council = council_world.orgs["council"]
    application = GrantApplication.objects.create(
        programme=council_world.programme,
        applicant=council,
        recipient_kind="council",
        plan="相談窓口",
        amounts={"pre_move_in": 1_000_000},
        requested_total=1_000_000,
        cap=10_000_000,
    )
    url = reverse("councils:application_edit", kwargs={"pk": application.pk})
    (first, t1), (second, t2) = _two(council_world, url)
    base = {"applicant": council.pk, "amount_pre_move_in": "2000000"}
    assert first.post(url, {**base, "plan": "一人目", "edit_token": t1}).status_code == 302
    refused = second.post(url, {**base, "plan": "二人目", "edit_token": t2})
    assert refused.status_code == 409
    assert CONFLICT in refused.content.decode()
    application.refresh_from_db()
    assert application.plan == "一人目"
