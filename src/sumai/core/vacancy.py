"""The vacancy settings every app reads (the registry writes vacancies; the search and the matching count
them fresh): one accessor in the kernel so that no app asks another for a setting."""

from __future__ import annotations

from django.conf import settings


def valid_days() -> int:
    """How many days a landlord's vacancy confirmation stays valid (``SUMAI["VACANCY_VALID_DAYS"]``)."""
    return int(settings.SUMAI.get("VACANCY_VALID_DAYS", 30))
