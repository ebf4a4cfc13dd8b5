"""sumai.core.csvio: the encoding of a CSV upload, headers folded for matching, records numbered as a
spreadsheet numbers rows; and the kernel (sumai.core) imports no app."""

from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from sumai.core import csvio

CORE = Path(csvio.__file__).parent


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("建物キー,家賃\nK1,60000\n".encode(), "utf-8"),
        ("\ufeff建物キー,家賃\n".encode(), "utf-8-sig"),
        ("建物キー,家賃\nK1,60000\n".encode("cp932"), "cp932"),
        (b"", "utf-8"),
        (b"key,rent\n" * 200_000 + "最後".encode("cp932"), "cp932"),  # past the first chunk
    ],
)
def test_detect_encoding(data: bytes, encoding: str) -> None:
    raw = io.BytesIO(data)
    raw.seek(5 if data else 0)
    assert csvio.detect_encoding(raw) == encoding
    assert raw.tell() == 0  # read from the start, and back there
    assert encoding in csvio.ENCODING_NAMES


def test_open_text_decodes_strictly_and_leaves_the_file_open() -> None:
    raw = io.BytesIO("a,b\n".encode("cp932") + b"\x81\xff\n")
    text = csvio.open_text(raw, "cp932")
    with pytest.raises(UnicodeDecodeError):
        text.read()
    text.detach()
    assert not raw.closed


@pytest.mark.parametrize(
    ("cell", "folded"),
    [
        ("\ufeff建物キー", "建物キー"),
        ("ＢＵＩＬＤＩＮＧ ＫＥＹ", "building_key"),
        (" Rent ", "rent"),
        ("　", ""),
    ],
)
def test_fold_header(cell: str, folded: str) -> None:
    assert csvio.fold_header(cell) == folded


def test_numbered_rows_count_records_not_lines() -> None:
    text = 'header\n"two\nlines",x\n\nlast\n'
    rows = csvio.NumberedRows(io.StringIO(text, newline=""))
    assert [(n, cells) for n, cells in rows] == [
        (1, ["header"]),
        (2, ["two\nlines", "x"]),
        (3, []),
        (4, ["last"]),
    ]


def test_numbered_rows_unneutralise_any_cell_and_only_a_leading_quote() -> None:
    text = "'=first,b,'=SUM(A1),'-3\n\"two\n'=lines\",x'=y,'plain\nplain,'@x\n"
    rows = csvio.NumberedRows(io.StringIO(text, newline=""))
    assert [cells for _n, cells in rows] == [
        ["=first", "b", "=SUM(A1)", "-3"],
        ["two\n'=lines", "x'=y", "'plain"],  # a quote after a line break inside a cell is kept
        ["plain", "@x"],
    ]


def test_numbered_rows_name_the_row_of_an_error() -> None:
    def lines() -> Iterator[str]:
        yield "header\n"
        yield "one\n"
        raise UnicodeDecodeError("cp932", b"\x81\xff", 0, 2, "illegal multibyte sequence")

    rows = csvio.NumberedRows(lines())
    read: list[int] = []
    with pytest.raises(UnicodeDecodeError):
        read.extend(n for n, _cells in rows)
    assert read == [1, 2]
    assert rows.row == 3


def test_the_kernel_imports_no_app() -> None:
    """sumai.core may import the standard library, Django and sumai.domain, and nothing else of Sumai."""
    found = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            found += [
                f"{path.name}: {name}"
                for name in names
                if name.startswith("sumai.") and not name.startswith(("sumai.core", "sumai.domain"))
            ]
    assert found == []
