"""View helpers: fetch and authorise in one call, and the small things every app's views repeat.

A view never builds a queryset or checks access inline: it asks a selector for the object *as seen by the
asker* (``visible_to=Access``), and :func:`fetch` turns "not visible" into a 404 — the same answer as "does
not exist", so a page never tells an outsider that something exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from sumai.core import audit
from sumai.core.access import access_for

T = TypeVar("T")
V = TypeVar("V", bound=Callable[..., HttpResponseBase])

# The extra tag of a message shown in one part of the page (``message_at``) rather than at its top.
MESSAGE_AT = "at-"


def message_at(place: str) -> str:
    """``extra_tags`` for a message the page shows inside the element ``place`` (its id, the fragment the
    view redirects to): ``messages.success(request, text, extra_tags=message_at("vacancy"))``. On a phone
    the top of the page is out of sight when the browser lands on a section further down."""
    return f"{MESSAGE_AT}{place}"


# Every view decorated with :func:`logs_access`, by "module.function": the list the access-log test and
# docs/security.md are checked against.
SENSITIVE_VIEWS: dict[str, str] = {}


def logs_access(purpose: str) -> Callable[[V], V]:
    """The one place where a view of sensitive data is logged: each answer of the view that shows the data
    (a 2xx) writes one ``AccessLog`` row — who, when, which page and object (URL name and arguments), why
    (``purpose``), and the request id. Refused requests (403/404) show nothing and are not logged here."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                match = getattr(request, "resolver_match", None)
                audit.log_view(
                    request=request,
                    purpose=purpose,
                    view_name=match.view_name if match else f"{view.__module__}.{view.__name__}",
                    arguments=dict(match.kwargs) if match else {},
                )
            return response

        wrapper.access_purpose = purpose  # type: ignore[attr-defined]
        # a DRF function view is a class's as_view() (named "view"): its class carries the function's name
        name = getattr(getattr(view, "cls", None), "__name__", None) or view.__name__
        SENSITIVE_VIEWS[f"{view.__module__}.{name}"] = purpose
        return wrapper  # type: ignore[return-value]

    return decorate


def fetch(request: HttpRequest, selector: Callable[..., T | None], /, **lookup: Any) -> T:
    """``selector(visible_to=<the asker's access>, **lookup)``, or 404 when it finds nothing."""
    found = selector(visible_to=access_for(request), **lookup)
    if found is None:
        raise Http404
    return found


def require(found: T | None) -> T:
    """The object, or 404."""
    if found is None:
        raise Http404
    return found


def error_text(exc: ValidationError) -> str:
    """A service's ValidationError as one sentence for a message banner."""
    return " ".join(str(m) for m in exc.messages)


def needs_confirmation(
    request: HttpRequest, *, question: str, button: str, detail: str = "", cancel: str = ""
) -> HttpResponse | None:
    """Ask before a destructive action (delete, revoke, strike off). Call it in the POST view *after* the
    object was fetched and authorised: without ``confirmed=yes`` it answers a page that repeats the posted
    fields with the question and two choices (do it / go back); with it, None and the view goes on. Works
    without JavaScript; the cancel link goes back to ``cancel`` (else the page the form was on)."""
    if request.POST.get("confirmed") == "yes":
        return None
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", "confirmed")
        for value in request.POST.getlist(name)
    ]
    referer = request.META.get("HTTP_REFERER", "")
    if not cancel and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        cancel = referer
    return render(
        request,
        "web/confirm.html",
        {
            "question": question,
            "detail": detail,
            "button": button,
            "fields": fields,
            "action": request.get_full_path(),
            "cancel": cancel or "/",
        },
    )
