"""The platform administrator's screens: organisations, users, jurisdictions and sign-ups to decide.

The permissions table lets only platform administrators (superusers) in; the selectors check again."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sumai.accounts import onboarding, platform, selectors, services
from sumai.accounts.forms_platform import InviteAdminForm, OrganisationForm, RejectForm
from sumai.accounts.models import Membership, Organisation, SignupRequest, User
from sumai.audit.selectors import history_for
from sumai.core.access import access_for
from sumai.core.errors import Conflict
from sumai.core.formfields import nfkc
from sumai.core.views import error_text, fetch, needs_confirmation

PAGE_SIZE = 50


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _apply(form: OrganisationForm | RejectForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


def home(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    return render(
        request,
        "accounts/platform/home.html",
        {
            "awaiting": selectors.signups_awaiting(visible_to=access),
            "organisations": selectors.platform_organisations(visible_to=access).count(),
            "users": selectors.platform_users(visible_to=access).count(),
            "uncovered": sum(
                1 for row in selectors.platform_jurisdictions(visible_to=access) if not row["organisations"]
            ),
        },
    )


def organisations(request: HttpRequest) -> HttpResponse:
    q = nfkc(request.GET.get("q", ""))[:100]
    kind = request.GET.get("kind", "")
    active = request.GET.get("active", "")
    rows = selectors.platform_organisations(visible_to=access_for(request), q=q, kind=kind, active=active)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/platform/organisations.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "active": active,
            "kinds": Organisation.Kind.choices,
            "query": urlencode({k: v for k, v in {"q": q, "kind": kind, "active": active}.items() if v}),
        },
    )


def organisation_new(request: HttpRequest) -> HttpResponse:
    initial = {
        k: request.GET[k] for k in ("kind", "authority_code", "prefecture", "name") if k in request.GET
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            org = platform.organisation_save(actor=_actor(request), organisation=None, data=form.cleaned_data)
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("Organisation created. Invite its first administrator."))
            return redirect("accounts:platform_organisation", org_id=org.pk)
    return render(
        request,
        "accounts/platform/organisation_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def organisation(request: HttpRequest, org_id: int) -> HttpResponse:
    org = fetch(request, selectors.platform_organisation, org_id=org_id)
    form = OrganisationForm(request.POST or None, instance=Organisation.objects.get(pk=org.pk))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                org = platform.organisation_save(
                    actor=_actor(request),
                    organisation=org,
                    data=form.cleaned_data,
                    edit_token=form.cleaned_data.get("edit_token") or "",
                )
            except Conflict as exc:
                form.add_error(None, str(exc))
                status = 409
            except ValidationError as exc:
                _apply(form, exc)
            else:
                messages.success(request, _("Organisation saved."))
                return redirect("accounts:platform_organisation", org_id=org.pk)
    return render(
        request,
        "accounts/platform/organisation.html",
        {
            "organisation": org,
            "form": form,
            "members": selectors.members_of(org),
            "invitations": selectors.open_invitations_of(org),
            "invite_form": InviteAdminForm(),
            "has_admin": org.memberships.filter(role=Membership.Role.ADMIN, user__is_active=True).exists(),
            "history": history_for(
                object_type="accounts.organisation", object_id=str(org.pk), visible_to=access_for(request)
            ),
        },
        status=status,
    )


@require_POST
def organisation_invite(request: HttpRequest, org_id: int) -> HttpResponse:
    org = fetch(request, selectors.platform_organisation, org_id=org_id)
    form = InviteAdminForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("E-mail address: write a whole address, for example name@example.jp."))
    else:
        try:
            services.invitation_create(
                actor=_actor(request), organisation=org, email=form.cleaned_data["email"], role="admin"
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s, as administrator.") % {"email": form.cleaned_data["email"]},
            )
    return redirect("accounts:platform_organisation", org_id=org.pk)


@require_POST
def organisation_active(request: HttpRequest, org_id: int) -> HttpResponse:
    org = fetch(request, selectors.platform_organisation, org_id=org_id)
    active = request.POST.get("active") == "yes"
    if not active:
        asked = needs_confirmation(
            request,
            question=_("Deactivate %(org)s?") % {"org": org.name},
            detail=_(
                "Its members lose every right in Sumai at once and its API tokens stop working. Its public "
                "records stay. You can reactivate it later."
            ),
            button=_("Deactivate"),
        )
        if asked:
            return asked
    platform.organisation_set_active(actor=_actor(request), organisation=org, active=active)
    messages.success(request, _("Organisation reactivated.") if active else _("Organisation deactivated."))
    return redirect("accounts:platform_organisation", org_id=org.pk)


def users(request: HttpRequest) -> HttpResponse:
    q = nfkc(request.GET.get("q", ""))[:100]
    active = request.GET.get("active", "")
    rows = selectors.platform_users(visible_to=access_for(request), q=q, active=active)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/platform/users.html",
        {
            "page": page,
            "q": q,
            "active": active,
            "query": urlencode({k: v for k, v in {"q": q, "active": active}.items() if v}),
        },
    )


def user(request: HttpRequest, user_id: int) -> HttpResponse:
    person = fetch(request, selectors.platform_user, user_id=user_id)
    return render(
        request,
        "accounts/platform/user.html",
        {
            "person": person,
            "memberships": selectors.memberships_of_user(person),
            "history": history_for(
                object_type="accounts.user", object_id=str(person.pk), visible_to=access_for(request)
            ),
        },
    )


@require_POST
def user_active(request: HttpRequest, user_id: int) -> HttpResponse:
    person = fetch(request, selectors.platform_user, user_id=user_id)
    active = request.POST.get("active") == "yes"
    if not active:
        asked = needs_confirmation(
            request,
            question=_("Deactivate the account of %(email)s?") % {"email": person.email},
            detail=_(
                "They are logged out at their next step, cannot log in, and the API tokens they created stop "
                "working. You can reactivate the account later; revoked tokens stay revoked."
            ),
            button=_("Deactivate"),
        )
        if asked:
            return asked
    try:
        platform.user_set_active(actor=_actor(request), user=person, active=active)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Account reactivated.") if active else _("Account deactivated."))
    return redirect("accounts:platform_user", user_id=person.pk)


def jurisdictions(request: HttpRequest) -> HttpResponse:
    rows = selectors.platform_jurisdictions(visible_to=access_for(request))
    missing = request.GET.get("missing") == "1"
    shown = [r for r in rows if not r["organisations"]] if missing else rows
    return render(
        request,
        "accounts/platform/jurisdictions.html",
        {"rows": shown, "missing": missing, "uncovered": sum(1 for r in rows if not r["organisations"])},
    )


def signups(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", SignupRequest.State.AWAITING_APPROVAL)
    if state not in SignupRequest.State.values and state != "all":
        state = SignupRequest.State.AWAITING_APPROVAL
    rows = selectors.platform_signups(visible_to=access_for(request), state="" if state == "all" else state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    states = [(v, label) for v, label in SignupRequest.State.choices if v != SignupRequest.State.WITHDRAWN]
    return render(
        request,
        "accounts/platform/signups.html",
        {"page": page, "state": state, "states": states, "query": urlencode({"state": state})},
    )


def signup(request: HttpRequest, signup_id: int) -> HttpResponse:
    found = fetch(request, selectors.platform_signup, signup_id=signup_id)
    return render(
        request,
        "accounts/platform/signup.html",
        {"signup": found, "reject_form": RejectForm()},
    )


@require_POST
def signup_decide(request: HttpRequest, signup_id: int) -> HttpResponse:
    found = fetch(request, selectors.platform_signup, signup_id=signup_id)
    decision = request.POST.get("decision")
    form = RejectForm(request.POST)
    try:
        if decision == "approve":
            org = onboarding.signup_approve(actor=_actor(request), request=found)
            messages.success(
                request, _("Approved: %(org)s can log in now; the applicant was told.") % {"org": org.name}
            )
            return redirect("accounts:platform_organisation", org_id=org.pk)
        if decision == "reject" and form.is_valid():
            onboarding.signup_reject(actor=_actor(request), request=found, reason=form.cleaned_data["reason"])
            messages.success(request, _("Not approved; the applicant was told why."))
            return redirect("accounts:platform_signups")
        if decision != "reject":
            form.add_error(None, _("Choose approve or reject."))
    except ValidationError as exc:
        _apply(form, exc)
    return render(
        request, "accounts/platform/signup.html", {"signup": found, "reject_form": form}, status=400
    )
