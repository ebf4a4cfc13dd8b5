"""The monthly registration trend as an inline SVG bar chart, drawn on the server (no script, no library):
one bar per month for the registered units at the month's end, a <title> on each bar with its figures, a
label on the first month of each year. The page puts the same figures in a table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sumai.core.readings import bracket_readings

WIDTH = 720
HEIGHT = 260
LEFT = 56  # room for the axis labels
BOTTOM = 24
TOP = 8


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
    x_ticks = []
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
        if b.month.month == 1 or i == 0:
            x_ticks.append(Tick(round(x, 2), HEIGHT - 6, str(b.month.year)))
    y_ticks = tuple(
        Tick(LEFT - 6, round(TOP + plot_h - plot_h * f, 2), number(int(top * f))) for f in (0, 0.5, 1)
    )
    return BarChart(WIDTH, HEIGHT, tuple(bars), tuple(x_ticks), y_ticks, TOP + plot_h)


@dataclass(frozen=True, slots=True)
class HBar:
    y: float
    width: float
    label: str  # the category, drawn at the left
    value: str  # the figure as shown (a number, or the words of a suppressed cell)
    title: str


@dataclass(frozen=True, slots=True)
class HBarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[HBar, ...]


H_WIDTH = 720
H_LABEL = 300
H_BAR = 22
H_GAP = 6
H_LABEL_CHARS = 24  # longer labels are cut in the drawing (the bar's title and the table give them whole)


def category_chart(rows: Sequence[tuple[str, int | None, str]]) -> HBarChart | None:
    """Horizontal bars for ``(label, value or None when suppressed, value as shown)``: a suppressed cell gets
    no bar (its length would tell it), only its words. None when every value is 0 or suppressed.

    SVG text holds no markup: a reading of the やさしい日本語 catalogue (``孤独死{こどくし}``) is written in
    brackets after its kanji before the label is measured or cut, so a cut never falls inside markup."""
    rows = [(bracket_readings(label), value, bracket_readings(text)) for label, value, text in rows]
    shown = [v for _l, v, _s in rows if v]
    if not shown:
        return None
    top = max(shown)
    plot = H_WIDTH - H_LABEL - 90
    bars = []
    for i, (label, value, text) in enumerate(rows):
        width = plot * (value or 0) / top
        short = label if len(label) <= H_LABEL_CHARS else label[: H_LABEL_CHARS - 1] + "…"
        bars.append(HBar(i * (H_BAR + H_GAP), round(width, 2), short, text, f"{label}: {text}"))
    height = len(rows) * (H_BAR + H_GAP)
    return HBarChart(H_WIDTH, height, H_LABEL, H_BAR, tuple(bars))
