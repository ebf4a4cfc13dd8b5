"""Activity grants (居住支援協議会等活動支援事業): the programmes (public), applications by councils and
support corporations, and the ministry's decisions.

The selectors show an applicant only its own organisations' applications (any other is a 404) and the
ministry all of them; who may apply, edit or decide is asked of them by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sumai.audit.selectors import history_for
from sumai.core.access import access_for
from sumai.core.actor import actor_of
from sumai.core.editlock import edit_token
from sumai.core.errors import Conflict
from sumai.core.roles import ROLES
from sumai.core.views import error_text, fetch, logs_access, require
from sumai.councils import selectors, services
from sumai.councils.forms import ApplicationForm, DecisionForm, ProgrammeForm
from sumai.councils.models import GrantApplication, GrantProgramme
from sumai.councils.views.common import apply_errors, version_of


def grants_index(request: HttpRequest) -> HttpResponse:
    who = access_for(request)
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
            "applications": selectors.applications_for(visible_to=who),
            "can_apply": selectors.can_apply(who),
            "is_decider": selectors.is_decider(who, roles=ROLES),
            "can_open": selectors.is_decider(who),
            "today": timezone.localdate(),
        },
    )


def _programme(year: int) -> GrantProgramme:
    return require(selectors.programme_of_year(year))


def programme(request: HttpRequest, year: int) -> HttpResponse:
    prog = _programme(year)
    return render(
        request,
        "councils/programme.html",
        {
            "programme": prog,
            "rules": services.rules_of(prog),
            "granted": selectors.granted_in(prog),
            "can_apply": selectors.can_apply(access_for(request)),
            "today": timezone.localdate(),
        },
    )


def programme_new(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prog = services.programme_create(actor=actor_of(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
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
    application = fetch(request, selectors.application_for, pk=pk)
    return _application_form(request, application.programme, application)


def _application_form(
    request: HttpRequest, prog: GrantProgramme, application: GrantApplication | None
) -> HttpResponse:
    applicants = selectors.applicant_choices(visible_to=access_for(request), application=application)
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
            "edit_token": edit_token(application, services.APPLICATION_FORM_FIELDS),
        }
    form = ApplicationForm(request.POST or None, rules=rules, applicants=applicants, initial=initial)
    status = 400
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
                edit_token=form.cleaned_data.get("edit_token") or "",
            )
        except Conflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
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
        status=status if request.method == "POST" else 200,
    )


def _application_page(
    request: HttpRequest,
    application: GrantApplication,
    *,
    decision_form: Form,
    is_applicant: bool,
    history: Any,
    status: int = 200,
) -> HttpResponse:
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
            "is_applicant": is_applicant,
            "can_decide": selectors.can_decide(access_for(request), application),
            "decision_form": decision_form,
            "history": history,
        },
        status=status,
    )


@logs_access("a grant application")
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = fetch(request, selectors.application_for, pk=pk)
    who = access_for(request)
    decision_form = DecisionForm(
        initial={
            "version": application.version,
            "decided_on": timezone.localdate(),
            "granted_amount": min(application.requested_total, application.cap),
        }
    )
    return _application_page(
        request,
        application,
        decision_form=decision_form,
        is_applicant=selectors.may_apply_for(who, application.applicant_id),
        history=history_for(
            object_type="councils.grantapplication", object_id=str(application.pk), visible_to=who
        )[:20],
    )


@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _applicant_step(request, pk, services.application_submit, _("Application submitted."))


@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _applicant_step(request, pk, services.application_withdraw, _("Application withdrawn."))


def _applicant_step(
    request: HttpRequest, pk: int, step: Callable[..., GrantApplication], done: str
) -> HttpResponse:
    application = fetch(request, selectors.application_for, pk=pk)
    try:
        step(actor=actor_of(request), application=application, version=version_of(request))
    except (ValidationError, Conflict) as exc:
        messages.error(request, error_text(exc) if isinstance(exc, ValidationError) else str(exc))
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
    application = fetch(request, selectors.application_for, pk=pk)
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
            apply_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("councils:application", pk=pk)
    return _application_page(
        request, application, decision_form=form, is_applicant=False, history=[], status=400
    )
