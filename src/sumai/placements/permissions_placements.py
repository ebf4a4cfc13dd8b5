"""Permissions rows of the placements part of the placements app (issue #17)."""

from __future__ import annotations

from sumai.core.rules import Rule

PERMISSIONS: dict[str, Rule] = {}
