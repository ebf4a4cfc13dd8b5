"""A search with an error marks the field: aria-invalid and aria-describedby naming its message (the page
without JavaScript; search.js does the same after an htmx search), the summary links to it, and the title
says first that the search has errors. In やさしい日本語 the form's messages are plain Japanese, never
Django's standard Japanese."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(client, query: dict[str, str], language: str = "ja", **headers: str) -> str:  # type: ignore[no-untyped-def]
    client.cookies["sumai_language"] = language
    return client.get(reverse("search:search"), query, **headers).content.decode()


def _tag(html: str, control_id: str) -> str:
    found = re.search(rf"<(?:input|select)[^>]*\bid=\"{control_id}\"[^>]*>", html, re.S)
    assert found, control_id
    return found.group(0)


def test_the_field_with_the_error_is_marked_and_described_by_its_message(client):
    html = _page(client, {"rent_min": "90000", "rent_max": "1000"})
    rent_max = _tag(html, "id_rent_max")
    assert 'aria-invalid="true"' in rent_max
    # the message first, then the help
    assert 'aria-describedby="search-error-rent_max rent-help"' in rent_max
    message = re.search(r'<li id="search-error-rent_max" data-field="rent_max">(.*?)</li>', html, re.S)
    assert message, html
    assert "上限が下限より小さくなっています" in message.group(1)
    assert '<a href="#id_rent_max">' in message.group(1)  # the summary leads to the field
    rent_min = _tag(html, "id_rent_min")
    assert "aria-invalid" not in rent_min
    assert 'aria-describedby="rent-help"' in rent_min
    assert "aria-invalid" not in _tag(html, "id_prefecture")


def test_every_field_with_an_error_is_marked_and_a_hidden_one_is_shown(client):
    html = _page(client, {"radius": "3", "area_min": "abc", "q": "x" * 201})
    for name in ("radius", "area_min", "q"):
        control = _tag(html, f"id_{name}")
        assert 'aria-invalid="true"' in control, name
        assert f'aria-describedby="search-error-{name}"' in control, name
        assert f'id="search-error-{name}"' in html, name
    # the radius is behind "Near a place on the map", the floor area behind "More conditions": both open
    assert '<details class="near-point" open>' in html
    assert '<details class="more-filters" id="more-filters" open>' in html


def test_a_search_without_errors_marks_nothing(client):
    html = _page(client, {"prefecture": "13", "rent_max": "60000"})
    assert "aria-invalid" not in html
    assert "search-error-" not in html
    assert '<details class="near-point">' in html


def test_the_title_says_first_that_the_search_has_errors(client):
    for headers in ({}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}):
        html = _page(client, {"rent_min": "abc"}, **headers)
        title = re.search(r"<title>([^<]*)</title>", html)
        assert title, html[:300]
        assert title.group(1).startswith("検索条件を確認してください · 住まいを探す"), title.group(1)
    english = _page(client, {"rent_min": "abc"}, language="en")
    assert "<title>Please check the search · Find a home |" in english
    ok = _page(client, {"prefecture": "13"})
    assert "<title>検索条件を確認してください" not in ok


def test_the_fragment_names_each_field_for_the_script(client):
    """htmx swaps only the results: the fragment's lines carry the field's name, which search.js marks."""
    html = _page(client, {"rent_min": "9", "rent_max": "1"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert '<li id="search-error-rent_max" data-field="rent_max">' in html


# Django's standard Japanese for the messages the search form can produce (django/conf/locale/ja)
DJANGO_JAPANESE = (
    "数値を入力してください",
    "でなければなりません",
    "このフィールドは必須です",
    "正しく選択してください",
    "文字以下でなければなりません",
    "整数を入力してください",
)
BAD_SEARCHES = [
    {"rent_min": "abc"},  # Enter a number.
    {"rent_min": "-1"},  # greater than or equal to
    {"rent_max": "99999999999"},  # less than or equal to
    {"area_max": "2000"},
    {"lat": "10", "lon": "139"},
    {"lat": "abc", "lon": "139"},
    {"radius": "0.01", "lat": "35.6", "lon": "139.7"},
    {"sort": "nearest"},  # Select a valid choice.
    {"group": "nobody"},
    {"layout": "9LDK"},
    {"q": "x" * 201},  # at most 200 characters
    {"prefecture": "123"},
]


@pytest.mark.parametrize("query", BAD_SEARCHES, ids=lambda q: next(iter(q)))
def test_easy_japanese_form_messages_are_easy_japanese(client, query):
    html = _page(client, query, language="ja-x-easy")
    summary = re.search(r'id="search-errors".*?</div>', html, re.S)
    assert summary, html[:300]
    text = re.sub(r"<rt>.*?</rt>|<rp>.*?</rp>|<[^>]+>", "", summary.group(0))
    for standard in DJANGO_JAPANESE:
        assert standard not in text, text
    assert "ください" in text or "ません" in text, text


def test_easy_japanese_number_messages(client):
    text = _page(client, {"rent_min": "abc"}, language="ja-x-easy")
    assert "すうじ を かいて ください。" in text
    text = _page(client, {"rent_min": "-1"}, language="ja-x-easy")
    assert "0 いじょう の すうじ を かいて ください。" in text
    text = _page(client, {"area_max": "2000"}, language="ja-x-easy")
    assert "1,000 いか の すうじ を かいて ください。" in text


def test_a_huge_number_gets_one_message_without_a_code(client):
    """django-filter added "at most 1e+50" to the field's own bound: two messages, one of them a code."""
    html = _page(client, {"rent_min": "1e400"}, language="en")
    line = re.search(r'<li id="search-error-rent_min"[^>]*>(.*?)</li>', html, re.S)
    assert line, html
    assert "1e+50" not in line.group(1)
    assert line.group(1).count("Ensure this value") == 1


@pytest.mark.parametrize(
    ("language", "limit"), [("ja", "10,000,000以下"), ("en", "10,000,000."), ("vi", "10.000.000")]
)
def test_a_bound_is_written_as_people_read_numbers(client, language, limit):
    """A walk: 「10000000以下の数を入力してください。」 — the bound without its thousands grouped."""
    html = _page(client, {"rent_max": "99999999999999"}, language=language)
    line = re.search(r'<li id="search-error-rent_max"[^>]*>(.*?)</li>', html, re.S)
    assert line, html
    assert limit in line.group(1), line.group(1)
    assert "10000000" not in line.group(1)
