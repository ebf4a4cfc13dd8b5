"""Inquiries to landlords in the API (issue #17, item 6; docs/api.md "Inquiries"): a landlord's own system
reads the inquiries to its homes and answers them with its registry token; a desk's system reads the
inquiries of a case.

Who: for ``registry/inquiries`` a member of a landlord (operator) or of an agent it authorised, by session or
by the organisation's token (``registry.api.API_PERMISSIONS``: answering needs the ``write`` scope or a
staff or admin membership); the landlord sees only inquiries to its own homes and only what the household's
consent allowed (``LandlordInquiry.shared``, the package, the caseworker's message and contact). For
``cases/{id}/inquiries`` as the matching pages (``cases.api.API_PERMISSIONS``). Every answer that carries a
household's data is logged and carries ``Cache-Control: no-store``. The answer goes through the same service
as the page and the link (``services_inquiries.inquiry_answer``, channel ``api``): "already let" marks the
home occupied, a decline may raise a refusal flag, the caseworker is told."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from sumai.audit.services import log_views
from sumai.cases.api import API_PERMISSIONS as CASES_PERMISSIONS
from sumai.core.access import access_for
from sumai.core.actor import Actor
from sumai.core.api.errors import ErrorSerializer
from sumai.core.api.pagination import PagePagination
from sumai.core.api.parsers import SafeJSONParser
from sumai.core.errors import NotAllowed
from sumai.core.views import logs_access
from sumai.domain.errors import InputError
from sumai.placements import selectors_inquiries as selectors
from sumai.placements import services_inquiries as services
from sumai.placements.models import LandlordInquiry
from sumai.registry.api import API_PERMISSIONS as REGISTRY_PERMISSIONS

LIST_PURPOSE = "inquiries (API): a landlord's system reading the inquiries to its homes"
CASE_PURPOSE = "inquiries (API): a desk's own system reading the inquiries of the household's case"
ANSWER_FIELDS = ("action", "reason", "text", "viewing", "version")


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def landlord_data(i: LandlordInquiry) -> dict[str, Any]:
    """What a landlord's system may read of an inquiry: the home, the household as shared, the package,
    the caseworker's message and contact, the state and the answer."""
    view = selectors.landlord_view(i)
    unit = i.unit
    return {
        "id": i.pk,
        "reference": i.reference,
        "state": i.state,
        "state_text": i.get_state_display(),
        "unit": {
            "id": unit.pk,
            "building": unit.building.name,
            "number": unit.number,
            "registration_number": unit.registration_number,
        },
        "sent_at": i.sent_at.isoformat() if i.sent_at else None,
        "answer_due": _day(i.answer_due),
        "overdue": selectors.is_overdue(i),
        "household": view["household"],
        "package": {k: v for k, v in view["package"].items() if k not in ("answered", "unanswered")}
        | {
            "fears_answered": [f["label"] for f in view["package"]["answered"]],
            "fears_not_answered": [f["label"] for f in view["package"]["unanswered"]],
        },
        "message": i.message,
        "answer": {
            "decline_reason": i.decline_reason or None,
            "decline_reason_text": i.get_decline_reason_display() if i.decline_reason else None,
            "viewing": i.viewing_proposal or None,
            "note": i.answer_note or None,
            "answered_at": i.answered_at.isoformat() if i.answered_at else None,
            # the day the landlord gave the answer (for one given by phone, in person or by fax and
            # recorded by the caseworker: via phone, in_person, fax or other)
            "answered_on": _day(i.answered_on),
            "via": i.answered_via or None,
        },
        "version": i.version,
    }


def case_data(i: LandlordInquiry) -> dict[str, Any]:
    data = landlord_data(i)
    data["landlord"] = {"id": i.operator_id, "name": i.operator.name}
    return data


_INQUIRY_FIELDS: dict[str, Any] = {
    "id": serializers.IntegerField(),
    "reference": serializers.CharField(),
    "state": serializers.ChoiceField(choices=LandlordInquiry.State.choices),
    "state_text": serializers.CharField(),
    "unit": serializers.DictField(),
    "sent_at": serializers.DateTimeField(allow_null=True),
    "answer_due": serializers.DateField(allow_null=True),
    "overdue": serializers.BooleanField(),
    "household": serializers.DictField(help_text="What the household's consent allows the landlord to see."),
    "package": serializers.DictField(help_text="The support package, in words."),
    "message": serializers.CharField(),
    "answer": serializers.DictField(),
    "version": serializers.IntegerField(help_text="Send it back with the answer (lost-update guard)."),
}
InquiryOut = inline_serializer(name="LandlordInquiry", fields=_INQUIRY_FIELDS)
InquiryPage = inline_serializer(
    name="LandlordInquiryPage",
    fields={
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": inline_serializer(name="LandlordInquiryItem", fields=_INQUIRY_FIELDS, many=True),
    },
)
CaseInquiries = inline_serializer(
    name="CaseInquiry", fields={**_INQUIRY_FIELDS, "landlord": serializers.DictField()}, many=True
)
AnswerIn = inline_serializer(
    name="LandlordInquiryAnswer",
    fields={
        "action": serializers.ChoiceField(choices=["offer_viewing", "accept", "decline"]),
        "reason": serializers.ChoiceField(
            choices=[c for c in LandlordInquiry.Reason.values if c], required=False, help_text="for decline"
        ),
        "text": serializers.CharField(required=False, help_text="required with reason other"),
        "viewing": serializers.CharField(required=False, help_text="required with offer_viewing"),
        "version": serializers.IntegerField(required=False),
    },
)


class InquiryPagination(PagePagination):
    """The kernel's page numbers."""


@extend_schema(
    tags=["registry"],
    operation_id="registry_inquiries_list",
    parameters=[OpenApiParameter("state", str, enum=["open"], description="open: still waiting for you")],
    responses={200: InquiryPage, 400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer},
)
@api_view(["GET"])
@permission_classes(REGISTRY_PERMISSIONS)
def landlord_inquiries(request: Request) -> Response:
    """Inquiries from caseworkers to the homes of the landlords you act for (open ones first, newest first),
    with the household as its consent lets you see it and the support package. Each one listed is logged."""
    state = request.query_params.get("state", "")
    if state not in ("", "open"):
        raise InputError("state", _("Use state=open, or leave it out for every inquiry."))
    rows = selectors.landlord_inquiries(visible_to=access_for(request), state=state)
    paginator = InquiryPagination()
    page = list(paginator.paginate_queryset(rows, request) or [])
    log_views(
        request=request,
        purpose=LIST_PURPOSE,
        view_name="api:registry-inquiry-list",
        object_ids=[f"pk={i.pk}" for i in page],
    )
    response = paginator.get_paginated_response([landlord_data(i) for i in page])
    response["Cache-Control"] = "no-store"
    return response


@extend_schema(
    tags=["registry"],
    operation_id="registry_inquiries_answer",
    request=AnswerIn,
    responses={
        200: InquiryOut,
        400: ErrorSerializer,
        401: ErrorSerializer,
        403: ErrorSerializer,
        404: ErrorSerializer,
        409: ErrorSerializer,
    },
)
@api_view(["POST"])
@parser_classes([SafeJSONParser])
@permission_classes(REGISTRY_PERMISSIONS)
def landlord_answer(request: Request, pk: int) -> Response:
    """Answer an inquiry: ``{"action": "offer_viewing", "viewing": "平日14時以降"}``, ``{"action": "accept"}``
    or ``{"action": "decline", "reason": "lonely_death"}`` (``other`` needs ``text``), with the ``version``
    you read. "already_let" marks the home occupied at once. A final answer cannot be changed (409)."""
    access = access_for(request)
    found = selectors.landlord_inquiry_for(pk=pk, visible_to=access)
    if found is None:
        raise exceptions.NotFound(_("No inquiry with this id to the homes of the landlords you act for."))
    body = request.data
    if not isinstance(body, Mapping):
        raise InputError("$", _("The body must be a JSON object with your answer."))
    unknown = sorted(set(body) - set(ANSWER_FIELDS))
    if unknown:
        raise InputError(
            unknown[0], _("Unknown field; use %(fields)s.") % {"fields": ", ".join(ANSWER_FIELDS)}
        )
    version = body.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise InputError("version", _("Give the version you read, a whole number."))
    for name in ("action", "reason", "text", "viewing"):
        if body.get(name) is not None and not isinstance(body.get(name), str):
            raise InputError(name, _("Give this as text."))
    reason = str(body.get("reason") or "")
    if reason and reason not in LandlordInquiry.Reason.values:
        raise InputError(
            "reason",
            _("Choose one of: %(choices)s.")
            % {"choices": ", ".join(v for v in LandlordInquiry.Reason.values if v)},
        )
    answer = services.Answer(
        action=str(body.get("action") or ""),
        reason=reason,
        text=str(body.get("text") or ""),
        viewing=str(body.get("viewing") or ""),
    )
    try:
        answered = services.inquiry_answer(
            actor=Actor(user=request.user, access=access),
            inquiry=found,
            answer=answer,
            version=version,
            via=LandlordInquiry.Channel.API,
        )
    except NotAllowed as exc:
        raise exceptions.PermissionDenied(str(exc)) from exc
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            field, messages = next(iter(exc.message_dict.items()))
            raise InputError(field if field != "__all__" else "$", messages[0]) from exc
        raise InputError("$", " ".join(exc.messages)) from exc
    answered = selectors.landlord_inquiry_for(pk=answered.pk, visible_to=access) or answered
    response = Response(landlord_data(answered))
    response["Cache-Control"] = "no-store"
    return response


@logs_access(CASE_PURPOSE)
@extend_schema(
    tags=["cases"],
    operation_id="cases_inquiries_list",
    responses={200: CaseInquiries, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
)
@api_view(["GET"])
@permission_classes(CASES_PERMISSIONS)
def case_inquiries(request: Request, pk: int) -> Response:
    """The inquiries sent for a case (newest first, at most 50): the home and its landlord, what was shared,
    the package, the state and the landlord's answer."""
    case = selectors.compose_case(pk=pk, visible_to=access_for(request))
    if case is None:
        raise exceptions.NotFound(
            _("No case with this id among those your organisation works for a household it holds.")
        )
    response = Response([case_data(i) for i in selectors.case_inquiries(case)])
    response["Cache-Control"] = "no-store"
    return response


landlord_inquiries.access_each = LIST_PURPOSE  # type: ignore[attr-defined]  # one access-log row per inquiry
