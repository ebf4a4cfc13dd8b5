"""What the inquiries part of the placements app registers with the kernel (contributions) at start-up."""

from __future__ import annotations

from typing import Any

from sumai.core.contributions import Section
from sumai.core.roles import LANDLORD_KINDS, WRITERS, OrgKind


def case_section(*, case: Any, visible_to: Any) -> Section | None:
    """The inquiries of a case on its page, for the organisation that works it and holds its household."""
    if case.household.organisation_id != case.organisation_id:
        return None
    if not visible_to.has(organisation_id=case.organisation_id):
        return None
    from sumai.placements import selectors_inquiries as selectors

    inquiries = selectors.case_inquiries(case)
    if not inquiries:
        return None
    writer = visible_to.has(organisation_id=case.organisation_id, roles=WRITERS)
    rows = [
        {
            "inquiry": i,
            "overdue": selectors.is_overdue(i),
            "open": i.state in selectors.OPEN_STATES,
            # an answer the landlord gave by phone (in person, by fax), recorded by a caseworker
            "recorded": selectors.recorded_words(i),
            # accepted, not yet placed: the placement starts from here (prefilled from the home)
            "to_place": i.state == "accepted" and getattr(i, "placement", None) is None and case.is_open,
            # open or accepted and not placed: a placement recorded from it keeps it (domain.may_withdraw)
            "withdrawable": selectors.may_withdraw(i),
        }
        for i in inquiries
    ]
    return Section("placements/inquiry_case_section.html", {"inquiry_rows": rows, "inquiry_writer": writer})


def dashboard_links(*, organisation: Any, role: str) -> Section | None:
    """A landlord's (or agent's) inquiries from caseworkers; an authority's refusal flags."""
    if organisation.kind in LANDLORD_KINDS:
        return Section("placements/inquiry_dashboard_links.html", {"inquiry_link_kind": "landlord"})
    if organisation.kind == OrgKind.AUTHORITY:
        return Section("placements/inquiry_dashboard_links.html", {"inquiry_link_kind": "authority"})
    return None


def landlord_records(*, operator_ids: Any) -> Any:
    from sumai.placements import selectors_inquiries as selectors

    return selectors.landlord_records(operator_ids=operator_ids)


def asked_homes(*, case: Any, unit_ids: Any) -> Any:
    from sumai.placements import selectors_inquiries as selectors

    return selectors.asked_homes(case, unit_ids)


def register() -> None:
    """Called from PlacementsConfig.ready()."""
    from sumai.core import contributions

    contributions.add("case_page.sections", case_section)
    contributions.add("dashboard.links", dashboard_links)
    contributions.provide("matching.landlord_records", landlord_records)
    contributions.provide("matching.asked_homes", asked_homes)
