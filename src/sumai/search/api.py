"""The public API of the search: units (search with the page's filters), one unit, buildings, one building.

Anonymous read with throttling (REST_FRAMEWORK's anon rate); cursor pagination (the same keyset cursors as the
page); ETag and Last-Modified from the index's last change — for a search or a municipality's buildings, the
last change of the part of the index it reads (:mod:`sumai.search.scopes`) — so a client that polls gets 304
until the registry changes there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from sumai.core.api.errors import ErrorSerializer
from sumai.core.converters import ID_DIGITS
from sumai.core.querylimit import QueryTimedOut, bounded
from sumai.places.selectors import municipality_names
from sumai.registry.vacancy import confirmed_days_ago
from sumai.search import scopes, selectors
from sumai.search.cache import cached, version
from sumai.search.filtersets import LAYOUTS, SORTS, UnitSearchFilter
from sumai.search.models import PublicBuilding, SearchUnit


class PublicPlaceSerializer(serializers.Serializer[dict[str, object]]):
    code = serializers.CharField()
    name = serializers.CharField()
    prefecture = serializers.CharField()


class PublicUnitSerializer(serializers.Serializer[selectors.ResultUnit]):
    """A registered unit (``selectors.ResultUnit``). The fields document the schema; ``to_representation``
    writes the same dict directly (a test holds the two equal), because DRF's field-by-field way took longer
    than the search itself for a page of 20 (docs/performance.md, public search)."""

    id = serializers.IntegerField(source="pk")
    url = serializers.CharField()
    building_id = serializers.IntegerField()
    building_name = serializers.CharField()
    number = serializers.CharField()
    address = serializers.CharField()
    municipality = serializers.SerializerMethodField()
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    rent = serializers.IntegerField()
    common_fee = serializers.IntegerField()
    monthly_total = serializers.IntegerField(source="total_monthly")
    deposit = serializers.IntegerField()
    key_money = serializers.IntegerField()
    floor = serializers.IntegerField()
    floor_area_m2 = serializers.DecimalField(max_digits=7, decimal_places=2)
    layout = serializers.CharField()
    facilities = serializers.DictField(child=serializers.CharField())
    accepted_groups = serializers.ListField(child=serializers.CharField())
    dedicated = serializers.BooleanField()
    barrier_free = serializers.BooleanField()
    pets_allowed = serializers.BooleanField()
    guarantor_required = serializers.BooleanField()
    vacancy = serializers.CharField()
    vacancy_confirmed_at = serializers.DateTimeField(allow_null=True)
    vacancy_confirmed_days_ago = serializers.SerializerMethodField()
    registration_number = serializers.CharField()
    registered_on = serializers.DateField()
    distance_km = serializers.SerializerMethodField()

    @extend_schema_field(PublicPlaceSerializer)
    def get_municipality(self, unit: selectors.ResultUnit) -> dict[str, str]:
        info = municipality_names().get(unit.municipality_code)
        return {
            "code": unit.municipality_code,
            "name": info.full_name if info else "",
            "prefecture": info.prefecture_name if info else "",
        }

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_vacancy_confirmed_days_ago(self, unit: selectors.ResultUnit) -> int | None:
        return confirmed_days_ago(unit)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_distance_km(self, unit: selectors.ResultUnit) -> float | None:
        distance: float | None = self.context.get("distances", {}).get(unit.pk)
        return distance

    def to_representation(self, instance: selectors.ResultUnit) -> dict[str, Any]:
        u = instance
        confirmed = u.vacancy_confirmed_at
        return {
            "id": u.pk,
            "url": u.url,
            "building_id": u.building_id,
            "building_name": u.building_name,
            "number": u.number,
            "address": u.address,
            "municipality": self.get_municipality(u),
            "lat": None if u.lat is None else float(u.lat),
            "lon": None if u.lon is None else float(u.lon),
            "rent": u.rent,
            "common_fee": u.common_fee,
            "monthly_total": u.total_monthly,
            "deposit": u.deposit,
            "key_money": u.key_money,
            "floor": u.floor,
            "floor_area_m2": f"{u.floor_area_m2.quantize(CENTS):f}",
            "layout": u.layout,
            "facilities": {str(k): str(v) for k, v in (u.facilities or {}).items()},
            "accepted_groups": u.accepted_groups,
            "dedicated": u.dedicated,
            "barrier_free": u.barrier_free,
            "pets_allowed": u.pets_allowed,
            "guarantor_required": u.guarantor_required,
            "vacancy": u.vacancy,
            "vacancy_confirmed_at": None if confirmed is None else _iso(confirmed),
            "vacancy_confirmed_days_ago": confirmed_days_ago(u),
            "registration_number": u.registration_number,
            "registered_on": None if u.registered_on is None else u.registered_on.isoformat(),
            "distance_km": self.get_distance_km(u),
        }


CENTS = Decimal("0.01")


def _iso(moment: datetime) -> str:
    """As DRF's DateTimeField writes it: local time (settings.TIME_ZONE), ISO 8601, UTC as Z."""
    text = timezone.localtime(moment).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class PublicUnitPageSerializer(serializers.Serializer[dict[str, object]]):
    count = serializers.IntegerField(help_text="Matching units (at most count_cap; see count_is_capped).")
    count_is_capped = serializers.BooleanField()
    next = serializers.CharField(allow_null=True, help_text="URL of the next page (cursor pagination).")
    previous = serializers.CharField(allow_null=True)
    results = PublicUnitSerializer(many=True)


class PublicBuildingSerializer(serializers.Serializer[PublicBuilding]):
    """A registered building as last accepted (``PublicBuilding``, docs/decisions/0008)."""

    id = serializers.IntegerField(source="building_id")
    name = serializers.CharField()
    address = serializers.CharField()
    municipality_code = serializers.CharField()
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    structure = serializers.CharField()
    floors = serializers.IntegerField()
    building_type = serializers.CharField()
    registration_number = serializers.CharField()
    registered_on = serializers.DateField()
    units = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_units(self, building: PublicBuilding) -> list[int]:
        by_building = self.context.get("unit_ids")
        if by_building is not None:  # the list view reads every building's units in one query
            return sorted(by_building.get(building.building_id, []))
        return sorted(
            SearchUnit.objects.filter(building_id=building.building_id).values_list("unit_id", flat=True)
        )


# ------------------------------------------------------------------------------------------ caching
def _validators(scope: Sequence[str] | None) -> tuple[str, float | None]:
    if scope is None:
        state = selectors.index_state()
        stamp = state.changed_at.timestamp() if state else None
        return str(stamp or 0), stamp
    current = version(scope)
    return current.token, current.changed_at.timestamp() if current.changed_at else None


def _conditional(
    request: Request, extra: str = "", *, scope: Sequence[str] | None = None
) -> tuple[str, float | None, Response | None]:
    """(ETag, Last-Modified timestamp, a 304 response when the client's copy is current), from the version
    of the ``scope`` the response reads (:mod:`sumai.search.scopes`), or of the whole index."""
    stamp_text, stamp = _validators(scope)
    etag = quote_etag(
        hashlib.sha256(f"{stamp_text}|{request.get_full_path()}|{extra}".encode()).hexdigest()[:32]
    )
    inm = request.headers.get("If-None-Match")
    if inm and etag in [t.strip() for t in inm.split(",")]:
        return etag, stamp, HttpResponseNotModified()  # type: ignore[return-value]
    ims = request.headers.get("If-Modified-Since")
    if not inm and ims and stamp is not None:
        since = parse_http_date_safe(ims)
        if since is not None and int(stamp) <= since:
            return etag, stamp, HttpResponseNotModified()  # type: ignore[return-value]
    return etag, stamp, None


def _with_validators(response: Response, etag: str, stamp: float | None) -> Response:
    response["ETag"] = etag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    response["Cache-Control"] = "public, max-age=60"
    return response


def _not_modified(response: Any, etag: str, stamp: float | None) -> Response:
    response["ETag"] = etag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    return cast(Response, response)


def _too_slow() -> Response:
    """503 for a search the database could not answer within the public read's limit (issue #15)."""
    response = Response(
        {
            "detail": _(
                "This search took too long to answer. Narrow it (a prefecture or a municipality, fewer "
                "conditions) and try again."
            )
        },
        status=503,
    )
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response


def _bad_request(errors: dict[str, list[str]]) -> Response:
    field = next(iter(errors))
    return Response({"detail": f"{field}: {errors[field][0]}", "field": field, "errors": errors}, status=400)


YES_NO = (
    ". `true` or `false`; `1`/`0`, `yes`/`no`, `on`/`off` (any case) are read the same. Absent: off. Any"
    " other value is a 400 naming the parameter."
)
"""How every yes/no filter reads its value (sumai.core.formats.yes_no), in the OpenAPI document."""

SEARCH_PARAMETERS = [
    OpenApiParameter("prefecture", str, pattern="^[0-9]{2}$", description="2-digit prefecture code"),
    OpenApiParameter(
        "municipality",
        str,
        pattern="^[0-9]{6}$",
        description="6-digit code; a designated city includes its wards",
    ),
    OpenApiParameter("lat", float, description="Latitude of a point (with lon)"),
    OpenApiParameter("lon", float, description="Longitude of a point (with lat)"),
    OpenApiParameter("radius", float, description="Radius in km around the point (0.1–50, default 5)"),
    OpenApiParameter("rent_min", int, description="Monthly rent + common fee, yen, at least"),
    OpenApiParameter("rent_max", int, description="Monthly rent + common fee, yen, at most"),
    OpenApiParameter("area_min", float, description="Floor area in m², at least"),
    OpenApiParameter("area_max", float, description="Floor area in m², at most"),
    OpenApiParameter("layout", str, many=True, enum=LAYOUTS, description="Layouts (any of)"),
    OpenApiParameter(
        "group", str, many=True, description="Accepted priority groups (all of); codes as in /rules"
    ),
    OpenApiParameter(
        "vacant", bool, description="Vacant now (vacancy confirmed within the validity period)" + YES_NO
    ),
    OpenApiParameter("dedicated", bool, description="Dedicated housing only" + YES_NO),
    OpenApiParameter("barrier_free", bool, description="Barrier-free" + YES_NO),
    OpenApiParameter("no_guarantor", bool, description="No guarantor needed" + YES_NO),
    OpenApiParameter("pets", bool, description="Pets allowed" + YES_NO),
    OpenApiParameter("q", str, description="Words of the building's name or address (bigram search)"),
    OpenApiParameter("sort", str, enum=list(SORTS), description="Order (distance needs lat/lon)"),
    OpenApiParameter("cursor", str, description="Opaque cursor from next/previous"),
    OpenApiParameter("page_size", int, description="1–100 (default 20)"),
]


@extend_schema(
    operation_id="search_units_list",
    tags=["search"],
    parameters=SEARCH_PARAMETERS,
    responses={
        200: PublicUnitPageSerializer,
        304: None,
        400: ErrorSerializer,
        429: ErrorSerializer,
        503: ErrorSerializer,
    },
)
@api_view(["GET"])
def unit_list(request: Request) -> Response:
    """Search registered units with the same filters as the search page; cursor pagination."""
    empty = next((p.name for p in SEARCH_PARAMETERS if request.query_params.get(p.name, None) == ""), None)
    if empty is not None:
        return _bad_request({empty: [_("Give a value, or leave the parameter out.")]})
    f = UnitSearchFilter(request.query_params, queryset=SearchUnit.objects.all())
    if not f.is_valid():
        return _bad_request({k: [str(m) for m in v] for k, v in f.form.errors.items()})
    try:
        page_size = int(request.query_params.get("page_size") or selectors.PAGE_SIZE)
    except ValueError:
        page_size = 0
    if not 1 <= page_size <= selectors.MAX_PAGE_SIZE:
        return _bad_request(
            {"page_size": [_("A whole number from 1 to %(most)d.") % {"most": selectors.MAX_PAGE_SIZE}]}
        )
    # The validators (and the cache's key) follow the part of the index this search reads.
    etag, stamp, not_modified = _conditional(request, scope=scopes.of_search(f.form.cleaned_data))
    if not_modified is not None:
        return _not_modified(not_modified, etag, stamp)

    def link(cursor: str | None) -> str | None:
        if not cursor:
            return None
        params = request.query_params.copy()
        params["cursor"] = cursor
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    def compute() -> dict[str, Any]:
        with bounded():
            page = selectors.search_units(
                f, cursor=request.query_params.get("cursor") or None, page_size=page_size
            )
        return {
            "count": page.count,
            "count_is_capped": page.count_is_capped,
            "next": link(page.next_cursor),
            "previous": link(page.prev_cursor),
            "results": PublicUnitSerializer(
                page.units,  # type: ignore[arg-type]
                many=True,
                context={"distances": page.distances},
            ).data,
        }

    try:
        data = cached("api", request.build_absolute_uri(), compute, version_token=etag)
    except selectors.BadCursor:
        return _bad_request(
            {"cursor": [_("This cursor is not valid for this search; start again without it.")]}
        )
    except QueryTimedOut:
        return _too_slow()
    return _with_validators(Response(data), etag, stamp)


@extend_schema(
    operation_id="search_units_retrieve",
    tags=["search"],
    responses={200: PublicUnitSerializer, 304: None, 404: ErrorSerializer},
)
@api_view(["GET"])
def unit_detail(request: Request, pk: int) -> Response:
    """One registered unit."""
    unit = selectors.result_unit(pk)
    if unit is None:
        return Response({"detail": _("No registered unit with this id.")}, status=404)
    etag, stamp, not_modified = _conditional(request, str(unit.updated_at.timestamp()))
    if not_modified is not None:
        return _not_modified(not_modified, etag, stamp)
    return _with_validators(Response(PublicUnitSerializer(unit).data), etag, stamp)


@extend_schema(
    operation_id="search_buildings_list",
    tags=["search"],
    parameters=[
        OpenApiParameter(
            "municipality", str, pattern="^[0-9]{6}$", required=True, description="6-digit code"
        ),
        OpenApiParameter(
            "after",
            {"type": "integer", "minimum": 0, "maximum": 10**18 - 1},
            description="Cursor: the last building id of the previous page",
        ),
    ],
    responses={200: PublicBuildingSerializer(many=True), 304: None, 400: ErrorSerializer},
)
@api_view(["GET"])
def building_list(request: Request) -> Response:
    """Registered buildings of a municipality (a designated city includes its wards), 100 at a time."""
    code = request.query_params.get("municipality") or ""
    info = municipality_names().get(code)
    if info is None:
        return _bad_request({"municipality": [_("Give a known 6-digit municipality code.")]})
    after_text = request.query_params.get("after") or "0"
    if not (after_text.isascii() and after_text.isdigit() and len(after_text) <= ID_DIGITS):
        return _bad_request({"after": [_("A building id (a whole number).")]})
    after = int(after_text)
    codes = [code, *info.wards]
    etag, stamp, not_modified = _conditional(request, scope=[scopes.municipality(c) for c in codes])
    if not_modified is not None:
        return _not_modified(not_modified, etag, stamp)
    buildings = list(
        PublicBuilding.objects.filter(municipality_code__in=codes, building_id__gt=after).order_by(
            "building_id"
        )[:100]
    )
    unit_ids: dict[int, list[int]] = {}
    for unit_id, building_id in SearchUnit.objects.filter(
        building_id__in=[b.building_id for b in buildings]
    ).values_list("unit_id", "building_id"):
        unit_ids.setdefault(building_id, []).append(unit_id)
    data = PublicBuildingSerializer(buildings, many=True, context={"unit_ids": unit_ids}).data  # type: ignore[arg-type]
    return _with_validators(Response(data), etag, stamp)


@extend_schema(
    operation_id="search_buildings_retrieve",
    tags=["search"],
    responses={200: PublicBuildingSerializer, 304: None, 404: ErrorSerializer},
)
@api_view(["GET"])
def building_detail(request: Request, pk: int) -> Response:
    """One registered building with the ids of its registered units."""
    building = PublicBuilding.objects.filter(building_id=pk).first()
    if building is None:
        return Response({"detail": _("No registered building with this id.")}, status=404)
    etag, stamp, not_modified = _conditional(request)
    if not_modified is not None:
        return _not_modified(not_modified, etag, stamp)
    return _with_validators(Response(PublicBuildingSerializer(building).data), etag, stamp)
