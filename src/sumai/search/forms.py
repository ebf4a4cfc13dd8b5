"""The inquiry form of a registered home's public page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class InquiryForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=30)
    message = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For example when you would like to see the home, and who would live there."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my name, contact and message are sent to the landlord and its agent."),
    )
    # left empty by people; filled in by programs that fill in every field
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean_email(self) -> str:
        return str(self.cleaned_data.get("email") or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("email") and not str(data.get("phone") or "").strip():
            self.add_error("email", _("Give an e-mail address or a phone number, so that they can answer."))
        return data
