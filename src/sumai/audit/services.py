"""Writing the audit trail. Services call these inside their own transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from sumai.audit.models import AccessLog, AuditEvent
from sumai.core.audit import action as audit_action
from sumai.core.requestctx import current_request_id


def object_type_of(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys as ids), for before/after."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def record_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    organisation: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event. ``actor`` is a user, a token principal or None (the system); ``action`` one
    that an app declared (``<app>/actions.py``), else ``ValueError``."""
    action = str(audit_action(action).value)
    user = (
        actor
        if getattr(actor, "pk", None) is not None and getattr(actor, "is_authenticated", False)
        else None
    )
    label = str(actor) if actor is not None else "system"
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label[:200],
        organisation=organisation,
        action=action,
        object_type=object_type or (object_type_of(obj) if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        object_label=str(obj)[:200] if obj is not None else "",
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        request_id=current_request_id(),
    )


def log_access(
    *,
    actor: Any,
    obj: models.Model,
    purpose: str,
    fields: list[str],
    organisation: Any = None,
) -> AccessLog:
    """Record that ``actor`` saw sensitive ``fields`` of ``obj`` for ``purpose``."""
    return AccessLog.objects.create(
        actor=actor if getattr(actor, "pk", None) is not None else None,
        organisation=organisation,
        object_type=object_type_of(obj),
        object_id=str(obj.pk),
        purpose=purpose,
        fields=list(fields),
        request_id=current_request_id(),
    )


def log_view(*, request: Any, purpose: str, view_name: str, arguments: dict[str, Any]) -> AccessLog:
    """One view of a sensitive page (``sumai.core.views.logs_access``): who, which page, which object."""
    user = getattr(request, "user", None)
    token = getattr(request, "auth", None)
    organisation_id = getattr(token, "organisation_id", None)
    object_id = ",".join(f"{k}={v}" for k, v in sorted(arguments.items())) or "-"
    return AccessLog.objects.create(
        actor=user if user is not None and getattr(user, "pk", None) is not None else None,
        organisation_id=organisation_id,
        object_type=view_name[:80],
        object_id=object_id[:64],
        purpose=purpose[:200],
        fields=[],
        request_id=current_request_id(),
    )


def log_views(*, request: Any, purpose: str, view_name: str, object_ids: list[str]) -> int:
    """One ``AccessLog`` row per object a list answer showed (the households and cases API): the same row
    :func:`log_view` writes for one object, for each of ``object_ids`` (``"pk=12"``), in one statement.
    Returns how many rows were written."""
    if not object_ids:
        return 0
    user = getattr(request, "user", None)
    token = getattr(request, "auth", None)
    actor = user if user is not None and getattr(user, "pk", None) is not None else None
    organisation_id = getattr(token, "organisation_id", None)
    request_id = current_request_id()
    rows = [
        AccessLog(
            actor=actor,
            organisation_id=organisation_id,
            object_type=view_name[:80],
            object_id=object_id[:64],
            purpose=purpose[:200],
            fields=[],
            request_id=request_id,
        )
        for object_id in object_ids
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)
