"""This app's rows of the permissions table (merged into sumai.accounts.permissions.PERMISSIONS).

Everything here is public: the index holds only registered units and only their public fields."""

from __future__ import annotations

from sumai.core.rules import PUBLIC, Rule

PERMISSIONS: dict[str, Rule] = {
    "search:search": PUBLIC,
    "search:municipality_options": PUBLIC,
    "search:unit": PUBLIC,
    "search:unit_print": PUBLIC,
    "search:unit_inquiry": PUBLIC,  # the form of a registered home; rate-limited, stores only what is asked
    "search:photo": PUBLIC,
    # the public API (anonymous read, throttled by REST_FRAMEWORK's anon rate)
    "api:unit-list": PUBLIC,
    "api:unit-detail": PUBLIC,
    "api:building-list": PUBLIC,
    "api:building-detail": PUBLIC,
    # open data (CC BY 4.0): the page, the unit files and the daily snapshot
    "search:open_data": PUBLIC,
    "search:open_data_units_csv": PUBLIC,
    "search:open_data_units_json": PUBLIC,
    "search:open_data_snapshot_list": PUBLIC,
    "search:open_data_snapshot_csv": PUBLIC,
    "search:open_data_snapshot_json": PUBLIC,
}

# GET/HEAD of these only read: they may be served from a read replica (sumai.core.db_router).
PUBLIC_READS = frozenset(
    {
        "search:search",
        "search:municipality_options",
        "search:unit",
        "search:unit_print",
        "search:photo",
        "api:unit-list",
        "api:unit-detail",
        "api:building-list",
        "api:building-detail",
        "search:open_data",
        "search:open_data_units_csv",
        "search:open_data_units_json",
        "search:open_data_snapshot_list",
        "search:open_data_snapshot_csv",
        "search:open_data_snapshot_json",
    }
)
