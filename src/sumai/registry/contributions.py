"""What the registry shows on pages it does not own (registered in ``RegistryConfig.ready()``)."""

from __future__ import annotations

from typing import Any

from sumai.core.contributions import Section
from sumai.core.roles import LANDLORD_KINDS, OrgKind


def dashboard_links(*, organisation: Any, role: str) -> Section | None:
    """Landlords' and agents' buildings; the authority's inbox."""
    if organisation.kind in (*LANDLORD_KINDS, OrgKind.AUTHORITY):
        return Section("registry/_dashboard_links.html")
    return None
