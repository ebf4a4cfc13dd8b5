"""Reads of the matching: the case a caseworker may match for, the household's needs, the candidate homes
(hard rules compiled to SQL over the public search index), the excluded counts per rule (one counting
query), and the support corporations serving a place.

Homes come from the search index (``search.SearchUnit``: registered units only, the published version of
ADR 0008, accepted groups as a bit set) rather than the registry's own tables, whose edits under a change
notice are not public yet and whose groups are a JSON list no index can read. The area's vacant homes are
read through the partial index ``su_vacant_muni_rent`` (municipality, monthly cost, unit) WHERE vacant —
no new index was needed (docs/matching.md, docs/performance.md "Matching").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from sumai.cases import households as household_services
from sumai.cases.models import Case, Household
from sumai.cases.selectors_cases import case_for, holders
from sumai.core.access import Access
from sumai.domain import matching as domain
from sumai.domain import support as domain_support
from sumai.matching.models import MatchSnapshot
from sumai.places.models import Municipality
from sumai.search import groups as group_bits
from sumai.search.models import VACANT, PublicBuilding, PublicUnit, SearchUnit
from sumai.support.models import SupportCorporation
from sumai.support.selectors import LISTED, area_codes


# ------------------------------------------------------------------------------------------ the case
def case_to_match(*, pk: int, visible_to: Access) -> Case | None:
    """A case worked by one of the asker's organisations whose household that organisation also holds
    (the holder sees every category; eligibility tells disabilities and incomes, so an organisation that
    sees the household only by consent does not match for it). An anonymised household is not matched."""
    case = case_for(pk=pk, visible_to=visible_to)
    if case is None:
        return None
    household = case.household
    if household.organisation_id not in holders(visible_to) or household.anonymised_at is not None:
        return None
    return case


def snapshot_for(*, pk: int, snapshot: int, visible_to: Access) -> MatchSnapshot | None:
    case = case_to_match(pk=pk, visible_to=visible_to)
    if case is None:
        return None
    found = MatchSnapshot.objects.select_related("actor").filter(pk=snapshot, case=case).first()
    if found is not None:
        found.case = case
    return found


def snapshots(case: Case, limit: int = 10) -> list[MatchSnapshot]:
    return list(MatchSnapshot.objects.filter(case=case).select_related("actor")[:limit])


@dataclass(frozen=True)
class HouseholdNeeds:
    """What the household record says, for the form's initial values and the domain's needs."""

    groups: tuple[str, ...]
    ages: tuple[int, ...]
    missing_birth_dates: tuple[str, ...]
    municipality_code: str
    max_rent: int | None
    barrier_free: bool
    ground_floor: bool
    pets: bool
    help: tuple[str, ...]
    languages: tuple[str, ...]


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


LANGUAGE_WORDS: Mapping[str, tuple[str, ...]] = {
    "en": ("english", "英語"),
    "zh": ("chinese", "中国語", "中文"),
    "ko": ("korean", "韓国語", "한국어"),
    "vi": ("vietnamese", "ベトナム語", "tiếng việt"),
    "pt": ("portuguese", "ポルトガル語", "português"),
    "es": ("spanish", "スペイン語"),
    "tl": ("tagalog", "タガログ語", "filipino"),
    "ne": ("nepali", "ネパール語"),
    "id": ("indonesian", "インドネシア語"),
    "th": ("thai", "タイ語"),
    "my": ("burmese", "ミャンマー語"),
    "jsl": ("sign", "手話"),
    "ja-easy": ("やさしい", "easy japanese"),
}


def language_codes(text: str) -> tuple[str, ...]:
    """The language codes a household's free-text "languages" names (best effort; the form corrects)."""
    folded = (text or "").lower()
    return tuple(code for code, words in LANGUAGE_WORDS.items() if any(w in folded for w in words))


def household_needs(household: Household, *, on: date | None = None) -> HouseholdNeeds:
    today = on or timezone.localdate()
    view = household_services.eligibility(household, as_of=today)
    result = getattr(view, "result", None)
    members = list(household.members.all())
    ages = tuple(_age(m.birth_date, today) for m in members if m.birth_date is not None)
    request = household.request
    return HouseholdNeeds(
        groups=tuple(result.groups) if result is not None else (),
        ages=ages,
        missing_birth_dates=tuple(getattr(view, "missing", ()) or ()),
        municipality_code=household.municipality_id,
        max_rent=household.max_rent,
        barrier_free=household.barrier_free,
        ground_floor=household.needs_lift,
        pets=household.pets,
        help=tuple(request.help_wanted) if request is not None else (),
        languages=language_codes(household.languages),
    )


# --------------------------------------------------------------------------------------------- homes
def vacancy_valid_days() -> int:
    """The registry's validity period of a vacancy confirmation (``SUMAI["VACANCY_VALID_DAYS"]``)."""
    return int(settings.SUMAI.get("VACANCY_VALID_DAYS", 30))


def search_area(municipality_code: str) -> list[str]:
    """The municipality codes of a search: the municipality, and a designated city's wards (the index
    holds units under their ward)."""
    wards = list(Municipality.objects.filter(parent_id=municipality_code).values_list("code", flat=True))
    return [municipality_code, *wards]


@dataclass(frozen=True)
class CompiledRules:
    """The hard rules as SQL conditions over ``SearchUnit``, by :class:`domain.Rule` (each the condition a
    unit must meet), and the area's universe: the registered homes of the area marked vacant."""

    area: list[str]
    conditions: dict[str, Q] = field(default_factory=dict)
    minimum_area: Decimal | None = None

    def universe(self) -> QuerySet[SearchUnit]:
        return SearchUnit.objects.filter(municipality_code__in=self.area, vacancy=VACANT)

    def all(self) -> Q:
        q = Q()
        for cond in self.conditions.values():
            q &= cond
        return q


def compile_rules(needs: domain.HomeNeeds, area: list[str]) -> CompiledRules:
    """The SQL of each hard rule of :func:`sumai.domain.matching.breaks` (the domain re-checks them)."""
    conditions: dict[str, Q] = {}
    # group: any common bit (a household without groups has mask 0 and matches nothing)
    conditions[domain.Rule.GROUP] = Q(group_hit__gt=0)
    if needs.ceiling is not None:
        conditions[domain.Rule.COST] = Q(rent_total__lte=needs.ceiling)
    since = domain.vacancy_fresh_since(needs.now, needs.vacancy_valid_days)
    conditions[domain.Rule.VACANCY] = Q(vacancy=VACANT, vacancy_confirmed_at__gte=since)
    minimum = None
    if needs.area_standard:
        minimum = domain.minimum_living_area(needs.ages or (0,), needs.on)
        conditions[domain.Rule.AREA] = Q(area_centi__gte=int(minimum * 100))
    if needs.barrier_free:
        conditions[domain.Rule.BARRIER_FREE] = Q(barrier_free=True)
    if needs.ground_floor:
        # one primary-key probe of the published unit per candidate (an IN (subquery) read them all)
        conditions[domain.Rule.FLOOR] = Q(barrier_free=True) | Q(
            Exists(PublicUnit.objects.filter(pk=OuterRef("unit_id"), floor__lte=1))
        )
    if needs.pets:
        conditions[domain.Rule.PETS] = Q(pets_allowed=True)
    return CompiledRules(area=area, conditions=conditions, minimum_area=minimum)


def _with_groups(qs: QuerySet[SearchUnit], needs: domain.HomeNeeds) -> QuerySet[SearchUnit]:
    return qs.alias(group_hit=F("groups").bitand(group_bits.mask(needs.groups)))


def excluded_counts(rules: CompiledRules, needs: domain.HomeNeeds) -> tuple[int, dict[str, int]]:
    """(homes of the universe, {rule code: homes of the universe breaking it}) in one counting query."""
    qs = _with_groups(rules.universe(), needs)
    aggregates: dict[str, Any] = {"total": Count("pk")}
    for rule, cond in rules.conditions.items():
        aggregates[f"x_{rule}"] = Count("pk", filter=~cond)
    row = qs.aggregate(**aggregates)
    counts = {f"matching.excluded.{rule}": int(row[f"x_{rule}"] or 0) for rule in rules.conditions}
    return int(row["total"] or 0), {k: v for k, v in counts.items() if v}


FIELDS = (
    "unit_id",
    "building_id",
    "municipality_code",
    "rent",
    "common_fee",
    "rent_total",
    "floor_area_m2",
    "layout",
    "groups",
    "dedicated",
    "barrier_free",
    "pets_allowed",
    "vacancy",
    "vacancy_confirmed_at",
    "lat",
    "lon",
)


def candidate_rows(rules: CompiledRules, needs: domain.HomeNeeds, limit: int) -> list[dict[str, Any]]:
    """The homes meeting every hard rule, dedicated first then by monthly cost (the partial index's
    order), at most ``limit`` — the bounded set the domain scores."""
    qs = _with_groups(rules.universe(), needs).filter(rules.all())
    dedicated = list(qs.filter(dedicated=True).order_by("rent_total", "unit_id").values(*FIELDS)[:limit])
    rest = (
        list(
            qs.filter(dedicated=False)
            .order_by("rent_total", "unit_id")
            .values(*FIELDS)[: limit - len(dedicated)]
        )
        if len(dedicated) < limit
        else []
    )
    return dedicated + rest


def landlord_records(unit_ids: Iterable[int]) -> dict[int, domain.LandlordRecord]:
    """How each home's landlord answered inquiries: empty until the inquiries of part 2 fill it."""
    return {}


def corporations_serving_counts(codes: Iterable[str]) -> dict[str, int]:
    """How many listed corporations serve each municipality of ``codes`` (a ward: also its city's)."""
    codes = sorted(set(codes))
    if not codes:
        return {}
    parents = dict(Municipality.objects.filter(pk__in=codes).values_list("code", "parent_id"))
    wanted = set(codes) | {p for p in parents.values() if p}
    rows = (
        SupportCorporation.objects.filter(state__in=LISTED, service_areas__municipality_id__in=wanted)
        .values_list("service_areas__municipality_id", "pk")
        .distinct()
    )
    by_code: dict[str, set[int]] = {}
    for code, corp in rows:
        by_code.setdefault(code, set()).add(corp)
    return {c: len(by_code.get(c, set()) | by_code.get(parents.get(c) or "", set())) for c in codes}


def candidates(rows: list[dict[str, Any]]) -> list[domain.UnitCandidate]:
    ids = [r["unit_id"] for r in rows]
    floors = dict(PublicUnit.objects.filter(pk__in=ids).values_list("unit_id", "floor"))
    records = landlord_records(ids)
    serving = corporations_serving_counts(r["municipality_code"] for r in rows)
    return [
        domain.UnitCandidate(
            unit_id=r["unit_id"],
            rent=r["rent"],
            common_fee=r["common_fee"],
            floor_area_m2=r["floor_area_m2"],
            layout=r["layout"],
            groups=frozenset(group_bits.codes(r["groups"])),
            dedicated=r["dedicated"],
            barrier_free=r["barrier_free"],
            pets_allowed=r["pets_allowed"],
            floor=floors.get(r["unit_id"]),
            vacancy=r["vacancy"],
            vacancy_confirmed_at=r["vacancy_confirmed_at"],
            municipality_code=r["municipality_code"],
            lat=r["lat"],
            lon=r["lon"],
            landlord=records.get(r["unit_id"], domain.LandlordRecord()),
            support_corporations=serving.get(r["municipality_code"], 0),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class HomeRow:
    """One ranked home as the results page shows it (public data of the search index)."""

    unit_id: int
    rank: int
    score: float
    dedicated: bool
    rent: int
    common_fee: int
    floor_area_m2: Decimal
    layout: str
    floor: int | None
    municipality: str
    area: str  # the home's town (the building address without block numbers)
    building: str
    parts: list[dict[str, Any]]
    reasons: list[dict[str, Any]]


def _town(address: str) -> str:
    """The address up to its first digit: the town (町名), not the block and number."""
    for i, ch in enumerate(address):
        if ch.isdigit():
            return address[:i].rstrip("　 -－")
    return address


def home_rows(snapshot: MatchSnapshot, limit: int = 20) -> list[HomeRow]:
    """The first ``limit`` homes of a snapshot with their present public particulars (a home no longer
    registered is left out of the page; the snapshot keeps it)."""
    ranked = list(snapshot.ranked)[:limit]
    ids = [r["unit"] for r in ranked]
    units = {u["unit_id"]: u for u in SearchUnit.objects.filter(pk__in=ids).values(*FIELDS)}
    floors = dict(PublicUnit.objects.filter(pk__in=ids).values_list("unit_id", "floor"))
    building_ids = {u["building_id"] for u in units.values()}
    buildings = {
        b["building_id"]: b
        for b in PublicBuilding.objects.filter(pk__in=building_ids).values("building_id", "name", "address")
    }
    names = dict(
        Municipality.objects.filter(pk__in={u["municipality_code"] for u in units.values()}).values_list(
            "code", "name"
        )
    )
    out = []
    for i, r in enumerate(ranked, start=1):
        u = units.get(r["unit"])
        if u is None:
            continue
        b: Mapping[str, Any] = buildings.get(u["building_id"]) or {}
        out.append(
            HomeRow(
                unit_id=u["unit_id"],
                rank=i,
                score=r["score"],
                dedicated=u["dedicated"],
                rent=u["rent"],
                common_fee=u["common_fee"],
                floor_area_m2=u["floor_area_m2"],
                layout=u["layout"],
                floor=floors.get(u["unit_id"]),
                municipality=names.get(u["municipality_code"], ""),
                area=_town(str(b.get("address", ""))),
                building=str(b.get("name", "")),
                parts=r.get("parts", []),
                reasons=r.get("reasons", []),
            )
        )
    return out


# ------------------------------------------------------------------------------------------- support
def corporation_candidates(
    municipality_code: str, on: date
) -> tuple[list[domain.CorporationCandidate], dict[int, SupportCorporation]]:
    """Listed corporations whose service area covers the municipality (a ward: or its city; a city: or
    one of its wards), with their tasks, languages, focus groups and capacity as the public may read it."""
    ids = SupportCorporation.objects.filter(
        state__in=LISTED, service_areas__municipality_id__in=area_codes(municipality_code)
    ).values("pk")
    corps = list(
        SupportCorporation.objects.filter(pk__in=ids)
        .select_related("organisation")
        .prefetch_related("services")
        .order_by("pk")
    )
    out = []
    for c in corps:
        services = list(c.services.all())
        figures = []
        for s in services:
            status = domain_support.capacity_status(
                s.capacity_available,
                min(s.capacity_confirmed_on, on) if s.capacity_confirmed_on else None,
                today=on,
            )
            figures.append(domain.CapacityFigure(s.task, status.available, s.capacity_confirmed_on))
        out.append(
            domain.CorporationCandidate(
                corporation_id=c.pk,
                tasks=frozenset(s.task for s in services),
                serves_area=True,
                languages=frozenset(c.languages or ()),
                focus_groups=frozenset(c.groups or ()),
                capacity=tuple(figures),
            )
        )
    return out, {c.pk: c for c in corps}


def municipality_centre(code: str) -> tuple[float | None, float | None]:
    row = Municipality.objects.filter(pk=code).values_list("lat", "lon").first()
    return (row[0], row[1]) if row and row[0] is not None and row[1] is not None else (None, None)


def municipality_name(code: str) -> str:
    return Municipality.objects.filter(pk=code).values_list("name", flat=True).first() or ""


def now() -> datetime:
    return timezone.now()


def days_ago(moment: datetime | None, at: datetime) -> int | None:
    return None if moment is None else max(0, (at - moment) // timedelta(days=1))
