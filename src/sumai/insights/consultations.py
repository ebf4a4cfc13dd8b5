"""Public figures of consultation and case work (docs/cases-statistics.md), for the nation, a prefecture or a
municipality. The counts come by municipality from the cases app (``statistics.consultations``,
``statistics.first_contact``); here they are rolled up to prefectures and the nation and every small cell is
suppressed (:mod:`sumai.domain.disclosure`) over the whole hierarchy at once, so that no page — nor the
difference of two pages — gives back a count from 1 to 4."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import Promise

from sumai.core import contributions
from sumai.domain import disclosure
from sumai.places.models import Municipality
from sumai.places.selectors import municipality_label, municipality_names, prefecture_choices

NATION = "JP"

Key = tuple[str, str, str]  # (area, breakdown or "pop", category)


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed
    mark: str = ""  # "", "primary" (fewer than the threshold), "secondary" (not shown)

    @property
    def shown(self) -> bool:
        return self.value is not None

    def export(self, limit: int) -> int | str:
        """The value in the CSV and JSON: the count, ``<5`` or ``x``."""
        if self.value is not None:
            return self.value
        return f"<{limit}" if self.mark == disclosure.Mark.PRIMARY else "x"


@dataclass(frozen=True)
class Row:
    code: str
    label: str | Promise
    cell: Cell
    rate: float | None = None  # acceptance, where published


@dataclass(frozen=True)
class Table:
    key: str
    additive: bool
    total: Cell
    rows: list[Row]
    groups: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    requests: Cell
    cases: Cell
    referrals: Cell


@dataclass(frozen=True)
class Duration:
    median: int | None
    p90: int | None
    enough: bool


@dataclass(frozen=True)
class Area:
    kind: str  # "nation", "prefecture", "municipality"
    code: str
    name: str
    prefecture_code: str = ""
    prefecture_name: str = ""


@dataclass(frozen=True)
class ConsultationStats:
    available: bool
    area: Area
    limit: int
    requests: Cell
    cases: Cell
    households: Cell
    referrals: Cell
    tables: dict[str, Table]
    children: list[AreaRow]
    first_contact: dict[str, Duration]
    acceptance: Cell
    acceptance_rate: float | None
    as_of: Any = None  # when the figures were counted (they are kept for SUMAI["STATISTICS_CACHE_SECONDS"])


def _area_id(kind: str, code: str) -> str:
    return {"nation": NATION, "prefecture": f"P{code}", "municipality": f"M{code}"}[kind]


def _total_of(raw: Any, b: Any) -> tuple[str, str]:
    """The (breakdown, category) of the cell a breakdown's categories sum to."""
    if b.population not in raw.populations and ":" in b.population:
        dim, cat = b.population.split(":", 1)
        return dim, cat
    return "pop", b.population


def _values(raw: Any, pref_of: dict[str, str]) -> dict[Key, int]:
    """Every non-zero count of every municipality, rolled up to its prefecture and the nation."""
    values: dict[Key, int] = {}

    def add(muni: str, dim: str, cat: str, n: int) -> None:
        if not n:
            return
        pref = pref_of.get(muni)
        for area in (f"M{muni}", f"P{pref}" if pref else None, NATION):
            if area is not None:
                values[(area, dim, cat)] = values.get((area, dim, cat), 0) + n

    for population, per in raw.populations.items():
        for muni, n in per.items():
            add(muni, "pop", population, n)
    for b in raw.breakdowns:
        summed = _total_of(raw, b) == ("pop", b.population) and b.population not in raw.populations
        for muni, per in b.counts.items():
            for cat, n in per.items():
                add(muni, b.key, cat, n)
                if summed:  # a population no one counted: the sum of its categories
                    add(muni, "pop", b.population, n)
            for gcode, _label, members in b.groups:
                add(muni, b.key, f"group:{gcode}", sum(per.get(m, 0) for m in members))
    return values


def _lines(raw: Any, values: dict[Key, int], children: dict[str, set[str]]) -> list[disclosure.Line]:
    lines: list[disclosure.Line] = []
    areas = sorted({a for a, _d, _c in values})  # sorted: the same cells are hidden on every run
    for b in raw.breakdowns:  # rows: the categories of an additive breakdown sum to its total
        dim, cat = _total_of(raw, b)
        for area in areas:
            if b.additive:
                members = tuple((area, b.key, c) for c, _l in b.categories)
                lines.append(disclosure.Line((area, dim, cat), members))
            for gcode, _label, group in b.groups:
                members = tuple((area, b.key, m) for m in group)
                lines.append(disclosure.Line((area, b.key, f"group:{gcode}"), members))
    suffixes = sorted({(d, c) for _a, d, c in values})
    for parent, kids in sorted(children.items()):  # columns: the areas within an area sum to it
        ordered = tuple(sorted(kids))
        for dim, cat in suffixes:
            lines.append(disclosure.Line((parent, dim, cat), tuple((k, dim, cat) for k in ordered)))
    return lines


def _suppressed(raw: Any, limit: int) -> tuple[dict[Key, int], dict[Hashable, disclosure.Mark]]:
    """Every count of every area, and the suppressed ones (over the whole hierarchy at once)."""
    munis: set[str] = set()
    for per in raw.populations.values():
        munis.update(per)
    for b in raw.breakdowns:
        munis.update(b.counts)
    pref_of = dict(Municipality.objects.filter(code__in=munis).values_list("code", "prefecture_id"))
    values = _values(raw, pref_of)
    children: dict[str, set[str]] = {NATION: set()}
    for muni in munis:
        pref = pref_of.get(muni)
        if pref:
            children[NATION].add(f"P{pref}")
            children.setdefault(f"P{pref}", set()).add(f"M{muni}")
    lines = _lines(raw, values, children)
    return values, disclosure.suppress(values, lines, limit=limit)  # type: ignore[arg-type]


def _cell(values: dict[Key, int], marks: dict[Hashable, disclosure.Mark], key: Key) -> Cell:
    mark = marks.get(key)
    if mark is not None:
        return Cell(None, str(mark))
    return Cell(values.get(key, 0))


def resolve_area(prefecture: str = "", municipality: str = "") -> Area | None:
    """The area the query names (a municipality wins over a prefecture); None for an unknown code. Its names
    as the outcome pages give them: in a language other than Japanese followed by their rōmaji
    (「東京都 (Tokyo-to)」, 「世田谷区 (Setagaya-ku)」); from memory."""
    prefectures = dict(prefecture_choices())
    if municipality:
        info = municipality_names().get(municipality)
        if info is None:
            return None
        return Area(
            "municipality",
            info.code,
            municipality_label(info.code, info.full_name),
            info.prefecture_code,
            prefectures.get(info.prefecture_code, info.prefecture_name),
        )
    if prefecture:
        name = prefectures.get(prefecture)
        return Area("prefecture", prefecture, name, prefecture, name) if name is not None else None
    return Area("nation", NATION, "")


def _duration(distribution: dict[int, int], limit: int) -> Duration:
    n = sum(distribution.values())
    if n < limit:
        return Duration(None, None, False)
    return Duration(
        disclosure.nearest_rank(distribution, 0.5), disclosure.nearest_rank(distribution, 0.9), True
    )


def _rate(accepted: Cell, declined: Cell, limit: int) -> float | None:
    if accepted.value is None or declined.value is None:
        return None
    decided = accepted.value + declined.value
    return 100.0 * accepted.value / decided if decided >= limit else None


def _cached(key: str, compute: Any) -> Any:
    """``compute()``, kept in the default cache for ``SUMAI["STATISTICS_CACHE_SECONDS"]`` (counting and
    suppressing every area takes about a second at 30,000 requests; the figures may be minutes old)."""
    ttl = int(settings.SUMAI.get("STATISTICS_CACHE_SECONDS", 600))
    value = cache.get(key) if ttl > 0 else None
    if value is None:
        value = compute()
        if ttl > 0:
            cache.set(key, value, ttl)
    return value


def consultation_stats(area: Area) -> ConsultationStats:
    limit = disclosure.threshold(timezone.localdate())
    counts_of = contributions.provider("statistics.consultations")
    durations_of = contributions.provider("statistics.first_contact")
    empty = Cell(0)
    if counts_of is None:
        return ConsultationStats(False, area, limit, empty, empty, empty, empty, {}, [], {}, empty, None)

    def count() -> tuple[Any, dict[Key, int], dict[Hashable, disclosure.Mark], Any]:
        raw = counts_of()
        return (raw, *_suppressed(raw, limit), timezone.now())

    raw, values, marks, as_of = _cached(f"sumai:insights:consultations:{limit}", count)
    aid = _area_id(area.kind, area.code)

    def cell(dim: str, cat: str, where: str = aid) -> Cell:
        return _cell(values, marks, (where, dim, cat))

    tables: dict[str, Table] = {}
    for b in raw.breakdowns:
        total = cell(*_total_of(raw, b))
        rows = [Row(code, label, cell(b.key, code)) for code, label in b.categories]
        groups = [Row(g, label, cell(b.key, f"group:{g}")) for g, label, _m in b.groups]
        tables[b.key] = Table(b.key, b.additive, total, rows, groups)
    accepted, declined = tables.get("referral_accepted"), tables.get("referral_declined")
    if "referral_kind" in tables and accepted is not None and declined is not None:
        kinds = tables["referral_kind"]
        rows = [
            Row(r.code, r.label, r.cell, _rate(a.cell, d.cell, limit))
            for r, a, d in zip(kinds.rows, accepted.rows, declined.rows, strict=True)
        ]
        tables["referral_kind"] = Table(kinds.key, kinds.additive, kinds.total, rows)

    if area.kind == "nation":
        child_ids = [(f"P{c}", c, n) for c, n in prefecture_choices()]
        codes: list[str] | None = None
    elif area.kind == "prefecture":
        kids = sorted(c for c, info in municipality_names().items() if info.prefecture_code == area.code)
        child_ids = [(f"M{c}", c, municipality_label(c, c)) for c in kids]
        codes = kids
    else:
        child_ids = []
        codes = [area.code]
    children = [
        AreaRow(
            code, name, cell("pop", "requests", cid), cell("pop", "cases", cid), cell("pop", "referrals", cid)
        )
        for cid, code, name in child_ids
        if area.kind == "nation" or any((cid, "pop", p) in values for p in ("requests", "cases", "referrals"))
    ]
    durations = (
        _cached(f"sumai:insights:first-contact:{aid}", lambda: durations_of(municipality_codes=codes))
        if durations_of is not None
        else {}
    )
    acc_total = accepted.total if accepted is not None else empty
    dec_total = declined.total if declined is not None else empty
    return ConsultationStats(
        available=True,
        area=area,
        limit=limit,
        requests=cell("pop", "requests"),
        cases=cell("pop", "cases"),
        households=cell("pop", "households"),
        referrals=cell("pop", "referrals"),
        tables=tables,
        children=children,
        first_contact={k: _duration(v, limit) for k, v in durations.items()},
        acceptance=acc_total,
        acceptance_rate=_rate(acc_total, dec_total, limit),
        as_of=as_of,
    )
