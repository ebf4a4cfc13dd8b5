"""One field specification per record (:data:`UNIT`, :data:`BUILDING`): for each field its code, the model
field it fills, its CSV headers (Japanese; the English header is the code), whether it is required, its
bounds or choices, and the rule that checks a value (the kinds of field are in
:mod:`sumai.registry.fieldkinds`).

Three consumers read it — the registry's forms (:mod:`sumai.registry.forms`), the API serializer
(:mod:`sumai.registry.api`) and the CSV import (:mod:`sumai.registry.imports`) — and the services write the
model fields it names, so a rule such as "rent 0–10,000,000 yen" or "floor area above 0 with at most two
decimals" is written once, here. Each consumer converts its input its own way (the form and the API with
the Django and DRF fields the spec builds, the CSV with :meth:`~sumai.registry.fieldkinds.Spec.parse`) and
then runs the same validators.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sumai.registry.fieldbase import nfkc
from sumai.registry.fieldkinds import (
    Area,
    Choice,
    Day,
    Flag,
    Groups,
    Integer,
    Key,
    MunicipalityCode,
    Number,
    Postal,
    Spec,
    Text,
    group_choices,
)
from sumai.registry.models import Building

__all__ = [
    "BUILDING",
    "FACILITY_CODES",
    "LAYOUTS",
    "UNIT",
    "Choice",
    "Spec",
    "floor_above_building",
    "group_choices",
    "nfkc",
]

MAX_YEN = 10_000_000
EARLIEST_CONSTRUCTION = date(1850, 1, 1)
SMALLINT = 32767


class Record:
    """The fields of one model (a record), in the order of the CSV's columns."""

    def __init__(self, *specs: Spec) -> None:
        self.specs = specs
        self.by_code = {s.code: s for s in specs}
        self.by_model_field: dict[str, Spec] = {}
        for s in specs:
            if s.model_field:
                self.by_model_field.setdefault(s.model_field, s)

    def __getitem__(self, code: str) -> Spec:
        return self.by_code[code]

    def __iter__(self) -> Iterator[Spec]:
        return iter(self.specs)

    @property
    def csv(self) -> tuple[Spec, ...]:
        """The fields the CSV import reads, in the order of its columns."""
        return tuple(s for s in self.specs if s.ja)

    @property
    def model_fields(self) -> list[str]:
        """The model fields the record's writes may set (the services' allow-list)."""
        return list(self.by_model_field)

    def formfield_callback(self, db_field: Any, **kwargs: Any) -> forms.Field | None:
        """``Meta.formfield_callback`` of a ``ModelForm``: the spec's field, labelled as the model field
        unless the spec has its own words. (Several fields of one model field, such as the facilities of
        a unit, are the form's to add.)"""
        spec = self.by_model_field.get(db_field.name)
        if spec is None:
            return db_field.formfield(**kwargs)  # type: ignore[no-any-return]
        kwargs.setdefault("label", capfirst(db_field.verbose_name))
        kwargs.setdefault("help_text", db_field.help_text)
        return spec.formfield(**kwargs)


PROVISIONS = [
    ("private", gettext_lazy("In the unit")),
    ("shared", gettext_lazy("Shared")),
    ("none", gettext_lazy("None")),
]


# 間取り: one list for the landlord's form, the CSV, the API and the public search's filter (#14 item 7). A
# storeroom (S, 納戸) is not counted as a room, so 2SLDK is read as 2LDK; ワンルーム is 1R.
LAYOUTS = [f"{rooms}{kind}" for rooms in range(1, 6) for kind in ("K", "DK", "LDK")]
LAYOUTS.insert(0, "1R")
LAYOUT_WORDS = {"1R": "ワンルーム one-room studio"} | {
    code: f"{code[0]}s{code[1:].lower()}" for code in LAYOUTS if code != "1R"
}


def _facility(code: str, ja: str, label: Any) -> Choice:
    words = {"private": "専用", "shared": "共用", "none": "なし 無"}
    return Choice(
        code, ja, model="facilities", choices=PROVISIONS, words=words, initial="private", label=label
    )


def _yen(code: str, ja: str, *, required: bool = False) -> Integer:
    return Integer(code, ja, lo=0, hi=MAX_YEN, required=required, default=None if required else 0)


UNIT = Record(
    Text("unit_number", "住戸番号", model="number", max_length=20),
    Integer("floor", "階", lo=-10, hi=200),
    Area("floor_area_m2", "床面積", below=Decimal(100_000)),
    Choice(
        "layout",
        "間取り",
        choices=[(code, code) for code in LAYOUTS],
        words=LAYOUT_WORDS,
        list_words=False,
        initial="1K",
        label=gettext_lazy("Layout"),
        help_text=gettext_lazy(
            "The list the search offers. A storeroom (納戸, S) is not a room: a 2SLDK is entered as 2LDK."
        ),
    ),
    _yen("rent", "家賃", required=True),
    _yen("common_fee", "共益費"),
    _yen("deposit", "敷金"),
    _yen("key_money", "礼金"),
    _facility("kitchen", "台所", gettext_lazy("Kitchen")),
    _facility("toilet", "便所", gettext_lazy("Toilet")),
    _facility("bath", "浴室", gettext_lazy("Bath or shower")),
    _facility("washbasin", "洗面", gettext_lazy("Washbasin")),
    _facility("storage", "収納", gettext_lazy("Storage")),
    Groups(
        "accepted_groups",
        "受入対象",
        label=gettext_lazy("Groups the unit accepts"),
        help_text=gettext_lazy(
            "Turning away any group the law protects needs a reason the reviewer will check."
        ),
        words={
            "低額所得者": "low_income",
            "被災者": "disaster_victim",
            "高齢者": "elderly",
            "障害者": "disability",
            "子育て世帯": "child_raising",
            "外国人": "foreign_national",
            "dv被害者": "dv_victim",
            "犯罪被害者": "crime_victim",
            "新婚世帯": "newly_weds",
        },
    ),
    Text(
        "acceptance_reason",
        max_length=1000,
        required=False,
        label=gettext_lazy("Why the unit turns a group away"),
        help_text=gettext_lazy(
            "Needed when the unit does not accept every group the law protects (low-income households, "
            "disaster victims, older people, people with disabilities, households raising children): the "
            "reviewer checks that the limit is not undue."
        ),
    ),
    Flag("dedicated", "専用住宅", default=False),
    Flag("barrier_free", "バリアフリー", default=False),
    Flag("pets_allowed", "ペット可", default=False),
    Flag("guarantor_required", "保証人要", default=True),
    Flag("included", default=True, api=False),
)
FACILITY_CODES = tuple(s.code for s in UNIT if s.model_field == "facilities")


def floor_above_building(floor: int, floors: int) -> str | None:
    """The error of a unit on ``floor`` of a building of ``floors`` floors, if any."""
    if floor > floors:
        return _("Floor %(floor)s is above the building's %(floors)s floors.") % {
            "floor": floor,
            "floors": floors,
        }
    return None


def _choices(name: str) -> list[tuple[str, Any]]:
    return list(cast(Any, Building._meta.get_field(name)).choices)


BUILDING = Record(
    Key("building_key", "建物キー", model=None),
    Text("building_name", "建物名", model="name", max_length=200),
    Postal("postal_code", "郵便番号"),
    MunicipalityCode("municipality_code", "市区町村コード", model="municipality"),
    Text("address", "所在地", max_length=300),
    Choice(
        "structure",
        "構造",
        choices=_choices("structure"),
        words={
            "wood": "木造",
            "steel": "鉄骨造 鉄骨 s造",
            "rc": "rc造 鉄筋コンクリート造",
            "src": "src造 鉄骨鉄筋コンクリート造",
            "other": "その他",
        },
    ),
    Integer("floors", "階数", lo=1, hi=200),
    Choice(
        "building_type",
        "建物種別",
        choices=_choices("building_type"),
        words={
            "apartment": "共同住宅 アパート マンション",
            "detached": "戸建 戸建て 一戸建て",
            "terraced": "長屋",
            "shared_house": "シェアハウス 共同居住型",
        },
    ),
    Day("construction_started", "着工日", earliest=EARLIEST_CONSTRUCTION),
    Choice(
        "seismic_evidence",
        "耐震根拠",
        required=False,
        default="start_date_proof",
        choices=_choices("seismic_evidence"),
        words={
            "start_date_proof": "着工日証明",
            "diagnosis": "耐震診断",
            "retrofit": "耐震改修",
            "compliance_certificate": "耐震基準適合証明書",
            "none": "なし",
        },
    ),
    Choice("management", choices=_choices("management"), default="self"),
    Text("manager_name", max_length=200, required=False),
    Text("contact_name", max_length=200, required=False),
    Text("contact_phone", max_length=30, required=False),
    Integer("shared_residents", lo=0, hi=SMALLINT, required=False),
    Area("shared_total_area_m2", below=Decimal(1_000_000), required=False),
    Integer("shared_toilets", lo=0, hi=SMALLINT, required=False),
    Integer("shared_washbasins", lo=0, hi=SMALLINT, required=False),
    Integer("shared_baths", lo=0, hi=SMALLINT, required=False),
    Number(
        "lat", lo=20, hi=46, required=False, message=gettext_lazy("A latitude in Japan is between 20 and 46.")
    ),
    Number(
        "lon",
        lo=122,
        hi=154,
        required=False,
        message=gettext_lazy("A longitude in Japan is between 122 and 154."),
    ),
)
