"""What the cases app contributes to pages of other apps."""

from __future__ import annotations

from typing import Any

from sumai.cases.selectors import RECEIVING_KINDS
from sumai.core.contributions import Section
from sumai.core.roles import HOUSEHOLD_HOLDING_KINDS, OrgKind


def dashboard_links(*, organisation: Any, role: str) -> Section | None:
    """The consultation requests of a desk, council or corporation; a municipality's desk settings."""
    if organisation.kind in HOUSEHOLD_HOLDING_KINDS:
        return Section(
            "cases/_dashboard_links.html",
            {
                "desk_settings": organisation.kind == OrgKind.MUNICIPALITY and role == "admin",
                "receives": organisation.kind in RECEIVING_KINDS,
                "is_council": organisation.kind == OrgKind.COUNCIL,
            },
        )
    return None
