"""What the outcomes app shows on pages it does not own (registered in ``OutcomesConfig.ready()``)."""

from __future__ import annotations

from typing import Any

from sumai.core.contributions import Section
from sumai.core.roles import LANDLORD_KINDS, OrgKind


def dashboard_links(*, organisation: Any, role: str) -> Section | None:
    """A landlord's (or agent's) answers to inquiries; a council's outcomes in its area."""
    if organisation.kind in LANDLORD_KINDS:
        return Section("outcomes/_dashboard_links.html", {"landlord": True})
    if organisation.kind == OrgKind.COUNCIL:
        return Section("outcomes/_dashboard_links.html", {"council": True})
    return None
