"""Who is asking: a user with memberships, an organisation token, or nobody.

:class:`Access` is built once per request by the builder that ``sumai.accounts`` registers in its
``AppConfig.ready()`` (the kernel knows no models) and cached on the request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Grant:
    organisation_id: int
    kind: str
    role: str


@dataclass(frozen=True)
class Access:
    """The memberships that count for a request."""

    is_authenticated: bool
    is_superuser: bool = False
    grants: tuple[Grant, ...] = field(default_factory=tuple)
    via_token: bool = False

    def kinds(self) -> set[str]:
        return {g.kind for g in self.grants}

    def organisation_ids(
        self, *, kinds: tuple[str, ...] | None = None, roles: tuple[str, ...] | None = None
    ) -> list[int]:
        return [
            g.organisation_id
            for g in self.grants
            if (kinds is None or g.kind in kinds) and (roles is None or g.role in roles)
        ]

    def has(
        self,
        *,
        kinds: tuple[str, ...] | None = None,
        roles: tuple[str, ...] | None = None,
        organisation_id: int | None = None,
    ) -> bool:
        for g in self.grants:
            if kinds is not None and g.kind not in kinds:
                continue
            if roles is not None and g.role not in roles:
                continue
            if organisation_id is not None and g.organisation_id != organisation_id:
                continue
            return True
        return False


ANONYMOUS = Access(is_authenticated=False)

_builder: Callable[[Any], Access] | None = None


def set_access_builder(builder: Callable[[Any], Access]) -> None:
    """Called once by ``sumai.accounts`` in ``ready()``: how a request's :class:`Access` is built."""
    global _builder
    _builder = builder


def access_for(request: Any) -> Access:
    """The :class:`Access` of a Django or DRF request (cached on the request)."""
    cached = getattr(request, "_sumai_access", None)
    if isinstance(cached, Access):
        return cached
    if _builder is None:
        raise RuntimeError("no access builder registered (is sumai.accounts installed?)")
    access = _builder(request)
    request._sumai_access = access
    return access
