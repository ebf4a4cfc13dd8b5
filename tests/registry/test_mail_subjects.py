"""A reviewer's multi-line comment goes into the landlord's e-mail (#13 item 8): the subject is one bounded
line, the mail is sent after the commit, and a failure to send is recorded for a retry — never a 500."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from sumai.core import notifications
from sumai.core.models import Delivery
from tests.registry.conftest import make_building

pytestmark = pytest.mark.django_db

COMMENT = (
    "床面積が不足しています。\r\n2階の201号室を確認してください。\nBcc: victim@example.jp\r" + "長" * 400
)


def _request_changes(client, registry_world, capture):
    reg = make_building(registry_world.orgs["operator"], state="submitted").registration
    client.force_login(registry_world.user("authority", "staff"))
    with capture(execute=True):
        response = client.post(
            reverse("registry:review_decide", kwargs={"pk": reg.pk}),
            {"decision": "request_changes", "comment": COMMENT, "version": reg.version},
        )
    reg.refresh_from_db()
    return reg, response


def test_a_multi_line_comment_gives_a_single_line_subject_and_the_mail_goes(
    client, registry_world, django_capture_on_commit_callbacks
):
    reg, response = _request_changes(client, registry_world, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert reg.state == "changes_requested"
    assert mail.outbox, "the landlord's e-mail was lost"
    for message in mail.outbox:
        assert "\n" not in message.subject
        assert "\r" not in message.subject
        assert len(message.subject) <= notifications.SUBJECT_MAX
        assert "Bcc" not in message.extra_headers
        assert "2階の201号室を確認してください。" in message.body  # the whole comment is in the body
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_transport_failure_is_recorded_for_a_retry_not_a_500(
    client, registry_world, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(**kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(notifications, "send_mail", broken)
    reg, response = _request_changes(client, registry_world, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert reg.state == "changes_requested"
    deliveries = list(Delivery.objects.all())
    assert deliveries
    assert all(d.status == "failed" and d.next_attempt_at for d in deliveries)
    assert all("smtp down" in d.last_error for d in deliveries)
    monkeypatch.undo()
    assert notifications.retry_due(now=max(d.next_attempt_at for d in deliveries)) == (len(deliveries), 0)
    assert len(mail.outbox) == len(deliveries)


@pytest.mark.parametrize(
    "subject",
    ["a\nb", "a\r\nb", "x" * 1000, "a\u2028b\u0085c", "\n\n", "a\tb\x00c"],
)
def test_send_email_subjects_are_one_bounded_line(subject, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_email(["a@example.jp"], subject, "body")
    (message,) = mail.outbox
    assert len(message.subject) <= notifications.SUBJECT_MAX
    assert not any(ch in message.subject for ch in "\r\n\u2028\u0085\x00")
    assert Delivery.objects.get().status == "sent"
