"""Forms of the household record (staff pages, Japanese and English)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sumai.cases.models import Household, HouseholdMember
from sumai.domain import consultation as domain


class HouseholdForm(forms.ModelForm[Household]):
    circumstances = forms.MultipleChoiceField(
        label=_("Circumstances (the household's own statement)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Household
        fields = [
            "address",
            "urgency",
            "deadline",
            "circumstances",
            "max_rent",
            "preferred_areas",
            "layout",
            "needs_lift",
            "barrier_free",
            "pets",
            "near",
            "languages",
            "interpreter",
            "emergency_contacts",
        ]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from sumai.cases.households import STATED_CIRCUMSTANCES
        from sumai.core.labels import group_label

        field: Any = self.fields["circumstances"]
        field.choices = [(code, group_label(code)) for code in STATED_CIRCUMSTANCES]
        self.fields["version"].initial = self.instance.version


class MemberForm(forms.ModelForm[HouseholdMember]):
    class Meta:
        model = HouseholdMember
        fields = [
            "name",
            "role",
            "birth_date",
            "disability",
            "certificate",
            "care_level",
            "salary_gross",
            "pension_gross",
            "other_income",
            "single_parent",
            "widow",
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}


MemberFormSet = forms.inlineformset_factory(
    Household, HouseholdMember, form=MemberForm, extra=1, can_delete=True, max_num=domain.MAX_MEMBERS
)
