"""Open data of the public search: every registered unit's public fields, and daily counts by municipality.

One place for the schema: :data:`UNIT_FIELDS` (name, type, description in English and Japanese, example) is
what the CSV header, the JSON ``fields`` member, the /open-data/ page and docs/open-data.md describe.

Formats (docs/open-data.md):

* CSV: UTF-8 with a byte-order mark (Excel opens it as UTF-8 instead of Shift_JIS), CRLF line ends, one
  header row of the field names, one row per registered unit ordered by ``unit_id``. Empty cell = no value;
  booleans are ``true``/``false``; a list is its codes separated by single spaces.
* JSON: one document ``{"licence", "attribution", "generated_at", "index_changed_at", "fields", "units"}``
  with the same field names as the CSV header. We chose one document over JSON Lines because the file then
  carries its own licence and schema, and because ``json.load`` / ``JSON.parse`` / jq read it as it is;
  it is written piece by piece, so the server's memory stays flat either way (a consumer who wants to stream
  it too can use an incremental parser such as ijson on ``units.item``).

Both read the index (:class:`~sumai.search.models.SearchUnit`, only registered units) joined to the published
version of the unit and its building (``PublicUnit``, ``PublicBuilding``: what the authority last accepted,
never an edit under a change notice; docs/decisions/0008), in keyset chunks of :data:`CHUNK` units by
``unit_id``: no server-side cursor, no transaction held open while a slow client downloads, memory
independent of the number of units.

The snapshot (:func:`take_snapshot`) counts the index by municipality for one date; running it again for the
same date replaces that date's rows in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone

from sumai.audit.services import record_event
from sumai.core import csvio
from sumai.core.vacancy import valid_days
from sumai.places.selectors import municipality_names
from sumai.search import groups
from sumai.search.actions import SearchAction
from sumai.search.models import VACANT, OpenDataSnapshot, SearchUnit

CHUNK = 2_000
SCHEMA_VERSION = "1"
BOM = "\ufeff"

LICENCE = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
ATTRIBUTION = {
    "ja": "出典：Sumai 住宅セーフティネット登録住宅オープンデータ（CC BY 4.0）",
    "en": "Source: Sumai open data of registered safety-net housing (CC BY 4.0)",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # integer, decimal, number, string, boolean, date, datetime, list
    en: str
    ja: str
    example: str

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "description": {"en": self.en, "ja": self.ja},
            "example": self.example,
        }


FACILITIES = ("kitchen", "toilet", "bath", "washbasin", "storage")

UNIT_FIELDS: tuple[Field, ...] = (
    Field("unit_id", "integer", "Sumai's id of the unit (stable)", "Sumai上の住戸ID（変わりません）", "1024"),
    Field(
        "url", "string", "The unit's public page", "住戸の公開ページ", "https://sumai.example.jp/units/1024/"
    ),
    Field("registration_number", "string", "Registration number", "登録番号", "13-2026-0042"),
    Field("registered_on", "date", "Date of registration", "登録年月日", "2026-01-15"),
    Field("building_name", "string", "Building name", "建物名", "さくらハイツ"),
    Field("unit_number", "string", "Unit number", "住戸番号", "101"),
    Field("floor", "integer", "Floor of the unit", "所在階", "1"),
    Field("prefecture_code", "string", "Prefecture code (2 digits)", "都道府県コード（2桁）", "13"),
    Field("prefecture_name", "string", "Prefecture", "都道府県名", "東京都"),
    Field(
        "municipality_code",
        "string",
        "Local-government code (6 digits, with check digit; wards of designated cities have their own)",
        "全国地方公共団体コード（6桁、検査数字付き。政令市の区は区のコード）",
        "131032",
    ),
    Field("municipality_name", "string", "Municipality (ward with its city)", "市区町村名", "港区"),
    Field("address", "string", "Address of the building", "所在地", "東京都港区芝公園4-2-8"),
    Field(
        "latitude",
        "number",
        "Latitude (WGS 84), 4 decimals; empty if unknown",
        "緯度（世界測地系、小数点以下4桁）。不明の場合は空",
        "35.6586",
    ),
    Field(
        "longitude",
        "number",
        "Longitude (WGS 84), 4 decimals; empty if unknown",
        "経度（世界測地系、小数点以下4桁）。不明の場合は空",
        "139.7454",
    ),
    Field(
        "building_type",
        "string",
        "apartment, detached, terraced or shared_house",
        "建て方：apartment（共同住宅）、detached（戸建）、terraced（長屋）、shared_house（共同居住型）",
        "apartment",
    ),
    Field(
        "structure",
        "string",
        "wood, steel, rc, src or other",
        "構造：wood（木造）、steel（鉄骨造）、rc（RC造）、src（SRC造）、other（その他）",
        "rc",
    ),
    Field("floors_above_ground", "integer", "Floors of the building above ground", "地上階数", "5"),
    Field("layout", "string", "Layout (1K, 2LDK …)", "間取り", "1K"),
    Field("floor_area_m2", "decimal", "Floor area in m²", "床面積（㎡）", "30.00"),
    Field("rent", "integer", "Rent, yen per month", "家賃（円／月）", "60000"),
    Field("common_fee", "integer", "Common fee, yen per month", "共益費（円／月）", "3000"),
    Field(
        "monthly_total",
        "integer",
        "Rent plus common fee, yen per month",
        "家賃と共益費の合計（円／月）",
        "63000",
    ),
    Field("deposit", "integer", "Deposit, yen", "敷金（円）", "60000"),
    Field("key_money", "integer", "Key money, yen", "礼金（円）", "0"),
    Field(
        "accepted_groups",
        "list",
        "Codes of the priority groups the landlord does not refuse (space-separated in the CSV)",
        "入居を拒まない住宅確保要配慮者の範囲のコード（CSVでは半角スペース区切り）",
        "low_income elderly disability",
    ),
    Field(
        "dedicated",
        "boolean",
        "Dedicated housing: only for priority groups",
        "専用住宅（住宅確保要配慮者専用）",
        "false",
    ),
    Field("barrier_free", "boolean", "Barrier-free", "バリアフリー", "true"),
    Field("pets_allowed", "boolean", "Pets allowed", "ペット可", "false"),
    Field("guarantor_required", "boolean", "A guarantor is required", "連帯保証人が必要", "true"),
    *(
        Field(
            f"facility_{name}",
            "string",
            f"{name.capitalize()}: private, shared or none; empty if not stated",
            f"設備（{ja}）：private（専用）、shared（共用）、none（なし）。未記入の場合は空",
            "private",
        )
        for name, ja in zip(FACILITIES, ("台所", "便所", "浴室", "洗面", "収納"), strict=True)
    ),
    Field(
        "vacancy",
        "string",
        "vacant, occupied, renovation or unknown; a claim not confirmed within the validity period is"
        " unknown",
        "空室状況：vacant（空室）、occupied（入居中）、renovation（改修中）、unknown（不明）。"
        "有効期間内に確認されていないものはunknown",
        "vacant",
    ),
    Field(
        "vacancy_confirmed_at",
        "datetime",
        "When the landlord last confirmed the vacancy (ISO 8601, Japan time)",
        "空室状況の最終確認日時（ISO 8601、日本時間）",
        "2026-03-01T10:15:00+09:00",
    ),
    Field(
        "operator_name",
        "string",
        "Landlord (as shown on the unit page); empty when the landlord is a private individual",
        "賃貸人（住戸ページの表示名）。個人の賃貸人の場合は空",
        "テスト不動産",
    ),
    Field(
        "management_company",
        "string",
        "Management company; empty if managed by the landlord",
        "管理会社。賃貸人が自ら管理する場合は空",
        "さくら管理株式会社",
    ),
    Field(
        "contact_name",
        "string",
        "Contact for inquiries; empty when the landlord is a private individual without a management company",
        "問い合わせ先。管理会社のない個人の賃貸人の場合は空",
        "管理室",
    ),
    Field("contact_phone", "string", "Phone for inquiries", "問い合わせ電話番号", "03-0000-0000"),
)
UNIT_FIELD_NAMES = tuple(f.name for f in UNIT_FIELDS)
UNIT_TYPES = {f.name: f.type for f in UNIT_FIELDS}

SNAPSHOT_FIELDS: tuple[Field, ...] = (
    Field("date", "date", "Date of the snapshot", "集計日", "2026-04-01"),
    Field("prefecture_code", "string", "Prefecture code (2 digits)", "都道府県コード（2桁）", "13"),
    Field(
        "municipality_code",
        "string",
        "Local-government code (6 digits)",
        "全国地方公共団体コード（6桁）",
        "131032",
    ),
    Field("municipality_name", "string", "Municipality (ward with its city)", "市区町村名", "港区"),
    Field("registered_units", "integer", "Registered units", "登録住戸数", "120"),
    Field(
        "vacant_units",
        "integer",
        "Units vacant and confirmed within the validity period",
        "有効期間内に空室と確認された住戸数",
        "8",
    ),
    Field("dedicated_units", "integer", "Dedicated units", "専用住宅の住戸数", "15"),
    Field("buildings", "integer", "Buildings with registered units", "登録住戸のある建物数", "31"),
)
SNAPSHOT_FIELD_NAMES = tuple(f.name for f in SNAPSHOT_FIELDS)

# The published version only (the index, PublicBuilding, PublicUnit; docs/decisions/0008).
_COLUMNS = (
    "unit_id",
    "building__public__registration_number",
    "registered_on",
    "building__public__name",
    "unit__public__number",
    "unit__public__floor",
    "municipality_code",
    "building__public__address",
    "lat",
    "lon",
    "building__public__building_type",
    "building__public__structure",
    "building__public__floors",
    "layout",
    "floor_area_m2",
    "rent",
    "common_fee",
    "unit__public__deposit",
    "unit__public__key_money",
    "groups",
    "dedicated",
    "barrier_free",
    "pets_allowed",
    "guarantor_required",
    "unit__public__facilities",
    "vacancy",
    "vacancy_confirmed_at",
    "building__public__operator_name",
    "building__public__manager_name",
    "building__public__contact_name",
    "building__public__contact_phone",
)

# What is read besides the published columns: whether the landlord is a private individual (not named).
_QUERY_COLUMNS = (*_COLUMNS, "building__operator__operator_profile__operator_type")

COORDINATE_DECIMALS = 4
"""Coordinates are published to 4 decimals (about 11 m north–south, 9 m east–west in Japan): enough to put a
pin on the building on any map, no more precise than the published address (docs/open-data.md)."""


def _coordinate(value: float | None) -> float | None:
    return None if value is None else round(float(value), COORDINATE_DECIMALS)


# ------------------------------------------------------------------------------------------- reading
def _chunks(chunk: int = CHUNK) -> Iterator[list[tuple[Any, ...]]]:
    """The index's rows in keyset chunks by unit id (each chunk is one short query)."""
    last = 0
    while True:
        rows = list(
            SearchUnit.objects.filter(unit_id__gt=last)
            .order_by("unit_id")
            .values_list(*_QUERY_COLUMNS)[:chunk]
        )
        if not rows:
            return
        yield rows
        if len(rows) < chunk:
            return
        last = rows[-1][0]


def unit_records(*, base_url: str = "", chunk: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    """Every registered unit as a dict of :data:`UNIT_FIELD_NAMES` (Python values), chunk by chunk."""
    places = municipality_names()
    page = base_url + reverse("search:unit", kwargs={"pk": 987654321}).replace("987654321", "{}")
    for rows in _chunks(chunk):
        out = []
        for (
            pk,
            number,
            registered_on,
            building_name,
            unit_number,
            floor,
            muni,
            address,
            lat,
            lon,
            building_type,
            structure,
            floors,
            layout,
            area,
            rent,
            common_fee,
            deposit,
            key_money,
            group_bits,
            dedicated,
            barrier_free,
            pets,
            guarantor,
            facilities,
            vacancy,
            confirmed_at,
            operator_name,
            manager_name,
            contact_name,
            contact_phone,
            operator_type,
        ) in rows:
            info = places.get(muni)
            # A private individual's name is not published (docs/open-data.md, personal data): not as the
            # landlord, and not as the contact unless a management company is the contact route.
            private_person = operator_type == "individual"
            facilities = facilities if isinstance(facilities, dict) else {}
            record: dict[str, Any] = {
                "unit_id": pk,
                "url": page.format(pk),
                "registration_number": number,
                "registered_on": registered_on,
                "building_name": building_name,
                "unit_number": unit_number,
                "floor": floor,
                "prefecture_code": info.prefecture_code if info else muni[:2],
                "prefecture_name": info.prefecture_name if info else "",
                "municipality_code": muni,
                "municipality_name": info.full_name if info else "",
                "address": address,
                "latitude": _coordinate(lat),
                "longitude": _coordinate(lon),
                "building_type": building_type,
                "structure": structure,
                "floors_above_ground": floors,
                "layout": layout,
                "floor_area_m2": area,
                "rent": rent,
                "common_fee": common_fee,
                "monthly_total": rent + common_fee,
                "deposit": deposit,
                "key_money": key_money,
                "accepted_groups": groups.codes(group_bits),
                "dedicated": dedicated,
                "barrier_free": barrier_free,
                "pets_allowed": pets,
                "guarantor_required": guarantor,
            }
            for name in FACILITIES:
                value = facilities.get(name)
                record[f"facility_{name}"] = value if isinstance(value, str) and value else None
            record.update(
                {
                    "vacancy": vacancy,
                    "vacancy_confirmed_at": confirmed_at,
                    "operator_name": None if private_person else operator_name,
                    "management_company": manager_name or None,
                    "contact_name": None if private_person and not manager_name else contact_name or None,
                    "contact_phone": contact_phone or None,
                }
            )
            out.append(record)
        yield out


# ------------------------------------------------------------------------------------------- values
def csv_value(kind: str, value: Any) -> str:
    """One cell of the CSV: empty for no value, ``true``/``false``, ISO dates, codes joined by spaces."""
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "list":
        return " ".join(value)
    if kind == "datetime":
        return timezone.localtime(value).isoformat()
    if kind == "date":
        return str(value.isoformat())
    if kind == "decimal":
        return f"{Decimal(value):.2f}"
    return str(value)


def json_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        return timezone.localtime(value).isoformat()
    if kind == "date":
        return value.isoformat()
    if kind == "decimal":
        return float(value)
    return value


def _csv_writer() -> Any:
    """The kernel's writer (cells that would run as a formula are neutralised), one line per ``writerow``."""
    return csvio.writer(lineterminator="\r\n")


def units_csv(*, base_url: str = "", chunk: int = CHUNK) -> Iterator[str]:
    """The CSV of every registered unit: BOM + header, then one piece of text per chunk of units."""
    writer = _csv_writer()
    yield BOM + writer.writerow(UNIT_FIELD_NAMES)
    for records in unit_records(base_url=base_url, chunk=chunk):
        yield "".join(
            writer.writerow([csv_value(UNIT_TYPES[name], r[name]) for name in UNIT_FIELD_NAMES])
            for r in records
        )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _head(generated_at: datetime, changed_at: datetime | None) -> dict[str, Any]:
    return {
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "schema_version": SCHEMA_VERSION,
        "generated_at": timezone.localtime(generated_at).isoformat(),
        "index_changed_at": timezone.localtime(changed_at).isoformat() if changed_at else None,
    }


def units_json(
    *, base_url: str = "", changed_at: datetime | None = None, chunk: int = CHUNK, now: datetime | None = None
) -> Iterator[str]:
    """One JSON document, written piece by piece: the head, the field list, then the units array."""
    head = _head(now or timezone.now(), changed_at)
    head["fields"] = [f.as_json() for f in UNIT_FIELDS]
    opening = _dumps(head)
    yield opening[:-1] + ',"units":['
    first = True
    for records in unit_records(base_url=base_url, chunk=chunk):
        pieces = []
        for r in records:
            body = _dumps({name: json_value(UNIT_TYPES[name], r[name]) for name in UNIT_FIELD_NAMES})
            pieces.append(("\n" if first else ",\n") + body)
            first = False
        yield "".join(pieces)
    yield "\n]}\n"


# ------------------------------------------------------------------------------------------- snapshot
def snapshot_rows(on: date) -> list[dict[str, Any]]:
    """The rows of the snapshot of ``on`` (ordered by municipality code), with names, as dicts of
    :data:`SNAPSHOT_FIELD_NAMES`; empty if there is no snapshot for that date."""
    places = municipality_names()
    out = []
    for row in OpenDataSnapshot.objects.filter(date=on).order_by("municipality_code"):
        info = places.get(row.municipality_code)
        out.append(
            {
                "date": row.date,
                "prefecture_code": info.prefecture_code if info else row.municipality_code[:2],
                "municipality_code": row.municipality_code,
                "municipality_name": info.full_name if info else "",
                "registered_units": row.registered_units,
                "vacant_units": row.vacant_units,
                "dedicated_units": row.dedicated_units,
                "buildings": row.buildings,
            }
        )
    return out


def snapshot_csv(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    types = {f.name: f.type for f in SNAPSHOT_FIELDS}
    writer = _csv_writer()
    yield BOM + writer.writerow(SNAPSHOT_FIELD_NAMES)
    for r in rows:
        yield writer.writerow([csv_value(types[name], r[name]) for name in SNAPSHOT_FIELD_NAMES])


def snapshot_document(on: date, rows: list[dict[str, Any]], taken_at: datetime | None) -> dict[str, Any]:
    types = {f.name: f.type for f in SNAPSHOT_FIELDS}
    doc = _head(timezone.now(), None)
    del doc["index_changed_at"]
    doc.update(
        {
            "date": on.isoformat(),
            "taken_at": timezone.localtime(taken_at).isoformat() if taken_at else None,
            "fields": [f.as_json() for f in SNAPSHOT_FIELDS],
            "municipalities": [
                {name: json_value(types[name], r[name]) for name in SNAPSHOT_FIELD_NAMES} for r in rows
            ],
        }
    )
    return doc


def snapshot_dates() -> list[dict[str, Any]]:
    """Every snapshot date, newest first, with its totals."""
    rows = (
        OpenDataSnapshot.objects.values("date")
        .annotate(
            municipalities=Count("pk"),
            registered_units=Sum("registered_units"),
            vacant_units=Sum("vacant_units"),
            taken_at=Max("taken_at"),
        )
        .order_by("-date")
    )
    return [dict(row) for row in rows]


def latest_snapshot_date() -> date | None:
    latest: date | None = OpenDataSnapshot.objects.aggregate(latest=Max("date"))["latest"]
    return latest


def snapshot_taken_at(on: date) -> datetime | None:
    at: datetime | None = OpenDataSnapshot.objects.filter(date=on).aggregate(at=Max("taken_at"))["at"]
    return at


@transaction.atomic
def take_snapshot(*, on: date, now: datetime | None = None) -> int:
    """Count the index by municipality and store it as the snapshot of ``on``, replacing that date's rows
    (one transaction; one audit event). A unit counts as vacant when its vacancy is *vacant* and was
    confirmed at most ``valid_days()`` before ``now``. Returns how many municipality rows were written."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=valid_days())
    counts = (
        SearchUnit.objects.values("municipality_code")
        .annotate(
            units=Count("unit"),
            vacant=Count("unit", filter=Q(vacancy=VACANT, vacancy_confirmed_at__gte=cutoff)),
            dedicated=Count("unit", filter=Q(dedicated=True)),
            building_count=Count("building", distinct=True),
        )
        .order_by("municipality_code")
    )
    rows = [
        OpenDataSnapshot(
            date=on,
            municipality_code=c["municipality_code"],
            registered_units=c["units"],
            vacant_units=c["vacant"],
            dedicated_units=c["dedicated"],
            buildings=c["building_count"],
            taken_at=now,
        )
        for c in counts
    ]
    replaced = OpenDataSnapshot.objects.filter(date=on).delete()[0]
    OpenDataSnapshot.objects.bulk_create(rows, batch_size=500)
    record_event(
        actor=None,
        action=SearchAction.OPENDATA_SNAPSHOT,
        object_type="search.opendatasnapshot",
        object_id=on.isoformat(),
        after={
            "date": on,
            "municipalities": len(rows),
            "registered_units": sum(r.registered_units for r in rows),
            "vacant_units": sum(r.vacant_units for r in rows),
            "replaced_rows": replaced,
        },
    )
    return len(rows)
