"""The import's column table, read from the field specifications of :mod:`sumai.registry.fields` (code,
Japanese and English headers, required, building or unit), and the parser each column's cells go through
(the spec's :meth:`~sumai.registry.fields.Spec.parse`), in the order their errors are reported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sumai.registry.fields import BUILDING, FACILITY_CODES, UNIT

__all__ = ["COLUMNS", "FACILITY_CODES", "IGNORED_COLUMNS", "VACANCY_COLUMN"]

# (code, Japanese header, English header, required, part of the building)
COLUMNS: tuple[tuple[str, str, str, bool, bool], ...] = tuple(
    (s.code, s.ja, s.en, s.required, record is BUILDING) for record in (BUILDING, UNIT) for s in record.csv
)
# Optional: read only on the rows of a building the landlord has already (see :mod:`.vacancy`).
VACANCY_COLUMN: tuple[str, str, str] = ("vacancy", "空室状況", "vacancy")
JA_VACANCY = {VACANCY_COLUMN[0]: VACANCY_COLUMN[1]}
# Written by the export; read back without effect so that an export re-imports.
IGNORED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("registration_state", "登録状態", "registration_state"),
    ("registration_number", "登録番号", "registration_number"),
)
JA_HEADER = {c[0]: c[1] for c in COLUMNS} | JA_VACANCY
BUILDING_CODES = [c[0] for c in COLUMNS if c[4]]
UNIT_CODES = [c[0] for c in COLUMNS if not c[4]]
# The unit columns whose values repeat from unit to unit, read together as one part of the unit (layout,
# facilities, groups, flags: prepared for the insert once per distinct combination); the others (number,
# floor, area, rent and fees) are written per unit.
UNIT_REST_CODES = ("layout", *FACILITY_CODES, "accepted_groups", "dedicated", "barrier_free", "pets_allowed",
                   "guarantor_required")  # fmt: skip
# Building values read from the columns after key, name and address (the part that repeats).
BUILDING_COMMON_VALUES = (
    "postal_code",
    "municipality",
    "structure",
    "floors",
    "building_type",
    "construction_started",
    "seismic_evidence",
)

# Unit columns written per row, in the insert's order: the building's id, then the head (per row), then the
# rest (prepared once per distinct rest), then the defaults.
UNIT_HEAD_FIELDS = ("number", "floor", "floor_area_m2", "rent", "common_fee", "deposit", "key_money")
UNIT_REST_FIELDS = (
    "layout",
    "accepted_groups",
    "facilities",
    "included",
    "dedicated",
    "barrier_free",
    "pets_allowed",
    "guarantor_required",
)
BUILDING_INSERT_FIELDS = (
    "operator_id",
    "municipality_id",
    "authority_code",
    "lat",
    "lon",
    "name",
    "postal_code",
    "address",
    "structure",
    "floors",
    "building_type",
    "construction_started",
    "seismic_evidence",
)

# ------------------------------------------------------------------------------------------- parsers
# (column, parser, arguments): the parser returns (value, None) or (None, message) and is called once per
# distinct cell value of its column.
_Parsed = tuple[Any, str | None]
_Specs = tuple[tuple[str, Callable[..., _Parsed], tuple[Any, ...]], ...]

# The building's name, postal and municipality codes and address are read on their own (names and
# addresses are nearly all distinct: not memoised); then the rest, each distinct cell parsed once.
_BUILDING_REST_CODES = (
    "structure",
    "floors",
    "building_type",
    "construction_started",
    "seismic_evidence",
)


def _building_rest(today: date) -> _Specs:
    """The rest of the building's columns; the construction date is checked against ``today``."""
    return tuple(
        (code, BUILDING[code].parse, (today,) if code == "construction_started" else ())
        for code in _BUILDING_REST_CODES
    )


# Every unit column, in the order its errors are reported (the floor is checked against the building's
# floors after the number and floor).
_UNIT: _Specs = tuple((code, UNIT[code].parse, ()) for code in UNIT_CODES)
