"""Public reference endpoints, the caller's identity, and the rules of the law as JSON.

Every message is in the request's language: the rules' own input messages (English in the domain) are
translated where the API answers (sumai.core.api.errors.input_message, sumai.api.rules_words)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.decorators import api_view, parser_classes, throttle_classes
from rest_framework.request import Request
from rest_framework.response import Response

from sumai.accounts.selectors import organisations_of
from sumai.api.serializers import (
    AuthoritySerializer,
    LedgerSerializer,
    LedgerStatusSerializer,
    MeSerializer,
    MunicipalitySerializer,
    PostalSerializer,
    PrefectureSerializer,
)
from sumai.core.access import access_for
from sumai.core.api.errors import ErrorSerializer
from sumai.core.api.parsers import SafeJSONParser
from sumai.core.api.throttling import AnonRateThrottle
from sumai.domain.errors import InputError
from sumai.places import selectors as places


@extend_schema(responses={200: PostalSerializer, 404: ErrorSerializer}, tags=["places"])
@api_view(["GET"])
def postal(request: Request, code: str) -> Response:
    """The address of a 7-digit postal code (Japan Post data)."""
    return Response(places.postal_lookup(code).as_dict())


@extend_schema(responses={200: AuthoritySerializer, 404: ErrorSerializer}, tags=["places"])
@api_view(["GET"])
def authority(request: Request, code: str) -> Response:
    """The registration authority (登録主体) of buildings in the local government ``code``."""
    return Response(places.registration_authority(code).as_dict())


@extend_schema(
    tags=["places"],
    parameters=[
        OpenApiParameter("prefecture", str, pattern="^[0-9]{2}$", description="2-digit prefecture code")
    ],
    responses={200: MunicipalitySerializer(many=True), 400: ErrorSerializer},
)
class MunicipalityList(generics.ListAPIView):  # type: ignore[type-arg]
    """Every municipality and ward, filterable by ``prefecture`` (2 digits)."""

    serializer_class = MunicipalitySerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        pref = self.request.query_params.get("prefecture")
        if pref is not None and not (len(pref) == 2 and pref.isdigit()):
            raise InputError("prefecture", _("A prefecture code has 2 digits (01–47)."))
        return places.municipality_list(prefecture=pref)


@extend_schema(tags=["places"])
class PrefectureList(generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = PrefectureSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return places.prefecture_list()


@extend_schema(responses={200: MeSerializer, 401: ErrorSerializer, 403: ErrorSerializer}, tags=["accounts"])
@api_view(["GET"])
def me(request: Request) -> Response:
    """Who the API thinks you are: a user with memberships, or an organisation's token."""
    access = access_for(request)
    orgs = organisations_of(visible_to=access)
    return Response(
        {
            "kind": "token" if access.via_token else "user",
            "organisations": [
                {
                    "id": g.organisation_id,
                    "name": orgs[g.organisation_id].name,
                    "kind": g.kind,
                    "role": g.role,
                }
                for g in access.grants
                if g.organisation_id in orgs
            ],
        }
    )


class RulesThrottle(AnonRateThrottle):
    scope = "anon"


def _payload(request: Request) -> dict[str, Any]:
    data = request.data
    if not isinstance(data, dict):
        raise InputError("$", _("The body must be a JSON object."))
    return dict(data)


_RULES_RESPONSES = {200: OpenApiTypes.OBJECT, 400: ErrorSerializer}


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses=_RULES_RESPONSES,
    tags=["rules"],
    examples=[
        OpenApiExample(
            "An elderly couple on a pension",
            value={
                "as_of": "2026-04-01",
                "members": [
                    {"role": "applicant", "birth_date": "1950-05-01", "pension_gross": 1800000},
                    {"role": "spouse", "birth_date": "1952-09-10", "pension_gross": 700000},
                ],
                "circumstances": [],
            },
        ),
    ],
)
@api_view(["POST"])
@parser_classes([SafeJSONParser])
@throttle_classes([RulesThrottle])
def rules_household(request: Request) -> Response:
    """Which priority groups (住宅確保要配慮者) a household belongs to, and its statutory monthly income."""
    from sumai.domain.eligibility import evaluate_household_json

    return Response(evaluate_household_json(_payload(request)))


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses=_RULES_RESPONSES,
    tags=["rules"],
    examples=[
        OpenApiExample(
            "A 24 m² unit with private facilities",
            value={
                "kind": "ordinary",
                "floor_area_m2": 24,
                "construction_started": "1990-04-01",
                "facilities": {
                    "kitchen": "private",
                    "toilet": "private",
                    "bath": "private",
                    "washbasin": "private",
                    "storage": "private",
                },
            },
        ),
    ],
)
@api_view(["POST"])
@parser_classes([SafeJSONParser])
@throttle_classes([RulesThrottle])
def rules_unit(request: Request) -> Response:
    """Check a unit or shared house against the registration standards (登録基準)."""
    from sumai.domain.standards_json import check_unit_json

    def resolve(code: str, on: date) -> str:
        return places.plan_authority_code(code, on=on)

    return Response(check_unit_json(_payload(request), resolve_authority=resolve))


@extend_schema(request=OpenApiTypes.OBJECT, responses=_RULES_RESPONSES, tags=["rules"])
@api_view(["POST"])
@parser_classes([SafeJSONParser])
@throttle_classes([RulesThrottle])
def rules_subsidy(request: Request) -> Response:
    """Compute a subsidy: renovation, rent reduction or guarantee-fee reduction."""
    from sumai.domain.subsidies import subsidy_json

    return Response(subsidy_json(_payload(request)))


@extend_schema(
    request=LedgerSerializer,
    responses={200: LedgerStatusSerializer, 400: ErrorSerializer},
    tags=["rules"],
    examples=[
        OpenApiExample(
            "Rent reduction paid in July, asked for September",
            value={
                "granted_on": "2021-06-01",
                "month": "2021-09-01",
                "payments": [
                    {"paid_on": "2021-07-10", "program": "rent_reduction", "national": 20000, "local": 20000}
                ],
            },
        ),
    ],
)
@api_view(["POST"])
@parser_classes([SafeJSONParser])
@throttle_classes([RulesThrottle])
def rules_ledger(request: Request) -> Response:
    """The cap ledger of one subsidised unit: given the payments so far, what may still be paid."""
    from sumai.domain.subsidies import ledger_json

    return Response(ledger_json(_payload(request)))


# Keep serializers import used for schema generation of generic views.
__all__ = ["OpenApiResponse", "serializers"]
