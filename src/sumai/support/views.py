"""Support corporations: the public directory and open data, the corporation's own pages, and the
designating prefecture's review. Views stay thin: forms validate, services write, selectors read."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sumai.accounts.models import Organisation
from sumai.audit.selectors import history_for
from sumai.core.access import access_for
from sumai.core.actor import actor_of
from sumai.core.errors import Conflict
from sumai.core.roles import WRITERS
from sumai.core.views import error_text
from sumai.domain import support as domain
from sumai.support import exports, selectors, services
from sumai.support.forms import (
    ApplicationForm,
    AreaForm,
    CapacityForm,
    ChangeNoticeForm,
    DecisionForm,
    DirectoryForm,
    FilingDecisionForm,
    FilingForm,
    ProfileForm,
    SuperviseForm,
    officers_to_text,
)
from sumai.support.models import AnnualFiling, ChangeNotice, SupportCorporation


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _capacities(corporation: SupportCorporation) -> list[tuple[Any, domain.CapacityStatus]]:
    today = timezone.localdate()
    return [
        (s, domain.capacity_status(s.capacity_available, s.capacity_confirmed_on, today=today))
        for s in corporation.services.all()
    ]


# --------------------------------------------------------------------------------------------- public
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    filters = form.filters()
    qs = selectors.directory(filters)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "support/directory.html",
        {"form": form, "page": page, "filters": filters, "query": query.urlencode()},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def corporation_page(request: HttpRequest, pk: int) -> HttpResponse:
    corporation = selectors.public_corporation(pk)
    if corporation is None:
        raise Http404
    areas = sorted(corporation.service_areas.all(), key=lambda a: a.municipality_id)
    return render(
        request,
        "support/corporation.html",
        {"c": corporation, "capacities": _capacities(corporation), "areas": areas},
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def export_csv(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    qs = selectors.directory(form.filters()).prefetch_related("service_areas")
    body = exports.to_csv(exports.rows(qs, base_url=_base_url(request)))
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="support-corporations.csv"'
    return response


def export_json(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    qs = selectors.directory(form.filters()).prefetch_related("service_areas")
    payload = {
        "generated_at": timezone.now().isoformat(),
        "count": qs.count(),
        "corporations": exports.rows(qs, base_url=_base_url(request)),
    }
    return HttpResponse(
        json.dumps(payload, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )


def export_hsds(request: HttpRequest) -> HttpResponse:
    qs = selectors.open_data()
    data = exports.hsds(qs, base_url=_base_url(request))
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json; charset=utf-8")


# ------------------------------------------------------------------------------------- the corporation
def _organisation(request: HttpRequest, org_id: int) -> Organisation:
    org = Organisation.objects.filter(pk=org_id, kind=Organisation.Kind.SUPPORT_CORPORATION).first()
    if org is None or not selectors.may_act_for(access_for(request), org_id):
        raise Http404
    return org


def _can_write(request: HttpRequest, org_id: int) -> bool:
    return selectors.may_act_for(access_for(request), org_id, write=True)


def _require_write(request: HttpRequest, org_id: int) -> None:
    if not _can_write(request, org_id):
        raise PermissionDenied


def _designated(request: HttpRequest, org_id: int) -> tuple[Organisation, SupportCorporation]:
    org = _organisation(request, org_id)
    corporation = selectors.corporation_of(org)
    if corporation is None:
        raise Http404
    return org, corporation


def application(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _organisation(request, org_id)
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
                _add_errors(form, exc)
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
            "notes": corporation.notes.select_related("author") if corporation else [],
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


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        raise ValidationError(_("The form is out of date. Reload the page.")) from None


@require_POST
def application_step(request: HttpRequest, org_id: int) -> HttpResponse:
    """The corporation's own workflow steps: submit, recall, reapply, suspend, resume, abolish."""
    _require_write(request, org_id)
    _org, corporation = _designated(request, org_id)
    action = request.POST.get("action", "")
    actor = actor_of(request)
    steps: dict[str, Callable[[], SupportCorporation]] = {
        "submit": lambda: services.application_submit(
            actor=actor, corporation=corporation, version=_version(request), note=request.POST.get("note", "")
        ),
        "recall": lambda: services.application_recall(
            actor=actor, corporation=corporation, version=_version(request)
        ),
        "reapply": lambda: services.application_reapply(
            actor=actor, corporation=corporation, version=_version(request)
        ),
    }
    for name in ("suspend", "resume", "abolish"):
        steps[name] = lambda name=name: services.designation_step(  # type: ignore[misc]
            actor=actor,
            corporation=corporation,
            version=_version(request),
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
    org, corporation = _designated(request, org_id)
    service_list = list(corporation.services.all())
    if request.method == "POST":
        _require_write(request, org_id)
        form = ProfileForm(request.POST, service_list=service_list)
        if form.is_valid():
            data, per_service = form.to_data()
            try:
                services.profile_save(
                    actor=actor_of(request), corporation=corporation, data=data, services=per_service
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Services saved."))
                return redirect("support:services", org_id=org_id)
    else:
        form = ProfileForm(
            initial={k: getattr(corporation, k) for k in services.PROFILE_FIELDS}, service_list=service_list
        )
    return render(
        request,
        "support/services.html",
        {"org": org, "c": corporation, "form": form, "can_write": _can_write(request, org_id)},
        status=400 if request.method == "POST" else 200,
    )


def area(request: HttpRequest, org_id: int) -> HttpResponse:
    org, corporation = _designated(request, org_id)
    if request.method == "POST":
        _require_write(request, org_id)
        form = AreaForm(request.POST, prefecture_code=corporation.prefecture_id)
        if form.is_valid():
            try:
                services.area_save(
                    actor=actor_of(request),
                    corporation=corporation,
                    codes=form.cleaned_data["municipalities"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Service area saved."))
                return redirect("support:area", org_id=org_id)
    else:
        form = AreaForm(
            initial={
                "municipalities": list(corporation.service_areas.values_list("municipality_id", flat=True))
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
            "org": org,
            "c": corporation,
            "form": form,
            "groups": groups,
            "chosen": chosen,
            "can_write": _can_write(request, org_id),
        },
        status=400 if request.method == "POST" else 200,
    )


def capacity(request: HttpRequest, org_id: int) -> HttpResponse:
    org, corporation = _designated(request, org_id)
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
                _add_errors(form, exc)
            else:
                messages.success(request, _("Capacity saved and confirmed as of today."))
                return redirect("support:capacity", org_id=org_id)
    else:
        form = CapacityForm(service_list=service_list)
    return render(
        request,
        "support/capacity.html",
        {
            "org": org,
            "c": corporation,
            "form": form,
            "capacities": _capacities(corporation),
            "stale_after": domain.stale_after_days(timezone.localdate()),
            "can_write": _can_write(request, org_id),
        },
        status=400 if request.method == "POST" else 200,
    )


def change_notice(request: HttpRequest, org_id: int) -> HttpResponse:
    org, corporation = _designated(request, org_id)
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
                _add_errors(form, exc)
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
            "org": org,
            "c": corporation,
            "form": form,
            "notices": corporation.change_notices.all(),
            "can_write": _can_write(request, org_id) and corporation.state in domain.HOLDS_DESIGNATION,
        },
        status=400 if request.method == "POST" else 200,
    )


def filings(request: HttpRequest, org_id: int) -> HttpResponse:
    org, corporation = _designated(request, org_id)
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
                _add_errors(form, exc)
            else:
                messages.success(request, _("Filed with the prefecture."))
                return redirect("support:filings", org_id=org_id)
    else:
        form = FilingForm(initial={"fiscal_year": domain.fiscal_year(timezone.localdate()), "kind": "plan"})
    return render(
        request,
        "support/filings.html",
        {
            "org": org,
            "c": corporation,
            "form": form,
            "filings": corporation.filings.all(),
            "can_write": _can_write(request, org_id) and corporation.state in domain.HOLDS_DESIGNATION,
        },
        status=400 if request.method == "POST" else 200,
    )


# ------------------------------------------------------------------------------- the designating prefecture
def inbox(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    state = request.GET.get("state", "")
    if state and state not in SupportCorporation.State.values:
        state = ""
    qs = selectors.inbox(visible_to=access, state=state, q=request.GET.get("q", "")[:100])
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    notices, filings_ = selectors.pending_paperwork(visible_to=access)
    return render(
        request,
        "support/inbox.html",
        {
            "page": page,
            "state": state,
            "states": SupportCorporation.State.choices,
            "q": request.GET.get("q", ""),
            "prefectures": selectors.designating_prefectures(access),
            "notices": notices[:50],
            "filings": filings_[:50],
        },
    )


def _for_review(request: HttpRequest, pk: int) -> SupportCorporation:
    corporation = selectors.for_review(pk=pk, visible_to=access_for(request))
    if corporation is None:
        raise Http404
    return corporation


def review(
    request: HttpRequest,
    pk: int,
    *,
    form: DecisionForm | None = None,
    supervise_form: SuperviseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    corporation = _for_review(request, pk)
    access = access_for(request)
    can_decide = corporation.prefecture_id in selectors.designating_prefectures(access, roles=WRITERS)
    actions = [a.value for a in domain.allowed_actions(corporation.state, domain.ActorKind.PREFECTURE)]
    return render(
        request,
        "support/review.html",
        {
            "c": corporation,
            "capacities": _capacities(corporation),
            "areas": corporation.service_areas.select_related("municipality").order_by("municipality_id"),
            "can_decide": can_decide and corporation.state in ("submitted", "changes_requested"),
            "can_supervise": can_decide and corporation.state in ("designated", "suspended"),
            "can_ack": can_decide,
            "actions": actions,
            "form": form or DecisionForm(initial={"version": corporation.version}),
            "supervise_form": supervise_form or SuperviseForm(initial={"version": corporation.version}),
            "filing_form": FilingDecisionForm(),
            "notes": corporation.notes.select_related("author"),
            "notices": corporation.change_notices.all(),
            "filings": corporation.filings.all(),
            "history": history_for(
                object_type="support.supportcorporation", object_id=str(corporation.pk), visible_to=access
            )[:50],
        },
        status=status,
    )


@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    corporation = _for_review(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return review(request, pk, form=form, status=400)
    d: dict[str, Any] = form.cleaned_data
    actor = actor_of(request)
    try:
        if d["decision"] == "designate":
            services.review_designate(
                actor=actor,
                corporation=corporation,
                version=d["version"],
                number=d["number"],
                designated_on=d["designated_on"],
            )
            messages.success(request, _("Designated. The corporation has been notified."))
        elif d["decision"] == "request_changes":
            services.review_request_changes(
                actor=actor, corporation=corporation, version=d["version"], comment=d["comment"]
            )
            messages.success(request, _("Changes requested. The corporation has been notified."))
        else:
            services.review_reject(
                actor=actor,
                corporation=corporation,
                version=d["version"],
                reason_code=d["reason_code"],
                comment=d["comment"],
            )
            messages.success(request, _("Not designated. The corporation has been notified."))
    except Conflict as exc:
        messages.error(request, str(exc))
        return redirect("support:review", pk=pk)
    except ValidationError as exc:
        _add_errors(form, exc)
        return review(request, pk, form=form, status=400)
    return redirect("support:review", pk=pk)


@require_POST
def review_supervise(request: HttpRequest, pk: int) -> HttpResponse:
    corporation = _for_review(request, pk)
    form = SuperviseForm(request.POST)
    if not form.is_valid():
        return review(request, pk, supervise_form=form, status=400)
    d = form.cleaned_data
    try:
        services.designation_step(
            actor=actor_of(request),
            corporation=corporation,
            version=d["version"],
            action=d["action"],
            reason_code=d["reason_code"],
            comment=d["comment"],
        )
    except Conflict as exc:
        messages.error(request, str(exc))
        return redirect("support:review", pk=pk)
    except ValidationError as exc:
        _add_errors(form, exc)
        return review(request, pk, supervise_form=form, status=400)
    messages.success(request, _("Recorded. The corporation has been notified."))
    return redirect("support:review", pk=pk)


@require_POST
def notice_acknowledge(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = (
        ChangeNotice.objects.select_related("corporation")
        .filter(
            pk=notice_id,
            corporation__prefecture_id__in=selectors.designating_prefectures(access_for(request)),
        )
        .first()
    )
    if notice is None:
        raise Http404
    try:
        services.change_notice_acknowledge(actor=actor_of(request), notice=notice)
    except Conflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Change notice acknowledged."))
    return redirect("support:review", pk=notice.corporation_id)


@require_POST
def filing_decide(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = (
        AnnualFiling.objects.select_related("corporation")
        .filter(
            pk=filing_id,
            corporation__prefecture_id__in=selectors.designating_prefectures(access_for(request)),
        )
        .first()
    )
    if filing is None:
        raise Http404
    form = FilingDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("support:review", pk=filing.corporation_id)
    try:
        services.filing_decide(
            actor=actor_of(request),
            filing=filing,
            version=form.cleaned_data["version"],
            action=form.cleaned_data["action"],
            comment=form.cleaned_data["comment"],
        )
    except Conflict as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("support:review", pk=filing.corporation_id)
