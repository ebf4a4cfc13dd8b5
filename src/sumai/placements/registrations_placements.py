"""What the placements part of the placements app registers with the kernel (contributions) at start-up."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from sumai.core.contributions import Section, TaskLink
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
    can_record = writer and case.is_open and case.status != "new" and not any(p.is_current for p in rows)
    return Section(
        "placements/placement_case_section.html", {"case": case, "placements": rows, "can_record": can_record}
    )


def task_links(*, task_ids: Any) -> dict[int, TaskLink]:
    """The follow-ups' tasks among ``task_ids``: each is done by answering the follow-up on the placement's
    page (its task closes then), never by the generic "done" button."""
    from django.utils import timezone

    from sumai.domain.placement_lease import follow_up_opens_on
    from sumai.placements.models import FollowUp

    rows = FollowUp.objects.filter(task_id__in=list(task_ids)).values_list(
        "task_id", "placement_id", "placement__case_id", "due", "placement__move_in_on"
    )
    today = timezone.localdate()
    links = {}
    for task, placement, case, due, move_in_on in rows:
        if task is None:
            continue
        opens = follow_up_opens_on(due, move_in_on=move_in_on)
        # the walk: "answer the follow-up" offered months before the page would take the answer
        label = (
            _("Answer the follow-up")
            if today >= opens
            else _("See the follow-up (answered from %(day)s)") % {"day": f"{opens:%Y-%m-%d}"}
        )
        url = reverse("placements:placement", kwargs={"pk": case, "placement": placement}) + "#follow-ups"
        links[task] = TaskLink(url, label)
    return links


def placement_in_force(*, case: Any) -> str | None:
    """The address of the case's placement in force (neither ended nor cancelled), or None."""
    from sumai.placements.selectors_placements import current_placement_of_case

    current = current_placement_of_case(case)
    if current is None:
        return None
    return reverse("placements:placement", kwargs={"pk": case.pk, "placement": current.pk})


def register() -> None:
    """Called from PlacementsConfig.ready()."""
    from sumai.core import contributions

    contributions.add("case_page.sections", case_section)
    contributions.add("cases.task_links", task_links)
    contributions.provide("matching.placement_in_force", placement_in_force)
