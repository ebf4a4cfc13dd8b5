"""The CSV import's write path: PostgreSQL gets its rows as COPY text written by a second thread.

The escaping is checked on its own (no database), then by a round trip through a real ``COPY`` on
PostgreSQL, then end to end through the import on both databases (cells with backslashes, non-ASCII
text, tabs and line breaks, several batches).
"""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from django.db import DataError, connection

from sumai.registry import imports
from sumai.registry.imports import COPY_NULL, CopyText, copy_escape, importer, reading
from sumai.registry.models import Building, Registration, Unit
from tests.registry.test_import import csv_text, good_rows, row, run

COPY_THREAD = "sumai-import-copy"


def copy_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(COPY_THREAD)]


# ------------------------------------------------------------------------------------------- escaping
@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("", ""),
        ("101", "101"),
        ("さくらハイツ 🏠", "さくらハイツ 🏠"),
        ("a\tb", "a\\tb"),
        ("a\nb", "a\\nb"),
        ("a\rb", "a\\rb"),
        ("a\r\nb", "a\\r\\nb"),
        ("C:\\部屋", "C:\\\\部屋"),
        ("\\N", "\\\\N"),  # the text "\N", not NULL
        ("\\.", "\\\\."),  # not the end-of-data marker
        ("\\\t\n\r\\", "\\\\\\t\\n\\r\\\\"),
        ("\x1b\x7f\u3000", "\x1b\x7f\u3000"),  # other control and space characters pass as they are
    ],
)
def test_copy_escape(raw: str, written: str) -> None:
    assert copy_escape(raw) == written
    assert not {"\t", "\n", "\r"} & set(written)


def test_copy_escape_refuses_nul_as_postgresql_does() -> None:
    with pytest.raises(DataError, match="NUL"):
        copy_escape("さくら\x00ハイツ")


def test_null_is_not_the_empty_string() -> None:
    assert COPY_NULL == "\\N"
    assert copy_escape("") != COPY_NULL
    assert copy_escape("\\N") != COPY_NULL


# ------------------------------------------------------------------------------------------- round trip
def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")


STRINGS = [
    "",
    None,
    "\\N",
    "\\.",
    "a\tb\nc\rd\\e",
    "日本語の建物名🏠",
    " spaces kept ",
    "\x1b\x7f",
    "tab at end\t",
    "\\",
]


@pytest.mark.django_db
def test_copy_text_round_trips_every_type_through_copy() -> None:
    """Each value written by :class:`CopyText` reads back as the same value (so a wrong escape, NULL
    for an empty string or a mangled JSON fails here)."""
    postgresql_only()
    from psycopg.types.json import Jsonb

    unit_facilities = Unit._meta.get_field("facilities")
    jst = timezone(timedelta(hours=9))
    moment = datetime(2026, 11, 30, 13, 40, 39, 123456, tzinfo=jst)
    rows: list[tuple[Any, ...]] = []
    for i, text in enumerate(STRINGS):
        rows.append(
            (
                i,
                text,
                Decimal("25.50") if i % 2 else Decimal("1E+1"),
                35.689506 if i % 2 else -0.0,
                date(2001, 4, 1),
                moment,
                Jsonb({"name": text, "quote": 'say "はい" \\ done', "list": [1, None, True]}),
                unit_facilities.get_db_prep_save(
                    {"kitchen": "private", "memo": text or "専用\\共用"}, connection
                ),
                i % 2 == 0,
                2**40 + i,
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE copy_check (id int, s text, n numeric, f float8, d date, "
            "ts timestamptz, j jsonb, k jsonb, b bool, big bigint)"
        )
        text = CopyText(connection.connection)
        data = "".join(text.line(r) + "\n" for r in rows)
        with cursor.cursor.copy("COPY copy_check FROM STDIN") as copy:
            copy.write(data)
        cursor.execute("SELECT id, s, n, f, d, ts, j, k, b, big FROM copy_check ORDER BY id")
        back = cursor.fetchall()
        cursor.execute("DROP TABLE copy_check")
    assert len(back) == len(rows)
    for sent, got in zip(rows, back, strict=True):
        assert got[:6] == sent[:6]
        assert str(got[3]) == str(sent[3])  # -0.0 stays -0.0
        assert json.loads(got[6]) == sent[6].obj  # Django reads jsonb as text
        assert json.loads(got[7]) == sent[7].obj
        assert got[8:] == sent[8:]


@pytest.mark.django_db
def test_copy_text_of_special_values() -> None:
    postgresql_only()
    text = CopyText(connection.connection)
    assert text(None) == "\\N"
    assert text("") == ""
    assert text(True) == "t"
    assert text(False) == "f"
    assert text(-12) == "-12"
    assert text(Decimal("25.50")) == "25.50"
    assert text(date(2001, 4, 1)) == "2001-04-01"
    assert text.line(["a\tb", None, "", 1]) == "a\\tb\t\\N\t\t1"
    import psycopg

    with pytest.raises(psycopg.ProgrammingError, match="cannot adapt"):  # an error, never a guess
        text(object())


# ------------------------------------------------------------------------------------------- import
@pytest.mark.django_db
def test_cells_with_backslashes_and_non_ascii_import_as_written(registry_world):
    """The same stored values on SQLite (executemany) and PostgreSQL (COPY text)."""
    rows = [
        row(building_name="さくら\\ハイツ \\N", address="池尻1\\2\\.", unit_number="\\N"),
        row(building_name="さくら\\ハイツ \\N", address="池尻1\\2\\.", unit_number="1\\.", floor="2"),
        row(
            building_key="K2",
            building_name="名前\tに\nタブと改行",  # whitespace is folded by the validation
            address="Ｃ：\\ＡＢＣ　１－２",  # full width → NFKC
            unit_number="１０１",
        ),
    ]
    result = run(registry_world, csv_text(rows))
    assert result.ok, result.errors
    op = registry_world.orgs["operator"]
    first = Building.objects.get(operator=op, name="さくら\\ハイツ \\N")
    assert first.address == "池尻1\\2\\."
    assert sorted(first.units.values_list("number", flat=True)) == ["1\\.", "\\N"]
    second = Building.objects.get(operator=op, name="名前 に タブと改行")
    assert second.address == "C:\\ABC 1-2"
    assert list(second.units.values_list("number", flat=True)) == ["101"]
    assert Registration.objects.filter(building__operator=op).count() == 2
    assert not copy_threads()


@pytest.mark.django_db
def test_many_batches_keep_each_unit_with_its_building(registry_world, monkeypatch):
    """Batches of a few units: on PostgreSQL several batches go through the COPY thread, each
    waiting for the one before."""
    monkeypatch.setattr(importer, "BATCH_UNITS", 4)
    rows = []
    for b in range(12):
        for u in range(1, 4):
            rows.append(
                row(
                    building_key=f"K{b}",
                    building_name=f"ハイツ{b}",
                    address=f"池尻{b}",
                    unit_number=f"{b}-{u}",
                    floor="1",
                    rent=str(50000 + b * 100 + u),
                    floor_area_m2=f"{25 + u}.5",
                )
            )
    result = run(registry_world, csv_text(rows))
    assert result.ok, result.errors
    assert (result.buildings, result.units) == (12, 36)
    op = registry_world.orgs["operator"]
    units = Unit.objects.filter(building__operator=op).values_list(
        "building__name", "number", "rent", "floor_area_m2", "accepted_groups", "facilities"
    )
    assert len(units) == 36
    for name, number, rent, area, groups, facilities in units:
        b, u = (int(x) for x in number.split("-"))
        assert name == f"ハイツ{b}"
        assert rent == 50000 + b * 100 + u
        assert area == Decimal(f"{25 + u}.50")
        assert groups == ["low_income", "disaster_victim", "elderly", "disability", "child_raising"]
        assert facilities == dict.fromkeys(imports.FACILITY_CODES, "private")
    registrations = Registration.objects.filter(building__operator=op)
    assert sorted(registrations.values_list("building__name", flat=True)) == sorted(
        f"ハイツ{b}" for b in range(12)
    )
    assert set(registrations.values_list("state", flat=True)) == {"draft"}
    assert not copy_threads()


@pytest.mark.django_db
def test_an_error_in_the_copy_thread_rolls_everything_back(registry_world, monkeypatch):
    """PostgreSQL refuses a NUL in text (as it did for the ORM's parameters): the thread's error is
    raised by the import, nothing is written and the connection works afterwards."""
    postgresql_only()
    monkeypatch.setattr(importer, "BATCH_UNITS", 2)
    rows = good_rows()
    rows[3]["building_name"] = "札幌\x00コーポ"  # the second building: a later batch
    # then a municipality not yet looked up: the importing thread queries while (or after) the COPY fails,
    # and the thread's error is still the one raised
    rows += [row(building_key="K3", municipality_code="131016", unit_number="301", floor="1")]
    # the reader now refuses a NUL with its row and column before anything reaches the COPY thread
    result = run(registry_world, csv_text(rows))
    assert not result.ok
    assert [e.row for e in result.errors] == [5]
    op = registry_world.orgs["operator"]
    assert not Building.objects.filter(operator=op).exists()
    assert not Unit.objects.filter(building__operator=op).exists()
    assert not copy_threads()


@pytest.mark.django_db
def test_an_error_while_a_batch_is_written_waits_for_it_and_rolls_back(registry_world, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_UNITS", 2)
    monkeypatch.setattr(reading, "PROGRESS_EVERY", 3)
    rows = [
        row(building_key=f"K{b}", building_name=f"ハイツ{b}", address=f"池尻{b}", unit_number=f"{u}01")
        for b in range(5)
        for u in range(1, 3)
    ]

    def progress(n: int) -> None:
        if n >= 6:
            raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        run(registry_world, csv_text(rows), progress=progress)
    op = registry_world.orgs["operator"]
    assert not Building.objects.filter(operator=op).exists()
    assert not Unit.objects.filter(building__operator=op).exists()
    assert not copy_threads()
    # the connection is free and usable
    assert Registration.objects.filter(building__operator=op).count() == 0
