"""Request guards of the kernel (docs/security.md): a size cap before anything reads the body, a per-address
rate limit for public pages, an idle timeout for sessions, ``Cache-Control: no-store`` on pages of a logged-in
person, and one log line (no traceback) for a 403/404.

* :class:`RequestSizeLimitMiddleware`: a request whose ``Content-Length`` is above the cap is answered 413 at
  once (JSON under ``/api/``), before CSRF or a form parser reads (and spools) the body. Anonymous requests
  (no session, no ``Authorization``) have a small cap, ``SUMAI["ANON_MAX_REQUEST_BYTES"]``; everyone else the
  cap of the largest upload, ``SUMAI["MAX_REQUEST_BYTES"]``.
* :func:`allow` / :func:`rate_limited`: a fixed-window counter (:func:`release` gives a hit back) in the
  default cache per scope and client address (:func:`sumai.core.clientip.client_ip`); over the limit a
  friendly 429 page in the page's language.
* :class:`SessionGuardMiddleware`: a session idle for ``SUMAI["SESSION_IDLE_SECONDS"]`` is logged out (the
  last-seen time is a signed cookie bound to the session, renewed at most once a minute: a GET writes nothing
  to the database); responses to a logged-in person get ``no-store``.
* :class:`ClientErrorsOnOneLine`: a logging filter for ``django.request``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth import logout
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext

from sumai.core.api import is_api_path
from sumai.core.clientip import client_ip

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])
_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, "SUMAI", {}).get(name, default)


def _is_api(request: HttpRequest) -> bool:
    return is_api_path(request.path)


# ------------------------------------------------------------------------------------- request size
class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES and not request.META.get(
            "HTTP_AUTHORIZATION"
        )
        cap = int(_setting("ANON_MAX_REQUEST_BYTES" if anonymous else "MAX_REQUEST_BYTES", 0) or 0)
        if cap and length > cap:
            return too_large(request, cap)
        field = nul_field(request)
        if field is not None:
            return has_nul(request, field)
        return self.get_response(request)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def nul_field(request: HttpRequest) -> str | None:
    """The first query or form field whose name or value holds a NUL character (no person types one;
    PostgreSQL refuses it in text, so a search for it was a 500 there): its name, or None."""
    sources = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES:
        sources.append(request.POST)
    for data in sources:
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in str(v) for v in values):
                return key.replace("\x00", "")
    return None


def has_nul(request: HttpRequest, field: str) -> HttpResponse:
    message = gettext("%(field)s: this field holds a NUL character (0x00), which is not accepted.") % {
        "field": field or "?"
    }
    if _is_api(request):
        return JsonResponse({"detail": message, "field": field, "code": "nul_character"}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


def too_large(request: HttpRequest, cap: int) -> HttpResponse:
    message = gettext("The request is too large (at most %(size)s MB).") % {"size": f"{cap / 1_000_000:.1f}"}
    if _is_api(request):
        return JsonResponse({"detail": message, "code": "request_too_large"}, status=413)
    response = render(request, "413.html", {"message": message}, status=413)
    response["Connection"] = "close"
    return response


# ------------------------------------------------------------------------------------------ rate limits
def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """``"60/minute"`` → ``(60, 60)``; ``None``, ``""``, ``"off"`` or ``"0"`` → no limit."""
    if not rate or str(rate).strip().lower() in {"off", "0", "none"}:
        return None
    count, _, unit = str(rate).partition("/")
    return int(count), _UNITS[unit.strip().rstrip("s") or "minute"]


def allow(scope: str, ident: str, rate: str | None) -> bool:
    """Count one hit of ``ident`` in ``scope``; False when the rate is exceeded in the current window."""
    parsed = parse_rate(rate)
    if parsed is None:
        return True
    limit, window = parsed
    key = f"sumai:rl:{scope}:{ident}:{int(time.time()) // window}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return int(count) <= limit


def release(scope: str, ident: str, rate: str | None) -> None:
    """Give back one hit counted by :func:`allow` in the current window (the work it guarded did not happen:
    nothing was stored)."""
    parsed = parse_rate(rate)
    if parsed is None:
        return
    key = f"sumai:rl:{scope}:{ident}:{int(time.time()) // parsed[1]}"
    try:
        if int(cache.get(key) or 0) > 0:
            cache.decr(key)
    except ValueError:  # expired meanwhile
        pass


def seconds_to_next_window(rate: str | None) -> int:
    """Seconds until the window of ``rate`` ends and :func:`allow` counts from zero again (at least 1)."""
    parsed = parse_rate(rate)
    if parsed is None:
        return 1
    window = parsed[1]
    return max(1, window - int(time.time()) % window)


def too_many(request: HttpRequest, retry_after: int = 60, htmx_fragment: str | None = None) -> HttpResponse:
    """The 429 answer: JSON under ``/api/``; for an htmx request of a page that names ``htmx_fragment``, that
    fragment (the page swaps it into the part the request targets, so the message shows where the answer
    would have been); else the full 429 page."""
    message = gettext("Too many requests from your connection. Wait a minute and try again.")
    if _is_api(request):
        response: HttpResponse = JsonResponse({"detail": message, "code": "throttled"}, status=429)
    elif htmx_fragment and request.headers.get("HX-Request") == "true":
        response = render(request, htmx_fragment, {"message": message}, status=429)
        patch_cache_control(response, private=True, no_store=True)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    if htmx_fragment:  # the page and its fragment share the URL
        patch_vary_headers(response, ("HX-Request",))
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(scope: str, rate_setting: str, htmx_fragment: str | None = None) -> Callable[[_View], _View]:
    """A view decorator: at most ``SUMAI[rate_setting]`` requests per client address (429 page over it, or
    the template ``htmx_fragment`` for an htmx request: see :func:`too_many`)."""

    def decorate(view: _View) -> _View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            rate = _setting(rate_setting, None)
            if not allow(scope, client_ip(request), rate):
                parsed = parse_rate(rate)
                return too_many(request, parsed[1] if parsed else 60, htmx_fragment)
            return view(request, *args, **kwargs)

        return cast(_View, wrapped)

    return decorate


# ---------------------------------------------------------------------------------------------- sessions
SEEN_COOKIE = "sumai_seen"
"""When the browser last made a request in this session: a signed time bound to the session key, kept in a
cookie so that a GET writes nothing to the database (the session row is not saved on every request)."""


def _seen_signer(request: HttpRequest) -> signing.Signer:
    return signing.Signer(salt=f"sumai.seen:{request.session.session_key}")


class SessionGuardMiddleware:
    """After AuthenticationMiddleware: idle timeout and ``no-store`` for a logged-in person."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        refresh = False
        now = int(time.time())
        if authenticated:
            idle = int(_setting("SESSION_IDLE_SECONDS", 0) or 0)
            last = self._last_seen(request)
            if idle and last is not None and now - last > idle:
                logout(request)
                authenticated = False
            else:
                refresh = last is None or now - last >= 60
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if authenticated or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True)
            if refresh and request.session.session_key:
                response.set_cookie(
                    SEEN_COOKIE,
                    _seen_signer(request).sign(str(now)),
                    max_age=settings.SESSION_COOKIE_AGE,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        return response

    @staticmethod
    def _last_seen(request: HttpRequest) -> int | None:
        """The time of the last request in this session; ``None`` when not known (a session that has not made
        a request since log-in, or whose cookie was lost or tampered with: the clock starts now)."""
        value = request.COOKIES.get(SEEN_COOKIE)
        if not value or not request.session.session_key:
            return None
        try:
            return int(_seen_signer(request).unsign(value))
        except (signing.BadSignature, ValueError):
            return None


# ------------------------------------------------------------------------------------------------- logs
class ClientErrorsOnOneLine(logging.Filter):
    """``django.request`` logs a 403/404 with the exception's traceback; keep the one line (4xx only)."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
