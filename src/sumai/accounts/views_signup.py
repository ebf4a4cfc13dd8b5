"""Self-service sign-up (public pages, seven languages): the form, "check your e-mail", and the link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sumai.accounts import onboarding
from sumai.accounts.forms_onboarding import SignupForm
from sumai.accounts.models import SIGNUP_KINDS, SignupRequest
from sumai.core.clientip import client_ip
from sumai.core.guards import allow, parse_rate, too_many


def _rate(name: str) -> str | None:
    return settings.SUMAI.get(name)


def signup(request: HttpRequest) -> HttpResponse:
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in SIGNUP_KINDS else {}
    form = SignupForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_bot:
            return redirect("accounts:signup_sent")
        if form.is_valid():
            # Only complete sign-ups count: a person correcting their mistakes is never locked out.
            rate = _rate("SIGNUP_IP_RATE")
            if not allow("signup", client_ip(request), rate):
                parsed = parse_rate(rate)
                return too_many(request, parsed[1] if parsed else 60)
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
    verify anyone); POST confirms. A link opened again (Back, a second click, another language) says what
    became of the sign-up instead of failing. Without a language of their own the page speaks the
    language the person signed up in."""
    found = onboarding.signup_for_secret(token)
    language = found.language if found and not request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) else None
    with translation.override(language or translation.get_language()):
        return _verify(request, found)


def _verify(request: HttpRequest, found: SignupRequest | None) -> HttpResponse:
    states = SignupRequest.State
    if found is None:
        return render(request, "accounts/signup_invalid.html", status=404)
    if found.state == states.AWAITING_APPROVAL:
        return render(request, "accounts/signup_waiting.html", {"signup": found, "again": True})
    if found.state == states.APPROVED:
        return render(request, "accounts/signup_confirmed.html", {"signup": found})
    if found.state == states.WITHDRAWN:
        message = _(
            "A newer sign-up with this address replaced this link: use the link of the latest e-mail."
        )
        return render(request, "accounts/signup_invalid.html", {"message": message}, status=404)
    if found.state == states.REJECTED:
        message = _("This sign-up was not approved; the e-mail we sent says why. You may sign up again.")
        return render(request, "accounts/signup_invalid.html", {"message": message}, status=404)
    if not found.verification_open:
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
