"""Rows → buildings and units: :class:`_RowParser` reads the cells of a row with the parsers of the field
specifications (:mod:`~sumai.registry.imports.columns`), each distinct cell value of a column parsed once
(memoised), and records every error in column order; the valid units of a building are kept as
:class:`_UnitRow`.

Most cells repeat from row to row: the parsed value of each distinct cell is kept per column
(:data:`MEMO_LIMIT` values at most). A unit row whose cells are all values already found valid takes a
fast path that reads them from memos of valid values only; anything else takes the full path, which
reports the errors in order and fills those memos.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from sumai.registry.fields import BUILDING, FACILITY_CODES, floor_above_building, nfkc
from sumai.registry.imports.columns import (
    _BUILDING_NAME,
    _UNIT_HEAD,
    _UNIT_REST,
    BUILDING_CODES,
    BUILDING_COMMON_VALUES,
    UNIT_CODES,
    _building_rest,
    _Parsed,
    _Specs,
)

if TYPE_CHECKING:
    from sumai.registry.imports.importer import _Collector
    from sumai.registry.imports.reading import Header
    from sumai.registry.imports.validation import _Reference
    from sumai.registry.imports.writing import _BatchWriter

MEMO_LIMIT = 5000  # distinct values remembered per column (memory stays bounded)
_NAME, _ADDRESS = BUILDING["building_name"], BUILDING["address"]
_POSTAL, _MUNICIPALITY = BUILDING["postal_code"], BUILDING["municipality_code"]
_UNIT_REST_CODES = tuple(code for code, _parse, _args in _UNIT_REST)


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> None:
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value


class _Rest:
    """The repeating part of a valid unit row, parsed and prepared for the insert once per distinct
    value (``tail``: the rest fields and the defaults in the insert's order; ``copy_tail``: the same as
    one line of PostgreSQL's ``COPY`` text, else empty)."""

    __slots__ = ("accepted_groups", "copy_tail", "facilities", "facility_key", "groups_key", "tail")

    def __init__(
        self, facilities: dict[str, str], groups: tuple[str, ...], tail: tuple[Any, ...], copy_tail: str
    ) -> None:
        self.facilities = facilities
        self.accepted_groups = list(groups)
        self.groups_key = groups
        self.facility_key = tuple(facilities.values())
        self.tail = tail
        self.copy_tail = copy_tail


# A valid floor area: the value, as prepared for the database, as a key (``str``), as COPY text.
_Area = tuple[Decimal, Any, str, str]


class _UnitRow:
    """A validated unit: what the standards check reads (duck-typed like :class:`Unit`) and the parts
    of its insert row (the building's id comes at the insert)."""

    __slots__ = ("area", "area_key", "floor", "floor_area_m2", "number", "rent", "rest")
    included = True

    def __init__(self, number: str, floor: int, area: _Area, rent: int, rest: _Rest) -> None:
        self.number = number
        self.floor = floor
        self.area = area
        self.floor_area_m2 = area[0]
        self.area_key = area[2]
        self.rent = rent
        self.rest = rest

    @property
    def facilities(self) -> dict[str, str]:
        return self.rest.facilities

    @property
    def accepted_groups(self) -> list[str]:
        return self.rest.accepted_groups


@dataclass
class _OpenBuilding:
    key: str
    first_row: int
    values: dict[str, Any]
    raw: tuple[str, ...] | None  # the building columns of the first row normalised (when needed)
    cells: tuple[str, ...] = ()  # the building columns of the first row as written
    units: list[_UnitRow] = field(default_factory=list)
    unit_rows: dict[str, int] = field(default_factory=dict)
    bad: bool = False
    max_floor: int = sys.maxsize  # the building's floors (no limit when they are not known)

    def normalised(self) -> tuple[str, ...]:
        if self.raw is None:
            self.raw = tuple(map(nfkc, self.cells))
        return self.raw


class _RowParser:
    """The values of a building's columns and of each unit row; ``prepare`` prepares a unit's repeating
    part and floor area for the insert (once per distinct value)."""

    def __init__(
        self, *, ref: _Reference, collect: _Collector, prepare: _BatchWriter, header: Header
    ) -> None:
        self.ref = ref
        self.collect = collect
        self.prepare = prepare
        self.building_rest = _building_rest(ref.today)
        self.memos: dict[str, dict[str, _Parsed]] = {}
        # Valid values only, by cell as written (a miss takes the full path, which reports errors in
        # order and fills these); bounded like the memos.
        self.fast_number: dict[str, str] = {}
        self.fast_floor: dict[str, int] = {}
        self.fast_area: dict[str, _Area] = {}
        self.fast_rent: dict[str, int] = {}
        self.rests: dict[tuple[str, ...], _Rest] = {}
        self.fast_buildings: dict[tuple[str, ...], dict[str, Any]] = {}
        self.use_header(header)

    def use_header(self, header: Header) -> None:
        self.unit_cells: Callable[[list[str]], tuple[str, ...]] = header.unit_cells
        self.unit_head: Callable[[list[str]], tuple[str, ...]] = header.unit_head
        self.unit_rest: Callable[[list[str]], tuple[str, ...]] = header.unit_rest

    def _err(self, row: int, code: str, message: str) -> None:
        self.collect.cell_error(row, code, message)

    def _cells(self, cells: dict[str, str], row: int, specs: _Specs) -> list[Any]:
        """The parsed values of ``specs`` (column, parser, arguments) in order, each parser called once
        per distinct cell value of its column (a column is always parsed with the same parser and
        arguments); an error is recorded for every row that has the value."""
        memos = self.memos
        out: list[Any] = []
        for code, parse, args in specs:
            value = cells.get(code, "")
            memo = memos.get(code)
            if memo is None:
                memo = memos[code] = {}
            hit = memo.get(value)
            if hit is None:
                hit = parse(value, *args)
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                memo[value] = hit
            if hit[1] is not None:
                self._err(row, code, hit[1])
            out.append(hit[0])
        return out

    # -- building
    def building(self, written: tuple[str, ...], row: int) -> dict[str, Any] | None:
        """The values of a building's columns (as written, in the order of ``BUILDING_CODES``), or None
        after recording its errors."""
        values = self._building_known(written)
        if values is None:
            values = self._building(dict(zip(BUILDING_CODES, written, strict=True)), row)
            if values is not None:
                _remember(
                    self.fast_buildings,
                    written[2:4] + written[5:],
                    {k: values[k] for k in BUILDING_COMMON_VALUES},
                )
        return values

    def _building_known(self, written: tuple[str, ...]) -> dict[str, Any] | None:
        """The building's values when its columns other than key, name and address are those of a
        building already found valid and its name and address are valid (else None: the full path)."""
        common = self.fast_buildings.get(written[2:4] + written[5:])
        if common is None:
            return None
        name, error = _NAME.parse(written[1])
        if error is not None:
            return None
        address, error = _ADDRESS.parse(written[4])
        if error is not None:
            return None
        return {"name": name, "address": address, **common}

    def _building(self, cells: dict[str, str], row: int) -> dict[str, Any] | None:
        errors = self.collect.result.error_count
        (name,) = self._cells(cells, row, _BUILDING_NAME)
        postal, error = _POSTAL.parse(cells.get("postal_code", ""))
        if error is not None:
            self._err(row, "postal_code", error)
        v: dict[str, Any] = {"name": name, "postal_code": postal}
        code, error = _MUNICIPALITY.parse(cells.get("municipality_code", ""))
        if error is not None:
            self._err(row, "municipality_code", error)
        else:
            muni = self.ref.municipalities.get(code)
            if muni is None:
                self._err(
                    row, "municipality_code", _("No municipality has the code %(code)s.") % {"code": code}
                )
            elif code not in self.ref.authorities:
                self._err(
                    row, "municipality_code", _("No registration authority for %(code)s.") % {"code": code}
                )
            v["municipality"] = muni
        (
            v["address"],
            v["structure"],
            v["floors"],
            v["building_type"],
            v["construction_started"],
            v["seismic_evidence"],
        ) = self._cells(cells, row, self.building_rest)
        return v if self.collect.result.error_count == errors else None

    # -- units
    def add_unit(self, current: _OpenBuilding, cells: list[str], row: int) -> None:
        """The unit of a row added to ``current`` (or ``current`` marked bad after recording errors).

        Fast path: every varying cell is a value already found valid, the repeating part too, the floor
        is within the building and the number is new. Anything else takes the full path."""
        number_raw, floor_raw, area_raw, rent_raw = self.unit_head(cells)
        number = self.fast_number.get(number_raw)
        floor = self.fast_floor.get(floor_raw)
        area = self.fast_area.get(area_raw)
        rent = self.fast_rent.get(rent_raw)
        rest = self.rests.get(self.unit_rest(cells))
        if (
            number is None
            or floor is None
            or area is None
            or rent is None
            or rest is None
            or floor > current.max_floor
            or number in current.unit_rows
        ):
            self._add_unit_checked(current, cells, row)
            return
        current.unit_rows[number] = row
        current.units.append(_UnitRow(number, floor, area, rent, rest))

    def _add_unit_checked(self, current: _OpenBuilding, cells: list[str], row: int) -> None:
        unit = self._unit(
            dict(zip(UNIT_CODES, self.unit_cells(cells), strict=True)),
            row,
            current.values.get("floors"),
            self.unit_rest(cells),
        )
        if unit is None:
            current.bad = True
            return
        if unit.number in current.unit_rows:
            self._err(
                row,
                "unit_number",
                _("Unit %(number)s appears twice in building “%(key)s” (also row %(other)s).")
                % {"number": unit.number, "key": current.key, "other": current.unit_rows[unit.number]},
            )
            current.bad = True
            return
        current.unit_rows[unit.number] = row
        current.units.append(unit)

    def _unit(
        self, cells: dict[str, str], row: int, floors: int | None, rest_key: tuple[str, ...]
    ) -> _UnitRow | None:
        """The unit of a row, every error recorded in column order (the full path: a row whose cells
        are not all known valid values)."""
        errors = self.collect.result.error_count
        number, floor = self._cells(cells, row, _UNIT_HEAD)
        if floor is not None and floors is not None:
            error = floor_above_building(floor, floors)
            if error is not None:
                self._err(row, "floor", error)
        v = dict(zip(_UNIT_REST_CODES, self._cells(cells, row, _UNIT_REST), strict=True))
        area, groups = v["floor_area_m2"], v["accepted_groups"]
        if self.collect.result.error_count != errors or area is None or groups is None:
            return None
        rest = self.rests.get(rest_key)
        if rest is None:
            facilities = {code: v[code] for code in FACILITY_CODES}
            values = (
                v["layout"],
                v["common_fee"],
                v["deposit"],
                v["key_money"],
                list(groups),
                facilities,
                True,
                v["dedicated"],
                v["barrier_free"],
                v["pets_allowed"],
                v["guarantor_required"],
            )
            rest = _Rest(facilities, groups, *self.prepare.rest_tail(values))
            _remember(self.rests, rest_key, rest)
        area_raw = cells.get("floor_area_m2", "")
        prepared = self.fast_area.get(area_raw)
        if prepared is None:
            prepared = self.prepare.area(area)
            _remember(self.fast_area, area_raw, prepared)
        _remember(self.fast_number, cells.get("unit_number", ""), number)
        _remember(self.fast_floor, cells.get("floor", ""), floor)
        _remember(self.fast_rent, cells.get("rent", ""), v["rent"])
        return _UnitRow(number, floor, prepared, v["rent"], rest)
