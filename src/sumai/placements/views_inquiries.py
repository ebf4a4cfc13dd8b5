"""Pages of the inquiries to landlords: the caseworker's inquiry (compose and send, its page, the answer the
landlord gave by phone or another way recorded there, withdraw), the landlord's inbox and answer (signed in,
or by the signed link of the e-mail without signing in), and the registration authority's refusal flags.
Pages that show household data log each opening (``logs_access``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sumai.core.actor import actor_of
from sumai.core.errors import Conflict, NotAllowed
from sumai.core.labels import group_label
from sumai.core.views import error_text, fetch, logs_access, needs_confirmation
from sumai.domain import placement as domain
from sumai.matching.selectors import household_needs
from sumai.placements import selectors_inquiries as selectors
from sumai.placements import services_inquiries as services
from sumai.placements.forms_inquiries import (
    AnswerForm,
    InquiryForm,
    RecordAnswerForm,
    ResolveForm,
    WithdrawForm,
)
from sumai.placements.models import LandlordInquiry
from sumai.placements.selectors_placements import current_placement_of_case
from sumai.registry import vacancy

# A URL that only takes a form's POST answers a GET (a reload of the page the POST answered with errors,
# Enter in the address bar, the language switch, which goes back to the same address) by going to the page
# the form belongs to, once the object is found for the asker: never a blank 405.
POST_OR_BACK = require_http_methods(["GET", "HEAD", "POST"])


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# ------------------------------------------------------------------------------------------ caseworker
def not_emailed_words(reach: selectors.LandlordReach, *, ref: str, due: Any) -> str:
    """After sending to a landlord nobody on Sumai receives e-mail for: the inquiry is recorded, the
    landlord was not e-mailed, and how the caseworker reaches them."""
    if reach.phone:
        return _(
            "Inquiry %(ref)s was recorded, but the landlord was not e-mailed: it has no e-mail address on "
            "Sumai. Call %(contact)s at %(phone)s and give them the reference %(ref)s. The answer is due by "
            "%(due)s."
        ) % {"ref": ref, "due": due, "phone": reach.phone, "contact": reach.contact}
    return _(
        "Inquiry %(ref)s was recorded, but the landlord was not e-mailed: it has no e-mail address or phone "
        "number on Sumai. Reach the landlord another way and give them the reference %(ref)s. The answer is "
        "due by %(due)s."
    ) % {"ref": ref, "due": due}


def _no_inquiry_page(request: HttpRequest, case: Any, why: str) -> HttpResponse:
    """The compose page of a household no landlord may be asked for (housed, followed up, closed): why, and
    the way back to the case (and to the placement in force) instead of the form. A POST is refused with
    409, nothing written."""
    placement = current_placement_of_case(case)
    return _no_store(
        render(
            request,
            "placements/inquiry_refused.html",
            {
                "case": case,
                "why": why,
                "placement": placement,
                "form_page": form_page(request, request.get_full_path()),
            },
            status=409 if request.method == "POST" else 200,
        )
    )


@logs_access("placements: asking a landlord about a home for the household")
def inquiry_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = fetch(request, selectors.compose_case, pk=pk)
    why = services.why_no_inquiry(case)
    if why:  # the address typed for a housed household: the rule says why, the form is not offered
        return _no_inquiry_page(request, case, why)
    unit_id = request.GET.get("unit") or request.POST.get("unit")
    if not unit_id:  # no home chosen yet: the way to the matched homes
        return _no_store(render(request, "placements/inquiry_choose.html", {"case": case}))
    unit = selectors.registered_unit(unit_id)
    if unit is None:
        raise Http404
    snapshot = selectors.snapshot_of(case, request.GET.get("snapshot") or request.POST.get("snapshot"))
    household = case.household
    today = timezone.localdate()
    groups = list(household_needs(household, on=today).groups)
    consents = services.covering_consents(household, operator_id=unit.building.operator_id, on=today)
    user: Any = request.user
    initial = {
        "caseworker_organisation": case.organisation.name,
        "caseworker_name": getattr(user, "name", "") or "",
        "caseworker_email": getattr(user, "email", "") or case.organisation.email,
        "caseworker_phone": case.organisation.phone,
    }
    form = InquiryForm(request.POST or None, initial=initial, consents=consents)
    status = 200
    arrangements = services.ArrangementsInput(
        caseworker_organisation=initial["caseworker_organisation"], caseworker_name=initial["caseworker_name"]
    )
    chosen = consents[0] if consents else None
    # The page's script asks again as fields change (``preview=1``): the preview of what the landlord will
    # see, worked out from what is filled so far; nothing is sent and errors are not shown yet.
    if request.method == "POST" and request.POST.get("preview") == "1":
        form.is_valid()
        arrangements = form.arrangements()
        chosen = next((c for c in consents if c.pk == form.cleaned_data.get("consent")), chosen)
    elif request.method == "POST":
        if form.is_valid():
            arrangements = form.arrangements()
            chosen = next((c for c in consents if c.pk == form.cleaned_data["consent"]), None)
            try:
                inquiry = services.inquiry_send(
                    actor=actor_of(request),
                    case=case,
                    unit=unit,
                    consent=chosen,
                    arrangements=arrangements,
                    groups=groups,
                    message=form.cleaned_data.get("message") or "",
                    snapshot=snapshot,
                )
            except NotAllowed:
                raise
            except ValidationError as exc:
                _form_errors(form, exc)
                status = 400
            else:
                sent = {"ref": inquiry.reference, "due": inquiry.answer_due}
                reach = selectors.landlord_reach(unit)
                if reach.by_email:
                    messages.success(
                        request, _("Inquiry %(ref)s sent. The landlord is asked to answer by %(due)s.") % sent
                    )
                else:  # recorded, but nobody on Sumai receives it: the caseworker takes it to the landlord
                    messages.warning(
                        request, not_emailed_words(reach, ref=inquiry.reference, due=inquiry.answer_due)
                    )
                return redirect("cases:case", pk=case.pk)
        else:
            status = 400
    shared = package = None
    if chosen is not None:
        shared = services.shared_view(
            household=household, groups=groups, categories=chosen.categories, on=today
        )
        try:
            package = services.package_for(
                shared=shared, household=household, arrangements=arrangements, on=today
            )
        except ValidationError:
            package = services.package_for(
                shared=shared, household=household, arrangements=services.ArrangementsInput(), on=today
            )
    return _no_store(
        render(
            request,
            "placements/inquiry_new.html",
            {
                "case": case,
                "unit": unit,
                # Back after sending, or a second tab: the home was already asked about for this case
                "already": selectors.open_inquiry_for(case, unit),
                "snapshot": snapshot,
                "form": form,
                "consents": consents,
                "household_view": selectors.shared_words(shared) if shared else None,
                "package": selectors.package_view(services.package_json(package, arrangements))
                if package
                else None,
                "answer_due": domain.answer_due(today),
                "form_page": form_page(request, request.get_full_path()),
                # the landlord's page shows the caseworker's message first: so does the preview
                "preview_message": str(form["message"].value() or "").strip(),
                "reach": selectors.landlord_reach(unit),
            },
            status=status,
        )
    )


def _caseworker_page(
    request: HttpRequest,
    found: LandlordInquiry,
    form: RecordAnswerForm | None,
    *,
    status: int = 200,
    conflict: str = "",
) -> HttpResponse:
    """The caseworker's page of an inquiry: the home, the landlord and how to reach it, the state and the
    answer, what the landlord was shown, and — while the landlord's answer is awaited, for a writer of the
    organisation that sent it — the form to record an answer given by phone or another way (how the landlord
    answered is chosen each time: nothing is pre-set). A draft, never sent, says so and where a home is
    asked about; ``conflict`` says why the answer just posted was not recorded."""
    page = reverse("placements:inquiry", kwargs={"pk": found.case.pk, "inquiry": found.pk})
    actor = actor_of(request)
    may_record = found.state in selectors.OPEN_STATES and services.may_record_answer(actor, found)
    if form is None and may_record:
        form = RecordAnswerForm(
            initial={"version": found.version, "given_on": timezone.localdate()}, sent_on=found.sent_on
        )
    draft = found.state == LandlordInquiry.State.DRAFT
    # a draft is never sent from Sumai: the caseworker asks the landlord with a new inquiry about the home
    ask_again = ""
    if draft and services.may_record_answer(actor, found) and not services.why_no_inquiry(found.case):
        ask_again = reverse("placements:inquiry_new", kwargs={"pk": found.case.pk}) + f"?unit={found.unit_id}"
    return _no_store(
        render(
            request,
            "placements/inquiry_caseworker.html",
            {
                "inquiry": found,
                "case": found.case,
                "form": form if may_record else None,
                "form_page": form_page(request, page),
                "open": found.state in selectors.OPEN_STATES,
                "draft": draft,
                "ask_again": ask_again,
                "conflict": conflict,
                "overdue": selectors.is_overdue(found),
                "recorded": selectors.recorded_words(found),
                "reach": selectors.landlord_reach(found.unit),
                **selectors.landlord_view(found),
            },
            status=status,
        )
    )


@logs_access("placements: a caseworker reading an inquiry to a landlord")
def inquiry_detail(request: HttpRequest, pk: int, inquiry: int) -> HttpResponse:
    found = fetch(request, selectors.case_inquiry_for, pk=pk, inquiry=inquiry)
    return _caseworker_page(request, found, None)


def _relayed(form: RecordAnswerForm) -> services.Relayed:
    d = form.cleaned_data
    return services.Relayed(
        channel=d["channel"],
        given_on=d["given_on"],
        spoke_to=d.get("spoke_to") or "",
        note=d.get("note") or "",
    )


def _record_conflict(request: HttpRequest, found: LandlordInquiry, form: RecordAnswerForm) -> HttpResponse:
    """The answer posted was not recorded: the inquiry changed since the page was shown (another tab,
    a colleague, the landlord itself). Say which answer was not recorded and which one is (who, when), and
    show the page as it is now: the current answer, and the form again — with what was typed and the
    current version — only if the answer is still awaited (409)."""
    fresh = fetch(request, selectors.case_inquiry_for, pk=found.case_id, inquiry=found.pk)
    states = {
        "offer_viewing": LandlordInquiry.State.VIEWING_OFFERED.label,
        "accept": LandlordInquiry.State.ACCEPTED.label,
        "decline": LandlordInquiry.State.DECLINED.label,
    }
    yours = str(states.get(str(form.cleaned_data.get("action") or ""), ""))
    if form.cleaned_data.get("action") == "decline" and form.cleaned_data.get("reason"):
        reasons = dict(LandlordInquiry.Reason.choices)
        yours = _("%(state)s (%(reason)s)") % {"state": yours, "reason": reasons[form.cleaned_data["reason"]]}
    conflict = _(
        "Your answer (%(yours)s) was not recorded: %(current)s had already been recorded (%(who)s). The page "
        "now shows the inquiry as it is."
    ) % {"yours": yours, "current": selectors.answer_words(fresh), "who": selectors.answered_by_words(fresh)}
    again = None
    if fresh.state in selectors.OPEN_STATES:
        data = request.POST.copy()
        data["version"] = str(fresh.version)
        again = RecordAnswerForm(data, sent_on=fresh.sent_on)
    return _caseworker_page(request, fresh, again, status=409, conflict=conflict)


@POST_OR_BACK
def inquiry_record_answer(request: HttpRequest, pk: int, inquiry: int) -> HttpResponse:
    """POST: the answer the landlord gave the caseworker outside Sumai; then Post-Redirect-Get to the
    inquiry's page. Bad input answers the page with the errors beside their fields (400), nothing written."""
    found = fetch(request, selectors.case_inquiry_for, pk=pk, inquiry=inquiry)
    if request.method != "POST":
        return redirect("placements:inquiry", pk=pk, inquiry=inquiry)
    services.require_record_answer(actor_of(request), found)
    form = RecordAnswerForm(request.POST, sent_on=found.sent_on)
    if not form.is_valid():
        return _caseworker_page(request, found, form, status=400)
    try:
        services.inquiry_answer_record(
            actor=actor_of(request),
            inquiry=found,
            answer=_answer(form),
            relayed=_relayed(form),
            version=form.cleaned_data.get("version"),
        )
    except NotAllowed:
        raise
    except Conflict:
        return _record_conflict(request, found, form)
    except ValidationError as exc:
        fresh = selectors.case_inquiry_for(pk=pk, inquiry=inquiry, visible_to=actor_of(request).access)
        if fresh is not None and fresh.state not in selectors.OPEN_STATES and found.state != fresh.state:
            return _record_conflict(request, found, form)
        _form_errors(form, exc)
        return _caseworker_page(request, found, form, status=400)
    messages.success(
        request,
        _("The landlord's answer to inquiry %(ref)s was recorded.") % {"ref": found.reference},
    )
    return redirect("placements:inquiry", pk=pk, inquiry=inquiry)


@POST_OR_BACK
def inquiry_withdraw(request: HttpRequest, pk: int, inquiry: int) -> HttpResponse:
    found = fetch(request, selectors.case_inquiry_for, pk=pk, inquiry=inquiry)
    if request.method != "POST":
        return redirect(reverse("cases:case", kwargs={"pk": pk}) + "#inquiries-heading")
    if selectors.may_withdraw(found):  # else the service says why, without asking first
        detail = (
            _(
                "The landlord accepted the household for this home: withdrawing gives that acceptance up, "
                "and no placement can be recorded from this inquiry."
            )
            if found.state == LandlordInquiry.State.ACCEPTED
            else _("The landlord's answer is no longer awaited: the landlord sees the inquiry as withdrawn.")
        )
        asked = needs_confirmation(
            request,
            question=_("Withdraw inquiry %(ref)s about %(home)s?")
            % {"ref": found.reference, "home": f"{found.unit.building.name} {found.unit.number}"},
            detail=detail
            + " "
            + _("This cannot be undone: to ask about this home again, send a new inquiry."),
            button=_("Withdraw the inquiry"),
            cancel=reverse("cases:case", kwargs={"pk": pk}) + "#inquiries-heading",
        )
        if asked:
            return _no_store(asked)
    form = WithdrawForm(request.POST)
    version = form.cleaned_data.get("version") if form.is_valid() else None
    try:
        services.inquiry_withdraw(actor=actor_of(request), inquiry=found, version=version)
    except (ValidationError, Conflict) as exc:
        text = error_text(exc) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    else:
        messages.success(request, _("Inquiry %(ref)s withdrawn.") % {"ref": found.reference})
    return redirect("cases:case", pk=pk)


# ------------------------------------------------------------------------------------------ landlord
def landlord_inbox(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    qs = selectors.landlord_inquiries(visible_to=actor_of(request).access, state=state)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {"inquiry": i, "overdue": selectors.is_overdue(i, today), "recorded": selectors.recorded_words(i)}
        for i in page.object_list
    ]
    return render(request, "placements/inquiry_inbox.html", {"page": page, "rows": rows, "state": state})


def form_page(request: HttpRequest, url: str) -> str:
    """For a page that answers a form's POST (its errors): the address of the form's own page, which the
    page's script puts in place of the POST in the browser's history (``web/menu.js``), so that Back and
    reload later fetch that page instead of asking to send the form again (Chrome's "Confirm Form
    Resubmission", ERR_CACHE_MISS: the page is not stored). Empty for a GET."""
    return url if request.method == "POST" else ""


def _answer_page(
    request: HttpRequest,
    inquiry: LandlordInquiry,
    form: AnswerForm,
    *,
    action: str,
    page: str,
    status: int = 200,
) -> HttpResponse:
    return _no_store(
        render(
            request,
            "placements/inquiry_landlord.html",
            {
                "inquiry": inquiry,
                "form": form,
                "action": action,
                "form_page": form_page(request, page),
                "open": inquiry.state in selectors.OPEN_STATES,
                "overdue": selectors.is_overdue(inquiry),
                "recorded": selectors.recorded_words(inquiry),
                "note_words": selectors.landlord_note_words(inquiry),
                **selectors.landlord_view(inquiry),
            },
            status=status,
        )
    )


def _answer(form: AnswerForm | RecordAnswerForm) -> services.Answer:
    d = form.cleaned_data
    return services.Answer(
        action=d["action"],
        reason=d.get("reason") or "",
        text=d.get("text") or "",
        viewing=d.get("viewing") or "",
    )


@logs_access("placements: a landlord reading an inquiry about a household")
def landlord_inquiry(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors.landlord_inquiry_for, pk=pk)
    form = AnswerForm(initial={"version": found.version})
    action = reverse("placements:landlord_answer", kwargs={"pk": pk})
    return _answer_page(request, found, form, action=action, page=request.path)


@POST_OR_BACK
def landlord_answer(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors.landlord_inquiry_for, pk=pk)
    if request.method != "POST":
        return redirect("placements:landlord_inquiry", pk=pk)
    form = AnswerForm(request.POST)
    action = reverse("placements:landlord_answer", kwargs={"pk": pk})
    page = reverse("placements:landlord_inquiry", kwargs={"pk": pk})
    if not form.is_valid():
        return _answer_page(request, found, form, action=action, page=page, status=400)
    try:
        services.inquiry_answer(
            actor=actor_of(request),
            inquiry=found,
            answer=_answer(form),
            version=form.cleaned_data.get("version"),
        )
    except NotAllowed:
        raise
    except Conflict as exc:
        form.add_error(None, str(exc))
        return _answer_page(request, found, form, action=action, page=page, status=409)
    except ValidationError as exc:
        _form_errors(form, exc)
        return _answer_page(request, found, form, action=action, page=page, status=400)
    messages.success(request, _("Your answer was sent to the caseworker. Thank you."))
    return redirect("placements:landlord_inquiry", pk=pk)


@logs_access("placements: a landlord reading an inquiry by the link in the e-mail")
def inquiry_link(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mail's one-click page: GET shows the inquiry and the answer buttons (never answers), POST
    answers. The signed link is the credential; a final answer cannot be changed."""
    try:
        found = services.inquiry_for_link(token)
    except services.LinkExpired:
        return render(request, "placements/inquiry_link_invalid.html", {"expired": True}, status=410)
    except services.LinkInvalid:
        return render(request, "placements/inquiry_link_invalid.html", {"expired": False}, status=404)
    action = page = request.path
    if request.method != "POST":
        return _answer_page(
            request, found, AnswerForm(initial={"version": found.version}), action=action, page=page
        )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _answer_page(request, found, form, action=action, page=page, status=400)
    try:
        services.inquiry_answer(
            actor=vacancy.SIGNED_LINK,
            inquiry=found,
            answer=_answer(form),
            version=form.cleaned_data.get("version"),
            via=LandlordInquiry.Channel.LINK,
        )
    except Conflict as exc:
        form.add_error(None, str(exc))
        return _answer_page(request, found, form, action=action, page=page, status=409)
    except ValidationError as exc:
        _form_errors(form, exc)
        return _answer_page(request, found, form, action=action, page=page, status=400)
    messages.success(request, _("Your answer was sent to the caseworker. Thank you."))
    # POST-redirect-GET: Back and reload land on the link's page (the answer shown), never on a POST answer
    return redirect(request.path)


# ------------------------------------------------------------------------------------------ authority
def flag_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.flags(visible_to=actor_of(request).access)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "placements/flag_list.html", {"page": page})


def _flag_page(request: HttpRequest, flag: Any, form: ResolveForm, status: int = 200) -> HttpResponse:
    inquiry = flag.inquiry
    registration = selectors.flag_registration(flag)
    return _no_store(
        render(
            request,
            "placements/flag.html",
            {
                "form_page": form_page(request, reverse("placements:flag", kwargs={"pk": flag.pk})),
                "flag": flag,
                "inquiry": inquiry,
                "form": form,
                "groups": [group_label(g) for g in flag.groups],
                "accepted": None
                if flag.accepted_groups is None
                else [group_label(g) for g in flag.accepted_groups],
                "household_groups": [group_label(g) for g in flag.household_groups],
                # striking a registration off is done there (registry:review), not by resolving the flag
                "registration": registration,
                # a decline the landlord gave by phone and a caseworker recorded says so (a walk: the
                # authority could not tell it from one the landlord sent)
                "recorded": selectors.recorded_words(inquiry),
                **selectors.landlord_view(inquiry),
            },
            status=status,
        )
    )


@logs_access("placements: the registration authority reading a refusal flag")
def flag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors.flag_for, pk=pk)
    return _flag_page(request, found, ResolveForm(initial={"version": found.version}))


@POST_OR_BACK
def flag_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors.flag_for, pk=pk)
    if request.method != "POST":
        return redirect("placements:flag", pk=pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _flag_page(request, found, form, status=400)
    if form.cleaned_data["resolution"] == domain.FlagResolution.STRUCK_OFF:
        in_force = selectors.registration_in_force(selectors.flag_registration(found))
        asked = needs_confirmation(
            request,
            question=_("Record that the registration of %(name)s was struck off?")
            % {"name": found.inquiry.unit.building.name},
            detail=_(
                "The registration is still in force in the registry: recording this resolution does not "
                "strike it off, and the home stays listed. Strike it off on the registration's page first."
            )
            if in_force
            else _("The flag is closed with your note; this cannot be changed afterwards."),
            button=_("Record: registration struck off"),
            cancel=reverse("placements:flag", kwargs={"pk": pk}),
        )
        if asked:
            return _no_store(asked)
    try:
        services.flag_resolve(
            actor=actor_of(request),
            flag=found,
            resolution=form.cleaned_data["resolution"],
            note=form.cleaned_data.get("note") or "",
            version=form.cleaned_data.get("version"),
        )
    except NotAllowed:
        raise
    except Conflict as exc:
        form.add_error(None, str(exc))
        return _flag_page(request, found, form, status=409)
    except ValidationError as exc:
        _form_errors(form, exc)
        return _flag_page(request, found, form, status=400)
    messages.success(request, _("The flag is resolved."))
    return redirect("placements:flag", pk=pk)
