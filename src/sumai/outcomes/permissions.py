"""The outcomes app's rows of the permissions table.

The statistics pages and their downloads are public: counts only, small cells suppressed over the whole
hierarchy (docs/outcomes.md). A landlord's answers: members of a landlord or of an agent (the view shows
only the landlords they act for). A council's area: members of a council (the view shows only its area)."""

from __future__ import annotations

from sumai.core.roles import OrgKind
from sumai.core.rules import PUBLIC, Rule, member_of

PERMISSIONS: dict[str, Rule] = {
    "outcomes:nation": PUBLIC,
    "outcomes:nation_csv": PUBLIC,
    "outcomes:nation_json": PUBLIC,
    "outcomes:corporations": PUBLIC,
    "outcomes:corporations_csv": PUBLIC,
    "outcomes:corporations_json": PUBLIC,
    "outcomes:prefecture": PUBLIC,
    "outcomes:prefecture_csv": PUBLIC,
    "outcomes:prefecture_json": PUBLIC,
    "outcomes:municipality": PUBLIC,
    "outcomes:municipality_csv": PUBLIC,
    "outcomes:municipality_json": PUBLIC,
    "outcomes:landlord_answers": member_of(OrgKind.OPERATOR, OrgKind.AGENT),
    "outcomes:council_area": member_of(OrgKind.COUNCIL),
}
