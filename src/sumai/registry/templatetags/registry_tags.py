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
