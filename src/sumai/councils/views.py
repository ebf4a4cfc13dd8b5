"""Councils: the public directory and pages, the council's own editing, and activity grants. Views stay
thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sumai.accounts.models import Organisation
from sumai.audit.selectors import history_for
from sumai.core.access import access_for
from sumai.core.actor import actor_of
from sumai.core.errors import Conflict
from sumai.core.roles import ROLES
from sumai.councils import selectors, services
from sumai.councils.forms import (
    ApplicationForm,
    CouncilForm,
    DecisionForm,
    DirectoryForm,
    MeetingForm,
    MemberForm,
    ProgrammeForm,
    activity_choices_with_descriptions,
)
from sumai.councils.models import Council, GrantApplication, GrantProgramme


def _apply_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


# ---------------------------------------------------------------------------------------------- public
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    councils = selectors.council_directory(
        prefecture=filters.get("prefecture", ""), level=filters.get("level", ""), q=filters.get("q", "")
    )
    page = Paginator(councils, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "councils/directory.html",
        {"form": form, "page": page, "activities": activity_choices_with_descriptions()},
    )


def detail(request: HttpRequest, org_id: int) -> HttpResponse:
    council = selectors.council_public(pk=org_id)
    access = access_for(request)
    if council is None:
        if selectors.can_edit_council(access, org_id):
            return redirect("councils:edit", org_id=org_id)
        raise Http404
    return render(
        request,
        "councils/detail.html",
        {
            "council": council,
            "meetings": selectors.meetings_visible(council=council, visible_to=access),
            "can_edit": selectors.can_edit_council(access, council.pk),
            "is_member": selectors.is_council_member(access, council.pk),
            "activities": [a for a in activity_choices_with_descriptions() if a[0] in council.activities],
        },
    )


def meeting_file(request: HttpRequest, meeting_id: int) -> HttpResponse | FileResponse:
    meeting = selectors.meeting_visible(pk=meeting_id, visible_to=access_for(request))
    if meeting is None or not meeting.minutes_file:
        raise Http404
    response = FileResponse(
        meeting.minutes_file.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=meeting.minutes_file_name or "minutes.pdf",
    )
    response["Cache-Control"] = "public, max-age=300" if meeting.is_public else "private, no-store"
    return response


# ------------------------------------------------------------------------------------- council's own staff
def _council_org(request: HttpRequest, org_id: int) -> Organisation:
    org = Organisation.objects.filter(pk=org_id, kind=Organisation.Kind.COUNCIL, is_active=True).first()
    if org is None or not selectors.can_edit_council(access_for(request), org_id):
        raise Http404
    return org


def _council(request: HttpRequest, org_id: int) -> Council:
    council = selectors.council_for_editing(pk=org_id, visible_to=access_for(request))
    if council is None:
        raise Http404
    return council


def edit(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _council_org(request, org_id)
    council = Council.objects.filter(pk=org.pk).first()
    form = CouncilForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        data = {
            **form.cleaned_data,
            "municipalities": form.cleaned_data["municipality_codes"],
        }
        try:
            services.council_save(actor=actor_of(request), organisation=org, data=data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Council saved."))
            return redirect("councils:detail", org_id=org.pk)
    access = access_for(request)
    return render(
        request,
        "councils/edit.html",
        {
            "form": form,
            "organisation": org,
            "council": council,
            "member_form": MemberForm(council=council) if council else None,
            "history": history_for(object_type="councils.council", object_id=str(org.pk), visible_to=access)[
                :10
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def member_add(request: HttpRequest, org_id: int) -> HttpResponse:
    council = _council(request, org_id)
    form = MemberForm(request.POST, council=council)
    if form.is_valid():
        try:
            services.member_add(actor=actor_of(request), council=council, data=form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Member added."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
    return redirect("councils:edit", org_id=org_id)


@require_POST
def member_remove(request: HttpRequest, org_id: int, member_id: int) -> HttpResponse:
    council = _council(request, org_id)
    member = council.members.filter(pk=member_id).first()
    if member is None:
        raise Http404
    services.member_remove(actor=actor_of(request), member=member)
    messages.success(request, _("Member removed."))
    return redirect("councils:edit", org_id=org_id)


def meeting_new(request: HttpRequest, org_id: int) -> HttpResponse:
    return _meeting_form(request, org_id, None)


def meeting_edit(request: HttpRequest, org_id: int, meeting_id: int) -> HttpResponse:
    return _meeting_form(request, org_id, meeting_id)


def _meeting_form(request: HttpRequest, org_id: int, meeting_id: int | None) -> HttpResponse:
    council = _council(request, org_id)
    meeting = council.meetings.filter(pk=meeting_id).first() if meeting_id else None
    if meeting_id and meeting is None:
        raise Http404
    initial: dict[str, Any] = {}
    if meeting is not None:
        initial = {
            "held_on": meeting.held_on,
            "title": meeting.title,
            "attendees": meeting.attendees,
            "minutes": meeting.minutes,
            "is_public": meeting.is_public,
        }
    form = MeetingForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_save(
                actor=actor_of(request),
                council=council,
                data=form.cleaned_data,
                upload=form.cleaned_data.get("minutes_file"),
                meeting=meeting,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("councils:detail", org_id=org_id)
    return render(
        request,
        "councils/meeting_form.html",
        {"form": form, "council": council, "meeting": meeting},
        status=400 if request.method == "POST" else 200,
    )


# -------------------------------------------------------------------------------------------------- grants
def grants_index(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    rows = []
    for programme in selectors.programmes():
        try:
            rules = services.rules_of(programme)
        except ValidationError:
            rules = None
        rows.append((programme, rules))
    return render(
        request,
        "councils/grants.html",
        {
            "programmes": rows,
            "applications": selectors.applications_for(visible_to=access)
            if access.is_authenticated
            else GrantApplication.objects.none(),
            "can_apply": selectors.applicant_organisations(access).exists(),
            "is_decider": selectors.is_decider(access, roles=ROLES),
            "can_open": selectors.is_decider(access),
            "today": timezone.localdate(),
        },
    )


def _programme(year: int) -> GrantProgramme:
    programme = GrantProgramme.objects.filter(fiscal_year=year).first()
    if programme is None:
        raise Http404
    return programme


def programme(request: HttpRequest, year: int) -> HttpResponse:
    prog = _programme(year)
    access = access_for(request)
    return render(
        request,
        "councils/programme.html",
        {
            "programme": prog,
            "rules": services.rules_of(prog),
            "granted": selectors.granted_in(prog),
            "can_apply": selectors.applicant_organisations(access).exists(),
            "today": timezone.localdate(),
        },
    )


def programme_new(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prog = services.programme_create(actor=actor_of(request), **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Programme opened."))
            return redirect("councils:programme", year=prog.fiscal_year)
    return render(
        request,
        "councils/programme_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def application_new(request: HttpRequest, year: int) -> HttpResponse:
    return _application_form(request, _programme(year), None)


def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(pk=pk, visible_to=access_for(request))
    if application is None:
        raise Http404
    return _application_form(request, application.programme, application)


def _application_form(
    request: HttpRequest, prog: GrantProgramme, application: GrantApplication | None
) -> HttpResponse:
    access = access_for(request)
    applicants = selectors.applicant_organisations(access)
    if application is not None:
        applicants = applicants.filter(pk=application.applicant_id)
    if not applicants.exists():
        raise PermissionDenied
    rules = services.rules_of(prog)
    initial: dict[str, Any] = {}
    if application is not None:
        initial = {
            "applicant": application.applicant,
            "plan": application.plan,
            "enhancements": application.enhancements,
            **{services.amount_field(k): v for k, v in application.amounts.items()},
        }
    form = ApplicationForm(request.POST or None, rules=rules, applicants=applicants, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.application_save(
                actor=actor_of(request),
                programme=prog,
                applicant=form.cleaned_data["applicant"],
                plan=form.cleaned_data["plan"],
                amounts=form.amounts(),
                enhancements=form.cleaned_data["enhancements"],
                application=application,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
            if hasattr(exc, "error_dict") and "amounts" in exc.error_dict:
                for error in exc.error_dict["amounts"]:
                    form.add_error(None, error)
        else:
            messages.success(request, _("Application saved as a draft. Check it, then submit it."))
            return redirect("councils:application", pk=saved.pk)
    return render(
        request,
        "councils/application_form.html",
        {"form": form, "programme": prog, "rules": rules, "application": application},
        status=400 if request.method == "POST" else 200,
    )


def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    application = selectors.application_for(pk=pk, visible_to=access)
    if application is None:
        raise Http404
    rules = services.rules_of(application.programme)
    lines = [
        (rule, application.amounts.get(rule.code, 0))
        for rule in rules.categories
        if application.amounts.get(rule.code)
    ]
    is_applicant = selectors.applicant_organisations(access).filter(pk=application.applicant_id).exists()
    can_decide = selectors.is_decider(access) and application.state == GrantApplication.State.SUBMITTED
    decision_form = DecisionForm(
        initial={
            "version": application.version,
            "decided_on": timezone.localdate(),
            "granted_amount": min(application.requested_total, application.cap),
        }
    )
    return render(
        request,
        "councils/application.html",
        {
            "application": application,
            "rules": rules,
            "lines": lines,
            "enhancements": [rules.enhancements.get(e, e) for e in application.enhancements],
            "is_applicant": is_applicant,
            "can_decide": can_decide,
            "decision_form": decision_form,
            "history": history_for(
                object_type="councils.grantapplication", object_id=str(application.pk), visible_to=access
            )[:20],
        },
    )


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        raise ValidationError(_("The form is out of date. Reload the page.")) from None


@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _applicant_step(request, pk, services.application_submit, _("Application submitted."))


@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _applicant_step(request, pk, services.application_withdraw, _("Application withdrawn."))


def _applicant_step(request: HttpRequest, pk: int, step: Any, done: str) -> HttpResponse:
    application = selectors.application_for(pk=pk, visible_to=access_for(request))
    if application is None:
        raise Http404
    try:
        step(actor=actor_of(request), application=application, version=_version(request))
    except (ValidationError, Conflict) as exc:
        messages.error(request, _error_text(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, done)
    return redirect("councils:application", pk=pk)


def grant_inbox(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in GrantApplication.State.values:
        state = ""
    page = Paginator(selectors.decision_inbox(visible_to=access_for(request), state=state), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "councils/grant_inbox.html",
        {"page": page, "state": state, "states": GrantApplication.State.choices},
    )


@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    application = selectors.application_for(pk=pk, visible_to=access)
    if application is None:
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.application_decide(
                actor=actor_of(request),
                application=application,
                version=data["version"],
                grant=data["decision"] == "grant",
                granted_amount=data["granted_amount"],
                decided_on=data["decided_on"],
                note=data["note"],
            )
        except Conflict as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("councils:application", pk=pk)
    rules = services.rules_of(application.programme)
    return render(
        request,
        "councils/application.html",
        {
            "application": application,
            "rules": rules,
            "lines": [
                (rule, application.amounts.get(rule.code, 0))
                for rule in rules.categories
                if application.amounts.get(rule.code)
            ],
            "enhancements": [rules.enhancements.get(e, e) for e in application.enhancements],
            "is_applicant": False,
            "can_decide": application.state == GrantApplication.State.SUBMITTED,
            "decision_form": form,
            "history": [],
        },
        status=400,
    )
