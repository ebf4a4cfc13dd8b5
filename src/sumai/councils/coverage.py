"""Population coverage: the share of people who live in a municipality with its own (municipal) council.

Method (docs/councils.md):

- The population is the 住民基本台帳 population of ``data/municipalities.csv`` (2022-01-01). The base of a
  prefecture is the sum over its municipalities (市, 特別区, 町, 村) — never the wards of designated cities
  as well, which would count their people twice.
- A municipality is covered when a municipal council founded on or before the date counts it in its area.
  A joint council (e.g. 徳之島町・天城町・伊仙町) covers each of its municipalities.
- A designated city's council covers all of its wards: the city's population counts once.
- A council of a single ward (wards are not local governments, but ward-level councils can exist) covers
  that ward only: when the city itself is not covered, the covered wards' populations count instead. A
  ward without population data (Hamamatsu's wards of 2024) adds nothing.
- Prefectural councils do not count: the measure (住生活基本計画 令和3年3月19日) is coverage by councils
  that municipalities found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import Q

WARD = "ward_of_designated_city"


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    prefecture: str
    kind: str
    parent: str | None
    population: int | None


@dataclass(frozen=True, slots=True)
class Coverage:
    prefecture: str  # "" for the whole country
    population: int
    covered: int
    municipalities: int
    covered_municipalities: int

    @property
    def share(self) -> Fraction:
        return Fraction(self.covered, self.population) if self.population else Fraction(0)

    @property
    def percent(self) -> float:
        return float(self.share * 100)


def compute(places: Iterable[Place], covered_codes: Iterable[str]) -> tuple[Coverage, dict[str, Coverage]]:
    """National and per-prefecture coverage from the places and the codes that councils cover."""
    covered = set(covered_codes)
    all_places = list(places)
    wards_of: dict[str, list[Place]] = defaultdict(list)
    for p in all_places:
        if p.kind == WARD and p.parent:
            wards_of[p.parent].append(p)
    population: dict[str, int] = defaultdict(int)
    covered_population: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    covered_count: dict[str, int] = defaultdict(int)
    for p in all_places:
        if p.kind == WARD:
            continue
        pop = p.population or 0
        population[p.prefecture] += pop
        count[p.prefecture] += 1
        if p.code in covered:
            covered_population[p.prefecture] += pop
            covered_count[p.prefecture] += 1
        else:
            wards = [w for w in wards_of.get(p.code, []) if w.code in covered]
            covered_population[p.prefecture] += sum(w.population or 0 for w in wards)
    by_prefecture = {
        pref: Coverage(pref, population[pref], covered_population[pref], count[pref], covered_count[pref])
        for pref in sorted(population)
    }
    national = Coverage(
        "",
        sum(population.values()),
        sum(covered_population.values()),
        sum(count.values()),
        sum(covered_count.values()),
    )
    return national, by_prefecture


def covered_codes(*, on: date) -> set[str]:
    """Municipality codes in the area of a municipal council founded on or before ``on``."""
    from sumai.councils.models import Council

    through = Council.municipalities.through
    return set(
        through.objects.filter(
            Q(council__level=Council.Level.MUNICIPAL),
            Q(council__founded_on__lte=on),
            Q(council__organisation__is_active=True),
        ).values_list("municipality_id", flat=True)
    )


def coverage(*, on: date) -> tuple[Coverage, dict[str, Coverage]]:
    """Coverage on a date, from the municipalities in the database."""
    from sumai.places.models import Municipality

    places = [
        Place(code, pref, kind, parent, pop)
        for code, pref, kind, parent, pop in Municipality.objects.values_list(
            "code", "prefecture_id", "kind", "parent_id", "population"
        )
    ]
    return compute(places, covered_codes(on=on))
