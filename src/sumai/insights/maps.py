"""A choropleth of the 47 prefectures as inline SVG, drawn on the server from the prefecture outlines
(``data/prefectures.geojson``, 国土数値情報 行政区域データ; loaded into ``places.Prefecture.geometry``).

Projection: equirectangular with the longitude scaled by cos(36°), which keeps Japan's shape recognisable
at this size. Okinawa is drawn as an inset in the Sea of Japan (shifted by a fixed offset, framed), as
Japanese maps customarily do; islands far out in the Pacific (沖ノ鳥島, 南鳥島) are left out. Colour is
never the only cue: each prefecture carries a <title> with its name and value, the legend names every
class in words, and the page puts the same figures in a table beside the map.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SCALE = 40.0  # SVG units per degree of latitude
COS = math.cos(math.radians(36))
OKINAWA = "47"
OKINAWA_SHIFT = (4.0, 14.0)  # degrees (lon, lat) to move Okinawa into the inset box
KEEP = (122.0, 24.0, 149.0, 46.0)  # lon/lat box outside which polygons are dropped
# ColorBrewer "Blues", 6 classes (colour-blind safe); the first is "none".
PALETTE = ("#f7fbff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#d9d9d9"


@dataclass(frozen=True, slots=True)
class Shape:
    code: str
    name: str
    d: str


@dataclass(frozen=True, slots=True)
class Outline:
    shapes: tuple[Shape, ...]
    width: int
    height: int
    inset: tuple[float, float, float, float]  # x, y, w, h of Okinawa's frame


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    name: str
    d: str
    fill: str
    label: str
    href: str = ""  # the page of the prefecture, when the map links to one


@dataclass(frozen=True, slots=True)
class LegendEntry:
    fill: str
    label: str


@dataclass(frozen=True, slots=True)
class Choropleth:
    areas: tuple[Area, ...]
    legend: tuple[LegendEntry, ...]
    width: int
    height: int
    inset: tuple[float, float, float, float]


def _rings(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    coords: list[Any] = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        return list(coords)
    return [ring for polygon in coords for ring in polygon]


def build_outline(prefectures: list[tuple[str, str, Mapping[str, Any] | None]]) -> Outline:
    """Project every prefecture's rings once; returns SVG path data in a box that starts at (0, 0)."""
    projected: list[tuple[str, str, list[list[tuple[float, float]]]]] = []
    xs: list[float] = []
    ys: list[float] = []
    inset_pts: list[tuple[float, float]] = []
    for code, name, geometry in prefectures:
        rings = []
        for ring in _rings(geometry or {}):
            if not ring:
                continue
            lon_c = sum(p[0] for p in ring) / len(ring)
            lat_c = sum(p[1] for p in ring) / len(ring)
            if not (KEEP[0] <= lon_c <= KEEP[2] and KEEP[1] <= lat_c <= KEEP[3]):
                continue
            dx, dy = OKINAWA_SHIFT if code == OKINAWA else (0.0, 0.0)
            pts = [((p[0] + dx) * COS * SCALE, -(p[1] + dy) * SCALE) for p in ring]
            rings.append(pts)
            xs.extend(p[0] for p in pts)
            ys.extend(p[1] for p in pts)
            if code == OKINAWA:
                inset_pts.extend(pts)
        projected.append((code, name, rings))
    if not xs:
        return Outline((), 0, 0, (0, 0, 0, 0))
    pad = 6.0
    x0, y0 = min(xs) - pad, min(ys) - pad
    shapes = []
    for code, name, rings in projected:
        parts = []
        for pts in rings:
            coords = [(round(x - x0, 1), round(y - y0, 1)) for x, y in pts]
            deduped = [c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]]
            if len(deduped) < 3:
                continue
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in deduped) + "Z")
        shapes.append(Shape(code, name, "".join(parts)))
    width = math.ceil(max(xs) - x0 + pad)
    height = math.ceil(max(ys) - y0 + pad)
    if inset_pts:
        ix = min(p[0] for p in inset_pts) - x0 - 4
        iy = min(p[1] for p in inset_pts) - y0 - 4
        iw = max(p[0] for p in inset_pts) - x0 + 4 - ix
        ih = max(p[1] for p in inset_pts) - y0 + 4 - iy
        inset = (round(ix, 1), round(iy, 1), round(iw, 1), round(ih, 1))
    else:
        inset = (0.0, 0.0, 0.0, 0.0)
    return Outline(tuple(shapes), width, height, inset)


@lru_cache(maxsize=1)
def japan_outline() -> Outline:
    from sumai.places.models import Prefecture

    rows = list(Prefecture.objects.order_by("code").values_list("code", "name", "geometry"))
    return build_outline(rows)


def count_breaks(maximum: int, classes: int = 5) -> list[int]:
    """Upper bounds of ``classes`` classes for counts: 0 on its own, then equal steps of a round size."""
    if maximum <= 0:
        return [0]
    raw = maximum / (classes - 1)
    magnitude = 10 ** max(0, math.floor(math.log10(raw)))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, math.ceil(step))
    return [0] + [step * i for i in range(1, classes)]


def quantile_breaks(values: list[int], classes: int = 5) -> list[int]:
    """Upper bounds of up to ``classes`` classes for counts, from the data: 0 on its own (the "none" class),
    then the non-zero values split into classes of about equal size (quantiles), so that the prefectures
    spread over the classes instead of most sharing one. Duplicate bounds are merged."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return [0]
    bounds: list[int] = [0]
    steps = classes - 1
    for i in range(1, steps + 1):
        bound = positive[max(0, math.ceil(len(positive) * i / steps) - 1)]
        if bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def choropleth(
    values: Mapping[str, float | int | None],
    breaks: list[float] | list[int],
    *,
    describe: Callable[[float | int | None], str],
    class_label: Callable[[float | int, float | int], str],
    zero_label: str,
    no_data_label: str,
    outline: Outline | None = None,
    link: Callable[[str], str] | None = None,
    names: Mapping[str, str] | None = None,
) -> Choropleth:
    """Colour each prefecture by the class of its value: class 0 holds values ≤ breaks[0], class i values
    in (breaks[i-1], breaks[i]]; the last class is open above. ``names``: a prefecture's name as the page
    shows it (with its rōmaji outside Japanese, ``insights.selectors.prefectures``); the outline's own
    otherwise."""
    base = outline or japan_outline()

    def klass(value: float | int) -> int:
        for i, upper in enumerate(breaks):
            if value <= upper:
                return i
        return len(breaks) - 1

    areas = []
    for shape in base.shapes:
        value = values.get(shape.code)
        fill = NO_DATA if value is None else PALETTE[min(klass(value), len(PALETTE) - 1)]
        name = (names or {}).get(shape.code, shape.name)
        label = f"{name}: {describe(value)}"
        areas.append(Area(shape.code, name, shape.d, fill, label, link(shape.code) if link else ""))
    legend = [LegendEntry(PALETTE[0], zero_label)]
    for i in range(1, len(breaks)):
        legend.append(LegendEntry(PALETTE[min(i, len(PALETTE) - 1)], class_label(breaks[i - 1], breaks[i])))
    if any(values.get(s.code) is None for s in base.shapes):
        legend.append(LegendEntry(NO_DATA, no_data_label))
    return Choropleth(tuple(areas), tuple(legend), base.width, base.height, base.inset)
