"""The import's column table: each column's code, Japanese and English headers, whether it is required and
whether it belongs to the building (repeated on each of its units) or to the unit; the words a cell may
use for a choice, a yes/no or a priority group."""

from __future__ import annotations

from sumai.domain.eligibility import GROUP_CODES

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
JA_HEADER = {c[0]: c[1] for c in COLUMNS}
BUILDING_CODES = [c[0] for c in COLUMNS if c[4]]
UNIT_CODES = [c[0] for c in COLUMNS if not c[4]]
FACILITY_CODES = ("kitchen", "toilet", "bath", "washbasin", "storage")
# The unit columns that vary from unit to unit (read one by one) and the rest, which repeat (read as one
# key: layout, fees, facilities, groups, flags).
UNIT_HEAD_CODES = ("unit_number", "floor", "floor_area_m2", "rent")
UNIT_REST_CODES = tuple(c for c in UNIT_CODES if c not in UNIT_HEAD_CODES)
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

# Unit columns written per row, in the insert's order: the building's id, then the head (per row), then the
# rest (prepared once per distinct rest), then the defaults.
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
