"""Words for the public pages: places, vacancy freshness, who a home accepts."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext, pgettext_lazy
from django.utils.translation import gettext as _

from sumai.core.formats import area, join_list
from sumai.core.labels import GROUP_LABELS
from sumai.places.models import Municipality
from sumai.places.selectors import municipality_names, with_romaji
from sumai.registry.models import Building, Unit
from sumai.registry.vacancy import confirmed_days_ago
from sumai.search import groups
from sumai.search.models import RARE_GROUP_BITS
from sumai.search.selectors import ResultPage, ResultUnit

register = template.Library()


@register.filter
def full_place(municipality: Municipality | None) -> str:
    """東京都港区 / 大阪府大阪市北区."""
    if municipality is None:
        return ""
    return place_name(municipality.pk) if municipality.pk in municipality_names() else municipality.name


@register.filter
def place_name(code: str) -> str:
    """東京都港区 from a municipality code."""
    info = municipality_names().get(code)
    if not info:
        return code
    roman = (
        f"{info.full_romaji}, {info.prefecture_romaji}" if info.full_romaji and info.prefecture_romaji else ""
    )
    return with_romaji(f"{info.prefecture_name}{info.full_name}", roman)


@register.simple_tag
def address_words(address: str, municipality_code: str) -> SafeString:
    """The address as written; on pages in other languages followed by its rōmaji on a line of its own
    ("Shibakoen 4-chome 2-8, Minato-ku, Tokyo"), so a person who cannot read kanji can still give it."""
    from sumai.places.romaji import street

    info = municipality_names().get(municipality_code)
    if info is None or (get_language() or "ja") in ("ja", "ja-x-easy") or not info.full_romaji:
        return format_html("{}", address)
    roman = street(address, prefecture=info.prefecture_name, municipality=info.full_name)
    parts = [p for p in (roman, info.full_romaji, info.prefecture_romaji) if p]
    return format_html('{}<br><span lang="ja-Latn">{}</span>', address, ", ".join(parts))


@register.simple_tag
def vacancy_words(unit: Unit | ResultUnit) -> str:
    """「空室（3日前に確認）」 — the status with how fresh it is; a vacancy gone stale reads as unknown."""
    days = confirmed_days_ago(unit)
    if unit.vacancy == Unit.Vacancy.VACANT:
        if days is None:
            return _("Vacancy not confirmed")
        if days == 0:
            return _("Vacant (confirmed today)")
        return ngettext(
            "Vacant (confirmed %(days)d day ago)", "Vacant (confirmed %(days)d days ago)", days
        ) % {"days": days}
    if unit.vacancy == Unit.Vacancy.OCCUPIED:
        if days == 0:
            return _("Occupied (confirmed today)")
        return (
            _("Occupied now")
            if days is None
            else ngettext(
                "Occupied (confirmed %(days)d day ago)", "Occupied (confirmed %(days)d days ago)", days
            )
            % {"days": days}
        )
    if unit.vacancy == Unit.Vacancy.RENOVATION:
        return _("Under renovation")
    return _("Vacancy unknown: ask the landlord")


@register.simple_tag
def confirmed_words(unit: Unit | ResultUnit) -> str:
    days = confirmed_days_ago(unit)
    if days is None:
        return _("never confirmed")
    if days == 0:
        return _("confirmed today")
    return ngettext("confirmed %(days)d day ago", "confirmed %(days)d days ago", days) % {"days": days}


@register.simple_tag
def _law_groups() -> tuple[str, ...]:
    """The law's own groups in force today (the dated ``acceptance`` file; ``params.load`` caches it)."""
    from sumai.domain import params
    from sumai.domain.dates import today_in_japan

    return tuple(str(g) for g in params.load("acceptance", today_in_japan())["rules"]["law_groups"])


def accepts_summary(unit: ResultUnit) -> Any:
    """Which groups a home accepts, in words (#14: a count told the reader nothing): every group; or the
    few it accepts; or, when it accepts most, the common groups it turns away."""
    codes = list(unit.accepted_groups)
    if len(codes) >= len(groups.bits()):
        return format_html("<strong>{}</strong>", _("Accepts every group"))
    if len(codes) <= 3:
        return _("Accepts: %(groups)s") % {"groups": join_list(GROUP_LABELS.get(c, c) for c in codes)}
    # the groups turned away, among those nearly every home accepts (the law's own and those of the common
    # bits, foreign nationals included — a foreign reader must not have to open every home to learn it)
    bits = groups.bits()
    common = {*_law_groups(), *(c for c, bit in bits.items() if bit not in RARE_GROUP_BITS)}
    missing = sorted((c for c in common if c not in codes), key=lambda c: bits.get(c, len(bits)))
    if missing:
        return _("Accepts %(n)d groups, but not: %(groups)s") % {
            "n": len(codes),
            "groups": join_list(GROUP_LABELS.get(c, c) for c in missing),
        }
    return ngettext("Accepts %(n)d group", "Accepts %(n)d groups", len(codes)) % {"n": len(codes)}


FACILITIES = {
    "kitchen": pgettext_lazy("facility", "Kitchen"),
    "toilet": pgettext_lazy("facility", "Toilet"),
    "bath": pgettext_lazy("facility", "Bath or shower"),
    "washbasin": pgettext_lazy("facility", "Washbasin"),
    "storage": pgettext_lazy("facility", "Storage"),
}
PROVISION = {
    "private": pgettext_lazy("facility", "in the home"),
    "shared": pgettext_lazy("facility", "shared with other residents"),
    "none": pgettext_lazy("facility", "none"),
}


@register.simple_tag
def facility_list(unit: Unit) -> list[tuple[str, str]]:
    """The unit's facilities in words, in a fixed order: [("Kitchen", "in the home"), ...]."""
    stated = unit.facilities or {}
    return [
        (str(label), str(PROVISION.get(str(stated[key]), stated[key])))
        for key, label in FACILITIES.items()
        if key in stated
    ]


STRUCTURES = {
    "wood": pgettext_lazy("structure", "Wooden"),
    "steel": pgettext_lazy("structure", "Steel frame"),
    "rc": pgettext_lazy("structure", "Reinforced concrete"),
    "src": pgettext_lazy("structure", "Steel-reinforced concrete"),
    "other": pgettext_lazy("structure", "Other structure"),
}
BUILDING_TYPES = {
    "apartment": pgettext_lazy("building type", "Apartment building"),
    "detached": pgettext_lazy("building type", "Detached house"),
    "terraced": pgettext_lazy("building type", "Terraced house"),
    "shared_house": pgettext_lazy("building type", "Shared house"),
}


@register.filter
def building_words(building: Building) -> str:
    """「共同住宅 · 鉄筋コンクリート造」 in the public languages."""
    kind = BUILDING_TYPES.get(building.building_type, building.building_type)
    structure = STRUCTURES.get(building.structure, building.structure)
    return f"{kind} · {structure}"


# -- the search page's repeated parts, written in Python ------------------------------------------------
# A template loop costs a dozen variable lookups and filters per item; the 20 results and the option lists
# were half of an uncached search page's time (docs/performance.md, public search). Same markup and the
# same message ids as the template they replace.

SELECTED = mark_safe(" selected")  # nosec B308
CHECKED = mark_safe(" checked")  # nosec B308
NOTHING = mark_safe("")  # nosec B308
INVALID = mark_safe(' aria-invalid="true"')  # nosec B308


@register.simple_tag
def options(choices: Iterable[tuple[Any, Any]], chosen: Any) -> SafeString:
    """``<option>``s of (value, label) pairs, the one equal to ``chosen`` selected."""
    chosen = "" if chosen is None else str(chosen)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, SELECTED if str(value) == chosen else NOTHING, label) for value, label in choices),
    )


@register.simple_tag
def checkboxes(name: str, choices: Iterable[tuple[Any, Any]], chosen: Iterable[str]) -> SafeString:
    """The ``<li>``s of a check list: one checkbox per (value, label), the chosen ones checked."""
    picked = {str(c) for c in chosen}
    return format_html_join(
        "\n",
        '<li><label class="check"><input type="checkbox" name="{}" value="{}"{}>'
        " <span>{}</span></label></li>",
        ((name, value, CHECKED if str(value) in picked else NOTHING, label) for value, label in choices),
    )


@register.simple_tag
def field_aria(name: str, invalid: dict[str, str] | None, help_id: str = "") -> SafeString:
    """A search control's ``aria-describedby`` (its error message first, then its help) and, when the search
    found an error in it, ``aria-invalid="true"``. ``invalid``: control name → its message's id (the view);
    search.js does the same after a search made with htmx."""
    error_id = (invalid or {}).get(name, "")
    ids = " ".join(i for i in (error_id, help_id) if i)
    described = format_html(' aria-describedby="{}"', ids) if ids else NOTHING
    return format_html("{}{}", described, INVALID if error_id else NOTHING)


@functools.lru_cache(maxsize=32)
def _result_words(language: str | None) -> dict[str, str]:
    """The words every result repeats, translated once per language (not 20 times a page)."""
    return {
        "cost": _("Monthly cost"),
        "layout": _("Layout"),
        "vacancy": _("Vacancy"),
        "dedicated": format_html("<strong>{}</strong>", _("Dedicated housing")),
        "barrier_free": _("Barrier-free"),
        "no_guarantor": _("No guarantor needed"),
        "pets": _("Pets allowed"),
        "cost_note": _("Each home: monthly cost (rent and common fee) · layout · floor area · vacancy"),
    }


def _tags(u: ResultUnit, words: dict[str, str]) -> SafeString:
    tags = [accepts_summary(u)]
    if u.dedicated:
        tags.append(words["dedicated"])
    if u.barrier_free:
        tags.append(words["barrier_free"])
    if not u.guarantor_required:
        tags.append(words["no_guarantor"])
    if u.pets_allowed:
        tags.append(words["pets"])
    return format_html_join(" · ", "{}", ((t,) for t in tags))


def _point(u: ResultUnit) -> SafeString:
    if u.lat and u.lon is not None:  # "%f", as the template's stringformat:'f' wrote them
        return format_html(
            ' data-lat="{}" data-lon="{}" data-name="{}"', f"{u.lat:f}", f"{u.lon:f}", u.building_name
        )
    return NOTHING


def _distance(page: ResultPage, u: ResultUnit) -> SafeString:
    km = page.distances.get(u.pk)
    return format_html(" · {}", _("%(km)s km away") % {"km": localize(km)}) if km is not None else NOTHING


@register.simple_tag
def result_cards(page: ResultPage) -> SafeString:
    """The result list (``search/_results.html``): one card per building of the page, in the order of its
    first home; a building with several matching homes lists those of the page inside its card and says how
    many match in all (issue #14: a building's name 12 times in a row told nothing) — the same number on
    every page its homes fall on (``ResultPage.building_count``)."""
    groups: dict[int, list[ResultUnit]] = {}
    for u in page.units:
        groups.setdefault(u.building_id, []).append(u)
    return format_html_join(
        "\n",
        "{}",
        (
            (result_group(page, g) if page.building_count(b) > 1 else result_item(page, g[0]),)
            for b, g in groups.items()
        ),
    )


def _building_count_words(total: int, shown: int) -> str:
    """「この建物で条件に合う住戸：3戸」; when some of them are on another page, how many are on this one."""
    if shown >= total:
        return ngettext(
            "%(counter)s matching home in this building",
            "%(counter)s matching homes in this building",
            total,
        ) % {"counter": total}
    return ngettext(
        "%(counter)s matching home in this building, %(shown)s of them on this page",
        "%(counter)s matching homes in this building, %(shown)s of them on this page",
        total,
    ) % {"counter": total, "shown": shown}


def result_group(page: ResultPage, units: list[ResultUnit]) -> SafeString:
    """One building's card with several matching homes: the building once, how many match, a line per home
    of the page."""
    words = _result_words(get_language())
    first = units[0]
    rows = format_html_join(
        "\n",
        '        <li><a href="{}" aria-label="{} {}">{}</a> — {} · {} · {} m² · {}: {}<br>'
        '<span class="result-tags">{}</span></li>',
        (
            (
                u.url,
                u.building_name,  # a link names its building for who lists a page's links
                _("Room %(number)s") % {"number": u.number},
                _("Room %(number)s") % {"number": u.number},
                _("%(yen)s yen") % {"yen": intcomma(u.total_monthly)},
                u.layout,
                area(u.floor_area_m2),
                words["vacancy"],
                vacancy_words(u),
                _tags(u, words),
            )
            for u in units
        ),
    )
    return format_html(
        '<li class="result result-group" {}>\n'
        "      <h3>{}</h3>\n"
        '      <p class="result-count">{}</p>\n'
        '      <p class="result-place">{}{}</p>\n'
        '      <p class="result-cost-note">{}</p>\n'
        '      <ul class="result-rooms">\n{}\n      </ul>\n'
        "    </li>",
        _point(first),
        first.building_name,
        _building_count_words(page.building_count(first.building_id), len(units)),
        place_name(first.municipality_code),
        _distance(page, first),
        words["cost_note"],
        rows,
    )


@register.simple_tag
def result_item(page: ResultPage, u: ResultUnit) -> SafeString:
    """One result of the list: a building with one home on the page."""
    words = _result_words(get_language())
    return format_html(
        '<li class="result" {}>\n'
        '      <h3><a href="{}">{} <span class="result-unit">{}</span></a></h3>\n'
        '      <p class="result-place">{}{}</p>\n'
        '      <dl class="result-facts">\n'
        "        <div><dt>{}</dt><dd>{}</dd></div>\n"
        "        <div><dt>{}</dt><dd>{} · {} m²</dd></div>\n"
        "        <div><dt>{}</dt><dd>{}</dd></div>\n"
        "      </dl>\n"
        '      <p class="result-tags">{}</p>\n'
        "    </li>",
        _point(u),
        u.url,
        u.building_name,
        _("Room %(number)s") % {"number": u.number},
        place_name(u.municipality_code),
        _distance(page, u),
        words["cost"],
        _("%(yen)s yen") % {"yen": intcomma(u.total_monthly)},
        words["layout"],
        u.layout,
        area(u.floor_area_m2),
        words["vacancy"],
        vacancy_words(u),
        _tags(u, words),
    )
