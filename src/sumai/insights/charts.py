"""Inline SVG bar charts drawn on the server (no script, no library); the page puts the same figures in a
table beside each.

- :func:`trend_chart`: the monthly registration trend, one bar per month for the registered units at the
  month's end, a <title> on each bar with its figures, a label on the first month of each year;
- :func:`category_chart`: horizontal bars per category (the consultation and outcome statistics), drawn for
  a phone first."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sumai.core.readings import bracket_readings

# The trend is drawn for a phone first, like the category charts below: a viewBox about as wide as a phone's
# column, so that its 13-unit text reads at about 13 px there (the old 720-wide drawing was halved on a phone:
# 5.5 px text); insights.css stops it from growing past 32rem on a larger screen.
WIDTH = 360
HEIGHT = 200
LEFT = 70  # room for the axis labels ("1,000,000" at 13 units)
BOTTOM = 22
TOP = 10
YEAR_LABEL_ROOM = 36  # a year's label ("2026") is left out when it would touch the one before


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    baseline: float


def _nice_top(maximum: int) -> int:
    if maximum <= 0:
        return 1
    magnitude = int(10 ** (len(str(maximum)) - 1))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * magnitude >= maximum:
            return int(m * magnitude)
    return int(10 * magnitude)


def trend_chart(
    trend: Sequence[Any], *, describe: Callable[[Any], str], number: Callable[[int], str]
) -> BarChart | None:
    """Bars of ``bar.total`` per month of ``trend`` (items with ``month``, ``registered``, ``total``)."""
    if not trend:
        return None
    top = _nice_top(max(b.total for b in trend))
    plot_w = WIDTH - LEFT - 4
    plot_h = HEIGHT - BOTTOM - TOP
    step = plot_w / len(trend)
    bars = []
    x_ticks: list[Tick] = []
    for i, b in enumerate(trend):
        h = plot_h * b.total / top
        x = LEFT + i * step
        bars.append(
            Bar(
                round(x, 2),
                round(TOP + plot_h - h, 2),
                round(max(step - 1, 0.5), 2),
                round(h, 2),
                describe(b),
            )
        )
        if (b.month.month == 1 or i == 0) and (not x_ticks or x - x_ticks[-1].x >= YEAR_LABEL_ROOM):
            x_ticks.append(Tick(round(x, 2), HEIGHT - 5, str(b.month.year)))
    y_ticks = tuple(
        Tick(LEFT - 6, round(TOP + plot_h - plot_h * f, 2), number(int(top * f))) for f in (0, 0.5, 1)
    )
    return BarChart(WIDTH, HEIGHT, tuple(bars), tuple(x_ticks), y_ticks, TOP + plot_h)


@dataclass(frozen=True, slots=True)
class Line:
    x: float
    y: float
    text: str


@dataclass(frozen=True, slots=True)
class HBar:
    lines: tuple[Line, ...]  # the category, on one to three lines
    x: float
    y: float
    width: float
    value: Line  # the figure as shown (a number, or the words of a suppressed cell), after the bar
    title: str


@dataclass(frozen=True, slots=True)
class HBarChart:
    width: int
    height: int
    bar_height: int
    bars: tuple[HBar, ...]
    stacked: bool  # each label above its bar (long labels); else in a column at the left (short ones)


# Category charts are drawn for a phone first: a viewBox about as wide as a phone's column (390 px less the
# page's margins), so that the SVG is hardly scaled there and its 13-unit text reads at about 13 px. (The old
# 720-wide drawing was halved on a phone: 6 px text.) The stylesheet stops it from growing past 32rem.
H_WIDTH = 360
H_FONT = 13  # the text's size in the drawing's units (insights.css: .hbars text)
H_LINE = 16  # the distance between two lines of a label
H_BAR = 16
H_GAP = 10  # between two categories
H_LEFT_LABELS = 0.4  # labels all as narrow as this share of the width stand in a column at the left
H_MAX_LINES = 3  # a longer label is cut with "…" on its last line (its bar's title and the table give it)

_OPENING = frozenset("（([「『【〔〈《“‘")
_CLOSING = frozenset(
    "）)]」』】〕〉》”’、。，．,.:;：；！？!?ー々・…"  # closing marks
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ"  # small kana
)


def _char_width(c: str) -> float:
    """A character's advance in ems, estimated on the generous side: a wide (CJK) character 1, a Latin one
    0.6 (the average of a sans-serif is nearer 0.5; capitals and Vietnamese diacritics take more)."""
    return 1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6


def text_width(text: str, size: float = H_FONT) -> float:
    """The estimated width of ``text`` at font size ``size`` (in the drawing's units)."""
    return sum(_char_width(c) for c in text) * size


def _units(text: str) -> list[str]:
    """``text`` in pieces a line may break between. A text with spaces (English, Vietnamese, Korean,
    やさしい日本語's 分かち書き) breaks at its spaces only; one without (Japanese, Chinese) between any two
    wide characters, except before closing and after opening punctuation (禁則) and inside brackets (a
    reading ``（こどくし）`` stays whole)."""
    if " " in text.strip():
        words = text.split()
        return [w + " " for w in words[:-1]] + words[-1:]
    units: list[str] = []
    depth = 0
    for i, c in enumerate(text):
        prev = text[i - 1] if i else ""
        wide = _char_width(c) == 1.0 and _char_width(prev) == 1.0 if prev else False
        breakable = wide and depth == 0 and c not in _CLOSING and prev not in _OPENING
        if units and not breakable:
            units[-1] += c
        else:
            units.append(c)
        if c in "（(":
            depth += 1
        elif c in "）)" and depth:
            depth -= 1
    return units


def _cut(text: str, width: float) -> str:
    """``text`` cut with "…" to fit ``width``."""
    out = text.rstrip()
    while out and text_width(out + "…") > width:
        out = out[:-1].rstrip()
    return out + "…"


def wrap(text: str, width: float, *, max_lines: int = H_MAX_LINES) -> list[str]:
    """``text`` on as few lines of at most ``width`` as it needs (at most ``max_lines``; the last one is cut
    with "…" when more would be needed). A piece wider than a line is broken between characters."""
    lines: list[str] = []
    current = ""
    for unit in _units(text.strip()):
        if text_width((current + unit).rstrip()) <= width:
            current += unit
            continue
        if current:
            lines.append(current.rstrip())
        current = ""
        for c in unit:  # a piece wider than a line: between characters
            if current and text_width((current + c).rstrip()) > width:
                lines.append(current.rstrip())
                current = ""
            current += c
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        joint = " " if " " in text.strip() else ""
        lines = [*lines[: max_lines - 1], _cut(joint.join(lines[max_lines - 1 :]), width)]
    return lines


def why_no_chart(values: Sequence[int | None]) -> str:
    """Why :func:`category_chart` draws nothing for these values (None: suppressed), in the words a page
    chooses from: ``"zero"`` — every figure is 0, nothing is hidden (small-cell suppression hides 1 to 4,
    never 0); ``"hidden"`` — every figure is hidden; ``"zero_or_hidden"`` — some are 0, the others hidden."""
    if all(v == 0 for v in values):
        return "zero"
    if all(v is None for v in values):
        return "hidden"
    return "zero_or_hidden"


def category_chart(rows: Sequence[tuple[str, int | None, str]]) -> HBarChart | None:
    """Horizontal bars for ``(label, value or None when suppressed, value as shown)``: a suppressed cell gets
    no bar (its length would tell it), only its words. None when every value is 0 or suppressed.

    Laid out for a phone (:data:`H_WIDTH`): short labels (months) in a column at the left of their bars;
    longer ones above their bars, wrapped on up to three lines — never cut to a fixed number of characters.

    SVG text holds no markup: a reading of the やさしい日本語 catalogue (``孤独死{こどくし}``) is written in
    brackets after its kanji before the label is measured or wrapped, so a line never breaks inside markup."""
    rows = [(bracket_readings(label), value, bracket_readings(text)) for label, value, text in rows]
    shown = [v for _l, v, _s in rows if v]
    if not shown:
        return None
    top = max(shown)
    value_room = max(text_width(text) for _l, _v, text in rows) + 6
    label_room = max(text_width(label) for label, _v, _t in rows)
    stacked = label_room > H_WIDTH * H_LEFT_LABELS
    x0 = 0.0 if stacked else round(label_room + 8, 2)
    plot = H_WIDTH - x0 - value_room
    bars = []
    y = 0.0
    for label, value, text in rows:
        if stacked:
            lines = wrap(label, H_WIDTH)
            label_lines = tuple(Line(0, round(y + H_FONT + i * H_LINE, 2), t) for i, t in enumerate(lines))
            bar_y = y + len(lines) * H_LINE + 3
        else:
            label_lines = (Line(0, round(y + H_FONT, 2), label),)
            bar_y = y
        width = round(plot * (value or 0) / top, 2)
        after = Line(round(x0 + width + 4, 2), round(bar_y + H_FONT - 1, 2), text)
        bars.append(HBar(label_lines, x0, round(bar_y, 2), width, after, f"{label}: {text}"))
        y = bar_y + H_BAR + H_GAP
    return HBarChart(H_WIDTH, round(y - H_GAP + 2), H_BAR, tuple(bars), stacked)
