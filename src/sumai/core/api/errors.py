"""API errors: always JSON, always saying what to fix (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext
from rest_framework import exceptions, serializers, status
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


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Always JSON: 400 naming the field for bad input, 404 naming the unknown code, 409 for a conflict."""
    if isinstance(exc, InputError):
        return Response(
            {"detail": exc.message, "field": exc.field, "errors": {exc.field: [exc.message]}},
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
