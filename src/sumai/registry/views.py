"""Landlords register buildings and units; authorities review them. Views stay thin: forms validate,
services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sumai.audit.selectors import history_for
from sumai.core.access import access_for
from sumai.core.actor import actor_of
from sumai.core.errors import Conflict
from sumai.core.roles import ROLES, WRITERS
from sumai.core.uploads import file_response
from sumai.core.views import error_text, fetch, logs_access, needs_confirmation, require
from sumai.registry import selectors, services
from sumai.registry.forms import (
    AgentSearchForm,
    AreaListForm,
    AttachmentForm,
    BuildingForm,
    BuildingListForm,
    DecisionForm,
    InstructionForm,
    OperatorProfileForm,
    StrikeOffForm,
    UnitForm,
)
from sumai.registry.messages import describe
from sumai.registry.models import Building, OperatorProfile, Registration, Unit
from sumai.registry.vacancy import units_with_freshness


def _building(request: HttpRequest, pk: int, *, write: bool = False) -> Building:
    return fetch(request, selectors.building_for, pk=pk, roles=WRITERS if write else ROLES)


def _findings_view(findings: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{**f, "text": describe(f)} for f in findings]


# --------------------------------------------------------------------------------------------- landlord
def building_list(request: HttpRequest) -> HttpResponse:
    who = access_for(request)
    operators = list(selectors.operators_actable_by(who, roles=ROLES))
    form = BuildingListForm(request.GET or None, operators=operators)
    buildings = selectors.building_list(visible_to=who, filters=form.filters())
    page = Paginator(buildings, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/building_list.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "filtered": bool(form.filters()),
            "many_landlords": len(operators) > 1,
            "can_write": selectors.operators_actable_by(who).exists(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def building_new(request: HttpRequest) -> HttpResponse:
    operators = selectors.operators_actable_by(access_for(request))
    if not operators.exists():
        raise PermissionDenied
    form = BuildingForm(request.POST or None, operators=operators)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "municipality": form.cleaned_data["municipality_code"]}
        try:
            building = services.building_create(
                actor=actor_of(request), operator=form.cleaned_data["operator"], data=data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Building saved. Now add its units."))
            return redirect("registry:unit_new", pk=building.pk)
    return render(
        request,
        "registry/building_form.html",
        {"form": form, "tile_url": settings.SUMAI["TILE_URL"]},
        status=400 if request.method == "POST" else 200,
    )


def building_edit(request: HttpRequest, pk: int) -> HttpResponse:
    building = _building(request, pk, write=True)
    form = BuildingForm(request.POST or None, instance=building)
    status = 400
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "municipality": form.cleaned_data["municipality_code"]}
        try:
            # the form has changed ``building`` in place: the service gets the stored one (its "before")
            stored = _building(request, pk, write=True)
            services.building_update(
                actor=actor_of(request),
                building=stored,
                data=data,
                edit_token=form.cleaned_data.get("edit_token") or "",
            )
        except Conflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Building saved."))
            return redirect("registry:building", pk=pk)
    return render(
        request,
        "registry/building_form.html",
        {"form": form, "building": building, "tile_url": settings.SUMAI["TILE_URL"]},
        status=status if request.method == "POST" else 200,
    )


@logs_access("a building's application and its landlord's particulars")
def building_detail(request: HttpRequest, pk: int) -> HttpResponse:
    building = _building(request, pk)
    registration = building.registration
    units = selectors.units_of(building)
    result = services.standards_check(building)
    who = access_for(request)
    can_write = selectors.operators_actable_by(who).filter(pk=building.operator_id).exists()
    notes = list(selectors.notes_of(registration))
    return render(
        request,
        "registry/building_detail.html",
        {
            "building": building,
            "registration": registration,
            "units": units,
            "open_request": selectors.open_request(registration, notes),
            "findings": _findings_view(result.as_json()),
            "check_ok": result.ok,
            "editable": registration.state in services.EDITABLE_STATES and can_write,
            "can_write": can_write,
            "notes": notes,
            "attachments": selectors.attachments_of(registration),
            "attachment_form": AttachmentForm(building=building),
            "history": history_for(
                object_type="registry.registration", object_id=str(registration.pk), visible_to=who
            )[:20],
        },
    )


def unit_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _unit_form(request, pk, None)


def unit_edit(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    return _unit_form(request, pk, unit_id)


def _unit_form(request: HttpRequest, pk: int, unit_id: int | None) -> HttpResponse:
    building = _building(request, pk, write=True)
    unit = require(selectors.unit_of(building, unit_id)) if unit_id else None
    form = UnitForm(request.POST or None, instance=unit or Unit(building=building))
    status = 400
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "facilities": form.facilities()}
        try:
            services.unit_save(
                actor=actor_of(request),
                building=building,
                data=data,
                unit=unit,
                edit_token=form.cleaned_data.get("edit_token") or "",
            )
        except Conflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Unit %(number)s saved.") % {"number": data["number"]})
            if "add_another" in request.POST:
                return redirect("registry:unit_new", pk=pk)
            return redirect("registry:building", pk=pk)
    return render(
        request,
        "registry/unit_form.html",
        {"form": form, "building": building, "unit": unit},
        status=status if request.method == "POST" else 200,
    )


@require_POST
def unit_delete(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    building = _building(request, pk, write=True)
    unit = require(selectors.unit_of(building, unit_id))
    if asked := needs_confirmation(
        request,
        question=_("Delete unit %(number)s of %(name)s?") % {"number": unit.number, "name": building.name},
        detail=_("The unit and what was entered for it are removed. This cannot be undone."),
        button=_("Yes, delete the unit"),
        cancel=reverse("registry:building", kwargs={"pk": pk}),
    ):
        return asked
    try:
        services.unit_delete(actor=actor_of(request), unit=unit)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Unit deleted."))
    return redirect("registry:building", pk=pk)


@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    building = _building(request, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES, building=building)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
        return redirect("registry:building", pk=pk)
    try:
        services.attachment_add(
            actor=actor_of(request),
            registration=building.registration,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            unit=form.cleaned_data.get("unit"),
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Document attached."))
    return redirect("registry:building", pk=pk)


@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    building = _building(request, pk, write=True)
    attachment = require(selectors.attachment_of(building.registration, attachment_id))
    if asked := needs_confirmation(
        request,
        question=_("Remove the document “%(name)s”?") % {"name": attachment.original_name},
        detail=_("The file is deleted. This cannot be undone."),
        button=_("Yes, remove the document"),
        cancel=reverse("registry:building", kwargs={"pk": pk}),
    ):
        return asked
    try:
        services.attachment_delete(actor=actor_of(request), attachment=attachment)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Document removed."))
    return redirect("registry:building", pk=pk)


@logs_access("a document of an application")
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse | FileResponse:
    """Documents are never public: the applicant's side and the reviewing authority only."""
    attachment = fetch(request, selectors.attachment_for, pk=attachment_id)
    return file_response(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        filename=attachment.original_name,
        cache="private, no-store",
    )


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        raise ValidationError(_("The form is out of date. Reload the page.")) from None


@require_POST
def building_submit(request: HttpRequest, pk: int) -> HttpResponse:
    building = _building(request, pk, write=True)
    try:
        services.registration_submit(
            actor=actor_of(request),
            registration=building.registration,
            version=_version(request),
            note=request.POST.get("note", ""),
        )
    except services.SubmissionBlocked as exc:
        messages.error(
            request,
            _("Not submitted: %(n)d problem(s) must be fixed first. They are listed below.")
            % {"n": exc.result.errors},
        )
    except Conflict as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("Submitted to %(authority)s. You will be notified of the decision.")
            % {"authority": building.registration.authority_code},
        )
    return redirect("registry:building", pk=pk)


def _applicant_step(request: HttpRequest, pk: int, step: Any, success: str, **fields: str) -> HttpResponse:
    """Run one of the applicant's workflow services on the building's registration with the version the
    page showed and the posted ``fields``; report the outcome and go back to the building."""
    building = _building(request, pk, write=True)
    try:
        step(
            actor=actor_of(request),
            registration=building.registration,
            version=_version(request),
            **{name: request.POST.get(name, "") for name in fields},
        )
    except (Conflict, ValidationError) as exc:
        messages.error(request, error_text(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, success)
    return redirect("registry:building", pk=pk)


@require_POST
def building_recall(request: HttpRequest, pk: int) -> HttpResponse:
    return _applicant_step(request, pk, services.registration_recall, _("The application is a draft again."))


@require_POST
def building_notify_change(request: HttpRequest, pk: int) -> HttpResponse:
    return _applicant_step(
        request,
        pk,
        services.registration_notify_change,
        _("Change notified. Make the changes now; the authority will accept them."),
        text="text",
    )


@require_POST
def building_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _applicant_step(
        request,
        pk,
        services.registration_withdraw,
        _("Withdrawal notified to the registration authority."),
        comment="comment",
    )


# -------------------------------------------------------------------------------------------- authority
def review_inbox(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state and state not in Registration.State.values:
        state = ""
    who = access_for(request)
    qs = selectors.inbox(
        visible_to=who,
        state=state,
        municipality=request.GET.get("municipality", "")[:6],
        q=request.GET.get("q", "")[:100],
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/inbox.html",
        {
            "page": page,
            "state": state,
            "states": Registration.State.choices,
            "q": request.GET.get("q", ""),
            "authority_codes": selectors.authority_codes(who),
        },
    )


def registered_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.inbox(
        visible_to=access_for(request), state=Registration.State.REGISTERED, q=request.GET.get("q", "")[:100]
    ).order_by("-registered_on", "-pk")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "registry/registered_list.html", {"page": page, "q": request.GET.get("q", "")})


def _registration(request: HttpRequest, pk: int) -> Registration:
    return fetch(request, selectors.registration_for_review, pk=pk)


@logs_access("the review of a registration")
def review_detail(
    request: HttpRequest, pk: int, *, form: DecisionForm | None = None, status: int = 200
) -> HttpResponse:
    registration = _registration(request, pk)
    building = registration.building
    is_change = registration.state == Registration.State.CHANGE_NOTIFIED
    units = list(selectors.units_of(building))
    result = services.change_check(registration) if is_change else services.standards_check(building)
    who = access_for(request)
    can_decide = registration.authority_code in selectors.authority_codes(who, roles=WRITERS)
    form = form or DecisionForm(initial={"version": registration.version})
    allowed = (
        ("accept_change", "return_change", "reject_change")
        if is_change
        else ("register", "request_changes", "reject")
    )
    form.fields["decision"].choices = [c for c in DecisionForm.DECISIONS if c[0] in allowed]  # type: ignore[attr-defined]
    return render(
        request,
        "registry/review.html",
        {
            "registration": registration,
            "building": building,
            "units": units,
            "reasons": [(u.number, u.acceptance_reason) for u in units if u.acceptance_reason],
            "findings": _findings_view(result.as_json()),
            "check_ok": result.ok,
            "warnings": result.warnings,
            "can_decide": can_decide
            and registration.state in (Registration.State.SUBMITTED, Registration.State.CHANGE_NOTIFIED),
            "is_change": is_change,
            "changes": services.changes_of(registration) if is_change else [],
            "can_supervise": can_decide and registration.state == Registration.State.REGISTERED,
            "form": form,
            "strike_form": StrikeOffForm(initial={"version": registration.version}),
            "instruction_form": InstructionForm(),
            "notes": selectors.notes_of(registration),
            "attachments": selectors.attachments_of(registration),
            "history": history_for(
                object_type="registry.registration", object_id=str(registration.pk), visible_to=who
            )[:50],
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return review_detail(request, pk, form=form, status=400)
    data: dict[str, Any] = form.cleaned_data
    actor = actor_of(request)
    try:
        if data["decision"] == "register":
            services.review_register(
                actor=actor,
                registration=registration,
                version=data["version"],
                acknowledge_warnings=data["acknowledge_warnings"],
            )
            messages.success(request, _("Registered."))
        elif data["decision"] == "request_changes":
            services.review_request_changes(
                actor=actor, registration=registration, version=data["version"], comment=data["comment"]
            )
            messages.success(request, _("Changes requested. The landlord has been notified."))
        elif data["decision"] == "accept_change":
            services.review_accept_change(actor=actor, registration=registration, version=data["version"])
            messages.success(request, _("Change accepted. The registry now shows the building as it stands."))
        elif data["decision"] == "return_change":
            services.review_return_change(
                actor=actor, registration=registration, version=data["version"], comment=data["comment"]
            )
            messages.success(
                request, _("Returned to the landlord for correction. The landlord has been notified.")
            )
        elif data["decision"] == "reject_change":
            services.review_reject_change(
                actor=actor, registration=registration, version=data["version"], comment=data["comment"]
            )
            messages.success(
                request,
                _("Change not accepted. The registration stays as it was; the landlord has been notified."),
            )
        else:
            services.review_reject(
                actor=actor,
                registration=registration,
                version=data["version"],
                reason_code=data["reason_code"],
                comment=data["comment"],
            )
            messages.success(request, _("Rejected. The landlord has been notified."))
    except Conflict as exc:
        messages.error(request, str(exc))
        return redirect("registry:review", pk=pk)
    except services.SubmissionBlocked:
        form.add_error(None, _("The standards check has errors; the building cannot be registered."))
        return review_detail(request, pk, form=form, status=400)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return review_detail(request, pk, form=form, status=400)
    return redirect("registry:review", pk=pk)


@require_POST
def review_instruct(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    form = InstructionForm(request.POST)
    if form.is_valid():
        try:
            services.supervision_instruction(
                actor=actor_of(request), registration=registration, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Instruction sent to the landlord."))
    else:
        messages.error(request, _("Write the instruction."))
    return redirect("registry:review", pk=pk)


@require_POST
def review_strike_off(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    form = StrikeOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason for striking off."))
        return redirect("registry:review", pk=pk)
    if asked := needs_confirmation(
        request,
        question=_("Strike off the registration of %(name)s?") % {"name": registration.building.name},
        detail=_(
            "The building leaves the register and the public search at once, and the landlord is told. "
            "Reason: %(reason)s"
        )
        % {"reason": dict(form.fields["reason_code"].choices).get(form.cleaned_data["reason_code"], "")},  # type: ignore[attr-defined]
        button=_("Yes, strike it off"),
        cancel=reverse("registry:review", kwargs={"pk": pk}),
    ):
        return asked
    try:
        services.registration_strike_off(
            actor=actor_of(request),
            registration=registration,
            version=form.cleaned_data["version"],
            reason_code=form.cleaned_data["reason_code"],
            comment=form.cleaned_data["comment"],
        )
    except Conflict as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The registration was struck off."))
    return redirect("registry:review", pk=pk)


# ---------------------------------------------------------------------------------- landlord's particulars
@logs_access("a landlord's particulars")
def operator_page(request: HttpRequest, org_id: int) -> HttpResponse:
    """The landlord's particulars and the agents it has authorised."""
    who = access_for(request)
    operator = fetch(request, selectors.operator_for, org_id=org_id)
    profile = selectors.operator_profile_of(operator)
    can_edit = selectors.can_edit_operator(who, org_id)
    is_admin = selectors.is_operator_admin(who, org_id)
    form = OperatorProfileForm(
        request.POST or None, instance=profile or OperatorProfile(organisation=operator)
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.operator_profile_save(
                    actor=actor_of(request),
                    operator=operator,
                    data=form.cleaned_data,
                    edit_token=form.cleaned_data.get("edit_token") or "",
                )
            except Conflict as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("registry:operator", org_id=org_id)
    search = AgentSearchForm(request.GET or None)
    candidates = []
    if is_admin and search.is_valid() and search.cleaned_data["q"]:
        candidates = selectors.agent_candidates(
            q=search.cleaned_data["q"], operator_id=org_id, visible_to=who
        )
    return render(
        request,
        "registry/operator.html",
        {
            "operator": operator,
            "form": form,
            "can_edit": can_edit,
            "is_admin": is_admin,
            "search": search,
            "candidates": candidates,
            "authorisations": selectors.active_authorisations(operator),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def agent_authorise(request: HttpRequest, org_id: int) -> HttpResponse:
    operator = fetch(request, selectors.operator_for, org_id=org_id)
    raw = request.POST.get("agent", "")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        messages.error(request, _("Choose an agent from the list."))
        return redirect("registry:operator", org_id=org_id)
    agent = fetch(request, selectors.agent_for, pk=int(raw), operator_id=org_id)
    try:
        services.agent_authorise(actor=actor_of(request), operator=operator, agent=agent)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("%(agent)s may now act for you.") % {"agent": agent.name})
    return redirect("registry:operator", org_id=org_id)


@require_POST
def agent_revoke(request: HttpRequest, org_id: int, authorisation_id: int) -> HttpResponse:
    authorisation = fetch(request, selectors.authorisation_for, pk=authorisation_id, operator_id=org_id)
    if asked := needs_confirmation(
        request,
        question=_("Stop %(agent)s acting for you?") % {"agent": authorisation.agent.name},
        detail=_("The agent can no longer see or change your buildings. You can authorise it again later."),
        button=_("Yes, revoke the authorisation"),
        cancel=reverse("registry:operator", kwargs={"org_id": org_id}),
    ):
        return asked
    services.agent_revoke(actor=actor_of(request), authorisation=authorisation)
    messages.success(request, _("The agent may no longer act for you."))
    return redirect("registry:operator", org_id=org_id)


# ------------------------------------------------------------------------- a municipality's area, read only
def area_list(request: HttpRequest) -> HttpResponse:
    """The registered stock, vacancy and review state of the asker's municipality (its housing and welfare
    departments, referral partners), read only."""
    who = access_for(request)
    form = AreaListForm(request.GET or None)
    buildings = selectors.area_buildings(visible_to=who, filters=form.filters())
    page = Paginator(buildings, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/area_list.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "filtered": bool(form.filters()),
            "municipalities": selectors.area_codes(who),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@logs_access("a building of the municipality's area and its landlord")
def area_building(request: HttpRequest, pk: int) -> HttpResponse:
    building = fetch(request, selectors.area_building, pk=pk)
    return render(
        request,
        "registry/area_building.html",
        {
            "building": building,
            "registration": building.registration,
            "units": units_with_freshness(building),
        },
    )


def inquiries(request: HttpRequest) -> HttpResponse:
    """Inquiries from the public pages of the asker's homes (who asked, how to reach them, what about)."""
    rows = selectors.inquiries_for(visible_to=access_for(request))
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(request, "registry/inquiries.html", {"page": page})
