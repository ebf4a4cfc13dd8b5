from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sumai.places.selectors import UnknownCode, postal_lookup


def postal_fill(request: HttpRequest) -> HttpResponse:
    """Form helper: given ``postal_code``, render the address fields filled (htmx swaps them in)."""
    raw = request.GET.get("postal_code", "")
    context: dict[str, object] = {"postal_code": raw}
    status = 200
    try:
        context["address"] = postal_lookup(raw)
    except UnknownCode as exc:
        context["error"] = exc.message
        status = (
            200 if getattr(request, "htmx", False) else 400
        )  # htmx swaps only 2xx; the message is in the fragment
    return render(request, "places/_address_fields.html", context, status=status)
