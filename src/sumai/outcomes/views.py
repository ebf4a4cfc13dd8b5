"""The public pages of outcomes (docs/outcomes.md): the nation by prefecture, a prefecture by municipality, a
municipality, and the nation by support corporation; each with its CSV and JSON. A suppressed figure reads
"fewer than 5" or "not shown" on the page and ``<5`` or ``x`` in the CSV, never 0; a median or a rate with
nothing to measure does not apply: a sentence saying so, "—" in a table, ``n/a`` in the CSV. The JSON gives
numbers, and null with a ``status`` saying why."""

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
from django.utils.html import format_html
from django.utils.safestring import SafeString
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
from sumai.places.selectors import municipality_label, municipality_names, prefecture_choices
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
# Why a figure is not a number (the JSON's ``status``, docs/outcomes.md): a count from 1 to 4 (primary), a
# figure hidden so that no other can be worked out by subtraction (complementary; also a median or a rate
# whose counts are hidden), and a figure that does not apply (a median of no household, a rate over 0).
FEWER = "fewer_than_threshold"
HIDDEN = "not_shown"
NOT_APPLICABLE = "not_applicable"
# in the CSV, beside "<5" and "x" (not "-": csvio quotes a leading "-" as a would-be formula)
NOT_APPLICABLE_MARK = "n/a"


def number(n: int) -> str:
    return number_format(n, force_grouping=True)


def shown(cell: Cell, limit: int) -> str:
    """A count as a person reads it: the number, "fewer than 5" or "not shown"."""
    if cell.mark is None:
        return number(cell.value or 0)
    if cell.mark == disclosure.Mark.PRIMARY:
        return _("fewer than %(n)s") % {"n": limit}
    return _("not shown")


def cell_status(cell: Cell) -> str | None:
    """None for a count that is shown; else why it is not."""
    if cell.mark is None:
        return None
    return FEWER if cell.mark == disclosure.Mark.PRIMARY else HIDDEN


def derived_status(value: object, base: Cell) -> str | None:
    """Why a median or a rate is not shown (None when it is), from the count it stands on (``base``: the
    households housed of a median, the placements of inquiries per placement, the placements measured of a
    share held): none at all — it does not apply; from 1 to 4 — fewer than the threshold (a count from 1
    to 4 is always hidden as such, so saying it tells nothing more); else a count it is worked out from is
    hidden."""
    if value is not None:
        return None
    if base.mark is None and not base.value:
        return NOT_APPLICABLE
    if base.mark == disclosure.Mark.PRIMARY:
        return FEWER
    return HIDDEN


def not_applicable_html() -> SafeString:
    """A table's cell for a figure that does not apply: "—", which the page's legend explains, read aloud
    as the words."""
    return format_html(
        '<span aria-hidden="true">—</span><span class="visually-hidden">{}</span>', _("does not apply")
    )


def cell_html(text: str, status: str | None) -> SafeString:
    """A median's or a rate's table cell: its text, "not shown", or "—" when it does not apply."""
    if status == NOT_APPLICABLE:
        return not_applicable_html()
    if status is not None:
        return format_html("{}", _("not shown"))
    return format_html("{}", text)


def days(n: int | None) -> str:
    if n is None:
        return _("not shown")
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": number(n)}


def ratio(value: Decimal | None) -> str:
    return _("not shown") if value is None else number_format(value, decimal_pos=2)


def share(value: Decimal | None) -> str:
    return _("not shown") if value is None else number_format(value * 100, decimal_pos=0) + "%"


def month_label(month: str, as_of: date | None = None) -> str:
    """ "December 2026"; the month of ``as_of`` is marked as still being counted."""
    label = date_format(date(int(month[:4]), int(month[5:7]), 1), "YEAR_MONTH_FORMAT")
    if as_of is not None and month == as_of.strftime("%Y-%m"):
        return _("%(month)s (in progress)") % {"month": label}
    return label


def file_value(cell: Cell, limit: int) -> str:
    return cell.display(limit)


def headline_lines(g: GroupOutcome, limit: int) -> list[str]:
    """The headline as whole sentences: a median or a rate that cannot be given says why, in words that
    read well — it does not apply (no household moved in) or it is not shown (too few behind it)."""
    housed, placements = g.cells["housed"], g.cells["placements"]
    lines = [
        _("Households housed: %(n)s") % {"n": shown(housed, limit)},
        _("Placements (moves into a home): %(n)s, of which a household's second or later move: %(r)s")
        % {"n": shown(placements, limit), "r": shown(g.cells["placements.repeat"], limit)},
    ]
    status = derived_status(g.median_days, housed)
    if status is None:
        lines.append(
            _("From the first consultation to move-in: median %(m)s; 90 in 100 within %(p)s")
            % {"m": days(g.median_days), "p": days(g.p90_days)}
        )
    elif status == NOT_APPLICABLE:
        lines.append(
            _("From the first consultation to move-in: does not apply, as no household has moved in.")
        )
    else:
        lines.append(
            _(
                "From the first consultation to move-in: the median and the days within which 90 in 100 "
                "moved in are not shown, as fewer than %(n)s households moved in."
            )
            % {"n": limit}
        )
    lines.append(_("Inquiries sent to landlords: %(n)s") % {"n": shown(g.cells["inquiries.sent"], limit)})
    status = derived_status(g.inquiries_per_placement, placements)
    if status is None:
        lines.append(
            _("Inquiries to landlords per placement: %(n)s") % {"n": ratio(g.inquiries_per_placement)}
        )
    elif status == NOT_APPLICABLE:
        lines.append(_("Inquiries to landlords per placement: does not apply, as no household has moved in."))
    elif status == FEWER:
        lines.append(
            _("Inquiries to landlords per placement: not shown, as there were fewer than %(n)s placements.")
            % {"n": limit}
        )
    else:
        lines.append(
            _("Inquiries to landlords per placement: not shown, as a figure it is worked out from is hidden.")
        )
    return lines


# ------------------------------------------------------------------------------------------ areas
def _nation() -> Area:
    return Area("nation", "", _("Japan"))


def _prefecture(code: str) -> Area:
    name = dict(prefecture_choices()).get(code)
    if name is None:
        raise Http404
    return Area("prefecture", code, name, code, name)


def _municipality(prefecture: str, code: str) -> Area:
    info = municipality_names().get(code)
    if info is None or info.prefecture_code != prefecture:
        raise Http404
    return Area(
        "municipality", code, municipality_label(code), prefecture, dict(prefecture_choices())[prefecture]
    )


def _corporations() -> Area:
    return Area("corporations", "", _("Japan"))


def part_names(area: Area, codes: list[str]) -> dict[str, str]:
    """The names of a page's parts: in a language other than Japanese a place's name is followed by its
    rōmaji, as on the search pages (「東京都 (Tokyo-to)」); from memory, or one query for the corporations."""
    if area.kind == "nation":
        return {code: name for code, name in prefecture_choices() if code in set(codes)}
    if area.kind == "prefecture":
        return {code: municipality_label(code, code) for code in codes}
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
    # the groups of the nation's table on every page (a group with no decline here reads 0, not left out)
    groups = [f"declines.group.{c}" for c in data.nation_groups]
    reason_rows = _rows(g, reasons, limit)
    current = data.as_of.strftime("%Y-%m")
    trend_rows = [(m, month_label(m, data.as_of), c, shown(c, limit)) for m, c in data.trend]
    # the month still being counted is in the table, marked, but not in the chart (its bar would read as a
    # fall)
    ended = [(label, c.value, text) for m, label, c, text in trend_rows if m != current]
    in_progress = month_label(current) if data.trend and data.trend[-1][0] == current else ""
    codes = [code for code, _g in data.rows]
    names = part_names(area, codes)
    links = part_links(area, codes)
    applies = per_placement_applies(area)
    parts = [
        {
            "name": names.get(code, code),
            "link": links.get(code, ""),
            "housed": shown(p.cells["housed"], limit),
            "placements": shown(p.cells["placements"], limit),
            "median": cell_html(days(p.median_days), derived_status(p.median_days, p.cells["housed"])),
            "per_placement": cell_html(
                ratio(p.inquiries_per_placement),
                derived_status(p.inquiries_per_placement, p.cells["placements"]),
            )
            if applies
            else not_applicable_html(),
            "declined": shown(p.cells["inquiries.declined"], limit),
            "flags": shown(p.cells["flags.raised"], limit),
            "held12": share_html(p, 12),
        }
        for code, p in data.rows
    ]
    csv_url, json_url = downloads(area)
    return {
        "area": area,
        "limit": limit,
        "as_of": data.as_of,
        "counted_at": data.counted_at,
        "headline_lines": headline_lines(g, limit),
        "headline": {
            "housed": shown(g.cells["housed"], limit),
            "placements": shown(g.cells["placements"], limit),
            "median": cell_html(days(g.median_days), derived_status(g.median_days, g.cells["housed"])),
            "per_placement": cell_html(
                ratio(g.inquiries_per_placement),
                derived_status(g.inquiries_per_placement, g.cells["placements"]),
            ),
            "sent": shown(g.cells["inquiries.sent"], limit),
            "repeat": shown(g.cells["placements.repeat"], limit),
        },
        "held": [
            {
                "months": m,
                "measured": shown(g.cells[f"held.{m}.measured"], limit),
                "held": shown(g.cells[f"held.{m}.held"], limit),
                "not_held": shown(g.cells[f"held.{m}.not_held"], limit),
                "share": share_html(g, m),
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
        "groups_left_out": len(groups) < len(GROUP_CODES),
        "flags": _rows(g, ["flags.raised", "flags.resolved", "flags.open"], limit),
        "trend": [(label, text) for _m, label, _c, text in trend_rows],
        "trend_chart": charts.category_chart(ended),
        "trend_no_chart": charts.why_no_chart([v for _label, v, _text in ended]) if ended else "",
        "trend_in_progress": in_progress,
        "parts": parts,
        "csv_url": csv_url,
        "json_url": json_url,
    }


def share_html(g: GroupOutcome, months: int) -> SafeString:
    value = g.held_share.get(months)
    return cell_html(share(value), derived_status(value, g.cells[f"held.{months}.measured"]))


def _render(request: HttpRequest, area: Area) -> HttpResponse:
    data = figures.page(area.node)
    context = page_context(area, data)
    if area.kind in ("nation", "prefecture", "municipality"):
        context["prefectures"] = prefecture_choices()
    return render(request, "outcomes/area.html", context)


def nation(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("prefecture", "").strip()
    # the prefecture form (works without script)
    if len(chosen) == 2 and chosen.isdigit() and chosen in dict(prefecture_choices()):
        return redirect("outcomes:prefecture", prefecture=chosen)
    return _render(request, _nation())


def prefecture(request: HttpRequest, prefecture: str) -> HttpResponse:
    return _render(request, _prefecture(prefecture))


def municipality(request: HttpRequest, prefecture: str, municipality: str) -> HttpResponse:
    return _render(request, _municipality(prefecture, municipality))


def corporations(request: HttpRequest) -> HttpResponse:
    return _render(request, _corporations())


# ------------------------------------------------------------------------------------------ downloads
def _derived_file_value(value: object, status: str | None) -> str:
    """A median or a rate as the CSV writes it: the number, "x" (not shown) or "n/a" (does not apply)."""
    if status == NOT_APPLICABLE:
        return NOT_APPLICABLE_MARK
    return "x" if value is None else str(value)


def _derived(g: GroupOutcome, *, per_placement: bool = True) -> dict[str, tuple[object, str | None]]:
    """The medians and rates of a group with why each is not given (None when it is). ``per_placement``
    False: inquiries per placement does not apply (a support corporation's row)."""
    housed = g.cells["housed"]
    out: dict[str, tuple[object, str | None]] = {
        "median_days": (g.median_days, derived_status(g.median_days, housed)),
        "p90_days": (g.p90_days, derived_status(g.p90_days, housed)),
        "inquiries_per_placement": (
            (g.inquiries_per_placement, derived_status(g.inquiries_per_placement, g.cells["placements"]))
            if per_placement
            else (None, NOT_APPLICABLE)
        ),
    }
    for m in HELD_MONTHS:
        value = g.held_share.get(m)
        out[f"held_share.{m}"] = (value, derived_status(value, g.cells[f"held.{m}.measured"]))
    return out


def _figure_rows(
    g: GroupOutcome, limit: int, words: dict[str, str] | None = None, *, per_placement: bool = True
) -> list[tuple[str, str]]:
    """(words, value as in the files) for every figure of a group (``words``: the figures' labels, worked
    out once per file). A file holds no markup: the readings of the やさしい日本語 catalogue are dropped.
    A median or a rate that does not apply (no household behind it; inquiries per placement of a support
    corporation's row, ``per_placement`` False) is "n/a"."""
    words = words if words is not None else {}
    rows = []
    for f, c in g.cells.items():
        if f not in words:
            words[f] = strip_readings(figure_label(f))
        rows.append((words[f], file_value(c, limit)))
    derived = _derived(g, per_placement=per_placement)
    labels = {
        "median_days": _("Median days from the first consultation to move-in"),
        "p90_days": _("Days within which 90 in 100 households moved in"),
        "inquiries_per_placement": _("Inquiries per placement"),
        **{f"held_share.{m}": _("Share of tenancies held at %(n)s months") % {"n": m} for m in HELD_MONTHS},
    }
    more = [(labels[k], _derived_file_value(value, status)) for k, (value, status) in derived.items()]
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
            [
                area.code,
                area_name,
                housed % {"month": strip_readings(month_label(month, data.as_of))},
                file_value(cell, limit),
            ]
        )
    response.write(buffer.getvalue())
    return response


def _number(value: object) -> int | float | None:
    """A figure as a JSON number (a rate or a share to two decimals), or null."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    assert isinstance(value, int)
    return value


def group_json(g: GroupOutcome, *, per_placement: bool = True) -> dict[str, Any]:
    """A group's figures as numbers (docs/outcomes.md): a count, median or rate that is not given is null,
    and ``status`` says why, under the same key — ``fewer_than_threshold``, ``not_shown`` or
    ``not_applicable``. A figure that is given has no status."""
    cells: dict[str, int | None] = {}
    statuses: dict[str, Any] = {}
    cell_statuses: dict[str, str] = {}
    for f, c in g.cells.items():
        cells[f] = c.value if c.mark is None else None
        status = cell_status(c)
        if status is not None:
            cell_statuses[f] = status
    if cell_statuses:
        statuses["cells"] = cell_statuses
    derived = _derived(g, per_placement=per_placement)
    held: dict[str, float | None] = {}
    held_statuses: dict[str, str] = {}
    out: dict[str, Any] = {"key": g.key, "cells": cells}
    for k, (value, status) in derived.items():
        if k.startswith("held_share."):
            m = k.split(".")[1]
            held[m] = _number(value)
            if status is not None:
                held_statuses[m] = status
            continue
        out[k] = _number(value)
        if status is not None:
            statuses[k] = status
    out["held_share"] = held
    if held_statuses:
        statuses["held_share"] = held_statuses
    out["status"] = statuses
    return out


STATUS_LEGEND = {
    FEWER: "a count from 1 to the threshold less one, not shown",
    HIDDEN: "not shown: a count that would let a small one be worked out by subtraction, or a median or "
    "a rate with fewer than the threshold behind it or worked out from a hidden count",
    NOT_APPLICABLE: "does not apply: a median or a rate with nothing to measure (no household moved in, "
    "no placement old enough), or inquiries per placement of a support corporation",
}


def _json(area: Area) -> JsonResponse:
    data = figures.page(area.node)
    limit = data.limit
    codes = [code for code, _g in data.rows]
    names = part_names(area, codes)
    applies = per_placement_applies(area)
    public: dict[int, int] = {}
    if area.kind == "corporations":
        public = support_selectors.public_pages([int(c) for c in codes if c.isdigit()])
    current = data.as_of.strftime("%Y-%m")
    counted_at: Any = data.counted_at

    def part(code: str, g: GroupOutcome) -> dict[str, Any]:
        out = {**group_json(g, per_placement=applies), "name": names.get(code, code)}
        if area.kind == "corporations":
            org = int(code) if code.isdigit() else None
            page_id = public.get(org) if org is not None else None
            out["organisation_id"] = org  # Sumai's id of the organisation (the key); null: no corporation
            out["corporation_id"] = page_id  # the support directory's id (/support/<id>/); null: no page
            out["page"] = reverse("support:corporation", kwargs={"pk": page_id}) if page_id else None
        return out

    def month(m: str, c: Cell) -> dict[str, Any]:
        out: dict[str, Any] = {"month": m, "housed": c.value if c.mark is None else None}
        status = cell_status(c)
        if status is not None:
            out["status"] = status
        out["in_progress"] = m == current
        return out

    return JsonResponse(
        {
            "area": {"kind": area.kind, "code": area.code, "name": area.name},
            "as_of": data.as_of.isoformat(),
            "counted_at": counted_at.isoformat(),
            "threshold": limit,
            "period": {"from": None, "to": data.as_of.isoformat()},
            "statuses": STATUS_LEGEND,
            "total": group_json(data.total),
            "parts": [part(code, g) for code, g in data.rows],
            "trend": [month(m, c) for m, c in data.trend],
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
