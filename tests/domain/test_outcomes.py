"""Outcome figures of matching and placement (sumai.domain.outcomes), and their small-cell suppression."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sumai.domain import disclosure
from sumai.domain import outcomes as oc
from sumai.domain.errors import InputError
from sumai.domain.placement import DeclineReason, InquiryState

AS_OF = date(2027, 6, 30)
TOKYO, MINATO, OSAKA = "131016", "131032", "271004"


def placement(h: object, muni: str, moved: date, days: int, ended: date | None = None) -> oc.PlacementRecord:
    return oc.PlacementRecord(h, muni, moved, moved - timedelta(days=days), "npo-1", ended)


def test_counts_of_a_small_example() -> None:
    placements = [
        placement(1, TOKYO, date(2026, 1, 10), 30),
        placement(1, TOKYO, date(2026, 9, 1), 5),  # the same household again: a repeat placement
        placement(2, MINATO, date(2026, 3, 1), 90, ended=date(2026, 8, 31)),  # left before 6 months
        placement(3, OSAKA, date(2027, 3, 1), 10),  # too recent for 6 months
    ]
    inquiries = [
        oc.InquiryRecord(
            1,
            TOKYO,
            InquiryState.DECLINED,
            date(2026, 1, 2),
            DeclineReason.LONELY_DEATH,
            frozenset({"elderly", "low_income"}),
        ),
        oc.InquiryRecord(1, TOKYO, InquiryState.ACCEPTED, date(2026, 1, 3)),
        oc.InquiryRecord(2, MINATO, InquiryState.SENT, date(2026, 2, 1)),
        oc.InquiryRecord(2, MINATO, InquiryState.WITHDRAWN, None),  # a draft thrown away: not counted
    ]
    flags = [
        oc.FlagRecord(TOKYO, date(2026, 1, 2), date(2026, 2, 1)),
        oc.FlagRecord(MINATO, date(2026, 2, 1)),
    ]
    raw = oc.raw_counts(placements, inquiries, flags, by="prefecture", as_of=AS_OF)
    assert raw[oc.ALL, "placements"] == 4
    assert raw[oc.ALL, "housed"] == 3
    assert raw["13", "placements.repeat"] == 1
    assert raw["13", "inquiries.sent"] == 3
    assert raw["13", "inquiries.open"] == 1
    assert raw["13", "declines.reason.lonely_death"] == 1
    assert raw["13", "declines.group.elderly"] == raw["13", "declines.group.low_income"] == 1
    assert raw[oc.ALL, "flags.resolved"] == raw[oc.ALL, "flags.open"] == 1
    # 6 months: the three placements of 2026 are old enough; household 2 left on the day before its 6 months
    assert raw[oc.ALL, "held.6.measured"] == 3
    assert raw[oc.ALL, "held.6.not_held"] == 1
    assert raw[oc.ALL, "held.12.measured"] == 2  # January and March 2026 have had 12 months by 2027-06-30
    assert ("27", "held.6.measured") not in raw
    assert oc.days_to_move_in(placements) == {1: 30, 2: 90, 3: 10}


@pytest.mark.parametrize(
    ("ended", "held"),
    [(None, True), (date(2026, 7, 31), True), (date(2026, 7, 30), False), (date(2026, 2, 1), False)],
)
def test_a_tenancy_is_held_if_the_household_lives_there_on_the_corresponding_day(
    ended: date | None, held: bool
) -> None:
    raw = oc.raw_counts(
        [placement(1, TOKYO, date(2026, 1, 31), 0, ended)], [], [], by="municipality", as_of=AS_OF
    )
    assert raw.get((oc.ALL, "held.6.held"), 0) == int(held)  # 6 months after 31 Jan is 31 Jul


def test_a_placement_is_measured_from_its_corresponding_day_on() -> None:
    p = [placement(1, TOKYO, date(2026, 12, 31), 0)]
    assert (oc.ALL, "held.6.measured") not in oc.raw_counts(p, [], [], by="month", as_of=date(2027, 6, 29))
    assert oc.raw_counts(p, [], [], by="month", as_of=date(2027, 6, 30))[oc.ALL, "held.6.measured"] == 1


def test_median_and_p90_are_nearest_rank() -> None:
    placements = [placement(i, TOKYO, date(2026, 6, 1), 10 * i) for i in range(1, 11)]  # 10 … 100 days
    report = oc.outcomes(placements, by="municipality", as_of=AS_OF)
    assert (report.total.median_days, report.total.p90_days) == (50, 90)
    four = oc.outcomes(placements[:4], by="municipality", as_of=AS_OF)
    assert four.total.median_days is None
    assert four.total.p90_days is None


def test_rates_are_shown_only_with_both_parts() -> None:
    placements = [placement(i, TOKYO, date(2026, 1, 1), 10) for i in range(6)]
    inquiries = [oc.InquiryRecord(i % 6, TOKYO, InquiryState.ACCEPTED, date(2025, 12, 1)) for i in range(15)]
    report = oc.outcomes(placements, inquiries, by="municipality", as_of=AS_OF)
    assert str(report.total.inquiries_per_placement) == "2.50"
    assert str(report.total.held_share[6]) == "1.00"
    assert report.total.held_share[12] is None or report.total.cells["held.12.measured"].value == 6
    small = oc.outcomes(placements[:3], inquiries, by="municipality", as_of=AS_OF)
    assert small.total.inquiries_per_placement is None


def test_grouping_by_month_and_by_a_function() -> None:
    placements = [placement(i, TOKYO, date(2026, 1 + i % 2, 5), 1) for i in range(10)]
    report = oc.outcomes(placements, by=oc.Dimension.MONTH, as_of=AS_OF)
    assert [g.key for g in report.groups] == ["2026-01", "2026-02"]
    assert [g.cells["placements"].value for g in report.groups] == [5, 5]
    report = oc.outcomes(placements, by=lambda r: "even" if r.household % 2 == 0 else "odd", as_of=AS_OF)  # type: ignore[attr-defined,operator]
    assert [g.key for g in report.groups] == ["even", "odd"]
    with pytest.raises(InputError) as err:
        oc.outcomes(placements, by="colour", as_of=AS_OF)
    assert err.value.field == "by"


@pytest.mark.parametrize(
    ("placements", "inquiries", "flags", "field"),
    [
        ([placement(1, TOKYO, date(2027, 7, 1), 1)], [], [], "placements[0].moved_in_on"),
        ([placement(1, TOKYO, date(2026, 7, 1), -1)], [], [], "placements[0].first_consultation_on"),
        ([placement(1, TOKYO, date(2026, 7, 1), 1, date(2026, 6, 1))], [], [], "placements[0].ended_on"),
        (
            [],
            [oc.InquiryRecord(1, TOKYO, InquiryState.DECLINED, date(2026, 1, 1))],
            [],
            "inquiries[0].decline_reason",
        ),
        ([], [oc.InquiryRecord(1, TOKYO, InquiryState.SENT, date(2027, 7, 1))], [], "inquiries[0].sent_on"),
        ([], [], [oc.FlagRecord(TOKYO, date(2026, 2, 1), date(2026, 1, 1))], "flags[0].resolved_on"),
    ],
)
def test_bad_records_are_named(placements: list, inquiries: list, flags: list, field: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError) as err:
        oc.outcomes(placements, inquiries, flags, by="municipality", as_of=AS_OF)
    assert err.value.field == field


def test_small_cells_are_suppressed_with_their_complement() -> None:
    placements = [placement(i, TOKYO, date(2026, 1, 1), 1) for i in range(7)] + [
        placement(i, MINATO, date(2026, 1, 1), 1) for i in range(7, 10)
    ]
    report = oc.outcomes(placements, by="municipality", as_of=AS_OF)
    tokyo, minato = report.groups
    assert minato.cells["placements"].mark == disclosure.Mark.PRIMARY
    assert minato.cells["placements"].display(report.threshold) == "<5"
    # the total (10) minus Tokyo (7) would give Minato back: Tokyo is hidden too
    assert not tokyo.cells["placements"].shown
    assert tokyo.cells["placements"].display(report.threshold) == "x"
    assert report.total.cells["placements"].value == 10
    assert report.as_dict()["threshold"] == 5


# ------------------------------------------------------------------------------- the disclosure property

MUNIS = (TOKYO, MINATO, OSAKA, "011002")
DAY0 = date(2025, 1, 1)

placements_st = st.lists(
    st.builds(
        lambda h, m, d, w, e: oc.PlacementRecord(
            h,
            m,
            DAY0 + timedelta(days=d),
            DAY0 + timedelta(days=d - w),
            "",
            None if e is None else DAY0 + timedelta(days=d + e),
        ),
        st.integers(0, 25),
        st.sampled_from(MUNIS),
        st.integers(0, 800),
        st.integers(0, 400),
        st.none() | st.integers(0, 500),
    ),
    max_size=60,
)
inquiries_st = st.lists(
    st.builds(
        lambda h, m, s, d, r, g: oc.InquiryRecord(
            h, m, s, DAY0 + timedelta(days=d), r if s == InquiryState.DECLINED else None, frozenset(g)
        ),
        st.integers(0, 25),
        st.sampled_from(MUNIS),
        st.sampled_from([s for s in InquiryState if s != InquiryState.DRAFT]),
        st.integers(0, 800),
        st.sampled_from(list(DeclineReason)),
        st.sets(st.sampled_from(["elderly", "low_income", "foreign_national", "disability"])),
    ),
    max_size=80,
)
flags_st = st.lists(
    st.builds(
        lambda m, d, r: oc.FlagRecord(
            m, DAY0 + timedelta(days=d), None if r is None else DAY0 + timedelta(days=d + r)
        ),
        st.sampled_from(MUNIS),
        st.integers(0, 800),
        st.none() | st.integers(0, 100),
    ),
    max_size=20,
)


@settings(max_examples=150, deadline=None)
@given(placements_st, inquiries_st, flags_st, st.sampled_from(["municipality", "prefecture", "month"]))
def test_suppression_never_reveals_a_small_cell(
    placements: list[oc.PlacementRecord],
    inquiries: list[oc.InquiryRecord],
    flags: list[oc.FlagRecord],
    by: str,
) -> None:
    report = oc.outcomes(placements, inquiries, flags, by=by, as_of=AS_OF)
    limit = report.threshold
    raw = oc.raw_counts(placements, inquiries, flags, by=by, as_of=AS_OF)
    rows = {g.key: g for g in (*report.groups, report.total)}
    # 1. no shown count is small, and every shown count is the true count
    for g in rows.values():
        for figure, cell in g.cells.items():
            if cell.shown:
                assert not 0 < (cell.value or 0) < limit
                assert cell.value == raw.get((g.key, figure), 0)
            else:
                assert cell.value is None
    # 2. every line that binds published figures has no hidden cell or at least two: subtraction from a
    #    shown total (or summing the shown members) never gives a hidden cell back
    for line in oc.outcome_lines(rows):
        cells = [*line.members, line.total]
        hidden = [c for c in cells if not rows[c[0]].cells[c[1]].shown]
        assert len(hidden) != 1, (line, hidden)
    # 3. medians and rates only from enough
    for g in rows.values():
        if g.median_days is not None:
            assert g.p90_days is not None
            assert g.median_days <= g.p90_days
        if g.inquiries_per_placement is not None:
            assert g.cells["placements"].shown
            assert g.cells["inquiries.sent"].shown
            assert (g.cells["placements"].value or 0) >= limit


@given(st.lists(st.integers(0, 2000), min_size=1, max_size=200))
def test_median_is_at_most_p90(days: list[int]) -> None:
    placements = [placement(i, TOKYO, date(2026, 1, 1), d) for i, d in enumerate(days)]
    report = oc.outcomes(placements, by="municipality", as_of=AS_OF, threshold=1)
    assert report.total.median_days is not None
    assert report.total.p90_days is not None
    assert min(days) <= report.total.median_days <= report.total.p90_days <= max(days)
    ranked = sorted(days)
    assert report.total.median_days == ranked[-(-len(days) // 2) - 1]  # ceil(n/2)-th smallest
