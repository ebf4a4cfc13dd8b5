"""The registration authority of every code in the reference data, and the places loader."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sumai.places.loaders import load_places
from sumai.places.models import Municipality, Prefecture, RegistrationBody
from sumai.places.selectors import UnknownCode, authority_map, registration_authority

ROOT = Path(__file__).resolve().parents[2]
CSV_PATH = ROOT / "data" / "municipalities.csv"
ROWS = list(csv.DictReader(CSV_PATH.open(encoding="utf-8")))
BY_CODE = {r["code"]: r for r in ROWS}
PREF_ROW = {r["prefecture_code"]: r for r in ROWS if r["kind"] == "prefecture"}


def expected_authority(row: dict[str, str]) -> tuple[str, str, str]:
    """The rule written out independently of the code under test, from DESIGN.md."""
    kind = row["kind"]
    if kind in ("designated_city", "core_city"):
        return row["code"], row["name"], kind
    if kind == "ward_of_designated_city":
        parent = BY_CODE[row["parent_code"]]
        assert parent["kind"] == "designated_city"
        return parent["code"], parent["name"], "designated_city"
    pref = PREF_ROW[row["prefecture_code"]]
    return pref["code"], pref["name"], "prefecture"


def test_reference_data_counts(db):
    assert Prefecture.objects.count() == 47
    assert Municipality.objects.exclude(kind="ward_of_designated_city").count() == 1741
    assert Municipality.objects.filter(kind="ward_of_designated_city").count() == 171
    assert Municipality.objects.filter(kind="designated_city").count() == 20
    assert Municipality.objects.filter(kind="core_city").count() == 62
    assert Prefecture.objects.filter(geometry__isnull=False).count() == 47
    assert len(ROWS) == 1959


def test_loader_is_idempotent(db):
    before = list(
        Municipality.objects.order_by("code").values_list("code", "name", "parent_id", "population")
    )
    result = load_places()
    assert (result.prefectures, result.municipalities, result.wards) == (47, 1741, 171)
    after = list(Municipality.objects.order_by("code").values_list("code", "name", "parent_id", "population"))
    assert before == after


def test_loader_fixes_changed_rows(db):
    Municipality.objects.filter(code="131016").update(name="wrong", population=1)
    load_places()
    m = Municipality.objects.get(code="131016")
    assert m.name == "千代田区"
    assert m.population == int(BY_CODE["131016"]["population"])


@pytest.mark.django_db
def test_authority_for_every_row_of_the_reference_data():
    """Walks all 1,959 rows: the selector, and the bulk map, agree with the rule."""
    bulk = authority_map()
    for row in ROWS:
        want = expected_authority(row)
        got = registration_authority(row["code"])
        assert (got.code, got.name, got.kind.value) == want, row["code"]
        if row["kind"] != "prefecture":
            assert (bulk[row["code"]].code, bulk[row["code"]].kind.value) == (want[0], want[2])


@pytest.mark.parametrize(
    ("code", "want"),
    [
        ("131016", ("130001", "東京都", "prefecture")),  # 千代田区: special ward → Tokyo
        ("132012", ("132012", "八王子市", "core_city")),
        ("011002", ("011002", "札幌市", "designated_city")),
        ("011011", ("011002", "札幌市", "designated_city")),  # 札幌市中央区 (ward)
        ("271403", ("271403", "堺市", "designated_city")),
        ("281000", ("281000", "神戸市", "designated_city")),
        ("252018", ("252018", "大津市", "core_city")),
        ("13101", ("130001", "東京都", "prefecture")),  # 5-digit form accepted
        ("１３１０１６", ("130001", "東京都", "prefecture")),  # full-width digits folded
    ],
)
@pytest.mark.django_db
def test_authority_examples(code, want):
    got = registration_authority(code)
    assert (got.code, got.name, got.kind.value) == want


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "6 digits"),
        ("abc", "6 digits"),
        ("1310161", "6 digits"),
        ("131017", "check digit"),
        ("999997", "No municipality"),
    ],
)
@pytest.mark.django_db
def test_unknown_or_malformed_codes_get_a_clear_error(code, message):
    with pytest.raises(UnknownCode) as info:
        registration_authority(code)
    assert message in info.value.message


@pytest.mark.django_db
def test_delegation_to_a_designated_registration_body():
    body = RegistrationBody.objects.create(
        code="RB-28-001",
        name="一般財団法人 兵庫県住宅建築総合センター",
        prefecture_id="28",
        active_from=date(2020, 4, 1),
    )
    # A town in Hyogo goes to the body …
    got = registration_authority("283011", on=date(2026, 1, 1))  # 猪名川町? any non-city code in 28
    assert got.kind.value in ("registration_body", "core_city", "designated_city")
    towns = Municipality.objects.filter(prefecture_id="28", kind="town")
    for town in towns:
        ref = registration_authority(town.code, on=date(2026, 1, 1))
        assert (ref.code, ref.kind.value) == (body.code, "registration_body")
    # … but Kobe (designated) and Himeji (core) keep registering their own buildings.
    assert registration_authority("281000", on=date(2026, 1, 1)).kind.value == "designated_city"
    assert registration_authority("282014", on=date(2026, 1, 1)).kind.value == "core_city"
    # Before the delegation starts, and after it ends, the prefecture registers.
    assert registration_authority(towns[0].code, on=date(2019, 1, 1)).code == "280003"
    body.active_until = date(2025, 3, 31)
    body.save()
    assert registration_authority(towns[0].code, on=date(2026, 1, 1)).code == "280003"


@pytest.mark.django_db
def test_cli_prints_json():
    from io import StringIO

    out = StringIO()
    call_command("places", "authority", "011011", stdout=out)
    assert json.loads(out.getvalue()) == {"code": "011002", "name": "札幌市", "kind": "designated_city"}


@pytest.mark.django_db
def test_cli_unknown_code_is_a_command_error_with_exit_code_2():
    with pytest.raises(CommandError) as info:
        call_command("places", "authority", "131017")
    assert info.value.returncode == 2
    assert "check digit" in str(info.value)


def test_sumai_console_script_runs_outside_the_test_database(tmp_path):
    """`sumai places authority CODE` as a new user types it, on a fresh SQLite file."""
    env = {
        "SUMAI_VAR_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
    }
    sumai = str(Path(sys.executable).with_name("sumai"))
    subprocess.run([sumai, "migrate", "-v0"], check=True, env=env, cwd=ROOT)
    subprocess.run([sumai, "places", "load"], check=True, env=env, cwd=ROOT, capture_output=True)
    done = subprocess.run(
        [sumai, "places", "authority", "202011"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == {"code": "202011", "name": "長野市", "kind": "core_city"}
    bad = subprocess.run(
        [sumai, "places", "authority", "12"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert bad.returncode == 2
    assert "12" in bad.stderr  # the message (in the default language, Japanese) names the code
    assert "Traceback" not in bad.stderr


@pytest.mark.django_db
def test_plan_authority_code_for_the_rules():
    """The plan that governs a unit: a ward's designated city; the prefecture behind a registration body."""
    from sumai.domain.errors import InputError
    from sumai.places.selectors import plan_authority_code

    assert plan_authority_code("281093") == "281000"  # a ward of Kobe → 神戸市
    assert plan_authority_code("131016") == "130001"  # 千代田区 → 東京都
    RegistrationBody.objects.create(
        code="RB-28-002", name="登録機関", prefecture_id="28", active_from=date(2020, 4, 1)
    )
    town = Municipality.objects.filter(prefecture_id="28", kind="town").first()
    assert town is not None
    assert plan_authority_code(town.code, on=date(2026, 1, 1)) == "280003"
    with pytest.raises(InputError) as exc:
        plan_authority_code("289990")
    assert exc.value.field == "authority"
