"""This app's rows of the permissions table (merged into sumai.accounts.permissions.PERMISSIONS)."""

from __future__ import annotations

from sumai.accounts.rules import Rule

PERMISSIONS: dict[str, Rule] = {}
