"""One way to write a floor area for people (a walk found 18 m² on one page and 18.10 m² on another)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from sumai.core.formats import area


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (Decimal("18.10"), "18.1"),
        (Decimal("18.00"), "18"),
        (Decimal("18.25"), "18.25"),
        ("30.00", "30"),
        (100, "100"),
        (Decimal("1200.50"), "1200.5"),
        (None, ""),
        ("", ""),
        ("n/a", "n/a"),
    ],
)
def test_trailing_zeros_are_dropped(value, words):
    with translation.override("ja"):
        assert area(value) == words


def test_the_language_s_decimal_mark():
    with translation.override("pt-br"):
        assert area(Decimal("18.10")) == "18,1"
    with translation.override("en"):
        assert area(Decimal("18.10")) == "18.1"


def test_the_template_filter_is_the_same_function():
    rendered = Template("{% load sumai_core %}{{ a|area }} m²|{{ b|area }} m²").render(
        Context({"a": Decimal("18.10"), "b": Decimal("18.00")})
    )
    assert rendered == "18.1 m²|18 m²"


def test_every_template_writes_floor_areas_through_the_filter():
    """A floor area printed raw (18.10) or with floatformat (18.10 too) reads differently from the rest."""
    import re
    from pathlib import Path

    import sumai

    root = Path(sumai.__file__).parent
    raw = re.compile(r"\{\{\s*[\w.]*area_m2(?![\w.]*\|area\b)[^}]*\}\}")
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.rglob("*.html")
        for match in raw.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)
