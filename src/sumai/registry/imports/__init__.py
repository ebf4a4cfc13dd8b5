"""CSV import of buildings and units (一括登録): one row per unit, building columns repeated.

The file is read row by row. Rows of one building (same ``building_key``) must be consecutive: while a
building is open its units are kept; when the key changes the building is closed, checked against the
registration standards and queued for a batched insert. Memory therefore stays flat in the file size
(the open building, one insert batch — two on PostgreSQL, where one is being written — and the set of keys
already seen).

Inserts: on SQLite ``executemany`` on the driver's connection; on PostgreSQL ``COPY`` of pre-formatted
text (:class:`CopyText`), written by a second thread on the same connection while the next batch is
checked (:class:`~sumai.registry.imports.pgcopy._CopyWriter`).

All or nothing: every row and column is validated and every error collected; writes happen inside one
transaction that is rolled back as soon as the file has an error, and no row with an error is ever sent
to the database.

The modules, in the order a file goes through them:

* :mod:`.reading` — the header (Japanese or English, folded) and the rows with their numbers; the encoding
  (BOM, UTF-8, else CP932) and the numbered CSV records come from :mod:`sumai.core.csvio`;
* :mod:`.columns` — the column table and the parser of each column, both read from the field
  specifications of :mod:`sumai.registry.fields`;
* :mod:`.rows` — the cells of a row parsed once per distinct value (memoised) into a building's values and
  its units;
* :mod:`.validation` — the standards check of each building, its findings as errors of rows and columns;
* :mod:`.writing` — batched inserts (``executemany``); :mod:`.pgcopy` — PostgreSQL's ``COPY`` text and the
  thread that writes it;
* :mod:`.importer` — :func:`import_buildings`: the transaction, the grouping of rows by building, the result.
"""

from sumai.core.csvio import ENCODING_NAMES, detect_encoding
from sumai.registry.imports.columns import COLUMNS, FACILITY_CODES, IGNORED_COLUMNS
from sumai.registry.imports.importer import MAX_ERRORS, ImportResult, RowError, import_buildings
from sumai.registry.imports.pgcopy import COPY_NULL, CopyText, copy_escape

__all__ = [
    "COLUMNS",
    "COPY_NULL",
    "ENCODING_NAMES",
    "FACILITY_CODES",
    "IGNORED_COLUMNS",
    "MAX_ERRORS",
    "CopyText",
    "ImportResult",
    "RowError",
    "copy_escape",
    "detect_encoding",
    "import_buildings",
]
