"""Inquiries about a registered home from its public page: written in one transaction, told to the landlord
and its agents (a dashboard notice and an e-mail with the asker's contact, after commit), never showing the
asker the landlord's address. Abuse-resistant: a hidden field a person leaves empty, bounded text, a rate
limit per address of the asker (``SUMAI["INQUIRY_RATE"]``: so many an hour) and per home a day."""

from __future__ import annotations

import secrets
import unicodedata
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from sumai.accounts.models import Organisation
from sumai.audit.services import record_event
from sumai.core.models import Notification
from sumai.core.notifications import SUBJECT_PREFIX, absolute, recipients_of, send_email
from sumai.registry.actions import RegistryAction
from sumai.registry.models import AgentAuthorisation, Inquiry, Unit

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out on the phone


class TooManyInquiries(Exception):
    """The asker (or the home) has sent as many inquiries as the rate limit allows for now."""


def _rate(key: str, limit: int, seconds: int) -> None:
    """Count one inquiry under ``key`` (a window of ``seconds`` from the first): ``add`` then ``incr``, each
    atomic in a shared cache, so two processes never lose a count."""
    if cache.add(key, 1, seconds):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add and incr: this is the first of a new one
            cache.add(key, 1, seconds)
            count = 1
    if count > limit:
        raise TooManyInquiries


def _clean_text(value: str, limit: int) -> str:
    """Plain text: NFKC for names, control characters (other than line breaks) removed, bounded."""
    text = "".join(c for c in str(value) if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return text.strip()[:limit]


def _reference() -> str:
    return "Q-" + "".join(secrets.choice(ALPHABET) for _ in range(8))


def recipients(unit: Unit) -> list[Organisation]:
    """The landlord of the home and the agents it authorised."""
    operator = unit.building.operator
    active = AgentAuthorisation.objects.filter(operator=operator, revoked_at__isnull=True)
    agents = Organisation.objects.filter(pk__in=active.values("agent_id"))
    return [operator, *agents]


def send_inquiry(*, unit: Unit, data: dict[str, Any], client: str, language: str) -> Inquiry:
    """Store the inquiry and tell the landlord's side. ``data``: name, email, phone, message (cleaned by the
    form); ``client``: the asker's address, for the rate limit."""
    per_hour, per_unit_day = settings.SUMAI.get("INQUIRY_RATE", (5, 20))
    _rate(f"sumai:inquiry:client:{client}", int(per_hour), 3600)
    _rate(f"sumai:inquiry:unit:{unit.pk}", int(per_unit_day), 86400)
    name = unicodedata.normalize("NFKC", _clean_text(data.get("name", ""), 100))
    email = _clean_text(data.get("email", ""), 254)
    phone = unicodedata.normalize("NFKC", _clean_text(data.get("phone", ""), 30))
    message = _clean_text(data.get("message", ""), 2000)
    if not name or not message or not (email or phone):
        raise ValidationError(_("Give your name, an e-mail address or a phone number, and your message."))
    building = unit.building
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            unit=unit,
            operator=building.operator,
            reference=_reference(),
            name=name,
            email=email,
            phone=phone,
            message=message,
            language=language,
        )
        # who asked is personal data: the audit keeps the reference and the home, not the asker's details
        record_event(
            actor=None,
            action=RegistryAction.INQUIRY_RECEIVED,
            object_type="registry.inquiry",
            object_id=str(inquiry.pk),
            organisation=building.operator,
            after={"reference": inquiry.reference, "unit": unit.pk, "language": language},
        )
        link = reverse("registry:inquiries")
        for org in recipients(unit):
            # the landlord's side reads Japanese (its members' language is theirs to choose on the site)
            with override("ja"):
                summary = _("Inquiry %(ref)s about %(building)s %(unit)s") % {
                    "ref": inquiry.reference,
                    "building": building.name,
                    "unit": unit.number,
                }
                body = "\n".join(
                    [
                        summary,
                        "",
                        _("Name: %(name)s") % {"name": name},
                        _("E-mail: %(email)s") % {"email": email or "—"},
                        _("Phone: %(phone)s") % {"phone": phone or "—"},
                        _("Language of the page: %(language)s") % {"language": language},
                        "",
                        message,
                        "",
                        _("Reply to the person directly. All inquiries: %(link)s") % {"link": absolute(link)},
                    ]
                )
            notice = Notification.objects.create(organisation=org, message=summary[:300], link=link)
            send_email(recipients_of(org), f"{SUBJECT_PREFIX}{summary[:80]}", body, notification=notice)
    return inquiry
