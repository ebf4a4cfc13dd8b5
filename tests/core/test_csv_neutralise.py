"""Formula injection (#13 item 3): every CSV Sumai writes goes through one writer that neutralises cells a
spreadsheet would run, keeps plain numbers as numbers, and reads back what it wrote."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.core import csvio

SRC = Path(__file__).resolve().parents[2] / "src" / "sumai"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+81-3-0000", "'+81-3-0000"),
        ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("-35.6586", "-35.6586"),
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("1e-3", "1e-3"),
        ("さくらハイツ", "さくらハイツ"),
        ("03-0000-0000", "03-0000-0000"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise_table(value, written):
    assert csvio.neutralise(value) == written


def _write_read(cells: list[str]) -> list[str]:
    line = csvio.writer(lineterminator="\r\n").writerow(cells)
    (row,) = [r for _n, r in csvio.NumberedRows(io.StringIO(line, newline=""))]
    return row


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_what_is_written_reads_back_and_no_cell_starts_a_formula(cells):
    cells = [c.replace("\x00", "") for c in cells]
    line = csvio.writer(lineterminator="\r\n").writerow(cells)
    raw = next(csv.reader(io.StringIO(line, newline="")))
    for cell in raw:
        assert not cell.startswith(csvio.FORMULA_TRIGGERS) or re.fullmatch(r"[+-]?[\d.eE+-]+", cell)
    expected = [c[1:] if c.startswith("'") and c[1:].startswith(csvio.FORMULA_TRIGGERS) else c for c in cells]
    assert _write_read(cells) == expected


def test_dict_writer_neutralises():
    buf = io.StringIO()
    w = csvio.DictWriter(buf, fieldnames=["name", "lat"], lineterminator="\r\n")
    w.writeheader()
    w.writerow({"name": "=1+1", "lat": "-35.6586"})
    assert buf.getvalue().splitlines()[1] == "'=1+1,-35.6586"


def test_no_csv_writer_outside_the_kernel():
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "csvio.py" and path.parent.name == "core":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"csv\.(writer|DictWriter)\(", text):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []
