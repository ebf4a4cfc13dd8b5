"""CSV import of buildings and units (一括登録): one row per unit, building columns repeated.

The file is read row by row. Rows of one building (same ``building_key``) must be consecutive: while a
building is open its units are kept; when the key changes the building is closed, checked against the
registration standards and queued for a batched insert. Memory therefore stays flat in the file size
(the open building, one insert batch — two on PostgreSQL, where one is being written — and the set of keys
already seen).

Inserts: on SQLite ``executemany`` on the driver's connection; on PostgreSQL ``COPY`` of pre-formatted
text (:class:`CopyText`), written by a second thread on the same connection while the next batch is
checked (:class:`_CopyWriter`).

All or nothing: every row and column is validated and every error collected; writes happen inside one
transaction that is rolled back as soon as the file has an error, and no row with an error is ever sent
to the database.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import IO, Any, cast

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, DataError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sumai.accounts.models import Organisation
from sumai.audit.services import record_event
from sumai.domain import jurisdiction
from sumai.domain.eligibility import GROUP_CODES
from sumai.domain.findings import Finding, Severity
from sumai.places.models import Municipality
from sumai.places.selectors import authority_map
from sumai.registry.checks import CheckCache, check_building, municipality_plan_authority_code
from sumai.registry.messages import describe
from sumai.registry.models import Building, Registration, Unit
from sumai.registry.selectors import operators_actable_by

MAX_ERRORS = 1000
BATCH_UNITS = 5000
PROGRESS_EVERY = 1000
DETECT_CHUNK = 1 << 20
MEMO_LIMIT = 5000  # distinct values remembered per column (memory stays bounded)
COPY_CHUNK = 1000  # unit lines per write to PostgreSQL's COPY

# ------------------------------------------------------------------------------------------- columns
# (code, Japanese header, English header, required, part of the building)
COLUMNS: tuple[tuple[str, str, str, bool, bool], ...] = (
    ("building_key", "建物キー", "building_key", True, True),
    ("building_name", "建物名", "building_name", True, True),
    ("postal_code", "郵便番号", "postal_code", False, True),
    ("municipality_code", "市区町村コード", "municipality_code", True, True),
    ("address", "所在地", "address", True, True),
    ("structure", "構造", "structure", True, True),
    ("floors", "階数", "floors", True, True),
    ("building_type", "建物種別", "building_type", True, True),
    ("construction_started", "着工日", "construction_started", True, True),
    ("seismic_evidence", "耐震根拠", "seismic_evidence", False, True),
    ("unit_number", "住戸番号", "unit_number", True, False),
    ("floor", "階", "floor", True, False),
    ("floor_area_m2", "床面積", "floor_area_m2", True, False),
    ("layout", "間取り", "layout", True, False),
    ("rent", "家賃", "rent", True, False),
    ("common_fee", "共益費", "common_fee", False, False),
    ("deposit", "敷金", "deposit", False, False),
    ("key_money", "礼金", "key_money", False, False),
    ("kitchen", "台所", "kitchen", True, False),
    ("toilet", "便所", "toilet", True, False),
    ("bath", "浴室", "bath", True, False),
    ("washbasin", "洗面", "washbasin", True, False),
    ("storage", "収納", "storage", True, False),
    ("accepted_groups", "受入対象", "accepted_groups", True, False),
    ("dedicated", "専用住宅", "dedicated", False, False),
    ("barrier_free", "バリアフリー", "barrier_free", False, False),
    ("pets_allowed", "ペット可", "pets_allowed", False, False),
    ("guarantor_required", "保証人要", "guarantor_required", False, False),
)
# Written by the export; read back without effect so that an export re-imports.
IGNORED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("registration_state", "登録状態", "registration_state"),
    ("registration_number", "登録番号", "registration_number"),
)
CODES = [c[0] for c in COLUMNS]
JA_HEADERS = [c[1] for c in COLUMNS]
BUILDING_CODES = [c[0] for c in COLUMNS if c[4]]
FACILITY_CODES = ("kitchen", "toilet", "bath", "washbasin", "storage")


def _fold_header(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lstrip("\ufeff").lower().replace(" ", "_")


HEADER_ALIASES: dict[str, str] = {}
for _code, _ja, _en, _req, _b in COLUMNS:
    HEADER_ALIASES[_fold_header(_ja)] = _code
    HEADER_ALIASES[_fold_header(_en)] = _code
for _code, _ja, _en in IGNORED_COLUMNS:
    HEADER_ALIASES[_fold_header(_ja)] = _code
    HEADER_ALIASES[_fold_header(_en)] = _code

STRUCTURES = {
    "wood": "wood",
    "木造": "wood",
    "steel": "steel",
    "鉄骨造": "steel",
    "鉄骨": "steel",
    "s造": "steel",
    "rc": "rc",
    "rc造": "rc",
    "鉄筋コンクリート造": "rc",
    "src": "src",
    "src造": "src",
    "鉄骨鉄筋コンクリート造": "src",
    "other": "other",
    "その他": "other",
}
BUILDING_TYPES = {
    "apartment": "apartment",
    "共同住宅": "apartment",
    "アパート": "apartment",
    "マンション": "apartment",
    "detached": "detached",
    "戸建": "detached",
    "戸建て": "detached",
    "一戸建て": "detached",
    "terraced": "terraced",
    "長屋": "terraced",
    "shared_house": "shared_house",
    "シェアハウス": "shared_house",
    "共同居住型": "shared_house",
}
SEISMIC = {
    "start_date_proof": "start_date_proof",
    "着工日証明": "start_date_proof",
    "diagnosis": "diagnosis",
    "耐震診断": "diagnosis",
    "retrofit": "retrofit",
    "耐震改修": "retrofit",
    "compliance_certificate": "compliance_certificate",
    "耐震基準適合証明書": "compliance_certificate",
    "none": "none",
    "なし": "none",
}
PROVISIONS = {
    "private": "private",
    "専用": "private",
    "shared": "shared",
    "共用": "shared",
    "none": "none",
    "なし": "none",
    "無": "none",
}
BOOLEANS = {
    "1": True,
    "0": False,
    "true": True,
    "false": False,
    "yes": True,
    "no": False,
    "はい": True,
    "いいえ": False,
    "有": True,
    "無": False,
    "○": True,
    "×": False,
}
GROUP_LABELS_JA = {
    "低額所得者": "low_income",
    "被災者": "disaster_victim",
    "高齢者": "elderly",
    "障害者": "disability",
    "子育て世帯": "child_raising",
    "外国人": "foreign_national",
    "dv被害者": "dv_victim",
    "犯罪被害者": "crime_victim",
    "新婚世帯": "newly_weds",
}
GROUP_SET = frozenset(GROUP_CODES)
GROUP_ORDER = {code: i for i, code in enumerate(GROUP_CODES)}
_GROUP_SPLIT = re.compile(r"[;；・、,，/]")
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
EARLIEST_CONSTRUCTION = date(1850, 1, 1)
MAX_YEN = 100_000_000

# Which column a standards finding is about (for the error table).
FINDING_COLUMNS = {
    "building.seismic": "construction_started",
    "unit.floor_area": "floor_area_m2",
    "unit.acceptance": "accepted_groups",
    "shared_house": "building_type",
}


# ------------------------------------------------------------------------------------------- results
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

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def errors_truncated(self) -> bool:
        return self.error_count > len(self.errors)


class _Collector:
    def __init__(self, result: ImportResult, limit: int) -> None:
        self.result = result
        self.limit = limit

    def error(self, row: int, column: str, message: str) -> None:
        self.result.error_count += 1
        if len(self.result.errors) < self.limit:
            self.result.errors.append(RowError(row, column, message))

    def warning(self, row: int, column: str, message: str) -> None:
        self.result.warning_count += 1
        if len(self.result.warnings) < self.limit:
            self.result.warnings.append(RowError(row, column, message))


class FileRejected(Exception):
    """The file as a whole cannot be read (encoding, header)."""


# ------------------------------------------------------------------------------------------- encoding
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


ENCODING_NAMES = {
    "utf-8-sig": gettext_lazy("UTF-8 (with BOM)"),
    "utf-8": gettext_lazy("UTF-8"),
    "cp932": gettext_lazy("Shift_JIS (Windows/Excel, CP932)"),
}


# ------------------------------------------------------------------------------------------- parsing
class _Municipalities:
    """Municipalities by code (with their parents), read as the file names them: one query per distinct
    code for the first few, then all at once (a file usually names a handful)."""

    FIELDS = ("code", "name", "kind", "parent", "prefecture", "lat", "lon")
    ONE_BY_ONE = 32

    def __init__(self) -> None:
        self.known: dict[str, Municipality | None] = {}
        self.complete = False

    def get(self, code: str) -> Municipality | None:
        try:
            return self.known[code]
        except KeyError:
            pass
        if self.complete:
            return None
        if len(self.known) >= self.ONE_BY_ONE:
            self._load_all()
            return self.known.get(code)
        muni = Municipality.objects.only(*self.FIELDS).filter(code=code).first()
        if muni is not None and muni.parent_id:
            muni.parent = self.get(muni.parent_id)
        self.known[code] = muni
        return muni

    def __getitem__(self, code: str) -> Municipality:
        muni = self.get(code)
        if muni is None:
            raise KeyError(code)
        return muni

    def _load_all(self) -> None:
        munis = {m.code: m for m in Municipality.objects.only(*self.FIELDS)}
        for m in munis.values():
            if m.parent_id:
                m.parent = munis[m.parent_id]
        self.known = dict(munis)
        self.complete = True


class _Reference:
    """Reference data loaded once per import: municipalities (with parents) and authorities."""

    def __init__(self) -> None:
        self.municipalities = _Municipalities()
        self.authorities = authority_map()
        self.today = timezone.localdate()


def _nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip() if not value.isascii() else value.strip()


_Parsed = tuple[Any, str | None]  # (value or None, error message or None)


def _parse_text(value: str, max_length: int, required: bool) -> _Parsed:
    value = " ".join(_nfkc(value).split()) if value else ""
    if not value:
        return (None, _("This field is required.")) if required else ("", None)
    if len(value) > max_length:
        return None, _("At most %(n)d characters (%(got)d given).") % {"n": max_length, "got": len(value)}
    return value, None


def _parse_layout(value: str) -> _Parsed:
    text, error = _parse_text(value, 10, True)
    return (text.upper() if text is not None else None), error


def _parse_int(value: str, lo: int, hi: int, default: int | None) -> _Parsed:
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value)
    value = value.strip().replace(",", "").replace("¥", "").replace("円", "")
    if not value:
        return default, (_("This field is required.") if default is None else None)
    try:
        number = int(value)
    except ValueError:
        return None, _("“%(value)s” is not a whole number.") % {"value": value}
    if not lo <= number <= hi:
        return None, _("%(value)s is outside %(lo)s–%(hi)s.") % {"value": number, "lo": lo, "hi": hi}
    return number, None


def _parse_choice(value: str, table: dict[str, str], default: str | None) -> _Parsed:
    value = _nfkc(value).lower()
    if not value:
        return default, (_("This field is required.") if default is None else None)
    found = table.get(value)
    if found is None:
        allowed = " / ".join(dict.fromkeys(table.keys()))
        return None, _("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed}
    return found, None


def _parse_bool(value: str, default: bool) -> _Parsed:
    value = _nfkc(value).lower()
    if not value:
        return default, None
    found = BOOLEANS.get(value)
    if found is None:
        return None, _("“%(value)s” is not yes or no (use 1/0, はい/いいえ, true/false).") % {"value": value}
    return found, None


def _parse_date(value: str, today: date) -> _Parsed:
    value = _nfkc(value)
    if not value:
        return None, _("This field is required.")
    m = _DATE.match(value)
    try:
        if not m:
            raise ValueError
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None, _("“%(value)s” is not a date in the form YYYY-MM-DD or YYYY/MM/DD.") % {"value": value}
    if not EARLIEST_CONSTRUCTION <= day <= today:
        return None, _("%(value)s is not between %(lo)s and today.") % {
            "value": day.isoformat(),
            "lo": EARLIEST_CONSTRUCTION.isoformat(),
        }
    return day, None


def _parse_area(value: str) -> _Parsed:
    area_text = _nfkc(value).replace(",", "").replace("㎡", "").replace("m2", "")
    if not area_text:
        return None, _("This field is required.")
    try:
        area = Decimal(area_text)
        exponent = area.as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -2 or not 0 < area < 100000:
            raise InvalidOperation
    except InvalidOperation:
        return None, _("“%(value)s” is not an area in m² above 0 with at most two decimals.") % {
            "value": area_text
        }
    return area, None


def _parse_groups(value: str) -> _Parsed:
    value = _nfkc(value)
    if not value:
        return None, _("Name at least one group the unit accepts.")
    out: set[str] = set()
    unknown: list[str] = []
    for part in _GROUP_SPLIT.split(value):
        part = part.strip()
        if not part:
            continue
        code = part if part in GROUP_SET else GROUP_LABELS_JA.get(part.lower())
        if code is None:
            unknown.append(part)
        else:
            out.add(code)
    if unknown:
        return None, _("Unknown priority group: %(value)s.") % {"value": ", ".join(unknown)}
    return tuple(sorted(out, key=GROUP_ORDER.__getitem__)), None


_Specs = tuple[tuple[str, Callable[..., _Parsed], tuple[Any, ...]], ...]
# The unit columns in the order their errors are reported (the floor is checked against the building
# between the two parts).
_UNIT_HEAD: _Specs = (
    ("unit_number", _parse_text, (20, True)),
    ("floor", _parse_int, (-10, 200, None)),
)
_UNIT_REST: _Specs = (
    ("floor_area_m2", _parse_area, ()),
    ("layout", _parse_layout, ()),
    ("rent", _parse_int, (1, MAX_YEN, None)),
    ("common_fee", _parse_int, (0, MAX_YEN, 0)),
    ("deposit", _parse_int, (0, MAX_YEN, 0)),
    ("key_money", _parse_int, (0, MAX_YEN, 0)),
    *((f, _parse_choice, (PROVISIONS, None)) for f in FACILITY_CODES),
    ("accepted_groups", _parse_groups, ()),
    ("dedicated", _parse_bool, (False,)),
    ("barrier_free", _parse_bool, (False,)),
    ("pets_allowed", _parse_bool, (False,)),
    ("guarantor_required", _parse_bool, (True,)),
)


UNIT_CODES = [c[0] for c in COLUMNS if not c[4]]
# The unit columns that vary from unit to unit (read one by one) and the rest, which repeat (read as one
# key: layout, fees, facilities, groups, flags).
UNIT_HEAD_CODES = ("unit_number", "floor", "floor_area_m2", "rent")
UNIT_REST_CODES = tuple(c for c in UNIT_CODES if c not in UNIT_HEAD_CODES)
# Unit columns written per row, in the insert's order: the building's id, then the head, then the rest
# (prepared once per distinct rest), then the defaults.
UNIT_HEAD_FIELDS = ("number", "floor", "floor_area_m2", "rent")
UNIT_REST_FIELDS = (
    "layout",
    "common_fee",
    "deposit",
    "key_money",
    "accepted_groups",
    "facilities",
    "included",
    "dedicated",
    "barrier_free",
    "pets_allowed",
    "guarantor_required",
)


class _Rest:
    """The repeating part of a valid unit row, parsed and prepared for the insert once per distinct
    value (``tail``: the rest fields and the defaults in the insert's order; ``copy_tail``: the same as
    one line of PostgreSQL's ``COPY`` text, else empty)."""

    __slots__ = ("accepted_groups", "copy_tail", "facilities", "facility_key", "groups_key", "tail")

    def __init__(
        self, facilities: dict[str, str], groups: tuple[str, ...], tail: tuple[Any, ...], copy_tail: str
    ) -> None:
        self.facilities = facilities
        self.accepted_groups = list(groups)
        self.groups_key = groups
        self.facility_key = tuple(facilities.values())
        self.tail = tail
        self.copy_tail = copy_tail


# A valid floor area: the value, as prepared for the database, as a key (``str``), as COPY text.
_Area = tuple[Decimal, Any, str, str]


class _UnitRow:
    """A validated unit: what the standards check reads (duck-typed like :class:`Unit`) and the parts
    of its insert row (the building's id comes at the insert)."""

    __slots__ = ("area", "area_key", "floor", "floor_area_m2", "number", "rent", "rest")
    included = True

    def __init__(self, number: str, floor: int, area: _Area, rent: int, rest: _Rest) -> None:
        self.number = number
        self.floor = floor
        self.area = area
        self.floor_area_m2 = area[0]
        self.area_key = area[2]
        self.rent = rent
        self.rest = rest

    @property
    def facilities(self) -> dict[str, str]:
        return self.rest.facilities

    @property
    def accepted_groups(self) -> list[str]:
        return self.rest.accepted_groups


class _ImportChecks(CheckCache):
    """:class:`CheckCache` keyed by what the import parsed once per distinct value (the area as written
    after parsing, the facilities and groups of the row's repeating part)."""

    def unit_findings(self, unit: Any, *, on: date, rules: Any) -> tuple[Finding, ...]:
        key = (id(rules), on, unit.area_key, unit.rest.facility_key)
        found = self.units.get(key)
        if found is None:
            found = super().unit_findings(unit, on=on, rules=rules)
            if len(self.units) >= self.LIMIT:
                self.units.clear()
            self.units[key] = found
        return found


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    if isinstance(value, list):
        return tuple(value)
    return value


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


class _Inserter:
    """Batched ``executemany`` of validated rows into ``model``. Model instances and the ORM's per-value
    compilation cost more than the whole validation (≈4× slower at 100,000 rows), so the statement is
    built once from ``model._meta``: every concrete field is the parent's id (``parent``), taken from the
    object (``given``; prepared by the field itself when it needs adapting: decimals, JSON, dates, keys)
    or its default, prepared once."""

    def __init__(self, model: type[Any], given: Iterable[str], parent: str | None = None) -> None:
        now = timezone.now()
        given = set(given)
        self.table = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.template: list[Any] = []
        self.parent_index = -1
        self.simple: list[tuple[int, str]] = []
        self.prepared: list[tuple[int, str, Any]] = []
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
                value = (
                    now
                    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                    else f.get_default()
                )
                self.template.append(value if value is None else f.get_db_prep_save(value, connection))
        self.memo: dict[tuple[str, Any], Any] = {}
        self.sql = _insert_sql(self.table, [str(f.column) for f in self.fields])
        self.columns = [str(f.column) for f in self.fields]
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
                if len(memo) > 50_000:
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
                if len(memo) > 50_000:
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
                    "SELECT COUNT(*), MAX({pk}) FROM {table} WHERE {pk} >= ?".format(  # noqa: S608
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
    return "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
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


# ------------------------------------------------------------------------------------------- COPY text
# PostgreSQL's COPY text format: one line per row, columns separated by a tab, NULL written as \N; in a
# value a backslash, tab, newline and carriage return are written as \\, \t, \n and \r (so a value "\."
# cannot end the data either). The import writes its rows as such text rather than through psycopg's
# ``Copy.write_row``, which adapts every value of every row (the JSON columns of a unit encoded again for
# every unit): the repeating part of a unit row is formatted once per distinct value (see :class:`_Rest`)
# and a row is then one f-string.
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


class _UnitInsert:
    """The unit insert: the building's id, the head fields (per row), the rest fields (prepared once per
    distinct rest, see :class:`_Rest`) and every other field's default, prepared once."""

    def __init__(self) -> None:
        now = timezone.now()
        fields = {f.attname: f for f in Unit._meta.concrete_fields if not f.primary_key}
        self.area_field = fields["floor_area_m2"]
        self.rest_fields = [fields[name] for name in UNIT_REST_FIELDS]
        self.rest_simple = [f.get_internal_type() in _SIMPLE_TYPES for f in self.rest_fields]
        given = ("building_id", *UNIT_HEAD_FIELDS, *UNIT_REST_FIELDS)
        others = [f for name, f in fields.items() if name not in given]
        defaults: list[Any] = []
        for f in others:
            value = (
                now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
            )
            defaults.append(value if value is None else f.get_db_prep_save(value, connection))
        self.defaults = tuple(defaults)
        self.table = Unit._meta.db_table
        self.columns = [str(fields[name].column) for name in given] + [str(f.column) for f in others]
        self.sql = _insert_sql(self.table, self.columns)

    def tail(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        """The rest fields prepared for the database, then the defaults."""
        return (
            tuple(
                v if simple else f.get_db_prep_save(v, connection)
                for v, f, simple in zip(values, self.rest_fields, self.rest_simple, strict=True)
            )
            + self.defaults
        )


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
                        add(f"{pk}\t{number}\t{u.floor}\t{u.area[3]}\t{u.rent}\t{u.rest.copy_tail}\n")
                    if len(lines) >= COPY_CHUNK:
                        copy.write("".join(lines))
                        lines.clear()
                copy.write("".join(lines))

    def _copy(self, cursor: Any, table: str, columns: Iterable[str]) -> Any:
        """``COPY table (columns) FROM STDIN`` on ``cursor``: the psycopg ``Copy`` to write to."""
        qn = self.wrapper.ops.quote_name
        return cursor.copy("COPY {} ({}) FROM STDIN".format(qn(table), ", ".join(qn(c) for c in columns)))


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> None:
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value


def _missing_getter(codes: Iterable[str]) -> Callable[[list[str]], tuple[str, ...]]:
    return cast(Callable[[list[str]], tuple[str, ...]], itemgetter(*[-1 for _c in codes]))


_OPERATOR_FK = cast(Any, Building._meta.get_field("operator"))
_MUNICIPALITY_FK = cast(Any, Building._meta.get_field("municipality"))


class _NewBuilding:
    """A new building on SQLite: what the standards check reads (duck-typed like :class:`Building`, as a
    new one: no shared-house figures) and the values of :data:`BUILDING_INSERT_FIELDS`."""

    __slots__ = (
        "address",
        "authority_code",
        "building_type",
        "construction_started",
        "floors",
        "lat",
        "lon",
        "municipality_id",
        "name",
        "operator_id",
        "pk",
        "postal_code",
        "seismic_evidence",
        "structure",
    )
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


# Building values read from the columns after key, name and address (the part that repeats).
BUILDING_COMMON_VALUES = (
    "postal_code",
    "municipality",
    "structure",
    "floors",
    "building_type",
    "construction_started",
    "seismic_evidence",
)
BUILDING_INSERT_FIELDS = (
    "operator_id",
    "municipality_id",
    "authority_code",
    "lat",
    "lon",
    "name",
    "postal_code",
    "address",
    "structure",
    "floors",
    "building_type",
    "construction_started",
    "seismic_evidence",
)


@dataclass
class _OpenBuilding:
    key: str
    first_row: int
    values: dict[str, Any]
    raw: tuple[str, ...] | None  # the building columns of the first row normalised (when needed)
    cells: tuple[str, ...] = ()  # the building columns of the first row as written
    units: list[_UnitRow] = field(default_factory=list)
    unit_rows: dict[str, int] = field(default_factory=dict)
    bad: bool = False
    max_floor: int = sys.maxsize  # the building's floors (no limit when they are not known)

    def normalised(self) -> tuple[str, ...]:
        if self.raw is None:
            self.raw = tuple(map(_nfkc, self.cells))
        return self.raw


class _Importer:
    def __init__(
        self,
        *,
        operator: Organisation,
        ref: _Reference,
        collect: _Collector,
        write: bool,
    ) -> None:
        self.operator = operator
        self.ref = ref
        self.collect = collect
        self.write = write
        self.vendor = connection.vendor
        # PostgreSQL: rows are written as COPY text (see CopyText), formatted as they are validated.
        self.copy: CopyText | None = None
        if self.vendor == "postgresql":
            connection.ensure_connection()
            self.copy = CopyText(connection.connection)
        self.writer: _CopyWriter | None = None
        self.header: dict[str, str] = {}  # code → header as written
        self.index: dict[str, int] = {}
        self.seen_keys: dict[str, int] = {}
        self.open: _OpenBuilding | None = None
        self.batch: list[_OpenBuilding] = []
        self.batch_units = 0
        self.buildings = 0
        self.units = 0
        self.building_inserter: _Inserter | None = None
        self.registration_inserter: _Inserter | None = None
        self.memos: dict[str, dict[str, _Parsed]] = {}
        self.checks = _ImportChecks()
        self.plan_codes: dict[str, str] = {}
        # Set by read_header: cells by column index (a missing column reads the "" appended to each row).
        self.width = 0
        self.pad: list[str] = []
        self.building_cells: Callable[[list[str]], tuple[str, ...]] = _missing_getter(BUILDING_CODES)
        self.unit_cells: Callable[[list[str]], tuple[str, ...]] = _missing_getter(UNIT_CODES)
        self.unit_head: Callable[[list[str]], tuple[str, ...]] = _missing_getter(UNIT_HEAD_CODES)
        self.unit_rest: Callable[[list[str]], tuple[str, ...]] = _missing_getter(UNIT_REST_CODES)
        # Valid values only, by cell as written (a miss takes the full path, which reports errors in
        # order and fills these); bounded like the memos.
        self.fast_number: dict[str, str] = {}
        self.fast_floor: dict[str, int] = {}
        self.fast_area: dict[str, _Area] = {}
        self.fast_rent: dict[str, int] = {}
        self.rests: dict[tuple[str, ...], _Rest] = {}
        self.fast_buildings: dict[tuple[str, ...], dict[str, Any]] = {}
        self.unit_insert: _UnitInsert | None = None
        self.building_template: list[Any] | None = None
        self.building_slots: list[int] = []

    # -- header
    def read_header(self, row: list[str]) -> None:
        unknown: list[str] = []
        for i, text in enumerate(row):
            folded = _fold_header(text)
            if not folded:
                continue
            code = HEADER_ALIASES.get(folded)
            if code is None:
                unknown.append(text)
                continue
            if code in self.index:
                self.collect.error(1, text, _("The column appears twice."))
                continue
            self.index[code] = i
            self.header[code] = text.lstrip("\ufeff").strip()
        for text in unknown:
            self.collect.error(1, text, _("Unknown column. Use the headers of the template."))
        for code, ja, en, required, _b in COLUMNS:
            if required and code not in self.index:
                self.collect.error(1, f"{ja} / {en}", _("This required column is missing."))
        self.width = len(row)
        self.pad = [""] * self.width
        index = self.index

        def getter(codes: Iterable[str]) -> Callable[[list[str]], tuple[str, ...]]:
            return cast(
                Callable[[list[str]], tuple[str, ...]], itemgetter(*[index.get(c, -1) for c in codes])
            )

        self.building_cells = getter(BUILDING_CODES)
        self.unit_cells = getter(UNIT_CODES)
        self.unit_head = getter(UNIT_HEAD_CODES)
        self.unit_rest = getter(UNIT_REST_CODES)

    def col(self, code: str) -> str:
        return self.header.get(code) or next(c[1] for c in COLUMNS if c[0] == code)

    # -- cell parsers (each returns the value or None after recording an error)
    def _err(self, row: int, code: str, message: str) -> None:
        self.collect.error(row, self.col(code), message)

    def _memo(self, row: int, code: str, value: str, parse: Callable[..., _Parsed], *args: Any) -> Any:
        """``parse(value, *args)`` once per distinct cell value of a column (most cells repeat); the
        error, if any, is recorded for every row that has the value. A column is always parsed with
        the same ``parse`` and ``args``, so the memo is keyed by the column and the raw value."""
        memo = self.memos.get(code)
        if memo is None:
            memo = self.memos[code] = {}
        hit = memo.get(value)
        if hit is None:
            hit = parse(value, *args)
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            memo[value] = hit
        if hit[1] is not None:
            self._err(row, code, hit[1])
        return hit[0]

    def _text(self, cells: dict[str, str], row: int, code: str, max_length: int, *, required: bool) -> Any:
        return self._memo(row, code, cells.get(code, ""), _parse_text, max_length, required)

    def _int(self, cells: dict[str, str], row: int, code: str, lo: int, hi: int, default: int | None) -> Any:
        return self._memo(row, code, cells.get(code, ""), _parse_int, lo, hi, default)

    def _choice(
        self, cells: dict[str, str], row: int, code: str, table: dict[str, str], default: str | None
    ) -> Any:
        return self._memo(row, code, cells.get(code, ""), _parse_choice, table, default)

    def _bool(self, cells: dict[str, str], row: int, code: str, default: bool) -> Any:
        return self._memo(row, code, cells.get(code, ""), _parse_bool, default)

    def _date(self, cells: dict[str, str], row: int, code: str) -> Any:
        return self._memo(row, code, cells.get(code, ""), _parse_date, self.ref.today)

    def _building_known(self, written: tuple[str, ...]) -> dict[str, Any] | None:
        """The building's values when its columns other than key, name and address are those of a
        building already found valid and its name and address are valid (else None: the full path)."""
        common = self.fast_buildings.get(written[2:4] + written[5:])
        if common is None:
            return None
        name, error = _parse_text(written[1], 200, True)
        if error is not None:
            return None
        address, error = _parse_text(written[4], 300, True)
        if error is not None:
            return None
        return {"name": name, "address": address, **common}

    def _building(self, cells: dict[str, str], row: int) -> dict[str, Any] | None:
        v: dict[str, Any] = {}
        errors = self.collect.result.error_count
        v["name"] = self._text(cells, row, "building_name", 200, required=True)
        postal = _nfkc(cells.get("postal_code", "")).replace("-", "").replace("〒", "")
        if postal and not (len(postal) == 7 and postal.isdigit()):
            self._err(row, "postal_code", _("A postal code has 7 digits (for example 100-0001)."))
        v["postal_code"] = postal
        code = _nfkc(cells.get("municipality_code", "")).replace("-", "")
        if not code:
            self._err(row, "municipality_code", _("This field is required."))
        else:
            if len(code) == 5 and code.isdigit():
                code += jurisdiction.check_digit(code)
            muni = self.ref.municipalities.get(code)
            if muni is None:
                self._err(
                    row, "municipality_code", _("No municipality has the code %(code)s.") % {"code": code}
                )
            elif code not in self.ref.authorities:
                self._err(
                    row, "municipality_code", _("No registration authority for %(code)s.") % {"code": code}
                )
            v["municipality"] = muni
        v["address"] = self._text(cells, row, "address", 300, required=True)
        v["structure"] = self._choice(cells, row, "structure", STRUCTURES, None)
        v["floors"] = self._int(cells, row, "floors", 1, 200, None)
        v["building_type"] = self._choice(cells, row, "building_type", BUILDING_TYPES, None)
        v["construction_started"] = self._date(cells, row, "construction_started")
        v["seismic_evidence"] = self._choice(cells, row, "seismic_evidence", SEISMIC, "start_date_proof")
        return v if self.collect.result.error_count == errors else None

    def _cells(self, cells: dict[str, str], row: int, specs: _Specs) -> list[Any]:
        """The parsed values of ``specs`` (column, parser, arguments) in order, memoised like
        :meth:`_memo` (inlined: this runs for every cell of every unit)."""
        memos = self.memos
        out: list[Any] = []
        for code, parse, args in specs:
            value = cells.get(code, "")
            memo = memos.get(code)
            if memo is None:
                memo = memos[code] = {}
            hit = memo.get(value)
            if hit is None:
                hit = parse(value, *args)
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                memo[value] = hit
            if hit[1] is not None:
                self._err(row, code, hit[1])
            out.append(hit[0])
        return out

    def _unit(
        self, cells: dict[str, str], row: int, floors: int | None, rest_key: tuple[str, ...]
    ) -> _UnitRow | None:
        """The unit of a row, every error recorded in column order (the full path: a row whose cells
        are not all known valid values)."""
        errors = self.collect.result.error_count
        number, floor = self._cells(cells, row, _UNIT_HEAD)
        if floor is not None and floors is not None and floor > floors:
            self._err(
                row,
                "floor",
                _("Floor %(floor)s is above the building's %(floors)s floors.")
                % {"floor": floor, "floors": floors},
            )
        (
            area,
            layout,
            rent,
            common_fee,
            deposit,
            key_money,
            kitchen,
            toilet,
            bath,
            washbasin,
            storage,
            groups,
            dedicated,
            barrier_free,
            pets,
            guarantor,
        ) = self._cells(cells, row, _UNIT_REST)
        if self.collect.result.error_count != errors or area is None or groups is None:
            return None
        ui = self.unit_insert
        if ui is None:
            ui = self.unit_insert = _UnitInsert()
        rest = self.rests.get(rest_key)
        if rest is None:
            facilities = {
                "kitchen": kitchen,
                "toilet": toilet,
                "bath": bath,
                "washbasin": washbasin,
                "storage": storage,
            }
            values = (
                layout,
                common_fee,
                deposit,
                key_money,
                list(groups),
                facilities,
                True,
                dedicated,
                barrier_free,
                pets,
                guarantor,
            )
            tail = ui.tail(values)
            rest = _Rest(facilities, groups, tail, self.copy.line(tail) if self.copy else "")
            _remember(self.rests, rest_key, rest)
        area_raw = cells.get("floor_area_m2", "")
        prepared = self.fast_area.get(area_raw)
        if prepared is None:
            db_area = ui.area_field.get_db_prep_save(area, connection)
            prepared = (area, db_area, str(area), self.copy(db_area) if self.copy else "")
            _remember(self.fast_area, area_raw, prepared)
        _remember(self.fast_number, cells.get("unit_number", ""), number)
        _remember(self.fast_floor, cells.get("floor", ""), floor)
        _remember(self.fast_rent, cells.get("rent", ""), rent)
        return _UnitRow(number, floor, prepared, rent, rest)

    # -- rows
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
            self._add_unit(current, cells, row)
            return
        key = _nfkc(written[0])
        if not key:
            self._err(row, "building_key", _("This field is required."))
            return
        if current is None or current.key != key:
            if current is not None:
                self.close()
            first = self.seen_keys.get(key)
            if first is not None:
                self._err(
                    row,
                    "building_key",
                    _("Rows of building “%(key)s” must be consecutive; it started on row %(first)s.")
                    % {"key": key, "first": first},
                )
                return
            self.seen_keys[key] = row
            values = self._building_known(written)
            if values is None:
                values = self._building(dict(zip(BUILDING_CODES, written, strict=True)), row)
                if values is not None:
                    _remember(
                        self.fast_buildings,
                        written[2:4] + written[5:],
                        {k: values[k] for k in BUILDING_COMMON_VALUES},
                    )
            current = self.open = _OpenBuilding(key, row, values or {}, None, written, bad=values is None)
            floors = current.values.get("floors")
            if floors is not None:
                current.max_floor = floors
        elif (raw := tuple(map(_nfkc, written))) != (first_raw := current.normalised()):
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
        self._add_unit(current, cells, row)

    def _add_unit(self, current: _OpenBuilding, cells: list[str], row: int) -> None:
        # Fast path: every varying cell is a value already found valid, the repeating part too, the
        # floor is within the building and the number is new. Anything else takes the full path.
        number_raw, floor_raw, area_raw, rent_raw = self.unit_head(cells)
        number = self.fast_number.get(number_raw)
        floor = self.fast_floor.get(floor_raw)
        area = self.fast_area.get(area_raw)
        rent = self.fast_rent.get(rent_raw)
        rest = self.rests.get(self.unit_rest(cells))
        if (
            number is None
            or floor is None
            or area is None
            or rent is None
            or rest is None
            or floor > current.max_floor
            or number in current.unit_rows
        ):
            self._add_unit_checked(current, cells, row)
            return
        current.unit_rows[number] = row
        current.units.append(_UnitRow(number, floor, area, rent, rest))

    def _add_unit_checked(self, current: _OpenBuilding, cells: list[str], row: int) -> None:
        unit = self._unit(
            dict(zip(UNIT_CODES, self.unit_cells(cells), strict=True)),
            row,
            current.values.get("floors"),
            self.unit_rest(cells),
        )
        if unit is None:
            current.bad = True
            return
        if unit.number in current.unit_rows:
            self._err(
                row,
                "unit_number",
                _("Unit %(number)s appears twice in building “%(key)s” (also row %(other)s).")
                % {"number": unit.number, "key": current.key, "other": current.unit_rows[unit.number]},
            )
            current.bad = True
            return
        current.unit_rows[unit.number] = row
        current.units.append(unit)

    def close(self) -> None:
        """Check the open building against the standards and queue it for insertion."""
        b = self.open
        self.open = None
        if b is None or b.bad:
            return
        v = b.values
        muni: Municipality = v["municipality"]
        building = self.new_building(
            (
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
        )
        plan = self.plan_codes.get(muni.code)
        if plan is None:
            plan = self.plan_codes[muni.code] = municipality_plan_authority_code(muni)
        result = check_building(
            building, cast(list[Unit], b.units), on=self.ref.today, authority_code=plan, cache=self.checks
        )
        errors_before = self.collect.result.error_count
        for f in result.building:
            self._finding(b.first_row, f.code, f.severity, describe(f))
        for uf in result.units:
            self._finding(
                b.unit_rows.get(uf.unit_number, b.first_row),
                uf.finding.code,
                uf.finding.severity,
                describe(uf.finding),
            )
        if self.collect.result.error_count != errors_before:
            return
        self.buildings += 1
        self.units += len(b.units)
        if not self.write or self.collect.result.error_count:
            return
        b.values = {"building": building}
        b.raw = b.cells = ()
        b.unit_rows = {}
        self.batch.append(b)
        self.batch_units += len(b.units)
        if self.batch_units >= BATCH_UNITS:
            self.flush()

    def finish(self) -> None:
        """The last batch is flushed: wait until it is written (PostgreSQL)."""
        if self.writer is not None:
            self.writer.finish()

    def abandon(self) -> None:
        """The import failed: let a batch being written finish first (raising its error if it had one)."""
        if self.writer is not None:
            self.writer.abandon()

    def new_building(self, given: tuple[Any, ...]) -> Any:
        """The building to check and insert, ``given`` the values of :data:`BUILDING_INSERT_FIELDS` (by
        attname). On SQLite and PostgreSQL a :class:`_NewBuilding` (their inserts read only those);
        elsewhere a :class:`Building` for ``bulk_create``, built from positional values (every other
        field its default), which skips the keyword path of ``Model.__init__``."""
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

    def _finding(self, row: int, code: str, severity: Severity, message: str) -> None:
        column = "building_type"
        for prefix, col in FINDING_COLUMNS.items():
            if code.startswith(prefix):
                column = col
                break
        else:
            parts = code.split(".")
            if len(parts) == 4 and parts[1] == "facility" and parts[2] in FACILITY_CODES:
                column = parts[2]
        if severity is Severity.ERROR:
            self._err(row, column, message)
        else:
            self.collect.warning(row, self.col(column), message)

    def flush(self) -> None:
        if not self.batch or self.collect.result.error_count:
            self.batch = []
            self.batch_units = 0
            return
        buildings = [b.values["building"] for b in self.batch]
        if self.building_inserter is None:
            self.building_inserter = _Inserter(Building, BUILDING_INSERT_FIELDS)
            self.registration_inserter = _Inserter(Registration, ("authority_code",), "building_id")
        inserter, reg_inserter = self.building_inserter, self.registration_inserter
        assert reg_inserter is not None
        ui = self.unit_insert
        assert ui is not None  # set with the first valid unit
        if self.vendor == "sqlite":
            ids = inserter.insert_returning_ids([inserter.values(b) for b in buildings])
            for building, pk in zip(buildings, ids, strict=True):
                building.pk = pk
            reg_values = reg_inserter.values
            reg_inserter.insert([reg_values(b, b.pk) for b in buildings])
            _executemany(
                ui.sql,
                [
                    (building.pk, u.number, u.floor, u.area[1], u.rent, *u.rest.tail)
                    for b, building in zip(self.batch, buildings, strict=True)
                    for u in b.units
                ],
            )
        elif self.copy is not None:
            if self.writer is None:
                self.writer = _CopyWriter(connections[DEFAULT_DB_ALIAS], inserter, reg_inserter, ui)
            self.writer.submit(self.batch)
        else:
            Building.objects.bulk_create(buildings)
            Registration.objects.bulk_create(
                [Registration(building_id=b.pk, authority_code=b.authority_code) for b in buildings]
            )
            _executemany(
                ui.sql,
                [
                    (building.pk, u.number, u.floor, u.area[1], u.rent, *u.rest.tail)
                    for b, building in zip(self.batch, buildings, strict=True)
                    for u in b.units
                ],
            )
        self.batch = []
        self.batch_units = 0


def _records(text: Iterable[str]) -> Iterator[list[str]]:
    yield from csv.reader(text)


def _read_rows(
    importer: _Importer, text: IO[str], collect: _Collector, progress: Callable[[int], None] | None
) -> int:
    """Feed the rows of ``text`` to ``importer``; the number of (non-blank) data rows read."""
    result = collect.result
    rows = 0
    row_no = 1
    reader = csv.reader(text)
    add = importer.row
    try:
        header = next(reader, None)
        if header is not None:
            importer.read_header(header)
            if not result.error_count:
                row_no = 2
                for cells in reader:
                    if cells and (cells[0].strip() or any(c.strip() for c in cells)):
                        add(cells, row_no)
                        rows += 1
                        if progress is not None and rows % PROGRESS_EVERY == 0:
                            progress(rows)
                    row_no += 1
    except UnicodeDecodeError:
        collect.error(
            row_no,
            "",
            _("The file is not valid %(encoding)s text from this row on. Save it again as UTF-8 CSV.")
            % {"encoding": ENCODING_NAMES[result.encoding]},
        )
    except csv.Error as exc:
        collect.error(row_no, "", _("The CSV cannot be read here: %(error)s") % {"error": exc})
    if row_no == 1:
        collect.error(1, "", _("The file is empty."))
    elif rows == 0 and not result.error_count:
        collect.error(2, "", _("The file has a header but no rows."))
    return rows


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
    :class:`~sumai.registry.services.Actor`. Returns the result; nothing is written when it has errors."""
    if not operators_actable_by(actor.access).filter(pk=operator.pk).exists():
        raise PermissionDenied(_("You may not act for this landlord."))
    result = ImportResult(import_id=uuid.uuid4().hex)
    collect = _Collector(result, max_errors)
    result.encoding = detect_encoding(fileobj)
    text = io.TextIOWrapper(fileobj, encoding=result.encoding, newline="", errors="strict")
    try:
        with transaction.atomic():
            importer = _Importer(operator=operator, ref=_Reference(), collect=collect, write=True)
            try:
                rows = _read_rows(importer, text, collect, progress)
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
            record_event(
                actor=actor.user,
                action="registry.import",
                object_type="registry.import",
                object_id=result.import_id,
                organisation=operator,
                after={
                    "buildings": result.buildings,
                    "units": result.units,
                    "file": filename[:200],
                    "rows": rows,
                    "encoding": result.encoding,
                },
            )
    finally:
        text.detach()
    return result
