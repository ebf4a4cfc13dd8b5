from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sumai.accounts.models import Organisation
from sumai.core.editlock import token_field
from sumai.councils.models import ACTIVITY_DESCRIPTIONS, Activity, Council, CouncilMember
from sumai.councils.services import amount_field
from sumai.domain import grants
from sumai.places.models import Municipality, Prefecture


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Name or municipality"), max_length=100, required=False)
    prefecture = forms.ChoiceField(label=_("Prefecture"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All")), *Council.Level.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *Prefecture.objects.order_by("code").values_list("code", "name"),
        ]


class CouncilForm(forms.Form):
    edit_token = token_field()
    founded_on = forms.DateField(label=_("Founded on"), widget=DateInput())
    secretariat = forms.CharField(
        label=_("Secretariat"),
        max_length=200,
        help_text=_("Who runs the council's office, e.g. the housing department or a support corporation."),
    )
    municipality_codes = forms.CharField(
        label=_("Area: municipality codes"),
        required=False,
        help_text=_(
            "For a municipal council: the 6-digit codes of the municipalities it covers, separated by spaces "
            "(a designated city's code covers all its wards)."
        ),
    )
    activities = forms.MultipleChoiceField(
        label=_("Activities"), choices=Activity.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    description = forms.CharField(
        label=_("About the council"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, council: Council | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = council
        if council is not None and not self.is_bound:
            self.initial = {
                "founded_on": council.founded_on,
                "secretariat": council.secretariat,
                "municipality_codes": " ".join(m.code for m in council.municipalities.all()),
                "activities": council.activities,
                "description": council.description,
                "website": council.website,
            }

    def clean_founded_on(self) -> Any:
        value = self.cleaned_data["founded_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The founding date cannot be in the future."))
        return value

    def clean_municipality_codes(self) -> list[Municipality] | None:
        raw = (self.cleaned_data.get("municipality_codes") or "").replace(",", " ").split()
        if self.council is not None and self.council.level == Council.Level.PREFECTURAL:
            if raw:
                raise forms.ValidationError(_("A prefectural council covers its whole prefecture."))
            return None
        found = {m.code: m for m in Municipality.objects.filter(code__in=raw)}
        missing = [code for code in raw if code not in found]
        if missing:
            raise forms.ValidationError(_("No municipality has the code %(code)s.") % {"code": missing[0]})
        return [found[code] for code in dict.fromkeys(raw)] if raw else None


class MemberForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of member"), choices=CouncilMember.Kind.choices)
    name = forms.CharField(label=_("Member's name"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Organisation on Sumai (optional)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not on Sumai"),
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(is_active=True, prefecture_id=council.prefecture_id)
            .exclude(kind__in=["operator", "agent"])
            .exclude(pk=council.pk)
            .order_by("kind", "name")
        )


class MeetingForm(forms.Form):
    edit_token = token_field()
    held_on = forms.DateField(label=pgettext_lazy("council meeting", "Date"), widget=DateInput())
    title = forms.CharField(label=pgettext_lazy("council meeting", "Title"), max_length=200)
    attendees = forms.IntegerField(label=_("Number of attendees"), min_value=1, max_value=10_000)
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    minutes_file = forms.FileField(
        label=_("Minutes (PDF)"), required=False, help_text=_("Optional. A PDF file, up to 10 MB.")
    )
    is_public = forms.BooleanField(
        label=_("Publish the minutes on the council's public page"), required=False
    )


class ProgrammeForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int)
    opens_on = forms.DateField(label=_("Applications open on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Applications close on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import gettext

        self.fields["fiscal_year"].choices = [  # type: ignore[attr-defined]
            (y, gettext("FY%(year)s") % {"year": y}) for y in grants.available_years()
        ]


class ApplicationForm(forms.Form):
    """One amount field per category open to the applicant, plus the activities that raise the limit."""

    edit_token = token_field()

    applicant = forms.ModelChoiceField(label=_("Applicant"), queryset=Organisation.objects.none())
    plan = forms.CharField(
        label=_("What the grant will pay for"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    enhancements = forms.MultipleChoiceField(
        label=_("Activities that raise the limit"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        rules: grants.GrantRules,
        applicants: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.fields["applicant"].queryset = applicants  # type: ignore[attr-defined]
        if applicants.count() == 1:
            self.fields["applicant"].initial = applicants.first()
        self.fields["enhancements"].choices = list(rules.enhancements.items())  # type: ignore[attr-defined]
        kinds = set(applicants.values_list("kind", flat=True))
        self.category_fields: list[str] = []
        for rule in rules.categories:
            if not kinds & set(rule.recipients):
                continue
            name = amount_field(rule.code)
            self.fields[name] = forms.IntegerField(
                label=f"{rule.number}. {rule.name}",
                min_value=0,
                max_value=rules.enhanced_cap,
                required=False,
                help_text=_("Yen, whole number."),
            )
            self.category_fields.append(name)

    def amounts(self) -> dict[str, int]:
        return {
            name.removeprefix("amount_"): int(self.cleaned_data.get(name) or 0)
            for name in self.category_fields
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("grant", "Decision"),
        choices=[("grant", _("Grant")), ("reject", _("Do not grant"))],
        widget=forms.RadioSelect,
    )
    granted_amount = forms.IntegerField(label=_("Amount granted (yen)"), min_value=0, required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    note = forms.CharField(
        label=_("Reasons (required when not granting)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def activity_choices_with_descriptions() -> list[tuple[str, str, str]]:
    return [(a.value, str(a.label), str(ACTIVITY_DESCRIPTIONS[a])) for a in Activity]
