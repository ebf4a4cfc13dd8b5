"""The category chart (``sumai.insights.charts.category_chart``) is drawn for a phone: a viewBox about a
phone's column wide, labels wrapped (never cut to a number of characters), in every language."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from sumai.insights import charts
from sumai.outcomes.labels import REASON_LABELS

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _label(bar: charts.HBar) -> str:
    return " ".join(line.text for line in bar.lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_labels_stand_above_their_bars_wrapped_whole(language: str) -> None:
    """The walk: "Worried the rent will n…", "Lo ngại chết cô độc (孤独…" — cut at 24 characters."""
    with translation.override(language):
        labels = [str(label) for label in REASON_LABELS.values()]
    chart = charts.category_chart([(label, 10 + i, str(10 + i)) for i, label in enumerate(labels)])
    assert chart is not None
    assert chart.width <= 390  # hardly scaled on a phone: its 13-unit text reads at about 13 px
    for label, bar in zip(labels, chart.bars, strict=True):
        assert "…" not in _label(bar)
        # the words, in order, on one to three lines (a line break takes a space, or nothing in Japanese)
        assert _label(bar).replace(" ", "") == charts.bracket_readings(label).replace(" ", "")
        assert 1 <= len(bar.lines) <= charts.H_MAX_LINES
        for line in bar.lines:
            assert charts.text_width(line.text) <= chart.width, line
        assert bar.value.x + charts.text_width(bar.value.text) <= chart.width
        assert bar.lines[-1].y < bar.y  # the label above its bar
    if chart.stacked is False:  # every label fitted a left column: then its bars are at its right
        assert all(bar.x > 0 for bar in chart.bars)
    bottom = max(bar.y + chart.bar_height for bar in chart.bars)
    assert bottom <= chart.height


@pytest.mark.parametrize("language", LANGUAGES)
def test_month_labels_stand_at_the_left_of_their_bars(language: str) -> None:
    with translation.override(language):
        months = [date_format(date(2026, m, 1), "YEAR_MONTH_FORMAT") for m in range(1, 13)]
    chart = charts.category_chart([(m, i, str(i)) for i, m in enumerate(months)])
    assert chart is not None
    assert not chart.stacked
    for month, bar in zip(months, chart.bars, strict=True):
        assert [line.text for line in bar.lines] == [month]
        assert charts.text_width(month) <= bar.x
        assert bar.lines[0].y > bar.y  # on the bar's row
        assert bar.value.x + charts.text_width(bar.value.text) <= chart.width


def test_wrap_breaks_at_spaces_or_between_wide_characters_by_the_rules() -> None:
    assert charts.wrap("Worried about getting on with neighbours", 120) == [
        "Worried about",
        "getting on with",
        "neighbours",
    ]
    # no line starts with a closing mark nor ends with an opening one; a reading in brackets stays whole
    lines = charts.wrap("保証人がいない、または保証会社（ほしょうがいしゃ）の審査に通らない", 13 * 16)
    assert all(line[0] not in "、）" and line[-1] != "（" for line in lines), lines
    assert any("（ほしょうがいしゃ）" in line for line in lines), lines
    assert "".join(lines) == "保証人がいない、または保証会社（ほしょうがいしゃ）の審査に通らない"
    # more than three lines: the third is cut with "…"
    lines = charts.wrap("one two three four five six seven eight nine ten", 60)
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert charts.text_width(lines[-1]) <= 60


def test_a_chart_of_zeros_or_hidden_figures_is_not_drawn() -> None:
    assert charts.category_chart([("a", 0, "0"), ("b", None, "fewer than 5")]) is None


def test_why_no_chart_tells_zeros_from_hidden_figures() -> None:
    assert charts.why_no_chart([0, 0, 0]) == "zero"
    assert charts.why_no_chart([None, None]) == "hidden"
    assert charts.why_no_chart([0, None, 0]) == "zero_or_hidden"
