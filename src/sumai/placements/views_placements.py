"""Placement pages of a case: record a placement (the home chosen by an accepted inquiry or its registration
number, then the lease), the placement with its subsidies and follow-ups, a follow-up's answer, the end of
the tenancy.

Every page shows household data: each opening is logged (``logs_access``), and only the organisation that
works the case and holds its household opens them (``selectors_placements.case_to_place``). The pages show
the new home (municipality, building, unit), never the household's old address."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sumai.cases.models import Case
from sumai.core.actor import actor_of
from sumai.core.errors import Conflict
from sumai.core.views import error_text, fetch, logs_access, needs_confirmation, require
from sumai.domain import casework as domain_case
from sumai.domain import placement as domain
from sumai.placements import selectors_placements as selectors
from sumai.placements import services_placements as services
from sumai.placements.forms_placements import (
    CancelForm,
    EndForm,
    FollowUpForm,
    PlacementForm,
    UnitChoiceForm,
)
from sumai.placements.models import FollowUp, Placement
from sumai.placements.words_placements import day_text, subsidy_rows
from sumai.registry.models import Unit

# A URL that only takes a form's POST answers a GET (a reload of the page the POST answered with errors,
# Enter in the address bar, the language switch) by going to the placement page the form is on: never 405.
POST_OR_BACK = require_http_methods(["GET", "HEAD", "POST"])


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _initial(unit: Unit, inquiry: Any, named: Any) -> dict[str, Any]:
    """The lease form's first values: today's dates; from an accepted inquiry, the home's registered rent,
    fee and deposit, the rent guarantee its support package arranged and the support corporation it
    names."""
    initial: dict[str, Any] = {"move_in_on": timezone.localdate(), "signed_on": timezone.localdate()}
    if inquiry is not None:
        initial.update({"rent": unit.rent, "common_fee": unit.common_fee, "deposit": unit.deposit})
        guarantee = selectors.package_guarantee(inquiry)
        if guarantee is not None:
            initial.update({"guarantee": guarantee[0], "guarantor": guarantee[1]})
        if named is not None:
            initial["support_corporation"] = named.pk
    return initial


# ---------------------------------------------------------------------------------- record a placement
@logs_access("placement: recording the household's lease and move-in")
def placement_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = fetch(request, selectors.case_to_place_writable, pk=pk)
    source = request.POST if request.method == "POST" else request.GET
    inquiry = selectors.accepted_inquiry(case, source.get("inquiry"))
    unit: Unit | None = inquiry.unit if inquiry is not None else None
    choose = UnitChoiceForm(
        request.GET if "registration_number" in request.GET else None, units_of=selectors.registered_units
    )
    status = 200
    if unit is None and source.get("unit"):
        text = str(source.get("unit"))
        unit = selectors.unit_by_id(int(text)) if text.isdigit() and len(text) <= 18 else None
    if unit is None and choose.is_bound:
        if choose.is_valid():
            unit = choose.unit
        else:
            status = 400
    context: dict[str, Any] = {"case": case, "choose": choose, "inquiry": inquiry, "unit": unit}
    in_force = selectors.current_placement_of_case(case)
    if in_force is not None:
        # said before anything is typed: the service would refuse the whole form at the end
        context["in_force"] = in_force
        status = 400 if request.method == "POST" else 200
        return _no_store(render(request, "placements/placement_new.html", context, status=status))
    if unit is None:
        if request.method == "POST":
            status = 400
        return _no_store(render(request, "placements/placement_new.html", context, status=status))
    current = selectors.current_placement_of_unit(unit.pk)
    named = selectors.package_corporation(inquiry)
    corporations = selectors.corporation_choices(
        municipality_code=unit.building.municipality_id, case=case, named=named
    )
    form = PlacementForm(
        request.POST if request.method == "POST" else None,
        unit=unit,
        corporations=corporations,
        asked_on=inquiry.sent_on if inquiry is not None else None,
        initial=_initial(unit, inquiry, named),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                placement = services.placement_record(
                    actor=actor_of(request),
                    case=case,
                    unit=unit,
                    data=form.lease(),
                    inquiry=inquiry,
                    acknowledged=bool(form.cleaned_data.get("acknowledge")),
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request, _("Placement recorded. The home is now occupied and the follow-ups are planned.")
                )
                return redirect("placements:placement", pk=case.pk, placement=placement.pk)
        status = 400
    context.update(
        {"form": form, "current": current, "withdrawn": selectors.other_inquiries_to_withdraw(case, inquiry)}
    )
    return _no_store(render(request, "placements/placement_new.html", context, status=status))


# --------------------------------------------------------------------------------------- the placement
def _follow_up_rows(placement: Placement, rows: list[FollowUp], today: Any) -> list[dict[str, Any]]:
    """Each follow-up with its state in words' terms: ``answered``; ``not_applicable`` (the household did
    not move in, or it is due after the tenancy ended); ``unanswered`` (the tenancy ended before it was
    asked); ``open`` (it may be answered now: its due day has come, ``domain.follow_up_opens_on``);
    ``overdue``; ``not_yet`` (with the day it opens)."""
    out = []
    for f in rows:
        opens = domain.follow_up_opens_on(f.due, move_in_on=placement.move_in_on)
        if f.answered_on is not None:
            state = "answered"
        elif placement.cancelled_on is not None:
            state = "not_applicable"
        elif placement.ended_on is not None:
            state = "not_applicable" if f.due > placement.ended_on else "unanswered"
        elif opens > today:
            state = "not_yet"
        elif f.due < today:
            state = "overdue"
        else:
            state = "open"
        out.append({"f": f, "state": state, "opens_on": opens})
    return out


def _page(
    request: HttpRequest,
    placement: Placement,
    *,
    answer_form: FollowUpForm | None = None,
    answering: FollowUp | None = None,
    end_form: EndForm | None = None,
    cancel_form: CancelForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The placement page; ``answering``: the follow-up whose answer ``answer_form`` refused (its form is
    shown again with the errors, whichever follow-up the page would offer)."""
    case = placement.case
    today = timezone.localdate()
    rows = selectors.follow_ups(placement)
    states = _follow_up_rows(placement, rows, today)
    current = placement.is_current
    # only the follow-up that is due is offered (the first not answered whose day has come)
    next_up = next((r["f"] for r in states if r["state"] in ("open", "overdue")), None) if current else None
    if answering is not None and current and answering.answered_on is None:
        next_up = answering
    upcoming = next((r for r in states if r["state"] == "not_yet"), None) if current else None
    writer = selectors.case_to_place_writable(pk=case.pk, visible_to=_access(request)) is not None
    last = rows[-1] if rows else None
    offer_close = (
        writer
        and case.status == Case.Status.FOLLOWING_UP
        and last is not None
        and last.holds is True
        and current
    )
    return _no_store(
        render(
            request,
            "placements/placement.html",
            {
                "case": case,
                "placement": placement,
                "unit": placement.unit,
                "follow_ups": states,
                "next_up": next_up,
                "upcoming": upcoming if next_up is None else None,
                "writer": writer,
                "answer_form": answer_form or FollowUpForm(initial={"asked_on": today}),
                # the end of a tenancy is recorded once the household has moved in (ended on ≥ move-in,
                # not after today); before that, the household may still back out: cancel
                "can_end": current and placement.move_in_on <= today,
                "can_cancel": services.may_cancel(placement, today=today),
                "end_form": end_form or EndForm(initial={"version": placement.version}),
                "cancel_form": cancel_form or CancelForm(initial={"version": placement.version}),
                "subsidies": subsidy_rows(placement.subsidies),
                "offer_close": offer_close,
                "close_action": domain_case.CaseAction.CLOSE.value,
                "close_reason": domain_case.CloseReason.HOUSED_STABLE.value,
                "suggest_search": not current and case.is_open,
                "today": today,
            },
            status=status,
        )
    )


def _access(request: HttpRequest) -> Any:
    from sumai.core.access import access_for

    return access_for(request)


@logs_access("placement: reading the household's tenancy and its follow-ups")
def placement(request: HttpRequest, pk: int, placement: int) -> HttpResponse:
    found = fetch(request, selectors.placement_for, pk=pk, placement=placement)
    return _page(request, found)


@POST_OR_BACK
def followup_answer(request: HttpRequest, pk: int, placement: int, follow_up: int) -> HttpResponse:
    found = fetch(request, selectors.placement_for_writer, pk=pk, placement=placement)
    item = require(selectors.follow_up_of(found, follow_up))
    if request.method != "POST":
        return redirect(
            reverse("placements:placement", kwargs={"pk": pk, "placement": found.pk}) + "#follow-ups"
        )
    form = FollowUpForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            outcome = services.follow_up_answer(
                actor=actor_of(request),
                follow_up=item,
                asked_on=d["asked_on"],
                holds=d["holds"],
                note=d.get("note") or "",
                ended_on=d.get("ended_on"),
                end_note=d.get("end_note") or "",
            )
        except ValidationError as exc:
            if not found.is_current:
                # ended or cancelled meanwhile: the page shows no answer form to carry the error
                messages.error(request, error_text(exc))
                return redirect(
                    reverse("placements:placement", kwargs={"pk": pk, "placement": found.pk}) + "#follow-ups"
                )
            _form_errors(form, exc)
        else:
            if outcome.suggest_search:
                messages.warning(
                    request,
                    _("The end of the tenancy is recorded. The case stays open: look for a home again."),
                )
            elif outcome.offer_close:
                messages.success(
                    request,
                    _(
                        "The tenancy holds after the last follow-up. You may close the case: the "
                        "household is housed."
                    ),
                )
            else:
                messages.success(request, _("Follow-up answered."))
            return redirect(
                reverse("placements:placement", kwargs={"pk": pk, "placement": found.pk}) + "#follow-ups"
            )
    return _page(request, found, answer_form=form, answering=item, status=400)


@POST_OR_BACK
def placement_end(request: HttpRequest, pk: int, placement: int) -> HttpResponse:
    found = fetch(request, selectors.placement_for_writer, pk=pk, placement=placement)
    if request.method != "POST":
        return redirect(
            reverse("placements:placement", kwargs={"pk": pk, "placement": found.pk}) + "#end-heading"
        )
    form = EndForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.tenancy_end(
                actor=actor_of(request),
                placement=found,
                ended_on=d["ended_on"],
                note=d["end_note"],
                version=d["version"],
            )
        except (ValidationError, Conflict) as exc:
            if isinstance(exc, ValidationError):
                _form_errors(form, exc)
            else:
                form.add_error(None, str(exc))
        else:
            messages.warning(
                request, _("The end of the tenancy is recorded. The case stays open: look for a home again.")
            )
            return redirect("placements:placement", pk=pk, placement=found.pk)
    return _page(request, found, end_form=form, status=400)


@POST_OR_BACK
def placement_cancel(request: HttpRequest, pk: int, placement: int) -> HttpResponse:
    """The household did not move in: the placement is cancelled (asked first: it cannot be undone)."""
    found = fetch(request, selectors.placement_for_writer, pk=pk, placement=placement)
    back = reverse("placements:placement", kwargs={"pk": pk, "placement": found.pk})
    if request.method != "POST":
        return redirect(back + "#cancel-heading")
    form = CancelForm(request.POST)
    if form.is_valid():
        asked = needs_confirmation(
            request,
            question=_("Cancel the placement in %(home)s: the household did not move in?")
            % {"home": f"{found.unit.building.name} {found.unit.number}"},
            detail=_(
                "The placement stays in the case's record as cancelled and is not counted as housed; the "
                "home is shown as vacant again, the follow-ups are closed and the case goes back to "
                "searching. This cannot be undone: if the household moves in after all, record a new "
                "placement."
            ),
            button=_("Cancel the placement"),
            cancel=back + "#cancel-heading",
        )
        if asked:
            return _no_store(asked)
        d = form.cleaned_data
        try:
            services.placement_cancel(
                actor=actor_of(request), placement=found, note=d["cancel_note"], version=d["version"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.warning(
                request,
                _(
                    "The placement is cancelled (%(day)s): the household did not move in. The case is back "
                    "to searching."
                )
                % {"day": day_text(timezone.localdate())},
            )
            return redirect(back)
    return _page(request, found, cancel_form=form, status=400)
