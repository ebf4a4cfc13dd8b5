"""Open data of the public search: the /open-data/ page, the unit downloads (CSV, JSON; streamed) and the
daily snapshot of counts by municipality. No login; thin views over :mod:`sumai.search.opendata`.

The unit files carry a weak ETag and Last-Modified from ``IndexState.changed_at`` (the same file may differ
only in ``generated_at``), so a client that downloads daily gets 304 until the registry changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import condition, require_safe

from sumai.core.guards import rate_limited
from sumai.core.vacancy import valid_days
from sumai.search import opendata, selectors


def _changed_at(request: HttpRequest, *args: Any, **kwargs: Any) -> datetime | None:
    state = selectors.index_state()
    return state.changed_at if state else None


def _units_etag(kind: str) -> Callable[..., str | None]:
    def etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
        changed = _changed_at(request)
        if changed is None:
            return None
        key = f"{kind}|{opendata.SCHEMA_VERSION}|{changed.timestamp()}|{request.get_host()}"
        return 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'

    return etag


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _streaming(body: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse((piece.encode("utf-8") for piece in body), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _stamp() -> str:
    return timezone.localdate().isoformat()


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    state = selectors.index_state()
    dates = opendata.snapshot_dates()
    language = (getattr(request, "LANGUAGE_CODE", "ja") or "ja").split("-")[0]
    return render(
        request,
        "search/open_data.html",
        {
            "fields": opendata.UNIT_FIELDS,
            "snapshot_fields": opendata.SNAPSHOT_FIELDS,
            "japanese": language == "ja",
            "licence": opendata.LICENCE,
            "attribution": opendata.ATTRIBUTION,
            "state": state,
            "unit_count": selectors.registered_unit_count(),
            "recent": dates[:7],
            "snapshot_count": len(dates),
            "latest": dates[0] if dates else None,
            "valid_days": valid_days(),
        },
    )


@rate_limited("open_data", "OPEN_DATA_RATE")
@require_safe
@condition(etag_func=_units_etag("csv"), last_modified_func=_changed_at)
def units_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _streaming(
        opendata.units_csv(base_url=_base_url(request)),
        "text/csv; charset=utf-8",
        f"sumai-units-{_stamp()}.csv",
    )


@rate_limited("open_data", "OPEN_DATA_RATE")
@require_safe
@condition(etag_func=_units_etag("json"), last_modified_func=_changed_at)
def units_json(request: HttpRequest) -> StreamingHttpResponse:
    return _streaming(
        opendata.units_json(base_url=_base_url(request), changed_at=_changed_at(request)),
        "application/json; charset=utf-8",
        f"sumai-units-{_stamp()}.json",
    )


def _json(data: Any, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


@rate_limited("open_data", "OPEN_DATA_RATE")
@require_safe
def snapshot_list(request: HttpRequest) -> HttpResponse:
    """Every snapshot date with its totals and the address of its CSV (JSON)."""
    base = _base_url(request)
    return _json(
        {
            "licence": opendata.LICENCE,
            "attribution": opendata.ATTRIBUTION,
            "latest": base + reverse("search:open_data_snapshot_json"),
            "snapshots": [
                {
                    "date": row["date"].isoformat(),
                    "csv": base
                    + reverse("search:open_data_snapshot_csv", kwargs={"day": row["date"].isoformat()}),
                    "municipalities": row["municipalities"],
                    "registered_units": row["registered_units"],
                    "vacant_units": row["vacant_units"],
                    "taken_at": timezone.localtime(row["taken_at"]).isoformat(),
                }
                for row in opendata.snapshot_dates()
            ],
        }
    )


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise Http404 from exc


def _snapshot_modified(request: HttpRequest, day: str) -> datetime | None:
    try:
        on = date.fromisoformat(day)
    except ValueError:
        return None
    return opendata.snapshot_taken_at(on)


@rate_limited("open_data", "OPEN_DATA_RATE")
@require_safe
@condition(last_modified_func=_snapshot_modified)
def snapshot_csv(request: HttpRequest, day: str) -> HttpResponse:
    on = _day(day)
    rows = opendata.snapshot_rows(on)
    if not rows:
        raise Http404
    response = HttpResponse(
        "".join(opendata.snapshot_csv(rows)).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="sumai-municipalities-{on.isoformat()}.csv"'
    response["Cache-Control"] = "public, max-age=300"
    return response


@rate_limited("open_data", "OPEN_DATA_RATE")
@require_safe
def snapshot_json(request: HttpRequest) -> HttpResponse:
    """The latest snapshot as JSON."""
    on = opendata.latest_snapshot_date()
    if on is None:
        raise Http404
    rows = opendata.snapshot_rows(on)
    return _json(
        opendata.snapshot_document(on, rows, opendata.snapshot_taken_at(on)),
        f"sumai-municipalities-{on.isoformat()}.json",
    )
