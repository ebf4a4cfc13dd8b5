"""A short-lived cache of public search results, keyed by the index's version.

Public results change only when the index changes (a registration, a vacancy), so the key carries
``IndexState.changed_at``: any change to the registry makes every cached result unreachable at once. The
time-dependent part of a search ("vacant now" = confirmed within the validity period) is bounded by the
timeout. What is cached holds no per-user data: the results fragment of the page (never the page itself, which
carries a CSRF token and the signed-in user's name) and the JSON body of the public API.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils import translation

from sumai.search.selectors import index_state

T = TypeVar("T")
TIMEOUT_SECONDS = 60


def index_version() -> str:
    state = index_state()
    return state.changed_at.isoformat() if state else "empty"


def cached(kind: str, request_key: str, compute: Callable[[], T], *, version: str | None = None) -> T:
    """``compute()``, or its value from the cache for the same kind, request, language and index version."""
    raw = f"{kind}|{translation.get_language()}|{version or index_version()}|{request_key}"
    key = "search:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value  # type: ignore[no-any-return]
