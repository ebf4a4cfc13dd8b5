"""One rule per field: the unit form, the API serializer and the CSV import accept and refuse the same
boundary values of every bounded field (sumai.registry.fields), each refusal naming the field (and, in the
CSV, the row), with the same words."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from sumai.registry.fieldkinds import Area, Integer, Text
from sumai.registry.fields import BUILDING, MAX_YEN, UNIT
from sumai.registry.models import Building
from tests.core.test_labels import codes_in, visible_text
from tests.registry.conftest import make_building
from tests.registry.test_api import LIST, token_headers, unit_body
from tests.registry.test_import import csv_text, row, run
from tests.registry.test_workflow import BUILDING_POST, unit_post

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEN_BOUNDS = [(-1, False), (0, True), (MAX_YEN, True), (MAX_YEN + 1, False)]
UNIT_CASES: list[tuple[str, Any, bool]] = [
    *(
        (code, value, ok)
        for code in ("rent", "common_fee", "deposit", "key_money")
        for value, ok in YEN_BOUNDS
    ),
    ("floor", -11, False),
    ("floor", -10, True),
    ("floor", 200, True),
    ("floor", 201, False),
    ("floor_area_m2", "-3", False),
    ("floor_area_m2", "0", False),
    ("floor_area_m2", "0.01", True),  # the CSV's standards check refuses it as too small (see below)
    ("floor_area_m2", "25.555", False),
    ("floor_area_m2", "99999.99", True),
    ("floor_area_m2", "100000", False),
    ("unit_number", "1" * 20, True),
    ("unit_number", "1" * 21, False),
]
BUILDING_CASES: list[tuple[str, Any, bool]] = [
    ("floors", 0, False),
    ("floors", 1, True),
    ("floors", 200, True),
    ("floors", 201, False),
    ("construction_started", "1849-12-31", False),
    ("construction_started", "1850-01-01", True),
    ("construction_started", TODAY.isoformat(), True),
    ("construction_started", (TODAY + timedelta(days=1)).isoformat(), False),
    ("building_name", "名" * 200, True),
    ("building_name", "名" * 201, False),
    ("address", "所" * 300, True),
    ("address", "所" * 301, False),
]
NUMBERS = count(1000)


def case_id(case: tuple[str, Any, bool]) -> str:
    code, value, ok = case
    shown = f"{str(value)[:6]}…x{len(str(value))}" if len(str(value)) > 12 else str(value)
    return f"{code}={shown}-{'accepted' if ok else 'refused'}"


# ------------------------------------------------------------------------------------------- consumers
def via_form(client: Any, building: Building, code: str, value: Any) -> list[str] | None:
    """None when the form saves the unit, else the form's errors on the field."""
    name = UNIT[code].model_field
    assert name is not None
    data = {**unit_post(str(next(NUMBERS)), "30"), name: str(value)}
    response = client.post(reverse("registry:unit_new", kwargs={"pk": building.pk}), data)
    if response.status_code == 302:
        return None
    assert response.status_code == 400
    return list(response.context["form"].errors.get(name, []))


def via_api(client: Any, auth: dict[str, str], building: Building, code: str, value: Any) -> list[str] | None:
    """None when the API creates the unit, else its errors on the field."""
    name = UNIT[code].model_field
    assert name is not None
    body = {**unit_body(building.pk, number=str(next(NUMBERS))), name: value}
    response = client.post(LIST, body, content_type="application/json", **auth)
    if response.status_code == 201:
        return None
    assert response.status_code == 400, response.json()
    return list(response.json()["errors"].get(name, []))


def via_csv(world: Any, code: str, value: Any, **cells: str) -> list[str] | None:
    """None when the file imports, else the errors of row 2 in the field's column."""
    with translation.override("en"):
        result = run(world, csv_text([row(**{**cells, code: str(value)})]))
    if result.ok:
        return None
    column = (UNIT.by_code.get(code) or BUILDING[code]).ja
    return [e.message for e in result.errors if (e.row, e.column) == (2, column)]


# ------------------------------------------------------------------------------------------- units
def test_the_table_covers_every_bounded_unit_field():
    bounded = {s.code for s in UNIT if isinstance(s, Integer | Area | Text) and s.ja}  # the CSV's columns
    assert bounded == {code for code, _value, _ok in UNIT_CASES}


@pytest.mark.parametrize(("code", "value", "accepted"), UNIT_CASES, ids=map(case_id, UNIT_CASES))
def test_form_api_and_csv_agree_on_a_unit_field(client, registry_world, code, value, accepted):
    operator = registry_world.orgs["operator"]
    for_form, for_api = make_building(operator), make_building(operator)  # a unit number once each
    Building.objects.filter(operator=operator).update(
        floors=200
    )  # the floor's own bounds, not the building's
    for_form.refresh_from_db()
    client.force_login(registry_world.user("operator", "admin"))
    client.cookies["sumai_language"] = "en"
    outcomes = {
        "form": via_form(client, for_form, code, value),
        "api": via_api(client, token_headers(registry_world), for_api, code, value),
        "csv": via_csv(registry_world, code, value, floors="200"),
    }
    if (code, value) == ("floor_area_m2", "0.01"):
        # The field takes it; the CSV also runs the registration standards (25 m² at least) on each row.
        standards = outcomes.pop("csv")
        assert standards
        assert "is not an area" not in standards[0]
    if accepted:
        assert outcomes == dict.fromkeys(outcomes)
    else:
        assert all(outcomes.values()), outcomes  # every consumer refuses it, naming the field
        assert len({errors[0] for errors in outcomes.values() if errors}) == 1, outcomes  # in the same words


def test_the_api_refuses_a_unit_that_accepts_no_group(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    body = unit_body(building.pk, accepted_groups=[])
    response = client.post(LIST, body, content_type="application/json", **token_headers(registry_world))
    assert response.status_code == 400
    assert response.json()["field"] == "accepted_groups"


def test_the_form_and_csv_refuse_a_floor_above_the_building(client, registry_world):
    building = make_building(registry_world.orgs["operator"])  # 3 floors
    client.force_login(registry_world.user("operator", "admin"))
    client.cookies["sumai_language"] = "en"
    form = via_form(client, building, "floor", 4)
    csv = via_csv(registry_world, "floor", 4, floors="3")
    assert form == csv == ["Floor 4 is above the building's 3 floors."]


def test_text_is_read_alike_everywhere(client, registry_world):
    """Full-width characters and spaces are folded, a layout is upper case: the same stored value."""
    building = make_building(registry_world.orgs["operator"])
    client.force_login(registry_world.user("operator", "admin"))
    assert via_form(client, building, "layout", "１ｌｄｋ") is None
    assert via_api(client, token_headers(registry_world), building, "layout", " 1ldk ") is None
    assert via_csv(registry_world, "layout", "１ｌｄｋ") is None
    layouts = set(building.units.exclude(number="101").values_list("layout", flat=True))
    imported = Building.objects.exclude(pk=building.pk).get(operator=registry_world.orgs["operator"])
    assert layouts | set(imported.units.values_list("layout", flat=True)) == {"1LDK"}


def test_an_empty_fee_is_zero_in_the_form_as_in_the_csv(client, registry_world):
    building = make_building(registry_world.orgs["operator"])
    client.force_login(registry_world.user("operator", "admin"))
    assert via_form(client, building, "common_fee", "") is None
    assert building.units.exclude(number="101").get().common_fee == 0
    assert UNIT["common_fee"].parse("") == (0, None)


# ------------------------------------------------------------------------------------------- buildings
@pytest.mark.parametrize(("code", "value", "accepted"), BUILDING_CASES, ids=map(case_id, BUILDING_CASES))
def test_form_and_csv_agree_on_a_building_field(client, registry_world, code, value, accepted):
    """Buildings are written by the form and the CSV (the API writes units only)."""
    name = BUILDING[code].model_field
    assert name is not None
    client.force_login(registry_world.user("operator", "admin"))
    client.cookies["sumai_language"] = "en"
    data = {**BUILDING_POST, "operator": registry_world.orgs["operator"].pk, name: str(value)}
    response = client.post(reverse("registry:building_new"), data)
    form = None if response.status_code == 302 else list(response.context["form"].errors.get(name, []))
    # an old building needs a seismic document to meet the standards the CSV checks
    csv = via_csv(registry_world, code, value, floors="200", seismic_evidence="耐震改修")
    if accepted:
        assert (form, csv) == (None, None)
    else:
        assert form
        assert csv
        assert form[0] == csv[0]


def test_the_bounds_are_the_specs():
    floor_area = UNIT["floor_area_m2"]
    assert isinstance(floor_area, Area)
    assert floor_area.check(Decimal("0.01")) is None
    assert floor_area.check(Decimal("0")) is not None
    floors = BUILDING["floors"]
    assert isinstance(floors, Integer)
    assert (floors.lo, floors.hi) == (1, 200)


# ------------------------------------------------------------------------------------------- on screen
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_unit_page_shows_no_group_code(client, registry_world, language):
    building = make_building(registry_world.orgs["operator"])
    client.force_login(registry_world.user("operator", "admin"))
    client.cookies["sumai_language"] = language
    page = client.get(reverse("registry:unit_new", kwargs={"pk": building.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    start = html.index('<form method="post" class="form')
    form = html[start : html.index("</form>", start)]
    assert 'value="supporter_of_priority_persons"' in form  # every group is offered
    assert codes_in(visible_text(form)) == []
