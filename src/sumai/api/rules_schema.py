"""The request bodies of ``POST /api/v1/rules/*`` as closed JSON schemas (``additionalProperties: false``),
so that the schema says what the rules accept — the same keys the domain's strict input reads (a test
compares them with the domain's field sets) — and schemathesis sends bodies the rules can answer.

The domain still validates every value (dates, ranges, which fields a programme needs) and answers 400 with
the field named; the schema gives the shape and the types."""

from __future__ import annotations

from typing import Any

from sumai.domain.income import Disability, Role
from sumai.domain.standards_rules import Facility, Provision
from sumai.domain.subsidies import Channel, Program
from sumai.domain.subsidy_conditions import GUARANTEE_COSTS, TENANT_EXCLUSIONS

DATE = {"type": "string", "format": "date", "example": "2026-04-01"}
YEN = {"type": "integer", "minimum": 0, "maximum": 1_000_000_000_000}
BOOL = {"type": "boolean"}
AREA = {"oneOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"}]}
CODE6 = {"type": "string", "pattern": r"^\d{6}$"}


def closed(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:  # OpenAPI 3.0: "required" may not be empty
        schema["required"] = required
    return schema


MEMBER = closed(
    {
        "role": {"type": "string", "enum": [r.value for r in Role]},
        "birth_date": DATE,
        "salary_gross": YEN,
        "pension_gross": YEN,
        "other_income": YEN,
        "disability": {"type": "string", "enum": [d.value for d in Disability]},
        "single_parent": BOOL,
        "widow": BOOL,
        "lives_with": BOOL,
    },
    ["role", "birth_date"],
)
HOUSEHOLD = closed(
    {
        "as_of": DATE,
        "municipality": CODE6,
        "members": {"type": "array", "items": MEMBER, "minItems": 1},
        "circumstances": {
            "type": "array",
            "items": closed({"code": {"type": "string"}, "since": DATE}, ["code", "since"]),
        },
        "income_year": {"type": "integer", "minimum": 1800, "maximum": 2199},
        "purpose": {
            "type": "string",
            "enum": ["low_income", "public_housing_discretionary", "renovation_child_newlywed"],
        },
    },
    ["as_of", "members"],
)
UNIT = closed(
    {
        "kind": {"type": "string", "enum": ["ordinary", "shared_house"]},
        "standard": {"type": "string", "enum": ["registration", "support_housing"]},
        "authority": CODE6,
        "on": DATE,
        "new_build": BOOL,
        "floor_area_m2": AREA,
        "construction_started": DATE,
        "completed_on": DATE,
        "lived_in": BOOL,
        "floors": {"type": "integer", "minimum": 1, "maximum": 200},
        "seismic_proof": BOOL,
        "facilities": closed(
            {f.value: {"type": "string", "enum": [p.value for p in Provision]} for f in Facility},
            [f.value for f in Facility],
        ),
        "rent": YEN,
        "comparable_rent": YEN,
        "shared_house": closed(
            {
                "residents": {"type": "integer", "minimum": 0},
                "total_area_m2": AREA,
                "rooms": {
                    "type": "array",
                    "items": closed(
                        {"area_m2": AREA, "occupants": {"type": "integer", "minimum": 0}}, ["area_m2"]
                    ),
                },
                "toilets": {"type": "integer", "minimum": 0},
                "washbasins": {"type": "integer", "minimum": 0},
                "baths": {"type": "integer", "minimum": 0},
                "common_rooms": {
                    "type": "array",
                    "items": {"type": "string", "enum": ["living", "dining", "laundry"]},
                },
                "single_parent": BOOL,
            },
            ["residents", "total_area_m2", "rooms", "toilets", "washbasins", "baths"],
        ),
    },
    ["kind", "facilities"],
)
SUBSIDY = closed(
    {
        "program": {"type": "string", "enum": [p.value for p in Program]},
        "fiscal_year": {"type": "integer", "minimum": 1900, "maximum": 2198},
        "channel": {"type": "string", "enum": [c.value for c in Channel]},
        "units": {"type": "integer", "minimum": 1, "maximum": 100_000},
        "works": {
            "type": "array",
            "items": closed({"code": {"type": "string"}, "cost": YEN}, ["code", "cost"]),
        },
        "elevator": BOOL,
        "childcare_facilities": {"type": "integer", "minimum": 0, "maximum": 1000},
        "management_start": DATE,
        "dedicated": BOOL,
        "rent_after": YEN,
        "public_housing_rent": YEN,
        "applied_on": DATE,
        "monthly_reduction": YEN,
        "tenant_monthly_income": YEN,
        "months": {"type": "integer", "minimum": 1, "maximum": 1200},
        "months_already_subsidised": {"type": "integer", "minimum": 0, "maximum": 1200},
        "national_paid_to_date": YEN,
        "local_paid_to_date": YEN,
        "extended": BOOL,
        "tenant_exclusions": {"type": "array", "items": {"type": "string", "enum": list(TENANT_EXCLUSIONS)}},
        "fee": YEN,
        "costs": closed(dict.fromkeys(GUARANTEE_COSTS, YEN), []),
    },
    ["program", "fiscal_year"],
)
PAYMENT = closed(
    {
        "paid_on": DATE,
        "program": {"type": "string", "enum": ["rent_reduction", "guarantee_fee"]},
        "national": YEN,
        "local": YEN,
        "contract": {"type": "string"},
    },
    ["paid_on", "program", "national", "local"],
)
LEDGER = closed(
    {
        "granted_on": DATE,
        "month": DATE,
        "payments": {"type": "array", "items": PAYMENT},
        "contract": {"type": "string"},
        "period_start": DATE,
    },
    ["granted_on", "month", "payments"],
)

REQUESTS = {
    "/api/v1/rules/household": ("RulesHouseholdRequest", HOUSEHOLD),
    "/api/v1/rules/unit": ("RulesUnitRequest", UNIT),
    "/api/v1/rules/subsidy": ("RulesSubsidyRequest", SUBSIDY),
    "/api/v1/rules/ledger": ("RulesLedgerRequest", LEDGER),
}


def add_rules_requests(result: dict[str, Any]) -> dict[str, Any]:
    """Put the closed request schemas into the OpenAPI document (a postprocessing hook)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for path, (name, schema) in REQUESTS.items():
        operation = result.get("paths", {}).get(path, {}).get("post")
        if operation is None:
            continue
        schemas[name] = schema
        operation["requestBody"] = {
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
            "required": True,
        }
    return result
