"""Placements in the API (issue #17, item 6; docs/api.md "Placements"): the homes a case's household moved
into, with the lease, the support corporation, the subsidy eligibility in words and the follow-ups.

Who: as the placement pages — a member of the organisation that works the case and holds its household, by
session or by that organisation's token with the ``cases`` scope (``cases.api.API_PERMISSIONS``); anyone
else gets 404. Every answer is logged as a read of the household and carries ``Cache-Control: no-store``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from sumai.cases.api import API_PERMISSIONS
from sumai.core.access import access_for
from sumai.core.api.errors import ErrorSerializer
from sumai.core.views import logs_access
from sumai.placements import selectors_placements as selectors
from sumai.placements import words_placements as words
from sumai.placements.models import FollowUp, Placement

PURPOSE = "placements (API): a desk's own system following the household's tenancy"


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def follow_up_data(f: FollowUp) -> dict[str, Any]:
    return {
        "months": f.months,
        "due": _day(f.due),
        "asked_on": _day(f.answered_on),
        "holds": f.holds,
        "note": f.note,
    }


def placement_data(p: Placement, follow_ups: list[FollowUp]) -> dict[str, Any]:
    unit = p.unit
    building = unit.building
    return {
        "id": p.pk,
        "case": p.case_id,
        "unit": unit.pk,
        "home": {
            "building": building.name,
            "unit_number": unit.number,
            "municipality": {"code": p.municipality_id, "name": p.municipality.name},
            "registration_number": unit.registration_number,
        },
        "inquiry": p.inquiry.reference if p.inquiry_id and p.inquiry else None,
        "support_corporation": (
            {"id": p.support_corporation_id, "name": p.support_corporation.name}
            if p.support_corporation_id and p.support_corporation
            else None
        ),
        "lease": {
            "signed_on": _day(p.signed_on),
            "start_on": _day(p.start_on),
            "fixed_term_ends_on": _day(p.end_on),
            "rent": p.rent,
            "common_fee": p.common_fee,
            "deposit": p.deposit,
            "guarantee": p.guarantee,
            "guarantee_text": p.get_guarantee_display(),
            "guarantor": p.guarantor,
            "guarantee_fee": p.guarantee_fee,
            "rent_reduction": p.rent_reduction,
        },
        "moved_in_on": _day(p.move_in_on),
        "first_consultation_on": _day(p.first_consultation_on),
        "days_to_move_in": (p.move_in_on - p.first_consultation_on).days,
        "ended_on": _day(p.ended_on),
        "end_note": p.end_note,
        "cancelled_on": _day(p.cancelled_on),
        "cancel_note": p.cancel_note,
        "subsidies": [
            {
                "programme": r["programme"],
                "eligible": r["eligible"],
                "verdict": r["verdict"],
                "reasons": r["reasons"],
            }
            for r in words.subsidy_rows(p.subsidies)
        ],
        "follow_ups": [follow_up_data(f) for f in follow_ups],
    }


_FOLLOW_UP = inline_serializer(
    many=True,
    name="PlacementFollowUp",
    fields={
        "months": serializers.IntegerField(),
        "due": serializers.DateField(),
        "asked_on": serializers.DateField(allow_null=True),
        "holds": serializers.BooleanField(allow_null=True, help_text="null until asked"),
        "note": serializers.CharField(),
    },
)
_SUBSIDY = inline_serializer(
    many=True,
    name="PlacementSubsidy",
    fields={
        "programme": serializers.CharField(),
        "eligible": serializers.BooleanField(allow_null=True, help_text="null: cannot be told yet"),
        "verdict": serializers.CharField(),
        "reasons": serializers.ListField(child=serializers.CharField()),
    },
)
PlacementList = inline_serializer(
    many=True,
    name="Placement",
    fields={
        "id": serializers.IntegerField(),
        "case": serializers.IntegerField(),
        "unit": serializers.IntegerField(),
        "home": serializers.DictField(),
        "inquiry": serializers.CharField(allow_null=True, help_text="the inquiry's reference"),
        "support_corporation": serializers.DictField(allow_null=True),
        "lease": serializers.DictField(),
        "moved_in_on": serializers.DateField(),
        "first_consultation_on": serializers.DateField(),
        "days_to_move_in": serializers.IntegerField(),
        "ended_on": serializers.DateField(allow_null=True),
        "end_note": serializers.CharField(),
        "cancelled_on": serializers.DateField(
            allow_null=True, help_text="the household did not move in: the placement was cancelled that day"
        ),
        "cancel_note": serializers.CharField(),
        "subsidies": _SUBSIDY,
        "follow_ups": _FOLLOW_UP,
    },
)


@logs_access(PURPOSE)
@extend_schema(
    tags=["cases"],
    operation_id="cases_placements_list",
    responses={200: PlacementList, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
)
@api_view(["GET"])
@permission_classes(API_PERMISSIONS)
def case_placements(request: Request, pk: int) -> Response:
    """The placements of a case (newest move-in first, at most 20): the home, the lease, the support
    corporation, the subsidy eligibility worked out when it was recorded (in words) and the follow-ups at
    1, 6 and 12 months with their answers."""
    case = selectors.case_to_place(pk=pk, visible_to=access_for(request))
    if case is None:
        raise exceptions.NotFound(
            _("No case with this id among those your organisation works for a household it holds.")
        )
    placements = selectors.placements_of_case(case)
    by_placement = selectors.follow_ups_by_placement(placements)
    response = Response([placement_data(p, by_placement.get(p.pk, [])) for p in placements])
    response["Cache-Control"] = "no-store"
    return response
