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
# The unit columns that vary from unit to unit (read one by one) and the rest, which repeat (read as one
# key: layout, fees, facilities, groups, flags).
UNIT_HEAD_CODES = ("unit_number", "floor", "floor_area_m2", "rent")
UNIT_REST_CODES = tuple(c for c in UNIT_CODES if c not in UNIT_HEAD_CODES)
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
UNIT_HEAD_FIELDS = ("number", "floor", "floor_area_m2", "rent")
UNIT_REST_FIELDS = (
    "layout",
    "common_fee",
    "deposit",
    "key_money",
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

# The building's name, then (after the postal and municipality codes, checked on their own) the rest.
_BUILDING_NAME: _Specs = (("building_name", BUILDING["building_name"].parse, ()),)
_BUILDING_REST_CODES = (
    "address",
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


# The unit's number and floor, then (after the floor is checked against the building) the rest.
_UNIT_HEAD: _Specs = tuple((code, UNIT[code].parse, ()) for code in ("unit_number", "floor"))
_UNIT_REST: _Specs = tuple((code, UNIT[code].parse, ()) for code in UNIT_CODES[2:])
