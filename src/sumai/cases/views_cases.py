"""Case work pages: a caseworker's cases and day, one case with its timeline and tasks, transfers, new
households, hiding, referrals in and out, and a council's view of late referrals in its area."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from sumai.accounts.reauth import password_entered_within, recent_password_required
from sumai.audit import services as audit
from sumai.cases import casework, selectors, selectors_cases
from sumai.cases import households as household_services
from sumai.cases.forms_case import (
    AssignForm,
    CaseFilterForm,
    DeclineForm,
    EntryForm,
    HouseholdNewForm,
    ReferralForm,
    StatusForm,
    TaskForm,
    TransferForm,
)
from sumai.cases.models import Case, CaseEntry, Household, Referral
from sumai.core import contributions, csvio
from sumai.core.access import access_for
from sumai.core.actor import actor_of
from sumai.core.errors import Conflict
from sumai.core.roles import WRITERS
from sumai.core.uploads import file_response
from sumai.core.views import error_text, fetch, logs_access, needs_confirmation
from sumai.domain import casework as domain

ACTION_LABELS = {
    domain.CaseAction.ASSESS: gettext_lazy("Start the assessment"),
    domain.CaseAction.SEARCH: gettext_lazy("Start looking for a home"),
    domain.CaseAction.HOUSE: gettext_lazy("The household signed a lease"),
    domain.CaseAction.FOLLOW_UP: gettext_lazy("Moved in: follow up"),
    domain.CaseAction.REOPEN: gettext_lazy("Reopen the case"),
}


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


# ------------------------------------------------------------------------------------------------ lists
def cases(request: HttpRequest) -> HttpResponse:
    form, rows = _filtered_cases(request)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    here = reverse("cases:cases") + (f"?{query.urlencode()}" if query else "") + "#export"
    return render(
        request,
        "cases/cases.html",
        {
            "page": page,
            "form": form,
            "today": timezone.localdate(),
            # a download cannot take the person back to a page: the password prompt brings them back here,
            # where the link then downloads at once
            "export_ready": password_entered_within(request),
            "export_query": query.urlencode(),
            "export_confirm_url": f"{reverse('accounts:reauth')}?{urlencode({'next': here})}",
        },
    )


EXPORT_LIMIT = 20_000
"""At most this many cases in one download (the largest organisation of the national demo has 10,539)."""


def _filtered_cases(request: HttpRequest) -> Any:
    form = CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors_cases.cases(
        visible_to=access_for(request),
        user_id=request.user.pk,
        status=data.get("status") or "",
        mine=bool(data.get("mine")),
        overdue=bool(data.get("overdue")),
        q=(data.get("q") or "").strip(),
    )
    return form, rows


@recent_password_required()
def cases_export(request: HttpRequest) -> HttpResponse:
    """The case list as it is filtered, as CSV for a spreadsheet (UTF-8 with a byte-order mark, so that Excel
    reads Japanese). Asks for the password again (issue 16 item 8); one access-log row per case; no address,
    and a hidden household's municipality left empty (its whereabouts never leave the pages)."""
    _form, rows = _filtered_cases(request)
    found = list(rows[:EXPORT_LIMIT])
    statuses = dict(Case.Status.choices)
    urgencies = dict(Household.Urgency.choices)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    out = csvio.writer(buffer)  # a cell a spreadsheet would run is neutralised
    out.writerow(
        [
            _("Case number"),
            _("Pseudonym"),
            _("Municipality"),
            _("Status"),
            _("Urgency"),
            _("Must leave by"),
            _("Caseworker"),
            _("Opened"),
            _("Next task due"),
            _("Organisation"),
        ]
    )
    for row in found:
        household = row.household
        out.writerow(
            [
                row.pk,
                household.label,  # as the pages say it (the stored 「世帯 …」 in Japanese)
                "" if household.hidden else household.municipality.name,
                statuses.get(row.status, ""),
                urgencies.get(household.urgency, ""),
                household.deadline.isoformat() if household.deadline else "",
                (row.caseworker.name or row.caseworker.email) if row.caseworker else "",
                timezone.localtime(row.opened_at).date().isoformat(),
                row.next_due.isoformat() if row.next_due else "",
                row.organisation.name,
            ]
        )
    audit.log_views(
        request=request,
        purpose="cases: the case list downloaded as CSV",
        view_name="cases:cases_export",
        object_ids=[f"pk={row.pk}" for row in found],
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sumai-cases-{stamp}.csv"'
    return _no_store(response)


cases_export.access_each_row = True  # type: ignore[attr-defined]  # the matrix counts its access-log rows


def _with_links(tasks: list[Any]) -> list[tuple[Any, contributions.TaskLink | None]]:
    """Each task with the link where another app has it done (a follow-up: its answer form), or None for a
    task closed by the generic "done" button (``cases.task_links``)."""
    links = contributions.task_links([t.pk for t in tasks])
    return [(t, links.get(t.pk)) for t in tasks]


def today(request: HttpRequest) -> HttpResponse:
    day = selectors_cases.my_day(visible_to=access_for(request), user_id=int(request.user.pk or 0))
    return render(
        request,
        "cases/today.html",
        {"day": day, "tasks": _with_links(day.tasks), "list_separator": pgettext("list separator", ", ")},
    )


# ------------------------------------------------------------------------------------------------- case
def _entries(case: Case) -> list[tuple[CaseEntry, str]]:
    """The timeline with each line in words (a status change names its statuses, never their codes)."""
    out = []
    for entry in selectors_cases.timeline(case)[:200]:
        text = entry.text
        if entry.kind == CaseEntry.Kind.STATUS:
            text = selectors_cases.status_change_text(text)
        out.append((entry, text))
    return out


@logs_access("case: helping the household find and keep a home")
def case(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors_cases.case_for, pk=pk)
    access = access_for(request)
    household = selectors.household_for(pk=found.household_id, visible_to=access)
    allowed = [
        (action.value, ACTION_LABELS[action])
        for action in domain.CASE.allowed(found.status, domain.CaseActor.CASEWORKER)
        if action in ACTION_LABELS
    ]
    closable = domain.CaseAction.CLOSE in domain.CASE.allowed(found.status, domain.CaseActor.CASEWORKER)
    holder = access.has(organisation_id=found.household.organisation_id)
    writer = access.has(organisation_id=found.organisation_id, roles=WRITERS)
    return _no_store(
        render(
            request,
            "cases/case.html",
            {
                "case": found,
                "household": household,  # None: no consent in force shows it to this organisation now
                "holder": holder,
                "writer": writer,
                "actions": allowed,
                "closable": closable,
                "status_form": StatusForm(initial={"version": found.version}),
                "assign_form": AssignForm(
                    initial={"caseworker": found.caseworker_id, "version": found.version}, case=found
                ),
                "entry_form": EntryForm(),
                "task_form": TaskForm(case=found),
                "tasks": _with_links(list(selectors_cases.open_tasks(found))),
                "entries": _entries(found),
                "history": list(selectors_cases.other_cases(found)[:20]),
                "referrals": list(
                    found.household.referrals.select_related("to_organisation", "from_organisation")[:20]
                )
                if holder
                else [],
                "today": timezone.localdate(),
                "sections": contributions.collect("case_page.sections", case=found, visible_to=access),
            },
        )
    )


@require_POST
def case_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a case for a household the asker's organisation holds."""
    household = fetch(request, selectors.held_household, pk=pk)
    try:
        opened = casework.case_open(
            actor=actor_of(request),
            household=household,
            organisation=household.organisation,
            caseworker=request.user if request.user.is_authenticated else None,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("cases:household", pk=household.pk)
    messages.success(request, _("Case opened. You are its caseworker."))
    return redirect("cases:case", pk=opened.pk)


def _back(pk: int, anchor: str = "") -> HttpResponse:
    response = redirect("cases:case", pk=pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@require_POST
def case_status(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors_cases.case_for, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That step is not possible from the case's present status."))
        return _back(found.pk)
    try:
        moved = casework.case_transition(
            actor=actor_of(request),
            case=found,
            action=form.cleaned_data["action"],
            close_reason=form.cleaned_data.get("close_reason") or "",
            version=form.cleaned_data["version"],
        )
    except (ValidationError, Conflict) as exc:
        messages.error(request, error_text(exc) if isinstance(exc, ValidationError) else str(exc))
        return _back(found.pk)  # the top of the page, where the message is
    messages.success(request, _("The case is now: %(status)s.") % {"status": Case.Status(moved.status).label})
    return _back(found.pk)


@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors_cases.case_for, pk=pk)
    form = AssignForm(request.POST, case=found)
    if not form.is_valid():
        messages.error(request, _("Choose a member of the organisation."))
        return _back(found.pk)
    try:
        casework.case_assign(
            actor=actor_of(request),
            case=found,
            caseworker=form.cleaned_data["caseworker"],
            version=form.cleaned_data["version"],
        )
    except (ValidationError, Conflict) as exc:
        messages.error(request, error_text(exc) if isinstance(exc, ValidationError) else str(exc))
        return _back(found.pk)
    messages.success(request, _("Caseworker saved."))
    return _back(found.pk)


@require_POST
def case_entry(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors_cases.case_for, pk=pk)
    form = EntryForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            casework.entry_add(
                actor=actor_of(request),
                case=found,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data.get("text") or "",
                channel=form.cleaned_data.get("channel") or "",
                upload=form.cleaned_data.get("file"),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Added to the timeline."))
            return _back(found.pk, "timeline")
    return _no_store(
        render(request, "cases/case_entry.html", {"case": found, "entry_form": form}, status=400)
    )


@recent_password_required()
@logs_access("case document: reading a household's document")
def case_document(request: HttpRequest, pk: int, entry_id: int) -> Any:
    found = fetch(request, selectors_cases.case_for, pk=pk)
    entry = selectors_cases.entry_for(case=found, pk=entry_id)
    if entry is None:
        raise Http404
    return file_response(
        entry.file.open("rb"),
        content_type=entry.content_type,
        filename=entry.file_name,
        cache="private, no-store",
    )


@require_POST
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors_cases.case_for, pk=pk)
    form = TaskForm(request.POST, case=found)
    if form.is_valid():
        try:
            _task, moved = casework.task_add(
                actor=actor_of(request),
                case=found,
                title=form.cleaned_data["title"],
                on=form.cleaned_data.get("due"),
                in_working_days=form.cleaned_data.get("in_working_days"),
                assignee=form.cleaned_data.get("assignee"),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            if moved:
                messages.info(
                    request,
                    _("The offices are closed that day: the task is due on %(day)s, the next working day.")
                    % {"day": _task.due.strftime("%Y-%m-%d")},
                )
            messages.success(request, _("Task added."))
            return _back(found.pk, "tasks")
    return _no_store(render(request, "cases/task_add.html", {"case": found, "task_form": form}, status=400))


@require_POST
def task_done(request: HttpRequest, pk: int, task_id: int) -> HttpResponse:
    found = fetch(request, selectors_cases.case_for, pk=pk)
    task = selectors_cases.task_for(pk=task_id, visible_to=access_for(request))
    if task is None or task.case_id != found.pk:
        raise Http404
    link = contributions.task_links([task.pk]).get(task.pk)
    if link is not None:
        # another app closes this task when its work is done (a follow-up, when it is answered): ticking it
        # here would hide the work while it is still to do
        messages.error(
            request, _("This task is done on its own page: it closes when the work is recorded there.")
        )
        return redirect(link.url)
    casework.task_done(actor=actor_of(request), task=task)
    messages.success(request, _("Task done."))
    nxt = request.POST.get("next")
    return redirect("cases:today") if nxt == "today" else _back(found.pk, "tasks")


def case_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors_cases.case_for, pk=pk)
    if found.household.organisation_id != found.organisation_id:
        raise Http404  # only the holder transfers
    form = TransferForm(request.POST or None, case=found, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        asked = needs_confirmation(
            request,
            question=_("Transfer the household and its case to %(name)s?")
            % {"name": form.cleaned_data["to"].name},
            detail=_("Your organisation will no longer hold the household's record or work its case."),
            button=_("Transfer"),
        )
        if asked:
            return asked
        try:
            casework.case_transfer(
                actor=actor_of(request),
                case=found,
                to=form.cleaned_data["to"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Transferred. The receiving organisation was told."))
            return redirect("cases:cases")
    return _no_store(
        render(
            request,
            "cases/case_transfer.html",
            {"case": found, "form": form},
            status=400 if request.method == "POST" else 200,
        )
    )


# ------------------------------------------------------------------------------------------- households
def household_new(request: HttpRequest) -> HttpResponse:
    """A household record opened without a request (a referral partner, a walk-in at the desk)."""
    access = access_for(request)
    orgs = selectors_cases.holder_organisations(access)
    form = HouseholdNewForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            household = household_services.household_new(actor=actor_of(request), data=form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Household record opened. Complete its members."))
            return redirect("cases:household_edit", pk=household.pk)
    return render(
        request,
        "cases/household_new.html",
        {"form": form, "organisations": orgs},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def household_hide(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors.held_household, pk=pk)
    hide = request.POST.get("hidden") == "1"
    casework.household_hide(actor=actor_of(request), household=found, hidden=hide)
    messages.success(
        request,
        _("Hidden: its whereabouts stay with your organisation.") if hide else _("No longer hidden."),
    )
    return redirect("cases:household", pk=found.pk)


# -------------------------------------------------------------------------------------------- referrals
def referral_new(request: HttpRequest, pk: int) -> HttpResponse:
    household = fetch(request, selectors.held_household, pk=pk)
    form = ReferralForm(request.POST or None, household=household, initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = casework.referral_send(
                actor=actor_of(request),
                household=household,
                to=data["to"],
                message=data.get("message") or "",
                consent={
                    "categories": data.get("categories") or [],
                    "method": data["method"],
                    "witness": data.get("witness") or "",
                    "given_on": data["given_on"],
                    "expires_on": data.get("expires_on"),
                },
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Referral sent. The receiver was told."))
            return redirect("cases:referral", pk=referral.pk)
    return _no_store(
        render(
            request,
            "cases/referral_new.html",
            {"household": household, "form": form, "days": casework.first_contact_days()},
            status=400 if request.method == "POST" else 200,
        )
    )


def referrals(request: HttpRequest) -> HttpResponse:
    box = "out" if request.GET.get("box") == "out" else "in"
    state = request.GET.get("state", "")
    access = access_for(request)
    rows = selectors_cases.referrals(visible_to=access, box=box, state=state)
    if request.GET.get("overdue"):
        rows = selectors_cases.overdue(rows)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/referrals.html",
        {
            "page": page,
            "box": box,
            "state": state,
            "states": Referral.State.choices,
            "overdue": bool(request.GET.get("overdue")),
            "today": timezone.localdate(),
        },
    )


@logs_access("referral: deciding whether to take a household on")
def referral(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors_cases.referral_for, pk=pk)
    access = access_for(request)
    receiver = access.has(organisation_id=found.to_organisation_id)
    household = selectors.household_for(pk=found.household_id, visible_to=access)
    return _no_store(
        render(
            request,
            "cases/referral.html",
            {
                "referral": found,
                "receiver": receiver,
                "sender": access.has(organisation_id=found.from_organisation_id),
                "household": household,
                "sees": selectors.categories_for(found.household, access) if household else frozenset(),
                "categories": household_services.category_labels(found.consent.categories),
                "decline_form": DeclineForm(),
                "today": timezone.localdate(),
            },
        )
    )


@require_POST
def referral_decide(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors_cases.referral_for, pk=pk)
    if not access_for(request).has(organisation_id=found.to_organisation_id):
        raise Http404
    try:
        if request.POST.get("decision") == "accept":
            done = casework.referral_accept(actor=actor_of(request), referral=found)
            messages.success(request, _("Accepted. A case was opened; you are its caseworker."))
            return redirect("cases:case", pk=done.case_id)
        form = DeclineForm(request.POST)
        if not form.is_valid():
            raise ValidationError({"reason": _("Choose why you decline.")})
        casework.referral_decline(
            actor=actor_of(request),
            referral=found,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data.get("text") or "",
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("cases:referral", pk=found.pk)
    messages.success(request, _("Declined. The sender was told."))
    return redirect("cases:referrals")


@require_POST
def referral_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors_cases.referral_for, pk=pk)
    if not access_for(request).has(organisation_id=found.from_organisation_id):
        raise Http404
    asked = needs_confirmation(
        request,
        question=_("Withdraw this referral?"),
        detail=_("The consent given for it ends, and the receiver no longer sees the household."),
        button=_("Withdraw the referral"),
    )
    if asked:
        return asked
    try:
        casework.referral_withdraw(actor=actor_of(request), referral=found)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Referral withdrawn."))
    return redirect("cases:referral", pk=found.pk)


@require_POST
def referral_contact(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors_cases.referral_for, pk=pk)
    if not access_for(request).has(organisation_id=found.to_organisation_id):
        raise Http404
    try:
        casework.referral_contacted(actor=actor_of(request), referral=found)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("First contact recorded."))
    return redirect("cases:referral", pk=found.pk)


def area_referrals(request: HttpRequest) -> HttpResponse:
    """A council's view of referrals late for their first contact in its area (organisations and dates)."""
    access = access_for(request)
    rows, is_council = selectors_cases.council_area_overdue(visible_to=access)
    if not (is_council or access.is_superuser):
        raise Http404
    return render(request, "cases/area_referrals.html", {"rows": rows, "today": timezone.localdate()})
