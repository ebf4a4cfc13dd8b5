"""#14 item 10: place names in rōmaji from the reference data's readings (Hepburn, no macrons, the
administrative suffix after a hyphen), shown beside the kanji on pages in the other languages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from sumai.places.romaji import romanise
from sumai.places.selectors import municipality_names, with_romaji


@pytest.mark.parametrize(
    ("name", "kana", "romaji"),
    [
        ("東京都", "とうきょうと", "Tokyo-to"),
        ("大阪府", "おおさかふ", "Osaka-fu"),
        ("北海道", "ほっかいどう", "Hokkaido"),
        ("群馬県", "ぐんまけん", "Gunma-ken"),
        ("世田谷区", "せたがやく", "Setagaya-ku"),
        ("札幌市", "さっぽろし", "Sapporo-shi"),
        ("新宿区", "しんじゅくく", "Shinjuku-ku"),
        ("神戸市", "こうべし", "Kobe-shi"),
        ("一関市", "いちのせきし", "Ichinoseki-shi"),
        ("新潟県", "にいがたけん", "Niigata-ken"),
        ("日之影町", "ひのかげちょう", "Hinokage-cho"),
        ("大潟村", "おおがたむら", "Ogata-mura"),
        ("京都府", "きょうとふ", "Kyoto-fu"),
        ("", "", ""),
    ],
)
def test_romanise(name: str, kana: str, romaji: str) -> None:
    assert romanise(name, kana) == romaji


@pytest.mark.django_db
def test_the_loaded_places_carry_their_romaji(places):  # type: ignore[no-untyped-def]
    info = municipality_names()["131121"]
    assert (info.full_name, info.full_romaji, info.prefecture_romaji) == (
        "世田谷区",
        "Setagaya-ku",
        "Tokyo-to",
    )
    ward = next(
        m for m in municipality_names().values() if m.parent_code and m.full_name.startswith("大阪市")
    )
    assert ward.full_romaji.startswith("Osaka-shi ")


@pytest.mark.parametrize(
    ("language", "shown"), [("ja", False), ("ja-x-easy", False), ("en", True), ("vi", True)]
)
def test_with_romaji_only_outside_japanese(language: str, shown: bool) -> None:
    with translation.override(language):
        assert with_romaji("世田谷区", "Setagaya-ku") == ("世田谷区 (Setagaya-ku)" if shown else "世田谷区")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans", "ko", "vi", "pt-br"])
def test_the_search_form_offers_places_with_romaji(client, places, language):  # type: ignore[no-untyped-def]
    client.cookies["sumai_language"] = language
    html = client.get(reverse("search:search") + "?prefecture=13").content.decode()
    assert "東京都 (Tokyo-to)" in html
    assert "世田谷区 (Setagaya-ku)" in html
