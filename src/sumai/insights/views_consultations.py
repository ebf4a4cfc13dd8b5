"""The public page of consultation and case work figures, and the same figures as CSV and JSON
(docs/cases-statistics.md). Suppressed cells read "fewer than 5" (``<5`` in the files) or "not shown"
(``x``) everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sumai.core import csvio
from sumai.core.readings import strip_readings
from sumai.insights import charts
from sumai.insights.consultations import Area, Cell, ConsultationStats, consultation_stats, resolve_area
from sumai.places.selectors import municipality_label, municipality_names, prefecture_choices

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
    # the choosers name places as the tables do (with their rōmaji outside Japanese), from memory
    prefectures = prefecture_choices()
    pref_code = area.prefecture_code
    municipalities = (
        [
            (code, municipality_label(code, info.full_name))
            for code, info in sorted(municipality_names().items())
            if info.prefecture_code == pref_code
        ]
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


@dataclass(frozen=True)
class Record:
    """A figure of the page: under its codes in the JSON (``table``, ``code``, ``label``, ``value``), in words
    in the CSV (the area it is of, what it counts, its category, ``value``)."""

    table: str
    code: str
    label: str
    value: int | float | str
    area_code: str
    area: str
    figure: str
    category: str

    def as_json(self) -> dict[str, Any]:
        return {"table": self.table, "code": self.code, "label": self.label, "value": self.value}


def _area_name(area: Area) -> str:
    return area.name or _("Japan")


def _records(stats: ConsultationStats) -> list[Record]:
    """Every figure of the page, one record each: the area's own, then the areas within it (prefectures or
    municipalities)."""
    limit = stats.limit
    area = stats.area
    own = ("" if area.kind == "nation" else area.code, _area_name(area))
    total = _("Total")
    out: list[Record] = []
    headline = [
        ("requests", _("Requests"), stats.requests),
        ("cases", _("Cases"), stats.cases),
        ("households", _("Households"), stats.households),
        ("referrals", _("Referrals"), stats.referrals),
    ]
    for key, words, cell in headline:
        out.append(Record("total", key, "", cell.export(limit), *own, words, total))
    acceptance = _("Share of referrals accepted (%)")
    for key, table in stats.tables.items():
        title = str(TITLES.get(key, key))
        out.append(Record(key, "", "", table.total.export(limit), *own, title, total))
        for r in table.rows:
            label = str(r.label)
            out.append(Record(key, r.code, label, r.cell.export(limit), *own, title, _label(r.code, label)))
            if r.rate is not None:
                rate = round(r.rate, 1)
                out.append(
                    Record("referral_acceptance_percent", r.code, label, rate, *own, acceptance, label)
                )
        for g in table.groups:
            words = str(GROUP_LABELS.get(g.code, g.label))
            out.append(Record(key, g.code, str(g.label), g.cell.export(limit), *own, title, words))
    if stats.acceptance_rate is not None:
        out.append(
            Record(
                "referral_acceptance_percent",
                "",
                "",
                round(stats.acceptance_rate, 1),
                *own,
                acceptance,
                total,
            )
        )
    measures = {
        "median": _("Working days to the first contact, median"),
        "p90": _("Working days to the first contact, 90 in 100 within"),
    }
    after = {"request": _("After a request for help"), "referral": _("After a referral")}
    for kind, duration in stats.first_contact.items():
        for measure, value in (("median", duration.median), ("p90", duration.p90)):
            out.append(
                Record(
                    f"first_contact_working_days_{measure}",
                    kind,
                    "",
                    value if duration.enough and value is not None else "x",
                    *own,
                    measures[measure],
                    after.get(kind, kind),
                )
            )
    per_area = [(key, words) for key, words, _cell in headline if key != "households"]
    for c in stats.children:
        for (key, words), cell in zip(per_area, (c.requests, c.cases, c.referrals), strict=True):
            out.append(
                Record(f"area_{key}", c.code, c.name, cell.export(limit), c.code, c.name, words, total)
            )
    return out


def consultations_csv(request: HttpRequest) -> HttpResponse:
    """The page's figures as CSV (UTF-8 with BOM, through ``core.csvio``; docs/cases-statistics.md): a header
    in the request's language and one row per figure in words — the area's code and name (a prefecture's or
    a municipality's with its rōmaji outside Japanese), what is counted, its category, the value (``<5``,
    ``x`` when hidden). A file holds no markup: the readings of the やさしい日本語 catalogue are dropped."""
    area = _area(request)
    stats = consultation_stats(area)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="consultations.csv"'
    response.write("\ufeff")
    writer = csvio.writer(response)
    header = [_("Area code"), _("Area"), _("Figure"), _("Category"), _("Value")]
    writer.writerow([strip_readings(h) for h in header])
    for r in _records(stats):
        writer.writerow(
            [
                r.area_code,
                strip_readings(r.area),
                strip_readings(r.figure),
                strip_readings(r.category),
                r.value,
            ]
        )
    return response


def consultations_json(request: HttpRequest) -> JsonResponse:
    area = _area(request)
    stats = consultation_stats(area)
    return JsonResponse(
        {
            "area_kind": area.kind,
            "area_code": area.code,
            "area": _area_name(area),
            "threshold": stats.limit,
            "counted_at": stats.as_of.isoformat() if stats.as_of else None,
            "suppressed": {f"<{stats.limit}": "fewer than the threshold", "x": "not shown (complementary)"},
            "figures": [r.as_json() for r in _records(stats)],
        },
        json_dumps_params={"ensure_ascii": False},
    )
