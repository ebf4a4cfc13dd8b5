"""Forms of two-factor authentication and of the password prompt."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=64,
        help_text=_("The code your authenticator app shows for Sumai now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )


class RecoveryCodeForm(forms.Form):
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=64,
        help_text=_("One of the recovery codes you printed or saved. Each works once."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "size": 12}),
    )


class EnrolForm(forms.Form):
    key = forms.CharField(label=_("Secret shown on this page"), widget=forms.HiddenInput, max_length=400)
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=64,
        help_text=_("After adding Sumai to the app, type the code it shows."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}),
    )


class PasswordForm(forms.Form):
    """The person's own password, typed again."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = str(self.cleaned_data.get("password") or "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong. The password is case-sensitive."))
        return password
