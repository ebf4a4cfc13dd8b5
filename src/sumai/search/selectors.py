"""Reads of the public search: the result pages (keyset pagination), unit pages, index state.

Only registered units are in the index (sumai.search.indexing), so nothing here needs an access check: every
field read here is public. Pagination is by keyset (the last row's sort value and id), so page 500 costs what
page 1 costs; the count stops at COUNT_CAP.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.urls import reverse

from sumai.accounts.models import Organisation
from sumai.places.models import Municipality
from sumai.places.selectors import MunicipalityInfo, municipality_names
from sumai.registry.models import Attachment, Building, Unit
from sumai.search import groups
from sumai.search.filtersets import UnitSearchFilter, distance_sql
from sumai.search.models import RARE_GROUP_BITS, IndexState, PublicBuilding, PublicUnit, SearchUnit

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# "More than 1,000 homes" is an honest answer and a bounded one: counting to 10,000 read up to 250,000 homes
# for a national search with two common filters (500 ms; docs/performance.md "Every search").
COUNT_CAP = 1_000


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class SortSpec:
    key: str
    column: str  # the SearchUnit field (or alias) ordered by
    descending: bool


SORT_SPECS = {
    "rent": SortSpec("rent", "rent_total", False),
    "-rent": SortSpec("-rent", "rent_total", True),
    "area": SortSpec("area", "area_centi", False),
    "-area": SortSpec("-area", "area_centi", True),
    "newest": SortSpec("newest", "registered_on", True),
    "distance": SortSpec("distance", "distance2", False),
}


@dataclass(frozen=True, slots=True)
class ResultUnit:
    """A unit as a result list and the public API show it: one row of one query, no model instances.

    Reading 20 results as ``Unit`` models with their building, municipality and index entry instantiated four
    models a row and cost more than the search itself (docs/performance.md, public search)."""

    pk: int
    url: str
    building_id: int
    building_name: str
    number: str
    address: str
    municipality_code: str
    lat: float | None
    lon: float | None
    rent: int
    common_fee: int
    deposit: int
    key_money: int
    floor: int
    floor_area_m2: Decimal
    layout: str
    facilities: dict[str, Any]
    groups: int  # bit set (sumai.search.groups)
    dedicated: bool
    barrier_free: bool
    pets_allowed: bool
    guarantor_required: bool
    vacancy: str
    vacancy_confirmed_at: datetime | None
    registration_number: str
    registered_on: date | None
    updated_at: datetime

    @property
    def total_monthly(self) -> int:
        return self.rent + self.common_fee

    @property
    def accepted_groups(self) -> list[str]:
        return groups.codes(self.groups)


# The columns of ResultUnit after ``pk`` and ``url``, in order: the published version only (the index and
# PublicBuilding/PublicUnit, docs/decisions/0008), never the registry's rows, which hold unaccepted edits.
_RESULT_COLUMNS = (
    "building_id",
    "building__public__name",
    "unit__public__number",
    "building__public__address",
    "municipality_code",
    "lat",
    "lon",
    "rent",
    "common_fee",
    "unit__public__deposit",
    "unit__public__key_money",
    "unit__public__floor",
    "floor_area_m2",
    "layout",
    "unit__public__facilities",
    "groups",
    "dedicated",
    "barrier_free",
    "pets_allowed",
    "guarantor_required",
    "vacancy",
    "vacancy_confirmed_at",
    "building__public__registration_number",
    "registered_on",
    "unit__public__published_at",
)


@dataclass
class ResultPage:
    units: list[ResultUnit]
    count: int
    count_is_capped: bool
    start: int  # 1-based position of the first unit on this page
    next_cursor: str | None
    prev_cursor: str | None
    sort: str
    distances: dict[int, float] = field(default_factory=dict)  # unit id → km, when sorted by distance
    # building id → its matching units in the whole result, for the buildings of this page (the page's
    # cards say it); empty when not asked for — then a card counts the homes it lists
    building_counts: dict[int, int] = field(default_factory=dict)

    @property
    def end(self) -> int:
        return self.start + len(self.units) - 1

    def building_count(self, building_id: int) -> int:
        """How many homes of the building match the search, on every page (at least those on this one)."""
        here = sum(1 for u in self.units if u.building_id == building_id)
        return max(self.building_counts.get(building_id, 0), here)


def encode_cursor(sort: str, value: Any, pk: int, position: int, backwards: bool = False) -> str:
    raw = json.dumps([sort, _plain(value), pk, position, int(backwards)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def decode_cursor(cursor: str, sort: str) -> tuple[Any, int, int, bool]:
    """(sort value, id, position, backwards) of a cursor made for ``sort``; BadCursor otherwise."""
    try:
        if len(cursor) > 200:
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, value, pk, position, backwards = json.loads(raw)
        if made_for != sort or not isinstance(pk, int) or not isinstance(position, int) or position < 1:
            raise ValueError
        spec = SORT_SPECS[sort]
        if spec.column in ("rent_total", "area_centi"):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError
        elif spec.column == "registered_on":
            value = date.fromisoformat(str(value))
        elif not isinstance(value, (int, float)):
            raise ValueError
        return value, pk, position, bool(backwards)
    except (
        ValueError,
        TypeError,
        KeyError,
        InvalidOperation,
        json.JSONDecodeError,
        UnicodeDecodeError,
    ) as exc:
        raise BadCursor(str(exc)) from exc


def search_filter(params: QueryDict | dict[str, Any]) -> UnitSearchFilter:
    return UnitSearchFilter(params, queryset=SearchUnit.objects.all())


def _sort_of(f: UnitSearchFilter) -> str:
    data = f.form.cleaned_data
    sort = data.get("sort") or ("distance" if data.get("lat") is not None else "rent")
    return sort


def drives_from_rare_index(f: UnitSearchFilter) -> bool:
    """Whether the search asks for dedicated homes or a group few homes accept: its partial index
    (sumai.search.models) holds a small share of the homes, and reading those and sorting them beats walking
    a sort order's index through every home to find them. SQLite cannot see that (no statistics of a
    partial index's condition), nor can PostgreSQL without its statistics: told by ordering on an
    expression of the column (SQLite ``+column``, PostgreSQL ``column + 0``), which no index can answer."""
    data = f.form.cleaned_data
    if data.get("dedicated"):
        return True
    table = groups.bits()
    return any(table.get(code, 0) in RARE_GROUP_BITS for code in data.get("group") or ())


def _ordered(
    qs: QuerySet[SearchUnit],
    spec: SortSpec,
    lat: float | None,
    lon: float | None,
    reverse: bool,
    *,
    sort_after_filter: bool = False,
    by_rent_too: bool = False,
) -> QuerySet[SearchUnit]:
    if spec.column == "distance2":
        sql, params = distance_sql(lat or 0.0, lon or 0.0)
        qs = qs.annotate(distance2=RawSQL(sql, params))  # noqa: S611 - numbers only # nosec B611
    descending = spec.descending != reverse
    column: Any = F(spec.column)
    # by rent, a rare filter's partial index is itself in rent order: nothing to tell, unless the count said
    # that few homes match at all (then any index that reads them will do)
    skip = ("distance2",) if by_rent_too else ("distance2", "rent_total")
    if sort_after_filter and spec.column not in skip:
        # an order no index can give: SQLite's unary `+column`, PostgreSQL's `column + 0` (a date plus 0 days)
        expr = (
            f'"search_searchunit"."{spec.column}" + 0'
            if connection.vendor == "postgresql"
            else f'+"search_searchunit"."{spec.column}"'
        )
        column = RawSQL(expr, [])  # noqa: S611 - a SORT_SPECS column # nosec B611
    if descending:
        return qs.order_by(column.desc(), F("unit_id").desc())
    return qs.order_by(column.asc(), F("unit_id").asc())


def _after(
    qs: QuerySet[SearchUnit], spec: SortSpec, value: Any, pk: int, reverse: bool
) -> QuerySet[SearchUnit]:
    """The rows after the keyset (value, pk) in the direction of travel. A stored column is compared as a
    row value, `(rent_total, unit_id) > (v, id)`, which both databases use as an index range; the
    equivalent `rent_total > v OR (rent_total = v AND unit_id > id)` was a filter over the index from the
    start of the prefecture (docs/performance.md). The computed distance keeps the OR form."""
    descending = spec.descending != reverse
    if spec.column == "distance2":
        if descending:
            return qs.filter(Q(distance2__lt=value) | Q(distance2=value, unit_id__lt=pk))
        return qs.filter(Q(distance2__gt=value) | Q(distance2=value, unit_id__gt=pk))
    op = "<" if descending else ">"
    where = f'("search_searchunit"."{spec.column}", "search_searchunit"."unit_id") {op} (%s, %s)'
    return qs.extra(where=[where], params=[value, pk])  # noqa: S610 - constant SQL, bound parameters # nosec B610


def count_results(qs: QuerySet[SearchUnit]) -> tuple[int, bool]:
    n = qs.order_by()[: COUNT_CAP + 1].count()
    return min(n, COUNT_CAP), n > COUNT_CAP


def result_ids(
    f: UnitSearchFilter, *, cursor: str | None = None, page_size: int = PAGE_SIZE, few: bool = False
) -> tuple[list[tuple[int, Any]], str, int, bool, bool]:
    """The ids (with their sort values) of one page: (rows, sort, position of the first, has more in the
    direction of travel, backwards). Raises BadCursor. ``few``: the count said at most COUNT_CAP homes
    match — read them through the filters' indexes and sort them, rather than walk a sort order's index
    through the whole country hoping to meet them (which both planners choose when they take a rare
    combination of common filters for a common one)."""
    sort = _sort_of(f)
    spec = SORT_SPECS[sort]
    data = f.form.cleaned_data
    lat = float(data["lat"]) if data.get("lat") is not None else None
    lon = float(data["lon"]) if data.get("lon") is not None else None
    qs = f.qs
    rare = few or drives_from_rare_index(f)
    position, backwards = 1, False
    if cursor:
        value, pk, position, backwards = decode_cursor(cursor, sort)
        qs = _ordered(qs, spec, lat, lon, backwards, sort_after_filter=rare, by_rent_too=few)
        qs = _after(qs, spec, value, pk, backwards)
    else:
        qs = _ordered(qs, spec, lat, lon, False, sort_after_filter=rare, by_rent_too=few)
    rows = list(qs.values_list("unit_id", spec.column)[: page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    if backwards:
        rows.reverse()
        position = max(1, position - len(rows))
    return rows, sort, position, more, backwards


WALKED_SORTS = frozenset({"area", "-area", "newest"})


def _walks(f: UnitSearchFilter) -> bool:
    """SQLite, many homes match, the order is not rent's and no rare filter's partial index drives: read the
    page by walking the order's index (``UnitSearchFilter.walk``)."""
    return connection.vendor == "sqlite" and _sort_of(f) in WALKED_SORTS and not drives_from_rare_index(f)


def _walking(f: UnitSearchFilter) -> UnitSearchFilter:
    walking = UnitSearchFilter(f.data, queryset=f.queryset, request=f.request)
    walking.walk = True
    walking._form = f.form  # the same data, which the caller validated: not cleaned again (0.4 ms)
    return walking


def search_units(
    f: UnitSearchFilter,
    *,
    cursor: str | None = None,
    page_size: int = PAGE_SIZE,
    count_buildings: bool = False,
) -> ResultPage:
    """One page of results for a valid filter set (``f.is_valid()`` was checked by the caller). The count
    comes first: a search that finds nothing (a group no home of the area accepts) looks for no page.
    ``count_buildings``: also count each of the page's buildings' matching homes in the whole result
    (:func:`matching_units_per_building`; the search page's cards say it)."""
    count, capped = count_results(f.qs)
    if count == 0 and not cursor:
        return ResultPage(
            units=[],
            count=0,
            count_is_capped=False,
            start=1,
            next_cursor=None,
            prev_cursor=None,
            sort=_sort_of(f),
        )
    if capped and _walks(f):
        f = _walking(f)
    rows, sort, position, more, backwards = result_ids(f, cursor=cursor, page_size=page_size, few=not capped)
    units = result_units([pk for pk, _v in rows])
    next_cursor = prev_cursor = None
    if rows:
        first_pk, first_value = rows[0]
        last_pk, last_value = rows[-1]
        has_next = more if not backwards else True
        has_prev = position > 1 if not backwards else more
        if has_next:
            next_cursor = encode_cursor(sort, last_value, last_pk, position + len(rows))
        if has_prev and position > 1:
            prev_cursor = encode_cursor(sort, first_value, first_pk, position, backwards=True)
    distances = {}
    if sort == "distance":
        distances = {pk: round(value**0.5, 1) for pk, value in rows}
    building_counts: dict[int, int] = {}
    if count_buildings and (next_cursor or prev_cursor):  # one page holds every match: it counts them itself
        building_counts = matching_units_per_building(f, {u.building_id for u in units})
    return ResultPage(
        units=units,
        count=count,
        count_is_capped=capped,
        start=position,
        next_cursor=next_cursor,
        prev_cursor=prev_cursor,
        sort=sort,
        distances=distances,
        building_counts=building_counts,
    )


def matching_units_per_building(f: UnitSearchFilter, building_ids: set[int]) -> dict[int, int]:
    """How many units of each of these buildings match the search, on every page: one query, the search's
    own filters and ``building_id IN (…)``, grouped by building. A building's homes can fall on two pages;
    each page's card must give the same number. It reads the buildings' rows of ``su_building_rent``, which
    starts with the building and holds every filtered column: on SQLite the other filters are written as
    the walk writes them (``+column``), or it chose a filter's index instead — Tokyo's vacant homes, all of
    them, to count those of 12 buildings (bench/bench_search.py's mix: every query reads the buildings'
    rows only; docs/performance.md)."""
    if not building_ids:
        return {}
    if connection.vendor == "sqlite" and not f.walk:
        f = _walking(f)
    rows = (
        f.qs.filter(building_id__in=sorted(building_ids))
        .order_by()
        .values("building_id")
        .annotate(n=Count("unit_id"))
        .values_list("building_id", "n")
    )
    return dict(rows)


def result_units(ids: list[int]) -> list[ResultUnit]:
    """Registered units as results, in the order of ``ids`` (ids not registered are left out)."""
    if not ids:
        return []
    rows = SearchUnit.objects.filter(unit_id__in=ids).values_list("unit_id", *_RESULT_COLUMNS)
    marker = 987654321
    url = reverse("search:unit", kwargs={"pk": marker}).replace(str(marker), "{}")
    found = {row[0]: ResultUnit(row[0], url.format(row[0]), *row[1:]) for row in rows}
    return [found[pk] for pk in ids if pk in found]


def result_unit(pk: int) -> ResultUnit | None:
    """One registered unit as the public API shows it, or None."""
    found = result_units([pk])
    return found[0] if found else None


def public_unit(pk: int) -> Unit | None:
    """A registered unit as the public sees it — its last accepted version — or None (not registered, or not
    found). The ``Unit`` and its ``building`` are built from the index and the published rows (never saved):
    while a change notice is pending, the registry's own rows hold edits the authority has not accepted."""
    entry = (
        SearchUnit.objects.filter(unit_id=pk)
        .select_related("unit__public", "building__public")
        .only(
            *(f.name for f in SearchUnit._meta.concrete_fields),
            "unit__id",
            "unit__public",
            "building__id",
            "building__operator_id",
            "building__public",
        )
        .first()
    )
    if entry is None:
        return None
    published: PublicBuilding | None = getattr(entry.building, "public", None)
    particulars: PublicUnit | None = getattr(entry.unit, "public", None)
    if published is None or particulars is None:
        return None
    info = municipality_names().get(published.municipality_code)
    place = Municipality(
        code=published.municipality_code,
        prefecture_id=entry.prefecture_code,
        name=info.name if info else "",
        kana=info.kana if info else "",
        kind=info.kind if info else "",
        parent_id=info.parent_code if info else None,
    )
    building = Building(
        pk=entry.building_id,
        municipality=place,
        operator=Organisation(pk=entry.building.operator_id, name=published.operator_name),
        name=published.name,
        postal_code=published.postal_code,
        address=published.address,
        authority_code="",
        structure=published.structure,
        floors=published.floors,
        building_type=published.building_type,
        manager_name=published.manager_name,
        contact_name=published.contact_name,
        contact_phone=published.contact_phone,
        lat=published.lat,
        lon=published.lon,
    )
    unit = Unit(
        pk=pk,
        building=building,
        number=particulars.number,
        floor=particulars.floor,
        floor_area_m2=entry.floor_area_m2,
        layout=entry.layout,
        rent=entry.rent,
        common_fee=entry.common_fee,
        deposit=particulars.deposit,
        key_money=particulars.key_money,
        accepted_groups=groups.codes(entry.groups),
        facilities=particulars.facilities,
        dedicated=entry.dedicated,
        barrier_free=entry.barrier_free,
        pets_allowed=entry.pets_allowed,
        guarantor_required=entry.guarantor_required,
        status=Unit.Status.REGISTERED,
        registration_number=published.registration_number,
        registered_on=entry.registered_on,
        vacancy=entry.vacancy,
        vacancy_confirmed_at=entry.vacancy_confirmed_at,
        updated_at=particulars.published_at,
    )
    unit.search_entry = entry
    unit.published_at = particulars.published_at  # type: ignore[attr-defined]
    return unit


def municipality(code: str) -> MunicipalityInfo | None:
    return municipality_names().get(code)


def accepted_group_labels(unit: Unit) -> list[str]:
    labels = dict(groups.choices())
    entry = getattr(unit, "search_entry", None)
    codes = groups.codes(entry.groups) if entry is not None else list(unit.accepted_groups or [])
    return [labels[c] for c in codes if c in labels]


def index_state() -> IndexState | None:
    return IndexState.objects.filter(id=1).first()


def registered_unit_count() -> int:
    """How many registered units the public index (and so the open data) holds."""
    return SearchUnit.objects.count()


PUBLIC_ATTACHMENT_KINDS = ("photo", "floor_plan")


def _published_by(unit: Unit) -> Q:
    """Documents added under a change notice, after the published version, wait for its acceptance."""
    published_at = getattr(unit, "published_at", None)
    if published_at is None:
        return Q()
    return ~Q(registration__state="change_notified") | Q(uploaded_at__lte=published_at)


def public_attachments(unit: Unit) -> list[Attachment]:
    """The photos and floor plans the public may see of a registered unit: the building's own and the
    unit's (the registry keeps its other documents private), as published."""
    return list(
        Attachment.objects.filter(
            Q(unit__isnull=True) | Q(unit=unit),
            _published_by(unit),
            registration__building_id=unit.building_id,
            kind__in=PUBLIC_ATTACHMENT_KINDS,
        ).order_by("kind", "pk")
    )


def public_attachment(unit: Unit, attachment_id: int) -> Attachment | None:
    """One photo or floor plan of a registered unit, or None when it is not the unit's or not public."""
    attachment = Attachment.objects.filter(
        _published_by(unit),
        pk=attachment_id,
        registration__building_id=unit.building_id,
        kind__in=PUBLIC_ATTACHMENT_KINDS,
    ).first()
    if attachment is None or (attachment.unit_id is not None and attachment.unit_id != unit.pk):
        return None
    return attachment
