"""The charts of the outcome pages (server-drawn SVG, ``sumai.insights.charts``) as a reader gets them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse

from sumai.web.furigana import READING
from tests.outcomes.builders import SETAGAYA, chart_world, small_world

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
SVG_ELEMENTS = {"svg", "title", "desc", "g", "text", "tspan", "rect"}


def _charts(html: str) -> list[ET.Element]:
    """Every inline SVG of a page, parsed as XML (an element that is not SVG, a <ruby>, fails here)."""
    # the page is the app's own response, not untrusted input
    return [ET.fromstring(s) for s in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]  # noqa: S314


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return chart_world()


def test_easy_japanese_chart_labels_are_plain_text_with_the_reading_in_brackets(world, client) -> None:  # type: ignore[no-untyped-def]
    """The walk: ruby of the やさしい日本語 catalogue inside an SVG <text> ended the drawing (an HTML <ruby>
    breaks out of SVG), and a label cut at 24 characters left 「孤独死{こど…」 as text."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja-x-easy"
    drawn = 0
    for name, kwargs in (
        ("outcomes:nation", {}),
        ("outcomes:prefecture", {"prefecture": "13"}),
        ("outcomes:municipality", {"prefecture": "13", "municipality": SETAGAYA}),
        ("outcomes:corporations", {}),
    ):
        html = client.get(reverse(name, kwargs=kwargs)).content.decode()
        for svg in _charts(html):
            drawn += 1
            assert {e.tag.removeprefix(SVG) for e in svg.iter()} <= SVG_ELEMENTS, name
            text = "".join(svg.itertext())
            assert "{" not in text, name
            assert "｛" not in text, name
            assert READING.search(text) is None, name
    assert drawn >= 2
    html = client.get(
        reverse("outcomes:municipality", kwargs={"prefecture": "13", "municipality": SETAGAYA})
    ).content.decode()
    reason = next(s for s in _charts(html) if s.get("aria-labelledby", "").startswith("reason-chart"))
    labels = [
        " ".join("".join(t.itertext()) for t in g.iter(f"{SVG}text") if t.get("class") != "value")
        for g in reason.iter(f"{SVG}g")
    ]
    assert labels[0] == "家賃（やちん）を はらって もらえるか しんぱい", labels
    # wrapped on two lines, never cut: 「一人（ひとり）で なくなる こと（孤独死（こどくし））が しんぱい」
    assert labels[2] == "一人（ひとり）で なくなる こと（孤独死（こどくし））が しんぱい", labels
    assert not [label for label in labels if "…" in label]


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("outcomes:nation_csv", {}),
        ("outcomes:municipality_csv", {"prefecture": "13", "municipality": SETAGAYA}),
        ("outcomes:corporations_csv", {}),
    ],
)
def test_easy_japanese_downloads_carry_no_reading_markup(world, client, name, kwargs) -> None:  # type: ignore[no-untyped-def]
    """A CSV is not HTML: 「…こと（孤独死{こどくし}）が しんぱい」 was written as is."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja-x-easy"
    body = client.get(reverse(name, kwargs=kwargs)).content.decode("utf-8-sig")
    assert READING.search(body) is None
    assert "孤独死" in body


def _section(html: str, heading: str, following: str) -> str:
    return html[html.index(f'id="{heading}"') : html.index(f'id="{following}"')]


def test_zeros_are_not_called_hidden(client) -> None:  # type: ignore[no-untyped-def]
    """The walk: 秋田県 (no record) said 「この表の数はすべて非表示のため、グラフはありません」 although every
    figure is 0 — small-cell suppression hides 1 to 4, never 0."""
    small_world()  # records in Tokyo and Hokkaido only: Akita's months are all 0
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("outcomes:prefecture", kwargs={"prefecture": "05"})).content.decode()
    trend = _section(html, "trend-heading", "held-heading")
    assert "No household was housed in these months, so there is no chart." in trend
    assert "hidden" not in trend
    reasons = _section(html, "reasons-heading", "flags-heading")
    assert "No landlord has declined, so there is no chart." in reasons
    assert "hidden" not in reasons
    # Tokyo's months are 0 or hidden (Chiyoda's 3 and Setagaya's 6 protect each other): said so
    html = client.get(reverse("outcomes:prefecture", kwargs={"prefecture": "13"})).content.decode()
    trend = _section(html, "trend-heading", "held-heading")
    assert "Every figure of this table is 0 or hidden, so there is no chart." in trend
