"""CSV import and export of buildings and units (bulk operators)."""

from __future__ import annotations

import csv
import io
import tempfile
import time
from typing import IO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sumai.audit.models import AuditEvent
from sumai.core.access import Access, Grant
from sumai.registry.exports import HEADER, TEMPLATE_ROWS, template_lines
from sumai.registry.imports import COLUMNS, detect_encoding, import_buildings
from sumai.registry.models import Building, Registration, Unit
from sumai.registry.services import Actor

pytestmark = pytest.mark.django_db

GROUPS = "low_income;disaster_victim;elderly;disability;child_raising"
BASE = {
    "building_key": "K1",
    "building_name": "さくらハイツ",
    "postal_code": "154-0001",
    "municipality_code": "131121",  # 世田谷区 → authority 東京都 130001
    "address": "東京都世田谷区池尻1-2-3",
    "structure": "木造",
    "floors": "2",
    "building_type": "apartment",
    "construction_started": "2001/04/01",
    "seismic_evidence": "",
    "unit_number": "101",
    "floor": "1",
    "floor_area_m2": "25.5",
    "layout": "1K",
    "rent": "60,000",
    "common_fee": "3000",
    "deposit": "0",
    "key_money": "0",
    "kitchen": "専用",
    "toilet": "private",
    "bath": "専用",
    "washbasin": "専用",
    "storage": "専用",
    "accepted_groups": GROUPS,
    "dedicated": "0",
    "barrier_free": "はい",
    "pets_allowed": "false",
    "guarantor_required": "いいえ",
}
CODES = [c[0] for c in COLUMNS]


def row(**changes: str) -> dict[str, str]:
    return {**BASE, **changes}


def csv_text(rows: list[dict[str, str]], *, header: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header or HEADER)
    for r in rows:
        writer.writerow([r.get(c, "") for c in CODES])
    return out.getvalue()


def good_rows() -> list[dict[str, str]]:
    return [
        row(),
        row(unit_number="102", floor="1"),
        row(unit_number="201", floor="2", floor_area_m2="30.00"),
        row(
            building_key="K2",
            building_name="札幌コーポ",
            municipality_code="011011",  # 札幌市中央区 → authority 札幌市 011002
            address="札幌市中央区北1条西1",
            structure="RC",
            floors="5",
            construction_started="2010-10-10",
            unit_number="501",
            floor="5",
        ),
    ]


def actor_for(user) -> Actor:  # type: ignore[no-untyped-def]
    from sumai.accounts.models import Membership

    grants = tuple(
        Grant(org_id, kind, role)
        for org_id, kind, role in Membership.objects.filter(user=user).values_list(
            "organisation_id", "organisation__kind", "role"
        )
    )
    return Actor(user, Access(True, False, grants))


def run(world, text: str | bytes, *, user=None, operator=None, **kwargs):  # type: ignore[no-untyped-def]
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_buildings(
        actor=actor_for(user or world.user("operator")),
        operator=operator or world.orgs["operator"],
        fileobj=io.BytesIO(data),
        filename="test.csv",
        **kwargs,
    )


def test_good_file_imports_buildings_units_and_draft_registrations(registry_world):
    seen: list[int] = []
    result = run(registry_world, csv_text(good_rows()), progress=seen.append)
    assert result.ok, result.errors
    assert (result.buildings, result.units, result.rows, result.encoding) == (2, 4, 4, "utf-8")
    assert seen[-1] == 4
    op = registry_world.orgs["operator"]
    setagaya = Building.objects.get(operator=op, name="さくらハイツ")
    assert setagaya.authority_code == "130001"
    assert setagaya.registration.state == Registration.State.DRAFT
    assert setagaya.registration.authority_code == "130001"
    assert setagaya.structure == "wood"
    assert setagaya.postal_code == "1540001"
    assert setagaya.lat is not None
    assert setagaya.lon is not None
    units = list(setagaya.units.order_by("number"))
    assert [u.number for u in units] == ["101", "102", "201"]
    assert units[0].rent == 60000
    assert units[0].barrier_free
    assert not units[0].guarantor_required
    assert units[0].facilities["kitchen"] == "private"
    assert units[0].accepted_groups == GROUPS.split(";")
    sapporo = Building.objects.get(operator=op, name="札幌コーポ")
    assert sapporo.authority_code == "011002"
    assert sapporo.registration.authority_code == "011002"
    event = AuditEvent.objects.get(action="registry.import")
    assert event.organisation == op
    assert event.after["buildings"] == 2
    assert event.after["units"] == 4
    assert event.after["file"] == "test.csv"


def test_english_headers_and_japanese_group_labels(registry_world):
    header = [c[2] for c in COLUMNS]
    text = csv_text([row(accepted_groups="高齢者・低額所得者・被災者・障害者・子育て世帯")], header=header)
    result = run(registry_world, text)
    assert result.ok, result.errors
    unit = Unit.objects.get(building__operator=registry_world.orgs["operator"])
    assert unit.accepted_groups == GROUPS.split(";")


def test_one_bad_row_writes_nothing_and_names_row_and_column(registry_world):
    rows = good_rows()
    rows[2]["rent"] = "abc"
    result = run(registry_world, csv_text(rows))
    assert not result.ok
    assert result.error_count == 1
    error = result.errors[0]
    assert (error.row, error.column) == (4, "家賃")  # header is row 1: the third data row is row 4
    assert "abc" in error.message
    assert not Building.objects.filter(operator=registry_world.orgs["operator"]).exists()
    assert (
        not Unit.objects.exists()
        or not Unit.objects.filter(building__operator=registry_world.orgs["operator"]).exists()
    )
    assert not AuditEvent.objects.filter(action="registry.import").exists()


def test_every_error_is_collected(registry_world):
    rows = [
        row(municipality_code="999999", floors="0"),
        row(unit_number="101"),  # duplicate in K1
        row(building_key="K2", construction_started="2020-13-01", unit_number="1"),
        row(building_key="K3", kitchen="たぶん", accepted_groups="elderly;martians", unit_number="1"),
        row(building_key="K4", floor_area_m2="-3", dedicated="maybe", structure="紙", unit_number="1"),
        row(building_key="K5", building_name="", unit_number="1"),
        row(building_key="K5", unit_number="2", address="別の住所"),
        row(building_key="K1", unit_number="999"),  # K1 again after K5
    ]
    result = run(registry_world, csv_text(rows))
    got = {(e.row, e.column) for e in result.errors}
    assert (2, "市区町村コード") in got
    assert (2, "階数") in got
    assert (3, "住戸番号") in got
    assert (4, "着工日") in got
    assert (5, "台所") in got
    assert (5, "受入対象") in got
    assert {(6, "床面積"), (6, "専用住宅"), (6, "構造")} <= got
    assert (7, "建物名") in got
    assert (8, "所在地") in got
    assert (9, "建物キー") in got
    assert not Building.objects.filter(operator=registry_world.orgs["operator"]).exists()


def test_standards_errors_reject_and_warnings_are_reported(registry_world):
    too_small = run(registry_world, csv_text([row(floor_area_m2="12")]))
    assert not too_small.ok
    assert [(e.row, e.column) for e in too_small.errors] == [(2, "床面積")]
    assert "12" in too_small.errors[0].message
    restrictive = run(registry_world, csv_text([row(accepted_groups="elderly")]))
    assert restrictive.ok
    assert restrictive.warning_count == 1
    assert restrictive.warnings[0].row == 2
    assert restrictive.warnings[0].column == "受入対象"


def test_missing_and_unknown_columns_are_reported_on_row_one(registry_world):
    header = [h for h in HEADER if h != "家賃"] + ["謎の列"]
    out = io.StringIO()
    csv.writer(out).writerow(header)
    result = run(registry_world, out.getvalue() + "x\n")
    assert {e.row for e in result.errors} == {1}
    assert any(e.column == "謎の列" for e in result.errors)
    assert any("家賃" in e.column for e in result.errors)


def test_cp932_and_utf8_bom_both_import(registry_world):
    text = csv_text(good_rows())
    assert detect_encoding(io.BytesIO(text.encode("cp932"))) == "cp932"
    cp = run(registry_world, text.encode("cp932"))
    assert cp.ok, cp.errors
    assert cp.encoding == "cp932"
    bom = run(registry_world, ("\ufeff" + text.replace("K1", "B1").replace("K2", "B2")).encode("utf-8"))
    assert bom.ok, bom.errors
    assert bom.encoding == "utf-8-sig"
    names = Building.objects.filter(operator=registry_world.orgs["operator"]).values_list("name", flat=True)
    assert sorted(names) == sorted(["さくらハイツ", "札幌コーポ"] * 2)


def test_template_reimports(registry_world):
    text = "".join(template_lines())
    assert text.startswith("\ufeff")
    assert len(list(csv.reader(io.StringIO(text)))) == 1 + len(TEMPLATE_ROWS)
    result = run(registry_world, text.encode("utf-8"))
    assert result.ok, result.errors
    assert (result.buildings, result.units) == (1, 2)


def test_export_reimports(registry_world, client):
    assert run(registry_world, csv_text(good_rows())).ok
    client.force_login(registry_world.user("operator"))
    response = client.get(reverse("registry:export"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(lines) == 5
    assert lines[1][-2] == "draft"
    other = registry_world.orgs["other_operator"]
    result = run(registry_world, body, user=registry_world.user("other_operator"), operator=other)
    assert result.ok, result.errors
    assert (result.buildings, result.units) == (2, 4)
    before = sorted(
        Unit.objects.filter(building__operator=registry_world.orgs["operator"]).values_list(
            "number", "floor_area_m2", "rent", "accepted_groups", "facilities", "building__authority_code"
        )
    )
    after = sorted(
        Unit.objects.filter(building__operator=other).values_list(
            "number", "floor_area_m2", "rent", "accepted_groups", "facilities", "building__authority_code"
        )
    )
    assert before == after


def test_cannot_import_for_an_operator_one_does_not_act_for(registry_world, client):
    other = registry_world.orgs["other_operator"]
    with pytest.raises(PermissionDenied):
        run(registry_world, csv_text(good_rows()), operator=other)
    # through the view: the operator is not among the choices
    client.force_login(registry_world.user("operator"))
    upload = SimpleUploadedFile("x.csv", csv_text(good_rows()).encode(), content_type="text/csv")
    response = client.post(reverse("registry:import"), {"operator": other.pk, "file": upload})
    assert response.status_code == 400
    assert not Building.objects.filter(operator=other).exists()
    # the agent authorised by the operator may import for it
    agent = registry_world.user("agent")
    assert run(registry_world, csv_text(good_rows()), user=agent).ok


def test_view_get_post_and_errors(registry_world, client):
    client.force_login(registry_world.user("operator"))
    page = client.get(reverse("registry:import"))
    assert page.status_code == 200
    assert reverse("registry:import_template").encode() in page.content
    template = client.get(reverse("registry:import_template"))
    assert template.status_code == 200
    assert template.content.startswith("\ufeff".encode())
    op = registry_world.orgs["operator"]
    upload = SimpleUploadedFile("stock.csv", csv_text(good_rows()).encode("cp932"), content_type="text/csv")
    done = client.post(reverse("registry:import"), {"operator": op.pk, "file": upload})
    assert done.status_code == 200
    assert done.context["result"].units == 4
    rows = good_rows()
    rows[0]["floor"] = "x"
    bad = SimpleUploadedFile("stock.csv", csv_text(rows).encode(), content_type="text/csv")
    failed = client.post(reverse("registry:import"), {"operator": op.pk, "file": bad})
    assert failed.status_code == 400
    assert "階" in failed.content.decode()
    not_csv = SimpleUploadedFile("stock.xlsx", b"PK\x03\x04", content_type="application/zip")
    refused = client.post(reverse("registry:import"), {"operator": op.pk, "file": not_csv})
    assert refused.status_code == 400
    assert Building.objects.filter(operator=op).count() == 2


def test_viewer_and_other_kinds_cannot_import(registry_world, client):
    client.force_login(registry_world.user("operator", "viewer"))
    assert client.get(reverse("registry:import")).status_code == 403
    client.force_login(registry_world.user("authority"))
    assert client.get(reverse("registry:import")).status_code == 403


def big_file(n: int, per_building: int = 10) -> IO[bytes]:
    fh = tempfile.TemporaryFile()  # noqa: SIM115 (returned open to the caller)
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(HEADER)
    base = [BASE.get(c, "") for c in CODES]
    key_i, num_i, floor_i = CODES.index("building_key"), CODES.index("unit_number"), CODES.index("floor")
    floors_i = CODES.index("floors")
    for i in range(n):
        r = list(base)
        r[key_i] = f"B{i // per_building}"
        r[num_i] = str(100 + i % per_building)
        r[floors_i] = "10"
        r[floor_i] = str(1 + i % per_building)
        writer.writerow(r)
    text.flush()
    text.detach()
    fh.seek(0)
    return fh


def test_large_file_imports(registry_world):
    n = 20_000
    fh = big_file(n)
    started = time.perf_counter()
    result = import_buildings(
        actor=actor_for(registry_world.user("operator")),
        operator=registry_world.orgs["operator"],
        fileobj=fh,
        filename="big.csv",
    )
    elapsed = time.perf_counter() - started
    assert result.ok, result.errors[:5]
    assert (result.buildings, result.units) == (n // 10, n)
    assert Unit.objects.filter(building__operator=registry_world.orgs["operator"]).count() == n
    assert elapsed < 20


@pytest.mark.django_db
def test_buildings_created_after_an_import_get_fresh_ids(registry_world):
    """The import takes building ids from the table's own sequence (PostgreSQL COPY path): later
    inserts through the ORM must not collide with them."""
    from sumai.registry.models import Building
    from tests.registry.conftest import make_building

    result = run(registry_world, csv_text(good_rows()))
    assert result.ok
    imported = set(Building.objects.values_list("pk", flat=True))
    later = make_building(registry_world.orgs["operator"], name="後から登録")
    assert later.pk not in imported
    assert later.pk > max(imported)


def test_export_neutralises_formulas_and_reimports_the_original_text(registry_world, client):
    """#13 item 3: a building name or address that a spreadsheet would run is written with a leading ' and
    the importer takes it off again: export → import gives back the same text, not '=…."""
    hostile = '=HYPERLINK("http://evil.example","click")'
    rows = [row(building_name=hostile, address="@SUM(1+1)東京都港区芝公園1-1")]
    assert run(registry_world, csv_text(rows)).ok
    client.force_login(registry_world.user("operator"))
    body = b"".join(client.get(reverse("registry:export")).streaming_content)
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    name_at = lines[0].index("建物名")
    address_at = lines[0].index("所在地")
    assert lines[1][name_at] == "'" + hostile
    assert lines[1][address_at].startswith("'@SUM")
    assert not any(cell.startswith(("=", "+", "@")) for line in lines for cell in line)
    other = registry_world.orgs["other_operator"]
    result = run(registry_world, body, user=registry_world.user("other_operator"), operator=other)
    assert result.ok, result.errors
    assert list(Building.objects.filter(operator=other).values_list("name", "address")) == [
        (hostile, "@SUM(1+1)東京都港区芝公園1-1")
    ]


def test_a_nul_byte_is_refused_with_its_row_and_column_and_nothing_is_stored(registry_world):
    """Issue #13: a NUL byte was stored on SQLite and failed the whole job on PostgreSQL with no reason."""
    rows = good_rows()
    rows[1] = row(unit_number="10\x002", floor="1")
    result = run(registry_world, csv_text(rows))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "住戸番号")]
    assert "NUL" in result.errors[0].message
    assert not Building.objects.filter(operator=registry_world.orgs["operator"]).exists()


def test_a_unit_above_the_buildings_floors_is_refused_naming_the_row(registry_world):
    """Issue #14 (minor): floor 5 in a 2-storey building was imported."""
    rows = good_rows()
    rows[0] = row(floors="2", floor="5")
    result = run(registry_world, csv_text(rows))
    assert not result.ok
    assert any(e.row == 2 for e in result.errors), result.errors
