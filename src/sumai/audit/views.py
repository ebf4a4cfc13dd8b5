from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sumai.audit.selectors import history_for
from sumai.core.access import access_for


def history(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    events = history_for(object_type=object_type, object_id=object_id, visible_to=access_for(request))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/history.html",
        {
            "page": page,
            "object_type": object_type,
            "object_id": object_id,
        },
    )
