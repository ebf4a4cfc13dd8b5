"""The one workflow engine: a record moves along a state table of the domain by one call that checks the
actor may take the action, applies optimistic locking, writes the audit event and queues notifications.

Registration (registry), designation and annual filings (support) and activity grants (councils) use it,
and so will the workflows to come (cases, 居住サポート住宅, subsidies). The state table is the domain's: it
says which actor kinds may take which action from which state; the service decides which kind the actor is
(its permission check) and what else the step changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.core import audit
from sumai.core.actor import Actor
from sumai.core.errors import Conflict
from sumai.core.notifications import notify
from sumai.domain.statetable import TransitionError

M = TypeVar("M", bound=models.Model)


class Table(Protocol):
    """What the engine needs of a domain state table."""

    def transition(self, state: Any, action: Any, actor_kind: Any) -> StrEnum: ...


@dataclass(frozen=True)
class Notice:
    """A notification to queue with the step: a dashboard notice and e-mail to ``organisation``."""

    organisation: Any
    message: str
    link: str


@dataclass(frozen=True)
class Step:
    """What a step did: the record as it is now and the state it left."""

    obj: Any
    before: str
    after: str


def advance(
    obj: M,
    *,
    table: Table,
    action: StrEnum | str,
    actor: Actor,
    actor_kind: StrEnum | str,
    version: int,
    audit_action: str,
    organisation: Any,
    updates: Mapping[str, Any] | None = None,
    audit_fields: Iterable[str] = (),
    audit_extra: Mapping[str, Any] | None = None,
    notices: Iterable[Notice] = (),
    conflict_message: str | None = None,
) -> Step:
    """Move ``obj`` (a model with ``state``, ``version`` and ``updated_at`` fields, or without
    ``updated_at``) by ``action``.

    - :class:`~sumai.core.errors.Conflict` when another request changed the record since ``version`` was
      read, on SQLite and PostgreSQL alike (a row lock, then an update conditional on version and state);
    - ``ValidationError`` when the table has no such step from the current state, or not for
      ``actor_kind``;
    - else the record is updated (``updates`` too), one audit event is written (before/after state and
      version, the ``audit_fields`` of ``updates`` and ``audit_extra``) and ``notices`` are queued: they
      are sent after commit.
    """
    model = type(obj)
    conflict = conflict_message or _(
        "Someone else changed this record a moment ago. Reload the page to see it."
    )
    current = model._default_manager.select_for_update().get(pk=obj.pk)
    if current.version != version:  # type: ignore[attr-defined]
        raise Conflict(conflict)
    before = str(current.state)  # type: ignore[attr-defined]
    try:
        target = table.transition(before, action, actor_kind)
    except TransitionError as exc:
        raise ValidationError(str(exc)) from exc
    values: dict[str, Any] = {"state": target.value, "version": version + 1, **(updates or {})}
    if any(f.name == "updated_at" for f in model._meta.concrete_fields) and "updated_at" not in values:
        values["updated_at"] = timezone.now()
    changed = model._default_manager.filter(pk=current.pk, version=version, state=before).update(**values)
    if changed != 1:
        raise Conflict(conflict)
    current.refresh_from_db()
    fields = set(audit_fields)
    audit.record(
        actor=actor.user,
        action=audit_action,
        obj=current,
        organisation=organisation,
        before={"state": before, "version": version},
        after={
            "state": target.value,
            "version": version + 1,
            **(audit_extra or {}),
            **{k: v for k, v in (updates or {}).items() if k in fields},
        },
    )
    for notice in notices:
        notify(notice.organisation, notice.message, notice.link)
    return Step(current, before, target.value)
