"""Log-in with a second factor, enrolment, the person's own 2FA page, and the password prompt
(``sumai.accounts.mfa``, ``sumai.accounts.reauth``; docs/security.md "Two-factor authentication")."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sumai.accounts import mfa, reauth
from sumai.accounts.forms import EmailAuthenticationForm
from sumai.accounts.forms_mfa import CodeForm, EnrolForm, PasswordForm, RecoveryCodeForm
from sumai.accounts.models import User
from sumai.core.guards import allow, parse_rate, too_many


def _user(request: HttpRequest) -> User:
    """The signed-in person; the permissions table has refused anonymous requests."""
    return cast(User, request.user)


def _next(request: HttpRequest) -> str:
    return reauth.safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _with_next(name: str, next_url: str) -> str:
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _home() -> str:
    return str(resolve_url(settings.LOGIN_REDIRECT_URL))


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _password_attempt_allowed(request: HttpRequest) -> bool:
    return allow("reauth", str(request.user.pk), settings.SUMAI.get("REAUTH_RATE"))


def _too_many_password_attempts(request: HttpRequest) -> HttpResponse:
    parsed = parse_rate(settings.SUMAI.get("REAUTH_RATE"))
    return too_many(request, parsed[1] if parsed else 60)


class LoginView(auth_views.LoginView):
    """Django's log-in page; a person who must use a second factor goes on to it (keeping ``next``)."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        reauth.password_entered(self.request)
        if self.request.session.get(mfa.REQUIRED_SESSION_KEY):
            return redirect(_with_next("accounts:otp_verify", self.get_redirect_url()))
        return response


def verify(request: HttpRequest) -> HttpResponse:
    """The second step of log-in: a code from the authenticator app or a recovery code."""
    user = _user(request)
    next_url = _next(request)
    if mfa.is_verified(request):
        return redirect(next_url or _home())
    if not mfa.has_device(user):
        return redirect(_with_next("accounts:otp_enrol", next_url))
    form = CodeForm(request.POST if "code" in request.POST else None)
    recovery_form = RecoveryCodeForm(request.POST if "recovery_code" in request.POST else None)
    locked = mfa.locked_until(user)
    status = 200
    if request.method == "POST":
        status = 400
        posted, field = (
            (recovery_form, "recovery_code") if "recovery_code" in request.POST else (form, "code")
        )
        if locked is None and posted.is_valid():
            outcome = mfa.check_code(user=user, code=posted.cleaned_data[field])
            if outcome.ok:
                mfa.verified(request, outcome.device)
                if outcome.recovery:
                    left = mfa.recovery_codes_left(user)
                    messages.warning(
                        request,
                        _(
                            "You logged in with a recovery code, which now no longer works. Recovery codes "
                            "left: %(left)d. Make new ones on your two-factor authentication page."
                        )
                        % {"left": left},
                    )
                return redirect(next_url or _home())
            locked = outcome.locked_until
            if locked is None:
                posted.add_error(field, _("The code is wrong or has expired. Type the newest code."))
        if locked is not None:
            status = 429
    return _no_store(
        render(
            request,
            "accounts/otp_verify.html",
            {
                "form": form,
                "recovery_form": recovery_form,
                "locked_until": locked,
                "lock_minutes": settings.SUMAI.get("OTP_LOCKOUT_MINUTES"),
                "next": next_url,
                "open_recovery": "recovery_code" in request.POST,
            },
            status=status,
        )
    )


def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code and the secret written out; confirmed with a code; then the
    recovery codes, shown once."""
    user = _user(request)
    next_url = _next(request)
    if mfa.has_device(user):
        if mfa.is_verified(request):
            return redirect("accounts:otp")
        return redirect(_with_next("accounts:otp_verify", next_url))
    form = EnrolForm(request.POST or None)
    key = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            key = mfa.enrolment_key(user, form.cleaned_data["key"])
            if key is None:
                form.add_error(None, _("This page was open too long. Add the new secret below to your app."))
            else:
                result = mfa.enrol(user=user, key=key, code=form.cleaned_data["code"])
                if result is not None:
                    mfa.verified(request, result.device)
                    request.session[mfa.REQUIRED_SESSION_KEY] = True
                    reauth.password_entered(request)  # the log-in a moment ago
                    return _codes_page(request, result.codes, next_url or _home(), enrolled=True)
                form.add_error(
                    "code", _("The code does not match. Check the app's clock and type the newest code.")
                )
    enrolment = mfa.new_enrolment(user, key)
    if form.is_bound:  # the errors stay; the secret now shown replaces the one posted, the code is emptied
        data = request.POST.copy()
        data["key"], data["code"] = enrolment.signed, ""
        form.data = data
    else:
        form = EnrolForm(initial={"key": enrolment.signed})
    return _no_store(
        render(
            request,
            "accounts/otp_enrol.html",
            {
                "form": form,
                "enrolment": enrolment,
                "qr": _qr(enrolment),
                "required": mfa.required_for_request(request),
                "next": next_url,
            },
            status=status,
        )
    )


def _qr(enrolment: mfa.Enrolment) -> str:
    """The QR code as inline SVG: drawn here by qrcode from our own otpauth address, its label escaped."""
    svg = mfa.qr_svg(enrolment.config_url, _("QR code to scan with your authenticator app"))
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703


def _codes_page(request: HttpRequest, codes: list[str], next_url: str, *, enrolled: bool) -> HttpResponse:
    return _no_store(
        render(
            request,
            "accounts/otp_codes.html",
            {"codes": codes, "next": next_url, "enrolled": enrolled},
        )
    )


def overview(request: HttpRequest) -> HttpResponse:
    """The person's own two-factor authentication: status, new recovery codes, remove or replace."""
    return _overview(request)


def _overview(
    request: HttpRequest,
    *,
    codes_form: PasswordForm | None = None,
    remove_form: PasswordForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    return _no_store(
        render(
            request,
            "accounts/otp.html",
            {
                "status": mfa.status_of(request),
                "codes_form": codes_form or PasswordForm(user, prefix="codes"),
                "remove_form": remove_form or PasswordForm(user, prefix="remove"),
            },
            status=status,
        )
    )


@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """A new set of recovery codes (the password again), shown once."""
    user = _user(request)
    if not mfa.has_device(user):
        return redirect("accounts:otp")
    if not _password_attempt_allowed(request):
        return _too_many_password_attempts(request)
    form = PasswordForm(user, request.POST, prefix="codes")
    if not form.is_valid():
        return _overview(request, codes_form=form, status=400)
    reauth.password_entered(request)
    codes = mfa.regenerate_recovery_codes(user=user)
    return _codes_page(request, codes, reverse("accounts:otp"), enrolled=False)


@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """Remove the authenticator and the recovery codes (the password again): to replace a phone, or to stop
    using a second factor where it is not required."""
    user = _user(request)
    if not mfa.has_device(user):
        return redirect("accounts:otp")
    if not _password_attempt_allowed(request):
        return _too_many_password_attempts(request)
    form = PasswordForm(user, request.POST, prefix="remove")
    if not form.is_valid():
        return _overview(request, remove_form=form, status=400)
    reauth.password_entered(request)
    mfa.remove(user=user)
    mfa.forget(request)
    if mfa.required_for_user(user):
        messages.success(
            request, _("Two-factor authentication was removed. Set it up again with your authenticator app.")
        )
        return redirect("accounts:otp_enrol")
    request.session.pop(mfa.REQUIRED_SESSION_KEY, None)
    messages.success(request, _("Two-factor authentication was removed."))
    return redirect("accounts:otp")


def password_prompt(request: HttpRequest) -> HttpResponse:
    """The password again before a sensitive page (``reauth.recent_password_required``), then back."""
    user = _user(request)
    next_url = _next(request)
    form = PasswordForm(user, request.POST or None)
    if request.method == "POST":
        if not _password_attempt_allowed(request):
            return _too_many_password_attempts(request)
        if form.is_valid():
            reauth.password_entered(request)
            return HttpResponseRedirect(next_url or _home())
    return _no_store(
        render(
            request,
            "accounts/reauth.html",
            {"form": form, "next": next_url, "minutes": reauth.window_minutes()},
            status=400 if request.method == "POST" else 200,
        )
    )
