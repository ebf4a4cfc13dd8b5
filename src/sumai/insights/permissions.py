"""This app's rows of the permissions table (merged into sumai.accounts.permissions.PERMISSIONS).

Every statistics page is public: the figures are aggregates of public registers (designated corporations,
councils) and of public population data."""

from __future__ import annotations

from sumai.core.rules import PUBLIC, Rule

PERMISSIONS: dict[str, Rule] = {
    "insights:index": PUBLIC,
    "insights:corporations": PUBLIC,
    "insights:councils": PUBLIC,
    "insights:housing": PUBLIC,
    "insights:data_csv": PUBLIC,
    # consultation and case work: aggregates only, small cells suppressed (docs/cases-statistics.md)
    "insights:consultations": PUBLIC,
    "insights:consultations_json": PUBLIC,
}

# The statistics only read: they may be served from a read replica (sumai.core.db_router).
PUBLIC_READS = frozenset(PERMISSIONS)
