"""Template helpers for registry pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext, ngettext

from sumai.registry.models import Unit
from sumai.registry.vacancy import confirmed_days_ago

register = template.Library()


@register.simple_tag
def confirmed_ago(unit: Unit) -> str:
    """「3日前に確認」: how fresh a unit's vacancy is, in words."""
    days = confirmed_days_ago(unit)
    if days is None:
        return gettext("never confirmed")
    if days == 0:
        return gettext("confirmed today")
    return ngettext("confirmed %(days)d day ago", "confirmed %(days)d days ago", days) % {"days": days}


@register.filter
def note_action(code: str) -> str:
    """A review message's step in words (the audit action's label), never its code."""
    from sumai.core.audit import label

    words = label(f"registration.{code}")
    return "" if words == f"registration.{code}" else words


@register.filter
def note_reason(code: str) -> str:
    """A refusal's or striking-off's coded reason in words."""
    from sumai.registry.services import REJECTION_REASONS, STRIKE_OFF_REASONS

    return str({**REJECTION_REASONS, **STRIKE_OFF_REASONS}.get(code, ""))


@register.simple_tag
def waiting_days(submitted_at: object) -> str:
    """「12日経過」: how long an application has waited since it was submitted (「今日」 on the day)."""
    from datetime import datetime

    from django.utils import timezone

    if not isinstance(submitted_at, datetime):
        return ""
    days = (timezone.localdate() - timezone.localdate(submitted_at)).days
    if days <= 0:
        return gettext("submitted today")
    return ngettext("%(days)d day waiting", "%(days)d days waiting", days) % {"days": days}
