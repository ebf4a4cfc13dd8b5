"""Rows → buildings and units: :class:`_RowParser` reads the cells of a row with the parsers of the field
specifications (:mod:`~sumai.registry.imports.columns`), each distinct cell value of a column parsed once
(memoised), and records every error in column order; the valid units of a building are kept as
:class:`_UnitRow`.

Most cells repeat from row to row: the parsed value of each distinct cell is kept per column
(:data:`MEMO_LIMIT` values at most). A unit row whose cells are all values already found valid takes a
fast path that reads them from memos of valid values only (one dictionary look-up per cell); anything else
takes the full path, which reports the errors in order and fills those memos. The part of a unit that
repeats (layout, facilities, groups, flags: :class:`_Rest`) is prepared for the insert once per distinct
combination of values, however its cells are spelled; number, floor, area, rent and fees are per unit.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from sumai.registry.checks import FACILITIES
from sumai.registry.fields import BUILDING, FACILITY_CODES, floor_above_building, nfkc
from sumai.registry.imports.columns import (
    _UNIT,
    BUILDING_CODES,
    BUILDING_COMMON_VALUES,
    UNIT_CODES,
    UNIT_REST_CODES,
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
BUILDING_MEMO_LIMIT = 500  # buildings whose columns other than key, name and address are remembered
REST_MEMO_LIMIT = 2000  # distinct repeating parts of a unit remembered
_NAME, _ADDRESS = BUILDING["building_name"], BUILDING["address"]
_POSTAL, _MUNICIPALITY = BUILDING["postal_code"], BUILDING["municipality_code"]
# Where each unit column is in a row's unit cells (UNIT_CODES order).
_AT = {code: i for i, code in enumerate(UNIT_CODES)}
_NUMBER, _FLOOR, _AREA, _RENT = _AT["unit_number"], _AT["floor"], _AT["floor_area_m2"], _AT["rent"]
_FEES = (_AT["common_fee"], _AT["deposit"], _AT["key_money"])
_rest_of: Callable[[tuple[Any, ...]], tuple[Any, ...]] = itemgetter(*(_AT[c] for c in UNIT_REST_CODES))
_GROUPS = UNIT_REST_CODES.index("accepted_groups")
_FACILITY_PART = slice(1, 1 + len(FACILITY_CODES))  # of a rest key: the facilities in FACILITY_CODES order
assert UNIT_REST_CODES[_FACILITY_PART] == FACILITY_CODES
_FLAG_PART = slice(_GROUPS + 1, None)
_CHECK_ORDER = tuple(FACILITY_CODES.index(f) for f in FACILITIES)


def _remember(memo: dict[Any, Any], key: Any, value: Any, limit: int = MEMO_LIMIT) -> None:
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value


class _Rest:
    """The repeating part of a valid unit (the values of :data:`UNIT_REST_CODES`), prepared for the insert
    once per distinct combination (``tail``: the rest fields and the defaults in the insert's order;
    ``copy_tail``: the same as one line of PostgreSQL's ``COPY`` text, else empty). ``check_key``: the
    facilities in the order the standards check keys them."""

    __slots__ = ("accepted_groups", "check_key", "copy_tail", "facilities", "groups_key", "tail")

    def __init__(
        self,
        facilities: tuple[dict[str, str], tuple[str, ...]],
        groups: tuple[tuple[str, ...], list[str]],
        tail: tuple[Any, ...],
        copy_tail: str,
    ) -> None:
        self.facilities, self.check_key = facilities
        self.groups_key, self.accepted_groups = groups
        self.tail = tail
        self.copy_tail = copy_tail


# A valid floor area: the value, as prepared for the database, as a key (``str``), as COPY text.
_Area = tuple[Decimal, Any, str, str]


class _UnitRow:
    """A validated unit: what the standards check reads (duck-typed like :class:`Unit`) and the parts
    of its insert row (the building's id comes at the insert)."""

    __slots__ = (
        "area",
        "common_fee",
        "deposit",
        "floor",
        "floor_area_m2",
        "key_money",
        "number",
        "rent",
        "rest",
    )
    included = True

    def __init__(
        self,
        number: str,
        floor: int,
        area: _Area,
        rent: int,
        common_fee: int,
        deposit: int,
        key_money: int,
        rest: _Rest,
    ) -> None:
        self.number = number
        self.floor = floor
        self.area = area
        self.floor_area_m2 = area[0]
        self.rent = rent
        self.common_fee = common_fee
        self.deposit = deposit
        self.key_money = key_money
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
        # The unit columns: each one's parser and memo (every value, valid or not), in UNIT_CODES order.
        self.unit_specs = [(code, parse, self.memos.setdefault(code, {})) for code, parse, _args in _UNIT]
        # Valid values only, by cell as written, one memo per unit column (the area's holds the prepared
        # area): a miss takes the full path, which reports errors in order and fills these. Bounded like the
        # memos.
        self.fast: list[dict[str, Any]] = [{} for _code in UNIT_CODES]
        self.rests: dict[tuple[Any, ...], _Rest] = {}
        self.facility_parts: dict[tuple[str, ...], tuple[dict[str, str], tuple[str, ...]]] = {}
        self.group_parts: dict[tuple[str, ...], tuple[tuple[str, ...], list[str]]] = {}
        self.fast_buildings: dict[tuple[str, ...], dict[str, Any]] = {}
        self.use_header(header)

    def use_header(self, header: Header) -> None:
        self.unit_cells: Callable[[list[str]], tuple[str, ...]] = header.unit_cells

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
                    BUILDING_MEMO_LIMIT,
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
        name, error = _NAME.parse(cells.get("building_name", ""))
        if error is not None:
            self._err(row, "building_name", error)
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
        v["address"], error = _ADDRESS.parse(cells.get("address", ""))
        if error is not None:
            self._err(row, "address", error)
        (
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

        Fast path: every cell is a value already found valid, the floor is within the building and the
        number is new. Anything else takes the full path."""
        raw = self.unit_cells(cells)
        found: tuple[Any, ...] = tuple(map(dict.get, self.fast, raw))
        if None in found:
            self._add_unit_checked(current, raw, found, row)
            return
        number, floor = found[_NUMBER], found[_FLOOR]
        if floor > current.max_floor or number in current.unit_rows:
            self._add_unit_checked(current, raw, found, row)
            return
        self._append(current, found, row)

    def _append(self, current: _OpenBuilding, found: tuple[Any, ...], row: int) -> None:
        """A valid unit (``found``: its values in UNIT_CODES order, the area prepared) added."""
        key = _rest_of(found)
        rest = self.rests.get(key)
        if rest is None:
            rest = self._rest(key)
        number = found[_NUMBER]
        current.unit_rows[number] = row
        fee, deposit, key_money = found[_FEES[0]], found[_FEES[1]], found[_FEES[2]]
        current.units.append(
            _UnitRow(number, found[_FLOOR], found[_AREA], found[_RENT], fee, deposit, key_money, rest)
        )

    def _rest(self, key: tuple[Any, ...]) -> _Rest:
        """The repeating part of the values ``key`` (:data:`UNIT_REST_CODES`), prepared and remembered;
        the facilities and groups of every part are shared objects (one per distinct value)."""
        provisions = key[_FACILITY_PART]
        facilities = self.facility_parts.get(provisions)
        if facilities is None:
            facilities = (
                dict(zip(FACILITY_CODES, provisions, strict=True)),
                tuple(provisions[i] for i in _CHECK_ORDER),
            )
            _remember(self.facility_parts, provisions, facilities)
        groups_key = key[_GROUPS]
        groups = self.group_parts.get(groups_key)
        if groups is None:
            groups = (groups_key, list(groups_key))
            _remember(self.group_parts, groups_key, groups)
        flags = key[_FLAG_PART]
        tail, copy_tail = self.prepare.rest_tail(
            (key[0], groups[1], facilities[0], True, *flags),
            (key[0], groups_key, provisions, True, *flags),
        )
        rest = _Rest(facilities, groups, tail, copy_tail)
        _remember(self.rests, key, rest, REST_MEMO_LIMIT)
        return rest

    def _check_floor(self, floor: int | None, floors: int | None, row: int) -> None:
        """The error of a unit on ``floor`` of a building of ``floors`` floors, if any."""
        if floor is not None and floors is not None:
            error = floor_above_building(floor, floors)
            if error is not None:
                self._err(row, "floor", error)

    def _add_unit_checked(
        self, current: _OpenBuilding, raw: tuple[str, ...], known: tuple[Any, ...], row: int
    ) -> None:
        """The full path: every cell not already known valid (``known``: the fast path's values, None
        where it had none) parsed (memoised), every error recorded in column order — the floor's against
        the building right after the number and floor — then the number checked against the building's
        other units."""
        errors = self.collect.result.error_count
        found = list(known)
        fast, specs = self.fast, self.unit_specs
        missing: list[int] = []  # the columns without a known value, in order (found in C)
        at = -1
        for _n in range(known.count(None)):
            at = known.index(None, at + 1)
            missing.append(at)
        floors = current.values.get("floors")
        floor_pending = floors is not None
        for i in missing:
            if floor_pending and i > _FLOOR:
                floor_pending = False
                self._check_floor(found[_FLOOR], floors, row)
            code, parse, memo = specs[i]
            cell = raw[i]
            hit = memo.get(cell)
            if hit is None:
                hit = parse(cell)
                _remember(memo, cell, hit)
            value, error = hit
            if error is not None:
                self._err(row, code, error)
            elif i == _AREA:
                value = self.prepare.area(value)
                _remember(fast[i], cell, value)
            else:
                _remember(fast[i], cell, value)
            found[i] = value
        if floor_pending:
            self._check_floor(found[_FLOOR], floors, row)
        if self.collect.result.error_count != errors:
            current.bad = True
            return
        number = found[_NUMBER]
        if number in current.unit_rows:
            self._err(
                row,
                "unit_number",
                _("Unit %(number)s appears twice in building “%(key)s” (also row %(other)s).")
                % {"number": number, "key": current.key, "other": current.unit_rows[number]},
            )
            current.bad = True
            return
        self._append(current, tuple(found), row)
