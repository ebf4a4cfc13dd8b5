"""#14 item 7 (found walking the search on a phone): the cost and area boxes took only ASCII digits — a
Japanese IME's 「８００００」 was dropped by the browser's number input. They are text boxes with a numeric
keyboard now, and the search reads numbers as people write them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.search.filtersets import number_text


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("８００００", "80000"),
        ("80,000", "80000"),
        ("８０，０００円", "80000"),
        ("¥80000", "80000"),
        ("8万", "80000"),
        ("７．５万", "75000"),
        ("２５．５", "25.5"),
        ("abc", "abc"),
    ],
)
def test_numbers_as_typed(typed: str, read: str) -> None:
    assert number_text(typed) == read


@pytest.mark.django_db
def test_the_search_takes_full_width_cost_and_keeps_the_boxes_text(client, places):  # type: ignore[no-untyped-def]
    response = client.get(reverse("search:search"), {"rent_max": "８００００", "rent_min": "9万"})
    assert response.status_code == 400  # read as 90,000 > 80,000: the range error, not a type error
    html = response.content.decode()
    assert "上限が下限より小さくなっています" in html
    assert 'type="number" min="0" step="1000" id="id_rent_max"' not in html
    assert 'id="id_rent_max" name="rent_max" value="８００００" inputmode="numeric"' in html
    ok = client.get(reverse("search:search"), {"rent_max": "８００００"})
    assert ok.status_code == 200
