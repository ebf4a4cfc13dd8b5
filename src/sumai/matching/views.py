"""Matching pages of a case: the homes form and its stored results, and the support corporations.

Every page shows household data (its needs, its groups): each opening is logged (``logs_access``), and
only the organisation that works the case and holds its household opens them
(``selectors.case_to_match``). No page shows the household's address."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sumai.core.actor import actor_of
from sumai.core.errors import NotAllowed
from sumai.core.formats import join_list
from sumai.core.labels import group_label
from sumai.core.views import fetch, logs_access
from sumai.domain import matching as domain
from sumai.matching import selectors, services, words
from sumai.matching.forms import HELP_NEEDED, HomesForm, SupportForm
from sumai.support.labels import TASK_LABELS


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _needs_context(needs: selectors.HouseholdNeeds) -> dict[str, Any]:
    return {
        "needs": needs,
        "group_names": [group_label(g) for g in needs.groups],
        "group_list": join_list(group_label(g) for g in needs.groups),
        "persons": len(needs.ages),
    }


def search_query(inputs: dict[str, Any]) -> str:
    """A stored search's inputs as the homes form's query (``?municipality=…&ceiling=…&pets=on``): "Change
    this search" opens the form as the search was made."""
    query: dict[str, Any] = {"municipality": inputs.get("municipality") or ""}
    if inputs.get("ceiling") is not None:
        query["ceiling"] = inputs["ceiling"]
    for name in ("area_standard", "barrier_free", "ground_floor", "pets"):
        if inputs.get(name):
            query[name] = "on"
    point = inputs.get("point")
    if point:
        query["lat"], query["lon"] = point
    return urlencode(query)


def _refs(refs: Any) -> list[str]:
    """The legal references of some reasons, each citation once in the order first given (a reason may
    cite several, "法62条5号, 法62条1号"): the page words each in its language (``legal_ref``)."""
    out: dict[str, None] = {}
    for ref in refs:
        for one in str(ref or "").split(", "):
            if one.strip():
                out[one.strip()] = None
    return list(out)


@logs_access("matching: finding homes for the household")
def homes(request: HttpRequest, pk: int) -> HttpResponse:
    case = fetch(request, selectors.case_to_match, pk=pk)
    household = case.household
    needs = selectors.household_needs(household)
    initial = {
        "municipality": household.municipality_id,
        "ceiling": needs.max_rent,
        "area_standard": bool(needs.ages),
        "barrier_free": needs.barrier_free,
        "ground_floor": needs.ground_floor,
        "pets": needs.pets,
    }
    prefecture = household.municipality.prefecture_id
    # the search as it was typed, when the browser comes back to it (matching/homes.js writes it into the
    # address on sending) or from a stored search's "Change this search": shown, never run or stored
    searched = request.method == "GET" and "municipality" in request.GET
    data = request.POST if request.method == "POST" else request.GET if searched else None
    form = HomesForm(data, initial=initial, prefecture_id=prefecture)
    status = 200
    if request.method == "POST":
        if needs.missing_birth_dates:
            # the priority groups cannot be decided: every home would be left out for "no group"
            form.add_error(
                None,
                _("A member's birth date is missing, so the household's priority groups cannot be decided."),
            )
        if form.is_valid():
            d = form.cleaned_data
            # no point given: no distance is measured (the part is unknown, the same for every home)
            lat, lon = d.get("lat"), d.get("lon")
            inputs = services.HomeInputs(
                municipality_code=d["municipality"],
                ceiling=d.get("ceiling"),
                area_standard=bool(d.get("area_standard")),
                barrier_free=bool(d.get("barrier_free")),
                ground_floor=bool(d.get("ground_floor")),
                pets=bool(d.get("pets")),
                lat=lat,
                lon=lon,
            )
            try:
                # the same list sent again a moment later (a double click, the form sent again after going
                # back) is the one stored already: not stored twice
                snap = services.match_homes(
                    actor=actor_of(request), case=case, inputs=inputs, reuse_same=True
                )
            except NotAllowed:
                status = 403
            else:
                return redirect("matching:snapshot", pk=case.pk, snapshot=snap.pk)
        else:
            status = 400
    return _no_store(
        render(
            request,
            "matching/homes.html",
            {
                "case": case,
                "form": form,
                "earlier": selectors.snapshots(case),
                "searched": searched,
                **_needs_context(needs),
            },
            status=status,
        )
    )


@logs_access("matching: reading the homes matched for the household")
def snapshot(request: HttpRequest, pk: int, snapshot: int) -> HttpResponse:
    found = fetch(request, selectors.snapshot_for, pk=pk, snapshot=snapshot)
    rows = selectors.home_rows(found, limit=20)
    lang = get_language()
    homes = [
        {
            "row": r,
            "why": [
                words.reason_text(x["message_key"], x.get("values", {}), language=lang) for x in r.reasons
            ],
            "refs": sorted({x["ref"] for x in r.reasons if x.get("ref")}),
            "parts": [
                {
                    "label": words.part_label(p["code"]),
                    "points": p["points"],
                    "weight": p["weight"],
                    "known": p.get("value") is not None,
                    "text": words.reason_text(p["message_key"], p.get("values", {}), language=lang),
                }
                for p in r.parts
            ],
        }
        for r in rows
    ]
    asked = selectors.asked_homes(found.case, [r.unit_id for r in rows])
    for home, r in zip(homes, rows, strict=True):
        home["asked"] = asked.get(r.unit_id)
    order = [r.value for r in domain.Rule]
    excluded = sorted(
        found.excluded.items(),
        key=lambda kv: order.index(kv[0].rsplit(".", 1)[1]) if kv[0].rsplit(".", 1)[1] in order else 99,
    )
    inputs = found.inputs
    weights = {p["code"]: p["weight"] for p in (found.ranked[0].get("parts", []) if found.ranked else [])}
    possible, scale = words.score_scale(inputs, weights)
    return _no_store(
        render(
            request,
            "matching/results.html",
            {
                "case": found.case,
                "snap": found,
                "homes": homes,
                "placed": selectors.placement_in_force(found.case),
                "total": len(found.ranked),
                "excluded": [(n, words.excluded_text(code, n)) for code, n in excluded],
                "inputs": inputs,
                "group_list": join_list(group_label(g) for g in inputs.get("groups", [])),
                "municipality": selectors.municipality_name(str(inputs.get("municipality", ""))),
                "versions": words.versions_text(found.versions),
                "possible": possible,
                "change_query": search_query(inputs),
                "score_scale": scale,
            },
        )
    )


@logs_access("matching: finding support for the household")
def support(request: HttpRequest, pk: int) -> HttpResponse:
    case = fetch(request, selectors.case_to_match, pk=pk)
    household = case.household
    needs = selectors.household_needs(household)
    initial = {
        "municipality": household.municipality_id,
        "help": list(needs.help),
        "languages": list(needs.languages),
    }
    form = SupportForm(
        request.GET or None, initial=initial, prefecture_id=household.municipality.prefecture_id
    )
    data = form.cleaned_data if request.GET and form.is_valid() else initial
    status = 400 if request.GET and not form.is_valid() else 200
    municipality = str(data.get("municipality") or household.municipality_id)
    today = timezone.localdate()
    found, corporations = selectors.corporation_candidates(municipality, today)
    ranked = domain.rank_support(
        found,
        domain.SupportNeeds(
            help=tuple(data.get("help") or ()),
            groups=needs.groups,
            languages=tuple(data.get("languages") or ()),
            on=today,
        ),
    )
    lang = get_language()
    rows = [
        {
            "corporation": corporations[m.corporation_id],
            "score": m.score,
            "why": [words.reason_text(r.message_key, dict(r.values), language=lang) for r in m.reasons],
            "refs": _refs(r.ref for r in m.reasons),
            "parts": [
                {
                    "label": words.part_label(p.code),
                    "points": round(p.points, 1),
                    "weight": p.weight,
                    "text": words.reason_text(p.reason.message_key, dict(p.reason.values), language=lang),
                }
                for p in m.parts
            ],
        }
        for m in ranked[:20]
    ]
    # which task each kind of help ticked needs: three kinds can need four tasks, said by name
    help_names: dict[str, Any] = {str(kind): label for kind, label in HELP_NEEDED}
    needed = [
        (help_names.get(kind, kind), join_list(TASK_LABELS.get(t, t) for t in tasks))
        for kind, tasks in domain.help_task_map(tuple(data.get("help") or ()), today)
        if tasks
    ]
    return _no_store(
        render(
            request,
            "matching/support.html",
            {
                "case": case,
                "form": form,
                "rows": rows,
                "total": len(ranked),
                "needed": needed,
                "municipality": selectors.municipality_name(municipality),
                **_needs_context(needs),
            },
            status=status,
        )
    )
