"""#14 Minor: the free text found neither 「渋谷駅」 nor a place in rōmaji. A word in rōmaji that names a
place matches its municipality; a station is searched by its district."""

from __future__ import annotations

import pytest

from sumai.search.filtersets import romaji_places


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("word", "code"),
    [("shibuya", "131130"), ("shibuyaku", "131130"), ("setagaya", "131121"), ("sapporo", "011002")],
)
def test_a_place_in_romaji(places, word: str, code: str) -> None:  # type: ignore[no-untyped-def]
    assert code in romaji_places(word)


@pytest.mark.django_db
def test_a_designated_city_in_romaji_brings_its_wards(places) -> None:  # type: ignore[no-untyped-def]
    codes = romaji_places("sapporo")
    assert "011011" in codes  # 札幌市中央区


@pytest.mark.django_db
@pytest.mark.parametrize("word", ["mansion", "ab", "渋谷", "101", "heights"])
def test_other_words_are_text(places, word: str) -> None:  # type: ignore[no-untyped-def]
    assert romaji_places(word) == []


@pytest.mark.django_db
def test_the_search_finds_places_in_romaji_and_stations_by_district(client, places, stock):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from sumai.search.models import SearchUnit

    def codes(q: str) -> set[str]:
        page = client.get(reverse("search:search"), {"q": q}).context["page"]
        return {u.municipality_code for u in page.units}

    assert codes("setagaya") == {"131121"}
    assert codes("Minato-ku") == {"131032"}
    assert codes("osaka") == {"271276", "271004"} & set(
        SearchUnit.objects.values_list("municipality_code", flat=True)
    )
    assert codes("新宿駅") == {"131041"}  # 西新宿 in the address
    assert codes("setagaya 函館") == set()
