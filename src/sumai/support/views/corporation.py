"""The corporation's own pages: its application and the steps of its designation, what the public reads of
it (services, area, capacity), its change notices and its annual plans and reports.

The permissions table lets the members of the organisation in the URL through; the selectors find the
corporation only for its own members (404 for an organisation of another kind), and writing needs its
admins or staff (403), checked here and again by the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sumai.audit.selectors import history_for
from sumai.core.access import access_for
from sumai.core.actor import actor_of
from sumai.core.errors import Conflict
from sumai.core.views import error_text, fetch
from sumai.domain import support as domain
from sumai.support import selectors, services
from sumai.support.forms import (
    ApplicationForm,
    AreaForm,
    CapacityForm,
    ChangeNoticeForm,
    FilingForm,
    ProfileForm,
    officers_to_text,
)
from sumai.support.models import SupportCorporation
from sumai.support.views.common import add_errors, version_of


def _can_write(request: HttpRequest, org_id: int) -> bool:
    return selectors.may_act_for(access_for(request), org_id, write=True)


def _require_write(request: HttpRequest, org_id: int) -> None:
    if not _can_write(request, org_id):
        raise PermissionDenied


def _corporation(request: HttpRequest, org_id: int) -> SupportCorporation:
    """The organisation's corporation record, or 404 (not the asker's, or it has not applied yet)."""
    return fetch(request, selectors.own_corporation, org_id=org_id)


def application(request: HttpRequest, org_id: int) -> HttpResponse:
    org = fetch(request, selectors.corporation_organisation, org_id=org_id)
    corporation = selectors.corporation_of(org)
    can_write = _can_write(request, org_id)
    editable = corporation is None or corporation.state in domain.EDITABLE_STATES
    if request.method == "POST":
        _require_write(request, org_id)
        form = ApplicationForm(request.POST)
        if form.is_valid():
            try:
                services.application_save(
                    actor=actor_of(request),
                    organisation=org,
                    data=form.to_data(),
                    tasks=form.cleaned_data["tasks"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Application saved."))
                return redirect("support:application", org_id=org_id)
    else:
        initial = (
            ApplicationForm.initial_for(corporation)
            if corporation
            else {"prefecture": org.prefecture_id, "phone": org.phone, "email": org.email}
        )
        form = ApplicationForm(initial=initial)
    actions = domain.allowed_actions(corporation.state, domain.ActorKind.CORPORATION) if corporation else ()
    return render(
        request,
        "support/application.html",
        {
            "org": org,
            "c": corporation,
            "form": form,
            "editable": editable and can_write,
            "can_write": can_write,
            "actions": [a.value for a in actions],
            "missing": services.missing_for_submission(corporation) if corporation and editable else {},
            "notes": selectors.notes_of(corporation) if corporation else [],
            "reasons": {**services.SUSPENSION_REASONS},
            "history": history_for(
                object_type="support.supportcorporation",
                object_id=str(corporation.pk),
                visible_to=access_for(request),
            )[:20]
            if corporation
            else [],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def application_step(request: HttpRequest, org_id: int) -> HttpResponse:
    """The corporation's own workflow steps: submit, recall, reapply, suspend, resume, abolish."""
    _require_write(request, org_id)
    corporation = _corporation(request, org_id)
    action = request.POST.get("action", "")
    actor = actor_of(request)
    steps: dict[str, Callable[[], SupportCorporation]] = {
        "submit": lambda: services.application_submit(
            actor=actor,
            corporation=corporation,
            version=version_of(request),
            note=request.POST.get("note", ""),
        ),
        "recall": lambda: services.application_recall(
            actor=actor, corporation=corporation, version=version_of(request)
        ),
        "reapply": lambda: services.application_reapply(
            actor=actor, corporation=corporation, version=version_of(request)
        ),
    }
    for name in ("suspend", "resume", "abolish"):
        steps[name] = lambda name=name: services.designation_step(  # type: ignore[misc]
            actor=actor,
            corporation=corporation,
            version=version_of(request),
            action=name,
            reason_code="notified" if name == "suspend" else "",
            comment=request.POST.get("comment", ""),
        )
    done = {
        "submit": _("Applied. The prefecture will review your application and tell you the outcome."),
        "recall": _("The application is a draft again."),
        "reapply": _("A new application is open as a draft."),
        "suspend": _("Suspension notified to the prefecture."),
        "resume": _("Resumption notified to the prefecture."),
        "abolish": _("Abolition notified to the prefecture."),
    }
    if action not in steps:
        messages.error(request, _("Choose what to do."))
        return redirect("support:application", org_id=org_id)
    try:
        steps[action]()
    except Conflict as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            messages.error(
                request,
                _("Not applied yet: %(problems)s") % {"problems": " ".join(str(m) for m in exc.messages)},
            )
        else:
            messages.error(request, error_text(exc))
    else:
        messages.success(request, done[action])
    return redirect("support:application", org_id=org_id)


def profile(request: HttpRequest, org_id: int) -> HttpResponse:
    corporation = _corporation(request, org_id)
    service_list = list(corporation.services.all())
    status = 400
    if request.method == "POST":
        _require_write(request, org_id)
        form = ProfileForm(request.POST, service_list=service_list)
        if form.is_valid():
            data, per_service = form.to_data()
            try:
                services.profile_save(
                    actor=actor_of(request),
                    corporation=corporation,
                    data=data,
                    services=per_service,
                    edit_token=form.cleaned_data.get("edit_token") or "",
                )
            except Conflict as exc:
                form.add_error(None, str(exc))
                status = 409
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Services saved."))
                return redirect("support:services", org_id=org_id)
    else:
        form = ProfileForm(
            initial={
                **{k: getattr(corporation, k) for k in services.PROFILE_FIELDS},
                "edit_token": services.profile_token(corporation),
            },
            service_list=service_list,
        )
    return render(
        request,
        "support/services.html",
        {
            "org": corporation.organisation,
            "c": corporation,
            "form": form,
            "can_write": _can_write(request, org_id),
        },
        status=status if request.method == "POST" else 200,
    )


def area(request: HttpRequest, org_id: int) -> HttpResponse:
    corporation = _corporation(request, org_id)
    status = 400
    if request.method == "POST":
        _require_write(request, org_id)
        form = AreaForm(request.POST, prefecture_code=corporation.prefecture_id)
        if form.is_valid():
            try:
                services.area_save(
                    actor=actor_of(request),
                    corporation=corporation,
                    codes=form.cleaned_data["municipalities"],
                    edit_token=form.cleaned_data.get("edit_token") or "",
                )
            except Conflict as exc:
                form.add_error(None, str(exc))
                status = 409
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Service area saved."))
                return redirect("support:area", org_id=org_id)
    else:
        form = AreaForm(
            initial={
                "municipalities": selectors.area_codes_of(corporation),
                "edit_token": services.area_token(corporation),
            },
            prefecture_code=corporation.prefecture_id,
        )
    chosen = set(form["municipalities"].value() or [])
    groups: list[tuple[Any, list[Any]]] = []
    wards: dict[str, list[Any]] = {}
    for m in form.munis:
        if m.parent_id:
            wards.setdefault(m.parent_id, []).append(m)
    for m in form.munis:
        if not m.parent_id:
            groups.append((m, wards.get(m.code, [])))
    return render(
        request,
        "support/area.html",
        {
            "org": corporation.organisation,
            "c": corporation,
            "form": form,
            "groups": groups,
            "chosen": chosen,
            "can_write": _can_write(request, org_id),
        },
        status=status if request.method == "POST" else 200,
    )


def capacity(request: HttpRequest, org_id: int) -> HttpResponse:
    corporation = _corporation(request, org_id)
    service_list = list(corporation.services.all())
    if request.method == "POST":
        _require_write(request, org_id)
        form = CapacityForm(request.POST, service_list=service_list)
        if form.is_valid():
            try:
                services.capacity_save(
                    actor=actor_of(request), corporation=corporation, capacities=form.to_data()
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Capacity saved and confirmed as of today."))
                return redirect("support:capacity", org_id=org_id)
    else:
        form = CapacityForm(service_list=service_list)
    return render(
        request,
        "support/capacity.html",
        {
            "org": corporation.organisation,
            "c": corporation,
            "form": form,
            "capacities": selectors.capacities(corporation),
            "stale_after": domain.stale_after_days(timezone.localdate()),
            "can_write": _can_write(request, org_id),
        },
        status=400 if request.method == "POST" else 200,
    )


def change_notice(request: HttpRequest, org_id: int) -> HttpResponse:
    corporation = _corporation(request, org_id)
    if request.method == "POST":
        _require_write(request, org_id)
        form = ChangeNoticeForm(request.POST)
        if form.is_valid():
            try:
                services.change_notice_submit(
                    actor=actor_of(request),
                    corporation=corporation,
                    summary=form.cleaned_data["summary"],
                    effective_on=form.cleaned_data["effective_on"],
                    data=form.to_data(),
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Change notified to the prefecture."))
                return redirect("support:change_notice", org_id=org_id)
    else:
        form = ChangeNoticeForm(
            initial={
                "representative": corporation.representative,
                "postal_code": corporation.postal_code,
                "address": corporation.address,
                "phone": corporation.phone,
                "email": corporation.email,
                "officers_text": officers_to_text(corporation.officers),
                "effective_on": timezone.localdate(),
            }
        )
    return render(
        request,
        "support/change_notice.html",
        {
            "org": corporation.organisation,
            "c": corporation,
            "form": form,
            "notices": corporation.change_notices.all(),
            "can_write": selectors.may_file(access_for(request), corporation),
        },
        status=400 if request.method == "POST" else 200,
    )


def filings(request: HttpRequest, org_id: int) -> HttpResponse:
    corporation = _corporation(request, org_id)
    if request.method == "POST":
        _require_write(request, org_id)
        form = FilingForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.filing_submit(
                    actor=actor_of(request),
                    corporation=corporation,
                    kind=d["kind"],
                    fiscal_year=d["fiscal_year"],
                    text=d["text"],
                    figures={k: d[k] for k in ("consultations", "placements", "watch_over_clients")},
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Filed with the prefecture."))
                return redirect("support:filings", org_id=org_id)
    else:
        form = FilingForm(initial={"fiscal_year": domain.fiscal_year(timezone.localdate()), "kind": "plan"})
    return render(
        request,
        "support/filings.html",
        {
            "org": corporation.organisation,
            "c": corporation,
            "form": form,
            "filings": corporation.filings.all(),
            "can_write": selectors.may_file(access_for(request), corporation),
        },
        status=400 if request.method == "POST" else 200,
    )
