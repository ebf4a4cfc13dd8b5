"""#13 Low: uploads are stored under random names (not the user's name or extension), a PDF or image that is
also HTML or script (a polyglot) is refused naming the field, and every stored file is served with its
sniffed type, nosniff, a script-free sandbox and a Content-Disposition carrying the original name."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sumai.core.uploads import active_content, check_upload
from sumai.registry.models import Attachment
from tests.registry.conftest import PDF, make_building

pytestmark = pytest.mark.django_db

POLYGLOTS = [
    PDF + b"<html><body><script>alert(1)</script></body></html>",
    PDF + b"%%EOF\n<!DOCTYPE html><p>hi</p>",
    PDF + b"1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 100 + b"<svg onload=alert(1)>",
    PDF + b"x" * (1024 * 1024 - 10) + b"<scr" + b"ipt>",  # across the chunk boundary
]


@pytest.mark.parametrize("content", POLYGLOTS, ids=range(len(POLYGLOTS)))
def test_a_polyglot_is_refused_naming_the_field(content: bytes) -> None:
    upload = SimpleUploadedFile("plan.pdf", content, content_type="application/pdf")
    assert active_content(upload)
    with pytest.raises(ValidationError) as refused:
        check_upload(upload, field="file", allowed={"application/pdf", "image/png"}, wrong_type="")
    assert "file" in refused.value.message_dict


def test_a_plain_pdf_passes() -> None:
    upload = SimpleUploadedFile(
        "plan.pdf", PDF + b"1 0 obj << /Type /Catalog >>", content_type="application/pdf"
    )
    assert check_upload(upload, field="file", allowed={"application/pdf"}, wrong_type="") == "application/pdf"


def test_an_attachment_is_stored_under_a_random_name_and_served_safely(client, registry_world):
    building = make_building(registry_world.orgs["operator"], documents=False)
    client.force_login(registry_world.user("operator", "admin"))
    upload = SimpleUploadedFile("間取り図<script>.html", PDF, content_type="text/html")
    response = client.post(
        reverse("registry:attachment_add", kwargs={"pk": building.pk}), {"kind": "floor_plan", "file": upload}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(registration=building.registration)
    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name), (
        attachment.file.name
    )
    assert attachment.original_name == "間取り図<script>.html"
    served = client.get(reverse("registry:attachment", kwargs={"attachment_id": attachment.pk}))
    assert served["Content-Type"] == "application/pdf"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"].startswith("sandbox")
    assert served["Content-Disposition"].startswith("inline")
    assert "filename*=utf-8''" in served["Content-Disposition"].lower()
    bad = SimpleUploadedFile("plan.pdf", POLYGLOTS[0], content_type="application/pdf")
    refused = client.post(
        reverse("registry:attachment_add", kwargs={"pk": building.pk}), {"kind": "floor_plan", "file": bad}
    )
    assert refused.status_code == 302
    assert Attachment.objects.filter(registration=building.registration).count() == 1
