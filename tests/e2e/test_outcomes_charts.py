"""The outcome charts on a phone (the walk: 6–7 px text, labels cut at 24 characters): in every language, on
a 390×844 screen, the charts' text is drawn at 12 px or more, no label is cut and none leaves the drawing;
on a desktop the text stays moderate. The accessible table beside each chart stays."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

MEASURE = """() => [...document.querySelectorAll('svg.hbars')].map(svg => {
  const scale = svg.getScreenCTM().a;
  const box = svg.viewBox.baseVal;
  return {
    id: svg.getAttribute('aria-labelledby'),
    table: !!svg.closest('.stats-grid').querySelector('table caption'),
    texts: [...svg.querySelectorAll('text')].map(t => {
      const b = t.getBBox();
      return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
              left: b.x, right: b.x + b.width, width: box.width};
    }),
  };
})"""


@pytest.fixture
def chart_world(live_server: Any) -> Any:
    from tests.outcomes.builders import chart_world

    return chart_world()


def test_the_tables_scroll_in_their_focusable_box_on_a_phone(
    chart_world: Any, new_page: Any, live_server: Any, assert_accessible: Any
) -> None:
    """The walk (axe, やさしい日本語): on a phone the "tenancies held" table was a scroll box of its own,
    inside the focusable box meant to scroll it — one no key could reach."""
    page = new_page()
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "sumai_language", "value": "ja-x-easy", "url": live_server.url}])
    page.goto(reverse("outcomes:municipality", kwargs={"prefecture": "13", "municipality": "131121"}))
    overflow = page.evaluate(
        "[...document.querySelectorAll('.table-scroll > table')].map(t => getComputedStyle(t).overflowX)"
    )
    assert overflow
    assert set(overflow) == {"visible"}
    assert_accessible(page, "an outcome page on a phone in easy Japanese")


def test_outcome_charts_are_readable_on_a_phone_in_every_language(
    chart_world: Any, new_page: Any, live_server: Any, assert_accessible: Any
) -> None:
    page = new_page()
    page.set_viewport_size(PHONE)
    url = reverse("outcomes:municipality", kwargs={"prefecture": "13", "municipality": "131121"})
    for language, _name in settings.LANGUAGES:
        page.context.add_cookies([{"name": "sumai_language", "value": language, "url": live_server.url}])
        page.goto(url)
        charts = page.evaluate(MEASURE)
        assert len(charts) == 2, (language, charts)  # the months and the reasons
        for chart in charts:
            assert chart["table"], chart["id"]
            for t in chart["texts"]:
                assert t["px"] >= 12, (language, t)
                assert "…" not in t["text"], (language, t)
                assert t["left"] >= -2, (language, t)  # a glyph's side bearing may stick out a little
                assert t["right"] <= t["width"] + 2, (language, t)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], language
        assert_accessible(page, f"the outcome charts on a phone ({language})")
    page.set_viewport_size(DESKTOP)
    page.goto(url)
    for chart in page.evaluate(MEASURE):
        assert all(12 <= t["px"] <= 20 for t in chart["texts"]), chart


TREND = """() => { const svg = document.querySelector('svg.trend'); const scale = svg.getScreenCTM().a;
  const box = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('text')].map(t => { const b = t.getBBox();
    return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, left: b.x,
            right: b.x + b.width, width: box.width}; }); }"""


def test_the_housing_trend_is_readable_on_a_phone(new_page: Any, live_server: Any) -> None:
    """The walk: the monthly trend of registered homes was drawn 720 units wide and halved on a phone (its
    year and axis labels at about 5 px). Homes registered over seven years: every label at 12 px or more on a
    phone, none outside the drawing, none overlapping the next; moderate on a desktop."""
    from datetime import date
    from decimal import Decimal

    from sumai.search.indexing import rebuild
    from tests.factories import OrganisationFactory
    from tests.search.conftest import registered_building

    operator = OrganisationFactory(kind="operator", name="テスト不動産")
    units = [
        {"registered_on": date(2019 + i // 4, 1 + (i % 4) * 3, 5), "floor_area_m2": Decimal("30")}
        for i in range(28)
    ]
    registered_building(operator, municipality="131032", units=units)
    rebuild()
    page = new_page()
    for viewport, low, high in ((PHONE, 12, 40), (DESKTOP, 12, 20)):
        page.set_viewport_size(viewport)
        page.goto(reverse("insights:housing"))
        texts = page.evaluate(TREND)
        years = [t for t in texts if t["text"].isdigit() and len(t["text"]) == 4]
        assert len(years) >= 4, texts
        for t in texts:
            assert low <= t["px"] <= high, (viewport, t)
            assert t["left"] >= -2, (viewport, t)
            assert t["right"] <= t["width"] + 2, (viewport, t)
        for a, b in itertools.pairwise(years):
            assert a["right"] < b["left"], (a, b)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
