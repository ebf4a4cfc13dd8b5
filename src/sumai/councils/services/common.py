"""What the councils app's services share."""

from __future__ import annotations

from sumai.accounts.models import User
from sumai.core.actor import Actor


def user_of(actor: Actor) -> User | None:
    """The acting user as stored on a record (None for the system or a token)."""
    return actor.user if isinstance(actor.user, User) and actor.user.pk else None
