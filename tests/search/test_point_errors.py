"""A walk: a latitude out of range (lat=95 with a longitude) was answered "give both latitude and longitude"
as well as the range error; both were given, so only what is wrong with the latitude is said."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from sumai.search.selectors import search_filter

pytestmark = pytest.mark.django_db


def _errors(query: dict[str, str]) -> dict[str, list[str]]:
    with translation.override("en"):
        f = search_filter(query)
        assert not f.is_valid()
        return {name: [str(m) for m in messages] for name, messages in f.form.errors.items()}


@pytest.mark.parametrize(
    ("query", "wrong"),
    [
        ({"lat": "95", "lon": "139.7"}, "lat"),
        ({"lat": "35.6", "lon": "200"}, "lon"),
        ({"lat": "95", "lon": "139.7", "radius": "2", "sort": "distance"}, "lat"),
        ({"lat": "abc", "lon": "139.7"}, "lat"),
    ],
)
def test_a_coordinate_out_of_range_says_only_that(query, wrong):
    errors = _errors(query)
    assert list(errors) == [wrong], errors  # no "give both" on the other, no "needs a point"
    assert len(errors[wrong]) == 1


def test_a_coordinate_missing_is_still_asked_for():
    assert _errors({"lat": "35.6"}) == {"lon": ["Give both latitude and longitude."]}
    assert "lat" in _errors({"lat": "95"})
    assert _errors({"lat": "95"})["lon"] == ["Give both latitude and longitude."]  # lon is missing indeed
    assert list(_errors({"radius": "2"})) == ["radius"]


def test_the_page_says_it_once(client, places):  # type: ignore[no-untyped-def]
    client.cookies["sumai_language"] = "ja"
    html = client.get(reverse("search:search"), {"lat": "95", "lon": "139.7"}).content.decode()
    assert "緯度と経度の両方" not in html
    assert html.count("<strong>緯度</strong>") == 1
