"""CSV export of an operator's stock and the import template: the import's columns, so an export
re-imports. For the landlord's own buildings (key ``SUMAI-<id>``) the import reads back only the vacancy
column: export → edit the vacancy → import updates the units (:mod:`sumai.registry.imports.vacancy`). The
registration state and number are written too and ignored by the import."""

from __future__ import annotations

from collections.abc import Iterator

from sumai.core import csvio
from sumai.core.access import Access
from sumai.registry.imports import COLUMNS, FACILITY_CODES, IGNORED_COLUMNS
from sumai.registry.imports.columns import VACANCY_COLUMN
from sumai.registry.imports.vacancy import EXPORT_WORDS, export_key
from sumai.registry.models import Unit
from sumai.registry.selectors import operators_actable_by

BOM = "\ufeff"
HEADER = [c[1] for c in COLUMNS]
# The export adds the vacancy (read back for the landlord's own buildings: see imports.vacancy) and the
# registration's state and number (ignored by the import).
EXPORT_HEADER = [*HEADER, VACANCY_COLUMN[1], *(c[1] for c in IGNORED_COLUMNS)]

TEMPLATE_ROWS = [
    {
        "building_key": "B001",
        "building_name": "サンプルハイツ",
        "postal_code": "100-0001",
        "municipality_code": "131016",
        "address": "東京都千代田区千代田1-1",
        "structure": "RC造",
        "floors": "3",
        "building_type": "共同住宅",
        "construction_started": "2005-04-01",
        "seismic_evidence": "",
        "unit_number": "101",
        "floor": "1",
        "floor_area_m2": "25.50",
        "layout": "1K",
        "rent": "65000",
        "common_fee": "3000",
        "deposit": "65000",
        "key_money": "0",
        "kitchen": "専用",
        "toilet": "専用",
        "bath": "専用",
        "washbasin": "専用",
        "storage": "専用",
        "accepted_groups": "low_income;disaster_victim;elderly;disability;child_raising",
        "dedicated": "0",
        "barrier_free": "1",
        "pets_allowed": "いいえ",
        "guarantor_required": "いいえ",
    },
]
TEMPLATE_ROWS.append(
    {
        **TEMPLATE_ROWS[0],
        "unit_number": "201",
        "floor": "2",
        "floor_area_m2": "30",
        "layout": "1DK",
        "rent": "72000",
        "accepted_groups": "高齢者・障害者・低額所得者・被災者・子育て世帯・外国人",
        "barrier_free": "0",
    }
)


def template_lines() -> Iterator[str]:
    writer = csvio.writer()
    yield BOM + writer.writerow(HEADER)
    for row in TEMPLATE_ROWS:
        yield writer.writerow([row.get(c[0], "") for c in COLUMNS])


def _flag(value: bool) -> str:
    return "1" if value else "0"


def export_lines(access: Access, *, chunk_size: int = 2000) -> Iterator[str]:
    """Every unit of every operator ``access`` may act for, one CSV line at a time (BOM first)."""
    writer = csvio.writer()
    yield BOM + writer.writerow(EXPORT_HEADER)
    operators = operators_actable_by(access)
    units = (
        Unit.objects.filter(building__operator__in=operators)
        .order_by("building__operator_id", "building_id", "floor", "number")
        .values_list(
            "building_id",
            "building__name",
            "building__postal_code",
            "building__municipality_id",
            "building__address",
            "building__structure",
            "building__floors",
            "building__building_type",
            "building__construction_started",
            "building__seismic_evidence",
            "number",
            "floor",
            "floor_area_m2",
            "layout",
            "rent",
            "common_fee",
            "deposit",
            "key_money",
            "facilities",
            "accepted_groups",
            "dedicated",
            "barrier_free",
            "pets_allowed",
            "guarantor_required",
            "vacancy",
            "building__registration__state",
            "building__registration__registration_number",
        )
    )
    for (
        building_id,
        name,
        postal,
        muni,
        address,
        structure,
        floors,
        btype,
        started,
        seismic,
        number,
        floor,
        area,
        layout,
        rent,
        common_fee,
        deposit,
        key_money,
        facilities,
        groups,
        dedicated,
        barrier_free,
        pets,
        guarantor,
        vacancy,
        state,
        reg_number,
    ) in units.iterator(chunk_size=chunk_size):
        facilities = facilities or {}
        yield writer.writerow(
            [
                export_key(building_id),
                name,
                postal,
                muni,
                address,
                structure,
                floors,
                btype,
                started.isoformat(),
                seismic,
                number,
                floor,
                f"{area:.2f}",
                layout,
                rent,
                common_fee,
                deposit,
                key_money,
                *(facilities.get(f, "none") for f in FACILITY_CODES),
                ";".join(groups or []),
                _flag(dedicated),
                _flag(barrier_free),
                _flag(pets),
                _flag(guarantor),
                EXPORT_WORDS.get(vacancy, ""),
                state or "",
                reg_number or "",
            ]
        )
