"""Reading the file: the header row (Japanese or English headers, folded as :mod:`sumai.core.csvio`
folds them) and the data rows, fed one by one to the importer with their row numbers (the header is row 1).
The encoding is found and the text decoded by :mod:`sumai.core.csvio`."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import IO, TYPE_CHECKING, cast

from django.utils.translation import gettext as _

from sumai.core.csvio import ENCODING_NAMES, NumberedRows, fold_header
from sumai.registry.imports.columns import (
    BUILDING_CODES,
    COLUMNS,
    IGNORED_COLUMNS,
    UNIT_CODES,
    VACANCY_COLUMN,
)

if TYPE_CHECKING:
    from sumai.registry.imports.importer import _Collector, _Importer

PROGRESS_EVERY = 1000

HEADER_ALIASES: dict[str, str] = {}
for _code, _ja, _en, _req, _b in COLUMNS:
    HEADER_ALIASES[fold_header(_ja)] = _code
    HEADER_ALIASES[fold_header(_en)] = _code
for _code, _ja, _en in (*IGNORED_COLUMNS, VACANCY_COLUMN):
    HEADER_ALIASES[fold_header(_ja)] = _code
    HEADER_ALIASES[fold_header(_en)] = _code

_Cells = Callable[[list[str]], tuple[str, ...]]


class Header:
    """Where each column is: getters of the cells of a row by column code (a column missing from the
    header reads the ``""`` appended to each row, at index -1), and each column's header as written."""

    def __init__(self, index: dict[str, int], names: dict[str, str], width: int) -> None:
        self.index = index
        self.names = names
        self.width = width
        self.pad = [""] * width
        self.building_cells = self.getter(BUILDING_CODES)
        self.unit_cells = self.getter(UNIT_CODES)
        self.unit_number = cast(Callable[[list[str]], str], itemgetter(index.get("unit_number", -1)))
        self.vacancy = (
            cast(Callable[[list[str]], str], itemgetter(index["vacancy"])) if "vacancy" in index else None
        )

    def getter(self, codes: Iterable[str]) -> _Cells:
        index = self.index
        return cast(_Cells, itemgetter(*[index.get(c, -1) for c in codes]))


def read_header(row: list[str], collect: _Collector) -> Header:
    """The header of ``row``; unknown, repeated and missing required columns are errors of row 1."""
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    unknown: list[str] = []
    for i, text in enumerate(row):
        folded = fold_header(text)
        if not folded:
            continue
        code = HEADER_ALIASES.get(folded)
        if code is None:
            unknown.append(text)
            continue
        if code in index:
            collect.error(1, text, _("The column appears twice."))
            continue
        index[code] = i
        names[code] = text.lstrip("\ufeff").strip()
    for text in unknown:
        collect.error(1, text, _("Unknown column. Use the headers of the template."))
    for code, ja, en, required, _b in COLUMNS:
        if required and code not in index:
            collect.error(1, f"{ja} / {en}", _("This required column is missing."))
    return Header(index, names, len(row))


def read_rows(
    importer: _Importer, text: IO[str], collect: _Collector, progress: Callable[[int], None] | None
) -> int:
    """Feed the rows of ``text`` to ``importer``; the number of (non-blank) data rows read."""
    result = collect.result
    rows = 0
    reader = NumberedRows(text)
    records = iter(reader)
    add = importer.row
    try:
        first = next(records, None)
        if first is not None:
            importer.read_header(first[1])
            if not result.error_count:
                header = first[1]
                for row_no, cells in records:
                    if cells and (cells[0].strip() or any(c.strip() for c in cells)):
                        # a NUL byte: never stored (PostgreSQL refuses it in text); one search of the row
                        if "\x00" in "".join(cells):
                            nul = next(i for i, c in enumerate(cells) if "\x00" in c)
                            collect.error(
                                row_no,
                                header[nul] if nul < len(header) else "",
                                _("This cell holds a NUL character (0x00): save the file again as text CSV."),
                            )
                            continue
                        add(cells, row_no)
                        rows += 1
                        if progress is not None and rows % PROGRESS_EVERY == 0:
                            progress(rows)
    except UnicodeDecodeError:
        collect.error(
            reader.row,
            "",
            _("The file is not valid %(encoding)s text from this row on. Save it again as UTF-8 CSV.")
            % {"encoding": ENCODING_NAMES[result.encoding]},
        )
    except csv.Error as exc:
        collect.error(reader.row, "", _("The CSV cannot be read here: %(error)s") % {"error": exc})
    if reader.row == 1:
        collect.error(1, "", _("The file is empty."))
    elif rows == 0 and not result.error_count:
        collect.error(2, "", _("The file has a header but no rows."))
    return rows
