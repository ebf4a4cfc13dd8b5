"""The places app's rows of the permissions table (the HTML helper used by address forms)."""

from __future__ import annotations

from sumai.core.rules import PUBLIC, Rule

PERMISSIONS: dict[str, Rule] = {
    "places:postal_fill": PUBLIC,
    "places:municipality_options": PUBLIC,
}
