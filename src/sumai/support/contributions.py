"""What the support app shows on pages it does not own (registered in ``SupportConfig.ready()``)."""

from __future__ import annotations

from typing import Any

from sumai.core.contributions import Section
from sumai.core.roles import OrgKind
from sumai.support import selectors
from sumai.support.models import SupportCorporation


def legal_form_labels() -> dict[str, str]:
    """The words of each legal form, for the statistics pages."""
    field = SupportCorporation._meta.get_field("legal_form")
    return {str(k): str(v) for k, v in field.choices or ()}


def serving_section(*, building: Any) -> Section:
    """The corporations serving a unit's municipality, on the public unit page."""
    corporations = selectors.corporations_serving(municipality_code=building.municipality_id, limit=10)
    return Section("support/_serving.html", {"corporations": list(corporations)})


def dashboard_links(*, organisation: Any, role: str) -> Section | None:
    """The corporation's own pages; the prefecture's designation inbox."""
    if organisation.kind in (OrgKind.AUTHORITY, OrgKind.SUPPORT_CORPORATION):
        return Section("support/_dashboard_links.html")
    return None
