"""View helpers: fetch and authorise in one call, and the small things every app's views repeat.

A view never builds a queryset or checks access inline: it asks a selector for the object *as seen by the
asker* (``visible_to=Access``), and :func:`fetch` turns "not visible" into a 404 — the same answer as "does
not exist", so a page never tells an outsider that something exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from sumai.core.access import access_for

T = TypeVar("T")


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
