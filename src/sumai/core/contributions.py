"""What apps contribute to pages they do not own, registered in their ``AppConfig.ready()``.

An app that shows something another app knows asks here by name instead of importing that app (no
``importlib``, no swallowed ``ImportError``: an app that is not installed simply provides nothing, and a bug
in one that is installed raises as any bug does). The names and their signatures:

- ``statistics.designated_corporations``: ``() -> list[(prefecture_code, legal_form, count)]`` (support)
- ``statistics.legal_form_labels``: ``() -> dict[legal_form, label]`` (support)
- ``statistics.councils_by_prefecture``: ``(*, on) -> {prefecture_code: {"prefectural": n, "municipal": n}}``
  (councils)
- ``statistics.council_coverage``: ``(*, on) -> (national, {prefecture_code: coverage})``, a coverage having
  ``population, covered, municipalities, covered_municipalities, percent`` (councils)
- ``statistics.housing_by_prefecture``: ``() -> {prefecture_code: counts}``, counts having ``registered,
  dedicated, vacant, buildings`` (search: the public index)
- ``statistics.registration_trend``: ``() -> list[(month, registered that month, registered at its end)]``
  (search)
- ``statistics.consultations``: ``() -> counts`` with ``populations`` ({population: {municipality_code: n}})
  and ``breakdowns`` (each: ``key, population, additive, categories [(code, label)], counts
  {municipality_code: {code: n}}, groups [(code, label, member codes)]``); raw, the insights app suppresses
  small cells (cases)
- ``statistics.first_contact``: ``(*, municipality_codes) -> {"request"|"referral": {working days: n}}``
  (cases)
- ``unit_page.sections``: ``(*, building) -> Section | None``, many providers (support)
- ``audit.history_visible``: ``(*, object_type, object_id, visible_to) -> bool``, many providers: the asker
  oversees the record, so its whole history is theirs to read (registry: the reviewing authority)
- ``dashboard.links``: ``(*, organisation, role) -> Section | None``, many providers: the links of an
  organisation's panel on the dashboard (registry, support, councils, cases)
- ``case_page.sections``: ``(*, case, visible_to) -> Section | None``, many providers: parts of a case's page
  (matching: "find homes" and "find support" for a household the asker's organisation holds)
- ``routing.councils``: ``(*, municipality_code, prefecture_code) -> (municipal_ids, prefectural_ids)``: the
  organisation ids of the active councils a consultation request can go to (councils)
- ``routing.corporations``: ``(*, municipality_code) -> [(organisation_id, name)]``: the designated support
  corporations serving a municipality, in the directory's order (support)
- ``routing.council_area``: ``(*, organisation_id) -> (prefecture_code, codes | None) | None``: the area of
  a council (None for the codes: the whole prefecture); None when the organisation is no council (councils)
- ``matching.landlord_records``: ``(*, operator_ids) -> {operator_id: LandlordRecord(asked, answered,
  accepted)}``: how each landlord answered the inquiries it was sent (placements)
- ``matching.asked_homes``: ``(*, case, unit_ids) -> {unit_id: AskedHome}``: the latest inquiry of the case
  about each of those homes (reference, state in words, whether it still waits for the landlord, when it was
  sent), so that the matched homes say which were asked already (placements)
- ``matching.placement_in_force``: ``(*, case) -> str | None``: the address of the case's placement whose
  tenancy is in force (recorded, neither ended nor cancelled), None when there is none: the matched homes
  then ask no landlord for a household already housed (placements)
- ``cases.task_links``: ``(*, task_ids) -> {task_id: TaskLink}``, many providers: the tasks among those
  that another app owns and closes itself (a follow-up after move-in closes when it is answered), each with
  the address where it is done and the words of the link. The case page and "my day" show that link instead
  of the generic "done" button, and the generic button refuses such a task (placements)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_ONE: dict[str, Callable[..., Any]] = {}
_MANY: dict[str, list[Callable[..., Any]]] = {}

KNOWN = frozenset(
    {
        "statistics.designated_corporations",
        "statistics.legal_form_labels",
        "statistics.councils_by_prefecture",
        "statistics.council_coverage",
        "statistics.housing_by_prefecture",
        "statistics.registration_trend",
        "statistics.consultations",
        "statistics.first_contact",
        "unit_page.sections",
        "dashboard.links",
        "case_page.sections",
        "audit.history_visible",
        "routing.councils",
        "routing.corporations",
        "routing.council_area",
        "matching.landlord_records",
        "matching.asked_homes",
        "matching.placement_in_force",
        "cases.task_links",
    }
)


@dataclass(frozen=True)
class Section:
    """A part of another app's page: a template of the contributing app and its context."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TaskLink:
    """Where a task another app owns is done (``url``), and the words of the link (``label``)."""

    url: str
    label: str


def task_links(task_ids: list[int]) -> dict[int, TaskLink]:
    """The ``cases.task_links`` of every provider for ``task_ids``, merged (empty without a provider)."""
    out: dict[int, TaskLink] = {}
    if not task_ids:
        return out
    for found in collect("cases.task_links", task_ids=list(task_ids)):
        out.update(found)
    return out


def _check(name: str) -> None:
    if name not in KNOWN:
        raise KeyError(f"unknown contribution {name!r}; add it to sumai.core.contributions.KNOWN and its doc")


def provide(name: str, fn: Callable[..., Any]) -> None:
    """Register the one provider of ``name``."""
    _check(name)
    if name in _ONE and _ONE[name] is not fn:
        raise RuntimeError(f"{name!r} is provided twice")
    _ONE[name] = fn


def provider(name: str) -> Callable[..., Any] | None:
    """The provider of ``name``, or None when no installed app provides it."""
    _check(name)
    return _ONE.get(name)


def add(name: str, fn: Callable[..., Any]) -> None:
    """Register one of many providers of ``name`` (in app order)."""
    _check(name)
    if fn not in _MANY.setdefault(name, []):
        _MANY[name].append(fn)


def collect(name: str, **kwargs: Any) -> list[Any]:
    """What every provider of ``name`` gives for ``kwargs`` (``None`` results are left out)."""
    _check(name)
    return [r for r in (fn(**kwargs) for fn in _MANY.get(name, [])) if r is not None]
