"""Words for the outcome figures (docs/outcomes.md), as the pages and the CSV headers show them."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sumai.core.labels import GROUP_LABELS
from sumai.domain.outcomes import HELD_MONTHS
from sumai.domain.placement import DeclineReason
from sumai.domain.priority_groups import GROUP_CODES
from sumai.placements.models import LandlordInquiry

REASON_LABELS: dict[str, Promise] = {str(r): LandlordInquiry.Reason(str(r)).label for r in DeclineReason}

INQUIRY_LABELS: dict[str, Promise] = {
    "inquiries.sent": _("Inquiries sent to landlords"),
    "inquiries.accepted": pgettext_lazy("inquiries", "Accepted"),
    "inquiries.declined": pgettext_lazy("inquiries", "Declined"),
    "inquiries.withdrawn": pgettext_lazy("inquiries", "Withdrawn by the caseworker"),
    "inquiries.expired": pgettext_lazy("inquiries", "No answer in time"),
    "inquiries.open": pgettext_lazy("inquiries", "Still waiting for the answer"),
}

HELD_LABELS: dict[str, Promise] = {
    "held.6.measured": _("Placements old enough to measure at 6 months"),
    "held.6.held": _("Tenancies held at 6 months"),
    "held.6.not_held": _("Tenancies not held at 6 months"),
    "held.12.measured": _("Placements old enough to measure at 12 months"),
    "held.12.held": _("Tenancies held at 12 months"),
    "held.12.not_held": _("Tenancies not held at 12 months"),
}
assert {f"held.{m}.{p}" for m in HELD_MONTHS for p in ("measured", "held", "not_held")} == set(HELD_LABELS)

FIGURE_LABELS: dict[str, Promise | str] = {
    "placements": _("Placements (moves into a home)"),
    "housed": _("Households housed"),
    "placements.repeat": _("Placements after a household's first"),
    **INQUIRY_LABELS,
    **{f"declines.reason.{code}": label for code, label in REASON_LABELS.items()},
    **{f"declines.group.{code}": GROUP_LABELS.get(code, code) for code in GROUP_CODES},
    "flags.raised": _("Refusal flags raised"),
    "flags.resolved": pgettext_lazy("refusal flags", "Resolved"),
    "flags.open": pgettext_lazy("refusal flags", "Not resolved yet"),
    **HELD_LABELS,
}
"""Every count figure in words (a decline reason's and a priority group's are those of the forms)."""


def figure_label(figure: str) -> str:
    """A figure's words; a decline reason or a group is named as "Declined: …" in the CSV headers."""
    label = str(FIGURE_LABELS[figure])
    if figure.startswith("declines.reason."):
        return str(_("Declined for the reason: %(reason)s") % {"reason": label})
    if figure.startswith("declines.group."):
        return str(_("Declined, household of the group: %(group)s") % {"group": label})
    return label
