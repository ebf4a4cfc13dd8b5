"""Outcome pages for members: a landlord's own answers to inquiries, and a council's area.

- ``/landlord/answers/``: for members of a landlord (operator) and of the agents it authorised, each landlord
  they act for (``registry.selectors.operators_actable_by``): inquiries received, answered, accepted,
  declined (by reason), waiting, and the median days to answer. Its own figures: nothing is suppressed.
- ``/council/outcomes/``: for members of a council, the published figures of its area
  (``routing.council_area``): a prefectural council its prefecture's page; a municipal council the rows of
  its municipalities as the public pages show them (suppressed the same way: a sum of several
  municipalities is never shown, since it is a table the suppression did not protect).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sumai.accounts.models import Organisation
from sumai.core import contributions
from sumai.core.access import access_for
from sumai.core.roles import ROLES, OrgKind
from sumai.domain import disclosure
from sumai.domain.placement import DeclineReason
from sumai.outcomes import figures
from sumai.outcomes.labels import REASON_LABELS
from sumai.outcomes.views import (
    Area,
    cell_html,
    days,
    derived_status,
    number,
    page_context,
    part_names,
    ratio,
    share_html,
    shown,
)
from sumai.placements import selectors_outcomes
from sumai.registry.selectors import operators_actable_by


def _percent(part: int, whole: int) -> str:
    if not whole:
        return _("none yet")
    return f"{round(100 * part / whole)}%"


def landlord_answers(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    operators = list(operators_actable_by(access, roles=ROLES).values_list("pk", "name"))
    answers = selectors_outcomes.landlord_answers(operator_ids=[pk for pk, _n in operators])
    rows: list[dict[str, Any]] = []
    for pk, name in operators:
        a = answers[pk]
        distribution: Counter[int] = a.days_to_answer
        median = disclosure.nearest_rank(distribution, 0.5)
        rows.append(
            {
                "name": name,
                "received": number(a.received),
                "answered": number(a.answered),
                "answer_rate": _percent(a.answered, a.received),
                "accepted": number(a.accepted),
                "declined": number(a.declined),
                "waiting": number(a.waiting),
                "viewing": number(a.viewing),
                "withdrawn": number(a.withdrawn),
                "expired": number(a.expired),
                "median": days(median) if median is not None else _("none yet"),
                "reasons": [
                    (str(REASON_LABELS[str(r)]), number(a.declines.get(str(r), 0))) for r in DeclineReason
                ],
            }
        )
    return render(request, "outcomes/landlord_answers.html", {"rows": rows})


def council_area(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    area_of = contributions.provider("routing.council_area")
    council_ids = access.organisation_ids(kinds=(OrgKind.COUNCIL,))
    names = dict(Organisation.objects.filter(pk__in=council_ids).values_list("pk", "name"))
    councils: list[dict[str, Any]] = []
    for org_id in council_ids:
        found = area_of(organisation_id=org_id) if area_of is not None else None
        if found is None:
            councils.append({"name": names.get(org_id, ""), "known": False})
            continue
        prefecture_code, codes = found
        prefecture_name = part_names(Area("nation", "", ""), [prefecture_code]).get(prefecture_code, "")
        if codes is None:
            area = Area("prefecture", prefecture_code, prefecture_name, prefecture_code, prefecture_name)
            councils.append(
                {
                    "name": names.get(org_id, ""),
                    "known": True,
                    "whole": True,
                    **page_context(area, figures.page(area.node)),
                }
            )
            continue
        data = figures.page(figures.prefecture_node(prefecture_code))
        wanted = set(codes)
        municipalities = part_names(Area("prefecture", prefecture_code, prefecture_name), sorted(wanted))
        limit = data.limit
        found_rows = {code: g for code, g in data.rows if code in wanted}
        rows = []
        for code in sorted(wanted):
            g = found_rows.get(code)
            if g is None:
                rows.append({"name": municipalities.get(code, code), "code": code, "none": True})
                continue
            rows.append(
                {
                    "name": municipalities.get(code, code),
                    "code": code,
                    "none": False,
                    "housed": shown(g.cells["housed"], limit),
                    "placements": shown(g.cells["placements"], limit),
                    "median": cell_html(
                        days(g.median_days), derived_status(g.median_days, g.cells["housed"])
                    ),
                    "per_placement": cell_html(
                        ratio(g.inquiries_per_placement),
                        derived_status(g.inquiries_per_placement, g.cells["placements"]),
                    ),
                    "declined": shown(g.cells["inquiries.declined"], limit),
                    "flags": shown(g.cells["flags.raised"], limit),
                    "held6": share_html(g, 6),
                    "held12": share_html(g, 12),
                }
            )
        councils.append(
            {
                "name": names.get(org_id, ""),
                "known": True,
                "whole": False,
                "prefecture_code": prefecture_code,
                "prefecture_name": prefecture_name,
                "rows": rows,
                "limit": limit,
            }
        )
    return render(request, "outcomes/council_area.html", {"councils": councils})
