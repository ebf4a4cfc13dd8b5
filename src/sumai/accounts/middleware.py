"""Enforce the permissions table on every HTML view. The API enforces it in DRF's permission class."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from sumai.core.access import access_for
from sumai.core.permissions import rule_for


class PermissionTableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        match = request.resolver_match
        view_name = match.view_name if match else None
        if view_name and view_name.startswith("api:"):
            return None  # DRF: sumai.core.api.permissions.PermissionTablePermission
        rule = rule_for(view_name)
        if rule is None:
            raise PermissionDenied(f"URL name {view_name!r} is not in the permissions table")
        access = access_for(request)
        if rule.allows(access, view_kwargs):
            return None
        if not access.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
