"""Registry API for bulk operators: units of the caller's buildings, and vacancy pushed in bulk.

Who may call: members of operator and agent organisations, by session or organisation token
(``Authorization: Bearer smi_...``). Rows are scoped to the operators the caller may act for (its own, and
those that authorised its agent organisation). Reads need any role; writes need a token with the
``write`` scope or a staff/admin membership. Every write goes through ``sumai.registry.services`` (unit
create/update) or :func:`_vacancy_apply` here (one transaction, one audit event per operator).

Errors are JSON and name what to fix: 400 ``{"detail", "field", "errors": {"<field>": [...]}}`` where a
field of a list item is written ``updates[3].unit``; 404 for a unit the caller may not see; 409 when the
building's registration is not editable.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from sumai.core.access import Access, access_for
from sumai.core.actor import Actor
from sumai.core.api.errors import ErrorSerializer
from sumai.core.api.pagination import PagePagination
from sumai.core.api.parsers import SafeJSONParser
from sumai.core.api.permissions import PermissionTablePermission
from sumai.core.converters import ID_DIGITS, ID_MAX
from sumai.core.vacancy import valid_days
from sumai.domain.errors import InputError
from sumai.registry import services, vacancy
from sumai.registry.fields import FACILITY_CODES, UNIT, Choice
from sumai.registry.models import Building, Unit
from sumai.registry.selectors import buildings_for, units_for

READ_ROLES = ("admin", "staff", "viewer")
WRITE_ROLES = ("admin", "staff")
REGISTRY_KINDS = ("operator", "agent")
MAX_UPDATES = 10_000
IN_CHUNK = 900  # SQLite allows 999 bound parameters per statement
BULK_BATCH = 500
CLOCK_SKEW = timedelta(minutes=5)  # a sender's clock a little ahead of ours is not "the future"
MAX_LISTED_ERRORS = 1000
PUSHABLE = (Unit.Vacancy.VACANT, Unit.Vacancy.OCCUPIED, Unit.Vacancy.RENOVATION)
UNIT_OUT_FIELDS = [
    "id",
    "building",
    "building_name",
    "number",
    "floor",
    "floor_area_m2",
    "layout",
    "rent",
    "common_fee",
    "deposit",
    "key_money",
    "accepted_groups",
    "facilities",
    "dedicated",
    "barrier_free",
    "pets_allowed",
    "guarantor_required",
    "status",
    "registration_number",
    "vacancy",
    "vacancy_confirmed_at",
]


# ------------------------------------------------------------------------------------------- errors
class RequestInvalid(exceptions.APIException):
    """400 naming every bad field: ``{"detail", "field", "errors": {field: [messages]}}``."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, errors: Mapping[str, list[str]], detail: str | None = None) -> None:
        first_field, first_messages = next(iter(errors.items()))
        body: dict[str, Any] = {
            "detail": detail or f"{first_field}: {first_messages[0]}",
            "field": first_field,
            "errors": {k: [str(m) for m in v] for k, v in errors.items()},
        }
        super().__init__(body)


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _flatten(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested ``serializer.errors`` as dotted paths: ``facilities.kitchen``, ``accepted_groups[0]``."""
    out: dict[str, list[str]] = {}
    if isinstance(errors, Mapping):
        for key, value in errors.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            elif key in (NON_FIELD_ERRORS, "non_field_errors"):
                path = prefix or "$"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, path))
    elif isinstance(errors, list | tuple) and errors and all(isinstance(e, str) for e in errors):
        out[prefix or "$"] = [str(e) for e in errors]
    elif isinstance(errors, list | tuple):
        for i, value in enumerate(errors):
            if value:
                out.update(_flatten(value, f"{prefix}[{i}]"))
    else:
        out[prefix or "$"] = [str(errors)]
    return out


# ------------------------------------------------------------------------------------------- permission
class WriteAccess(BasePermission):
    """Writes need a token with the ``write`` scope or a staff/admin membership of an operator or agent.

    Only answers for operator/agent callers without a write grant (so the message says why); everyone
    else is left to :class:`PermissionTablePermission`, which denies by default."""

    message = "You may only read."

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        access = access_for(request)
        if not access.is_authenticated or not access.has(kinds=REGISTRY_KINDS):
            return True
        if access.has(kinds=REGISTRY_KINDS, roles=WRITE_ROLES):
            return True
        if access.via_token:
            self.message = _(
                "This API token lacks the write scope: it may only read. Ask an administrator of your "
                "organisation for a token with the write scope."
            )
        else:
            self.message = _(
                "Your role lets you read only; adding or changing units and vacancy needs a staff or "
                "admin membership."
            )
        return False


API_PERMISSIONS = [WriteAccess, PermissionTablePermission]


# ------------------------------------------------------------------------------------------- reads
def _units_for(access: Access, roles: tuple[str, ...] = READ_ROLES) -> QuerySet[Unit]:
    return units_for(visible_to=access, roles=roles)


def _chunks(items: list[int], size: int = IN_CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ------------------------------------------------------------------------------------------- serializers
class UnitSerializer(serializers.ModelSerializer[Unit]):
    building_name = serializers.CharField(source="building.name", read_only=True)

    class Meta:
        model = Unit
        fields = UNIT_OUT_FIELDS
        read_only_fields = UNIT_OUT_FIELDS


class UnitPageSerializer(serializers.Serializer[dict[str, Any]]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = UnitSerializer(many=True)


_PROVISIONS = cast(Choice, UNIT["kitchen"]).codes


@extend_schema_field(
    {
        "type": "object",
        "properties": {key: {"type": "string", "enum": list(_PROVISIONS)} for key in FACILITY_CODES},
        "required": list(FACILITY_CODES),
        "description": "Each of kitchen, toilet, bath, washbasin, storage: private, shared or none "
        "(a PATCH may send only the ones that change).",
    }
)
class FacilitiesField(serializers.Field):  # type: ignore[type-arg]
    """The five facilities of a unit; all five on create, any of them on a partial update. Declared as one
    inline object so the schema gets no enum component per facility."""

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if not isinstance(data, Mapping):
            raise serializers.ValidationError(
                _("Give an object with kitchen, toilet, bath, washbasin, storage.")
            )
        errors: dict[str, list[str]] = {}
        for key in sorted(set(data) - set(FACILITY_CODES)):
            errors[key] = [_("Unknown facility; use kitchen, toilet, bath, washbasin, storage.")]
        for key in FACILITY_CODES:
            if key not in data:
                if not self.root.partial:
                    errors[key] = [_("This field is required.")]
            elif (error := UNIT[key].check(data[key])) is not None:
                errors[key] = [error]
        if errors:
            raise serializers.ValidationError(errors)
        return {key: str(data[key]) for key in FACILITY_CODES if key in data}

    def to_representation(self, value: Any) -> Any:
        return value


class UnitWriteSerializer(serializers.Serializer[dict[str, Any]]):
    """The body of a unit create (POST, ``building`` required) or update (PATCH, any subset)."""

    # The fields of sumai.registry.fields.UNIT that the API writes, each checked by the spec's rule.

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields: dict[str, serializers.Field[Any, Any, Any, Any]] = {
            "building": serializers.IntegerField(
                min_value=1, max_value=ID_MAX, help_text="Id of one of your buildings (create only)."
            )
        }
        for spec in UNIT:
            if not spec.api or spec.model_field is None:
                continue
            if spec.model_field == "facilities":
                fields.setdefault("facilities", FacilitiesField())
            else:
                fields[spec.model_field] = spec.serializer_field()
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if isinstance(self.initial_data, Mapping):
            unknown = sorted(set(self.initial_data) - set(self.fields))
            if unknown:
                raise RequestInvalid(
                    {
                        name: [
                            _("Unknown or read-only field; writable fields are: %(fields)s.")
                            % {"fields": ", ".join(self.fields)}
                        ]
                        for name in unknown
                    }
                )
        return attrs

    def validate_accepted_groups(self, value: list[str]) -> list[str]:
        spec = UNIT["accepted_groups"]
        bad = {
            f"accepted_groups[{i}]": [_("Unknown priority group %(code)r.") % {"code": code}]
            for i, code in enumerate(value)
            if spec.check([code]) is not None
        }
        if bad:
            raise RequestInvalid(bad)
        error = spec.check(value)
        if error is not None:
            raise serializers.ValidationError(error)
        return list(dict.fromkeys(value))


class VacancyUpdateSerializer(serializers.Serializer[dict[str, Any]]):
    unit = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    vacancy = serializers.ChoiceField(choices=[v.value for v in PUSHABLE])
    confirmed_at = serializers.DateTimeField(
        required=False,
        help_text="When the vacancy was confirmed (ISO 8601). Default now. The validity window: not in the "
        "future, and not older than the vacancy validity period (setting SUMAI VACANCY_VALID_DAYS, 30 days "
        "by default) — a unit is listed as vacant only while its confirmation is within that period.",
    )


class VacancyPushSerializer(serializers.Serializer[dict[str, Any]]):
    updates = serializers.ListField(child=VacancyUpdateSerializer(), min_length=1, max_length=MAX_UPDATES)


class VacancyPushResultSerializer(serializers.Serializer[dict[str, int]]):
    updated = serializers.IntegerField(help_text="Units whose vacancy or confirmation time changed.")
    unchanged = serializers.IntegerField(help_text="Units that already had exactly this state.")


ValidationErrorSerializer = inline_serializer(
    name="RegistryValidationError",
    fields={
        "detail": serializers.CharField(),
        "field": serializers.CharField(),
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
    },
)


class UnitPagination(PagePagination):
    """The registry's unit list: the kernel's page numbers."""


# ------------------------------------------------------------------------------------------- unit writes
def _actor(request: Request, access: Access) -> Actor:
    # A token request acts as its TokenPrincipal: the audit trail stores no user and labels the token.
    return Actor(user=request.user, access=access)


def _validated_unit_data(request: Request, *, partial: bool) -> dict[str, Any]:
    if not isinstance(request.data, Mapping):
        raise InputError("$", _("The body must be a JSON object."))
    serializer = UnitWriteSerializer(data=request.data, partial=partial)
    if not serializer.is_valid():
        raise RequestInvalid(_flatten(serializer.errors))
    return dict(serializer.validated_data)


def _save_unit(request: Request, building: Building, data: dict[str, Any], unit: Unit | None) -> Unit:
    """Run :func:`services.unit_save`, answering 409 when the registration cannot be edited and 400 naming
    the field for everything the model refuses."""
    if building.registration.state not in services.EDITABLE_STATES:
        raise ConflictError(
            _(
                "The registration of building %(id)s (%(name)s) is %(state)s: its units can only be added "
                "or changed while it is a draft or changes were requested."
            )
            % {"id": building.pk, "name": building.name, "state": building.registration.get_state_display()}
        )
    if "facilities" in data and unit is not None:
        data["facilities"] = {**(unit.facilities or {}), **data["facilities"]}
    number = data.get("number")
    if number is not None:
        clash = Unit.objects.filter(building=building, number=number)
        if unit is not None:
            clash = clash.exclude(pk=unit.pk)
        if clash.exists():
            raise RequestInvalid(
                {"number": [_("This building already has a unit numbered %(n)s.") % {"n": number}]}
            )
    try:
        return services.unit_save(
            actor=_actor(request, access_for(request)), building=building, data=data, unit=unit
        )
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            # the only message without a field is the registration's state (changed meanwhile)
            raise ConflictError(" ".join(exc.messages)) from exc
        raise RequestInvalid(_flatten(exc.message_dict)) from exc
    except IntegrityError as exc:
        raise ConflictError(_("Someone else changed this building a moment ago; try again.")) from exc


# ------------------------------------------------------------------------------------------- views
def _filters(params: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if params.get("building"):
        building = params["building"].strip()
        if not building.isascii() or not building.isdigit() or len(building) > ID_DIGITS:
            raise InputError("building", _("Give a building id (a whole number)."))
        out["building_id"] = int(building)
    for name, choices in (("vacancy", Unit.Vacancy.values), ("status", Unit.Status.values)):
        value = params.get(name)
        if value:
            if value not in choices:
                raise InputError(name, _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)})
            out[name] = value
    return out


_AUTH_ERRORS = {401: ErrorSerializer, 403: ErrorSerializer}


@extend_schema(
    methods=["GET"],
    tags=["registry"],
    operation_id="registry_units_list",
    parameters=[
        OpenApiParameter(
            "building",
            {"type": "integer", "minimum": 0, "maximum": ID_MAX},
            description="Only the units of this building (id).",
        ),
        OpenApiParameter("vacancy", str, enum=Unit.Vacancy.values),
        OpenApiParameter("status", str, enum=Unit.Status.values, description="Registration status."),
        OpenApiParameter("page", int, description="Page number (from 1)."),
        OpenApiParameter("page_size", int, description="Units per page: 100 by default, at most 1000."),
    ],
    responses={200: UnitPageSerializer, 400: ErrorSerializer, 404: ErrorSerializer, **_AUTH_ERRORS},
)
@extend_schema(
    methods=["POST"],
    tags=["registry"],
    operation_id="registry_units_create",
    request=UnitWriteSerializer,
    responses={201: UnitSerializer, 400: ValidationErrorSerializer, 409: ErrorSerializer, **_AUTH_ERRORS},
)
@api_view(["GET", "POST"])
@parser_classes([SafeJSONParser])
@permission_classes(API_PERMISSIONS)
def unit_list(request: Request) -> Response:
    """GET: the units of the landlords you may act for, 100 a page. POST: add a unit to one of your
    buildings while its registration is a draft or changes were requested."""
    access = access_for(request)
    if request.method == "POST":
        data = _validated_unit_data(request, partial=False)
        building_id = data.pop("building")
        building = (
            buildings_for(visible_to=access, roles=WRITE_ROLES)
            .select_related(None)
            .select_related("registration", "operator")
            .filter(pk=building_id)
            .first()
        )
        if building is None:
            raise RequestInvalid(
                {"building": [_("No building with this id among the buildings you manage.")]}
            )
        unit = _save_unit(request, building, data, None)
        unit.building = building
        return Response(UnitSerializer(unit).data, status=status.HTTP_201_CREATED)

    qs = _units_for(access).filter(**_filters(request.query_params)).select_related("building")
    paginator = UnitPagination()
    page = paginator.paginate_queryset(qs.order_by("pk"), request)
    return paginator.get_paginated_response(UnitSerializer(page, many=True).data)


@extend_schema(
    methods=["GET"],
    tags=["registry"],
    operation_id="registry_units_retrieve",
    responses={200: UnitSerializer, 404: ErrorSerializer, **_AUTH_ERRORS},
)
@extend_schema(
    methods=["PATCH"],
    tags=["registry"],
    operation_id="registry_units_partial_update",
    request=UnitWriteSerializer(partial=True),
    responses={
        200: UnitSerializer,
        400: ValidationErrorSerializer,
        404: ErrorSerializer,
        409: ErrorSerializer,
        **_AUTH_ERRORS,
    },
)
@api_view(["GET", "PATCH"])
@parser_classes([SafeJSONParser])
@permission_classes(API_PERMISSIONS)
def unit_detail(request: Request, pk: int) -> Response:
    """GET: one of your units. PATCH: change some of its fields (not ``building``) while the building's
    registration is a draft or changes were requested."""
    access = access_for(request)
    unit = _units_for(access).select_related("building", "building__registration").filter(pk=pk).first()
    if unit is None:
        raise exceptions.NotFound(_("No unit with this id among the units you may see."))
    if request.method == "PATCH":
        if not _units_for(access, WRITE_ROLES).filter(pk=pk).exists():
            raise exceptions.PermissionDenied(_("You may read this unit but not change it."))
        data = _validated_unit_data(request, partial=True)
        if "building" in data and data.pop("building") != unit.building_id:
            raise RequestInvalid({"building": [_("A unit cannot move to another building.")]})
        unit = _save_unit(request, unit.building, data, unit)
    return Response(UnitSerializer(unit).data)


# ------------------------------------------------------------------------------------------- vacancy push
def _parse_updates(body: Any, now: datetime) -> list[tuple[int, str, datetime]]:
    """Validate the whole body before touching anything; every bad item is named by its index."""
    if not isinstance(body, Mapping):
        raise InputError("$", _("The body must be a JSON object with a list 'updates'."))
    updates = body.get("updates")
    if not isinstance(updates, list) or not updates:
        raise InputError("updates", _("Give a non-empty list of updates."))
    if len(updates) > MAX_UPDATES:
        raise InputError(
            "updates",
            _("At most %(max)d updates per call; this one has %(n)d. Split it into several calls.")
            % {"max": MAX_UPDATES, "n": len(updates)},
        )
    errors: dict[str, list[str]] = {}
    parsed: list[tuple[int, str, datetime]] = []
    seen: dict[int, int] = {}
    for i, item in enumerate(updates):
        at = f"updates[{i}]"
        if not isinstance(item, Mapping):
            errors[at] = [_("Each update is an object with 'unit' and 'vacancy'.")]
            continue
        unknown = sorted(set(item) - {"unit", "vacancy", "confirmed_at"})
        for key in unknown:
            errors[f"{at}.{key}"] = [_("Unknown field; use unit, vacancy and confirmed_at.")]
        unit_id = item.get("unit")
        if isinstance(unit_id, bool) or not isinstance(unit_id, int) or not 1 <= unit_id <= ID_MAX:
            errors[f"{at}.unit"] = [_("Give the unit id (a whole number).")]
            unit_id = None
        elif unit_id in seen:
            errors[f"{at}.unit"] = [
                _("Unit %(id)d is already updated by updates[%(i)d]; send each unit once.")
                % {"id": unit_id, "i": seen[unit_id]}
            ]
        else:
            seen[unit_id] = i
        vacancy = item.get("vacancy")
        if vacancy not in PUSHABLE:
            errors[f"{at}.vacancy"] = [_("Choose vacant, occupied or renovation.")]
        confirmed_at = _confirmed_at(item.get("confirmed_at"), f"{at}.confirmed_at", now, errors)
        if unit_id is not None and vacancy in PUSHABLE:
            parsed.append((unit_id, str(vacancy), confirmed_at))
    if errors:
        raise _too_many(errors)
    return parsed


def _confirmed_at(raw: Any, field: str, now: datetime, errors: dict[str, list[str]]) -> datetime:
    """When the unit's vacancy was confirmed: ``raw`` (ISO 8601, not in the future, within the validity
    period), else now; a bad value is added to ``errors`` under ``field``."""
    if raw is None:
        return now
    value = parse_datetime(raw) if isinstance(raw, str) else None
    if value is None:
        errors[field] = [_("Give an ISO 8601 date and time, e.g. 2026-04-01T09:30:00+09:00.")]
        return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_current_timezone())
    if value > now + CLOCK_SKEW:
        errors[field] = [_("The confirmation time is in the future.")]
    elif value < now - timedelta(days=valid_days()):
        errors[field] = [
            _(
                "The confirmation is older than the %(days)d-day validity period; confirm the "
                "unit again and send the new time."
            )
            % {"days": valid_days()}
        ]
    else:
        return min(value, now)
    return now


def _too_many(errors: dict[str, list[str]]) -> RequestInvalid:
    n = len(errors)
    if n <= MAX_LISTED_ERRORS:
        return RequestInvalid(errors, detail=_("%(n)d invalid fields; nothing was changed.") % {"n": n})
    listed = dict(list(errors.items())[:MAX_LISTED_ERRORS])
    return RequestInvalid(
        listed,
        detail=_("%(n)d invalid fields (the first %(max)d are listed); nothing was changed.")
        % {"n": n, "max": MAX_LISTED_ERRORS},
    )


@extend_schema(
    tags=["registry"],
    operation_id="registry_vacancy_push",
    request=VacancyPushSerializer,
    responses={200: VacancyPushResultSerializer, 400: ValidationErrorSerializer, **_AUTH_ERRORS},
)
@api_view(["POST"])
@parser_classes([SafeJSONParser])
@permission_classes(API_PERMISSIONS)
def vacancy_push(request: Request) -> Response:
    """Push the vacancy of up to 10,000 units at once (idempotent). All updates are checked first — an
    unknown unit, a unit of another landlord, a time in the future or older than the validity period — and
    any error refuses the whole call, naming each bad item (``updates[3].unit``). Units that already have
    the pushed state are counted as ``unchanged`` and not written."""
    now = timezone.now()
    updates = _parse_updates(request.data, now)
    try:
        updated, unchanged = vacancy.push_vacancy(
            actor=request.user, access=access_for(request), updates=updates, now=now
        )
    except vacancy.UnitsNotAllowed as exc:
        raise _too_many(exc.errors) from exc
    return Response({"updated": updated, "unchanged": unchanged})
