"""Open data: the unit files hold exactly the registered units and only their public fields, the CSV is
Excel-friendly (BOM, CRLF) and keeps Japanese text, the JSON says the same as the CSV, both stream and answer
304 to a client whose copy is current; the daily snapshot counts by municipality match a hand count and a
second run for the same date replaces the first."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from sumai.audit.models import AuditEvent
from sumai.core.vacancy import valid_days
from sumai.registry.models import Unit
from sumai.search import opendata
from sumai.search.indexing import rebuild
from sumai.search.models import OpenDataSnapshot
from tests.e2e.conftest import (  # noqa: F401 - the browser fixtures
    _collected_static,
    assert_accessible,
    axe,
    browser,
    new_page,
)
from tests.search.conftest import registered_building

pytestmark = pytest.mark.django_db

HEADER = [
    "unit_id",
    "url",
    "registration_number",
    "registered_on",
    "building_name",
    "unit_number",
    "floor",
    "prefecture_code",
    "prefecture_name",
    "municipality_code",
    "municipality_name",
    "address",
    "latitude",
    "longitude",
    "building_type",
    "structure",
    "floors_above_ground",
    "layout",
    "floor_area_m2",
    "rent",
    "common_fee",
    "monthly_total",
    "deposit",
    "key_money",
    "accepted_groups",
    "dedicated",
    "barrier_free",
    "pets_allowed",
    "guarantor_required",
    "facility_kitchen",
    "facility_toilet",
    "facility_bath",
    "facility_washbasin",
    "facility_storage",
    "vacancy",
    "vacancy_confirmed_at",
    "operator_name",
    "management_company",
    "contact_name",
    "contact_phone",
]


def _body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def _csv(client, **headers) -> tuple[object, list[dict[str, str]], bytes]:
    response = client.get(reverse("search:open_data_units_csv"), headers=headers)
    raw = _body(response)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    return response, rows, raw


@pytest.fixture
def known(operator):
    """One building with one unit whose every public field is known."""
    building = registered_building(
        operator,
        name="メゾン・ド・ソレイユ「青葉」",
        address="東京都港区芝公園4-2-8, 2F",
        units=[
            {
                "number": "201",
                "floor": 2,
                "floor_area_m2": Decimal("31.45"),
                "layout": "1DK",
                "rent": 58000,
                "common_fee": 3000,
                "deposit": 58000,
                "key_money": 0,
                "accepted_groups": ["elderly", "low_income"],
                "dedicated": True,
                "barrier_free": True,
                "pets_allowed": False,
                "guarantor_required": False,
                "facilities": {"kitchen": "private", "toilet": "shared", "bath": "none"},
                "vacancy": "vacant",
            }
        ],
    )
    building.manager_name = "港管理株式会社"
    building.save()
    rebuild()
    return building.units.get()


def test_the_csv_has_a_bom_crlf_the_exact_header_and_one_row_per_registered_unit(client, stock):
    response, rows, raw = _csv(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert raw.startswith(b"\xef\xbb\xbf")
    first_line = raw[3:].split(b"\r\n", 1)[0].decode()
    assert first_line.split(",") == HEADER
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    registered = set(stock.filter(included=True).values_list("pk", flat=True))
    ids = [int(r["unit_id"]) for r in rows]
    assert ids == sorted(registered)
    unregistered = set(Unit.objects.exclude(status="registered").values_list("pk", flat=True))
    assert unregistered
    assert not unregistered & set(ids)
    assert all("下書き" not in r["building_name"] and "審査中" not in r["building_name"] for r in rows)


def test_the_header_names_no_private_field(client, stock):
    _response, rows, _raw = _csv(client)
    private = {"tenant", "household", "document", "attachment", "officer", "representative", "owner", "email"}
    assert not {name for name in rows[0] for word in private if word in name}
    assert list(rows[0]) == HEADER == list(opendata.UNIT_FIELD_NAMES)


def test_values_of_a_known_unit_and_japanese_text_survive(client, known):
    _response, rows, _raw = _csv(client)
    (row,) = rows
    unit = known
    assert row == {
        "unit_id": str(unit.pk),
        "url": f"http://testserver/units/{unit.pk}/",
        "registration_number": unit.registration_number,
        "registered_on": "2026-01-01",
        "building_name": "メゾン・ド・ソレイユ「青葉」",
        "unit_number": "201",
        "floor": "2",
        "prefecture_code": "13",
        "prefecture_name": "東京都",
        "municipality_code": "131032",
        "municipality_name": "港区",
        "address": "東京都港区芝公園4-2-8, 2F",
        "latitude": "35.6586",
        "longitude": "139.7454",
        "building_type": "apartment",
        "structure": "rc",
        "floors_above_ground": "5",
        "layout": "1DK",
        "floor_area_m2": "31.45",
        "rent": "58000",
        "common_fee": "3000",
        "monthly_total": "61000",
        "deposit": "58000",
        "key_money": "0",
        "accepted_groups": "low_income elderly",
        "dedicated": "true",
        "barrier_free": "true",
        "pets_allowed": "false",
        "guarantor_required": "false",
        "facility_kitchen": "private",
        "facility_toilet": "shared",
        "facility_bath": "none",
        "facility_washbasin": "",
        "facility_storage": "",
        "vacancy": "vacant",
        "vacancy_confirmed_at": timezone.localtime(unit.vacancy_confirmed_at).isoformat(),
        "operator_name": "テスト不動産",
        "management_company": "港管理株式会社",
        "contact_name": "管理室",
        "contact_phone": "03-0000-0000",
    }
    assert row["vacancy_confirmed_at"].endswith("+09:00")


def test_the_json_parses_and_says_what_the_csv_says(client, stock):
    _response, rows, _raw = _csv(client)
    response = client.get(reverse("search:open_data_units_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    doc = json.loads(_body(response).decode("utf-8"))
    assert doc["licence"]["name"] == "CC BY 4.0"
    assert "CC BY 4.0" in doc["attribution"]["ja"]
    assert [f["name"] for f in doc["fields"]] == HEADER
    assert all(f["description"]["en"] and f["description"]["ja"] for f in doc["fields"])
    assert len(doc["units"]) == len(rows) > 100
    types = {f["name"]: f["type"] for f in doc["fields"]}
    for unit, row in zip(doc["units"], rows, strict=True):
        assert list(unit) == HEADER
        for name, value in unit.items():
            kind = types[name]
            if kind == "decimal":
                assert Decimal(row[name]) == Decimal(str(value))
            elif kind == "number" and value is not None:
                assert float(row[name]) == value
            elif kind in ("date", "datetime") and value is not None:
                assert value == row[name]
            else:
                assert opendata.csv_value(kind, value) == row[name], name


def test_the_json_of_no_units_is_still_a_document(client):
    doc = json.loads(_body(client.get(reverse("search:open_data_units_json"))))
    assert doc["units"] == []
    assert doc["index_changed_at"] is None


def test_downloads_carry_a_dated_file_name_and_validators(client, stock):
    today = timezone.localdate().isoformat()
    for name, ext in (("search:open_data_units_csv", "csv"), ("search:open_data_units_json", "json")):
        response = client.get(reverse(name))
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Disposition"] == f'attachment; filename="sumai-units-{today}.{ext}"'
        assert response["ETag"].startswith('W/"')
        assert response["Last-Modified"]


@pytest.mark.parametrize("name", ["search:open_data_units_csv", "search:open_data_units_json"])
def test_a_current_copy_gets_304_and_a_change_makes_it_stale(client, stock, name):
    url = reverse(name)
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    _body(first)
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304
    assert client.get(url, headers={"if-none-match": 'W/"other"'}).status_code == 200
    # the registry changes: the old copy is stale
    from sumai.search.models import IndexState

    IndexState.objects.filter(id=1).update(changed_at=timezone.now() + timedelta(seconds=5))
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_the_export_reads_in_keyset_chunks(stock, django_assert_max_num_queries):
    """A chunk size of 7 over ~180 units: every unit once, in order, a few queries per chunk only."""
    total = stock.filter(included=True).count()
    chunks = list(opendata.unit_records(chunk=7))
    assert all(len(c) <= 7 for c in chunks)
    ids = [r["unit_id"] for c in chunks for r in c]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids)) == total
    pieces = opendata.units_csv(chunk=7)
    with django_assert_max_num_queries(total // 7 + 4):
        body = "".join(pieces)
    assert body.count("\r\n") == total + 1


# ------------------------------------------------------------------------------------------ snapshot
def _hand_count(now) -> dict[str, dict[str, int]]:
    cutoff = now - timedelta(days=valid_days())
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    buildings: dict[str, set[int]] = defaultdict(set)
    for unit in Unit.objects.filter(status="registered", included=True).select_related("building"):
        muni = unit.building.municipality_id
        out[muni]["registered_units"] += 1
        fresh = unit.vacancy_confirmed_at is not None and unit.vacancy_confirmed_at >= cutoff
        out[muni]["vacant_units"] += unit.vacancy == "vacant" and fresh
        out[muni]["dedicated_units"] += unit.dedicated
        buildings[muni].add(unit.building_id)
    for muni, ids in buildings.items():
        out[muni]["buildings"] = len(ids)
    return {k: dict(v) for k, v in out.items()}


def _stored(day: date) -> dict[str, dict[str, int]]:
    return {
        row.municipality_code: {
            "registered_units": row.registered_units,
            "vacant_units": row.vacant_units,
            "dedicated_units": row.dedicated_units,
            "buildings": row.buildings,
        }
        for row in OpenDataSnapshot.objects.filter(date=day)
    }


def test_the_snapshot_counts_match_a_hand_count(stock):
    call_command("opendata_snapshot", "--date", "2026-03-31", stdout=io.StringIO())
    expected = _hand_count(timezone.now())
    assert _stored(date(2026, 3, 31)) == expected
    assert sum(m["vacant_units"] for m in expected.values()) > 0  # the stock has fresh and stale vacancies
    assert AuditEvent.objects.filter(action="opendata.snapshot", object_id="2026-03-31").count() == 1


def test_running_the_snapshot_twice_replaces_that_date(stock, operator):
    day = timezone.localdate()
    call_command("opendata_snapshot", stdout=io.StringIO())
    call_command("opendata_snapshot", "--date", "2026-01-02", stdout=io.StringIO())
    first = _stored(day)
    registered_building(operator, municipality="012025", address="北海道函館市東雲町4-13", units=[{}, {}])
    rebuild()
    call_command("opendata_snapshot", stdout=io.StringIO())
    second = _stored(day)
    assert OpenDataSnapshot.objects.filter(date=day).count() == len(second)
    assert second["012025"]["registered_units"] == first["012025"]["registered_units"] + 2
    assert second == _hand_count(timezone.now())
    assert _stored(date(2026, 1, 2)) == first  # another date is left alone
    call_command("opendata_snapshot", stdout=io.StringIO())
    assert _stored(day) == second


def test_the_snapshot_refuses_a_bad_or_future_date(stock):
    with pytest.raises(CommandError, match="--date"):
        call_command("opendata_snapshot", "--date", "2026-02-30")
    with pytest.raises(CommandError, match="future"):
        call_command("opendata_snapshot", "--date", (timezone.localdate() + timedelta(days=1)).isoformat())
    assert not OpenDataSnapshot.objects.exists()


def test_snapshot_downloads(client, stock):
    call_command("opendata_snapshot", "--date", "2026-03-30", stdout=io.StringIO())
    call_command("opendata_snapshot", "--date", "2026-03-31", stdout=io.StringIO())
    expected = _stored(date(2026, 3, 31))

    listing = client.get(reverse("search:open_data_snapshot_list")).json()
    assert [s["date"] for s in listing["snapshots"]] == ["2026-03-31", "2026-03-30"]
    assert listing["snapshots"][0]["registered_units"] == sum(
        m["registered_units"] for m in expected.values()
    )

    response = client.get(listing["snapshots"][0]["csv"])
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sumai-municipalities-2026-03-31.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(opendata.SNAPSHOT_FIELD_NAMES)
    assert {r["municipality_code"]: int(r["registered_units"]) for r in rows} == {
        k: v["registered_units"] for k, v in expected.items()
    }
    minato = next(r for r in rows if r["municipality_code"] == "131032")
    assert minato["municipality_name"] == "港区"
    assert minato["prefecture_code"] == "13"
    modified = response["Last-Modified"]
    url = reverse("search:open_data_snapshot_csv", kwargs={"day": "2026-03-31"})
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304

    latest = client.get(reverse("search:open_data_snapshot_json")).json()
    assert latest["date"] == "2026-03-31"
    assert latest["licence"]["name"] == "CC BY 4.0"
    assert {m["municipality_code"]: m["vacant_units"] for m in latest["municipalities"]} == {
        k: v["vacant_units"] for k, v in expected.items()
    }
    for day in ("2026-04-01", "yesterday", "2026-13-01"):
        assert client.get(f"/open-data/snapshots/{day}.csv").status_code == 404


def test_no_snapshot_yet(client):
    assert client.get(reverse("search:open_data_snapshot_json")).status_code == 404
    assert client.get(reverse("search:open_data_snapshot_list")).json()["snapshots"] == []


def test_the_open_data_page_explains_the_files(client, stock):
    call_command("opendata_snapshot", "--date", "2026-03-31", stdout=io.StringIO())
    response = client.get(reverse("search:open_data"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in HEADER:
        assert f"<code>{name}</code>" in page
    for url in (
        reverse("search:open_data_units_csv"),
        reverse("search:open_data_units_json"),
        reverse("search:open_data_snapshot_json"),
        reverse("search:open_data_snapshot_list"),
        reverse("search:open_data_snapshot_csv", kwargs={"day": "2026-03-31"}),
        "https://creativecommons.org/licenses/by/4.0/",
    ):
        assert url in page
    assert opendata.ATTRIBUTION["ja"] in page
    assert 'href="/open-data/"' in client.get(reverse("search:search")).content.decode()  # the footer link


def test_the_open_data_page_says_how_many_units_and_links_only_to_what_exists(client, stock):
    """「登録住戸は 戸です」 had lost its number; the "latest counts" link was a 404 before any snapshot."""
    from sumai.search.models import SearchUnit

    rebuild(lambda message: None)
    count = SearchUnit.objects.count()
    assert count > 0
    page = client.get(reverse("search:open_data"), headers={"cookie": "sumai_language=ja"}).content.decode()
    assert f"登録住戸は {count:,} 戸です" in page
    links = set(re.findall(r'href="(/open-data/[^"]*)"', page))
    assert links
    for link in sorted(links):
        assert client.get(link).status_code == 200, link


# ------------------------------------------------------------------------------------------ browser
@pytest.fixture
def published(live_server):
    from tests.factories import OrganisationFactory

    operator = OrganisationFactory(kind="operator", name="みなと住宅株式会社")
    registered_building(operator, units=[{"vacancy": "vacant"}, {"number": "102"}])
    rebuild()
    opendata.take_snapshot(on=timezone.localdate())


@pytest.mark.e2e
@pytest.mark.xdist_group("e2e")
@pytest.mark.django_db(transaction=True)
def test_the_open_data_page_passes_axe_and_fits_a_phone(new_page, assert_accessible, published):  # noqa: F811
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    page.get_by_role("link", name="オープンデータ").click()
    assert page.url.endswith("/open-data/")
    assert page.get_by_role("heading", level=1).inner_text() == "セーフティネット登録住宅のオープンデータ"
    assert_accessible(page, "open data (phone)")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/open-data/?lang=en")
    assert_accessible(page, "open data (desktop)")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("CSV")).first.click()
    assert re.fullmatch(
        r"sumai-(units|municipalities)-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename
    )
    # Wait for the whole file: the file streams from the database, and a test that ends while the server
    # thread still reads would have the next flush find the tables locked (SQLite's shared-cache memory DB).
    saved = download.value.path()
    assert saved.read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_cells_that_would_run_as_a_formula_are_neutralised_and_numbers_stay_numbers(client, operator):
    """#13 item 3: a building name starting with = (or + - @) is written with a leading '; coordinates and
    money stay plain numbers that a spreadsheet reads as numbers."""
    registered_building(
        operator, name='=HYPERLINK("http://evil.example","x")', address="+81 東京都港区芝公園4-2-8"
    )
    rebuild()
    _response, rows, raw = _csv(client)
    (row,) = rows
    assert row["building_name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["address"].startswith("'+81")
    assert float(row["latitude"]) > 0
    assert int(row["rent"]) == 60000
    for line in csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")):
        assert not any(cell[:1] in {"=", "+", "@", "\t", "\r"} for cell in line)


def _json_units(client) -> list[dict]:
    return json.loads(_body(client.get(reverse("search:open_data_units_json"))))["units"]


def test_a_private_individual_landlord_is_not_named_in_the_open_data(client, operator):
    """#13 item 10: the building, its area, rent and the contact route are published; the name of a landlord
    who is a private individual is not (nor a contact name that is theirs when no company manages it)."""
    from sumai.registry.models import OperatorProfile

    operator.name = "山田太郎"
    operator.save()
    OperatorProfile.objects.create(organisation=operator, operator_type="individual")
    registered_building(operator, name="山田ハイツ")
    Unit.objects.update()
    from sumai.registry.models import Building

    Building.objects.update(contact_name="山田太郎", manager_name="")
    rebuild()
    _response, (row,), raw = _csv(client)
    assert "山田太郎" not in raw.decode("utf-8-sig")
    assert row["operator_name"] == ""
    assert row["contact_name"] == ""
    assert row["contact_phone"] == "03-0000-0000"
    assert row["building_name"] == "山田ハイツ"
    (unit,) = _json_units(client)
    assert unit["operator_name"] is None
    assert unit["contact_name"] is None
    assert unit["contact_phone"] == "03-0000-0000"


def test_a_company_landlord_and_a_management_company_contact_are_published(client, operator):
    from sumai.registry.models import Building, OperatorProfile

    OperatorProfile.objects.create(organisation=operator, operator_type="company")
    registered_building(operator)
    Building.objects.update(manager_name="港管理株式会社", contact_name="港管理 受付")
    rebuild()
    _response, (row,), _raw = _csv(client)
    assert row["operator_name"] == "テスト不動産"
    assert row["contact_name"] == "港管理 受付"


def test_coordinates_are_rounded_to_what_a_map_needs(client, operator):
    registered_building(operator, lat=35.658612345678901, lon=139.745398765432101)
    rebuild()
    _response, (row,), _raw = _csv(client)
    assert (row["latitude"], row["longitude"]) == ("35.6586", "139.7454")
    (unit,) = _json_units(client)
    assert (unit["latitude"], unit["longitude"]) == (35.6586, 139.7454)
