from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from sumai.accounts.backends import normalise_login
from sumai.accounts.models import ApiToken, Membership
from sumai.core.formfields import NFKCEmailField
from sumai.core.roles import HOUSEHOLD_HOLDING_KINDS


class EmailAuthenticationForm(AuthenticationForm):
    username = NFKCEmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean_username(self) -> str:
        """The address normalised as accounts are identified (the lock-out counter is per address)."""
        return normalise_login(self.cleaned_data.get("username"))

    error_messages = {
        "invalid_login": _("The e-mail address or the password is wrong. The password is case-sensitive."),
        "inactive": _(
            "This account is stopped. Ask the administrator of your organisation, or the platform "
            "administrator, to open it again."
        ),
        "awaiting": _(
            "Your sign-up is still being checked by the platform administrator. You get an e-mail when it is "
            "decided; then you can log in."
        ),
    }

    def get_invalid_login_error(self) -> forms.ValidationError:
        """The wrong-password message, unless the password is right for a stopped account or a sign-up
        awaiting approval: then say so (only someone who knows the password learns it)."""
        from django.contrib.auth.hashers import check_password

        from sumai.accounts.models import SignupRequest, User

        email = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        if email and password:
            user = User.objects.filter(email__iexact=email, is_active=False).first()
            if user is not None and user.check_password(password):
                return forms.ValidationError(self.error_messages["inactive"], code="inactive")
            waiting = SignupRequest.objects.filter(
                email__iexact=email, state=SignupRequest.State.AWAITING_APPROVAL
            ).first()
            if (
                waiting is not None
                and waiting.password_hash
                and check_password(password, waiting.password_hash)
            ):
                return forms.ValidationError(self.error_messages["awaiting"], code="awaiting")
        return super().get_invalid_login_error()


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.STAFF)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("For example the name of the system that will use the token."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ApiToken.Scope.READ],
    )
    valid_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        required=False,
        help_text=_("The token stops working after this many days (the default when left empty)."),
    )

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind not in HOUSEHOLD_HOLDING_KINDS:  # the cases scope is offered only where it may be given
            scopes: Any = self.fields["scopes"]
            scopes.choices = [c for c in ApiToken.Scope.choices if c[0] != ApiToken.Scope.CASES]
        field = self.fields["valid_days"]
        field.initial = settings.API_TOKEN_DEFAULT_DAYS
        field.validators.append(MaxValueValidator(settings.API_TOKEN_MAX_DAYS))
        field.widget.attrs["max"] = settings.API_TOKEN_MAX_DAYS


class AcceptInvitationForm(forms.Form):
    """For a new user: name and password. An existing user just confirms."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        if data.get("password1"):
            from django.contrib.auth.password_validation import validate_password

            try:
                validate_password(data["password1"])
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
