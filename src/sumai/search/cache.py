"""A short-lived cache of public search results, keyed by the version of the part of the index they come from.

Public results change only when the index changes (a registration, a vacancy), and only where it changes: a
vacancy confirmed in Hokkaido cannot change a search in Tokyo. So the key carries the versions of the
*scopes* that hold every row the search can return (:mod:`sumai.search.scopes`): a municipality's (with its
wards), else a prefecture's, else the cells around a radius, else the whole index's. Every write of the index
gives a new version to ``all`` and to the scopes of each row it removes, changes or writes, in the same
transaction (:mod:`sumai.search.indexing`), so a change makes unreachable exactly the cached results that
could show it. The versions are read in one query by primary key on every lookup (no in-process memo: a
memo would serve a changed unit for its lifetime).

The version is read before the result is computed, and a version commits with its rows, so what is stored
under a version is at least as new as that version: a reader who sees the current version never gets an
older result. The time-dependent part of a search ("vacant now" = confirmed within the
validity period) is bounded by the timeout. What is cached holds no per-user data: the results fragment of
the page (never the page itself, which carries a CSRF token and the signed-in user's name) and the JSON body
of the public API.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.core.cache import cache
from django.utils import translation

from sumai.core.metrics import search_cache
from sumai.search.models import IndexVersion
from sumai.search.scopes import NATIONAL

T = TypeVar("T")
TIMEOUT_SECONDS = 60
EVERYTHING = (NATIONAL,)


@dataclass(frozen=True)
class Version:
    token: str  # the versions of the scopes, in their order ("-" for a scope before the index's first write)
    changed_at: datetime | None  # the latest change among them (the API's Last-Modified)


def version(scopes: Sequence[str] = EVERYTHING) -> Version:
    """The version of ``scopes`` together, in one query. A scope without a row of its own (no change has
    touched it since the last rebuild) has the version of ``all``, which every change renews."""
    scopes = scopes or EVERYTHING
    wanted = sorted({*scopes, NATIONAL})
    rows = {
        scope: (token, changed_at)
        for scope, token, changed_at in IndexVersion.objects.filter(scope__in=wanted).values_list(
            "scope", "token", "changed_at"
        )
    }
    everything = rows.get(NATIONAL)
    tokens: list[str] = []
    latest: datetime | None = None
    for scope in scopes:
        row = rows.get(scope, everything)
        if row is None:
            tokens.append("-")
            continue
        tokens.append(row[0])
        latest = row[1] if latest is None else max(latest, row[1])
    return Version(",".join(tokens), latest)


def cached(
    kind: str,
    request_key: str,
    compute: Callable[[], T],
    *,
    scopes: Sequence[str] = EVERYTHING,
    version_token: str | None = None,
) -> T:
    """``compute()``, or its value from the cache for the same kind, request, language and version of the
    ``scopes`` the request reads (``version_token`` when the caller has read it already)."""
    token = version_token if version_token is not None else version(scopes).token
    raw = f"{kind}|{translation.get_language()}|{token}|{request_key}"
    key = "search:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        search_cache.labels(kind, "miss").inc()
        value = compute()
        cache.set(key, value, TIMEOUT_SECONDS)
    else:
        search_cache.labels(kind, "hit").inc()
    return value  # type: ignore[no-any-return]
