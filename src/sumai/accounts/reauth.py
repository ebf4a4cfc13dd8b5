"""Asking for the password again before a sensitive action (issue 16 item 8: "exports ask for the password
again").

Decorate a view with :func:`recent_password_required`::

    from sumai.accounts.reauth import recent_password_required

    @recent_password_required()            # SUMAI["REAUTH_MINUTES"] (10 by default)
    def household_export(request, org_id): ...

    @recent_password_required(minutes=5)   # a stricter window for this view
    def another_export(request): ...

When the person typed their password (at log-in, on the prompt, or to change their second factor) within the
window, the view runs. Otherwise they are sent to the prompt ``accounts:reauth`` with ``next`` set to the page
they asked for (a GET; after a POST, the page the form was on when it is on this site) and come back to it
once the password is right. Password attempts on the prompt are limited per account
(``SUMAI["REAUTH_RATE"]``). The time is kept in the session, so it ends with the session (log-out, the idle
timeout). Decorate GET views (exports are downloads); the decorator does not replay a POST.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

REAUTH_SESSION_KEY = "sumai_reauth_at"
"""When the password was last typed in this session (Unix time)."""

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


def window_minutes(minutes: int | None = None) -> int:
    """``minutes``, else ``SUMAI["REAUTH_MINUTES"]``."""
    if minutes is not None:
        return int(minutes)
    return int(getattr(settings, "SUMAI", {}).get("REAUTH_MINUTES", 10))


def password_entered(request: HttpRequest) -> None:
    """Note that the person has just typed their password."""
    request.session[REAUTH_SESSION_KEY] = int(time.time())


def password_entered_within(request: HttpRequest, minutes: int | None = None) -> bool:
    """Did the person type their password within the last ``minutes``?"""
    value = request.session.get(REAUTH_SESSION_KEY)
    if not isinstance(value, int):
        return False
    return 0 <= time.time() - value <= window_minutes(minutes) * 60


def safe_next(request: HttpRequest, value: str | None) -> str:
    """``value`` when it is a path or address of this site, else ""."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def prompt_url(request: HttpRequest) -> str:
    """The password prompt, coming back to this request's page."""
    if request.method == "GET":
        back = request.get_full_path()
    else:
        back = safe_next(request, request.META.get("HTTP_REFERER"))
    url = reverse("accounts:reauth")
    return f"{url}?{urlencode({'next': back})}" if back else url


def recent_password_required(minutes: int | None = None) -> Callable[[_View], _View]:
    """A view decorator: the view runs only when the password was typed within ``minutes`` (default
    ``SUMAI["REAUTH_MINUTES"]``); otherwise a redirect to the password prompt and back."""

    def decorate(view: _View) -> _View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if password_entered_within(request, minutes):
                return view(request, *args, **kwargs)
            return HttpResponseRedirect(prompt_url(request))

        wrapped.reauth_minutes = minutes  # type: ignore[attr-defined]
        return cast(_View, wrapped)

    return decorate
