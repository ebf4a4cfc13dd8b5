"""Asking for help (public) and the receiving desk's inbox."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sumai.accounts.reauth import recent_password_required
from sumai.cases import households as household_services
from sumai.cases import selectors, selectors_cases, services
from sumai.cases.forms import RECEIVER_KINDS, AskForm, DeskForm
from sumai.cases.forms_household import CONSENT_CATEGORIES, ConsentForm, HouseholdForm, MemberFormSet
from sumai.cases.models import ConsultationRequest
from sumai.core.access import access_for
from sumai.core.actor import actor_of
from sumai.core.clientip import client_ip
from sumai.core.errors import Conflict
from sumai.core.guards import allow, release, seconds_to_next_window
from sumai.core.labels import group_label
from sumai.core.views import error_text, fetch, logs_access, needs_confirmation
from sumai.domain import consent as domain_consent
from sumai.domain import consultation as domain
from sumai.domain.consent import Category

ALL_CATEGORIES = frozenset(c.value for c in Category)
CIRCUMSTANCE_CATEGORY = {
    "dv_victim": Category.DV.value,
    "crime_victim": Category.DV.value,
    "child_abuse_victim": Category.DV.value,
    "leaving_correctional_facility": Category.CRIMINAL.value,
    "financial_hardship": Category.WELFARE.value,
    "hansen_disease_sanatorium": Category.HEALTH.value,
}
"""Which sensitive category a stated circumstance belongs to (shown only to who may see that category)."""


def _initial(post: QueryDict) -> dict[str, Any]:
    """A posted form as the initial values of a new one (keeps what was typed, shows no errors)."""
    multiple = {"situations", "help_wanted"}
    return {key: post.getlist(key) if key in multiple else post.get(key) for key in post if key != "website"}


def ask(request: HttpRequest) -> HttpResponse:
    """The public request for help. Without JavaScript, "Show the municipalities" posts ``step=place`` and
    the form comes back with the municipalities of the chosen prefecture and nothing checked yet."""
    no_receiver = None
    status = 200
    if request.method == "POST" and request.POST.get("step") == "place":
        form = AskForm(initial=_initial(request.POST))
    else:
        form = AskForm(request.POST or None, initial={"prefecture": request.GET.get("prefecture", "")})
    if request.method == "POST" and form.is_bound:
        ip = client_ip(request)
        post_rate = settings.SUMAI.get("CONSULTATION_POST_RATE")
        if not allow("consultation-post", ip, post_rate):
            return _ask_throttled(request, AskForm(initial=_initial(request.POST)), post_rate)
        if form.is_bot:
            return redirect("cases:asked", reference="S-0000-0000")
        if form.is_valid():
            rate = settings.SUMAI.get("CONSULTATION_RATE")
            if not allow("consultation", ip, rate):  # counts stored requests only: checked once valid
                return _ask_throttled(request, form, rate)
            try:
                created = services.request_create(data=form.cleaned_data, language=get_language() or "ja")
            except services.NoReceiver:
                release("consultation", ip, rate)  # nothing was stored
                no_receiver = form.cleaned_data["municipality"]
            else:
                return redirect("cases:asked", reference=created.reference)
        status = 400
    return _ask_page(request, {"form": form, "no_receiver": no_receiver, "sent": _sent(request)}, status)


def _ask_page(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    response = render(request, "cases/ask.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _ask_throttled(request: HttpRequest, form: AskForm, rate: str | None) -> HttpResponse:
    """Over a rate limit: the form comes back with everything typed and, at the top, when to press send
    again (429; nothing is stored)."""
    wait = seconds_to_next_window(rate)
    again = timezone.localtime(timezone.now() + timedelta(seconds=wait))
    response = _ask_page(
        request, {"form": form, "throttled": {"time": date_format(again, "H:i")}}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


def _sent(request: HttpRequest) -> str:
    """The reference of a request just sent, when the form page is shown again after it (``?sent=``, set by
    ``cases/ask.js`` when the person goes back from "what happens next"): the page then says it was sent."""
    reference = (request.GET.get("sent") or "")[:20]
    if (
        request.method == "GET"
        and domain.reference_valid(reference)
        and ConsultationRequest.objects.filter(reference=reference).exists()
    ):
        return reference
    return ""


def asked(request: HttpRequest, reference: str) -> HttpResponse:
    """What happens next. The reference is random and the page shows nothing the person wrote: only who
    will contact them."""
    found = (
        ConsultationRequest.objects.select_related("organisation").filter(reference=reference).first()
        if domain.reference_valid(reference)
        else None
    )
    receiver: dict[str, Any] | None = selectors.receiver_contact(found.organisation) if found else None
    if receiver is not None:
        what = RECEIVER_KINDS.get(receiver["kind"])
        japanese = (get_language() or "ja") in ("ja", "ja-x-easy")
        receiver["display_name"] = (
            f"{receiver['name']} ({what})" if what and not japanese else receiver["name"]
        )
        receiver["phone_link"] = (
            format_html('<a href="tel:{}">{}</a>', receiver["tel"], receiver["phone"])
            if receiver["tel"]
            else receiver["phone"]
        )
    return render(
        request,
        "cases/asked.html",
        {"reference": reference, "found": found, "receiver": receiver, "days": first_contact_days()},
    )


def first_contact_days() -> int:
    return int(settings.SUMAI.get("CONSULTATION_FIRST_CONTACT_DAYS", 3))


def municipality_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the municipality list for a prefecture (htmx, when the prefecture changes)."""
    prefecture = (request.GET.get("prefecture") or "")[:2]
    rows = selectors.municipalities_of(prefecture) if prefecture.isdigit() else []
    return render(request, "cases/_municipality_options.html", {"rows": rows})


def corporation_options(request: HttpRequest) -> HttpResponse:
    code = (request.GET.get("municipality") or "")[:6]
    options = selectors.corporations(code) if code.isdigit() else []
    return render(request, "cases/_corporation_options.html", {"options": options})


def requests(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    rows = selectors.inbox(visible_to=access_for(request), state=state)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/requests.html",
        {"page": page, "state": state, "states": ConsultationRequest.State.choices},
    )


@logs_access("consultation request: reading what a person asked for help with")
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors.request_for, pk=pk)
    response = render(
        request,
        "cases/request.html",
        {
            "item": found,
            "alternatives": selectors.organisations_named(list(found.alternatives)),
            "situations": _labels(found.situations, "SITUATIONS"),
            "help_wanted": _labels(found.help_wanted, "HELP"),
            "language_name": dict(settings.LANGUAGES).get(found.language, found.language),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _labels(codes: list[str], table: str) -> list[str]:
    from sumai.cases import forms

    labels = dict(getattr(forms, table))
    return [str(labels.get(code, _("Other"))) for code in codes]


@require_POST
def request_contact(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors.request_for, pk=pk)
    try:
        services.request_contacted(actor=actor_of(request), request=found)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("First contact recorded."))
    return redirect("cases:request", pk=found.pk)


def desk(request: HttpRequest, org_id: int) -> HttpResponse:
    org = fetch(request, selectors.desk_organisation, org_id=org_id)
    current = selectors.desk_of(org)
    form = DeskForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.desk_save(actor=actor_of(request), organisation=org, data=form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Consultation desk saved."))
            return redirect("cases:desk", org_id=org.pk)
    return render(
        request,
        "cases/desk.html",
        {"organisation": org, "form": form, "desk": current},
        status=400 if request.method == "POST" else 200,
    )


# ------------------------------------------------------------------------------------------- households
def households(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    rows = selectors.households(visible_to=access_for(request), q=q)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "cases/households.html", {"page": page, "q": q})


@require_POST
def household_open(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors.request_for, pk=pk)
    try:
        household = household_services.household_from_request(actor=actor_of(request), request=found)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("cases:request", pk=found.pk)
    messages.success(request, _("Household record opened. Complete the members' birth dates."))
    if household.hidden:
        messages.warning(
            request,
            _(
                "The person said they are fleeing violence or stalking: the record is hidden — its address "
                "and whereabouts stay in your organisation, and lists show only its pseudonym."
            ),
        )
    return redirect("cases:household_edit", pk=household.pk)


@logs_access("household record: helping the household find a home")
def household(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors.household_for, pk=pk)
    access = access_for(request)
    sees = selectors.categories_for(found, access)
    holder = access.has(organisation_id=found.organisation_id)
    response = render(
        request,
        "cases/household.html",
        {
            "household": found,
            "members": list(found.members.all()),
            "holder": holder,
            "sees": sees,
            "sees_all": sees >= ALL_CATEGORIES,
            "circumstances": [
                group_label(code)
                for code in found.circumstances
                if CIRCUMSTANCE_CATEGORY.get(code) is None or CIRCUMSTANCE_CATEGORY[code] in sees
            ],
            "eligibility": household_services.eligibility(found) if sees >= ALL_CATEGORIES else None,
            # another organisation's view: which sensitive categories it sees because the household consented
            "shown_by_consent": [str(label) for code, label in CONSENT_CATEGORIES if code in sees],
            "not_shared": [str(label) for code, label in CONSENT_CATEGORIES if code not in sees],
            "list_separator": pgettext("list separator", ", "),
            "needs": _needs(found),
            "versions": found.versions.select_related("saved_by")[:10] if holder else [],
            "whereabouts": any(
                domain_consent.may_see_whereabouts(
                    viewer=g.organisation_id,
                    holder=found.organisation_id,
                    hidden=found.hidden,
                    circumstances=found.circumstances,
                    categories=sees,
                )
                for g in access.grants
            ),
            "open_case": selectors_cases.case_of_household(household_id=found.pk, visible_to=access)
            if holder
            else None,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _needs(household: Any) -> list[str]:
    """What the home must have, in words, only the parts recorded (the walk: "has pets · —", a dash for the
    empty "near" joined to the needs)."""
    parts = [
        household.layout,
        _("ground floor or a lift") if household.needs_lift else "",
        _("barrier-free") if household.barrier_free else "",
        _("has pets") if household.pets else "",
    ]
    return [str(part) for part in parts if part]


@logs_access("household record: editing it")
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors.held_household, pk=pk)
    form = HouseholdForm(request.POST or None, instance=found)
    formset = MemberFormSet(request.POST or None, instance=found, prefix="members")
    status = 200
    if request.method == "POST":
        status = 400
        # both checked, every error at once (the walk: an error of the form hid the members' errors)
        form_valid, formset_valid = form.is_valid(), formset.is_valid()
        if form_valid and formset_valid:
            members = [
                {
                    **{k: v for k, v in row.items() if k not in ("id", "DELETE", "household")},
                    "id": row["id"].pk if row.get("id") else None,
                    "delete": bool(row.get("DELETE")),
                }
                for row in formset.cleaned_data
                if row
            ]
            try:
                household_services.household_save(
                    actor=actor_of(request),
                    household=found,
                    data={k: v for k, v in form.cleaned_data.items() if k != "version"},
                    members=members,
                    version=form.cleaned_data["version"],
                )
            except Conflict as exc:
                form.add_error(None, str(exc))
                status = 409
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Household saved."))
                return redirect("cases:household", pk=found.pk)
    response = render(
        request,
        "cases/household_edit.html",
        {"household": found, "form": form, "formset": formset},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------------------------- consent
def consents(request: HttpRequest, pk: int) -> HttpResponse:
    found = fetch(request, selectors.held_household, pk=pk)
    form = ConsentForm(request.POST or None, household=found)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                household_services.consent_record(
                    actor=actor_of(request), household=found, data=form.cleaned_data
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Consent recorded."))
                return redirect("cases:consents", pk=found.pk)
    return render(
        request,
        "cases/consents.html",
        {
            "household": found,
            "form": form,
            "consents": [
                (
                    c,
                    [str(dict(CONSENT_CATEGORIES).get(code, code)) for code in c.categories],
                    c.facts().in_force(timezone.localdate()),
                )
                for c in found.consents.prefetch_related("organisations").select_related("recorded_by")
            ],
            # "a, b" in English, 「a、b」 in Japanese
            "list_separator": pgettext("list separator", ", "),
        },
        status=status,
    )


@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_id: int) -> HttpResponse:
    found = fetch(request, selectors.held_household, pk=pk)
    consent = found.consents.filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    asked = needs_confirmation(
        request,
        question=_("Record that the household withdrew this consent?"),
        detail=_("From now on, the organisations it named no longer see the household's record."),
        button=_("Withdraw the consent"),
    )
    if asked:
        return asked
    household_services.consent_withdraw(actor=actor_of(request), consent=consent)
    messages.success(request, _("Consent withdrawn. It took effect at once."))
    return redirect("cases:consents", pk=found.pk)


@recent_password_required()
def access_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Who saw the household's data (for a disclosure request, 開示請求): printable."""
    found = fetch(request, selectors.held_household, pk=pk)
    response = render(
        request,
        "cases/access_report.html",
        {"household": found, "rows": selectors.access_report(found), "now": timezone.now()},
    )
    response["Cache-Control"] = "no-store"
    return response
