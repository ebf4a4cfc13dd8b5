from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sumai.core.access import access_for


def site(request: HttpRequest) -> dict[str, Any]:
    access = access_for(request) if hasattr(request, "user") else None
    return {"sumai_access": access, "sumai_nav_kinds": sorted(access.kinds()) if access else []}
