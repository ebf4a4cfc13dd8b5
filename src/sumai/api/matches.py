"""The matches of a case in the API (issue #17, item 6; docs/api.md "Matches"): the homes matched for a
household, as the caseworker's page stores them (``matching.MatchSnapshot``), and a new run.

Who: exactly as the matching pages — a member of the organisation that works the case *and* holds its
household (``matching.selectors.case_to_match``), by session or by that organisation's token with the
``cases`` scope (``cases.api.CasesScope``); a new run also needs the ``write`` scope or a writer's role.
Every answer is logged as a read of the household (``logs_access``) and carries ``Cache-Control:
no-store``. The reasons come in words (the page's sentences, in the request's language) beside their codes.

This module sits in the API layer because it joins two apps' APIs: ``matching`` may not import
``cases.api`` (ADR 0012)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from sumai.cases.api import API_PERMISSIONS
from sumai.core.access import access_for
from sumai.core.actor import Actor
from sumai.core.api.errors import ErrorSerializer
from sumai.core.api.parsers import SafeJSONParser
from sumai.core.errors import NotAllowed
from sumai.core.formats import yes_no
from sumai.core.roles import WRITERS
from sumai.core.views import logs_access
from sumai.domain.errors import InputError
from sumai.matching import selectors, services, words
from sumai.matching.forms import HomesForm
from sumai.matching.models import MatchSnapshot

YES_NO_FIELDS = frozenset({"area_standard", "barrier_free", "ground_floor", "pets"})
MATCHES_PURPOSE = "matching (API): a desk's own system reading the homes matched for the household"
MATCH_PURPOSE = "matching (API): a desk's own system matching homes for the household"
INPUT_FIELDS = (
    "municipality",
    "ceiling",
    "area_standard",
    "barrier_free",
    "ground_floor",
    "pets",
    "lat",
    "lon",
)
_ERRORS = {401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def _case_or_404(request: Request, pk: int) -> Any:
    found = selectors.case_to_match(pk=pk, visible_to=access_for(request))
    if found is None:
        raise exceptions.NotFound(
            _("No case with this id among those your organisation works for a household it holds.")
        )
    return found


def _excluded(snap: MatchSnapshot) -> list[dict[str, Any]]:
    return [
        {"rule": code, "text": words.excluded_text(code, n), "homes": n}
        for code, n in sorted(snap.excluded.items())
        if n
    ]


def snapshot_summary(snap: MatchSnapshot) -> dict[str, Any]:
    return {
        "id": snap.pk,
        "case": snap.case_id,
        "matched_at": snap.created_at.isoformat(),
        "inputs": snap.inputs,
        "parameter_files": snap.versions,
        "homes": len(snap.ranked),
        "considered": snap.candidates,
        "excluded": _excluded(snap),
    }


def snapshot_detail(snap: MatchSnapshot, limit: int = 20) -> dict[str, Any]:
    data = snapshot_summary(snap)
    lang = get_language()
    data["results"] = [
        {
            "rank": r.rank,
            "unit": r.unit_id,
            "score": r.score,
            "dedicated": r.dedicated,
            "rent": r.rent,
            "common_fee": r.common_fee,
            "floor_area_m2": str(r.floor_area_m2),
            "layout": r.layout,
            "floor": r.floor,
            "municipality": r.municipality,
            "town": r.area,
            "building": r.building,
            "reasons": [
                {
                    "code": x.get("code", ""),
                    "text": words.reason_text(x["message_key"], x.get("values", {}), language=lang),
                    "ref": x.get("ref") or None,
                }
                for x in r.reasons
            ],
            "score_parts": [
                {
                    "code": p["code"],
                    "label": words.part_label(p["code"]),
                    "points": p["points"],
                    "weight": p["weight"],
                    "text": words.reason_text(p["message_key"], p.get("values", {}), language=lang),
                }
                for p in r.parts
            ],
        }
        for r in selectors.home_rows(snap, limit=limit)
    ]
    return data


_EXCLUDED = inline_serializer(
    many=True,
    name="MatchExcluded",
    fields={
        "rule": serializers.CharField(),
        "text": serializers.CharField(),
        "homes": serializers.IntegerField(),
    },
)
_SUMMARY_FIELDS: dict[str, Any] = {
    "id": serializers.IntegerField(),
    "case": serializers.IntegerField(),
    "matched_at": serializers.DateTimeField(),
    "inputs": serializers.DictField(),
    "parameter_files": serializers.DictField(child=serializers.CharField()),
    "homes": serializers.IntegerField(help_text="Homes that pass every hard rule (the first 200 by cost)."),
    "considered": serializers.IntegerField(help_text="Vacant registered homes of the area considered."),
    "excluded": _EXCLUDED,
}
SummaryList = inline_serializer(name="MatchSummary", fields=_SUMMARY_FIELDS, many=True)
_REASON = inline_serializer(
    many=True,
    name="MatchReason",
    fields={
        "code": serializers.CharField(),
        "text": serializers.CharField(),
        "ref": serializers.CharField(allow_null=True),
    },
)
_PART = inline_serializer(
    many=True,
    name="MatchScorePart",
    fields={
        "code": serializers.CharField(),
        "label": serializers.CharField(),
        "points": serializers.FloatField(),
        "weight": serializers.IntegerField(),
        "text": serializers.CharField(),
    },
)
_HOME = inline_serializer(
    many=True,
    name="MatchedHome",
    fields={
        "rank": serializers.IntegerField(),
        "unit": serializers.IntegerField(help_text="The unit's id in /api/v1/units/."),
        "score": serializers.FloatField(),
        "dedicated": serializers.BooleanField(),
        "rent": serializers.IntegerField(),
        "common_fee": serializers.IntegerField(),
        "floor_area_m2": serializers.CharField(),
        "layout": serializers.CharField(),
        "floor": serializers.IntegerField(allow_null=True),
        "municipality": serializers.CharField(),
        "town": serializers.CharField(),
        "building": serializers.CharField(),
        "reasons": _REASON,
        "score_parts": _PART,
    },
)
Detail = inline_serializer(name="MatchDetail", fields={**_SUMMARY_FIELDS, "results": _HOME})
RunSerializer = inline_serializer(
    name="MatchRun",
    fields={
        "municipality": serializers.CharField(
            help_text="6-digit municipality code (default: the household's)."
        ),
        "ceiling": serializers.IntegerField(required=False, allow_null=True, help_text="Yen a month."),
        "area_standard": serializers.BooleanField(required=False),
        "barrier_free": serializers.BooleanField(required=False),
        "ground_floor": serializers.BooleanField(required=False),
        "pets": serializers.BooleanField(required=False),
        "lat": serializers.FloatField(required=False, allow_null=True),
        "lon": serializers.FloatField(required=False, allow_null=True),
    },
)


def _run(request: Request, case: Any) -> MatchSnapshot:
    access = access_for(request)
    if not access.has(organisation_id=case.organisation_id, roles=WRITERS):
        raise exceptions.PermissionDenied(
            _("Your role lets you read only; matching needs a staff or admin membership.")
        )
    body = request.data
    if not isinstance(body, Mapping):
        raise InputError("$", _("The body must be a JSON object with what to match."))
    unknown = sorted(set(body) - set(INPUT_FIELDS))
    if unknown:
        raise InputError(
            unknown[0], _("Unknown field; use %(fields)s.") % {"fields": ", ".join(INPUT_FIELDS)}
        )
    household = case.household
    data: dict[str, Any] = {"municipality": household.municipality_id}
    for name, value in body.items():
        if name in YES_NO_FIELDS and value is not None:
            # true/false (or 1/0, "yes"/"no"…); anything else was read as yes by the form's checkbox
            answer = yes_no(value)
            if answer is None:
                raise InputError(
                    name,
                    _("Not a yes/no value: use true or false (1 or 0, yes or no, on or off also work)."),
                )
            data[name] = "on" if answer else ""
        elif value is not None:
            data[name] = str(value)
    form = HomesForm(data, prefecture_id=household.municipality.prefecture_id)
    if not form.is_valid():
        field, messages = next(iter(form.errors.items()))
        raise InputError(field if field != "__all__" else "$", str(messages[0]))
    d = form.cleaned_data
    inputs = services.HomeInputs(
        municipality_code=d["municipality"],
        ceiling=d.get("ceiling"),
        area_standard=bool(d.get("area_standard")),
        barrier_free=bool(d.get("barrier_free")),
        ground_floor=bool(d.get("ground_floor")),
        pets=bool(d.get("pets")),
        lat=d.get("lat"),
        lon=d.get("lon"),
    )
    try:
        return services.match_homes(actor=Actor(user=request.user, access=access), case=case, inputs=inputs)
    except NotAllowed as exc:
        raise exceptions.PermissionDenied(str(exc)) from exc


@logs_access(MATCHES_PURPOSE)
@extend_schema(
    methods=["GET"],
    tags=["cases"],
    operation_id="cases_matches_list",
    responses={200: SummaryList, **_ERRORS},
)
@extend_schema(
    methods=["POST"],
    tags=["cases"],
    operation_id="cases_matches_create",
    request=RunSerializer,
    responses={201: Detail, 400: ErrorSerializer, **_ERRORS},
)
@api_view(["GET", "POST"])
@parser_classes([SafeJSONParser])
@permission_classes(API_PERMISSIONS)
def matches(request: Request, pk: int) -> Response:
    """GET: the last 10 matches stored for a case (newest first). POST: match homes for the household now
    (the hard rules of docs/matching.md) and store the result, as the case's page does; the answer is the
    new match with its first 20 homes, each with why it is there, and how many homes each rule left out."""
    case = _case_or_404(request, pk)
    if request.method == "POST":
        snap = _run(request, case)
        response = Response(snapshot_detail(snap), status=status.HTTP_201_CREATED)
    else:
        response = Response([snapshot_summary(s) for s in selectors.snapshots(case)])
    response["Cache-Control"] = "no-store"
    return response


@logs_access(MATCHES_PURPOSE)
@extend_schema(tags=["cases"], operation_id="cases_matches_retrieve", responses={200: Detail, **_ERRORS})
@api_view(["GET"])
@permission_classes(API_PERMISSIONS)
def match_detail(request: Request, pk: int, snapshot: int) -> Response:
    """One stored match of a case: the inputs, the parameter files, the first 20 homes with their
    reasons and score parts in words, and the homes each hard rule left out."""
    found = selectors.snapshot_for(pk=pk, snapshot=snapshot, visible_to=access_for(request))
    if found is None:
        raise exceptions.NotFound(_("No match with this id for this case."))
    response = Response(snapshot_detail(found))
    response["Cache-Control"] = "no-store"
    return response
