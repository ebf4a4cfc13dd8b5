"""Forms of the platform administrator's screens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sumai.accounts.models import Organisation
from sumai.accounts.platform import ORGANISATION_FIELDS
from sumai.core.editlock import EditTokenMixin
from sumai.core.formfields import NFKCEmailField, nfkc
from sumai.places.models import Municipality, Prefecture


class OrganisationForm(EditTokenMixin, forms.ModelForm[Organisation]):
    """The platform administrator creates or edits an organisation."""

    class Meta:
        model = Organisation
        fields = list(ORGANISATION_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.select_related("prefecture").order_by(  # type: ignore[attr-defined]
            "code"
        )
        self.fields["municipality"].help_text = _("For a municipality's organisation: the municipality.")
        self.fields["prefecture"].queryset = Prefecture.objects.order_by("code")  # type: ignore[attr-defined]
        self.add_edit_token()

    def clean_name(self) -> str:
        return nfkc(self.cleaned_data["name"])

    def clean_phone(self) -> str:
        return nfkc(self.cleaned_data.get("phone") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        from sumai.accounts.onboarding import clean_identifiers

        kind = data.get("kind") or ""
        if kind == Organisation.Kind.AGENT or data.get("corporate_number"):
            try:
                ids = clean_identifiers(
                    kind if kind == Organisation.Kind.AGENT else "",
                    data.get("licence_number") or "",
                    data.get("corporate_number") or "",
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field, errors)
            else:
                data.update({k: v for k, v in ids.items() if v})
        return data


class InviteAdminForm(forms.Form):
    email = NFKCEmailField(label=_("E-mail address of the administrator to invite"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "invite")
        super().__init__(*args, **kwargs)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, in words the applicant understands"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
