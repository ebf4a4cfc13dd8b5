"""Public statistics pages: a choropleth of the 47 prefectures with the same figures in a table beside it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sumai.core import csvio
from sumai.core.readings import strip_readings
from sumai.insights import charts, maps, selectors, views_consultations


def _on(request: HttpRequest) -> date:
    raw = request.GET.get("on", "")
    try:
        return min(date.fromisoformat(raw), timezone.localdate()) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _number(n: int) -> str:
    return number_format(n, force_grouping=True)


def _class_label(lo: float | int, hi: float | int) -> str:
    if int(hi) > int(lo) + 1:
        return _("%(low)s to %(high)s") % {"low": _number(int(lo) + 1), "high": _number(int(hi))}
    return _number(int(hi))


def _count_map(values: dict[str, int]) -> maps.Choropleth:
    return maps.choropleth(
        values,
        maps.quantile_breaks(list(values.values())),
        describe=lambda v: (
            ngettext("%(n)s corporation", "%(n)s corporations", int(v or 0)) % {"n": _number(int(v or 0))}
        ),
        class_label=_class_label,
        zero_label=_("none"),
        no_data_label=_("no data"),
        link=lambda code: reverse("support:directory") + f"?prefecture={code}",
        names=dict(selectors.prefectures()),
    )


def _units_map(values: dict[str, int]) -> maps.Choropleth:
    return maps.choropleth(
        values,
        maps.quantile_breaks(list(values.values())),
        describe=lambda v: ngettext("%(n)s unit", "%(n)s units", int(v or 0)) % {"n": _number(int(v or 0))},
        class_label=_class_label,
        zero_label=_("none"),
        no_data_label=_("no data"),
        link=lambda code: reverse("search:search") + f"?prefecture={code}",
        names=dict(selectors.prefectures()),
    )


def _percent(value: float) -> str:
    return number_format(value, decimal_pos=1) + "%"


def _coverage_map(values: dict[str, float | int | None]) -> maps.Choropleth:
    return maps.choropleth(
        values,
        [0, 25, 50, 75, 100],
        describe=lambda v: _("no municipal council") if not v else _percent(float(v)),
        class_label=lambda lo, hi: _("over %(low)s%% up to %(high)s%%") % {"low": int(lo), "high": int(hi)},
        zero_label=_("0% (no municipal council)"),
        no_data_label=_("no data"),
        names=dict(selectors.prefectures()),
    )


def index(request: HttpRequest) -> HttpResponse:
    on = _on(request)
    corporations = selectors.corporation_stats()
    councils = selectors.council_stats(on=on)
    return render(
        request,
        "insights/index.html",
        {"corporations": corporations, "councils": councils, "housing": selectors.housing_stats(), "on": on},
    )


def housing(request: HttpRequest) -> HttpResponse:
    stats = selectors.housing_stats()
    chart = charts.trend_chart(
        stats.trend,
        describe=lambda b: (
            _("%(month)s: %(total)s registered units (%(new)s registered that month)")
            % {
                "month": date_format(b.month, "YEAR_MONTH_FORMAT"),
                "total": _number(b.total),
                "new": _number(b.registered),
            }
        ),
        number=_number,
    )
    return render(
        request,
        "insights/housing.html",
        {
            "stats": stats,
            "map": _units_map({r.code: r.registered for r in stats.rows}) if stats.available else None,
            "chart": chart,
        },
    )


def corporations(request: HttpRequest) -> HttpResponse:
    stats = selectors.corporation_stats()
    values = {row.code: row.total for row in stats.prefectures}
    return render(
        request,
        "insights/corporations.html",
        {"stats": stats, "map": _count_map(values) if stats.available else None},
    )


def councils(request: HttpRequest) -> HttpResponse:
    on = _on(request)
    stats = selectors.council_stats(on=on)
    values: dict[str, float | int | None] = {r.code: r.percent for r in stats.rows}
    return render(
        request,
        "insights/councils.html",
        {"stats": stats, "map": _coverage_map(values), "on": on},
    )


def _housing_csv(writer: Any) -> None:
    """The table by prefecture (docs/councils.md), in words as the outcome CSV: the header in the request's
    language (without the readings of the やさしい日本語 catalogue, which only HTML shows), each prefecture's
    code beside its name (with its rōmaji outside Japanese), then the figures; the last row is Japan's."""
    stats = selectors.housing_stats()
    header = [
        _("Prefecture code"),
        _("Prefecture"),
        _("Registered units"),
        _("Dedicated units"),
        _("Vacant now"),
        _("Buildings"),
    ]
    writer.writerow([strip_readings(h) for h in header])
    for h in stats.rows:
        writer.writerow([h.code, h.name, h.registered, h.dedicated, h.vacant, h.buildings])
    writer.writerow(
        ["", strip_readings(_("Japan")), stats.registered, stats.dedicated, stats.vacant, stats.buildings]
    )


def _housing_trend_csv(writer: Any) -> None:
    """The monthly trend: the month (YYYY-MM), the units registered in it, the registered units at its end."""
    header = [_("Month"), _("Registered in the month"), _("Registered units at the month's end")]
    writer.writerow([strip_readings(h) for h in header])
    for bar in selectors.housing_stats().trend:
        writer.writerow([bar.month.strftime("%Y-%m"), bar.registered, bar.total])


def _corporations_csv(writer: Any) -> None:
    """Designated corporations by prefecture (docs/councils.md), in words as the housing CSV: the header in
    the request's language, each prefecture's code beside its name, the total, then one column per legal
    form (named in words, largest first); the last row is Japan's."""
    stats = selectors.corporation_stats()
    forms = [f for f, *_rest in stats.forms]
    header = [_("Prefecture code"), _("Prefecture"), _("Designated corporations")]
    header += [label for _f, label, *_rest in stats.forms]
    writer.writerow([strip_readings(h) for h in header])
    for row in stats.prefectures:
        writer.writerow([row.code, row.name, row.total, *(row.by_form.get(f, 0) for f in forms)])
    writer.writerow(
        ["", strip_readings(_("Japan")), stats.total, *(n for _f, _label, n, _pct in stats.forms)]
    )


def _councils_csv(writer: Any, on: date) -> None:
    """Councils and population coverage by prefecture on a date (docs/councils.md), in words as the housing
    CSV; the last row is Japan's."""
    stats = selectors.council_stats(on=on)
    header = [
        _("Prefecture code"),
        _("Prefecture"),
        _("Prefectural council"),
        _("Municipal councils"),
        _("Population"),
        _("Population covered"),
        _("Coverage (%)"),
        _("As of"),
    ]
    writer.writerow([strip_readings(h) for h in header])
    for r in stats.rows:
        writer.writerow(
            [r.code, r.name, r.prefectural, r.municipal, r.population, r.covered, f"{r.percent:.2f}", on]
        )
    n = stats.national
    japan = strip_readings(_("Japan"))
    writer.writerow(
        ["", japan, stats.prefectural, stats.municipal, n.population, n.covered, f"{n.percent:.2f}", on]
    )


def data_csv(request: HttpRequest, name: str) -> HttpResponse:
    """The tables of the statistics pages as CSV (UTF-8 with BOM, so that Excel opens it in Japanese)."""
    if name == "consultations":
        return views_consultations.consultations_csv(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")
    writer = csvio.writer(response)
    if name == "housing":
        _housing_csv(writer)
    elif name == "housing-trend":
        _housing_trend_csv(writer)
    elif name == "corporations":
        _corporations_csv(writer)
    elif name == "councils":
        _councils_csv(writer, _on(request))
    else:
        raise Http404
    return response
