"""Reading a CSV upload: the encoding it was saved in, headers folded for matching, records numbered.

* :func:`detect_encoding`: ``utf-8-sig`` with a byte order mark; else ``utf-8`` when the whole file decodes
  strictly; else ``cp932`` (Shift_JIS as Excel writes it).
* :func:`open_text`: the upload as text in that encoding (strict: a byte that does not decode is an error
  where it is, not a replacement character).
* :func:`fold_header`: a header cell as it is compared (NFKC, no BOM, lower case, ``_`` for spaces).
* :class:`NumberedRows`: the records of a CSV text with their row numbers as a spreadsheet shows them
  (a cell this module neutralised is read back as it was written: the leading ``'`` is taken off).

Writing: every CSV Sumai produces goes through :func:`writer` / :class:`DictWriter` (a test forbids
``csv.writer`` anywhere else), which neutralise cells a spreadsheet would run as a formula: a text cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` — unless the whole
cell is a plain number (``-12``, ``+3.5``, ``-35.6586``), which a spreadsheet reads as a number and never
runs. See docs/open-data.md and docs/security.md.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils.translation import gettext_lazy

DETECT_CHUNK = 1 << 20

ENCODING_NAMES = {
    "utf-8-sig": gettext_lazy("UTF-8 (with BOM)"),
    "utf-8": gettext_lazy("UTF-8"),
    "cp932": gettext_lazy("Shift_JIS (Windows/Excel, CP932)"),
}
"""What :func:`detect_encoding` returns, in words for the user."""


def detect_encoding(raw: IO[bytes]) -> str:
    """``utf-8-sig`` with a BOM; else ``utf-8`` when the whole file decodes strictly; else ``cp932``
    (Shift_JIS as Excel writes it). Reads the file in chunks and seeks back to the start."""
    raw.seek(0)
    head = raw.read(3)
    if head.startswith(codecs.BOM_UTF8):
        raw.seek(0)
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(head)
        while chunk := raw.read(DETECT_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "cp932"
    raw.seek(0)
    return encoding


def open_text(raw: IO[bytes], encoding: str) -> io.TextIOWrapper:
    """``raw`` as text for :mod:`csv` (``newline=""``), decoded strictly. Detach it when done so that
    closing it does not close ``raw``."""
    return io.TextIOWrapper(raw, encoding=encoding, newline="", errors="strict")


def fold_header(text: str) -> str:
    """A header cell as it is compared: NFKC (full-width letters and spaces), without a BOM, lower case,
    inner spaces as ``_``."""
    return unicodedata.normalize("NFKC", text).strip().lstrip("\ufeff").lower().replace(" ", "_")


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula."""

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """``value`` as a CSV cell that no spreadsheet runs: text starting with one of
    :data:`FORMULA_TRIGGERS` gets a leading ``'`` unless it is a plain number. Non-text values (numbers,
    ``None``) are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def unneutralise(cell: str) -> str:
    """The inverse of :func:`neutralise` for a cell read back: ``'=…`` is ``=…``; anything else unchanged."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


class _Lines:
    """A file-like object that hands back what :mod:`csv` writes (a writer over it returns each line)."""

    def write(self, value: str) -> str:
        return value


class Writer:
    """:func:`csv.writer` with every cell neutralised (see :func:`neutralise`). ``writerow`` returns what
    the underlying file's ``write`` returns: over :class:`_Lines` (no file given), the line itself."""

    def __init__(self, file: Any = None, **kwargs: Any) -> None:
        self._writer = csv.writer(_Lines() if file is None else file, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(file: Any = None, **kwargs: Any) -> Writer:
    """The one CSV writer of Sumai: without ``file``, ``writerow`` returns the line (for streaming)."""
    return Writer(file, **kwargs)


class DictWriter(csv.DictWriter):  # type: ignore[type-arg]
    """:class:`csv.DictWriter` writing through :class:`Writer`."""

    def __init__(self, file: Any, fieldnames: Any, **kwargs: Any) -> None:
        super().__init__(file, fieldnames, **kwargs)
        writer_kwargs = {k: v for k, v in kwargs.items() if k not in {"restval", "extrasaction"}}
        self.writer = Writer(file, **writer_kwargs)  # type: ignore[assignment]


class NumberedRows:
    """The records of a CSV text, each with its row number: the first record (the header) is row 1 and a
    record spanning several lines is one row, as a spreadsheet numbers them.

    :attr:`row` is the number of the record being read: after a :class:`UnicodeDecodeError` or
    :class:`csv.Error` from the iteration, the row the error is in."""

    def __init__(self, text: Iterable[str]) -> None:
        self.records = csv.reader(text)
        self.row = 1

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        for cells in self.records:
            # Only a cell that starts with ' can change: one search of the joined row finds whether any
            # may (a ' after a line break inside a cell is a false alarm, which costs only the slow way).
            joined = "\n".join(cells)
            if joined.startswith("'") or "\n'" in joined:
                cells = [unneutralise(c) for c in cells]
            yield self.row, cells
            self.row += 1
