"""Accepted priority groups as a bit set in the search index (one bit per group code).

The bits follow the order of :func:`sumai.domain.eligibility.list_groups` (national groups, then the groups of
local plans, first appearance wins). When a parameter file adds a group, run ``sumai search_rebuild``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.utils.translation import gettext_lazy as _

from sumai.domain.eligibility import list_groups

# Plain words for the public ("accepts …"), by group code; a code not listed here shows its registry label.
PUBLIC_LABELS = {
    "low_income": _("Accepts low-income households"),
    "disaster_victim": _("Accepts people who lost their home in a disaster"),
    "elderly": _("Accepts older people"),
    "disability": _("Accepts people with disabilities"),
    "child_raising": _("Accepts households raising children"),
    "foreign_national": _("Accepts foreign residents"),
    "china_left_behind": _("Accepts Japanese left behind in China and their families"),
    "child_abuse_victim": _("Accepts survivors of child abuse"),
    "hansen_disease_sanatorium": _("Accepts former Hansen's disease sanatorium residents"),
    "dv_victim": _("Accepts survivors of domestic violence"),
    "abduction_victim": _("Accepts returned abductees"),
    "crime_victim": _("Accepts victims of crime"),
    "leaving_correctional_facility": _("Accepts people leaving prison or juvenile facilities"),
    "financial_hardship": _("Accepts people in financial hardship"),
    "large_disaster_victim": _("Accepts victims of a large-scale disaster"),
}


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
    from sumai.registry.forms import GROUP_LABELS

    return [(code, str(PUBLIC_LABELS.get(code) or GROUP_LABELS.get(code) or code)) for code in bits()]
