"""The permissions table: every URL name → who may use it. Anything not in the table is denied.

Each app keeps its rows next to its code (``sumai.<app>.permissions.PERMISSIONS``) and registers them in its
``AppConfig.ready()`` with :func:`register`; a name may be registered once. The middleware
(``sumai.accounts.middleware``) and the API kit (:mod:`sumai.core.api`) read :func:`rule_for`; tests walk
every URL pattern and fail for any name missing here, and the generated matrix (``tests/matrix``) probes
every row as every role.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sumai.core.rules import Rule

_TABLE: dict[str, Rule] = {}
_OWNER: dict[str, str] = {}

PERMISSIONS: Mapping[str, Rule] = MappingProxyType(_TABLE)
"""The merged table (read-only view)."""


def register(app: str, rows: Mapping[str, Rule]) -> None:
    """Add ``app``'s rows; a URL name registered by two apps is an error at start-up."""
    for name, rule in rows.items():
        owner = _OWNER.get(name)
        if owner is not None and owner != app:
            raise RuntimeError(f"URL name {name!r} is in the permissions rows of both {owner} and {app}")
        _TABLE[name] = rule
        _OWNER[name] = app


def owner_of(name: str) -> str | None:
    """The app whose rows hold ``name``."""
    return _OWNER.get(name)


def rule_for(view_name: str | None) -> Rule | None:
    """The rule of a URL name, or None when the table does not name it (deny)."""
    if not view_name:
        return None
    rule = _TABLE.get(view_name)
    if rule is None and ":" in view_name:
        rule = _TABLE.get(view_name.split(":", 1)[0] + ":*")
    return rule
