"""The public page of consultation and case work figures, and the same figures as CSV and JSON
(docs/cases-statistics.md). Suppressed cells read "fewer than 5" (``<5`` in the files) or "not shown"
(``x``) everywhere."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sumai.core import csvio
from sumai.insights import charts
from sumai.insights.consultations import Area, Cell, ConsultationStats, consultation_stats, resolve_area
from sumai.places.models import Municipality, Prefecture

TITLES = {
    "route": gettext_lazy("Who received the requests"),
    "situation": gettext_lazy("What people said about their situation"),
    "month": gettext_lazy("Requests for help by month"),
    "status": gettext_lazy("Cases by status"),
    "outcome": gettext_lazy("How closed cases ended"),
    "circumstance": gettext_lazy("Circumstances of the households"),
    "referral_kind": gettext_lazy("Referrals by who referred"),
    "referral_accepted": gettext_lazy("Referrals accepted, by who referred"),
    "referral_declined": gettext_lazy("Referrals declined, by who referred"),
}
GROUP_LABELS = {
    "housed": pgettext_lazy("case outcome", "Housed (all the reasons above that count as housed)")
}
SECTIONS = ("route", "situation", "status", "outcome", "circumstance")


def _number(n: int) -> str:
    return number_format(n, force_grouping=True)


def shown(cell: Cell, limit: int) -> str:
    """A cell as a person reads it."""
    if cell.value is not None:
        return _number(cell.value)
    if cell.mark == "primary":
        return _("fewer than %(n)s") % {"n": limit}
    return _("not shown")


def _area(request: HttpRequest) -> Area:
    area = resolve_area(
        request.GET.get("prefecture", "").strip(), request.GET.get("municipality", "").strip()
    )
    if area is None:
        raise Http404
    return area


def _label(code: str, label: Any) -> str:
    if code and len(code) == 7 and code[4] == "-" and str(label) == code:  # a month, YYYY-MM
        from datetime import date

        return date_format(date(int(code[:4]), int(code[5:]), 1), "YEAR_MONTH_FORMAT")
    return str(label)


def consultations(request: HttpRequest) -> HttpResponse:
    area = _area(request)
    stats = consultation_stats(area)
    limit = stats.limit
    sections = []
    for key in SECTIONS:
        table = stats.tables.get(key)
        if table is None:
            continue
        rows = [(str(r.label), r, shown(r.cell, limit)) for r in table.rows]
        groups = [(str(GROUP_LABELS.get(g.code, g.label)), g, shown(g.cell, limit)) for g in table.groups]
        chart = charts.category_chart([(label, r.cell.value, text) for label, r, text in rows])
        sections.append(
            {
                "key": key,
                "title": TITLES[key],
                "total": shown(table.total, limit),
                "additive": table.additive,
                "rows": rows,
                "groups": groups,
                "chart": chart,
                "no_chart": charts.why_no_chart([r.cell.value for _label, r, _text in rows]),
                "any": table.total.value != 0,  # something counted (perhaps hidden)
            }
        )
    months = stats.tables.get("month")
    month_rows = (
        [(_label(r.code, r.label), shown(r.cell, limit)) for r in months.rows] if months is not None else []
    )
    month_chart = (
        charts.category_chart(
            [(_label(r.code, r.label), r.cell.value, shown(r.cell, limit)) for r in months.rows]
        )
        if months is not None
        else None
    )
    referral = stats.tables.get("referral_kind")
    accepted = stats.tables.get("referral_accepted")
    declined = stats.tables.get("referral_declined")
    referral_rows = []
    if referral is not None and accepted is not None and declined is not None:
        for r, a, d in zip(referral.rows, accepted.rows, declined.rows, strict=True):
            if r.cell.value == 0:
                continue  # kinds that never referred are left out of the table
            referral_rows.append(
                (
                    str(r.label),
                    shown(r.cell, limit),
                    shown(a.cell, limit),
                    shown(d.cell, limit),
                    number_format(r.rate, decimal_pos=1) + "%" if r.rate is not None else _("not shown"),
                )
            )
    prefectures = list(Prefecture.objects.order_by("code").values_list("code", "name"))
    pref_code = area.prefecture_code
    municipalities = (
        list(
            Municipality.objects.filter(prefecture_id=pref_code).order_by("code").values_list("code", "name")
        )
        if pref_code
        else []
    )
    return render(
        request,
        "insights/consultations.html",
        {
            "stats": stats,
            "area": area,
            "limit": limit,
            "headline": {
                "requests": shown(stats.requests, limit),
                "cases": shown(stats.cases, limit),
                "referrals": shown(stats.referrals, limit),
                "households": shown(stats.households, limit),
            },
            "sections": sections,
            "month_rows": month_rows,
            "month_chart": month_chart,
            "month_no_chart": charts.why_no_chart([r.cell.value for r in months.rows] if months else []),
            "referral_rows": referral_rows,
            "acceptance_rate": (
                number_format(stats.acceptance_rate, decimal_pos=1) + "%"
                if stats.acceptance_rate is not None
                else _("not shown")
            ),
            "children": [
                (c, shown(c.requests, limit), shown(c.cases, limit), shown(c.referrals, limit))
                for c in stats.children
            ],
            "prefectures": prefectures,
            "municipalities": municipalities,
            "query": request.GET.urlencode(),
        },
    )


# ------------------------------------------------------------------------------------------ CSV and JSON


def _records(stats: ConsultationStats) -> list[dict[str, Any]]:
    """Every figure of the page, one record each: table, code, label, value."""
    limit = stats.limit
    out: list[dict[str, Any]] = []
    for key, cell in (
        ("requests", stats.requests),
        ("cases", stats.cases),
        ("households", stats.households),
        ("referrals", stats.referrals),
    ):
        out.append({"table": "total", "code": key, "label": "", "value": cell.export(limit)})
    for key, table in stats.tables.items():
        out.append({"table": key, "code": "", "label": "", "value": table.total.export(limit)})
        for r in [*table.rows, *table.groups]:
            out.append({"table": key, "code": r.code, "label": str(r.label), "value": r.cell.export(limit)})
            if r.rate is not None:
                out.append(
                    {
                        "table": "referral_acceptance_percent",
                        "code": r.code,
                        "label": str(r.label),
                        "value": round(r.rate, 1),
                    }
                )
    if stats.acceptance_rate is not None:
        out.append(
            {
                "table": "referral_acceptance_percent",
                "code": "",
                "label": "",
                "value": round(stats.acceptance_rate, 1),
            }
        )
    for kind, duration in stats.first_contact.items():
        for measure, value in (("median", duration.median), ("p90", duration.p90)):
            out.append(
                {
                    "table": f"first_contact_working_days_{measure}",
                    "code": kind,
                    "label": "",
                    "value": value if duration.enough else "x",
                }
            )
    for c in stats.children:
        for key, cell in (("requests", c.requests), ("cases", c.cases), ("referrals", c.referrals)):
            out.append({"table": f"area_{key}", "code": c.code, "label": c.name, "value": cell.export(limit)})
    return out


def _area_fields(area: Area) -> dict[str, str]:
    return {"area_kind": area.kind, "area_code": area.code, "area": area.name or "全国"}


def consultations_csv(request: HttpRequest) -> HttpResponse:
    area = _area(request)
    stats = consultation_stats(area)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="consultations.csv"'
    response.write("\ufeff")
    writer = csvio.writer(response)
    head = _area_fields(area)
    writer.writerow([*head, "table", "code", "label", "value"])
    for record in _records(stats):
        writer.writerow([*head.values(), record["table"], record["code"], record["label"], record["value"]])
    return response


def consultations_json(request: HttpRequest) -> JsonResponse:
    area = _area(request)
    stats = consultation_stats(area)
    return JsonResponse(
        {
            **_area_fields(area),
            "threshold": stats.limit,
            "counted_at": stats.as_of.isoformat() if stats.as_of else None,
            "suppressed": {f"<{stats.limit}": "fewer than the threshold", "x": "not shown (complementary)"},
            "figures": _records(stats),
        },
        json_dumps_params={"ensure_ascii": False},
    )
