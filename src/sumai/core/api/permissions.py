"""DRF side of the permissions table: the same table, the same deny-by-default."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from sumai.core.access import access_for
from sumai.core.permissions import rule_for


class PermissionTablePermission(BasePermission):
    """The permissions table for DRF views (``REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]``)."""

    message = "You may not use this endpoint."

    def has_permission(self, request: Request, view: Any) -> bool:
        match = request.resolver_match
        rule = rule_for(match.view_name if match else None)
        if rule is None:
            return False
        return rule.allows(access_for(request), match.kwargs if match else {})
