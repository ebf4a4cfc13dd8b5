"""#13 Low: the rules/* request schemas are closed and say exactly what the domain's strict input reads (the
schema's keys are the domain's field sets, so the two cannot drift apart), and a body that follows the
schema's example is answered 200."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.api import rules_schema
from sumai.domain import eligibility, standards_json, subsidies


def test_the_schemas_name_the_fields_the_domain_reads():
    assert set(rules_schema.HOUSEHOLD["properties"]) == eligibility._TOP_FIELDS
    assert set(rules_schema.MEMBER["properties"]) == eligibility._MEMBER_FIELDS
    assert set(rules_schema.UNIT["properties"]) == standards_json._TOP_FIELDS
    assert (
        set(rules_schema.UNIT["properties"]["shared_house"]["properties"])
        == standards_json._SHARED_HOUSE_FIELDS
    )
    assert set(rules_schema.SUBSIDY["properties"]) == set().union(*subsidies._FIELDS.values())
    assert set(rules_schema.LEDGER["properties"]) == subsidies._LEDGER_FIELDS
    assert set(rules_schema.PAYMENT["properties"]) == subsidies._PAYMENT_FIELDS


@pytest.mark.django_db
def test_the_published_schema_closes_every_rules_request(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    for path, (name, _schema) in rules_schema.REQUESTS.items():
        body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert body == {"$ref": f"#/components/schemas/{name}"}
        assert schema["components"]["schemas"][name]["additionalProperties"] is False
