"""The selectors and the roll-up against a hand count of a small world (tests/outcomes/builders.py), and the
suppression over the whole hierarchy."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sumai.domain import disclosure
from sumai.domain.outcomes import ALL
from sumai.outcomes import figures
from sumai.placements import selectors_outcomes
from tests.outcomes.builders import AS_OF, CHIYODA, OTARU, SETAGAYA, small_world

pytestmark = pytest.mark.django_db

M = figures.municipality_node
P = figures.prefecture_node
JP = figures.NATION


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return small_world()


def test_selectors_give_the_records_in_four_queries(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(4):
        placements, inquiries, flags = selectors_outcomes.outcome_records(until=AS_OF)
    assert len(placements) == 21
    assert len(inquiries) == 27  # the draft is not read
    assert len(flags) == 3
    corp = str(world.corporation.pk)
    assert {p.support_corporation for p in placements if p.municipality == SETAGAYA} == {corp}
    assert {q.support_corporation for q in inquiries if q.municipality == CHIYODA} == {""}
    assert {q.municipality for q in inquiries} == {SETAGAYA, CHIYODA, OTARU}
    assert all(isinstance(p.household, str) for p in placements)
    declined = [q for q in inquiries if q.decline_reason is not None]
    assert sorted(q.decline_reason for q in declined) == sorted(
        ["lonely_death"] * 2 + ["no_guarantor"] * 2 + ["customs_language"] * 3
    )
    assert all(q.household_groups for q in declined)


def test_a_cancelled_placement_is_not_counted_as_housed(world) -> None:  # type: ignore[no-untyped-def]
    """The walk: a household that backed out before moving in has its placement cancelled (not ended): it
    housed nobody, so neither the placements nor the households housed count it."""
    from datetime import timedelta

    from sumai.placements.models import Placement

    before = figures.count(AS_OF, 5).values
    hh = world.household(SETAGAYA)
    move_in = AS_OF - timedelta(days=3)
    cancelled = world.placement(hh, SETAGAYA, move_in, move_in - timedelta(days=30))
    Placement.objects.filter(pk=cancelled.pk).update(cancelled_on=move_in, cancel_note="来なかった")
    placements, _i, _f = selectors_outcomes.outcome_records(until=AS_OF)
    assert len(placements) == 21
    after = figures.count(AS_OF, 5).values
    assert after[JP, "placements"] == before[JP, "placements"] == 21
    assert after[JP, "housed"] == before[JP, "housed"] == 16


def test_a_period_start_leaves_older_records_out(world) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    placements, _inquiries, flags = selectors_outcomes.outcome_records(until=AS_OF, since=date(2026, 6, 1))
    assert len(placements) == 3 + 12
    assert len(flags) == 0


def test_the_raw_counts_match_the_hand_count(world) -> None:  # type: ignore[no-untyped-def]
    c = figures.count(AS_OF, 5)
    v = c.values
    assert v[JP, "placements"] == 21
    assert v[JP, "housed"] == 16
    assert v[JP, "placements.repeat"] == 5
    assert v[JP, "inquiries.sent"] == 27
    assert v[JP, "inquiries.accepted"] == 18
    assert v[JP, "inquiries.declined"] == 7
    assert v[JP, "inquiries.open"] == 2
    assert v[JP, "declines.reason.customs_language"] == 3
    assert v[JP, "declines.group.elderly"] == 4
    assert v[JP, "flags.raised"] == 3
    assert v[JP, "flags.resolved"] == 1
    assert v[JP, "flags.open"] == 2
    assert (v[JP, "held.6.measured"], v[JP, "held.6.held"], v[JP, "held.6.not_held"]) == (9, 8, 1)
    assert (v[JP, "held.12.measured"], v[JP, "held.12.held"], v[JP, "held.12.not_held"]) == (6, 5, 1)
    assert v[P("13"), "housed"] == 9
    assert v[P("01"), "housed"] == 7
    assert v[P("01"), "placements"] == 12
    assert v[M(SETAGAYA), "inquiries.sent"] == 12
    corp = figures.corporation_node(str(world.corporation.pk))
    assert v[corp, "placements"] == 6
    assert v[corp, "inquiries.sent"] == 12
    assert v[figures.NO_CORPORATION, "placements"] == 15
    # households housed by month: of the first move-in (the repeat placements of November are not)
    assert c.months[0] == "2025-11"
    assert c.months[-1] == "2026-12"
    assert v[figures.month_node(JP, "2025-11"), "housed"] == 6
    assert v[figures.month_node(JP, "2026-06"), "housed"] == 3
    assert v[figures.month_node(JP, "2026-10"), "housed"] == 7
    assert (figures.month_node(JP, "2026-11"), "housed") not in v


def test_medians_rates_and_shares_match_the_hand_count(world) -> None:  # type: ignore[no-untyped-def]
    c = figures.count(AS_OF, 5)
    nation = c.group(JP, key=ALL)
    # days: 5 ×7, 7 ×3, 10, 20, 30, 40, 50, 60 -> the 8th of 16 is 7, the 15th is 50 (nearest rank)
    assert (nation.median_days, nation.p90_days) == (7, 50)
    assert nation.inquiries_per_placement == Decimal("1.29")  # 27 / 21
    # the 1 not held is hidden, so the held (8 of 9, 5 of 6) is hidden with it: no share
    assert nation.cells["held.6.held"].mark == disclosure.Mark.SECONDARY
    assert nation.cells["held.6.measured"].value == 9
    assert nation.held_share == {6: None, 12: None}
    setagaya = c.group(M(SETAGAYA))
    assert (setagaya.median_days, setagaya.p90_days) == (30, 60)
    chiyoda = c.group(M(CHIYODA))
    assert (chiyoda.median_days, chiyoda.p90_days) == (None, None)  # 3 households: fewer than 5
    otaru = c.group(M(OTARU))
    assert (otaru.median_days, otaru.p90_days) == (5, 5)


def test_small_cells_are_hidden_and_not_derivable_from_the_hierarchy(world) -> None:  # type: ignore[no-untyped-def]
    c = figures.count(AS_OF, 5)
    # Chiyoda housed 3: primary; Setagaya's 6 must go with it, or Tokyo's 9 minus 6 gives the 3 back
    assert c.cell(M(CHIYODA), "housed").mark == disclosure.Mark.PRIMARY
    assert c.cell(M(SETAGAYA), "housed").mark == disclosure.Mark.SECONDARY
    assert c.cell(P("13"), "housed").value == 9
    # the month of Chiyoda's move-ins (3) is hidden in Tokyo's and in the nation's trend too
    assert c.cell(figures.month_node(P("13"), "2026-06"), "housed").mark == disclosure.Mark.PRIMARY
    assert c.cell(figures.month_node(JP, "2026-06"), "housed").mark == disclosure.Mark.PRIMARY
    # no published line has exactly one hidden cell
    for (_node, _figure), mark in c.marks.items():  # type: ignore[misc]
        assert mark in (disclosure.Mark.PRIMARY, disclosure.Mark.SECONDARY)
    shown_small = [(k, n) for k, n in c.values.items() if 0 < n < 5 and k not in c.marks]
    assert shown_small == []


def test_the_page_cache_keeps_pages_of_one_count(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SUMAI = {**settings.SUMAI, "STATISTICS_CACHE_SECONDS": 600}
    first = figures.page(JP)
    again = figures.page(JP)
    assert first == again
    tokyo = figures.page(P("13"))
    assert [code for code, _g in tokyo.rows] == [CHIYODA, SETAGAYA]
    assert tokyo.total.cells["housed"].value == 9


def test_a_landlords_answers_add_up_to_what_it_received(world) -> None:  # type: ignore[no-untyped-def]
    """Every state has its row: accepted + declined + viewing offered + waiting + withdrawn + expired =
    received (the walk found 137 of 158 accounted for)."""
    from sumai.placements.models import LandlordInquiry

    operator_ids = set(LandlordInquiry.objects.values_list("operator_id", flat=True))
    assert operator_ids
    for a in selectors_outcomes.landlord_answers(operator_ids=operator_ids).values():
        parts = a.accepted + a.declined + a.viewing + a.waiting + a.withdrawn + a.expired
        assert parts == a.received
