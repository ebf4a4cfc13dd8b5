"""The outcome pages' tables on a phone (the walk, 390×844, every language): the tables by prefecture, by
municipality and by support corporation had their headers and names wrapped one character per line, their
last columns cut off with nothing to say they scrolled, and in English and Portuguese the corporations' page
panned sideways (614 and 630 px wide: the visually hidden "does not apply" stood outside the table's scroll
box). Now each row is a card on a phone: the document never scrolls sideways, no cell is narrower than a few
characters, and the cards of the table of parts fit the screen."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

MEASURE = """() => {
  const hidden = el => { for (let a = el; a; a = a.parentElement) {
      const r = a.getBoundingClientRect(); if (r.width <= 1 || r.height <= 1) return true; } return false; };
  const narrow = [];
  for (const cell of document.querySelectorAll('table.table th, table.table td')) {
    const text = cell.innerText.trim();
    if (text.length < 3 || hidden(cell)) continue;
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner < 2.5 * parseFloat(style.fontSize)) narrow.push({text, inner});
  }
  const parts = document.querySelector('[aria-labelledby="parts-caption"]');
  return {
    width: document.documentElement.scrollWidth,
    narrow,
    parts: parts && {scroll: parts.scrollWidth, client: parts.clientWidth,
                     right: Math.max(...[...parts.querySelectorAll('tr')].map(
                       r => r.getBoundingClientRect().right))},
    rows: parts ? parts.querySelectorAll('tbody tr').length : 0,
  };
}"""


@pytest.fixture
def world(live_server: Any) -> Any:
    from tests.outcomes.builders import chart_world

    b = chart_world()
    b.corporation.name = "特定非営利活動法人 すまいとくらしの居住支援ネットワーク"
    b.corporation.save(update_fields=["name"])
    return b


def test_the_outcome_tables_fit_a_phone_in_every_language(
    world: Any, new_page: Any, live_server: Any, assert_accessible: Any
) -> None:
    page = new_page()
    page.set_viewport_size(PHONE)
    pages = [
        reverse("outcomes:nation"),
        reverse("outcomes:prefecture", kwargs={"prefecture": "13"}),
        reverse("outcomes:corporations"),
    ]
    for language, _name in settings.LANGUAGES:
        page.context.add_cookies([{"name": "sumai_language", "value": language, "url": live_server.url}])
        for url in pages:
            page.goto(url)
            found = page.evaluate(MEASURE)
            assert found["width"] <= PHONE["width"], (language, url, found["width"])
            assert found["narrow"] == [], (language, url, found["narrow"])
            assert found["rows"] >= 1, (language, url)
            assert found["parts"]["scroll"] <= found["parts"]["client"], (language, url, found["parts"])
            assert found["parts"]["right"] <= PHONE["width"], (language, url, found["parts"])
        assert_accessible(page, f"the outcomes by support corporation on a phone ({language})")
