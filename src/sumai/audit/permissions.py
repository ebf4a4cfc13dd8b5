"""The audit app's rows of the permissions table."""

from __future__ import annotations

from sumai.core.rules import Rule, any_org_staff

PERMISSIONS: dict[str, Rule] = {
    "audit:history": any_org_staff(),
}
