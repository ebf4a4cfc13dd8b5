"""Small-cell suppression for public statistics about people (docs/cases-statistics.md "Small cells").

A table is a set of *cells* (counts) and *lines*: a line says that a published total is the sum of some
cells (a row of a table, or the figures of the municipalities of a prefecture summing to the prefecture's).

1. Primary suppression: every count from 1 to ``threshold - 1`` is suppressed.
2. Complementary (secondary) suppression: a line (its members and its total) must not have exactly one
   suppressed cell, since the total minus the others (or the sum of the members) would give it back. The
   smallest other non-zero member of the line is suppressed with it; if there is none, the total. This
   repeats until no line has a single suppressed cell (a work list: a newly suppressed cell re-checks only
   its lines). Then no line has a single unknown, so subtraction line by line cannot start.

Zero is never suppressed (it is not a person). The heuristic stops the differencing of one line and of
lines chained through shared cells; it does not solve the general linear-programming attack on large
linked tables (docs/cases-statistics.md says what is published so that such tables do not arise).

Parameters: the threshold lives in the dated file ``params/statistics_disclosure_*.toml`` with its source.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sumai.domain import params


class Mark(StrEnum):
    PRIMARY = "primary"  # 1 … threshold - 1: shown as "fewer than <threshold>"
    SECONDARY = "secondary"  # would give a primary cell back by subtraction: not shown


@dataclass(frozen=True, slots=True)
class Line:
    """``total`` = the sum of ``members`` (any cell may be absent from the values: it is 0)."""

    total: Hashable
    members: tuple[Hashable, ...]


def threshold(on: date) -> int:
    """The smallest count published, in force on ``on``."""
    return int(params.load("statistics_disclosure", on)["cells"]["threshold"])


def is_small(value: int, limit: int) -> bool:
    return 0 < value < limit


def suppress(values: Mapping[Hashable, int], lines: Iterable[Line], *, limit: int) -> dict[Hashable, Mark]:
    """The suppressed cells of ``values`` (a cell missing from ``values`` is 0), each with why."""
    marks: dict[Hashable, Mark] = {k: Mark.PRIMARY for k, v in values.items() if is_small(v, limit)}
    all_lines = list(lines)
    by_cell: dict[Hashable, list[int]] = {}
    for i, line in enumerate(all_lines):
        by_cell.setdefault(line.total, []).append(i)
        for m in line.members:
            by_cell.setdefault(m, []).append(i)
    work = deque(range(len(all_lines)))  # in the given order: the same input hides the same cells
    queued = set(work)
    while work:
        i = work.popleft()
        queued.discard(i)
        line = all_lines[i]
        cells = (*line.members, line.total)
        hidden = [c for c in cells if c in marks]
        if len(hidden) != 1:
            continue
        candidates = sorted(
            (c for c in cells if c not in marks and values.get(c, 0) > 0),
            key=lambda c: (c == line.total, values.get(c, 0), repr(c)),  # a member before the total
        )
        if not candidates:
            continue  # only when the line does not add up (a hidden cell with nothing but zeros)
        cell = candidates[0]
        marks[cell] = Mark.SECONDARY
        for j in by_cell.get(cell, ()):
            if j not in queued:
                queued.add(j)
                work.append(j)
    return marks


def nearest_rank(distribution: Mapping[int, int], fraction: float) -> int | None:
    """The nearest-rank percentile of a distribution ``{value: how many}``: the smallest value such that at
    least ``fraction`` of the observations are at or below it (None when there are none)."""
    n = sum(distribution.values())
    if n <= 0:
        return None
    rank = max(1, math.ceil(round(fraction * n, 6)))  # ceil(fraction × n), free of float noise
    seen = 0
    for value in sorted(distribution):
        seen += distribution[value]
        if seen >= rank:
            return value
    return max(distribution)
