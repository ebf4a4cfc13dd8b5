"""Public pages: the search, unit pages (and their printable form), public photos. No login; thin views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sumai.core import contributions
from sumai.core.clientip import client_ip
from sumai.core.guards import rate_limited
from sumai.core.querylimit import QueryTimedOut, bounded
from sumai.core.views import require
from sumai.places.selectors import municipality_names, prefecture_choices, with_romaji
from sumai.registry import services as registry_services
from sumai.registry.models import Attachment
from sumai.registry.vacancy import confirmed_days_ago
from sumai.search import scopes, selectors
from sumai.search.cache import cached
from sumai.search.filtersets import LAYOUTS, SORTS, YesNo
from sumai.search.forms import InquiryForm
from sumai.search.groups import choices as group_choices

BOOLEAN_FILTERS = ("vacant", "dedicated", "barrier_free", "no_guarantor", "pets")


def TOO_SLOW() -> str:  # noqa: N802 - a message, named as the constant it would be if it were not translated
    return _(
        "This search took too long to answer. Choose a prefecture or a municipality, or fewer conditions, "
        "and search again."
    )


def _municipality_options(prefecture: str) -> list[tuple[str, str]]:
    if not prefecture:
        return []
    infos = [m for m in municipality_names().values() if m.prefecture_code == prefecture]
    return [(m.code, with_romaji(m.full_name, m.full_romaji)) for m in sorted(infos, key=lambda m: m.code)]


def _query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


# The search form's controls that carry their filter's name as id_<name> (search/search.html): an error of
# one of these marks its control (aria-invalid, aria-describedby its message) and links to it.
FIELD_CONTROLS = frozenset(
    {
        *("prefecture", "municipality", "q", "lat", "lon", "radius"),
        *("rent_min", "rent_max", "area_min", "area_max", "sort"),
    }
)
POINT_FIELDS = frozenset({"lat", "lon", "radius"})  # behind "Near a place on the map"


@dataclass(frozen=True)
class SearchError:
    """One line of the error summary (search/_results.html): a field's label and its messages."""

    label: str
    message: str
    field: str = ""  # the control it is about (FIELD_CONTROLS), or "" (a condition without one, the page)

    @property
    def id(self) -> str:
        return f"search-error-{self.field}" if self.field else ""


@dataclass(frozen=True)
class _Results:
    html: str
    count: int
    sort: str
    capped: bool = False  # the count stopped at its cap: "more than N homes" (default: older cache entries)


@rate_limited("search", "SEARCH_RATE", htmx_fragment="search/_too_many.html")
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    f = selectors.search_filter(request.GET)
    page = None
    results: _Results | None = None
    errors: list[SearchError] = []
    status = 200
    searched = bool(request.GET)
    base_query = _query_without(request, "cursor")
    tile_url = settings.SUMAI.get("TILE_URL", "")
    if not searched:
        f.is_valid()  # an empty form: nothing to search yet, nothing to complain about
    elif f.is_valid():

        def compute() -> _Results:
            nonlocal page
            with bounded():
                page = selectors.search_units(
                    f, cursor=request.GET.get("cursor") or None, count_buildings=True
                )
            fragment = {"page": page, "errors": [], "base_query": base_query, "tile_url": tile_url}
            html = render_to_string("search/_results.html", fragment, request)
            return _Results(html=html, count=page.count, sort=page.sort, capped=page.count_is_capped)

        try:
            scope = scopes.of_search(f.form.cleaned_data)
            results = cached("page", request.get_full_path(), compute, scopes=scope)
        except selectors.BadCursor:
            errors.append(SearchError(_("Page"), _("This page link is out of date. Start the search again.")))
            status = 400
        except QueryTimedOut:
            errors.append(SearchError(_("Search"), TOO_SLOW()))
            status = 503
    else:
        status = 400
        for name, messages in f.form.errors.items():
            label = str(f.form.fields[name].label) if name in f.form.fields else _("Search")
            field = name if name in FIELD_CONTROLS else ""
            errors.append(SearchError(label, " ".join(str(m) for m in messages), field))
    if results is None:
        fragment = {"page": None, "errors": errors, "searched": searched, "base_query": base_query}
        results = _Results(html=render_to_string("search/_results.html", fragment, request), count=0, sort="")
    partial = bool(getattr(request, "htmx", False)) and request.headers.get("HX-Target") == "results"
    if partial:
        # The fragment answers 200 for a search that cannot be done as asked (the page without JavaScript
        # answers 400): htmx swaps only 2xx, and the errors are in it. A search the database could not answer
        # in time keeps its 503, as the 429 of the rate limit keeps its own: search.js swaps those two
        # statuses into the results too. It shares the page's URL, so neither may be served for the other
        # from a cache (Back would show a bare fragment).
        title_context = _title_context(results, searched, status, bool(errors))
        title = render_to_string("search/_title_tag.html", title_context, request)
        response = HttpResponse(title + results.html, status=503 if status == 503 else 200)
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        patch_cache_control(response, private=True, no_store=True)
        return response
    prefecture = (request.GET.get("prefecture") or "")[:2]
    # ticked only for a yes (a value that is neither yes nor no is an error above, not a ticked box)
    checked = {name: YesNo().value_from_datadict(request.GET, None, name) is True for name in BOOLEAN_FILTERS}
    context = {
        "page": page,  # only when computed now (not from the cache); templates use the fields below
        "results_html": mark_safe(results.html),  # noqa: S308 - rendered by our own template, autoescaped # nosec B308 B703
        **_title_context(results, searched, status, bool(errors)),
        "errors": errors,
        "invalid": {e.field: e.id for e in errors if e.field},  # control → its message's id
        "point_invalid": any(e.field in POINT_FIELDS for e in errors),
        "searched": searched,
        "prefectures": prefecture_choices(),
        "prefecture": prefecture,
        "municipalities": _municipality_options(prefecture),
        "municipality": (request.GET.get("municipality") or "")[:6],
        "groups": group_choices(),
        "chosen_groups": request.GET.getlist("group"),
        "layouts": [(layout, layout) for layout in LAYOUTS],
        "chosen_layouts": request.GET.getlist("layout"),
        "sorts": list(SORTS.items()),
        "sort": results.sort or (request.GET.get("sort") or "rent"),
        "raw": request.GET,
        "tile_url": tile_url,
        "checked": checked,
        "more_chosen": _more_chosen(request, checked),
    }
    response = render(request, "search/search.html", context, status=status)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))  # the whole page, never the fragment
    return response


def _title_context(results: _Results, searched: bool, status: int, has_errors: bool) -> dict[str, Any]:
    """What the title says (search/_title.html): first that the search has errors, as the summary's heading
    says (a screen reader reads the title first); how many homes were found, when the search was done."""
    return {
        "result_count": results.count if searched and status == 200 else None,
        "result_count_capped": results.capped,
        "search_has_errors": has_errors,
    }


def _more_chosen(request: HttpRequest, checked: dict[str, bool]) -> int:
    """How many conditions are chosen behind "More conditions" (it opens, and says how many, when any)."""
    return (
        len(request.GET.getlist("group"))
        + len(request.GET.getlist("layout"))
        + sum(1 for name in ("area_min", "area_max") if request.GET.get(name))
        + sum(1 for name, on in checked.items() if on and name != "vacant")
    )


@require_GET
def municipality_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the municipality list for a prefecture (htmx, when the prefecture changes)."""
    prefecture = (request.GET.get("prefecture") or "")[:2]
    return render(
        request, "search/_municipality_options.html", {"municipalities": _municipality_options(prefecture)}
    )


def _unit_context(pk: int) -> dict[str, Any]:
    unit = require(selectors.public_unit(pk))
    building = unit.building
    attachments = selectors.public_attachments(unit)
    labels = selectors.accepted_group_labels(unit)
    muni = municipality_names().get(building.municipality_id)
    sections = contributions.collect("unit_page.sections", building=building)
    return {
        "unit": unit,
        "building": building,
        "entry": unit.search_entry,
        "municipality": building.municipality,
        "municipality_info": muni,
        "groups": labels,
        "all_groups": len(labels) == len(group_choices()),
        "days_ago": confirmed_days_ago(unit),
        "photos": [a for a in attachments if a.kind == Attachment.Kind.PHOTO],
        "floor_plans": [a for a in attachments if a.kind == Attachment.Kind.FLOOR_PLAN],
        "sections": sections,
        "tile_url": settings.SUMAI.get("TILE_URL", ""),
    }


@require_GET
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "search/unit.html", _unit_context(pk))


@require_GET
def unit_print(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "search/unit_print.html", _unit_context(pk))


@require_GET
def photo(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """A photo or floor plan of a registered unit (the registry keeps its other documents private)."""
    unit = require(selectors.public_unit(pk))
    attachment = require(selectors.public_attachment(unit, attachment_id))
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def unit_inquiry(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the landlord about a registered home; the asker never sees the landlord's address."""
    unit = require(selectors.public_unit(pk))
    form = InquiryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and form.cleaned_data.get("website"):
            status = 200  # a program filled the hidden field: pretend, store nothing
            messages.success(request, _("Your inquiry was sent."))
            return redirect("search:unit", pk=unit.pk)
        if form.is_valid():
            try:
                inquiry = registry_services.send_inquiry(
                    unit=unit,
                    data=form.cleaned_data,
                    client=client_ip(request),  # the trusted proxies' rule, as the other limits
                    language=get_language() or "",
                )
            except registry_services.TooManyInquiries:
                form.add_error(None, _("Too many inquiries were sent from here. Try again in an hour."))
                status = 429
            else:
                messages.success(
                    request,
                    _(
                        "Your inquiry was sent (reference %(ref)s). The landlord or its agent will contact "
                        "you. If you hear nothing in a few days, call the contact on this page."
                    )
                    % {"ref": inquiry.reference},
                )
                return redirect("search:unit", pk=unit.pk)
    return render(
        request,
        "search/unit_inquiry.html",
        {"unit": unit, "building": unit.building, "form": form},
        status=status,
    )
