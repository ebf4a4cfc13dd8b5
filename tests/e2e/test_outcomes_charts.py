"""The outcome pages on a phone (390×844)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


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
