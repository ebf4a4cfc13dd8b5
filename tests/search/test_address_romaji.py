"""#14 Minor: a person who cannot read kanji can give the address: on pages in other languages the unit page
shows the street address in rōmaji under the Japanese one; in Japanese only the Japanese."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.places.romaji import street
from sumai.search.indexing import sync_buildings
from tests.search.conftest import registered_building

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("address", "municipality", "roman"),
    [
        ("東京都港区芝公園4-2-8", "港区", "Shibakoen 4-2-8"),
        ("東京都港区芝公園4丁目2番8号", "港区", "Shibakoen 4-chome 2-8"),
        ("東京都港区芝公園４－２－８", "港区", "Shibakoen 4-2-8"),  # full-width, as often typed
        ("大阪府大阪市北区梅田1丁目1-3", "大阪市北区", "Umeda 1-chome 1-3"),
        ("芝公園4-2-8", "港区", "Shibakoen 4-2-8"),  # without prefecture and municipality
    ],
)
def test_street_in_romaji(address: str, municipality: str, roman: str) -> None:
    prefecture = "大阪府" if "大阪" in address else "東京都"
    assert street(address, prefecture=prefecture, municipality=municipality) == roman


def test_the_unit_page_gives_the_address_in_romaji_in_other_languages(client, operator):
    building = registered_building(operator, address="東京都港区芝公園4丁目2番8号")
    sync_buildings([building.pk])
    url = reverse("search:unit", kwargs={"pk": building.units.get().pk})
    client.cookies["sumai_language"] = "vi"
    html = client.get(url).content.decode()
    assert "東京都港区芝公園4丁目2番8号" in html
    assert "Shibakoen 4-chome 2-8, Minato-ku, Tokyo-to" in html
    client.cookies["sumai_language"] = "ja"
    assert "Shibakoen" not in client.get(url).content.decode()


def test_the_support_section_names_the_place_in_romaji_too(client, operator):
    building = registered_building(operator, address="東京都港区芝公園4丁目2番8号")
    sync_buildings([building.pk])
    client.cookies["sumai_language"] = "en"
    html = client.get(reverse("search:unit", kwargs={"pk": building.units.get().pk})).content.decode()
    assert "港区 (Minato-ku)" in html
