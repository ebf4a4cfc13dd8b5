from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sumai.accounts import selectors, services
from sumai.accounts.forms import AcceptInvitationForm, InviteForm, RoleForm, TokenForm
from sumai.accounts.models import Membership, Organisation, User
from sumai.core.access import access_for
from sumai.core.views import error_text, fetch


def _organisation(request: HttpRequest, org_id: int) -> Organisation:
    return fetch(request, selectors.organisation_for, org_id=org_id)


def _actor(request: HttpRequest) -> User:
    """The signed-in user; the permissions table has already refused anonymous requests."""
    return cast(User, request.user)


def organisation(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _organisation(request, org_id)
    is_admin = selectors.is_admin_of(org_id=org.pk, visible_to=access_for(request))
    return render(
        request,
        "accounts/organisation.html",
        {
            "organisation": org,
            "members": selectors.members_of(org),
            "invitations": selectors.open_invitations_of(org),
            "is_admin": is_admin,
            "invite_form": InviteForm(),
            "role_choices": Membership.Role.choices,
        },
    )


@require_POST
def invite(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _organisation(request, org_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(
                actor=_actor(request),
                organisation=org,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("accounts:organisation", org_id=org.pk)
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(str(e) for e in errors)}")
    return redirect("accounts:organisation", org_id=org.pk)


@require_POST
def invitation_revoke(request: HttpRequest, org_id: int, invitation_id: int) -> HttpResponse:
    invitation = fetch(request, selectors.invitation_for, org_id=org_id, invitation_id=invitation_id)
    org = invitation.organisation
    services.invitation_revoke(actor=_actor(request), invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("accounts:organisation", org_id=org.pk)


@require_POST
def member_remove(request: HttpRequest, org_id: int, membership_id: int) -> HttpResponse:
    membership = fetch(request, selectors.membership_for, org_id=org_id, membership_id=membership_id)
    org = membership.organisation
    try:
        services.member_remove(actor=_actor(request), membership=membership)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Member removed."))
    return redirect("accounts:organisation", org_id=org.pk)


@require_POST
def member_role(request: HttpRequest, org_id: int, membership_id: int) -> HttpResponse:
    membership = fetch(request, selectors.membership_for, org_id=org_id, membership_id=membership_id)
    org = membership.organisation
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Role: choose administrator, staff or viewer."))
    else:
        try:
            services.member_change_role(
                actor=_actor(request), membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Role changed."))
    return redirect("accounts:organisation", org_id=org.pk)


def tokens(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _organisation(request, org_id)
    secret = None
    form = TokenForm(request.POST or None, kind=org.kind)
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = services.api_token_create(
                actor=_actor(request),
                organisation=org,
                name=form.cleaned_data["name"],
                scopes=list(form.cleaned_data["scopes"]),
                valid_days=form.cleaned_data["valid_days"],
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            form = TokenForm(kind=org.kind)
    response = render(
        request,
        "accounts/tokens.html",
        {
            "organisation": org,
            "tokens": selectors.tokens_of(org),
            "form": form,
            "secret": secret,
        },
        status=400 if request.method == "POST" and secret is None else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request: HttpRequest, org_id: int, token_id: int) -> HttpResponse:
    token = fetch(request, selectors.token_for, org_id=org_id, token_id=token_id)
    org = token.organisation
    services.api_token_revoke(actor=_actor(request), token=token)
    messages.success(request, _("Token revoked. Systems using it are refused from now on."))
    return redirect("accounts:tokens", org_id=org.pk)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_secret(token)
    if invitation is None or not invitation.is_open:
        return render(request, "accounts/invitation_invalid.html", status=404)
    existing = selectors.user_with_email(invitation.email)
    form = AcceptInvitationForm(request.POST or None) if existing is None else None
    if request.method == "POST":
        if existing is not None:
            if not request.user.is_authenticated or request.user.pk != existing.pk:
                messages.error(
                    request, _("Log in as %(email)s to accept this invitation.") % {"email": invitation.email}
                )
                return redirect(f"{_login_url()}?next={request.path}")
            services.invitation_accept(invitation=invitation, user=existing)
            messages.success(
                request, _("You are now a member of %(org)s.") % {"org": invitation.organisation}
            )
            return redirect("web:dashboard")
        if form is not None and form.is_valid():
            with transaction.atomic():
                user = services.user_create(
                    email=invitation.email,
                    password=form.cleaned_data["password1"],
                    name=form.cleaned_data["name"],
                )
                services.invitation_accept(invitation=invitation, user=user)
            login(request, user, backend="sumai.accounts.backends.EmailBackend")
            messages.success(
                request,
                _("Welcome to Sumai. You are now a member of %(org)s.") % {"org": invitation.organisation},
            )
            return redirect("web:dashboard")
    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "existing": existing,
        },
        status=400 if request.method == "POST" else 200,
    )


def _login_url() -> str:
    from django.urls import reverse

    return reverse("accounts:login")
