"""Read replica routing (docs/replicas.md).

When ``DATABASE_REPLICA_URLS`` names one or more streaming replicas (aliases ``replica_1`` … ``replica_n``),
:class:`ReplicaRouter` sends the reads of *public read* views to a replica and everything else to the primary
(``default``):

* apps register the URL names of their public reads with :func:`register_public_reads` (in
  ``AppConfig.ready()``, like their permissions rows); only GET and HEAD requests to those names may read a
  replica, and only from the view on (the middleware's ``process_view``);
* models whose reads decide who may do what (accounts, tokens, sessions) are registered with
  :func:`register_primary_models` and are always read on the primary: a revoked token or a removed member
  must not work for the replication lag;
* a write in the request (``db_for_write`` was asked, or a writing statement ran on the primary) pins the
  rest of the request to the primary, and the response pins the client for ``DATABASE_REPLICA_PIN_SECONDS``:
  a browser by a short-lived cookie, an API client by its ``Authorization`` header in the cache — so a
  landlord who just changed a vacancy sees the change on the public page;
* a replica that does not answer (``connect_timeout``), is not a standby any more, or lags more than
  ``DATABASE_REPLICA_MAX_LAG`` seconds is skipped for ``DATABASE_REPLICA_RETRY_SECONDS`` with a warning,
  and the reads go to the primary; a public GET whose replica fails in the middle is run again on the
  primary, so the visitor never sees an error for it;
* requests outside the middleware (tasks, management commands, shells) always use the primary, and
  migrations only run on the primary.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.connection import ConnectionDoesNotExist

logger = logging.getLogger("sumai.db")

PIN_COOKIE = "sumai_primary"
SAFE_METHODS = frozenset({"GET", "HEAD"})
WRITE_WORDS = frozenset(
    {"INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "CREATE", "ALTER", "DROP", "COPY", "LOCK", "GRANT"}
)

_PUBLIC_READS: dict[str, str] = {}
_PRIMARY_MODELS: dict[str, str] = {}


def register_public_reads(app: str, names: Iterable[str]) -> None:
    """URL names whose GET/HEAD requests may read a replica (public pages that only read)."""
    for name in names:
        owner = _PUBLIC_READS.get(name)
        if owner is not None and owner != app:
            raise RuntimeError(f"URL name {name!r} is registered as a public read by both {owner} and {app}")
        _PUBLIC_READS[name] = app


def register_primary_models(app: str, labels: Iterable[str]) -> None:
    """Models (``app_label.Model``) that are always read on the primary."""
    for label in labels:
        _PRIMARY_MODELS[label.lower()] = app


def public_reads() -> frozenset[str]:
    return frozenset(_PUBLIC_READS)


def is_public_read(view_name: str | None) -> bool:
    return bool(view_name) and view_name in _PUBLIC_READS


def replica_aliases() -> list[str]:
    """The configured replica aliases, in order (empty when ``DATABASE_REPLICA_URLS`` is not set)."""
    return sorted((a for a in settings.DATABASES if a.startswith("replica_")), key=lambda a: (len(a), a))


# -- the request's routing state ---------------------------------------------------------------------------


@dataclass
class RoutingState:
    """What one request may do. ``replica_ok`` is set for public reads; ``wrote`` pins it to the primary."""

    pinned: bool = False
    replica_ok: bool = False
    wrote: bool = False
    replica: str | None = None  # the replica this request reads, once chosen
    used_replica: bool = False
    view: tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]] | None = field(default=None, repr=False)


_state: ContextVar[RoutingState | None] = ContextVar("sumai_db_routing", default=None)


def current_state() -> RoutingState | None:
    return _state.get()


def decide(*, public_read: bool, method: str, wrote: bool, pinned: bool, replica_healthy: bool) -> str:
    """The whole decision as a pure function: ``"replica"`` or ``"primary"`` (tested as a table)."""
    if not public_read or method not in SAFE_METHODS or wrote or pinned or not replica_healthy:
        return "primary"
    return "replica"


# -- replica health ----------------------------------------------------------------------------------------

_health_lock = threading.Lock()
_down_until: dict[str, float] = {}
_checked_at: dict[str, float] = {}
_round_robin = itertools.count()

_LAG_SQL = (
    "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() IS NULL "
    "OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def mark_down(alias: str, reason: str) -> None:
    retry = _setting("DATABASE_REPLICA_RETRY_SECONDS", 10)
    with _health_lock:
        _down_until[alias] = time.monotonic() + retry
        _checked_at.pop(alias, None)
    logger.warning("read replica %s is not used for %ss: %s; reading from the primary", alias, retry, reason)
    with contextlib.suppress(DatabaseError, ConnectionDoesNotExist):
        connections[alias].close()


def reset_health() -> None:
    """Forget what is known about the replicas (tests)."""
    with _health_lock:
        _down_until.clear()
        _checked_at.clear()


def probe(alias: str) -> str | None:
    """Check a replica now: None when it may be read, else the reason not to."""
    conn = connections[alias]
    try:
        conn.ensure_connection()
        if conn.vendor != "postgresql":
            return None
        with conn.cursor() as cursor:
            cursor.execute(_LAG_SQL)
            row = cursor.fetchone()
    except (OperationalError, InterfaceError) as exc:
        text = str(exc).strip()
        return f"it does not answer ({text.splitlines()[0] if text else type(exc).__name__})"
    if row is None:
        return "it did not report its state"
    lag = float(row[1] or 0)
    max_lag = _setting("DATABASE_REPLICA_MAX_LAG", 30)
    if lag > max_lag:
        return f"it lags {lag:.0f}s behind the primary (more than {max_lag:.0f}s)"
    return None


def is_healthy(alias: str) -> bool:
    """Whether ``alias`` may be read: a failed probe is remembered for ``DATABASE_REPLICA_RETRY_SECONDS``,
    a good one for ``DATABASE_REPLICA_HEALTH_SECONDS``."""
    now = time.monotonic()
    with _health_lock:
        if _down_until.get(alias, 0.0) > now:
            return False
        checked = _checked_at.get(alias)
    if checked is not None and now - checked < _setting("DATABASE_REPLICA_HEALTH_SECONDS", 5):
        return True
    reason = probe(alias)
    if reason is not None:
        mark_down(alias, reason)
        return False
    with _health_lock:
        _checked_at[alias] = time.monotonic()
        _down_until.pop(alias, None)
    return True


def choose_replica() -> str | None:
    """A healthy replica (round robin over the configured ones), or None."""
    aliases = replica_aliases()
    if not aliases:
        return None
    start = next(_round_robin)
    for i in range(len(aliases)):
        alias = aliases[(start + i) % len(aliases)]
        if is_healthy(alias):
            return alias
    return None


# -- the router --------------------------------------------------------------------------------------------


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry, configured only when replicas are (see settings)."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        state = _state.get()
        if state is None or not state.replica_ok or state.wrote or state.pinned:
            return DEFAULT_DB_ALIAS
        if model._meta.label_lower in _PRIMARY_MODELS:
            return DEFAULT_DB_ALIAS
        if state.replica is None:
            state.replica = choose_replica()
            if state.replica is None:
                state.replica_ok = False
                return DEFAULT_DB_ALIAS
        state.used_replica = True
        return state.replica

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        state = _state.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        ours = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in ours and obj2._state.db in ours:
            return True
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        if db != DEFAULT_DB_ALIAS and db.startswith("replica_"):
            return False
        return None


# -- the middleware ----------------------------------------------------------------------------------------


def _token_key(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    return "sumai:replica-pin:" + hashlib.sha256(header.encode("latin-1", "replace")).hexdigest()[:40]


def _write_spotter(state: RoutingState) -> Callable[..., Any]:
    def spot(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Mapping[str, Any]
    ) -> Any:
        head = sql.lstrip()[:10].split(None, 1)
        if head and head[0].upper() in WRITE_WORDS:
            state.wrote = True
        return execute(sql, params, many, context)

    return spot


def _keep_state(state: RoutingState, content: Iterable[Any]) -> Iterator[Any]:
    """Streamed bodies (open data files) are read after the middleware returned: keep the request's state."""
    iterator = iter(content)
    while True:
        token = _state.set(state)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _state.reset(token)
        yield chunk


class ReplicaRoutingMiddleware:
    """Sets the request's routing state, marks public reads, pins writers to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases():
            return self.get_response(request)
        key = _token_key(request)
        pinned = request.COOKIES.get(PIN_COOKIE) == "1" or (key is not None and bool(cache.get(key)))
        state = RoutingState(pinned=pinned)
        token = _state.set(state)
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_write_spotter(state)):
                response = self.get_response(request)
        finally:
            _state.reset(token)
        if state.wrote:
            seconds = int(_setting("DATABASE_REPLICA_PIN_SECONDS", 20))
            if key is not None:
                cache.set(key, 1, seconds)
            else:
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=seconds,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        elif state.replica_ok and isinstance(response, StreamingHttpResponse):
            response.streaming_content = _keep_state(state, response.streaming_content)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        state = _state.get()
        if state is None:
            return
        match = request.resolver_match
        public = is_public_read(match.view_name if match else None)
        if (
            decide(
                public_read=public,
                method=request.method or "",
                wrote=state.wrote,
                pinned=state.pinned,
                replica_healthy=True,
            )
            == "replica"
        ):
            state.replica_ok = True
            state.view = (view_func, args, kwargs)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A replica that fails in the middle of a public read: forget it for a while and read the primary."""
        state = _state.get()
        if (
            state is None
            or not state.used_replica
            or state.wrote
            or state.view is None
            or not isinstance(exception, (OperationalError, InterfaceError))
        ):
            return None
        if state.replica is not None:
            mark_down(state.replica, f"a read failed ({type(exception).__name__})")
        state.replica_ok = False
        state.replica = None
        view_func, args, kwargs = state.view
        state.view = None
        response: HttpResponse = view_func(request, *args, **kwargs)
        render = getattr(response, "render", None)
        if callable(render):
            response = render()
        return response
