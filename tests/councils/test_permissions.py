"""Role × council: public pages for everyone, a council edits only itself, only the ministry decides grants,
applicants see only their own applications."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.councils.models import GrantApplication

KINDS = [
    "operator",
    "agent",
    "authority",
    "municipality",
    "support_corporation",
    "council",
    "referral_partner",
    "national",
]


@pytest.mark.django_db
def test_public_pages_are_readable_anonymously(client, council_world):
    tokyo = council_world.councils["tokyo"]
    for url in [
        reverse("councils:directory"),
        reverse("councils:detail", kwargs={"org_id": tokyo.pk}),
        reverse("councils:grants"),
        reverse("councils:programme", kwargs={"year": 2022}),
        reverse("insights:index"),
        reverse("insights:corporations"),
        reverse("insights:councils"),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("councils:detail", kwargs={"org_id": tokyo.pk})).content.decode()
    assert "公開の議事" in page
    assert "非公開の議事" not in page  # minutes not marked public stay with the council


@pytest.mark.django_db
def test_members_of_the_council_see_its_private_minutes(client, council_world):
    tokyo = council_world.councils["tokyo"]
    client.force_login(council_world.user("council", "viewer"))
    page = client.get(reverse("councils:detail", kwargs={"org_id": tokyo.pk})).content.decode()
    assert "非公開の議事" in page
    client.force_login(council_world.user("other_council", "admin"))
    page = client.get(reverse("councils:detail", kwargs={"org_id": tokyo.pk})).content.decode()
    assert "非公開の議事" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), [("admin", True), ("staff", True), ("viewer", False)])
def test_a_council_edits_only_itself(client, council_world, role, allowed):
    tokyo, other = council_world.councils["tokyo"], council_world.councils["other"]
    client.force_login(council_world.user("council", role))
    own = client.get(reverse("councils:edit", kwargs={"org_id": tokyo.pk}))
    assert own.status_code == (200 if allowed else 403)
    assert client.get(reverse("councils:edit", kwargs={"org_id": other.pk})).status_code == 403
    response = client.post(
        reverse("councils:member_add", kwargs={"org_id": other.pk}), {"kind": "other", "name": "侵入者"}
    )
    assert response.status_code == 403
    assert not other.members.filter(name="侵入者").exists()
    response = client.post(
        reverse("councils:meeting_new", kwargs={"org_id": other.pk}),
        {"held_on": "2023-01-01", "title": "x", "attendees": 3},
    )
    assert response.status_code == 403
    assert not other.meetings.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [k for k in KINDS if k != "council"])
def test_other_kinds_cannot_edit_a_council(client, council_world, kind):
    tokyo = council_world.councils["tokyo"]
    client.force_login(council_world.user(kind, "admin"))
    assert client.get(reverse("councils:edit", kwargs={"org_id": tokyo.pk})).status_code == 403
    # their own organisation id in the URL gets them no further: it is not a council
    own = council_world.orgs[kind].pk
    assert client.get(reverse("councils:edit", kwargs={"org_id": own})).status_code == 404


def _application(world, applicant_kind: str = "council", state: str = "submitted") -> GrantApplication:
    return GrantApplication.objects.create(
        programme=world.programme,
        applicant=world.orgs[applicant_kind],
        recipient_kind=applicant_kind,
        state=state,
        plan="相談窓口",
        amounts={"pre_move_in": 3_000_000},
        requested_total=3_000_000,
        cap=10_000_000,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ["admin", "staff", "viewer"])
def test_only_the_ministry_decides_grants(client, council_world, kind, role):
    application = _application(council_world)
    client.force_login(council_world.user(kind, role))
    response = client.post(
        reverse("councils:application_decide", kwargs={"pk": application.pk}),
        {"decision": "grant", "granted_amount": 3_000_000, "decided_on": "2022-07-01", "version": 1},
    )
    application.refresh_from_db()
    if kind == "national" and role in ("admin", "staff"):
        assert response.status_code == 302
        assert application.state == "granted"
    else:
        assert response.status_code == 403
        assert application.state == "submitted"


@pytest.mark.django_db
def test_applicants_see_only_their_own_applications(client, council_world):
    mine = _application(council_world, "council")
    theirs = _application(council_world, "support_corporation")
    client.force_login(council_world.user("council", "viewer"))
    assert client.get(reverse("councils:application", kwargs={"pk": mine.pk})).status_code == 200
    assert client.get(reverse("councils:application", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.get(reverse("councils:application_new", kwargs={"year": 2022})).status_code == 403
    client.force_login(council_world.user("other_council", "admin"))
    assert client.get(reverse("councils:application", kwargs={"pk": mine.pk})).status_code == 404
    response = client.post(reverse("councils:application_withdraw", kwargs={"pk": mine.pk}), {"version": 1})
    assert response.status_code == 404
    client.force_login(council_world.user("national", "viewer"))
    assert client.get(reverse("councils:application", kwargs={"pk": theirs.pk})).status_code == 200
    assert client.get(reverse("councils:grant_inbox")).status_code == 200
    assert client.get(reverse("councils:programme_new")).status_code == 403
