"""A landlord on a phone keeps vacancy true (issue #14, item 1): one tap per unit, several at once, each
answered where the landlord is (in the vacancy section, not at the top of the page); the home's public page
says so; no console error; axe on the building page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from sumai.registry.models import Unit
from sumai.search.indexing import rebuild
from tests.e2e.test_registry_journey import log_in
from tests.registry.conftest import make_building

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]


def test_a_landlord_on_a_phone_sets_vacancy_per_unit_and_in_bulk(
    world: Any, new_page: Any, assert_accessible: Any
) -> None:
    building = make_building(world.orgs["operator"], state="registered", name="すずらん荘")
    Unit.objects.filter(building=building).update(status="registered", registered_on="2026-01-01")
    unit = building.units.get()
    rebuild()
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "operator.admin@example.jp")
    page.goto(f"/registry/buildings/{building.pk}/")
    assert_accessible(page, "building page with the vacancy controls")
    # the way to the vacancy controls from the top of a long building page
    page.get_by_role("link", name=re.compile("空室状況を")).click()
    expect(page.locator("#vacancy-heading")).to_be_in_viewport()
    page.locator("#vacancy").get_by_role("button", name=re.compile(r"^空室")).first.click()
    # far below the top on a phone: the confirmation is in the unit's row, the form lands on it (focused)
    answer = page.locator(f"#vacancy-unit-{unit.pk}-messages")
    expect(answer).to_contain_text(f"{unit.number}号室を「空室」にしました。")
    expect(answer).to_be_in_viewport()
    expect(answer).to_be_focused()
    expect(page.locator("#vacancy tbody")).to_contain_text("空室")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the building page is {width}px wide on a phone"

    page.locator(f"#vacancy-unit-{unit.pk}").check()
    page.get_by_role("button", name="入居中にする").click()
    expect(page.locator("#vacancy-messages")).to_contain_text("1戸を「入居中」にしました。")
    expect(page.locator("#vacancy-messages")).to_be_in_viewport()
    page.goto(f"/units/{unit.pk}/")
    expect(page.locator(".vacancy-box")).to_contain_text("入居中")
