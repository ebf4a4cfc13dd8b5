"""Writing the valid rows, in batches: on SQLite ``executemany`` on the driver's connection; on PostgreSQL
``COPY`` of pre-formatted text (:mod:`~sumai.registry.imports.pgcopy`); elsewhere ``bulk_create`` and
``executemany``. Statements and the values every row shares are prepared once from the models' metadata."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.registry.imports.columns import BUILDING_INSERT_FIELDS, UNIT_HEAD_FIELDS, UNIT_REST_FIELDS
from sumai.registry.imports.pgcopy import CopyText, _CopyWriter
from sumai.registry.models import Building, Registration, Unit

if TYPE_CHECKING:
    from sumai.registry.imports.rows import _Area, _OpenBuilding
    from sumai.registry.imports.validation import _Reference

_SIMPLE_TYPES = frozenset(
    {
        "CharField",
        "BooleanField",
        "IntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
    }
)
_PREPARED_LIMIT = 5000  # distinct values prepared for the database kept per field (memory stays flat)
_OPERATOR_FK = cast(Any, Building._meta.get_field("operator"))
_MUNICIPALITY_FK = cast(Any, Building._meta.get_field("municipality"))


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    if isinstance(value, list):
        return tuple(value)
    return value


def _defaults_of(fields: Iterable[Any]) -> list[Any]:
    """Each field's default prepared for the database (``auto_now`` fields: now)."""
    now = timezone.now()
    out: list[Any] = []
    for f in fields:
        value = now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        out.append(value if value is None else f.get_db_prep_save(value, connection))
    return out


class _Inserter:
    """Batched ``executemany`` of validated rows into ``model``. Model instances and the ORM's per-value
    compilation cost more than the whole validation (≈4× slower at 100,000 rows), so the statement is
    built once from ``model._meta``: every concrete field is the parent's id (``parent``), taken from the
    object (``given``; prepared by the field itself when it needs adapting: decimals, JSON, dates, keys)
    or its default, prepared once."""

    def __init__(self, model: type[Any], given: Iterable[str], parent: str | None = None) -> None:
        given = set(given)
        self.table = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.template: list[Any] = []
        self.parent_index = -1
        self.simple: list[tuple[int, str]] = []
        self.prepared: list[tuple[int, str, Any]] = []
        defaults = iter(
            _defaults_of(f for f in self.fields if f.attname != parent and f.attname not in given)
        )
        for i, f in enumerate(self.fields):
            if f.attname == parent:
                self.parent_index = i
                self.template.append(None)
            elif f.attname in given:
                if f.get_internal_type() in _SIMPLE_TYPES:
                    self.simple.append((i, f.attname))
                else:
                    self.prepared.append((i, f.attname, f))
                self.template.append(None)
            else:
                self.template.append(next(defaults))
        self.memo: dict[tuple[str, Any], Any] = {}
        self.columns = [str(f.column) for f in self.fields]
        self.sql = _insert_sql(self.table, self.columns)
        self.copy_template: list[str] | None = None
        self.copy_memo: dict[tuple[str, type, Any], str] = {}

    def values(self, obj: Any, parent_id: int | None = None) -> tuple[Any, ...]:
        out = self.template.copy()
        if self.parent_index >= 0:
            out[self.parent_index] = parent_id
        for i, name in self.simple:
            out[i] = getattr(obj, name)
        memo = self.memo
        for i, name, f in self.prepared:
            # decimals, JSON, dates repeat across rows: adapt each distinct value once
            value = getattr(obj, name)
            key = (name, _hashable(value))
            prepared = memo.get(key)
            if prepared is None:
                if len(memo) >= _PREPARED_LIMIT:
                    memo.clear()
                prepared = memo[key] = f.get_db_prep_save(value, connection)
            out[i] = prepared
        return tuple(out)

    def copy_line(self, obj: Any, text: CopyText, parent_id: int | None = None) -> str:
        """The row of :meth:`values` as one line of COPY text (without the newline)."""
        if self.copy_template is None:
            self.copy_template = [text(v) for v in self.template]
        out = self.copy_template.copy()
        if self.parent_index >= 0:
            out[self.parent_index] = text(parent_id)
        for i, name in self.simple:
            out[i] = text(getattr(obj, name))
        memo = self.copy_memo
        for i, name, f in self.prepared:
            value = getattr(obj, name)
            key = (name, type(value), _hashable(value))
            found = memo.get(key)
            if found is None:
                if len(memo) >= _PREPARED_LIMIT:
                    memo.clear()
                found = memo[key] = text(f.get_db_prep_save(value, connection))
            out[i] = found
        return "\t".join(out)

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        _executemany(self.sql, rows)

    def insert_returning_ids(self, rows: list[tuple[Any, ...]]) -> list[int]:
        """SQLite only: the ids of the rows inserted. The transaction holds the database's write lock
        from its first write, so the ids of one ``executemany`` are consecutive and end at
        ``last_insert_rowid()``; checked against the table all the same."""
        qn = connection.ops.quote_name
        connection.ensure_connection()
        with connection.wrap_database_errors:
            cursor = connection.connection.cursor()
            try:
                cursor.executemany(self.sql, rows)
                last = cursor.execute("SELECT last_insert_rowid()").fetchone()[0]
                first = last - len(rows) + 1
                count, top = cursor.execute(
                    "SELECT COUNT(*), MAX({pk}) FROM {table} WHERE {pk} >= ?".format(  # noqa: S608 # nosec B608
                        pk=qn("id"), table=qn(self.table)
                    ),
                    [first],
                ).fetchone()
            finally:
                cursor.close()
        if count != len(rows) or top != last:
            raise RuntimeError(f"{self.table}: ids of the inserted rows are not consecutive")
        return list(range(first, last + 1))


def _insert_sql(table: str, columns: Iterable[str]) -> str:
    """``INSERT`` of one row into ``table``: ``?`` placeholders on SQLite (the statement goes to the
    driver's cursor as it is), ``%s`` elsewhere. Identifiers come from the model's metadata."""
    qn = connection.ops.quote_name
    names = [qn(c) for c in columns]
    mark = "?" if connection.vendor == "sqlite" else "%s"
    return "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 # nosec B608
        qn(table), ", ".join(names), ", ".join([mark] * len(names))
    )


def _executemany(sql: str, rows: list[tuple[Any, ...]]) -> None:
    """``executemany`` of a statement from :func:`_insert_sql`. On SQLite straight on the driver's
    connection (same connection, so same transaction; Django's cursor wrapper would rewrite the query
    and peek at the parameters on every call); errors are Django's all the same."""
    if not rows:
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.wrap_database_errors:
            cursor = connection.connection.cursor()
            try:
                cursor.executemany(sql, rows)
            finally:
                cursor.close()
    else:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


class _UnitInsert:
    """The unit insert: the building's id, the head fields (per row), the rest fields (prepared once per
    distinct rest, see :class:`~sumai.registry.imports.rows._Rest`) and every other field's default,
    prepared once. A rest field that needs adapting (the JSON of the groups and facilities) is adapted
    once per distinct value, for the insert and as COPY text."""

    def __init__(self, copy: CopyText | None) -> None:
        fields = {f.attname: f for f in Unit._meta.concrete_fields if not f.primary_key}
        self.area_field = fields["floor_area_m2"]
        self.rest_fields = [fields[name] for name in UNIT_REST_FIELDS]
        self.rest_simple = [f.get_internal_type() in _SIMPLE_TYPES for f in self.rest_fields]
        given = ("building_id", *UNIT_HEAD_FIELDS, *UNIT_REST_FIELDS)
        others = [f for name, f in fields.items() if name not in given]
        self.defaults = tuple(_defaults_of(others))
        self.table = Unit._meta.db_table
        self.columns = [str(fields[name].column) for name in given] + [str(f.column) for f in others]
        self.sql = _insert_sql(self.table, self.columns)
        self.copy = copy
        self.copy_defaults = copy.line(self.defaults) if copy is not None else ""
        self.parts: list[dict[Any, tuple[Any, str]]] = [{} for _f in self.rest_fields]

    def tail(self, values: tuple[Any, ...], keys: tuple[Any, ...]) -> tuple[tuple[Any, ...], str]:
        """The rest fields (``values``; ``keys``: each one's hashable form) prepared for the database,
        then the defaults; the same as COPY text. Each field's value is prepared once per distinct key."""
        prepared: list[Any] = []
        texts: list[str] = []
        for i, memo in enumerate(self.parts):
            found = memo.get(keys[i])
            if found is None:
                value = values[i]
                if not self.rest_simple[i]:
                    value = self.rest_fields[i].get_db_prep_save(value, connection)
                if len(memo) >= _PREPARED_LIMIT:
                    memo.clear()
                found = memo[keys[i]] = (value, self.copy(value) if self.copy is not None else "")
            prepared.append(found[0])
            texts.append(found[1])
        tail = (*prepared, *self.defaults)
        if self.copy is None:
            return tail, ""
        if self.defaults:
            texts.append(self.copy_defaults)
        return tail, "\t".join(texts)


class _NewBuilding:
    """A new building on SQLite and PostgreSQL: what the standards check reads (duck-typed like
    :class:`Building`, as a new one: no shared-house figures) and the values of
    :data:`BUILDING_INSERT_FIELDS`."""

    __slots__ = ("pk", *BUILDING_INSERT_FIELDS)
    shared_residents = shared_total_area_m2 = shared_toilets = shared_washbasins = shared_baths = None

    def __init__(
        self,
        operator_id: int,
        municipality_id: str,
        authority_code: str,
        lat: float | None,
        lon: float | None,
        name: str,
        postal_code: str,
        address: str,
        structure: str,
        floors: int,
        building_type: str,
        construction_started: date,
        seismic_evidence: str,
    ) -> None:
        self.operator_id = operator_id
        self.municipality_id = municipality_id
        self.authority_code = authority_code
        self.lat = lat
        self.lon = lon
        self.name = name
        self.postal_code = postal_code
        self.address = address
        self.structure = structure
        self.floors = floors
        self.building_type = building_type
        self.construction_started = construction_started
        self.seismic_evidence = seismic_evidence
        self.pk: int | None = None


class _BatchWriter:
    """The buildings, registrations and units of each batch, written on the import's connection (so in
    its transaction); prepares what a unit row repeats once per distinct value."""

    def __init__(self, operator: Organisation, ref: _Reference) -> None:
        self.operator = operator
        self.ref = ref
        self.vendor = connection.vendor
        # PostgreSQL: rows are written as COPY text (see CopyText), formatted as they are validated.
        self.copy: CopyText | None = None
        if self.vendor == "postgresql":
            connection.ensure_connection()
            self.copy = CopyText(connection.connection)
        self.writer: _CopyWriter | None = None
        self.building_inserter: _Inserter | None = None
        self.registration_inserter: _Inserter | None = None
        self.unit_insert: _UnitInsert | None = None
        self.building_template: list[Any] | None = None
        self.building_slots: list[int] = []

    # -- preparing
    def _units(self) -> _UnitInsert:
        if self.unit_insert is None:
            self.unit_insert = _UnitInsert(self.copy)
        return self.unit_insert

    def rest_tail(self, values: tuple[Any, ...], keys: tuple[Any, ...]) -> tuple[tuple[Any, ...], str]:
        """A unit's rest fields (:data:`UNIT_REST_FIELDS`; ``keys``: their hashable forms) prepared for the
        insert, then as COPY text."""
        return self._units().tail(values, keys)

    def area(self, area: Decimal) -> _Area:
        db_area = self._units().area_field.get_db_prep_save(area, connection)
        return (area, db_area, str(area), self.copy(db_area) if self.copy else "")

    def new_building(self, v: dict[str, Any]) -> Any:
        """The building to check and insert, of the values ``v`` parsed from its columns. On SQLite and
        PostgreSQL a :class:`_NewBuilding` (their inserts read only :data:`BUILDING_INSERT_FIELDS`);
        elsewhere a :class:`Building` for ``bulk_create``, built from positional values (every other
        field its default), which skips the keyword path of ``Model.__init__``."""
        muni = v["municipality"]
        given = (
            self.operator.pk,
            getattr(muni, _MUNICIPALITY_FK.target_field.attname),
            self.ref.authorities[muni.code].code,
            muni.lat,
            muni.lon,
            v["name"],
            v["postal_code"],
            v["address"],
            v["structure"],
            v["floors"],
            v["building_type"],
            v["construction_started"],
            v["seismic_evidence"],
        )
        if self.vendor in ("sqlite", "postgresql"):
            return _NewBuilding(*given)
        if self.building_template is None:
            fields = Building._meta.concrete_fields
            self.building_template = [f.get_default() for f in fields]
            where = {f.attname: i for i, f in enumerate(fields)}
            self.building_slots = [where[name] for name in BUILDING_INSERT_FIELDS]
        values = self.building_template.copy()
        for i, value in zip(self.building_slots, given, strict=True):
            values[i] = value
        building = Building(*values)
        _OPERATOR_FK.set_cached_value(building, self.operator)
        _MUNICIPALITY_FK.set_cached_value(building, self.ref.municipalities[building.municipality_id])
        return building

    # -- writing
    def write(self, batch: list[_OpenBuilding]) -> None:
        """The buildings of ``batch`` (``values["building"]``), a draft registration each, their units."""
        buildings = [b.values["building"] for b in batch]
        if self.building_inserter is None:
            self.building_inserter = _Inserter(Building, BUILDING_INSERT_FIELDS)
            self.registration_inserter = _Inserter(Registration, ("authority_code",), "building_id")
        inserter, reg_inserter = self.building_inserter, self.registration_inserter
        assert reg_inserter is not None
        ui = self.unit_insert
        assert ui is not None  # set with the first valid unit
        if self.vendor == "postgresql":
            if self.writer is None:
                self.writer = _CopyWriter(connections[DEFAULT_DB_ALIAS], inserter, reg_inserter, ui)
            self.writer.submit(batch)
            return
        if self.vendor == "sqlite":
            ids = inserter.insert_returning_ids([inserter.values(b) for b in buildings])
            for building, pk in zip(buildings, ids, strict=True):
                building.pk = pk
            reg_values = reg_inserter.values
            reg_inserter.insert([reg_values(b, b.pk) for b in buildings])
        else:
            Building.objects.bulk_create(buildings)
            Registration.objects.bulk_create(
                [Registration(building_id=b.pk, authority_code=b.authority_code) for b in buildings]
            )
        _executemany(
            ui.sql,
            [
                (
                    building.pk,
                    u.number,
                    u.floor,
                    u.area[1],
                    u.rent,
                    u.common_fee,
                    u.deposit,
                    u.key_money,
                    *u.rest.tail,
                )
                for b, building in zip(batch, buildings, strict=True)
                for u in b.units
            ],
        )

    def finish(self) -> None:
        """The last batch is written: wait until it is (PostgreSQL)."""
        if self.writer is not None:
            self.writer.finish()

    def abandon(self) -> None:
        """The import failed: let a batch being written finish first (raising its error if it had one)."""
        if self.writer is not None:
            self.writer.abandon()
