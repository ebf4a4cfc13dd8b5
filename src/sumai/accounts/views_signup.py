"""Self-service sign-up (public pages, seven languages): the form, "check your e-mail", and the link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sumai.accounts import onboarding
from sumai.accounts.forms_onboarding import SignupForm
from sumai.accounts.models import SIGNUP_KINDS
from sumai.core.clientip import client_ip
from sumai.core.guards import allow, parse_rate, too_many


def _rate(name: str) -> str | None:
    return settings.SUMAI.get(name)


def signup(request: HttpRequest) -> HttpResponse:
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in SIGNUP_KINDS else {}
    form = SignupForm(request.POST or None, initial=initial)
    if request.method == "POST":
        rate = _rate("SIGNUP_IP_RATE")
        if not allow("signup", client_ip(request), rate):
            parsed = parse_rate(rate)
            return too_many(request, parsed[1] if parsed else 60)
        if form.is_bot:
            return redirect("accounts:signup_sent")
        if form.is_valid():
            data = form.cleaned_data
            if allow("signup-address", data["email"], _rate("SIGNUP_ADDRESS_RATE")):
                try:
                    onboarding.signup_start(
                        data=data, password=data["password1"], language=get_language() or ""
                    )
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    return redirect("accounts:signup_sent")
            else:
                return redirect("accounts:signup_sent")
    response = render(
        request,
        "accounts/signup.html",
        {"form": form, "hours": onboarding.verify_hours()},
        status=400 if request.method == "POST" else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html", {"hours": onboarding.verify_hours()})


def signup_verify(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the verification e-mail. GET shows a button (mail scanners that open links must not
    verify anyone); POST confirms."""
    found = onboarding.signup_for_secret(token)
    if found is None or not found.verification_open:
        return render(request, "accounts/signup_invalid.html", status=404)
    if request.method == "POST":
        try:
            verified, user = onboarding.signup_verify(request=found)
        except ValidationError as exc:
            return render(
                request, "accounts/signup_invalid.html", {"message": " ".join(exc.messages)}, status=409
            )
        if user is not None:
            login(request, user, backend="sumai.accounts.backends.EmailBackend")
            messages.success(
                request,
                _("Welcome to Sumai. %(org)s is ready: register your first building.")
                % {"org": verified.organisation_name},
            )
            return redirect("web:dashboard")
        return render(request, "accounts/signup_waiting.html", {"signup": verified})
    response = render(request, "accounts/signup_verify.html", {"signup": found})
    response["Cache-Control"] = "no-store"
    return response
