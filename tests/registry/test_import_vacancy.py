"""#14 item 1: the vacancy through CSV — export → edit the 空室状況 column → import updates the landlord's
units (not new buildings); every other column of an existing building is left alone; errors name the row."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sumai.audit.models import AuditEvent
from sumai.registry.imports.vacancy import parse_status
from sumai.registry.models import Building, Unit
from tests.registry.test_import import csv_text, good_rows, run

pytestmark = pytest.mark.django_db


def export(client, world) -> list[list[str]]:  # type: ignore[no-untyped-def]
    client.force_login(world.user("operator"))
    body = b"".join(client.get(reverse("registry:export")).streaming_content)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def to_bytes(lines: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(lines)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@pytest.fixture
def stock(registry_world):  # type: ignore[no-untyped-def]
    assert run(registry_world, csv_text(good_rows())).ok
    return registry_world


def test_export_writes_vacancy_in_words_and_keys_that_name_the_building(stock, client):
    op = stock.orgs["operator"]
    Unit.objects.filter(building__operator=op, number="101").update(vacancy="vacant")
    lines = export(client, stock)
    header = lines[0]
    at, key_at, number_at = header.index("空室状況"), header.index("建物キー"), header.index("住戸番号")
    by_number = {line[number_at]: line for line in lines[1:]}
    assert by_number["101"][at] == "空室"
    assert by_number["102"][at] == "不明"
    sakura = Building.objects.get(operator=op, name="さくらハイツ")
    assert by_number["101"][key_at] == f"SUMAI-{sakura.pk}"


def test_export_edit_import_sets_the_vacancy_and_creates_nothing(stock, client):
    op = stock.orgs["operator"]
    before_buildings = Building.objects.count()
    before_units = Unit.objects.count()
    lines = export(client, stock)
    header = lines[0]
    at, number_at, rent_at = header.index("空室状況"), header.index("住戸番号"), header.index("家賃")
    for line in lines[1:]:
        if line[number_at] == "101":
            line[at] = "空室"
        elif line[number_at] == "102":
            line[at] = "ＯＣＣＵＰＩＥＤ"  # full-width English code, as an IME may type it
            line[rent_at] = "1"  # another column changed: not read for an existing building
        elif line[number_at] == "501":
            line[at] = "改修中"
        else:
            line[at] = ""  # blank: left as it is
    result = run(stock, to_bytes(lines))
    assert result.ok, result.errors
    assert (result.buildings, result.units, result.vacancies) == (0, 0, 3)
    assert Building.objects.count() == before_buildings
    assert Unit.objects.count() == before_units
    units = {u.number: u for u in Unit.objects.filter(building__operator=op)}
    assert units["101"].vacancy == "vacant"
    assert units["102"].vacancy == "occupied"
    assert units["102"].rent == 60000
    assert units["501"].vacancy == "renovation"
    assert units["201"].vacancy == "unknown"
    assert units["201"].vacancy_confirmed_at is None
    assert timezone.now() - units["101"].vacancy_confirmed_at < timedelta(minutes=1)
    # one warning per existing building says the other columns were not read
    assert result.warning_count == 2
    assert "空室状況の列だけ" in result.warnings[0].message
    events = AuditEvent.objects.filter(action="vacancy.set", object_type="registry.building")
    assert events.count() == 2


def test_a_bad_vacancy_word_or_unknown_unit_names_the_row_and_nothing_changes(stock, client):
    lines = export(client, stock)
    header = lines[0]
    at, number_at = header.index("空室状況"), header.index("住戸番号")
    lines[1][at] = "空室"
    lines[2][at] = "たぶん空き"
    lines[3][number_at] = "999"
    result = run(stock, to_bytes(lines))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "空室状況"), (4, "住戸番号")]
    assert "空室、入居中、改修中、不明" in result.errors[0].message
    assert "999" in result.errors[1].message
    assert not Unit.objects.exclude(vacancy="unknown").exists()


def test_a_unit_twice_is_refused(stock, client):
    lines = export(client, stock)
    at = lines[0].index("空室状況")
    lines[1][at] = "空室"
    lines.append(list(lines[1]))
    lines[-1][at] = "入居中"
    result = run(stock, to_bytes(lines))
    assert not result.ok
    assert result.errors[0].row == len(lines)
    assert "すでに2行目" in result.errors[0].message


def test_another_landlords_export_still_copies_as_new_buildings(stock, client):
    """The key names a building only for its own landlord: another landlord importing the file gets new
    drafts (as before), and the vacancy of the copies starts unknown, with a warning."""
    lines = export(client, stock)
    at = lines[0].index("空室状況")
    for line in lines[1:]:
        line[at] = "空室"
    other = stock.orgs["other_operator"]
    result = run(stock, to_bytes(lines), user=stock.user("other_operator"), operator=other)
    assert result.ok, result.errors
    assert (result.buildings, result.units, result.vacancies) == (2, 4, 0)
    assert not Unit.objects.filter(building__operator=other).exclude(vacancy="unknown").exists()
    assert result.warning_count == 2  # one per new building
    assert "「不明」から始まります" in result.warnings[0].message


def test_the_result_page_says_what_was_set_and_links_to_the_buildings(stock, client):
    lines = export(client, stock)
    at = lines[0].index("空室状況")
    lines[1][at] = "空室"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("stock.csv", to_bytes(lines), content_type="text/csv")
    operator = stock.orgs["operator"]
    response = client.post(reverse("registry:import"), {"file": upload, "operator": operator.pk})
    page = response.content.decode()
    assert response.status_code == 200, page[page.find("<main") : page.find("<main") + 3000]
    page = response.content.decode()
    page = page[page.find("<main") :]
    assert "1戸の空室状況を設定し" in page
    assert "建物 0 件" not in page
    assert f"{reverse('registry:buildings')}?operator={operator.pk}" in page


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("空室", "vacant"),
        ("入居中", "occupied"),
        ("改修中", "renovation"),
        ("不明", "unknown"),
        (" Vacant ", "vacant"),
        ("ＯＣＣＵＰＩＥＤ", "occupied"),
        ("Under renovation", "renovation"),
        ("空", None),
        ("", None),
    ],
)
def test_vacancy_words(cell, status):
    assert parse_status(cell) == status
