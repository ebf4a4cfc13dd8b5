"""What the registry shows on pages it does not own (registered in ``RegistryConfig.ready()``)."""

from __future__ import annotations

from typing import Any

from sumai.core.access import Access
from sumai.core.contributions import Section
from sumai.core.roles import LANDLORD_KINDS, WRITERS, OrgKind
from sumai.registry.models import Registration
from sumai.registry.selectors import authority_codes


def dashboard_links(*, organisation: Any, role: str) -> Section | None:
    """Landlords' and agents' buildings; the authority's inbox; a municipality's (or referral partner's)
    view of the registry in its area."""
    if organisation.kind in (
        *LANDLORD_KINDS,
        OrgKind.AUTHORITY,
        OrgKind.MUNICIPALITY,
        OrgKind.REFERRAL_PARTNER,
    ):
        return Section("registry/_dashboard_links.html")
    return None


def history_visible(*, object_type: str, object_id: str, visible_to: Access) -> bool:
    """A reviewer (admin or staff) of the authority a building or its registration belongs to reads its
    whole history, the landlord's events included."""
    if object_type not in ("registry.registration", "registry.building") or not str(object_id).isdigit():
        return False
    codes = authority_codes(visible_to, roles=WRITERS)
    if not codes:
        return False
    key = "pk" if object_type == "registry.registration" else "building_id"
    return Registration.objects.filter(**{key: int(object_id)}, authority_code__in=codes).exists()
