"""The password views of Django with Sumai's guards (docs/security.md):

* a reset request is limited per client address (``SUMAI["PASSWORD_RESET_IP_RATE"]``: a 429 page over it) and
  per e-mail address (``SUMAI["PASSWORD_RESET_ADDRESS_RATE"]``: over it the page answers as usual but sends
  nothing, so that neither the limit nor the answer tells whether the address has an account);
* a completed reset lifts the log-in lock-out of that account (the lock-out page says so);
* a password change is limited per account (``SUMAI["PASSWORD_CHANGE_RATE"]``).
"""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from sumai.accounts.backends import normalise_login
from sumai.core.clientip import client_ip
from sumai.core.guards import allow, parse_rate, too_many


def _rate(name: str) -> str | None:
    return settings.SUMAI.get(name)


def _retry_after(name: str) -> int:
    parsed = parse_rate(_rate(name))
    return parsed[1] if parsed else 60


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not allow("password_reset_ip", client_ip(request), _rate("PASSWORD_RESET_IP_RATE")):
            return too_many(request, _retry_after("PASSWORD_RESET_IP_RATE"))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        address = normalise_login(form.cleaned_data.get("email"))
        if not allow("password_reset_address", address, _rate("PASSWORD_RESET_ADDRESS_RATE")):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        axes_reset(username=normalise_login(form.user.email))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not allow("password_change", str(request.user.pk), _rate("PASSWORD_CHANGE_RATE")):
            return too_many(request, _retry_after("PASSWORD_CHANGE_RATE"))
        return super().post(request, *args, **kwargs)
