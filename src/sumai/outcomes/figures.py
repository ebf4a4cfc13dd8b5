"""The published outcome figures (docs/outcomes.md) of every page at once: the nation, each prefecture, each
municipality and each support corporation, and the monthly households housed of every area.

The records come from ``sumai.placements.selectors_outcomes``; the counting is ``sumai.domain.outcomes``
(:func:`raw_counts` once, keyed by municipality × support corporation × month, and by household for the
placements, so that each household's first placement is known); here the counts are rolled up and every small
cell is suppressed over the whole hierarchy at once — nation = Σ prefectures, prefecture = Σ its
municipalities, nation = Σ support corporations, an area's households housed = Σ its months, a month of an
area = Σ that month of its parts, and inside every node the lines of :func:`outcome_lines` — so that no page,
nor the difference of two pages, gives back a count from 1 to 4.

Period: every record since records began up to the day of counting (``as_of``, today in Asia/Tokyo): the
tenancies held at 12 months need placements older than a year, which a rolling window would cut away.
Cached for ``SUMAI["STATISTICS_CACHE_SECONDS"]`` (600 by default) under a key that holds the day.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from sumai.domain import disclosure
from sumai.domain import outcomes as domain
from sumai.domain.outcomes import ALL, HELD_MONTHS, Cell, GroupOutcome
from sumai.domain.priority_groups import GROUP_CODES
from sumai.placements import selectors_outcomes

logger = logging.getLogger(__name__)

NATION = "JP"
NO_CORPORATION = "C"  # the node of placements, inquiries and flags no support corporation worked
CACHE_VERSION = 3  # 2: the corporations page has the nation's months; 3: a page knows the nation's groups
FIGURES: tuple[str, ...] = domain.figures()
HOUSED = "housed"


def prefecture_node(code: str) -> str:
    return f"P{code}"


def municipality_node(code: str) -> str:
    return f"M{code}"


def corporation_node(org_id: str) -> str:
    return f"C{org_id}"


def month_node(node: str, month: str) -> str:
    return f"{node}@{month}"


@dataclass(frozen=True)
class Counted:
    """Every count and mark of every node, and the days to move-in of the households housed in each."""

    as_of: date
    counted_at: object  # an aware datetime
    limit: int
    values: dict[tuple[str, str], int]
    marks: dict[Hashable, disclosure.Mark]
    days: dict[str, Counter[int]]
    children: dict[str, list[str]]  # node -> its child nodes with any record (sorted)
    months: list[str]  # YYYY-MM from the first month with a placement to as_of's month
    generation: str = ""  # the cache's name of this count

    def cell(self, node: str, figure: str) -> Cell:
        mark = self.marks.get((node, figure))
        if mark is not None:
            return Cell(None, mark)
        return Cell(self.values.get((node, figure), 0))

    def group(self, node: str, key: str | None = None) -> GroupOutcome:
        """The published figures of ``node`` as the domain's :class:`GroupOutcome` (``key``: its key there,
        the node by default)."""
        cells = {f: self.cell(node, f) for f in FIGURES}
        distribution = self.days.get(node, Counter())
        enough = sum(distribution.values()) >= self.limit
        return GroupOutcome(
            key if key is not None else node,
            cells,
            disclosure.nearest_rank(distribution, 0.5) if enough else None,
            disclosure.nearest_rank(distribution, 0.9) if enough else None,
            _ratio(cells["inquiries.sent"], cells["placements"], self.limit),
            {
                m: _ratio(cells[f"held.{m}.held"], cells[f"held.{m}.measured"], self.limit)
                for m in HELD_MONTHS
            },
        )

    def trend(self, node: str) -> list[tuple[str, Cell]]:
        """Households housed per month in ``node``, every month of the period."""
        return [(m, self.cell(month_node(node, m), HOUSED)) for m in self.months]

    def has(self, node: str) -> bool:
        return any((node, f) in self.values for f in FIGURES)


def _ratio(num: Cell, den: Cell, limit: int) -> Decimal | None:
    """The domain's rule for a published rate (both counts shown, denominator at least the threshold)."""
    return domain._ratio(num, den, limit)


def _months(first: date | None, last: date) -> list[str]:
    if first is None:
        return []
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _relabel(lines: tuple[disclosure.Line, ...], parent: str) -> list[disclosure.Line]:
    """The domain's lines with its total row (:data:`ALL`) as ``parent``."""

    def cell(c: Hashable) -> Hashable:
        pair: tuple[str, str] = c  # type: ignore[assignment]
        return (parent if pair[0] == ALL else pair[0], pair[1])

    return [disclosure.Line(cell(line.total), tuple(cell(m) for m in line.members)) for line in lines]


def count(as_of: date, limit: int) -> Counted:
    """Count and suppress every node (not cached; :func:`counted` caches)."""
    placements, inquiries, flags = selectors_outcomes.outcome_records(until=as_of)

    def key(record: domain.Record) -> str:
        if isinstance(record, domain.PlacementRecord):
            month, household = record.moved_in_on.strftime("%Y-%m"), str(record.household)
        elif isinstance(record, domain.InquiryRecord):
            month, household = "", ""
        else:
            month, household = "", ""
        return f"{record.municipality}|{record.support_corporation}|{month}|{household}"

    raw = domain.raw_counts(placements, inquiries, flags, by=key, as_of=as_of)
    days_of = domain.days_to_move_in(placements)
    values: Counter[tuple[str, str]] = Counter()
    days: dict[str, Counter[int]] = defaultdict(Counter)
    children: dict[str, set[str]] = defaultdict(set)
    corporations: set[str] = set()
    first_month: date | None = min((p.moved_in_on for p in placements), default=None)
    parsed: dict[str, tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]] = {}
    for (group, figure), n in raw.items():
        if group == ALL or not n:
            continue
        found = parsed.get(group)
        if found is None:
            muni, corp, month, household = group.split("|")
            m, p, c = municipality_node(muni), prefecture_node(muni[:2]), corporation_node(corp)
            children[NATION].add(p)
            children[p].add(m)
            corporations.add(c)
            in_months: tuple[str, ...] = (
                (month_node(m, month), month_node(p, month), month_node(NATION, month)) if month else ()
            )
            found = parsed[group] = (household, m, p, c, (m, p, NATION, c), in_months)
        household, m, p, c, nodes, months_of = found
        for node in nodes:
            values[node, figure] += n
        if figure == HOUSED:
            for node in months_of:
                values[node, HOUSED] += n
            d = days_of[household]
            for node in nodes:
                days[node][d] += n
    months = _months(first_month, as_of)
    lines: list[disclosure.Line] = []
    lines += _relabel(domain.outcome_lines(sorted(children[NATION])), NATION)
    for p in sorted(children[NATION]):
        lines += _relabel(domain.outcome_lines(sorted(children[p])), p)
    lines += _relabel(domain.outcome_lines(sorted(corporations)), NATION)
    areas = [
        NATION,
        *sorted(children[NATION]),
        *(m for p in sorted(children[NATION]) for m in sorted(children[p])),
    ]
    for node in areas:  # an area's households housed = the sum of its months
        lines.append(disclosure.Line((node, HOUSED), tuple((month_node(node, mo), HOUSED) for mo in months)))
    for mo in months:  # a month of an area = the sum of that month of its parts
        for parent in (NATION, *sorted(children[NATION])):
            lines.append(
                disclosure.Line(
                    (month_node(parent, mo), HOUSED),
                    tuple((month_node(k, mo), HOUSED) for k in sorted(children[parent])),
                )
            )
    marks = disclosure.suppress(dict(values), lines, limit=limit)  # type: ignore[arg-type]
    kids = {k: sorted(v) for k, v in children.items()}
    kids["corporations"] = sorted(corporations)
    return Counted(as_of, timezone.now(), limit, dict(values), marks, dict(days), kids, months)


def _ttl() -> int:
    return int(settings.SUMAI.get("STATISTICS_CACHE_SECONDS", 600))


def _base_key(as_of: date, limit: int) -> str:
    return f"sumai:outcomes:{CACHE_VERSION}:{as_of.isoformat()}:{limit}"


def counted() -> Counted:
    """The figures of today, counted at most ``SUMAI["STATISTICS_CACHE_SECONDS"]`` ago. The key holds the
    day and the threshold (a new day or a new threshold counts again at once); every page of one count is
    kept under that count's generation, so that two pages never mix two counts."""
    as_of = timezone.localdate()
    limit = disclosure.threshold(as_of)
    ttl = _ttl()
    if ttl <= 0:
        return count(as_of, limit)
    base = _base_key(as_of, limit)
    generation = cache.get(f"{base}:generation")
    value = cache.get(f"{base}:{generation}:all") if generation is not None else None
    if value is None:
        stale = _LAST.get(base)
        if stale is not None and settings.SUMAI.get("OUTCOMES_RECOUNT_IN_BACKGROUND", True):
            # the count of ten minutes ago, while one thread counts again (no visitor waits for it)
            _recount_in_background(as_of, limit, base)
            return stale
        value = _store(as_of, limit, base)
    return value


_LAST: dict[str, Counted] = {}  # this process's last count of each key: served while it is counted again
_RECOUNTING: set[str] = set()
_LOCK = threading.Lock()


def _store(as_of: date, limit: int, base: str) -> Counted:
    generation = uuid.uuid4().hex
    ttl = _ttl()
    value = dataclasses.replace(count(as_of, limit), generation=generation)
    cache.set(f"{base}:{generation}:all", value, ttl + 60)
    cache.set(f"{base}:generation", generation, ttl)
    _LAST.clear()  # one key at a time: a new day or threshold drops the old count
    _LAST[base] = value
    return value


def _recount_in_background(as_of: date, limit: int, base: str) -> None:
    """Count again on a thread of this process, once at a time per key. The thread has its own database
    connection and closes it; a failure leaves the stale count in place and is logged."""
    with _LOCK:
        if base in _RECOUNTING:
            return
        _RECOUNTING.add(base)

    def run() -> None:
        try:
            _store(as_of, limit, base)
        except Exception:  # the stale count stays; the next request tries again
            logger.exception("outcomes: counting again failed")
        finally:
            connections.close_all()
            with _LOCK:
                _RECOUNTING.discard(base)

    threading.Thread(target=run, name="outcomes-recount", daemon=True).start()


@dataclass(frozen=True)
class Page:
    """What one page (and its downloads) publishes: the node's figures, its parts' figures and its monthly
    households housed. Small enough to keep in the cache per page."""

    node: str
    as_of: date
    counted_at: object
    limit: int
    total: GroupOutcome
    rows: tuple[tuple[str, GroupOutcome], ...]  # (code of the part: prefecture, municipality, corporation id)
    trend: tuple[tuple[str, Cell], ...]
    nation_groups: tuple[str, ...] = ()  # the priority groups with a decline anywhere in Japan (codes)


def _code(node: str) -> str:
    return node[1:]


def page(node: str) -> Page:
    """The figures of one page: ``JP`` (by prefecture), ``P13`` (by municipality), ``M131016`` (no parts)
    or ``corporations`` (the nation by support corporation, with the nation's figures and months). Cached
    per page for the same time as the whole count (the key holds the day and the threshold)."""
    as_of = timezone.localdate()
    limit = disclosure.threshold(as_of)
    base = _base_key(as_of, limit)
    generation = cache.get(f"{base}:generation") if _ttl() > 0 else None
    value = cache.get(f"{base}:{generation}:page:{node}") if generation is not None else None
    if value is None:
        c = counted()
        target = NATION if node == "corporations" else node
        kids = c.children.get(node, [])
        value = Page(
            node,
            c.as_of,
            c.counted_at,
            c.limit,
            c.group(target, key=ALL),
            tuple((_code(k), c.group(k, key=_code(k))) for k in kids),
            tuple(c.trend(target)),  # the corporations page: the nation's months (all corporations and none)
            tuple(code for code in GROUP_CODES if c.values.get((NATION, f"declines.group.{code}"), 0) > 0),
        )
        if c.generation:
            cache.set(f"{base}:{c.generation}:page:{node}", value, _ttl() + 60)
    return value
