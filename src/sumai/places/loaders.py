"""Idempotent loading of the reference data in ``data/`` (municipalities.csv, prefectures.geojson)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from sumai.domain.jurisdiction import is_valid_lg_code
from sumai.places.models import Municipality, Prefecture
from sumai.places.romaji import romanise


@dataclass(frozen=True)
class LoadResult:
    prefectures: int
    municipalities: int
    wards: int
    shapes: int


class ReferenceDataError(ValueError):
    pass


def _int_or_none(value: str) -> int | None:
    return int(value) if value.strip() else None


def _float_or_none(value: str) -> float | None:
    return float(value) if value.strip() else None


@transaction.atomic
def load_places(data_dir: Path | None = None) -> LoadResult:
    """Load or refresh every prefecture and municipality. Running it twice changes nothing."""
    data_dir = data_dir or Path(settings.DATA_DIR)
    rows = list(csv.DictReader((data_dir / "municipalities.csv").open(encoding="utf-8")))
    for number, row in enumerate(rows, start=2):
        if not is_valid_lg_code(row["code"]):
            raise ReferenceDataError(f"municipalities.csv row {number}: code {row['code']!r} is not valid")
    prefectures = {}
    for row in rows:
        if row["kind"] != "prefecture":
            continue
        pref, _ = Prefecture.objects.update_or_create(
            code=row["prefecture_code"],
            defaults={
                "lg_code": row["code"],
                "name": row["name"],
                "kana": row["kana"],
                "romaji": romanise(row["name"], row["kana"]),
                "population": _int_or_none(row["population"]),
                "lat": _float_or_none(row["lat"]),
                "lon": _float_or_none(row["lon"]),
            },
        )
        prefectures[pref.code] = pref
    existing = set(Municipality.objects.values_list("code", flat=True))
    others = [r for r in rows if r["kind"] != "prefecture"]
    # Parents (designated cities) first, so that wards can refer to them.
    others.sort(key=lambda r: r["kind"] == "ward_of_designated_city")
    to_create: list[Municipality] = []
    to_update: list[Municipality] = []
    for row in others:
        is_ward = row["kind"] == "ward_of_designated_city"
        obj = Municipality(
            code=row["code"],
            prefecture_id=row["prefecture_code"],
            name=row["name"],
            kana=row["kana"],
            romaji=romanise(row["name"], row["kana"]),
            kind=row["kind"],
            parent_id=row["parent_code"] if is_ward else None,
            population=_int_or_none(row["population"]),
            population_year=_int_or_none(row["population_year"]),
            lat=_float_or_none(row["lat"]),
            lon=_float_or_none(row["lon"]),
        )
        (to_update if obj.code in existing else to_create).append(obj)
    non_wards = [m for m in to_create if m.kind != Municipality.Kind.WARD]
    Municipality.objects.bulk_create(non_wards, batch_size=500)
    Municipality.objects.bulk_create(
        [m for m in to_create if m.kind == Municipality.Kind.WARD], batch_size=500
    )
    if to_update:
        Municipality.objects.bulk_update(
            to_update,
            [
                "prefecture",
                "name",
                "kana",
                "romaji",
                "kind",
                "parent",
                "population",
                "population_year",
                "lat",
                "lon",
            ],
            batch_size=500,
        )
    shapes = 0
    geo_path = data_dir / "prefectures.geojson"
    if geo_path.exists():
        collection = json.loads(geo_path.read_text(encoding="utf-8"))
        for feature in collection["features"]:
            code = feature["properties"]["pref_code"]
            Prefecture.objects.filter(code=code).update(geometry=feature["geometry"])
            shapes += 1
    wards = sum(1 for r in others if r["kind"] == "ward_of_designated_city")
    from sumai.places.selectors import clear_authority_cache

    transaction.on_commit(clear_authority_cache)
    clear_authority_cache()
    return LoadResult(len(prefectures), len(others) - wards, wards, shapes)
