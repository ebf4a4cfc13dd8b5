"""#14 item 7 (found walking the search on a phone): the cost and area boxes took only ASCII digits — a
Japanese IME's 「８００００」 was dropped by the browser's number input. They are text boxes with a numeric
keyboard now, and the search reads numbers as people write them."""

from __future__ import annotations

import pytest
from django.http import QueryDict
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


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("50.000", "50000"),  # Portuguese and Vietnamese group thousands with dots
        ("1.250.000", "1250000"),
        ("50.000,00", "50000"),
        ("５０．０００円", "50000"),
        ("50,000", "50000"),
        ("7万", "70000"),
        ("50.5", "50.5"),  # not grouped by three: left for the field to refuse
        ("abc", "abc"),
    ],
)
def test_yen_as_typed_in_every_language(typed: str, read: str) -> None:
    from sumai.core.formats import yen_text

    assert yen_text(typed) == read


@pytest.mark.django_db
def test_fifty_thousand_with_a_dot_is_fifty_thousand_yen(client, places):  # type: ignore[no-untyped-def]
    """The walk: in Portuguese and Vietnamese, where prices read "39.000 ienes", typing 50.000 as the most a
    month found no home at all — it was read as 50 yen."""
    from sumai.search.filtersets import _numbers_as_typed

    read = _numbers_as_typed(QueryDict("rent_max=50.000&rent_min=49.000&area_min=25.5"))
    assert (read["rent_max"], read["rent_min"], read["area_min"]) == ("50000", "49000", "25.5")
    page = client.get(reverse("search:search"), {"rent_max": "50.000", "rent_min": "49.000"})
    assert page.status_code == 200  # 49,000 to 50,000, not "the maximum is below the minimum" (49 > 50?)


def test_the_caseworker_s_ceiling_takes_man_and_dots() -> None:
    """The walk: 「7万円」 as the household's ceiling was refused ("type the amount in half-width digits")."""
    from sumai.matching.forms import YenField

    field = YenField()
    assert field.clean("7万円") == 70000
    assert field.clean("50.000") == 50000
    assert field.clean("５０，０００") == 50000
