"""Cell parsing: one ``_parse_*`` function per kind of cell, and the columns each one reads (with their
arguments) in the order their errors are reported.

A parser returns ``(value, None)`` or ``(None, message)``; it is a pure function of the cell and its
arguments, so :class:`~sumai.registry.imports.rows._RowParser` calls it once per distinct cell value of a
column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from sumai.registry.imports.columns import (
    BOOLEANS,
    BUILDING_TYPES,
    FACILITY_CODES,
    GROUP_LABELS_JA,
    GROUP_ORDER,
    GROUP_SET,
    PROVISIONS,
    SEISMIC,
    STRUCTURES,
)

EARLIEST_CONSTRUCTION = date(1850, 1, 1)
MAX_YEN = 100_000_000
_GROUP_SPLIT = re.compile(r"[;；・、,，/]")
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


def _nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip() if not value.isascii() else value.strip()


_Parsed = tuple[Any, str | None]  # (value or None, error message or None)


def _parse_text(value: str, max_length: int, required: bool) -> _Parsed:
    value = " ".join(_nfkc(value).split()) if value else ""
    if not value:
        return (None, _("This field is required.")) if required else ("", None)
    if len(value) > max_length:
        return None, _("At most %(n)d characters (%(got)d given).") % {"n": max_length, "got": len(value)}
    return value, None


def _parse_layout(value: str) -> _Parsed:
    text, error = _parse_text(value, 10, True)
    return (text.upper() if text is not None else None), error


def _parse_int(value: str, lo: int, hi: int, default: int | None) -> _Parsed:
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value)
    value = value.strip().replace(",", "").replace("¥", "").replace("円", "")
    if not value:
        return default, (_("This field is required.") if default is None else None)
    try:
        number = int(value)
    except ValueError:
        return None, _("“%(value)s” is not a whole number.") % {"value": value}
    if not lo <= number <= hi:
        return None, _("%(value)s is outside %(lo)s–%(hi)s.") % {"value": number, "lo": lo, "hi": hi}
    return number, None


def _parse_choice(value: str, table: dict[str, str], default: str | None) -> _Parsed:
    value = _nfkc(value).lower()
    if not value:
        return default, (_("This field is required.") if default is None else None)
    found = table.get(value)
    if found is None:
        allowed = " / ".join(dict.fromkeys(table.keys()))
        return None, _("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed}
    return found, None


def _parse_bool(value: str, default: bool) -> _Parsed:
    value = _nfkc(value).lower()
    if not value:
        return default, None
    found = BOOLEANS.get(value)
    if found is None:
        return None, _("“%(value)s” is not yes or no (use 1/0, はい/いいえ, true/false).") % {"value": value}
    return found, None


def _parse_date(value: str, today: date) -> _Parsed:
    value = _nfkc(value)
    if not value:
        return None, _("This field is required.")
    m = _DATE.match(value)
    try:
        if not m:
            raise ValueError
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None, _("“%(value)s” is not a date in the form YYYY-MM-DD or YYYY/MM/DD.") % {"value": value}
    if not EARLIEST_CONSTRUCTION <= day <= today:
        return None, _("%(value)s is not between %(lo)s and today.") % {
            "value": day.isoformat(),
            "lo": EARLIEST_CONSTRUCTION.isoformat(),
        }
    return day, None


def _parse_area(value: str) -> _Parsed:
    area_text = _nfkc(value).replace(",", "").replace("㎡", "").replace("m2", "")
    if not area_text:
        return None, _("This field is required.")
    try:
        area = Decimal(area_text)
        exponent = area.as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -2 or not 0 < area < 100000:
            raise InvalidOperation
    except InvalidOperation:
        return None, _("“%(value)s” is not an area in m² above 0 with at most two decimals.") % {
            "value": area_text
        }
    return area, None


def _parse_groups(value: str) -> _Parsed:
    value = _nfkc(value)
    if not value:
        return None, _("Name at least one group the unit accepts.")
    out: set[str] = set()
    unknown: list[str] = []
    for part in _GROUP_SPLIT.split(value):
        part = part.strip()
        if not part:
            continue
        code = part if part in GROUP_SET else GROUP_LABELS_JA.get(part.lower())
        if code is None:
            unknown.append(part)
        else:
            out.add(code)
    if unknown:
        return None, _("Unknown priority group: %(value)s.") % {"value": ", ".join(unknown)}
    return tuple(sorted(out, key=GROUP_ORDER.__getitem__)), None


_Specs = tuple[tuple[str, Callable[..., _Parsed], tuple[Any, ...]], ...]
# The columns in the order their errors are reported: the building's name, then (after the postal and
# municipality codes, checked on their own) the rest of the building; the unit's number and floor, then
# (after the floor is checked against the building) the rest of the unit.
_BUILDING_NAME: _Specs = (("building_name", _parse_text, (200, True)),)


def _building_rest(today: date) -> _Specs:
    return (
        ("address", _parse_text, (300, True)),
        ("structure", _parse_choice, (STRUCTURES, None)),
        ("floors", _parse_int, (1, 200, None)),
        ("building_type", _parse_choice, (BUILDING_TYPES, None)),
        ("construction_started", _parse_date, (today,)),
        ("seismic_evidence", _parse_choice, (SEISMIC, "start_date_proof")),
    )


_UNIT_HEAD: _Specs = (
    ("unit_number", _parse_text, (20, True)),
    ("floor", _parse_int, (-10, 200, None)),
)
_UNIT_REST: _Specs = (
    ("floor_area_m2", _parse_area, ()),
    ("layout", _parse_layout, ()),
    ("rent", _parse_int, (1, MAX_YEN, None)),
    ("common_fee", _parse_int, (0, MAX_YEN, 0)),
    ("deposit", _parse_int, (0, MAX_YEN, 0)),
    ("key_money", _parse_int, (0, MAX_YEN, 0)),
    *((f, _parse_choice, (PROVISIONS, None)) for f in FACILITY_CODES),
    ("accepted_groups", _parse_groups, ()),
    ("dedicated", _parse_bool, (False,)),
    ("barrier_free", _parse_bool, (False,)),
    ("pets_allowed", _parse_bool, (False,)),
    ("guarantor_required", _parse_bool, (True,)),
)
