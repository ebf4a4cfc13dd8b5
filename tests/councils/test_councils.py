"""A council's staff keep its profile, members and meetings; every write is audited; bad input names the
field and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sumai.audit.models import AuditEvent
from sumai.councils.models import Council, Meeting
from tests.councils.conftest import PDF
from tests.factories import OrganisationFactory


@pytest.mark.django_db
def test_staff_edit_the_council_and_the_change_is_audited(client, council_world):
    tokyo = council_world.councils["tokyo"]
    client.force_login(council_world.user("council", "staff"))
    url = reverse("councils:edit", kwargs={"org_id": tokyo.pk})
    token = client.get(url).context["form"]["edit_token"].value()
    response = client.post(
        url,
        {
            "edit_token": token,
            "founded_on": "2014-06-30",
            "secretariat": "東京都 住宅政策本部 / 公益財団法人東京都防災・建築まちづくりセンター",
            "activities": ["information_exchange", "seminars"],
            "description": "都内の居住支援",
            "website": "https://example.jp/council",
        },
    )
    assert response.status_code == 302
    tokyo.refresh_from_db()
    assert tokyo.founded_on == date(2014, 6, 30)
    assert tokyo.activities == ["information_exchange", "seminars"]
    event = AuditEvent.objects.get(action="council.update")
    assert event.object_type == "councils.council"
    assert event.before["founded_on"] == "2015-04-01"
    assert event.after["founded_on"] == "2014-06-30"


@pytest.mark.django_db
def test_bad_input_names_the_field_and_writes_nothing(client, council_world):
    tokyo = council_world.councils["tokyo"]
    other = council_world.councils["other"]
    client.force_login(council_world.user("council", "admin"))
    response = client.post(
        reverse("councils:edit", kwargs={"org_id": tokyo.pk}),
        {"founded_on": "2999-01-01", "secretariat": "", "municipality_codes": "131121"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "The founding date cannot be in the future." in text or "未来" in text
    tokyo.refresh_from_db()
    assert tokyo.founded_on == date(2015, 4, 1)
    # a municipal council's area: unknown codes and other prefectures are refused, by field
    client.force_login(council_world.user("other_council", "admin"))
    url = reverse("councils:edit", kwargs={"org_id": other.pk})
    token = client.get(url).context["form"]["edit_token"].value()
    base = {"founded_on": "2016-01-01", "secretariat": "世田谷区 住宅課", "edit_token": token}
    response = client.post(url, {**base, "municipality_codes": "999999"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "999999" in response.content.decode()
    response = client.post(url, {**base, "municipality_codes": "011002"})
    assert response.status_code == 400
    assert list(other.municipalities.values_list("code", flat=True)) == ["131121"]
    assert not AuditEvent.objects.filter(action="council.update").exists()


@pytest.mark.django_db
def test_a_new_council_organisation_gets_its_profile_on_first_save(client, council_world):
    from sumai.accounts.models import Membership
    from tests.factories import UserFactory

    org = OrganisationFactory(
        kind="council", name="船橋市居住支援協議会", prefecture_id="12", municipality_id="122041"
    )
    user = UserFactory(email="funabashi@example.jp")
    Membership.objects.create(user=user, organisation=org, role="admin")
    client.force_login(user)
    assert client.get(reverse("councils:detail", kwargs={"org_id": org.pk})).status_code == 302
    response = client.post(
        reverse("councils:edit", kwargs={"org_id": org.pk}),
        {"founded_on": "2019-04-01", "secretariat": "船橋市 住宅政策課", "municipality_codes": ""},
    )
    assert response.status_code == 302
    council = Council.objects.get(pk=org.pk)
    assert council.level == "municipal"
    assert list(council.municipalities.values_list("code", flat=True)) == ["122041"]
    assert AuditEvent.objects.filter(action="council.create", object_id=str(org.pk)).exists()


@pytest.mark.django_db
def test_members_are_added_and_removed_with_audit(client, council_world):
    tokyo = council_world.councils["tokyo"]
    client.force_login(council_world.user("council", "admin"))
    url = reverse("councils:member_add", kwargs={"org_id": tokyo.pk})
    corp = council_world.orgs["support_corporation"]
    response = client.post(url, {"kind": "support_corporation", "name": corp.name, "organisation": corp.pk})
    assert response.status_code == 302
    member = tokyo.members.get(name=corp.name)
    assert member.organisation == corp
    client.post(url, {"kind": "support_corporation", "name": corp.name})  # twice: refused
    assert tokyo.members.filter(name=corp.name).count() == 1
    client.post(reverse("councils:member_remove", kwargs={"org_id": tokyo.pk, "member_id": member.pk}))
    assert not tokyo.members.filter(pk=member.pk).exists()
    assert list(
        AuditEvent.objects.filter(action__startswith="council.member")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["council.member_add", "council.member_remove"]


@pytest.mark.django_db
def test_meetings_with_minutes_and_a_checked_pdf(client, council_world):
    tokyo = council_world.councils["tokyo"]
    client.force_login(council_world.user("council", "staff"))
    url = reverse("councils:meeting_new", kwargs={"org_id": tokyo.pk})
    fake = SimpleUploadedFile("minutes.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        url,
        {"held_on": "2023-05-10", "title": "総会", "attendees": 25, "minutes_file": fake, "is_public": "on"},
    )
    assert response.status_code == 400  # the content is checked, not the name
    assert not tokyo.meetings.filter(held_on=date(2023, 5, 10)).exists()
    response = client.post(url, {"held_on": "2010-01-01", "title": "総会", "attendees": 25})
    assert response.status_code == 400  # before the founding date
    pdf = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")
    response = client.post(
        url,
        {"held_on": "2023-05-10", "title": "総会", "attendees": 25, "minutes_file": pdf, "is_public": "on"},
    )
    assert response.status_code == 302
    meeting = tokyo.meetings.get(held_on=date(2023, 5, 10))
    assert AuditEvent.objects.filter(action="council.meeting_add", object_id=str(meeting.pk)).exists()
    client.logout()
    file_url = reverse("councils:meeting_file", kwargs={"meeting_id": meeting.pk})
    response = client.get(file_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # private minutes' files are not public
    Meeting.objects.filter(pk=meeting.pk).update(is_public=False)
    assert client.get(file_url).status_code == 404
    client.force_login(council_world.user("council", "viewer"))
    assert client.get(file_url).status_code == 200


@pytest.mark.django_db
def test_directory_filters(client, council_world):
    url = reverse("councils:directory")
    page = client.get(url, {"level": "municipal"}).content.decode()
    assert "世田谷区居住支援協議会" in page
    assert council_world.orgs["council"].name not in page.split("<table")[1] if "<table" in page else True
    page = client.get(url, {"q": "世田谷"}).content.decode()
    assert "世田谷区居住支援協議会" in page
    page = client.get(url, {"prefecture": "01"}).content.decode()
    assert "世田谷区居住支援協議会" not in page
