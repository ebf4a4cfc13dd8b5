"""A household's pseudonym: stored once in one form, shown in the language of the page.

The stored pseudonym is 「世帯 S-7KQ4-MX2P」 — 世帯 and the reference of the request the record was opened
from (``S-``), of a record opened at the desk (``H-``) or of the demo's partners (``P-``) — whoever opens the
record and in whatever language; search, the CSV export and the API read it as it is. Pages show its label,
「世帯 S-7KQ4-MX2P」 in Japanese and "Household S-7KQ4-MX2P" in English. Records stored before, in the
language of whoever opened them ("Household H-435617"), are shown the same way.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

STORED_PREFIX = "世帯"
_PREFIXED = re.compile(r"^\s*(?:世帯|household)\s*(?P<code>[a-z]-[0-9a-z-]+)\s*$", re.IGNORECASE)


def stored(reference: str) -> str:
    """The pseudonym a new household record is stored with."""
    return f"{STORED_PREFIX} {reference}"


def code(pseudonym: str) -> str | None:
    """The reference inside a stored pseudonym (``S-7KQ4-MX2P``), or None for a pseudonym of another form."""
    found = _PREFIXED.match(pseudonym or "")
    return found["code"] if found else None


def label(pseudonym: str) -> str:
    """The pseudonym as the page's language says it; one of another form is shown as it is."""
    reference = code(pseudonym)
    if reference is None:
        return pseudonym
    return _("Household %(reference)s") % {"reference": reference}


def query(q: str) -> str:
    """What to search for when a person typed a pseudonym as a page showed it (「世帯 S-…」 or
    "Household S-…"): its reference, which every stored form holds."""
    return code(q) or q
