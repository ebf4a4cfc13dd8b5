"""The designating prefecture's pages: its inbox, a corporation's review with the decision and supervision
forms, and the acknowledgement of change notices and annual filings.

The selectors find only corporations (and their paperwork) of the asker's own prefecture: any other is a
404, as if it did not exist. Deciding needs the prefecture's admins or staff (the permissions table, and the
services again).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sumai.audit.selectors import history_for
from sumai.core.access import access_for
from sumai.core.actor import actor_of
from sumai.core.errors import Conflict
from sumai.core.views import error_text, fetch, logs_access
from sumai.domain import support as domain
from sumai.support import selectors, services
from sumai.support.forms import DecisionForm, FilingDecisionForm, SuperviseForm
from sumai.support.models import SupportCorporation
from sumai.support.views.common import add_errors


def inbox(request: HttpRequest) -> HttpResponse:
    who = access_for(request)
    state = request.GET.get("state", "")
    if state and state not in SupportCorporation.State.values:
        state = ""
    qs = selectors.inbox(visible_to=who, state=state, q=request.GET.get("q", "")[:100])
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    notices, filings_ = selectors.pending_paperwork(visible_to=who)
    return render(
        request,
        "support/inbox.html",
        {
            "page": page,
            "state": state,
            "states": SupportCorporation.State.choices,
            "q": request.GET.get("q", ""),
            "prefectures": selectors.designating_prefectures(who),
            "notices": notices[:50],
            "filings": filings_[:50],
        },
    )


@logs_access("the designation review of a support corporation")
def review(
    request: HttpRequest,
    pk: int,
    *,
    form: DecisionForm | None = None,
    supervise_form: SuperviseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    corporation = fetch(request, selectors.for_review, pk=pk)
    who = access_for(request)
    can_decide = selectors.may_decide(who, corporation)
    actions = [a.value for a in domain.allowed_actions(corporation.state, domain.ActorKind.PREFECTURE)]
    return render(
        request,
        "support/review.html",
        {
            "c": corporation,
            "capacities": selectors.capacities(corporation),
            "areas": selectors.areas_of(corporation),
            "can_decide": can_decide and corporation.state in ("submitted", "changes_requested"),
            "can_supervise": can_decide and corporation.state in ("designated", "suspended"),
            "can_ack": can_decide,
            "actions": actions,
            "form": form or DecisionForm(initial={"version": corporation.version}),
            "supervise_form": supervise_form or SuperviseForm(initial={"version": corporation.version}),
            "filing_form": FilingDecisionForm(),
            "notes": selectors.notes_of(corporation),
            "notices": corporation.change_notices.all(),
            "filings": corporation.filings.all(),
            "history": history_for(
                object_type="support.supportcorporation", object_id=str(corporation.pk), visible_to=who
            )[:50],
        },
        status=status,
    )


@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    corporation = fetch(request, selectors.for_review, pk=pk)
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
        add_errors(form, exc)
        return review(request, pk, form=form, status=400)
    return redirect("support:review", pk=pk)


@require_POST
def review_supervise(request: HttpRequest, pk: int) -> HttpResponse:
    corporation = fetch(request, selectors.for_review, pk=pk)
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
        add_errors(form, exc)
        return review(request, pk, supervise_form=form, status=400)
    messages.success(request, _("Recorded. The corporation has been notified."))
    return redirect("support:review", pk=pk)


@require_POST
def notice_acknowledge(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = fetch(request, selectors.change_notice_for_review, pk=notice_id)
    try:
        services.change_notice_acknowledge(actor=actor_of(request), notice=notice)
    except Conflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Change notice acknowledged."))
    return redirect("support:review", pk=notice.corporation_id)


@require_POST
def filing_decide(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = fetch(request, selectors.filing_for_review, pk=filing_id)
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
