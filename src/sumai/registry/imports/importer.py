"""The import of a file: :func:`import_buildings` reads the rows (:mod:`.reading`), groups them by building
(:class:`_Importer`), parses them (:mod:`.rows`), checks each building against the standards
(:mod:`.validation`) and writes the valid ones in batches (:mod:`.writing`), all in one transaction that is
rolled back when the file has an error."""

from __future__ import annotations

import gc
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.accounts.models import Organisation
from sumai.audit.services import record_event
from sumai.core.csvio import detect_encoding, open_text
from sumai.registry.actions import RegistryAction
from sumai.registry.fields import nfkc
from sumai.registry.imports.columns import BUILDING_CODES, JA_HEADER
from sumai.registry.imports.reading import Header, read_header, read_rows
from sumai.registry.imports.rows import _OpenBuilding, _RowParser
from sumai.registry.imports.vacancy import EXPORT_KEY_PREFIX, VacancyRows
from sumai.registry.imports.validation import _Reference, _Standards
from sumai.registry.imports.writing import _BatchWriter
from sumai.registry.models import Building
from sumai.registry.selectors import operators_actable_by

MAX_ERRORS = 1000
BATCH_UNITS = 5000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    encoding: str = ""
    rows: int = 0
    buildings: int = 0
    units: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    warnings: list[RowError] = field(default_factory=list)
    warning_count: int = 0
    import_id: str = ""
    vacancies: int = 0  # units of existing buildings whose vacancy the file set

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def errors_truncated(self) -> bool:
        return self.error_count > len(self.errors)


class _Collector:
    """Errors and warnings of the file, counted, the first ``limit`` of each kept; a cell's column is
    named by its header as the file writes it (``names``, by code; else the Japanese header)."""

    def __init__(self, result: ImportResult, limit: int) -> None:
        self.result = result
        self.limit = limit
        self.names: dict[str, str] = {}

    def error(self, row: int, column: str, message: str) -> None:
        self.result.error_count += 1
        if len(self.result.errors) < self.limit:
            self.result.errors.append(RowError(row, column, message))

    def warning(self, row: int, column: str, message: str) -> None:
        self.result.warning_count += 1
        if len(self.result.warnings) < self.limit:
            self.result.warnings.append(RowError(row, column, message))

    def warnings_full(self) -> bool:
        """Whether a further warning would only be counted."""
        return len(self.result.warnings) >= self.limit

    def column(self, code: str) -> str:
        return self.names.get(code) or JA_HEADER[code]

    def cell_error(self, row: int, code: str, message: str) -> None:
        self.error(row, self.column(code), message)

    def cell_warning(self, row: int, code: str, message: str) -> None:
        self.warning(row, self.column(code), message)


class _Importer:
    """The rows of one file, read in order. Rows of one building (same ``building_key``) must be
    consecutive: while a building is open its units are kept; when the key changes the building is
    closed, checked against the registration standards and queued for a batched insert."""

    def __init__(
        self,
        *,
        operator: Organisation,
        ref: _Reference,
        collect: _Collector,
        own: set[int] | None = None,
        elsewhere: set[int] | None = None,
    ) -> None:
        self.collect = collect
        self.own = own or set()
        self.elsewhere = elsewhere or set()
        self.vacancy: VacancyRows | None = None
        self.writer = _BatchWriter(operator, ref)
        self.standards = _Standards(ref, collect)
        header = Header({}, {}, 0)
        self.parser = _RowParser(ref=ref, collect=collect, prepare=self.writer, header=header)
        self.add_unit = self.parser.add_unit
        self.width = 0
        self.pad: list[str] = []
        self.building_cells = header.building_cells
        self.seen_keys: dict[str, int] = {}
        self.open: _OpenBuilding | None = None
        self.batch: list[_OpenBuilding] = []
        self.batch_units = 0
        self.buildings = 0
        self.units = 0

    def read_header(self, row: list[str]) -> None:
        header = read_header(row, self.collect)
        self.collect.names = header.names
        self.parser.use_header(header)
        self.width = header.width
        self.pad = header.pad
        self.building_cells = header.building_cells
        self.vacancy = VacancyRows(
            own=self.own,
            elsewhere=self.elsewhere,
            collect=self.collect,
            unit_number=header.unit_number,
            vacancy=header.vacancy,
        )

    def _err(self, row: int, code: str, message: str) -> None:
        self.collect.cell_error(row, code, message)

    def row(self, cells: list[str], row: int) -> None:
        """One data row (``cells`` as read; padded here)."""
        n = len(cells)
        if n < self.width:
            cells += self.pad[n:]
        cells.append("")  # what a column missing from the header reads
        written = self.building_cells(cells)
        current = self.open
        if current is not None and written == current.cells:
            # the building columns are exactly those of the building's first row: same key, same values
            self._unit(current, cells, row)
            return
        key = nfkc(written[0])
        if not key:
            self._err(row, "building_key", _("This field is required."))
            return
        if self._existing(key, cells, row):
            return
        if current is None or current.key != key:
            current = self._open_building(key, written, row)
            if current is None:
                return
        else:
            self._check_same(current, written, key, row)
        self._unit(current, cells, row)

    def _unit(self, building: _OpenBuilding, cells: list[str], row: int) -> None:
        self.add_unit(building, cells, row)
        vacancy = self.vacancy
        if vacancy is not None and vacancy.vacancy is not None:
            vacancy.new_building_row(building.key, cells, row)

    def _existing(self, key: str, cells: list[str], row: int) -> bool:
        """A row of a building the landlord has already (key ``SUMAI-<id>``): only its vacancy is read."""
        vacancy = self.vacancy
        if vacancy is None or not key.startswith(EXPORT_KEY_PREFIX):
            return False
        existing = vacancy.building_of(key, row)
        if existing is None:
            return False
        if self.open is not None:
            self.close()
        if existing:
            vacancy.row(existing, key, cells, row)
        return True

    def _open_building(self, key: str, written: tuple[str, ...], row: int) -> _OpenBuilding | None:
        if self.open is not None:
            self.close()
        first = self.seen_keys.get(key)
        if first is not None:
            self._err(
                row,
                "building_key",
                _("Rows of building “%(key)s” must be consecutive; it started on row %(first)s.")
                % {"key": key, "first": first},
            )
            return None
        self.seen_keys[key] = row
        values = self.parser.building(written, row)
        current = self.open = _OpenBuilding(key, row, values or {}, None, written, bad=values is None)
        floors = current.values.get("floors")
        if floors is not None:
            current.max_floor = floors
        return current

    def _check_same(self, current: _OpenBuilding, written: tuple[str, ...], key: str, row: int) -> None:
        if (raw := tuple(map(nfkc, written))) == (first_raw := current.normalised()):
            return
        for code, mine, theirs in zip(BUILDING_CODES, raw, first_raw, strict=True):
            if mine != theirs:
                self._err(
                    row,
                    code,
                    _(
                        "Differs from row %(first)s, the first row of building “%(key)s”: "
                        "building columns must be the same on every row of a building."
                    )
                    % {"first": current.first_row, "key": key},
                )

    def close(self) -> None:
        """Check the open building against the standards and queue it for insertion."""
        b = self.open
        self.open = None
        if b is None or b.bad:
            return
        building = self.writer.new_building(b.values)
        if not self.standards.passes(building, b, b.values["municipality"]):
            return
        self.buildings += 1
        self.units += len(b.units)
        if self.collect.result.error_count:
            return
        b.values = {"building": building}
        b.raw = b.cells = ()
        b.unit_rows = {}
        self.batch.append(b)
        self.batch_units += len(b.units)
        if self.batch_units >= BATCH_UNITS:
            self.flush()

    def flush(self) -> None:
        batch = self.batch
        self.batch = []
        self.batch_units = 0
        if batch and not self.collect.result.error_count:
            self.writer.write(batch)

    def finish(self) -> None:
        """The last batch is flushed: wait until it is written (PostgreSQL)."""
        self.writer.finish()

    def abandon(self) -> None:
        """The import failed: let a batch being written finish first (raising its error if it had one)."""
        self.writer.abandon()


def import_buildings(
    *,
    actor: Any,
    operator: Organisation,
    fileobj: IO[bytes],
    filename: str = "",
    progress: Callable[[int], None] | None = None,
    max_errors: int = MAX_ERRORS,
) -> ImportResult:
    """Import a CSV of buildings and units for ``operator``; ``actor`` is a
    :class:`~sumai.core.actor.Actor`. Returns the result; nothing is written when it has errors."""
    if not operators_actable_by(actor.access).filter(pk=operator.pk).exists():
        raise PermissionDenied(_("You may not act for this landlord."))
    result = ImportResult(import_id=uuid.uuid4().hex)
    collect = _Collector(result, max_errors)
    result.encoding = detect_encoding(fileobj)
    text = open_text(fileobj, result.encoding)
    # The import makes many short-lived objects; each full collection would also walk everything the
    # process already holds (the app's modules, catalogues, caches). Frozen for the import, they are skipped:
    # ~15 % of the import's time at 20,000 rows (docs/performance.md, "CSV import").
    gc.freeze()
    try:
        with transaction.atomic():
            own = set(Building.objects.filter(operator=operator).values_list("pk", flat=True))
            elsewhere = set(
                Building.objects.filter(operator__in=operators_actable_by(actor.access))
                .exclude(operator=operator)
                .values_list("pk", flat=True)
            )
            importer = _Importer(
                operator=operator, ref=_Reference(), collect=collect, own=own, elsewhere=elsewhere
            )
            try:
                rows = read_rows(importer, text, collect, progress)
                importer.close()
                importer.flush()
                importer.finish()
            except BaseException:
                importer.abandon()
                raise
            result.rows = rows
            if progress is not None:
                progress(rows)
            if result.error_count:
                transaction.set_rollback(True)
                return result
            result.buildings, result.units = importer.buildings, importer.units
            if importer.vacancy is not None:
                result.vacancies = importer.vacancy.apply(actor=actor.user, now=timezone.now())
            record_event(
                actor=actor.user,
                action=RegistryAction.IMPORT,
                object_type="registry.import",
                object_id=result.import_id,
                organisation=operator,
                after={
                    "buildings": result.buildings,
                    "units": result.units,
                    "vacancies": result.vacancies,
                    "file": filename[:200],
                    "rows": rows,
                    "encoding": result.encoding,
                },
            )
    finally:
        gc.unfreeze()
        text.detach()
    return result
