"""Registry API for bulk operators (being built)."""

from __future__ import annotations

from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response


@api_view(["GET", "POST"])
def unit_list(request: Request) -> Response:
    return Response(status=501)


@api_view(["GET", "PATCH"])
def unit_detail(request: Request, pk: int) -> Response:
    return Response(status=501)


@api_view(["POST"])
def vacancy_push(request: Request) -> Response:
    return Response(status=501)
