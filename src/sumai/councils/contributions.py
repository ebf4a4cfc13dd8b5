"""What the councils app shows on pages it does not own (registered in ``CouncilsConfig.ready()``)."""

from __future__ import annotations

from typing import Any

from sumai.core.contributions import Section
from sumai.core.roles import OrgKind


def dashboard_links(*, organisation: Any, role: str) -> Section | None:
    """The council's page, meetings and activity grants."""
    if organisation.kind == OrgKind.COUNCIL:
        return Section("councils/_dashboard_links.html")
    return None
