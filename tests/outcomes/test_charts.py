"""The charts of the outcome pages (server-drawn SVG, ``sumai.insights.charts``) as a reader gets them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from sumai.web.furigana import READING
from tests.outcomes.builders import SETAGAYA, builder

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
SVG_ELEMENTS = {"svg", "title", "desc", "g", "text", "tspan", "rect"}


def _charts(html: str) -> list[ET.Element]:
    """Every inline SVG of a page, parsed as XML (an element that is not SVG, a <ruby>, fails here)."""
    # the page is the app's own response, not untrusted input
    return [ET.fromstring(s) for s in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]  # noqa: S314


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    """Setagaya alone, every count at least 5: 6 households housed with the corporation in November 2025,
    declines for three reasons (5, 6 and 5), all asked by the corporation; so no cell is hidden."""
    b = builder()
    for i in range(6):
        h = b.household(SETAGAYA)
        b.placement(h, SETAGAYA, date(2025, 11, 10), date(2025, 10, 1) + timedelta(days=i), corporation=True)
        b.inquiry(
            h, SETAGAYA, "accepted", date(2025, 10, 20), answered_on=date(2025, 10, 22), by_corporation=True
        )
    h = b.household(SETAGAYA)
    for reason in ["lonely_death"] * 5 + ["no_guarantor"] * 6 + ["rent_arrears"] * 5:
        b.inquiry(
            h,
            SETAGAYA,
            "declined",
            date(2026, 3, 1),
            reason=reason,
            answered_on=date(2026, 3, 2),
            by_corporation=True,
        )
    return b


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
    labels = ["".join(t.itertext()) for t in reason.iter(f"{SVG}text")]
    assert "家賃（やちん）を はらって もらえるか しんぱい" in labels, labels


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
