"""What the placements part of the placements app registers with the kernel (contributions) at start-up."""

from __future__ import annotations

from typing import Any

from sumai.core.contributions import Section
from sumai.core.roles import WRITERS


def case_section(*, case: Any, visible_to: Any) -> Section | None:
    """The case's placements and "record a placement", for the organisation that works the case and holds
    its household."""
    if case.household.organisation_id != case.organisation_id:
        return None
    if not visible_to.has(organisation_id=case.organisation_id):
        return None
    from sumai.placements.selectors_placements import placements_of_case

    rows = placements_of_case(case)
    writer = visible_to.has(organisation_id=case.organisation_id, roles=WRITERS)
    if not rows and not case.is_open:
        return None
    # "record a placement" once the case is past its intake (a new case has not looked for a home yet; the
    # service itself also accepts a new case) and while no tenancy of the case is current
    can_record = (
        writer and case.is_open and case.status != "new" and all(p.ended_on is not None for p in rows)
    )
    return Section(
        "placements/placement_case_section.html", {"case": case, "placements": rows, "can_record": can_record}
    )


def register() -> None:
    """Called from PlacementsConfig.ready()."""
    from sumai.core import contributions

    contributions.add("case_page.sections", case_section)
