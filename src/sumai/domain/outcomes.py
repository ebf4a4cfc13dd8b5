"""Outcomes of matching and placement (issue #17, item 5): pure functions over plain records.

The figures (precise definitions in docs/outcomes.md): households housed and placements; days from the
first consultation to move-in (median and 90th percentile, nearest rank); inquiries sent, by how they
ended, and per placement; declines by reason and by priority group; flags raised, resolved and open;
tenancies still held 6 and 12 months after move-in, over the placements old enough to be measured. Every
figure is counted per group of a key (municipality, prefecture, support corporation, month, or any function
of a record) and for all groups together (:data:`ALL`).

Publication: every count goes through :func:`sumai.domain.disclosure.suppress` with the lines that bind
the figures — each partition of a total (placements = housed + repeat placements; inquiries sent = accepted
+ declined + withdrawn + expired + open; declined = the sum of the reasons; flags raised = resolved + open;
measured = held + not held) and the groups of every figure summing to the total — so that no shown figure
gives a hidden one back by subtraction along a line. A median or percentile is shown only when the count it
is computed from reaches the threshold; a rate only when both of its parts are shown and its denominator
reaches the threshold (``params/statistics_disclosure_*.toml``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from sumai.domain import disclosure
from sumai.domain.errors import InputError
from sumai.domain.placement_inquiries import DeclineReason, FlagResolution, InquiryState
from sumai.domain.placement_lease import add_months_on_day
from sumai.domain.priority_groups import GROUP_CODES

__all__ = [
    "ALL",
    "HELD_MONTHS",
    "Cell",
    "Dimension",
    "FlagRecord",
    "GroupOutcome",
    "InquiryRecord",
    "OutcomeReport",
    "PlacementRecord",
    "days_to_move_in",
    "outcome_lines",
    "outcomes",
    "raw_counts",
]

ALL = "*"
"""The key of the row of all groups together."""
HELD_MONTHS = (6, 12)
"""The months after move-in at which tenancies are measured (issue #17)."""

_OUTCOME_STATES = ("accepted", "declined", "withdrawn", "expired", "open")


@dataclass(frozen=True, slots=True)
class PlacementRecord:
    """One placement: a household moved into a home. ``household`` identifies the household (any hashable
    pseudonym); ``first_consultation_on`` is the day its first consultation or case began;
    ``ended_on`` the last day it lived in the home (``None``: still there)."""

    household: Hashable
    municipality: str
    moved_in_on: date
    first_consultation_on: date
    support_corporation: str = ""
    ended_on: date | None = None


@dataclass(frozen=True, slots=True)
class InquiryRecord:
    """One inquiry to a landlord: ``sent_on`` (``None``: never sent — drafts are not counted), its state,
    the decline reason when declined, and the household's priority groups when it was sent."""

    household: Hashable
    municipality: str
    state: InquiryState
    sent_on: date | None
    decline_reason: DeclineReason | None = None
    household_groups: frozenset[str] = frozenset()
    support_corporation: str = ""


@dataclass(frozen=True, slots=True)
class FlagRecord:
    """One refusal flag: raised on ``raised_on`` about a home in ``municipality``; resolved on
    ``resolved_on`` with ``resolution`` (``None``: still open)."""

    municipality: str
    raised_on: date
    resolved_on: date | None = None
    resolution: FlagResolution | None = None
    support_corporation: str = ""


Record = PlacementRecord | InquiryRecord | FlagRecord


class Dimension(StrEnum):
    """The keys outcomes are grouped by. A record's month is that of its event: move-in for a placement,
    sending for an inquiry, raising for a flag."""

    MUNICIPALITY = "municipality"
    PREFECTURE = "prefecture"  # the first two digits of the municipality code
    SUPPORT_CORPORATION = "support_corporation"
    MONTH = "month"  # YYYY-MM


def _event(record: Record) -> date:
    if isinstance(record, PlacementRecord):
        return record.moved_in_on
    if isinstance(record, InquiryRecord):
        if record.sent_on is None:  # drafts are dropped before grouping
            raise InputError("inquiries", "a draft (no sent_on) has no month")
        return record.sent_on
    return record.raised_on


def _key_function(by: Dimension | str | Callable[[Record], str]) -> Callable[[Record], str]:
    if callable(by):
        return by
    try:
        dim = Dimension(by)
    except ValueError:
        raise InputError("by", f"one of {', '.join(Dimension)}, or a function") from None
    if dim == Dimension.MUNICIPALITY:
        return lambda r: r.municipality
    if dim == Dimension.PREFECTURE:
        return lambda r: r.municipality[:2]
    if dim == Dimension.SUPPORT_CORPORATION:
        return lambda r: r.support_corporation
    return lambda r: _event(r).strftime("%Y-%m")


def _check(
    placements: Sequence[PlacementRecord],
    inquiries: Sequence[InquiryRecord],
    flags: Sequence[FlagRecord],
    as_of: date,
) -> None:
    for i, p in enumerate(placements):
        if p.moved_in_on > as_of:
            raise InputError(f"placements[{i}].moved_in_on", "must not be after as_of")
        if p.first_consultation_on > p.moved_in_on:
            raise InputError(f"placements[{i}].first_consultation_on", "must not be after moved_in_on")
        if p.ended_on is not None and p.ended_on < p.moved_in_on:
            raise InputError(f"placements[{i}].ended_on", "must not be before moved_in_on")
    for i, q in enumerate(inquiries):
        if q.sent_on is not None and q.sent_on > as_of:
            raise InputError(f"inquiries[{i}].sent_on", "must not be after as_of")
        if q.state == InquiryState.DECLINED and q.sent_on is not None and q.decline_reason is None:
            raise InputError(f"inquiries[{i}].decline_reason", "is required for a declined inquiry")
    for i, f in enumerate(flags):
        if f.raised_on > as_of:
            raise InputError(f"flags[{i}].raised_on", "must not be after as_of")
        if f.resolved_on is not None and f.resolved_on < f.raised_on:
            raise InputError(f"flags[{i}].resolved_on", "must not be before raised_on")


def _first_placements(placements: Sequence[PlacementRecord]) -> dict[Hashable, int]:
    """Each household's first placement among the records, as its index (earliest move-in; on a tie the
    first given)."""
    first: dict[Hashable, int] = {}
    for i, p in enumerate(placements):
        seen = first.get(p.household)
        if seen is None or p.moved_in_on < placements[seen].moved_in_on:
            first[p.household] = i
    return first


def days_to_move_in(placements: Sequence[PlacementRecord]) -> dict[Hashable, int]:
    """Per household housed: calendar days from its first consultation to the move-in of its first
    placement (moved in on the day of the consultation = 0)."""
    return {
        h: (placements[i].moved_in_on - placements[i].first_consultation_on).days
        for h, i in _first_placements(placements).items()
    }


def _held(p: PlacementRecord, months: int, as_of: date) -> bool | None:
    """``None`` when the placement is not old enough; else whether the household still lived in the home on
    the corresponding day ``months`` after move-in."""
    anniversary = add_months_on_day(p.moved_in_on, months)
    if anniversary > as_of:
        return None
    return p.ended_on is None or p.ended_on >= anniversary


def figures() -> tuple[str, ...]:
    """Every count figure, in the order of the report."""
    return (
        "placements",
        "housed",
        "placements.repeat",
        "inquiries.sent",
        *(f"inquiries.{s}" for s in _OUTCOME_STATES),
        *(f"declines.reason.{r}" for r in DeclineReason),
        *(f"declines.group.{g}" for g in GROUP_CODES),
        "flags.raised",
        "flags.resolved",
        "flags.open",
        *(f"held.{m}.{part}" for m in HELD_MONTHS for part in ("measured", "held", "not_held")),
    )


def raw_counts(
    placements: Sequence[PlacementRecord],
    inquiries: Sequence[InquiryRecord],
    flags: Sequence[FlagRecord],
    *,
    by: Dimension | str | Callable[[Record], str],
    as_of: date,
) -> dict[tuple[str, str], int]:
    """Every count, unsuppressed, keyed ``(group, figure)``; the group :data:`ALL` holds the totals. Not for
    publication: :func:`outcomes` suppresses."""
    _check(placements, inquiries, flags, as_of)
    key = _key_function(by)
    counts: Counter[tuple[str, str]] = Counter()

    def add(group: str, figure: str) -> None:
        counts[group, figure] += 1
        counts[ALL, figure] += 1

    first = set(_first_placements(placements).values())
    for i, p in enumerate(placements):
        g = key(p)
        add(g, "placements")
        add(g, "housed" if i in first else "placements.repeat")
        for m in HELD_MONTHS:
            held = _held(p, m, as_of)
            if held is not None:
                add(g, f"held.{m}.measured")
                add(g, f"held.{m}.held" if held else f"held.{m}.not_held")
    for q in inquiries:
        if q.sent_on is None:
            continue
        g = key(q)
        add(g, "inquiries.sent")
        state = "open" if q.state in (InquiryState.SENT, InquiryState.VIEWING_OFFERED) else str(q.state)
        add(g, f"inquiries.{state}")
        if q.state == InquiryState.DECLINED and q.decline_reason is not None:
            add(g, f"declines.reason.{DeclineReason(q.decline_reason)}")
            for group in sorted(set(q.household_groups) & set(GROUP_CODES)):
                add(g, f"declines.group.{group}")
    for f in flags:
        g = key(f)
        add(g, "flags.raised")
        resolved = f.resolved_on is not None and f.resolved_on <= as_of
        add(g, "flags.resolved" if resolved else "flags.open")
    return dict(counts)


def outcome_lines(groups: Iterable[str]) -> tuple[disclosure.Line, ...]:
    """The lines binding the figures of ``groups`` and of :data:`ALL` (see the module's docstring)."""
    keys = sorted(set(groups) - {ALL})
    partitions: list[tuple[str, tuple[str, ...]]] = [
        ("placements", ("housed", "placements.repeat")),
        ("inquiries.sent", tuple(f"inquiries.{s}" for s in _OUTCOME_STATES)),
        ("inquiries.declined", tuple(f"declines.reason.{r}" for r in DeclineReason)),
        ("flags.raised", ("flags.resolved", "flags.open")),
        *((f"held.{m}.measured", (f"held.{m}.held", f"held.{m}.not_held")) for m in HELD_MONTHS),
    ]
    lines: list[disclosure.Line] = []
    for g in (*keys, ALL):
        for total, members in partitions:
            lines.append(disclosure.Line((g, total), tuple((g, m) for m in members)))
    for figure in figures():
        lines.append(disclosure.Line((ALL, figure), tuple((g, figure) for g in keys)))
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class Cell:
    """One published count: ``value`` is ``None`` when it is suppressed (``mark`` says why)."""

    value: int | None
    mark: disclosure.Mark | None = None

    @property
    def shown(self) -> bool:
        return self.mark is None

    def display(self, threshold: int) -> str:
        """As the downloads write it: the number, ``<threshold`` (primary) or ``x`` (complementary)."""
        if self.mark is None:
            return str(self.value)
        return f"<{threshold}" if self.mark == disclosure.Mark.PRIMARY else "x"


@dataclass(frozen=True, slots=True)
class GroupOutcome:
    """The published figures of one group (or of :data:`ALL`)."""

    key: str
    cells: Mapping[str, Cell]
    median_days: int | None
    p90_days: int | None
    inquiries_per_placement: Decimal | None
    held_share: Mapping[int, Decimal | None]

    def as_dict(self, threshold: int) -> dict[str, object]:
        return {
            "key": self.key,
            "cells": {f: c.display(threshold) for f, c in self.cells.items()},
            "median_days": self.median_days,
            "p90_days": self.p90_days,
            "inquiries_per_placement": None
            if self.inquiries_per_placement is None
            else str(self.inquiries_per_placement),
            "held_share": {str(m): None if v is None else str(v) for m, v in self.held_share.items()},
        }


@dataclass(frozen=True, slots=True)
class OutcomeReport:
    """Every group's published figures (groups sorted by key), the total row, and the threshold used."""

    as_of: date
    threshold: int
    groups: tuple[GroupOutcome, ...]
    total: GroupOutcome

    def as_dict(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "threshold": self.threshold,
            "groups": [g.as_dict(self.threshold) for g in self.groups],
            "total": self.total.as_dict(self.threshold),
        }


_HUNDREDTH = Decimal("0.01")


def _ratio(num: Cell, den: Cell, threshold: int) -> Decimal | None:
    if not (num.shown and den.shown) or den.value is None or num.value is None or den.value < threshold:
        return None
    return (Decimal(num.value) / Decimal(den.value)).quantize(_HUNDREDTH, rounding=ROUND_HALF_EVEN)


def outcomes(
    placements: Sequence[PlacementRecord],
    inquiries: Sequence[InquiryRecord] = (),
    flags: Sequence[FlagRecord] = (),
    *,
    by: Dimension | str | Callable[[Record], str],
    as_of: date,
    threshold: int | None = None,
) -> OutcomeReport:
    """The published outcome figures grouped ``by`` a :class:`Dimension` (or a function of a record giving
    its group key), counted on ``as_of``, with small cells suppressed (``threshold``: the
    ``statistics_disclosure`` file in force on ``as_of`` unless given). Bad records raise
    :class:`InputError` naming the record (``placements[3].ended_on``)."""
    limit = disclosure.threshold(as_of) if threshold is None else threshold
    values = raw_counts(placements, inquiries, flags, by=by, as_of=as_of)
    key = _key_function(by)
    groups = {g for g, _ in values} | {ALL}
    marks = disclosure.suppress(values, outcome_lines(groups), limit=limit)  # type: ignore[arg-type]
    days = days_to_move_in(placements)
    first = _first_placements(placements)
    by_group: dict[str, Counter[int]] = {ALL: Counter(days.values())}
    for household, i in first.items():
        by_group.setdefault(key(placements[i]), Counter())[days[household]] += 1

    def group(g: str) -> GroupOutcome:
        cells = {
            f: Cell(None, marks[(g, f)]) if (g, f) in marks else Cell(values.get((g, f), 0))
            for f in figures()
        }
        distribution = by_group.get(g, Counter())
        enough = sum(distribution.values()) >= limit
        return GroupOutcome(
            g,
            cells,
            disclosure.nearest_rank(distribution, 0.5) if enough else None,
            disclosure.nearest_rank(distribution, 0.9) if enough else None,
            _ratio(cells["inquiries.sent"], cells["placements"], limit),
            {m: _ratio(cells[f"held.{m}.held"], cells[f"held.{m}.measured"], limit) for m in HELD_MONTHS},
        )

    return OutcomeReport(as_of, limit, tuple(group(g) for g in sorted(groups - {ALL})), group(ALL))
