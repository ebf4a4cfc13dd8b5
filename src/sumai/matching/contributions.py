"""What the matching adds to pages of other apps."""

from __future__ import annotations

from typing import Any

from sumai.core.contributions import Section
from sumai.core.roles import WRITERS


def case_section(*, case: Any, visible_to: Any) -> Section | None:
    """'Find homes' and 'find support' on a case's page, for the organisation that holds its household."""
    if not case.is_open or case.household.organisation_id != case.organisation_id:
        return None
    if not visible_to.has(organisation_id=case.organisation_id):
        return None
    writer = visible_to.has(organisation_id=case.organisation_id, roles=WRITERS)
    return Section("matching/_case_links.html", {"case": case, "writer": writer})
