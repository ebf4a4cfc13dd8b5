"""Reading a CSV upload: the encoding it was saved in, headers folded for matching, records numbered.

* :func:`detect_encoding`: ``utf-8-sig`` with a byte order mark; else ``utf-8`` when the whole file decodes
  strictly; else ``cp932`` (Shift_JIS as Excel writes it).
* :func:`open_text`: the upload as text in that encoding (strict: a byte that does not decode is an error
  where it is, not a replacement character).
* :func:`fold_header`: a header cell as it is compared (NFKC, no BOM, lower case, ``_`` for spaces).
* :class:`NumberedRows`: the records of a CSV text with their row numbers as a spreadsheet shows them.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator
from typing import IO

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
            yield self.row, cells
            self.row += 1
