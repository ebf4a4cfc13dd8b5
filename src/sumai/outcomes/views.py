"""The public pages of outcomes (docs/outcomes.md): the nation by prefecture, a prefecture by municipality, a
municipality, and the nation by support corporation; each with its CSV and JSON. A suppressed figure reads
"fewer than 5" or "not shown" on the page and ``<5`` or ``x`` in the files, never 0."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sumai.accounts.models import Organisation
from sumai.core import csvio
from sumai.core.readings import strip_readings
from sumai.domain import disclosure
from sumai.domain.outcomes import HELD_MONTHS, Cell, GroupOutcome
from sumai.domain.placement import DeclineReason
from sumai.domain.priority_groups import GROUP_CODES
from sumai.insights import charts
from sumai.outcomes import figures
from sumai.outcomes.labels import FIGURE_LABELS, INQUIRY_LABELS, figure_label
from sumai.places.models import Municipality, Prefecture
from sumai.support import selectors as support_selectors


@dataclass(frozen=True)
class Area:
    kind: str  # "nation", "prefecture", "municipality", "corporations"
    code: str
    name: str
    prefecture_code: str = ""
    prefecture_name: str = ""

    @property
    def node(self) -> str:
        return {
            "nation": figures.NATION,
            "corporations": "corporations",
            "prefecture": figures.prefecture_node(self.code),
            "municipality": figures.municipality_node(self.code),
        }[self.kind]


# ------------------------------------------------------------------------------------------ words
def number(n: int) -> str:
    return number_format(n, force_grouping=True)


def shown(cell: Cell, limit: int) -> str:
    """A count as a person reads it: the number, "fewer than 5" or "not shown"."""
    if cell.mark is None:
        return number(cell.value or 0)
    if cell.mark == disclosure.Mark.PRIMARY:
        return _("fewer than %(n)s") % {"n": limit}
    return _("not shown")


def days(n: int | None) -> str:
    if n is None:
        return _("not shown")
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": number(n)}


def ratio(value: Decimal | None) -> str:
    return _("not shown") if value is None else number_format(value, decimal_pos=2)


def share(value: Decimal | None) -> str:
    return _("not shown") if value is None else number_format(value * 100, decimal_pos=0) + "%"


def month_label(month: str) -> str:
    return date_format(date(int(month[:4]), int(month[5:7]), 1), "YEAR_MONTH_FORMAT")


def file_value(cell: Cell, limit: int) -> str:
    return cell.display(limit)


# ------------------------------------------------------------------------------------------ areas
def _nation() -> Area:
    return Area("nation", "", _("Japan"))


def _prefecture(code: str) -> Area:
    name = Prefecture.objects.filter(code=code).values_list("name", flat=True).first()
    if name is None:
        raise Http404
    return Area("prefecture", code, name, code, name)


def _municipality(prefecture: str, code: str) -> Area:
    row = (
        Municipality.objects.filter(code=code, prefecture_id=prefecture)
        .values_list("name", "prefecture__name")
        .first()
    )
    if row is None:
        raise Http404
    return Area("municipality", code, row[0], prefecture, row[1])


def _corporations() -> Area:
    return Area("corporations", "", _("Japan"))


def part_names(area: Area, codes: list[str]) -> dict[str, str]:
    """The names of a page's parts (one query)."""
    if area.kind == "nation":
        return dict(Prefecture.objects.filter(code__in=codes).values_list("code", "name"))
    if area.kind == "prefecture":
        return dict(Municipality.objects.filter(code__in=codes).values_list("code", "name"))
    if area.kind == "corporations":
        ids = [int(c) for c in codes if c.isdigit()]
        names = {
            str(pk): name for pk, name in Organisation.objects.filter(pk__in=ids).values_list("pk", "name")
        }
        names[""] = _("No support corporation")
        return names
    return {}


def per_placement_applies(area: Area) -> bool:
    """Whether a page's parts have inquiries per placement. Not the support corporations': an inquiry counts
    under the organisation that sent it, a placement under the corporation named on the lease
    (docs/outcomes.md), so a corporation's inquiries and placements are not the same households' — a
    corporation that housed 26 households through the municipality's caseworkers showed 0.00."""
    return area.kind != "corporations"


def part_links(area: Area, codes: list[str]) -> dict[str, str]:
    """Where a page's parts link: a prefecture's page, a municipality's, or a support corporation's public
    page in the directory (when the public may open it: designated or suspended; one query)."""
    if area.kind == "nation":
        return {code: reverse("outcomes:prefecture", kwargs={"prefecture": code}) for code in codes}
    if area.kind == "prefecture":
        return {
            code: reverse("outcomes:municipality", kwargs={"prefecture": area.code, "municipality": code})
            for code in codes
        }
    if area.kind == "corporations":
        pages = support_selectors.public_pages([int(c) for c in codes if c.isdigit()])
        return {str(org): reverse("support:corporation", kwargs={"pk": pk}) for org, pk in pages.items()}
    return {}


def downloads(area: Area) -> tuple[str, str]:
    if area.kind == "nation":
        return reverse("outcomes:nation_csv"), reverse("outcomes:nation_json")
    if area.kind == "corporations":
        return reverse("outcomes:corporations_csv"), reverse("outcomes:corporations_json")
    if area.kind == "prefecture":
        kw: dict[str, str] = {"prefecture": area.code}
        return reverse("outcomes:prefecture_csv", kwargs=kw), reverse("outcomes:prefecture_json", kwargs=kw)
    kw = {"prefecture": area.prefecture_code, "municipality": area.code}
    return reverse("outcomes:municipality_csv", kwargs=kw), reverse("outcomes:municipality_json", kwargs=kw)


# ------------------------------------------------------------------------------------------ pages
def _rows(g: GroupOutcome, keys: list[str], limit: int) -> list[tuple[str, str]]:
    return [(str(FIGURE_LABELS[k]), shown(g.cells[k], limit)) for k in keys]


def page_context(area: Area, data: figures.Page) -> dict[str, Any]:
    """What the area template shows (also the council page's)."""
    limit = data.limit
    g = data.total
    reasons = [f"declines.reason.{r}" for r in DeclineReason]
    groups = [f"declines.group.{c}" for c in GROUP_CODES if g.cells[f"declines.group.{c}"].value != 0]
    reason_rows = _rows(g, reasons, limit)
    trend_rows = [(month_label(m), c, shown(c, limit)) for m, c in data.trend]
    codes = [code for code, _g in data.rows]
    names = part_names(area, codes)
    links = part_links(area, codes)
    parts = [
        {
            "name": names.get(code, code),
            "link": links.get(code, ""),
            "housed": shown(p.cells["housed"], limit),
            "placements": shown(p.cells["placements"], limit),
            "median": days(p.median_days),
            "per_placement": ratio(p.inquiries_per_placement) if per_placement_applies(area) else None,
            "declined": shown(p.cells["inquiries.declined"], limit),
            "flags": shown(p.cells["flags.raised"], limit),
            "held12": share(p.held_share.get(12)),
        }
        for code, p in data.rows
    ]
    csv_url, json_url = downloads(area)
    return {
        "area": area,
        "limit": limit,
        "as_of": data.as_of,
        "counted_at": data.counted_at,
        "headline": {
            "housed": shown(g.cells["housed"], limit),
            "placements": shown(g.cells["placements"], limit),
            "median": days(g.median_days),
            "p90": days(g.p90_days),
            "per_placement": ratio(g.inquiries_per_placement),
            "sent": shown(g.cells["inquiries.sent"], limit),
        },
        "held": [
            {
                "months": m,
                "measured": shown(g.cells[f"held.{m}.measured"], limit),
                "held": shown(g.cells[f"held.{m}.held"], limit),
                "not_held": shown(g.cells[f"held.{m}.not_held"], limit),
                "share": share(g.held_share.get(m)),
            }
            for m in HELD_MONTHS
        ],
        "inquiries": _rows(g, [k for k in INQUIRY_LABELS if k != "inquiries.sent"], limit),
        "declined_total": shown(g.cells["inquiries.declined"], limit),
        "reasons": reason_rows,
        "reason_chart": charts.category_chart(
            [(label, g.cells[k].value, text) for k, (label, text) in zip(reasons, reason_rows, strict=True)]
        ),
        "reason_no_chart": charts.why_no_chart([g.cells[k].value for k in reasons]),
        "groups": _rows(g, groups, limit),
        "flags": _rows(g, ["flags.raised", "flags.resolved", "flags.open"], limit),
        "trend": [(label, text) for label, _c, text in trend_rows],
        "trend_chart": charts.category_chart([(label, c.value, text) for label, c, text in trend_rows]),
        "trend_no_chart": charts.why_no_chart([c.value for _label, c, _text in trend_rows]),
        "parts": parts,
        "csv_url": csv_url,
        "json_url": json_url,
    }


def _render(request: HttpRequest, area: Area) -> HttpResponse:
    data = figures.page(area.node)
    context = page_context(area, data)
    if area.kind in ("nation", "prefecture", "municipality"):
        context["prefectures"] = list(Prefecture.objects.order_by("code").values_list("code", "name"))
    return render(request, "outcomes/area.html", context)


def nation(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("prefecture", "").strip()
    # the prefecture form (works without script)
    if len(chosen) == 2 and chosen.isdigit() and Prefecture.objects.filter(code=chosen).exists():
        return redirect("outcomes:prefecture", prefecture=chosen)
    return _render(request, _nation())


def prefecture(request: HttpRequest, prefecture: str) -> HttpResponse:
    return _render(request, _prefecture(prefecture))


def municipality(request: HttpRequest, prefecture: str, municipality: str) -> HttpResponse:
    return _render(request, _municipality(prefecture, municipality))


def corporations(request: HttpRequest) -> HttpResponse:
    return _render(request, _corporations())


# ------------------------------------------------------------------------------------------ downloads
def _figure_rows(
    g: GroupOutcome, limit: int, words: dict[str, str] | None = None, *, per_placement: bool = True
) -> list[tuple[str, str]]:
    """(words, value as in the files) for every figure of a group (``words``: the figures' labels, worked
    out once per file). A file holds no markup: the readings of the やさしい日本語 catalogue are dropped.
    ``per_placement`` False: inquiries per placement does not apply (a support corporation's row), empty."""
    words = words if words is not None else {}
    rows = []
    for f, c in g.cells.items():
        if f not in words:
            words[f] = strip_readings(figure_label(f))
        rows.append((words[f], file_value(c, limit)))
    more = [
        (
            _("Median days from the first consultation to move-in"),
            "x" if g.median_days is None else str(g.median_days),
        ),
        (
            _("Days within which 90 in 100 households moved in"),
            "x" if g.p90_days is None else str(g.p90_days),
        ),
        (
            _("Inquiries per placement"),
            ""
            if not per_placement
            else "x"
            if g.inquiries_per_placement is None
            else str(g.inquiries_per_placement),
        ),
    ]
    for m in HELD_MONTHS:
        value = g.held_share.get(m)
        more.append(
            (_("Share of tenancies held at %(n)s months") % {"n": m}, "x" if value is None else str(value))
        )
    return rows + [(strip_readings(label), value) for label, value in more]


def _csv(area: Area, filename: str) -> HttpResponse:
    data = figures.page(area.node)
    limit = data.limit
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csvio.writer(buffer)
    header = [_("Area or organisation code"), _("Area or organisation"), _("Figure"), _("Value")]
    writer.writerow([strip_readings(h) for h in header])
    names = part_names(area, [code for code, _g in data.rows])
    words: dict[str, str] = {}
    for code, g in data.rows:
        name = strip_readings(names.get(code, code))
        rows = _figure_rows(g, limit, words, per_placement=per_placement_applies(area))
        writer.writerows([code, name, label, value] for label, value in rows)
    area_name = strip_readings(area.name)
    for label, value in _figure_rows(data.total, limit, words):
        writer.writerow([area.code, area_name, label, value])
    housed = strip_readings(_("Households housed in %(month)s"))
    for month, cell in data.trend:
        writer.writerow(
            [area.code, area_name, housed % {"month": month_label(month)}, file_value(cell, limit)]
        )
    response.write(buffer.getvalue())
    return response


def _json(area: Area) -> JsonResponse:
    data = figures.page(area.node)
    limit = data.limit
    names = part_names(area, [code for code, _g in data.rows])
    counted_at: Any = data.counted_at
    return JsonResponse(
        {
            "area": {"kind": area.kind, "code": area.code, "name": area.name},
            "as_of": data.as_of.isoformat(),
            "counted_at": counted_at.isoformat(),
            "threshold": limit,
            "period": {"from": None, "to": data.as_of.isoformat()},
            "suppressed": {f"<{limit}": "fewer than the threshold", "x": "not shown (complementary)"},
            "total": data.total.as_dict(limit),
            "parts": [
                {**g.as_dict(limit), "name": names.get(code, code)}
                if per_placement_applies(area)
                else {
                    **g.as_dict(limit),
                    "inquiries_per_placement": None,
                    "not_applicable": ["inquiries_per_placement"],
                    "name": names.get(code, code),
                }
                for code, g in data.rows
            ],
            "trend": [{"month": m, "housed": file_value(c, limit)} for m, c in data.trend],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def nation_csv(request: HttpRequest) -> HttpResponse:
    return _csv(_nation(), "outcomes")


def nation_json(request: HttpRequest) -> JsonResponse:
    return _json(_nation())


def prefecture_csv(request: HttpRequest, prefecture: str) -> HttpResponse:
    return _csv(_prefecture(prefecture), f"outcomes-{prefecture}")


def prefecture_json(request: HttpRequest, prefecture: str) -> JsonResponse:
    return _json(_prefecture(prefecture))


def municipality_csv(request: HttpRequest, prefecture: str, municipality: str) -> HttpResponse:
    return _csv(_municipality(prefecture, municipality), f"outcomes-{municipality}")


def municipality_json(request: HttpRequest, prefecture: str, municipality: str) -> JsonResponse:
    return _json(_municipality(prefecture, municipality))


def corporations_csv(request: HttpRequest) -> HttpResponse:
    return _csv(_corporations(), "outcomes-corporations")


def corporations_json(request: HttpRequest) -> JsonResponse:
    return _json(_corporations())
