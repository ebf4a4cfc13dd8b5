"""The public statistics: support corporations by legal form and prefecture, councils by prefecture, and
population coverage by municipal councils. Every figure comes from the app that owns it, through the
contributions it registers with the kernel (:mod:`sumai.core.contributions`, ``statistics.*``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sumai.core import contributions
from sumai.places.selectors import prefecture_choices


@dataclass(frozen=True)
class PrefectureRow:
    code: str
    name: str
    total: int
    by_form: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CorporationStats:
    available: bool
    total: int
    forms: list[tuple[str, str, int, float]]  # (code, label, count, percent), largest first
    prefectures: list[PrefectureRow]
    top: PrefectureRow | None


def legal_form_labels() -> dict[str, str]:
    labels = contributions.provider("statistics.legal_form_labels")
    return labels() if labels is not None else {}


def prefectures() -> list[tuple[str, str]]:
    """(code, name) of the 47 prefectures, from memory: in a language other than Japanese the name is followed
    by its rōmaji, as on the outcome and search pages (「東京都 (Tokyo-to)」)."""
    return prefecture_choices()


def corporation_stats() -> CorporationStats:
    selector = contributions.provider("statistics.designated_corporations")
    rows: list[tuple[str, str, int]] = selector() if selector is not None else []
    labels = legal_form_labels()
    by_pref: dict[str, dict[str, int]] = {}
    forms: dict[str, int] = {}
    for pref, form, n in rows:
        by_pref.setdefault(pref, {})
        by_pref[pref][form] = by_pref[pref].get(form, 0) + n
        forms[form] = forms.get(form, 0) + n
    pref_rows = [
        PrefectureRow(code, name, sum(by_pref.get(code, {}).values()), by_pref.get(code, {}))
        for code, name in prefectures()
    ]
    top = max(pref_rows, key=lambda r: r.total, default=None)
    total = sum(forms.values())
    return CorporationStats(
        available=selector is not None,
        total=total,
        forms=sorted(
            ((f, labels.get(f, f), n, 100.0 * n / total) for f, n in forms.items()),
            key=lambda t: (-t[2], t[0]),
        ),
        prefectures=pref_rows,
        top=top if top is not None and top.total > 0 else None,
    )


@dataclass(frozen=True)
class CouncilRow:
    code: str
    name: str
    prefectural: int
    municipal: int
    population: int
    covered: int
    municipalities: int
    covered_municipalities: int

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.population if self.population else 0.0


@dataclass(frozen=True)
class CouncilStats:
    on: date
    prefectural: int
    municipal: int
    national: Any  # a coverage: population, covered, municipalities, covered_municipalities, percent
    rows: list[CouncilRow]


@dataclass(frozen=True)
class _NoCoverage:
    population: int = 0
    covered: int = 0
    municipalities: int = 0
    covered_municipalities: int = 0
    percent: float = 0.0


def council_stats(*, on: date) -> CouncilStats:
    by_prefecture = contributions.provider("statistics.councils_by_prefecture")
    coverage = contributions.provider("statistics.council_coverage")
    counts: dict[str, dict[str, int]] = by_prefecture(on=on) if by_prefecture is not None else {}
    national, by_pref = coverage(on=on) if coverage is not None else (_NoCoverage(), {})
    rows = []
    for code, name in prefectures():
        c = counts.get(code, {})
        cov = by_pref.get(code) or _NoCoverage()
        rows.append(
            CouncilRow(
                code,
                name,
                c.get("prefectural", 0),
                c.get("municipal", 0),
                cov.population,
                cov.covered,
                cov.municipalities,
                cov.covered_municipalities,
            )
        )
    return CouncilStats(
        on=on,
        prefectural=sum(r.prefectural for r in rows),
        municipal=sum(r.municipal for r in rows),
        national=national,
        rows=rows,
    )


@dataclass(frozen=True)
class HousingRow:
    code: str
    name: str
    registered: int
    dedicated: int
    vacant: int
    buildings: int


@dataclass(frozen=True)
class TrendBar:
    month: date
    registered: int  # units registered in the month
    total: int  # registered units at the end of the month


@dataclass(frozen=True)
class HousingStats:
    available: bool
    registered: int
    dedicated: int
    vacant: int
    buildings: int
    rows: list[HousingRow]
    trend: list[TrendBar]
    top: HousingRow | None


def housing_stats() -> HousingStats:
    """Registered, dedicated and vacant-now units by prefecture and the monthly registration trend, from the
    provider that owns the public index (``statistics.housing_by_prefecture``,
    ``statistics.registration_trend``). The national figures are the sums of the prefecture rows, so no
    page can show two different totals."""
    by_prefecture = contributions.provider("statistics.housing_by_prefecture")
    trend_of = contributions.provider("statistics.registration_trend")
    counts: dict[str, Any] = by_prefecture() if by_prefecture is not None else {}
    rows = []
    for code, name in prefectures():
        c = counts.get(code)
        rows.append(
            HousingRow(
                code,
                name,
                c.registered if c else 0,
                c.dedicated if c else 0,
                c.vacant if c else 0,
                c.buildings if c else 0,
            )
        )
    top = max(rows, key=lambda r: r.registered, default=None)
    return HousingStats(
        available=by_prefecture is not None,
        registered=sum(r.registered for r in rows),
        dedicated=sum(r.dedicated for r in rows),
        vacant=sum(r.vacant for r in rows),
        buildings=sum(r.buildings for r in rows),
        rows=rows,
        trend=[TrendBar(m, n, t) for m, n, t in (trend_of() if trend_of is not None else [])],
        top=top if top is not None and top.registered > 0 else None,
    )
