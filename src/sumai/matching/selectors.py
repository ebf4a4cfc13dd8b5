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

from django.db import connection
from django.db.models import Field
from django.utils import timezone

from sumai.cases import households as household_services
from sumai.cases.models import Case, Household
from sumai.cases.selectors_cases import case_for, holders
from sumai.core import contributions
from sumai.core.access import Access
from sumai.domain import matching as domain
from sumai.domain import support as domain_support
from sumai.matching.models import MatchSnapshot
from sumai.places.models import Municipality
from sumai.places.selectors import municipality_names
from sumai.search import groups as group_bits
from sumai.search.models import VACANT, PublicBuilding, PublicUnit, SearchUnit
from sumai.support.models import ServiceArea, SupportCorporation
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


def area_places(municipality_code: str) -> dict[str, str | None]:
    """{code: its parent's code} of a search's municipalities: the municipality, and a designated city's
    wards (the index holds units under their ward). Read from the places kept in memory
    (:func:`sumai.places.selectors.municipality_names`, emptied by the places loader): no query."""
    info = municipality_names().get(municipality_code)
    if info is None:
        return {municipality_code: None}
    return {municipality_code: info.parent_code, **dict.fromkeys(info.wards, municipality_code)}


def search_area(municipality_code: str) -> list[str]:
    """The municipality codes of a search: the municipality first, then its wards."""
    places = area_places(municipality_code)
    return [municipality_code, *sorted(c for c in places if c != municipality_code)]


# The hard rules run as hand-written SQL over the index (the ORM compiled the same conditions in 5–6 ms a
# search, more than the queries themselves took: docs/performance.md "Matching"). Column names are the
# models' (checked by tests/matching, which compare the pages with sumai.domain.matching's own rules).
_UNIT = SearchUnit._meta.db_table
_PUBLIC_UNIT = PublicUnit._meta.db_table


@dataclass(frozen=True)
class CompiledRules:
    """The hard rules as SQL conditions over the index (alias ``u``), by :class:`domain.Rule` (each the
    condition a unit must meet, with its parameters), and the area's universe: the registered homes of the
    area marked vacant. ``parents`` maps the area's codes to their parents (the support count)."""

    area: list[str]
    conditions: dict[str, tuple[str, list[Any]]] = field(default_factory=dict)
    minimum_area: Decimal | None = None
    parents: dict[str, str | None] = field(default_factory=dict)

    def universe(self) -> tuple[str, list[Any]]:
        marks = ", ".join(["%s"] * len(self.area))
        return f"u.municipality_code IN ({marks}) AND u.vacancy = %s", [*self.area, VACANT]

    def all(self) -> tuple[str, list[Any]]:
        sql, params = self.universe()
        for cond, args in self.conditions.values():
            sql += f" AND ({cond})"
            params += args
        return sql, params


def compile_rules(
    needs: domain.HomeNeeds, area: list[str], parents: Mapping[str, str | None] | None = None
) -> CompiledRules:
    """The SQL of each hard rule of :func:`sumai.domain.matching.breaks` (the domain re-checks them)."""
    conditions: dict[str, tuple[str, list[Any]]] = {}
    # group: any common bit (a household without groups has mask 0 and matches nothing)
    conditions[domain.Rule.GROUP] = ("(u.groups & %s) > 0", [group_bits.mask(needs.groups)])
    if needs.ceiling is not None:
        conditions[domain.Rule.COST] = ("u.rent_total <= %s", [needs.ceiling])
    since = domain.vacancy_fresh_since(needs.now, needs.vacancy_valid_days)
    conditions[domain.Rule.VACANCY] = (
        "u.vacancy = %s AND u.vacancy_confirmed_at >= %s",
        [VACANT, connection.ops.adapt_datetimefield_value(since)],
    )
    minimum = None
    if needs.area_standard:
        minimum = domain.minimum_living_area(needs.ages or (0,), needs.on)
        conditions[domain.Rule.AREA] = ("u.area_centi >= %s", [int(minimum * 100)])
    if needs.barrier_free:
        conditions[domain.Rule.BARRIER_FREE] = ("u.barrier_free", [])
    if needs.ground_floor:
        # one primary-key probe of the published unit per candidate (an IN (subquery) read them all)
        conditions[domain.Rule.FLOOR] = (
            f"u.barrier_free OR EXISTS (SELECT 1 FROM {_PUBLIC_UNIT} p WHERE p.unit_id = u.unit_id "  # noqa: S608 # nosec B608
            "AND p.floor <= 1)",
            [],
        )
    if needs.pets:
        conditions[domain.Rule.PETS] = ("u.pets_allowed", [])
    return CompiledRules(area=area, conditions=conditions, minimum_area=minimum, parents=dict(parents or {}))


def excluded_counts(rules: CompiledRules, needs: domain.HomeNeeds) -> tuple[int, dict[str, int]]:
    """(homes of the universe, {rule code: homes of the universe breaking it}) in one counting query. A
    condition that is NULL (no confirmation date) counts as broken, as the domain says."""
    where, params = rules.universe()
    columns, args = ["COUNT(*)"], []
    for cond, cond_args in rules.conditions.values():
        columns.append(f"SUM(CASE WHEN ({cond}) THEN 0 ELSE 1 END)")
        args += cond_args
    with connection.cursor() as cursor:
        # table names and conditions are this module's constants; every value is a parameter
        sql = f"SELECT {', '.join(columns)} FROM {_UNIT} u WHERE {where}"  # noqa: S608 # nosec B608
        cursor.execute(sql, [*args, *params])
        row = cursor.fetchone()
    counts = {
        f"matching.excluded.{rule}": int(n or 0) for rule, n in zip(rules.conditions, row[1:], strict=True)
    }
    return int(row[0] or 0), {k: v for k, v in counts.items() if v}


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
# what the candidates' query reads: the index's columns (the floor area as its integer hundredths) and
# the published unit's floor
_CANDIDATE_COLUMNS = [f"u.{c}" for c in FIELDS if c != "floor_area_m2"] + [
    "u.area_centi",
    "p.floor",
    "b.operator_id",
]
_CANDIDATE_KEYS = [c for c in FIELDS if c != "floor_area_m2"] + ["area_centi", "floor", "operator_id"]
_SERVICE_AREA = ServiceArea._meta.db_table
_CORPORATION = SupportCorporation._meta.db_table
# the registered building (its landlord) through the index's own relation: matching reads no registry model
_BUILDING = SearchUnit._meta.get_field("building").related_model._meta.db_table


def _converters() -> list[Any]:
    """The database's own converters of the candidates' columns (SQLite returns text datetimes and
    integer booleans), as the ORM would apply them: (position, converters, column) of each column that has
    any, worked out once per thread's database wrapper (0.2 ms a search otherwise)."""
    found = getattr(connection, "_sumai_candidate_converters", None)  # this thread's database wrapper
    if found is not None:
        return found  # type: ignore[no-any-return]
    out: list[Any] = []
    for key in _CANDIDATE_KEYS:
        if key == "operator_id":  # an integer on both databases
            out.append(((), None))
            continue
        model, name = (PublicUnit, "floor") if key == "floor" else (SearchUnit, key)
        field_ = model._meta.get_field(name)
        if not isinstance(field_, Field):  # a column of the model, not a relation's reverse side
            raise TypeError(name)
        col = field_.get_col("u")
        fns = connection.ops.get_db_converters(col)
        out.append((fns, col))
    found = [(i, fns, col) for i, (fns, col) in enumerate(out) if fns]
    connection._sumai_candidate_converters = found  # type: ignore[attr-defined]
    return found


def candidate_rows(rules: CompiledRules, needs: domain.HomeNeeds, limit: int) -> list[dict[str, Any]]:
    """The homes meeting every hard rule, dedicated first then by monthly cost, at most ``limit`` — the
    bounded set the domain scores — with the published floor (one query)."""
    where, params = rules.all()
    sql = (
        f"SELECT {', '.join(_CANDIDATE_COLUMNS)} FROM {_UNIT} u "  # noqa: S608 # nosec B608
        f"LEFT JOIN {_PUBLIC_UNIT} p ON p.unit_id = u.unit_id "
        f"JOIN {_BUILDING} b ON b.id = u.building_id WHERE {where} "
        "ORDER BY CASE WHEN u.dedicated THEN 0 ELSE 1 END, u.rent_total, u.unit_id LIMIT %s"
    )
    converters = _converters()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        raw = cursor.fetchall()
    rows = []
    for values in raw:
        row: dict[str, Any] = dict(zip(_CANDIDATE_KEYS, values, strict=True))
        for i, fns, col in converters:
            value = values[i]
            for fn in fns:
                value = fn(value, col, connection)
            row[_CANDIDATE_KEYS[i]] = value
        row["floor_area_m2"] = (Decimal(row.pop("area_centi")) / 100).quantize(Decimal("0.01"))
        rows.append(row)
    return rows


def landlord_records(
    unit_ids: Iterable[int], operators: Mapping[int, int] | None = None
) -> dict[int, domain.LandlordRecord]:
    """How each home's landlord answered inquiries so far, by unit id: the landlord of each home
    (``operators``, {unit id: operator id}, when the candidates' query read them; otherwise one query
    through the index's building) and its record from the ``matching.landlord_records`` contribution
    (placements). Without a provider, or for a landlord never asked, the record is empty (neutral)."""
    ids = list(unit_ids)
    provide = contributions.provider("matching.landlord_records")
    if not ids or provide is None:
        return {}
    if operators is None:
        operators = dict(
            SearchUnit.objects.filter(pk__in=ids).values_list("unit_id", "building__operator_id")
        )
    records = provide(operator_ids=sorted(set(operators.values())))
    return {unit: records[op] for unit, op in operators.items() if op in records}


def asked_homes(case: Case, unit_ids: Iterable[int]) -> dict[int, Any]:
    """Which of these homes the case asked the landlord about already: {unit id: the latest inquiry (its
    reference, state in words, whether it still waits, when sent)}, from the ``matching.asked_homes``
    contribution (placements); empty without a provider."""
    provide = contributions.provider("matching.asked_homes")
    ids = list(unit_ids)
    if provide is None or not ids:
        return {}
    return dict(provide(case=case, unit_ids=ids))


def placement_in_force(case: Case) -> str | None:
    """The address of the case's placement in force (the household is housed: no landlord is to be asked
    for it), from the ``matching.placement_in_force`` contribution (placements); None without a provider."""
    provide = contributions.provider("matching.placement_in_force")
    return None if provide is None else provide(case=case)


def corporations_serving_counts(
    codes: Iterable[str], parents: Mapping[str, str | None] | None = None
) -> dict[str, int]:
    """How many listed corporations serve each municipality of ``codes`` (a ward: also its city's).
    ``parents`` (from :func:`area_places`) saves the query of the codes' parents."""
    codes = sorted(set(codes))
    if not codes:
        return {}
    if parents is None or not set(codes) <= set(parents):
        parents = dict(Municipality.objects.filter(pk__in=codes).values_list("code", "parent_id"))
    wanted = set(codes) | {p for c in codes if (p := parents.get(c))}
    # one join, written out: the ORM took longer to compile it than the database to run it
    codes_sql = ", ".join(["%s"] * len(wanted))
    states_sql = ", ".join(["%s"] * len(LISTED))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.municipality_id, a.corporation_id FROM {_SERVICE_AREA} a "  # noqa: S608 # nosec B608
            f"JOIN {_CORPORATION} c ON c.id = a.corporation_id "
            f"WHERE a.municipality_id IN ({codes_sql}) AND c.state IN ({states_sql})",
            [*sorted(wanted), *LISTED],
        )
        rows = cursor.fetchall()
    by_code: dict[str, set[int]] = {}
    for code, corp in rows:
        by_code.setdefault(code, set()).add(corp)
    return {c: len(by_code.get(c, set()) | by_code.get(parents.get(c) or "", set())) for c in codes}


def candidates(
    rows: list[dict[str, Any]], parents: Mapping[str, str | None] | None = None
) -> list[domain.UnitCandidate]:
    ids = [r["unit_id"] for r in rows]
    if rows and "floor" not in rows[0]:
        floors = dict(PublicUnit.objects.filter(pk__in=ids).values_list("unit_id", "floor"))
    else:
        floors = {r["unit_id"]: r["floor"] for r in rows}
    operators = {r["unit_id"]: r["operator_id"] for r in rows} if rows and "operator_id" in rows[0] else None
    records = landlord_records(ids, operators)
    serving = corporations_serving_counts((r["municipality_code"] for r in rows), parents)
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
    number: str  # the unit's number in its building (部屋番号), as the inquiry names the home
    municipality: str
    area: str  # the home's town (the building address without block numbers)
    building: str
    parts: list[dict[str, Any]]
    reasons: list[dict[str, Any]]


def _town(address: str, municipality: str = "") -> str:
    """The address up to its first digit: the town (町名), not the block and number; without the
    municipality's name when the address begins with it (the page names the municipality already)."""
    if municipality and address.startswith(municipality):
        address = address[len(municipality) :]
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
    published = {
        unit_id: (floor, number)
        for unit_id, floor, number in PublicUnit.objects.filter(pk__in=ids).values_list(
            "unit_id", "floor", "number"
        )
    }
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
        floor, number = published.get(u["unit_id"], (None, ""))
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
                floor=floor,
                number=number,
                municipality=names.get(u["municipality_code"], ""),
                area=_town(str(b.get("address", "")), names.get(u["municipality_code"], "")),
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
    info = municipality_names().get(code)
    return (info.lat, info.lon) if info and info.lat is not None and info.lon is not None else (None, None)


def municipality_name(code: str) -> str:
    info = municipality_names().get(code)
    return info.name if info else ""


def now() -> datetime:
    return timezone.now()


def days_ago(moment: datetime | None, at: datetime) -> int | None:
    return None if moment is None else max(0, (at - moment) // timedelta(days=1))
