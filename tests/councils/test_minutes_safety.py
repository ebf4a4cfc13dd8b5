"""#13 Low: public council minutes refuse a PDF/HTML polyglot, are stored under a random name and are served
with nosniff and a script-free sandbox."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.councils.conftest import PDF

pytestmark = pytest.mark.django_db

POLYGLOT = PDF + b"<html><body><script>alert(1)</script></body></html>"


def test_public_minutes_refuse_a_polyglot_and_are_served_sandboxed(client, council_world):
    tokyo = council_world.councils["tokyo"]
    client.force_login(council_world.user("council", "staff"))
    url = reverse("councils:meeting_new", kwargs={"org_id": tokyo.pk})
    data = {"held_on": "2023-05-10", "title": "総会", "attendees": 25, "is_public": "on"}
    bad = SimpleUploadedFile("minutes.pdf", POLYGLOT, content_type="application/pdf")
    assert client.post(url, {**data, "minutes_file": bad}).status_code == 400
    assert not tokyo.meetings.filter(held_on=date(2023, 5, 10)).exists()
    good = SimpleUploadedFile("議事録.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {**data, "minutes_file": good}).status_code == 302
    meeting = tokyo.meetings.get(held_on=date(2023, 5, 10))
    assert re.fullmatch(r"council_minutes/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", meeting.minutes_file.name)
    client.logout()
    served = client.get(reverse("councils:meeting_file", kwargs={"meeting_id": meeting.pk}))
    assert served["Content-Security-Policy"].startswith("sandbox")
    assert served["X-Content-Type-Options"] == "nosniff"
