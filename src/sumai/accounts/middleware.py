"""Enforce the permissions table on every HTML view (the API enforces it in DRF's permission class), and the
second factor of those who must use one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from sumai.core.access import access_for
from sumai.core.permissions import rule_for

SECOND_FACTOR_EXEMPT = frozenset({"accounts:logout", "accounts:otp_verify", "accounts:otp_enrol"})
"""Pages a person who must still verify a second factor may open (besides public pages)."""


class SecondFactorMiddleware:
    """After the session's user and django-otp's ``OTPMiddleware``, before the permissions table: a signed-in
    person who must use a second factor (``sumai.accounts.mfa.required_for_request``) and has not verified it
    in this session is sent to the verify page (which sends on to enrolment without a device), keeping the
    page asked for as ``next``; under ``/api/`` a session without a token gets a JSON 403. Public pages,
    log-out and the verify and enrolment pages stay open; requests with an API token are not concerned
    (their ``Authorization`` is checked by DRF)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        from sumai.accounts import mfa

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        view_name = match.view_name if match else None
        if view_name in SECOND_FACTOR_EXEMPT:
            return None
        api = bool(view_name and view_name.startswith("api:"))
        if api and request.META.get("HTTP_AUTHORIZATION"):
            return None
        rule = rule_for(view_name)
        if rule is not None and rule.public:
            return None
        if mfa.is_verified(request) or not mfa.required_for_request(request):
            return None
        if api:
            return JsonResponse(
                {
                    "detail": _(
                        "Two-factor authentication is required: log in on the web page with your code."
                    ),
                    "code": "second_factor_required",
                },
                status=403,
            )
        url = reverse("accounts:otp_verify")
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(url)


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
