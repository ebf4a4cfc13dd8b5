"""Small-cell suppression (sumai.domain.disclosure): table tests, the differencing attack, and properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sumai.domain.disclosure import Line, Mark, nearest_rank, suppress, threshold

LIMIT = 5


def _row(values: dict[str, int], total: str = "T") -> tuple[dict[str, int], list[Line]]:
    cells = {**values, total: sum(values.values())}
    return cells, [Line(total, tuple(values))]


def test_the_threshold_comes_from_the_dated_policy_file():
    assert threshold(date(2026, 12, 1)) == 5


@pytest.mark.parametrize(
    ("values", "primary", "secondary"),
    [
        # nothing small: nothing hidden
        ({"a": 10, "b": 7, "c": 0}, set(), set()),
        # one small cell: the smallest other non-zero one goes with it, else T - others gives it back
        ({"a": 10, "b": 3, "c": 6}, {"b"}, {"c"}),
        # two small cells already protect each other
        ({"a": 10, "b": 3, "c": 2}, {"b", "c"}, set()),
        # zero is shown and never chosen to hide another
        ({"a": 10, "b": 3, "c": 0}, {"b"}, {"a"}),
        # 1 to 4 are hidden, 5 is not
        ({"a": 1, "b": 4, "c": 5}, {"a", "b"}, set()),
    ],
)
def test_one_row_with_its_total(values, primary, secondary):  # type: ignore[no-untyped-def]
    cells, lines = _row(values)
    marks = suppress(cells, lines, limit=LIMIT)
    assert {k for k, m in marks.items() if m == Mark.PRIMARY} == primary
    assert {k for k, m in marks.items() if m == Mark.SECONDARY} == secondary


def test_a_small_total_is_hidden_with_what_makes_it_up():
    cells, lines = _row({"a": 3, "b": 0})
    marks = suppress(cells, lines, limit=LIMIT)
    assert marks == {"a": Mark.PRIMARY, "T": Mark.PRIMARY}


def test_a_lone_hidden_cell_with_only_zeros_beside_it_hides_the_total():
    # a was hidden by another line (a secondary 7); its own row has only zeros beside it: T = a
    cells = {"a": 7, "b": 0, "T": 7, "x": 2, "S": 9}
    lines = [Line("T", ("a", "b")), Line("S", ("a", "x"))]
    marks = suppress(cells, lines, limit=LIMIT)
    assert marks["x"] == Mark.PRIMARY
    assert marks["a"] == Mark.SECONDARY
    assert "T" in marks


def _recover(cells: dict[str, int], lines: list[Line], marks: dict) -> dict[str, int]:  # type: ignore[type-arg]
    """The differencing attack: repeatedly, a line with a published total and exactly one hidden cell gives
    that cell (total minus the others); returns every hidden cell so recovered."""
    known = {k: v for k, v in cells.items() if k not in marks}
    recovered: dict[str, int] = {}
    changed = True
    while changed:
        changed = False
        for line in lines:
            unknown = [m for m in (*line.members, line.total) if m not in known and m in cells]
            if len(unknown) == 1:
                cell = unknown[0]
                others = sum(known.get(m, 0) for m in line.members if m != cell)
                value = others if cell == line.total else known[line.total] - others
                known[cell] = value
                recovered[cell] = value
                changed = True
    return recovered


def test_the_differencing_attack_on_a_two_level_table_recovers_nothing():
    # Japan = Tokyo + Osaka, and for each a route breakdown: desk + council.
    cells = {
        "JP": 30, "JP.desk": 24, "JP.council": 6,
        "13": 20, "13.desk": 18, "13.council": 2,
        "27": 10, "27.desk": 6, "27.council": 4,
    }  # fmt: skip
    lines = [
        Line("JP", ("JP.desk", "JP.council")),
        Line("13", ("13.desk", "13.council")),
        Line("27", ("27.desk", "27.council")),
        Line("JP", ("13", "27")),
        Line("JP.desk", ("13.desk", "27.desk")),
        Line("JP.council", ("13.council", "27.council")),
    ]
    unprotected = _recover(cells, lines, dict.fromkeys(("13.council", "27.council"), Mark.PRIMARY))
    assert unprotected  # hiding only the small cells is not enough: 13.council = 13 - 13.desk
    marks = suppress(cells, lines, limit=LIMIT)
    assert {"13.council", "27.council"} <= set(marks)
    recovered = _recover(cells, lines, marks)
    assert not any(cells[k] in range(1, LIMIT) for k in recovered), recovered


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=5), min_size=2, max_size=5)
)
def test_no_small_count_is_ever_recovered_from_a_table_with_margins(grid):  # type: ignore[no-untyped-def]
    """A table of areas × categories with row totals, column totals and a grand total: after suppression,
    no cell from 1 to 4 is published or recoverable by repeated subtraction, and no line (members and
    total) has exactly one hidden cell."""
    width = len(grid[0])
    rows = [r[:width] + [0] * (width - len(r)) for r in grid]
    cells: dict[str, int] = {}
    lines: list[Line] = []
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            cells[f"{i}.{j}"] = v
        cells[f"{i}.T"] = sum(row)
        lines.append(Line(f"{i}.T", tuple(f"{i}.{j}" for j in range(width))))
    for j in range(width):
        cells[f"T.{j}"] = sum(r[j] for r in rows)
        lines.append(Line(f"T.{j}", tuple(f"{i}.{j}" for i in range(len(rows)))))
    cells["T.T"] = sum(sum(r) for r in rows)
    lines.append(Line("T.T", tuple(f"{i}.T" for i in range(len(rows)))))
    lines.append(Line("T.T", tuple(f"T.{j}" for j in range(width))))
    marks = suppress(cells, lines, limit=LIMIT)
    for key, value in cells.items():
        if 0 < value < LIMIT:
            assert key in marks
    for line in lines:
        assert sum(1 for m in (*line.members, line.total) if m in marks) != 1
    recovered = _recover(cells, lines, marks)
    assert not [k for k, v in recovered.items() if 0 < v < LIMIT]


@pytest.mark.parametrize(
    ("distribution", "median", "p90"),
    [
        ({}, None, None),
        ({3: 1}, 3, 3),
        ({0: 1, 1: 1, 4: 1, 9: 1}, 1, 9),  # nearest rank: ceil(0.5 × 4) = 2nd, ceil(0.9 × 4) = 4th
        ({1: 9, 20: 1}, 1, 1),  # 9 of 10 within 1 day
        ({1: 8, 20: 2}, 1, 20),
    ],
)
def test_nearest_rank_percentiles(distribution, median, p90):  # type: ignore[no-untyped-def]
    assert nearest_rank(distribution, 0.5) == median
    assert nearest_rank(distribution, 0.9) == p90
