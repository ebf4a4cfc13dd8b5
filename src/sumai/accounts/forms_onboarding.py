"""Forms of onboarding: the public sign-up and the platform administrator's screens."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sumai.accounts.models import SIGNUP_KINDS, Organisation
from sumai.core.formfields import NFKCEmailField, nfkc
from sumai.places.formfields import PrefectureField

_PHONE = re.compile(r"^0\d{9,10}$")


def clean_phone(value: str) -> str:
    digits = nfkc(value).replace("-", "").replace("‐", "").replace("−", "").replace(" ", "")
    digits = digits.replace("(", "").replace(")", "")
    if not _PHONE.match(digits):
        raise ValidationError(
            _("Write a Japanese phone number of 10 or 11 digits, for example 03-1234-5678.")
        )
    return nfkc(value)


class SignupForm(forms.Form):
    """A landlord, an agent or a would-be support corporation signs up. ``website`` is a honeypot: people
    never see it (hidden with CSS and from assistive technology); a bot that fills it is answered as if it
    had signed up, and nothing is kept."""

    kind = forms.ChoiceField(
        label=_("Who are you?"),
        choices=[(k, label) for k, label in Organisation.Kind.choices if k in SIGNUP_KINDS],
        widget=forms.RadioSelect,
    )
    organisation_name = forms.CharField(
        label=_("Name of the business or organisation"),
        max_length=200,
        help_text=_("An individual landlord writes their own name."),
    )
    organisation_name_kana = forms.CharField(label=_("Name in kana"), max_length=200, required=False)
    prefecture = PrefectureField(
        label=_("Prefecture"),
        empty_label=_("Choose"),
        help_text=_("Where the business is based."),
    )
    licence_number = forms.CharField(
        label=_("Real-estate licence number (agents)"),
        max_length=60,
        required=False,
        help_text=_("As on the licence, for example 東京都知事(3)第89012号."),
    )
    corporate_number = forms.CharField(
        label=_("Corporate number (法人番号)"),
        max_length=30,
        required=False,
        help_text=_("13 digits. Required for a support corporation; a company landlord may give it."),
    )
    person_name = forms.CharField(label=_("Your name"), max_length=100)
    email = NFKCEmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password, not like your e-mail address or name."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    note = forms.CharField(
        label=_("Anything the platform administrator should know"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agree = forms.BooleanField(
        label=_("I agree that Sumai keeps these details to check and run my account."), required=True
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_organisation_name(self) -> str:
        return nfkc(self.cleaned_data["organisation_name"])

    def clean_person_name(self) -> str:
        return nfkc(self.cleaned_data["person_name"])

    def clean_organisation_name_kana(self) -> str:
        return str(self.cleaned_data.get("organisation_name_kana") or "").strip()

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            try:
                from sumai.accounts.models import User

                someone = User(email=data.get("email") or "", name=data.get("person_name") or "")
                validate_password(data["password1"], user=someone)
            except ValidationError as exc:
                self.add_error("password1", exc)
        kind = data.get("kind")
        if kind:
            from sumai.accounts.onboarding import clean_identifiers

            try:
                data.update(
                    clean_identifiers(
                        kind, data.get("licence_number") or "", data.get("corporate_number") or ""
                    )
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field, errors)
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
