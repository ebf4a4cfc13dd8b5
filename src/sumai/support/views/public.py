"""The public directory, a corporation's public page and the open data (CSV, JSON, HSDS)."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sumai.core.views import require
from sumai.support import exports, selectors
from sumai.support.forms import DirectoryForm


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    filters = form.filters()
    qs = selectors.directory(filters)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "support/directory.html",
        {
            "form": form,
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "capacity_days": selectors.capacity_days(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def corporation_page(request: HttpRequest, pk: int) -> HttpResponse:
    corporation = require(selectors.public_corporation(pk))
    areas = sorted(corporation.service_areas.all(), key=lambda a: a.municipality_id)
    return render(
        request,
        "support/corporation.html",
        {"c": corporation, "capacities": selectors.capacities(corporation), "areas": areas},
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def export_csv(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    qs = selectors.directory_export(form.filters())
    body = exports.to_csv(exports.rows(qs, base_url=_base_url(request)))
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="support-corporations.csv"'
    return response


def export_json(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    qs = selectors.directory_export(form.filters())
    payload = {
        "generated_at": timezone.now().isoformat(),
        "count": qs.count(),
        "corporations": exports.rows(qs, base_url=_base_url(request)),
    }
    return HttpResponse(
        json.dumps(payload, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )


def export_hsds(request: HttpRequest) -> HttpResponse:
    qs = selectors.open_data()
    data = exports.hsds(qs, base_url=_base_url(request))
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json; charset=utf-8")
