"""The rules of the law over HTTP and on the CLI: JSON in, JSON out, 400 / exit 2 naming the field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]

HOUSEHOLD = {
    "as_of": "2026-04-01",
    "members": [
        {"role": "applicant", "birth_date": "1950-05-01", "pension_gross": 1800000},
        {"role": "spouse", "birth_date": "1952-09-10", "pension_gross": 700000},
    ],
    "circumstances": [],
}
UNIT = {
    "kind": "ordinary",
    "floor_area_m2": 24,
    "construction_started": "1990-04-01",
    "on": "2026-04-01",
    "facilities": {
        "kitchen": "private",
        "toilet": "private",
        "bath": "private",
        "washbasin": "private",
        "storage": "private",
    },
}
SUBSIDY = {
    "program": "guarantee_fee",
    "fiscal_year": 2021,
    "fee": 50000,
    "tenant_monthly_income": 150000,
    "dedicated": True,
}


@pytest.mark.django_db
def test_household_endpoint(client):
    response = client.post(reverse("api:rules-household"), HOUSEHOLD, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["groups"] == ["low_income", "elderly"]
    assert isinstance(body["monthly_income"], int)
    assert {"group", "basis", "ref"} <= set(body["reasons"][0])


@pytest.mark.django_db
def test_unit_endpoint_lists_every_finding(client):
    response = client.post(
        reverse("api:rules-unit"),
        {**UNIT, "construction_started": "1980-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 200
    codes = {f["code"] for f in response.json()["findings"]}
    assert response.json()["ok"] is False
    assert "unit.floor_area.below_minimum" in codes
    assert "building.seismic.old_code_without_proof" in codes


@pytest.mark.django_db
def test_subsidy_endpoint(client):
    response = client.post(reverse("api:rules-subsidy"), SUBSIDY, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["national"] <= 30000
    assert all(isinstance(body[k], int) and body[k] >= 0 for k in ("national", "local", "owner"))
    assert body["national"] + body["local"] + body["owner"] == 50000


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "payload", "field"),
    [
        ("api:rules-household", {**HOUSEHOLD, "as_of": "2026-02-30"}, "as_of"),
        ("api:rules-household", {"members": HOUSEHOLD["members"], "circumstances": []}, "as_of"),
        (
            "api:rules-household",
            {**HOUSEHOLD, "circumstances": [{"code": "martian"}]},
            "circumstances[0].code",
        ),
        ("api:rules-unit", {**UNIT, "floor_area_m2": -3}, "floor_area_m2"),
        ("api:rules-unit", {k: v for k, v in UNIT.items() if k != "facilities"}, "facilities"),
        ("api:rules-subsidy", {**SUBSIDY, "program": "free_money"}, "program"),
        ("api:rules-subsidy", {**SUBSIDY, "fiscal_year": 1990}, "fiscal_year"),
        ("api:rules-subsidy", [1, 2], "$"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, name, payload, field):
    response = client.post(reverse(name), payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field


@pytest.mark.django_db
def test_malformed_json_is_a_400(client):
    response = client.post(reverse("api:rules-unit"), "{not json", content_type="application/json")
    assert response.status_code == 400


def _sumai(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("sumai")), *args],
        input=stdin,
        text=True,
        capture_output=True,
        cwd=ROOT,
        check=False,
    )


def test_cli_household_reads_stdin_and_prints_json():
    done = _sumai("rules", "household", stdin=json.dumps(HOUSEHOLD))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["groups"] == ["low_income", "elderly"]


def test_cli_bad_input_exits_2_naming_the_field():
    done = _sumai("rules", "unit", stdin=json.dumps({**UNIT, "floor_area_m2": -1}))
    assert done.returncode == 2
    assert "floor_area_m2" in done.stderr
    assert "Traceback" not in done.stderr
    garbage = _sumai("rules", "subsidy", stdin="{oops")
    assert garbage.returncode == 2
    assert "not valid JSON" in garbage.stderr


# --- issue #12: strict inputs, the plan applied, the ledger --------------------------------------------

LEDGER = {
    "granted_on": "2021-06-01",
    "month": "2021-09-01",
    "payments": [
        {"paid_on": "2021-07-10", "program": "rent_reduction", "national": 20000, "local": 20000},
        {"paid_on": "2021-09-03", "program": "rent_reduction", "national": 10000, "local": 0},
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "payload", "field"),
    [
        ("api:rules-unit", {**UNIT, "seismic_prof": True}, "seismic_prof"),
        ("api:rules-subsidy", {**SUBSIDY, "month": 12}, "month"),
        ("api:rules-household", {**HOUSEHOLD, "as_of": "2035-01-01"}, "as_of"),
        ("api:rules-unit", {**UNIT, "authority": "281001"}, "authority"),  # wrong check digit
        ("api:rules-unit", {**UNIT, "authority": "289990"}, "authority"),  # no such municipality
        ("api:rules-ledger", {**LEDGER, "months": "2021-09"}, "months"),
        ("api:rules-ledger", {**LEDGER, "month": "2021-W40-5"}, "month"),
    ],
)
def test_strict_inputs_are_a_400_naming_the_field(client, name, payload, field):
    response = client.post(reverse(name), payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field


@pytest.mark.django_db
def test_a_ward_of_kobe_gets_kobes_plan(client):
    response = client.post(
        reverse("api:rules-unit"),
        {**UNIT, "authority": "281093", "floor_area_m2": 20},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] is True  # 神戸市's 16 m², not the national 25 m²
    assert body["plan"]["authority"] == "281093"
    assert body["plan"]["registration_authority"] == "281000"
    assert body["plan"]["local_plan"]["authority_name"] == "神戸市"


@pytest.mark.django_db
def test_ledger_endpoint(client):
    response = client.post(reverse("api:rules-ledger"), LEDGER, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["month"] == "2021-09"
    assert body["rent_period_start"] == "2021-07-01"
    assert body["rent_national_this_month"] >= 0
    assert body["findings"] == []


@pytest.mark.django_db
def test_ledger_is_in_the_openapi_schema(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/rules/ledger"]["post"]
    assert "400" in operation["responses"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("LedgerRequest")


@pytest.mark.django_db
def test_cli_ledger_and_ward():
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    sys_stdin = sys.stdin
    try:
        sys.stdin = io.StringIO(json.dumps(LEDGER))
        call_command("rules", "ledger", stdout=out)
        assert json.loads(out.getvalue())["month"] == "2021-09"
        sys.stdin = io.StringIO(json.dumps({**UNIT, "authority": "281093", "floor_area_m2": 20}))
        out = io.StringIO()
        call_command("rules", "unit", stdout=out)
        assert json.loads(out.getvalue())["plan"]["registration_authority"] == "281000"
        sys.stdin = io.StringIO(json.dumps({**UNIT, "seismic_prof": True}))
        with pytest.raises(CommandError) as exc:
            call_command("rules", "unit", stderr=io.StringIO())
        assert exc.value.returncode == 2
        assert "seismic_prof" in str(exc.value)
    finally:
        sys.stdin = sys_stdin
