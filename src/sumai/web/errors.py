"""The product's own error pages where Django would answer its own: 404 in development, 405 on a GET, and
JSON for every address under ``/api/``.

The 404 page in development too.

With DEBUG on, Django answers an unknown address with its technical page, which lists every URL pattern. The
demo runs with DEBUG on and is what newcomers try, so they would meet that page instead of Sumai's. This
middleware swaps Django's technical 404 for ``404.html`` unless ``SUMAI["TECHNICAL_404"]`` is set (for a
developer who wants the list). With DEBUG off Django already uses ``404.html``; the middleware does nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from sumai.core.api import is_api_path
from sumai.core.api.errors import api_method_not_allowed, api_not_found

_TECHNICAL = b'<meta name="robots" content="NONE,NOARCHIVE">'


class ProductNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code == 404
            and settings.DEBUG
            and not settings.SUMAI.get("TECHNICAL_404", False)
            and not response.streaming
            and _TECHNICAL in getattr(response, "content", b"")
        ):
            return render(request, "404.html", status=404)
        return response


class FormOnlyAddressMiddleware:
    """A GET of an address that only takes a form's POST (a reload of the page a POST answered with errors,
    Enter in the address bar, a link copied from there) answers Django's bare 405 — an empty white page. For
    pages (not the API, not htmx), this middleware answers ``405.html`` instead: what happened in words and
    the way back to the page the person came from (the ``Referer`` when it is this site), status 405 and
    the ``Allow`` header kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.method in ("GET", "HEAD")
            and not is_api_path(request.path)
            and not request.headers.get("HX-Request")
            and not response.streaming
            and not getattr(response, "content", b"")
        ):
            back = request.headers.get("Referer", "")
            if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                back = ""
            page = render(request, "405.html", {"back": back}, status=405)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response


class ApiErrorsMiddleware:
    """Under ``/api/`` a 404 or 405 is JSON in the request's language, never a page: an address no endpoint
    answers (Django's technical 404 with DEBUG on, which ProductNotFoundMiddleware would make ``404.html``),
    or a method refused by a view that renders HTML on success (Swagger UI). With DEBUG off, handler404
    (sumai.web.views.error_404) already answers the same JSON; DRF's own 404s and 405s are JSON already.

    It sits after the locale middleware: the message is written in the language the request activated, and
    for やさしい日本語 its readings are dropped from the JSON like every other API answer's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code in (404, 405)
            and is_api_path(request.path)
            and not response.streaming
            and "json" not in response.get("Content-Type", "")
        ):
            if response.status_code == 404:
                return api_not_found(request)
            return api_method_not_allowed(request, response.get("Allow", ""))
        return response


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's, except that a POST (PUT, PATCH, DELETE) to an API address without its final slash is not
    redirected — Django cannot redirect a body and, with DEBUG on, raised a 500 for it — but answered
    ApiErrorsMiddleware's JSON 404 naming the address with the slash."""

    def should_redirect_with_slash(self, request: HttpRequest) -> bool:
        if is_api_path(request.path_info) and request.method not in ("GET", "HEAD"):
            return False
        return super().should_redirect_with_slash(request)
