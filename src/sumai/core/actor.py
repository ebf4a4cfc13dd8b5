"""Who acts in a service call: a user (or ``None`` for the system) with the request's access."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sumai.core.access import ANONYMOUS, Access, access_for


@dataclass(frozen=True)
class Actor:
    """The acting user and their :class:`Access`. ``user`` is ``None`` for scheduled jobs (the system)."""

    user: Any
    access: Access

    @classmethod
    def system(cls) -> Actor:
        return cls(user=None, access=ANONYMOUS)

    @property
    def is_system(self) -> bool:
        return self.user is None


def actor_of(request: Any) -> Actor:
    """The :class:`Actor` of a request."""
    return Actor(user=request.user, access=access_for(request))
