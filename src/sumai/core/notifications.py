"""Notifications: a dashboard notice for an organisation, and e-mail whose every delivery is recorded.

Nothing is sent inside a transaction: :func:`notify` and :func:`send_email` write the rows with the change
that caused them and send after commit. A delivery that fails is marked ``failed`` with the error and
retried by ``sumai notifications_retry`` (cron, every few minutes) with a growing delay, until
:data:`MAX_ATTEMPTS`; then it is ``gave_up`` and stays visible in the admin site.

Subjects are one line of at most :data:`SUBJECT_MAX` characters (:func:`one_line`): a reviewer's comment with
line breaks used to make every attempt fail with "Header values can't contain newlines" — the mail was
lost. The whole text stays in the body.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.core.access import Access
from sumai.core.models import Delivery, Notification
from sumai.core.roles import WRITERS
from sumai.core.transactions import after_commit

log = logging.getLogger("sumai.notifications")

MAX_ATTEMPTS = 6
UNSTORED_BODY = "(not stored: it carried a one-time link)"
SUBJECT_PREFIX = "[Sumai] "
SUBJECT_MAX = 120
"""The longest subject, in characters (RFC 5322 advises 78 per header line; Japanese subjects are encoded
and folded by the mail library, and mail programs show about this much)."""
_SPACES = re.compile(r"\s+")


def one_line(text: str, limit: int = SUBJECT_MAX) -> str:
    """``text`` as a mail subject: every line break, control or separator character a space, runs of spaces
    one space, and cut to ``limit`` characters with an ellipsis."""
    cleaned = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp", "Zs"} else ch for ch in str(text)
    )
    cleaned = _SPACES.sub(" ", cleaned).strip()
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=5 * 2 ** max(attempts - 1, 0))  # 5, 10, 20, 40, 80 minutes


def recipients_of(organisation: Any) -> list[str]:
    """The addresses of an organisation's admins and staff, and its own address."""
    emails = list(
        organisation.memberships.filter(role__in=WRITERS, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    if getattr(organisation, "email", ""):
        emails.append(organisation.email)
    return sorted({e for e in emails if e})


def send_email(
    to: Iterable[str],
    subject: str,
    body: str,
    *,
    notification: Notification | None = None,
    secret: bool = False,
) -> list[int]:
    """Record one delivery per address and send them after commit. Returns the deliveries' ids.

    ``secret``: the body carries a credential (an invitation's one-time link) and is not stored; the
    delivery is recorded with its outcome, but a failure cannot be retried — it is marked ``gave_up`` and
    logged, and the sender issues a new link instead."""
    stored = UNSTORED_BODY if secret else body
    subject = one_line(subject)
    ids = [
        Delivery.objects.create(notification=notification, to=address, subject=subject, body=stored).pk
        for address in sorted(set(to))
        if address
    ]
    if ids:
        after_commit(lambda: deliver(ids, body=body if secret else None))
    return ids


def absolute(link: str) -> str:
    """A link a mail program can open: a path is put after the site's address (``SUMAI["BASE_URL"]``)."""
    if not link.startswith("/"):
        return link
    return str(settings.SUMAI.get("BASE_URL", "")).rstrip("/") + link


def notify(organisation: Any, message: str, link: str) -> Notification | None:
    """A dashboard notice for ``organisation`` and, after commit, an e-mail to its admins and staff (the
    notice keeps the path; the e-mail gives the whole address)."""
    if organisation is None:
        return None
    notice = Notification.objects.create(organisation=organisation, message=message[:300], link=link)
    send_email(
        recipients_of(organisation),
        f"{SUBJECT_PREFIX}{one_line(message, 80)}",
        notice_body(organisation, message, link),
        notification=notice,
    )
    return notice


def notice_body(organisation: Any, message: str, link: str) -> str:
    """The e-mail of a notice: whom it is for, what happened, where to open it, and why it came. It says
    no more than the notice (never a household's details: those stay behind the sign-in)."""
    lines = [
        _("To the members of %(organisation)s,") % {"organisation": organisation.name},
        "",
        message,
        "",
    ]
    if link:
        lines += [_("Open it in Sumai (you will be asked to sign in):"), absolute(link), ""]
    lines.append(
        _(
            "Sumai sends this e-mail to the administrators and staff of %(organisation)s. Replies to it are "
            "not read."
        )
        % {"organisation": organisation.name}
    )
    return "\n".join(lines)


def deliver(ids: Iterable[int], *, body: str | None = None) -> tuple[int, int]:
    """Send the given deliveries that are not sent yet; record each outcome. Returns (sent, failed).
    ``body`` replaces the stored body (a secret one, which was not stored)."""
    sent = failed = 0
    for delivery in Delivery.objects.filter(pk__in=list(ids)).exclude(status__in=["sent", "gave_up"]):
        secret = delivery.body == UNSTORED_BODY
        now = timezone.now()
        delivery.attempts += 1
        try:
            send_mail(
                subject=one_line(delivery.subject),  # rows written before subjects were cleaned
                message=body if body is not None else delivery.body,
                from_email=None,
                recipient_list=[delivery.to],
                fail_silently=False,
            )
        except Exception as exc:  # noqa: BLE001 - whatever the transport raises is recorded and retried
            failed += 1
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:300]
            if delivery.attempts >= MAX_ATTEMPTS or secret:
                delivery.status = Delivery.Status.GAVE_UP
                delivery.next_attempt_at = None
            else:
                delivery.status = Delivery.Status.FAILED
                delivery.next_attempt_at = now + _backoff(delivery.attempts)
            log.warning("e-mail to %s failed (attempt %d): %s", delivery.to, delivery.attempts, exc)
        else:
            sent += 1
            delivery.status = Delivery.Status.SENT
            delivery.sent_at = now
            delivery.next_attempt_at = None
            delivery.last_error = ""
        delivery.save(update_fields=["attempts", "status", "last_error", "next_attempt_at", "sent_at"])
    return sent, failed


def due_deliveries(now: Any = None) -> QuerySet[Delivery]:
    """Deliveries to try again now: failed ones whose time has come, and pending ones older than a minute
    (the process that wrote them ended before sending)."""
    now = now or timezone.now()
    due = Q(status=Delivery.Status.FAILED, next_attempt_at__lte=now) | Q(
        status=Delivery.Status.PENDING, created_at__lte=now - timedelta(minutes=1)
    )
    return Delivery.objects.filter(due).exclude(body=UNSTORED_BODY).order_by("pk")


def retry_due(now: Any = None) -> tuple[int, int]:
    """Send every due delivery (the ``notifications_retry`` command)."""
    return deliver(list(due_deliveries(now).values_list("pk", flat=True)))


def notifications_for(*, visible_to: Access, limit: int = 10) -> QuerySet[Notification]:
    """The unread notices of the organisations of ``visible_to``."""
    ids = [g.organisation_id for g in visible_to.grants]
    return Notification.objects.filter(organisation_id__in=ids, read_at__isnull=True)[:limit]
