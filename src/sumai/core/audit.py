"""Audit actions as enumerations: each app declares its actions with a label and registers them in
``AppConfig.ready()``; ``sumai.audit.services.record_event`` refuses an action nobody registered, and the
history page shows the label, never the code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

_ACTIONS: dict[str, models.TextChoices] = {}
_OWNER: dict[str, str] = {}


def register_actions(app: str, actions: type[models.TextChoices]) -> None:
    for member in actions:
        owner = _OWNER.get(member.value)
        if owner is not None and owner != app:
            raise RuntimeError(f"audit action {member.value!r} is declared by both {owner} and {app}")
        _ACTIONS[member.value] = member
        _OWNER[member.value] = app


def action(value: str) -> models.TextChoices:
    """The registered action ``value``; ``ValueError`` for one nobody declared."""
    try:
        return _ACTIONS[str(value)]
    except KeyError:
        raise ValueError(f"unknown audit action {value!r}; declare it in the app's actions.py") from None


def label(value: str) -> str:
    """The words for an action (its code only if nobody declares it any more — old events)."""
    member = _ACTIONS.get(value)
    return str(member.label) if member is not None else value


def registered() -> frozenset[str]:
    return frozenset(_ACTIONS)


_recorder: Callable[..., Any] | None = None


def set_recorder(recorder: Callable[..., Any]) -> None:
    """Called once by ``sumai.audit`` in ``ready()``: how an audit event is written."""
    global _recorder
    _recorder = recorder


def record(**event: Any) -> Any:
    """Write one audit event through the audit app (``sumai.audit.services.record_event``)."""
    if _recorder is None:
        raise RuntimeError("no audit recorder registered (is sumai.audit installed?)")
    return _recorder(**event)


_access_logger: Callable[..., Any] | None = None


def set_access_logger(logger: Callable[..., Any]) -> None:
    """Called once by ``sumai.audit`` in ``ready()``: how a view of sensitive data is written."""
    global _access_logger
    _access_logger = logger


def log_view(**view: Any) -> Any:
    """Write one AccessLog row through the audit app (``sumai.audit.services.log_view``)."""
    if _access_logger is None:
        raise RuntimeError("no access logger registered (is sumai.audit installed?)")
    return _access_logger(**view)
