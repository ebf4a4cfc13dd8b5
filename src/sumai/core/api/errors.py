"""API errors: always JSON, always saying what to fix, in the request's language
(``REST_FRAMEWORK["EXCEPTION_HANDLER"]``; :func:`api_not_found` and :func:`api_method_not_allowed` for the
addresses under ``/api/`` that no endpoint answers, sumai.web.errors.ApiErrorsMiddleware)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import is_valid_path, reverse
from django.utils.translation import gettext, ngettext
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from sumai.core.errors import Conflict, NotFound
from sumai.domain.errors import InputError


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class ErrorSerializer(serializers.Serializer[dict[str, object]]):
    """Every error body: ``detail`` always; ``field`` (a dotted path, ``$`` for the whole body) and
    ``errors`` (field → messages) for bad input; ``code`` for an unknown code (404)."""

    detail = serializers.CharField()
    field = serializers.CharField(required=False)
    code = serializers.CharField(required=False)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # "errors" is also the name of Serializer.errors: declared here, not as a class attribute
        fields = dict(super().get_fields())
        fields["errors"] = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()), required=False
        )
        return fields


def input_message(exc: InputError) -> str:
    """The message of ``exc`` in the active language. The domain writes its messages in English, as
    templates with named values (``"must be at least %(least)s"``, sumai.domain.errors.InputError); their
    translations are in the catalogue (sumai.api.rules_words lists them for makemessages). A message
    already translated where it was raised (outside the domain) is in no catalogue and stays as it is."""
    template = gettext(exc.template)
    if not exc.params:
        return template
    try:
        return template % exc.params
    except (KeyError, TypeError, ValueError):  # a translation whose placeholders do not fit: the English
        return exc.message


def _json_errors(context: dict[str, Any]) -> None:
    """Errors are JSON whatever the endpoint renders when it succeeds (the OpenAPI document's YAML, Swagger
    UI's page); the browsable API keeps its own page for a browser that asked for it."""
    request = context.get("request")
    renderer = getattr(request, "accepted_renderer", None)
    if request is not None and getattr(renderer, "format", None) not in ("json", "api"):
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Always JSON: 400 naming the field for bad input, 404 naming the unknown code, 409 for a conflict."""
    _json_errors(context)
    if isinstance(exc, InputError):
        message = input_message(exc)
        # "detail" names the field, as the search's query errors do ("vacant: …"): a walk read a bare
        # "is required"; "errors" keeps the message under its field
        detail = message if exc.field in ("", "$") else f"{exc.field}: {message}"
        return Response(
            {"detail": detail, "field": exc.field, "errors": {exc.field: [message]}},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, NotFound):
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, Conflict):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(
        exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed
    ):
        response.data = {"detail": str(exc.detail)}
    if response is not None and isinstance(exc, exceptions.Throttled):
        # in the request's language (DRF's own words are half English in Japanese), and shaped like the
        # 429 of the pages' rate limit (sumai.core.guards.too_many); DRF has set Retry-After
        wait = max(1, int(getattr(exc, "wait", None) or 60))
        response.data = {
            "detail": ngettext(
                "Too many requests from your connection. Try again in %(seconds)d second.",
                "Too many requests from your connection. Try again in %(seconds)d seconds.",
                wait,
            )
            % {"seconds": wait},
            "code": "throttled",
        }
    return response


def api_not_found(request: HttpRequest) -> JsonResponse:
    """The 404 of an address under ``/api/`` that no endpoint answers (``/api/v2/``, ``/api/v1/nope``, an id
    that is not a number): JSON in the request's language, pointing to the list of endpoints."""
    path = request.path_info
    if not path.endswith("/") and is_valid_path(path + "/", getattr(request, "urlconf", None)):
        # a POST to /api/v1/…/units: Django would redirect a GET to the address with the slash (a POST it
        # cannot: its body would be lost), so the client is told the address
        message = gettext("This API address ends with a slash: %(path)s") % {"path": request.path + "/"}
    else:
        message = gettext("No API endpoint has this address. The endpoints are listed at %(docs)s.") % {
            "docs": reverse("api:docs")
        }
    return JsonResponse({"detail": message}, status=404, json_dumps_params={"ensure_ascii": False})


def api_method_not_allowed(request: HttpRequest, allow: str = "") -> JsonResponse:
    """A 405 under ``/api/`` in DRF's words (``Method "PUT" not allowed.``), with the ``Allow`` header."""
    detail = exceptions.MethodNotAllowed(str(request.method)).detail
    response = JsonResponse({"detail": str(detail)}, status=405, json_dumps_params={"ensure_ascii": False})
    if allow:
        response["Allow"] = allow
    return response
