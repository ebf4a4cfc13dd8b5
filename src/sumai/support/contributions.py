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
    from sumai.places.selectors import municipality_names, with_romaji

    corporations = selectors.corporations_serving(municipality_code=building.municipality_id, limit=10)
    info = municipality_names().get(building.municipality_id)
    # 「文京区 (Bunkyo-ku)」 in sentences of other languages, as the search pages name places
    place = with_romaji(info.full_name, info.full_romaji) if info else ""
    return Section("support/_serving.html", {"corporations": list(corporations), "place_name": place})


def dashboard_links(*, organisation: Any, role: str) -> Section | None:
    """The corporation's own pages; the prefecture's designation inbox."""
    if organisation.kind in (OrgKind.AUTHORITY, OrgKind.SUPPORT_CORPORATION):
        return Section("support/_dashboard_links.html")
    return None
