"""Vacancy confirmation: one click from the dashboard, or from the signed link of a reminder e-mail."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sumai.accounts.models import User
from sumai.core.access import access_for
from sumai.core.actor import Actor
from sumai.core.vacancy import valid_days
from sumai.core.views import error_text, fetch, message_at
from sumai.registry import vacancy
from sumai.registry.models import Unit
from sumai.registry.selectors import APPLICANT_ROLES, building_for, unit_of


def _confirmed_message(count: int, unknown: int) -> str:
    text = ngettext("Confirmed %(count)d unit.", "Confirmed %(count)d units.", count) % {"count": count}
    if unknown:
        text += " " + ngettext(
            "%(count)d unit has an unknown vacancy: set its status to show it in search.",
            "%(count)d units have an unknown vacancy: set their status to show them in search.",
            unknown,
        ) % {"count": unknown}
    return text


def _error_context(error: str) -> dict[str, object]:
    return {"error": error, "link_days": vacancy.LINK_MAX_AGE.days}


@require_POST
def confirm_building(request: HttpRequest, pk: int) -> HttpResponse:
    building = fetch(request, building_for, pk=pk, roles=APPLICANT_ROLES)
    count = vacancy.confirm_building(
        actor=Actor(user=cast(User, request.user), access=access_for(request)), building=building
    )
    messages.success(request, _confirmed_message(count, vacancy.unknown_count(building)))
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("registry:building", pk=building.pk)


def _chosen(request: HttpRequest) -> tuple[list[int], str]:
    """The units and status a vacancy form posts: one button (``set`` = "<unit id>:<status>") or the ticked
    units (``unit`` ids) and ``bulk`` = the status. A :class:`ValidationError` when they make no sense."""
    one = request.POST.get("set", "")
    unit_id, _sep, status = one.partition(":")
    if one:
        ids = [unit_id]
    else:
        ids, status = request.POST.getlist("unit"), request.POST.get("bulk", "")
    unit_ids = [int(i) for i in ids if i.isdigit() and len(i) <= 18]
    if len(unit_ids) != len(ids) or status not in vacancy.SETTABLE:
        raise ValidationError(_("Choose the units and what they are now."))
    return unit_ids, status


def _set_message(count: int, status: str) -> str:
    label = dict(Unit.Vacancy.choices)[status]
    return ngettext("%(count)d unit is now: %(status)s.", "%(count)d units are now: %(status)s.", count) % {
        "count": count,
        "status": label,
    }


@require_POST
def set_building_vacancy(request: HttpRequest, pk: int) -> HttpResponse:
    """The building page's vacancy controls: one button per unit or the chosen units at once."""
    building = fetch(request, building_for, pk=pk, roles=APPLICANT_ROLES)
    place = "vacancy"
    try:
        unit_ids, status = _chosen(request)
        count = vacancy.set_vacancies(
            actor=Actor(user=cast(User, request.user), access=access_for(request)),
            building=building,
            unit_ids=unit_ids,
            status=status,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc), extra_tags=message_at(place))
    else:
        one = unit_of(building, unit_ids[0]) if "set" in request.POST and len(unit_ids) == 1 else None
        if one is not None:
            # one unit's button: the answer in that unit's row, named — a unit far down a long building page
            # stays in sight (the page landed on the section's top, 8,000 px above the unit, on a phone)
            place = f"vacancy-unit-{unit_ids[0]}"
            text = _("Unit %(number)s is now: %(status)s.") % {
                "number": one.number,
                "status": dict(Unit.Vacancy.choices)[status],
            }
        else:
            text = _set_message(count, status)
        messages.success(request, text, extra_tags=message_at(place))
    # lands on the message: on a phone the top of the page is out of sight there
    return redirect(reverse("registry:building", kwargs={"pk": building.pk}) + f"#{place}-messages")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the signed token is the credential. GET only shows (mail scanners follow links); POST
    confirms the whole building, or sets one unit (its button)."""
    try:
        building = vacancy.building_for_link(token)
    except vacancy.LinkExpired:
        return render(request, "registry/vacancy_confirm.html", _error_context("expired"), status=410)
    except vacancy.LinkInvalid:
        return render(request, "registry/vacancy_confirm.html", _error_context("invalid"), status=400)
    if request.method == "POST":
        if "set" in request.POST:  # one unit's button
            try:
                unit_ids, status = _chosen(request)
                building, count = vacancy.set_vacancies_by_link(token=token, unit_ids=unit_ids, status=status)
            except ValidationError as exc:
                messages.error(request, error_text(exc), extra_tags=message_at("vacancy-units"))
            else:
                messages.success(request, _set_message(count, status), extra_tags=message_at("vacancy-units"))
            return redirect(request.path + "#vacancy-units-messages")
        building, count = vacancy.confirm_building_by_link(token=token)
        messages.success(request, _confirmed_message(count, vacancy.unknown_count(building)))
        return redirect(request.path)
    return render(
        request,
        "registry/vacancy_confirm.html",
        {
            "building": building,
            "rows": vacancy.units_with_freshness(building),
            "valid_days": valid_days(),
            "page_title": _("Confirm the vacancy of %(name)s") % {"name": building.name},
        },
    )
