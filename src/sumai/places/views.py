from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sumai.places.selectors import (
    UnknownCode,
    municipality_names,
    postal_lookup,
    prefecture_choices,
    registrable_municipalities,
)


def postal_fill(request: HttpRequest) -> HttpResponse:
    """Form helper: given ``postal_code``, say which address it is and hand the form's script what to fill
    in (the prefecture, the municipality, the start of the address, the municipal office's position)."""
    raw = request.GET.get("postal_code", "")
    context: dict[str, object] = {"postal_code": raw}
    status = 200
    try:
        address = postal_lookup(raw)
    except UnknownCode as exc:
        context["error"] = exc.message
        status = (
            200 if getattr(request, "htmx", False) else 400
        )  # htmx swaps only 2xx; the message is in the fragment
    else:
        context["address"] = address
        context["municipality"] = municipality_names().get(address.municipality_code or "")
    return render(request, "places/_address_fields.html", context, status=status)


def municipality_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of a form's municipality list for a prefecture (htmx, when the prefecture changes);
    ``anywhere=1`` for a search, where choosing none means the whole prefecture."""
    prefecture = (request.GET.get("prefecture") or "")[:2]
    if prefecture not in dict(prefecture_choices()):
        prefecture = ""
    return render(
        request,
        "places/_municipality_options.html",
        {
            "municipalities": registrable_municipalities(prefecture) if prefecture else [],
            "anywhere": request.GET.get("anywhere")
            == "1",  # a search: the empty choice is the whole prefecture
        },
    )
