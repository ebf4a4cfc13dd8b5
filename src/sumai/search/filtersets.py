"""The one FilterSet of the public search: the HTML page and the public API both read it.

Every parameter is validated here; a bad value is a form error naming the field (the page shows it, the
API answers 400 with it), never a server error. Ordering and pagination are the selector's job
(:func:`sumai.search.selectors.search_units`).
"""

from __future__ import annotations

import copy
import math
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sumai.core.formats import typed_number, yen_text, yes_no
from sumai.core.formfields import MaxValueValidator, MinValueValidator
from sumai.core.vacancy import valid_days
from sumai.places.selectors import municipality_names
from sumai.registry import fields
from sumai.search import groups, text
from sumai.search.models import VACANT, SearchBuilding, SearchUnit, lat_band

QS = QuerySet[SearchUnit]
LAYOUTS = fields.LAYOUTS  # the landlord's form offers the same list (sumai.registry.fields)
MAX_RENT = 10_000_000
MAX_AREA = Decimal("1000")
MAX_RADIUS_KM = 50
DEFAULT_RADIUS_KM = 5
LATITUDES = (20, 46)  # the point of a radius search lies in Japan's box
LONGITUDES = (122, 154)
KM_PER_DEGREE = 111.32
SORTS = {
    "rent": _("Rent: lowest first"),
    "-rent": _("Rent: highest first"),
    "area": _("Floor area: smallest first"),
    "-area": _("Floor area: largest first"),
    "newest": _("Newest registrations first"),
    "distance": _("Distance from the point"),
}


class SearchForm(forms.Form):
    """Cross-field checks on top of the per-field ones."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # one message for each pair: a walk read the rent's error speak of floor areas too
        for low, high, message in (
            ("rent_min", "rent_max", _("The highest monthly cost is below the lowest.")),
            ("area_min", "area_max", _("The largest floor area is below the smallest.")),
        ):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(high, message)
        # A coordinate given but wrong (lat=95) has its own error and is not in ``data``: it still counts as
        # given, so the person reads what is wrong with it, not that it is missing.
        given = {name: data.get(name) is not None or name in self.errors for name in ("lat", "lon")}
        if given["lat"] != given["lon"]:
            self.add_error("lon" if given["lat"] else "lat", _("Give both latitude and longitude."))
        point = any(given.values())
        if data.get("radius") is not None and not point:
            self.add_error("radius", _("A radius needs a point (latitude and longitude)."))
        if data.get("sort") == "distance" and not point:
            self.add_error("sort", _("Sorting by distance needs a point (latitude and longitude)."))
        muni = data.get("municipality")
        pref = data.get("prefecture")
        if muni and pref and not muni.startswith(pref):
            self.add_error("municipality", _("This municipality is not in the chosen prefecture."))
        return data


def _municipality_code(value: str) -> None:
    if value and value not in municipality_names():
        raise forms.ValidationError(_("Unknown municipality code: %(code)s") % {"code": value[:20]})


def _prefecture_code(value: str) -> None:
    if value and not (value.isdigit() and len(value) == 2 and 1 <= int(value) <= 47):
        raise forms.ValidationError(_("Unknown prefecture code: %(code)s") % {"code": value[:20]})


# Yes/no filters are written `flag IN (true)`: Django writes `flag = true` as a bare `"flag"` / `NOT "flag"`,
# which neither database can answer from an index (docs/performance.md, public search).
NUMERIC_PARAMS = ("rent_min", "rent_max", "area_min", "area_max", "lat", "lon", "radius")
YEN_PARAMS = ("rent_min", "rent_max")  # read by sumai.core.formats.yen_text (50.000 is fifty thousand yen)


def number_text(value: str) -> str:
    """A number as people type it, for the number filters (``sumai.core.formats.typed_number``): full-width
    digits, thousands separators, 円 / ¥ and 万 (8万 = 80000) — #14 item 7."""
    return typed_number(value)


def _numbers_as_typed(data: Any) -> Any:
    if not any(name in data for name in NUMERIC_PARAMS):
        return data
    data = data.copy()
    for name in NUMERIC_PARAMS:
        if name in data:
            data[name] = yen_text(data[name]) if name in YEN_PARAMS else number_text(str(data[name]))
    return data


_YES_NO_COLUMNS = frozenset({"dedicated", "barrier_free", "pets_allowed", "guarantor_required"})


def _is(queryset: QS, column: str, value: bool, *, walk: bool = False) -> QS:
    if column not in _YES_NO_COLUMNS:  # the SQL below names the column: only these
        raise ValueError(column)
    literal = ("true" if value else "false") if connection.vendor == "postgresql" else ("1" if value else "0")
    return queryset.extra(where=[f'{_plus(walk)}"search_searchunit"."{column}" IN ({literal})'])  # noqa: S610 # nosec B610


def _plus(walk: bool) -> str:
    """SQLite's unary ``+`` before a column: the condition is checked on each row but no index of that column
    (nor a partial index with that condition) chooses the plan — see ``UnitSearchFilter.walk``."""
    return "+" if walk and connection.vendor == "sqlite" else ""


class YesNo(forms.CheckboxInput):
    """A yes/no filter: ticked on the page ("on"), a boolean in the API. Django's checkbox takes any value but
    "false" for yes, so an API client's ``vacant=0`` (or ``no``, ``off``, full-width ``０``) asked for vacant
    homes only — the opposite of what it said — and ``vacant=maybe`` or ``barrier_free=2`` were yes too. A
    value that is neither yes nor no (:func:`sumai.core.formats.yes_no`) is handed on as written, for
    :class:`YesNoField` to refuse."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool | str:  # type: ignore[override]
        if name not in data:
            return False
        value = data.get(name)
        if not isinstance(value, str):
            return bool(value)
        answer = yes_no(value)
        return value if answer is None else answer


class YesNoField(forms.NullBooleanField):
    """The field of a yes/no filter: a value that is not yes or no is an error naming the accepted values
    (the API answers 400 with it, the page shows it), never read as yes."""

    widget = YesNo
    default_error_messages = {
        "invalid": _("Not a yes/no value: use true or false (1 or 0, yes or no, on or off also work)."),
    }

    def to_python(self, value: Any) -> bool | None:  # type: ignore[override] # None: not given
        if value is None or isinstance(value, bool):
            return value
        answer = yes_no(value)
        if answer is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return answer


class YesNoFilter(django_filters.BooleanFilter):  # type: ignore[misc]
    field_class = YesNoField


class NumberFilter(django_filters.NumberFilter):  # type: ignore[misc]
    """A number filter with its own bounds only: django-filter adds "at most 1e+50" to every number field,
    which said so next to the field's own bound for 1e400 (two errors, one of them a code)."""

    def get_max_validator(self) -> None:
        return None


class UnitSearchFilter(django_filters.FilterSet):  # type: ignore[misc]
    prefecture = django_filters.CharFilter(
        label=_("Prefecture"), method="filter_prefecture", max_length=2, validators=[_prefecture_code]
    )
    municipality = django_filters.CharFilter(
        label=_("Municipality"), method="filter_municipality", max_length=6, validators=[_municipality_code]
    )
    lat = NumberFilter(
        label=_("Latitude"),
        method="filter_noop",
        validators=[MinValueValidator(LATITUDES[0]), MaxValueValidator(LATITUDES[1])],
    )
    lon = NumberFilter(
        label=_("Longitude"),
        method="filter_noop",
        validators=[MinValueValidator(LONGITUDES[0]), MaxValueValidator(LONGITUDES[1])],
    )
    radius = NumberFilter(
        label=_("Radius (km)"),
        method="filter_noop",
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(MAX_RADIUS_KM)],
    )
    rent_min = NumberFilter(
        label=_("Monthly cost from (yen, rent + common fee)"),
        method="filter_rent",
        validators=[MinValueValidator(0), MaxValueValidator(MAX_RENT)],
    )
    rent_max = NumberFilter(
        label=_("Monthly cost up to (yen, rent + common fee)"),
        method="filter_rent",
        validators=[MinValueValidator(0), MaxValueValidator(MAX_RENT)],
    )
    area_min = NumberFilter(
        label=_("Floor area from (m²)"),
        method="filter_area",
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AREA)],
    )
    area_max = NumberFilter(
        label=_("Floor area up to (m²)"),
        method="filter_area",
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AREA)],
    )
    # distinct=False: one index row per unit, no joins; django-filter's default DISTINCT made the capped
    # count a DISTINCT over every column (docs/performance.md, public search).
    layout = django_filters.MultipleChoiceFilter(
        label=_("Layout"),
        method="filter_layout",
        choices=[(x, x) for x in LAYOUTS],
        distinct=False,
    )
    group = django_filters.MultipleChoiceFilter(
        label=_("Accepts"), method="filter_groups", choices=lambda: groups.choices(), distinct=False
    )
    dedicated = YesNoFilter(label=_("Dedicated housing only"), method="filter_true")
    vacant = YesNoFilter(label=_("Vacant now (confirmed recently)"), method="filter_vacant")
    barrier_free = YesNoFilter(label=_("Barrier-free"), method="filter_true")
    no_guarantor = YesNoFilter(label=_("No guarantor needed"), method="filter_no_guarantor")
    pets = YesNoFilter(label=_("Pets allowed"), method="filter_pets")
    q = django_filters.CharFilter(label=_("Building name or address"), method="filter_text", max_length=200)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), method="filter_noop", choices=list(SORTS.items()), empty_label=None
    )

    class Meta:
        model = SearchUnit
        fields: list[str] = []
        form = SearchForm

    _form_class: type[forms.Form] | None = None

    # SQLite only: the page of a search that matches many homes (its count reached the cap) and is sorted by
    # floor area or by date is read by walking that order's index, every other condition checked on the
    # index's own columns (sumai.search.models: the national order indexes hold every filtered column) —
    # `+column` everywhere but the area, so that no range or flag index chooses the plan. Without statistics
    # of values SQLite would read a national rent range of 400,000 homes and sort them (1.3 s) to show the
    # 20 smallest; the walk is bounded by one pass over one index and ends after the 21st match. Set by
    # the selector (sumai.search.selectors.search_units), which alone knows the count.
    walk = False

    def __init__(
        self,
        data: Any = None,
        queryset: QS | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
    ) -> None:
        # django-filter deep-copies every filter (validators, choices, lazy labels) for every request, a few
        # milliseconds a search (docs/performance.md, public search). The filters keep no per-request state
        # but the FilterSet they call their methods on, so a shallow copy with that rebound is enough.
        self.is_bound = data is not None
        self.data = _numbers_as_typed(data) if data is not None else QueryDict()
        self.queryset = SearchUnit.objects.all() if queryset is None else queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = copy.copy(base)
            filter_.model = SearchUnit
            filter_.parent = self
            if filter_.method is not None:
                # setting it again binds a FilterMethod to this copy, not to the class's filter
                filter_.method = filter_.method
            self.filters[name] = filter_

    def get_form_class(self) -> type[forms.Form]:
        # The form class depends on the filters only: build it once, not on every request.
        cls = type(self)
        if cls.__dict__.get("_form_class") is None:
            cls._form_class = super().get_form_class()
        return cls._form_class  # type: ignore[return-value]

    # -- filters -------------------------------------------------------------------------------------
    def filter_noop(self, queryset: QS, name: str, value: Any) -> QS:
        return queryset  # read by filter_queryset (point and radius) and by the selector (sort)

    def filter_prefecture(self, queryset: QS, name: str, value: str) -> QS:
        if not value or self.form.cleaned_data.get("municipality"):
            return queryset  # the municipality is the narrower filter
        return queryset.filter(prefecture_code=value)

    def filter_municipality(self, queryset: QS, name: str, value: str) -> QS:
        if not value:
            return queryset
        wards = municipality_names()[value].wards
        if wards:  # a designated city: its wards
            return queryset.filter(municipality_code__in=[value, *wards])
        return queryset.filter(municipality_code=value)

    def filter_rent(self, queryset: QS, name: str, value: Decimal | None) -> QS:
        if value is None:
            return queryset
        op = ">=" if name == "rent_min" else "<="
        if self.walk and connection.vendor == "sqlite":
            bound = math.ceil(value) if name == "rent_min" else math.floor(value)
            return queryset.extra(where=[f'+"search_searchunit"."rent_total" {op} %s'], params=[bound])  # noqa: S610 # nosec B610
        return queryset.filter(**{"rent_total__gte" if name == "rent_min" else "rent_total__lte": value})

    def filter_groups(self, queryset: QS, name: str, value: list[str]) -> QS:
        # one literal term per group, `("groups" & 256) > 0`: the partial index of a rare group has that very
        # condition, and SQLite uses a partial index only when it sees its condition written out in the query
        # (a bound parameter is not) — sumai.search.models.RARE_GROUP_BITS
        if not value:
            return queryset
        table = groups.bits()
        terms = [f'("search_searchunit"."groups" & {1 << table[code]}) > 0' for code in sorted(set(value))]
        return queryset.extra(where=terms)  # noqa: S610 - integers of the bit table # nosec B610

    def filter_area(self, queryset: QS, name: str, value: Decimal | None) -> QS:
        # The index compares whole hundredths of a m² (sumai.search.models.SearchUnit.area_centi): at least
        # 40.005 m² is at least 4,001, at most 40.005 m² at most 4,000.
        if value is None:
            return queryset
        bound = math.ceil(value * 100) if name == "area_min" else math.floor(value * 100)
        if connection.vendor == "sqlite":
            # `+area_centi`: the area range never chooses the plan. SQLite, without statistics of the values,
            # takes any range for a quarter of the rows and would read a national "at least 40 m²" through
            # the area index and sort 300,000 homes by rent (470 ms) instead of walking the rent order
            # (docs/performance.md "Every search"); the layout + area index still reads the range as a filter
            op = ">=" if name == "area_min" else "<="
            return queryset.extra(where=[f'+"search_searchunit"."area_centi" {op} {int(bound)}'])  # noqa: S610 # nosec B610
        if name == "area_min":
            return queryset.filter(area_centi__gte=bound)
        return queryset.filter(area_centi__lte=bound)

    def filter_layout(self, queryset: QS, name: str, value: list[str]) -> QS:
        # `layout IN (...)`: django-filter ORs one `layout = …` per choice, which PostgreSQL cannot use as an
        # index condition (Kanagawa 1LDK/2DK ≥ 40 m²: 34 ms against 13 ms; docs/performance.md).
        return queryset.filter(layout__in=value) if value else queryset

    # Yes/no filters are the literal `"barrier_free" IN (1)` (PostgreSQL: `IN (true)`): a range of an
    # index column to both databases (a bare `"barrier_free"` is not), and the exact condition of the
    # partial indexes of the rare ones, which SQLite uses only when it sees that condition written out.
    def filter_true(self, queryset: QS, name: str, value: bool | None) -> QS:
        return _is(queryset, name, True, walk=self.walk) if value else queryset

    def filter_no_guarantor(self, queryset: QS, name: str, value: bool | None) -> QS:
        return _is(queryset, "guarantor_required", False, walk=self.walk) if value else queryset

    def filter_pets(self, queryset: QS, name: str, value: bool | None) -> QS:
        return _is(queryset, "pets_allowed", True, walk=self.walk) if value else queryset

    def filter_vacant(self, queryset: QS, name: str, value: bool | None) -> QS:
        if not value:
            return queryset
        cutoff = timezone.now() - timedelta(days=valid_days())
        # The literal (not a bound parameter) lets SQLite match the partial "vacant" indexes when it
        # prepares the statement, instead of re-preparing it for every execution (docs/performance.md).
        vacant_literal = f'{_plus(self.walk)}"search_searchunit"."vacancy" = \'{VACANT}\''
        return queryset.extra(where=[vacant_literal]).filter(vacancy_confirmed_at__gte=cutoff)  # noqa: S610 # nosec B610

    def filter_text(self, queryset: QS, name: str, value: str) -> QS:
        """Every word must match: a place written in rōmaji (``shibuya``, ``setagaya-ku``) matches its
        municipality (a designated city its wards); 「渋谷駅」 is searched as 渋谷 (the data has no stations,
        the station's district is the address); any other word is found in the building's name and address."""
        words_left: list[str] = []
        for word in text.words(value):
            if word in ROMAJI_SUFFIXES:  # "Minato-ku" folds to "minato ku": the suffix alone names nothing
                continue
            if word.endswith("駅") and len(word) > 1:
                word = word[:-1]
            codes = romaji_places(word)
            if codes:
                queryset = queryset.filter(municipality_code__in=codes)
            else:
                words_left.append(word)
        if not words_left:
            return queryset
        return queryset.filter(building_id__in=matching_building_ids(words_left))

    def filter_queryset(self, queryset: QS) -> QS:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("lat") is not None and data.get("lon") is not None:
            queryset = within(
                queryset,
                float(data["lat"]),
                float(data["lon"]),
                float(data.get("radius") or DEFAULT_RADIUS_KM),
            )
        return queryset


ROMAJI_SUFFIXES = frozenset({"to", "do", "fu", "ken", "shi", "ku", "cho", "machi", "son", "mura"})


def romaji_places(word: str) -> list[str]:
    """The municipalities (and the wards of a designated city) a word in rōmaji names: ``shibuya``,
    ``shibuyaku``; [] for anything else (Japanese, digits, fewer than 3 letters, no such place)."""
    if not (word.isascii() and word.isalpha() and len(word) >= 3):
        return []
    codes: list[str] = []
    for info in municipality_names().values():
        roman = info.romaji.lower()
        if roman and word in (roman.split("-")[0], roman.replace("-", "")):
            codes += [info.code, *info.wards]
    return codes


def matching_building_ids(query_words: list[str]) -> Any:
    """The ids of the buildings whose folded text contains every query word, as a subquery (the same rows
    on SQLite and PostgreSQL; tests/search/test_text.py)."""
    if connection.vendor == "postgresql":
        # One bigram per word, its rarest by PostgreSQL's own statistics, finds the candidates; the text check
        # makes the match exact. With every bigram of a word the planner multiplies their frequencies as if
        # independent (さく × くら: 0.4 % of buildings instead of 6 %) and sorted 60,000 units for a page
        # of 20 (docs/performance.md, public search).
        frequencies = token_frequencies()
        tsquery = " & ".join(f"'{rarest_bigram(word, frequencies)}'" for word in query_words)
        qs = SearchBuilding.objects.extra(
            where=["array_to_tsvector(string_to_array(tokens, ' ')) @@ %s::tsquery"], params=[tsquery]
        )
        for word in query_words:
            qs = qs.filter(text__contains=word)
        return qs.values("building_id")
    # FTS5's rowids are the building ids; the phrases are exact, no check of the text needed
    return RawSQL(
        "SELECT rowid FROM search_building_fts WHERE search_building_fts MATCH %s",
        [text.fts5_query(query_words)],
    )


def rarest_bigram(word: str, frequencies: dict[str, float]) -> str:
    """The bigram of ``word`` in the fewest buildings; a bigram not among the common ones counts as rarest."""
    grams = text.bigrams(word)
    return min(grams, key=lambda gram: frequencies.get(gram, 0.0))


_FREQUENCIES: tuple[float, dict[str, float]] | None = None
FREQUENCIES_MAX_AGE_SECONDS = 3600


def token_frequencies() -> dict[str, float]:
    """The share of buildings holding each common token, from PostgreSQL's statistics of the token index
    (``ANALYZE``); read at most once an hour per process."""
    global _FREQUENCIES
    now = time.monotonic()
    if _FREQUENCIES is not None and now - _FREQUENCIES[0] < FREQUENCIES_MAX_AGE_SECONDS:
        return _FREQUENCIES[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
            " WHERE tablename = 'search_building_tokens_gin'"
        )
        row = cursor.fetchone()
    frequencies = dict(zip(row[0] or [], row[1] or [], strict=False)) if row else {}
    _FREQUENCIES = (now, frequencies)
    return frequencies


def distance_sql(lat: float, lon: float) -> tuple[str, list[float]]:
    """Squared distance in km² (equirectangular; exact enough within 50 km) as SQL with parameters."""
    ky = KM_PER_DEGREE
    kx = KM_PER_DEGREE * math.cos(math.radians(lat))
    sql = (
        '(("search_searchunit"."lat" - %s) * (%s) * ("search_searchunit"."lat" - %s) * (%s) + '
        '("search_searchunit"."lon" - %s) * (%s) * ("search_searchunit"."lon" - %s) * (%s))'
    )
    return sql, [lat, ky, lat, ky, lon, kx, lon, kx]


def bounds(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """The box around the circle (lowest and highest latitude, lowest and highest longitude) that
    :func:`within` filters on; the results cache scopes a radius search by it (:mod:`sumai.search.scopes`)."""
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * math.cos(math.radians(lat)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def within(queryset: QS, lat: float, lon: float, radius_km: float) -> QS:
    """Units within ``radius_km`` of the point: in each latitude band the circle touches, a range of
    longitude (one index range scan per band), then the exact distance."""
    lat_low, lat_high, lon_low, lon_high = bounds(lat, lon, radius_km)
    sql, params = distance_sql(lat, lon)
    low, high = lat_band(lat_low), lat_band(lat_high)
    return (
        queryset.filter(lat_band__in=list(range(low, high + 1)))
        .filter(lat__gte=lat_low, lat__lte=lat_high, lon__gte=lon_low, lon__lte=lon_high)
        .alias(distance2=RawSQL(sql, params))  # noqa: S611 - numbers only # nosec B611
        .filter(distance2__lte=radius_km * radius_km)
    )
