r"""PostgreSQL's write path: rows as ``COPY`` text, written by a second thread while the next batch is
checked.

COPY's text format: one line per row, columns separated by a tab, NULL written as ``\N``; in a value a
backslash, tab, newline and carriage return are written as ``\\``, ``\t``, ``\n`` and ``\r`` (so a value
``\.`` cannot end the data either). The import writes its rows as such text rather than through psycopg's
``Copy.write_row``, which adapts every value of every row (the JSON columns of a unit encoded again for
every unit): the repeating part of a unit row is formatted once per distinct value (see
:class:`~sumai.registry.imports.rows._Rest`) and a row is then one f-string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from django.db import DataError

if TYPE_CHECKING:
    from sumai.registry.imports.rows import _OpenBuilding
    from sumai.registry.imports.writing import _Inserter, _UnitInsert

COPY_CHUNK = 1000  # unit lines per write to PostgreSQL's COPY
COPY_NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_SPECIAL = re.compile(r"[\\\t\n\r\x00]")


def copy_escape(text: str) -> str:
    """``text`` as a value in COPY's text format. PostgreSQL cannot store a NUL in a text value:
    :class:`django.db.DataError`, as for a query parameter."""
    if _COPY_SPECIAL.search(text) is None:
        return text
    if "\x00" in text:
        raise DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
    return text.translate(_COPY_ESCAPES)


class CopyText:
    """Values prepared for the database (``Field.get_db_prep_save``) as COPY text, each written as
    psycopg writes it for ``Copy.write_row``: ``None``, ``str``, ``bool`` and ``int`` directly, any other
    type (decimals, floats, dates, datetimes, JSON) by the connection's own text dumper."""

    def __init__(self, pgconn: Any) -> None:
        from psycopg.adapt import PyFormat, Transformer

        self.transformer = Transformer(pgconn)
        self.text_format = PyFormat.TEXT
        self.encoding = pgconn.info.encoding

    def __call__(self, value: Any) -> str:
        if value is None:
            return COPY_NULL
        kind = type(value)
        if kind is str:
            return copy_escape(value)
        if kind is bool:
            return "t" if value else "f"
        if kind is int:
            return str(value)
        data = self.transformer.get_dumper(value, self.text_format).dump(value)
        if data is None:
            return COPY_NULL
        return copy_escape(bytes(data).decode(self.encoding))

    def line(self, values: Iterable[Any]) -> str:
        """The values as the columns of one line (without the newline)."""
        return "\t".join(map(self, values))


class _CopyWriter:
    """PostgreSQL: writes the batches of an import with ``COPY`` in a second thread, on the import's
    own connection (so in its transaction), while the next batch is read and checked: the server's
    work (parsing, indexes, constraint triggers) overlaps the validation instead of following it.

    One batch is written at a time and the next waits for it (memory stays at two batches). The thread
    uses the psycopg connection directly (Django's wrapper belongs to the importing thread), which
    serialises any query of the importing thread meanwhile; an error of the thread is raised in the
    importing thread at the next :meth:`submit`, at :meth:`finish` or at :meth:`abandon`, as Django's
    error (``wrap_database_errors``), and the import's transaction rolls back as for any error."""

    def __init__(
        self, wrapper: Any, buildings: _Inserter, registrations: _Inserter, units: _UnitInsert
    ) -> None:
        wrapper.ensure_connection()
        self.wrapper = wrapper
        self.pgconn = wrapper.connection
        self.text = CopyText(self.pgconn)  # this thread's own: the importing thread has another
        self.buildings = buildings
        self.registrations = registrations
        self.units = units
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sumai-import-copy")
        self.pending: Future[None] | None = None

    def submit(self, batch: list[_OpenBuilding]) -> None:
        self.wait()
        self.pending = self.pool.submit(self._write, batch)

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def finish(self) -> None:
        """Wait for the last batch (raising its error) and stop the thread."""
        try:
            self.wait()
        finally:
            self.pool.shutdown()

    def abandon(self) -> None:
        """The import failed: wait until the connection is free again, then stop the thread. The
        thread's own error, if it had one, is raised (it is the cause of the failure)."""
        self.finish()

    def _write(self, batch: list[_OpenBuilding]) -> None:
        with self.wrapper.wrap_database_errors, self.pgconn.cursor() as cursor:
            buildings = [b.values["building"] for b in batch]
            # Ids from the table's own sequence, then one COPY per table: no round trip per row.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [self.buildings.table, len(buildings)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            text, line, reg_line = self.text, self.buildings.copy_line, self.registrations.copy_line
            with self._copy(cursor, self.buildings.table, ["id", *self.buildings.columns]) as copy:
                copy.write("".join(f"{pk}\t{line(b, text)}\n" for b, pk in zip(buildings, ids, strict=True)))
            with self._copy(cursor, self.registrations.table, self.registrations.columns) as copy:
                copy.write(
                    "".join(f"{reg_line(b, text, pk)}\n" for b, pk in zip(buildings, ids, strict=True))
                )
            with self._copy(cursor, self.units.table, self.units.columns) as copy:
                numbers: dict[str, str] = {}
                lines: list[str] = []
                add = lines.append
                for b, pk in zip(batch, ids, strict=True):
                    for u in b.units:
                        number = numbers.get(u.number)
                        if number is None:
                            number = numbers[u.number] = copy_escape(u.number)
                        add(
                            f"{pk}\t{number}\t{u.floor}\t{u.area[3]}\t{u.rent}\t{u.common_fee}\t{u.deposit}"
                            f"\t{u.key_money}\t{u.rest.copy_tail}\n"
                        )
                    if len(lines) >= COPY_CHUNK:
                        copy.write("".join(lines))
                        lines.clear()
                copy.write("".join(lines))

    def _copy(self, cursor: Any, table: str, columns: Iterable[str]) -> Any:
        """``COPY table (columns) FROM STDIN`` on ``cursor``: the psycopg ``Copy`` to write to."""
        qn = self.wrapper.ops.quote_name
        return cursor.copy("COPY {} ({}) FROM STDIN".format(qn(table), ", ".join(qn(c) for c in columns)))
