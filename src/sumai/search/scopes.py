"""The parts of the public index a change can affect and a search can read, named for the results cache.

A scope is a name for a set of index rows (:class:`sumai.search.models.IndexVersion` keeps a version of
each):

- ``all``: every row (a national search, a free-text search without a place);
- ``p13``: the units whose ``prefecture_code`` is 13 (a search with ``prefecture=13``);
- ``m131032``: the units and published buildings whose ``municipality_code`` is 131032 (a search with
  ``municipality=131032`` reads that code and, for a designated city, its wards' codes);
- ``g35:139``: the units whose latitude lies in [35, 36) and longitude in [139, 140) (a radius search reads
  the cells its circle's bounding box touches).

A row names the scopes of its own columns (:func:`of_row`) and a search the scopes of the columns it filters
on (:func:`of_search`), from the same values the filter uses, so a row a search can return is always in one
of the search's scopes — before a change and after it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sumai.places.selectors import municipality_names
from sumai.search.filtersets import (
    DEFAULT_RADIUS_KM,
    KM_PER_DEGREE,
    LATITUDES,
    LONGITUDES,
    MAX_RADIUS_KM,
    bounds,
)

NATIONAL = "all"
PREFECTURES = [f"{n:02d}" for n in range(1, 48)]
# The cells a radius search can read: its point lies in the filter's box (latitude 20–46, longitude 122–154),
# its circle's box at most 50 km beyond (0.45° of latitude; 0.65° of longitude at 46°N).
_LAT_MARGIN = MAX_RADIUS_KM / KM_PER_DEGREE
_LON_MARGIN = MAX_RADIUS_KM / (KM_PER_DEGREE * math.cos(math.radians(LATITUDES[1])))
CELL_LATITUDES = range(math.floor(LATITUDES[0] - _LAT_MARGIN), math.floor(LATITUDES[1] + _LAT_MARGIN) + 1)
CELL_LONGITUDES = range(math.floor(LONGITUDES[0] - _LON_MARGIN), math.floor(LONGITUDES[1] + _LON_MARGIN) + 1)


def prefecture(code: str) -> str:
    return f"p{code}"


def municipality(code: str) -> str:
    return f"m{code}"


def cell(lat: float, lon: float) -> str:
    return f"g{math.floor(lat)}:{math.floor(lon)}"


def of_row(
    prefecture_code: str | None, municipality_code: str, lat: float | None, lon: float | None
) -> Iterator[str]:
    """The scopes an index row belongs to (besides ``all``): its prefecture, municipality and cell."""
    if prefecture_code:
        yield prefecture(prefecture_code)
    yield municipality(municipality_code)
    if lat is not None and lon is not None:
        yield cell(lat, lon)


def every(municipality_codes: Iterable[str]) -> Iterator[str]:
    """Every scope a search can read: ``all``, the prefectures, the municipalities, the cells."""
    yield NATIONAL
    yield from (prefecture(code) for code in PREFECTURES)
    yield from (municipality(code) for code in municipality_codes)
    yield from (cell(lat, lon) for lat in CELL_LATITUDES for lon in CELL_LONGITUDES)


def of_search(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The narrowest scopes that hold every row a valid search can return, from its filter's
    ``cleaned_data``: the municipality (with its wards), else the prefecture, else the cells of the radius,
    else ``all``. A row any of them holds may be returned; no other row can be."""
    code = data.get("municipality")
    if code:
        info = municipality_names().get(code)
        if info is None:  # the filter refuses an unknown code; stay safe all the same
            return (NATIONAL,)
        return tuple(municipality(c) for c in (info.code, *info.wards))
    pref = data.get("prefecture")
    if pref:
        return (prefecture(pref),)
    if data.get("lat") is not None and data.get("lon") is not None:
        lat, lon = float(data["lat"]), float(data["lon"])
        lat_low, lat_high, lon_low, lon_high = bounds(
            lat, lon, float(data.get("radius") or DEFAULT_RADIUS_KM)
        )
        return tuple(
            cell(y, x)
            for y in range(math.floor(lat_low), math.floor(lat_high) + 1)
            for x in range(math.floor(lon_low), math.floor(lon_high) + 1)
        )
    return (NATIONAL,)
