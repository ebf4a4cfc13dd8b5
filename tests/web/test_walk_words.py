"""Words the walk of 2026-12-06 found wrong in Japanese: the start page was called 「住宅」 ("housing": the
msgid "Home" served both the start page and a dwelling), and the landlord's units table headed the floor
area 「地域」 ("region": the msgid "Area" also names a region)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation


@pytest.mark.django_db
def test_the_start_page_is_home_not_housing(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/").content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("ホーム")
    assert ">ホーム</a>" in html
    assert ">住宅</a>" not in html


@pytest.mark.parametrize(("language", "start", "dwelling"), [("ja", "ホーム", "住宅"), ("ko", "홈", "주택")])
def test_home_as_the_start_page_and_as_a_dwelling_are_two_words(
    language: str, start: str, dwelling: str
) -> None:
    with translation.override(language):
        assert translation.pgettext("start page", "Home") == start
        assert translation.pgettext("a dwelling", "Home") == dwelling


def test_the_units_table_heads_the_floor_area_as_floor_area() -> None:
    with translation.override("ja"):
        html = render_to_string("registry/_units_table.html", {"units": []})
    assert "専有面積" in html
    assert "地域" not in html
