"""The case list on a 390×844 phone, in English and Japanese: one card per case (the repo's ``table
table-cards`` pattern), each cell inside the screen and saying what it is."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SETAGAYA = "131121"

LINES = """(el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
}"""


@pytest.fixture
def worked(live_server: Any) -> Any:
    """Setagaya's desk with a caseworker of a long name and three open cases: one with a task overdue, one
    nobody works yet, one closed reason-less but open."""
    from sumai.accounts.models import Membership
    from sumai.cases.models import Case, Household
    from tests.cases.conftest import desk
    from tests.factories import UserFactory

    org = desk(SETAGAYA, "世田谷区")
    worker = UserFactory(email="phone-caseworker@example.jp", name="小林 直子（世田谷区 相談員）")
    Membership.objects.create(user=worker, organisation=org, role="staff")
    today = timezone.localdate()
    for i, (status, caseworker, due) in enumerate(
        [
            ("following_up", worker, today - timedelta(days=30)),
            ("new", None, None),
            ("searching", worker, today + timedelta(days=3)),
        ]
    ):
        household = Household.objects.create(
            organisation=org, pseudonym=f"世帯 S-NWT{i}-5MJ3", municipality_id=SETAGAYA
        )
        Case.objects.create(
            household=household, organisation=org, status=status, caseworker=caseworker, next_due=due
        )
    return worker


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_case_list_is_a_card_per_case_on_a_phone(
    new_page: Any, live_server: Any, assert_accessible: Any, worked: Any, language: str
) -> None:
    """The walk: /cases/ on a 390 px phone had six columns, 「世田谷区」 one character a line and the
    start date cut at 「202」."""
    page = new_page()
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "sumai_language", "value": language, "url": live_server.url}])
    log_in(page, worked.email)
    page.goto(reverse("cases:cases"))
    expect(page.locator("main table tbody tr").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"/cases/ in {language}: the page is {width}px wide"
    cells = page.locator("main table tbody td, main table tbody th")
    assert cells.count() == 18
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box is not None
        assert box["x"] >= 0, (language, i, box)
        assert box["x"] + box["width"] <= PHONE["width"], (language, i, box)
    # each cell says what it is, and the place and the start date are on one line
    for label in ("Place", "Opened") if language == "en" else ("所在地", "開始日"):
        cell = page.locator(f"main table tbody td[data-label='{label}']").first
        expect(cell).to_be_visible()
        assert cell.evaluate(LINES) == 1, (language, label, cell.inner_text())
    assert_accessible(page, f"/cases/ on a phone in {language}")
