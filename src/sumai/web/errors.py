"""The product's own 404 page in development too.

With DEBUG on, Django answers an unknown address with its technical page, which lists every URL pattern. The
demo runs with DEBUG on and is what newcomers try, so they would meet that page instead of Sumai's. This
middleware swaps Django's technical 404 for ``404.html`` unless ``SUMAI["TECHNICAL_404"]`` is set (for a
developer who wants the list). With DEBUG off Django already uses ``404.html``; the middleware does nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

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
