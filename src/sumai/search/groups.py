"""Accepted priority groups as a bit set in the search index (one bit per group code).

The bits follow the order of :func:`sumai.domain.eligibility.list_groups` (national groups, then the groups of
local plans, first appearance wins). When a parameter file adds a group, run ``sumai search_rebuild``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from sumai.core.labels import accepts_label
from sumai.domain.eligibility import list_groups


@cache
def bits() -> dict[str, int]:
    out: dict[str, int] = {}
    for group in list_groups():
        if group.code not in out:
            out[group.code] = len(out)
    if len(out) > 62:
        raise RuntimeError("more than 62 priority groups do not fit the index's bit set")
    return out


def mask(codes: Iterable[str]) -> int:
    table = bits()
    value = 0
    for code in codes:
        bit = table.get(code)
        if bit is not None:
            value |= 1 << bit
    return value


def codes(value: int) -> list[str]:
    return [code for code, bit in bits().items() if value >> bit & 1]


def choices() -> list[tuple[str, str]]:
    """Each group of the index with what its listing tells the public ("Accepts older people")."""
    return [(code, accepts_label(code)) for code in bits()]
