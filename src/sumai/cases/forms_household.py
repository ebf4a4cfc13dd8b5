"""Forms of the household record (staff pages, Japanese and English)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from sumai.accounts.models import Organisation
from sumai.cases.households import HOUSEHOLD_FIELDS
from sumai.cases.models import Consent, Household, HouseholdMember
from sumai.core.formfields import ModelIdsField
from sumai.core.roles import OrgKind
from sumai.domain import consultation as domain
from sumai.domain.consent import Category


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
        fields = [f for f in HOUSEHOLD_FIELDS if f != "municipality"]  # the place comes from the request
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
        labels = {"name": _("Full name")}

    @property
    def legend(self) -> str:
        """The row as the page names it: "Member 1: 山田 太郎", or "Add a member" for the empty row."""
        if not self.instance.pk:
            return str(_("Add a member"))
        index = int(str(self.prefix).rsplit("-", 1)[-1]) if self.prefix else 0
        return str(_("Member %(n)s: %(who)s") % {"n": index + 1, "who": self.instance})

    def clean_birth_date(self) -> Any:
        """The walk: a birth date in the future was saved, and the household page then showed the domain's
        ``members[0].birth_date: must not be after as_of``. Refused here, on the member's row."""
        from django.utils import timezone

        from sumai.cases.households import birth_date_problem

        born = self.cleaned_data.get("birth_date")
        problem = birth_date_problem(born, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return born


class BaseMemberFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """The members together: at least one kept, exactly one applicant. Checked with the fields of each row
    (the service checks it again), so that every error of the page comes at once."""

    def clean(self) -> None:
        super().clean()
        kept = [
            f
            for f in self.forms
            if f.has_changed() or f.instance.pk
            if not (self.can_delete and self._should_delete_form(f))  # type: ignore[attr-defined]
        ]
        if not kept:
            raise forms.ValidationError(_("A household has at least one member."))
        roles = [f.cleaned_data.get("role") for f in kept if hasattr(f, "cleaned_data")]
        if all(hasattr(f, "cleaned_data") and "role" in f.cleaned_data for f in kept) and (
            roles.count(HouseholdMember.Role.APPLICANT) != 1
        ):
            raise forms.ValidationError(_("Exactly one member is the applicant."))


MemberFormSet = forms.inlineformset_factory(
    Household,
    HouseholdMember,
    form=MemberForm,
    formset=BaseMemberFormSet,
    extra=1,
    can_delete=True,
    max_num=domain.MAX_MEMBERS,
)


CONSENT_CATEGORIES = [
    (Category.HEALTH.value, _("Health and disability, long-term care")),
    (Category.CRIMINAL.value, _("Criminal record")),
    (Category.DV.value, _("Violence suffered (DV, stalking) and whereabouts")),
    (Category.WELFARE.value, _("Welfare received")),
    (Category.INCOME.value, _("Incomes")),
]


def name_organisations(field: Any) -> None:
    """Label the field's organisations by name and kind, and tell apart two of the same name (the walk found
    two 江戸川区居住支援協議会 side by side on the consent form) by their number: sharing a household's data
    with the wrong one must not be a guess."""
    from collections import Counter

    counts = Counter(field.queryset.values_list("name", flat=True))

    def label(organisation: Organisation) -> str:
        kind = organisation.get_kind_display()
        if counts[organisation.name] > 1:
            return _("%(name)s (%(kind)s, no. %(id)s)") % {
                "name": organisation.name,
                "kind": kind,
                "id": organisation.pk,
            }
        return _("%(name)s (%(kind)s)") % {"name": organisation.name, "kind": kind}

    field.label_from_instance = label


SHARING_KINDS = (
    (OrgKind.MUNICIPALITY, _("Municipalities")),
    (OrgKind.SUPPORT_CORPORATION, _("Housing support corporations")),
    (OrgKind.COUNCIL, _("Housing support councils")),
)
"""The kinds of organisation a household's record may be shared with, in the order the consent form lists
them, each under its heading."""

LEGAL_FORMS = re.compile(
    r"^(株式会社|有限会社|合同会社|NPO法人|特定非営利活動法人|一般社団法人|一般財団法人|公益社団法人|"
    r"公益財団法人|社会福祉法人|医療法人)\s*"
)


def sharing_order(organisation: Organisation) -> tuple[str, str, str]:
    """Where an organisation comes within its kind: municipalities (and councils) in the order of their
    local government codes, as every Japanese list has them, the prefecture's own first; corporations by
    their name in kana, else by their name without the legal form (株式会社, NPO法人 …)."""
    if organisation.kind == OrgKind.SUPPORT_CORPORATION:
        return ("", organisation.name_kana or LEGAL_FORMS.sub("", organisation.name), organisation.name)
    return (organisation.municipality_id or "", organisation.name_kana, organisation.name)


class ByKindIterator(ModelChoiceIterator):  # type: ignore[type-arg]
    """The choices grouped under a heading per kind (``SHARING_KINDS``), each group in ``sharing_order``
    (the walk: ~90 checkboxes in the order of their names' code points, a caseworker could find none)."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:  # a single choice's "---------"
            yield ("", self.field.empty_label)
        found: dict[str, list[Organisation]] = {}
        for organisation in self.queryset:
            found.setdefault(organisation.kind, []).append(organisation)
        for kind, heading in SHARING_KINDS:
            if kind in found:
                yield (heading, [self.choice(o) for o in sorted(found.pop(kind), key=sharing_order)])
        for rest in found.values():  # a kind not listed above: after the others, never dropped
            for organisation in sorted(rest, key=sharing_order):
                yield self.choice(organisation)


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes with a heading (a fieldset's legend) over each group of choices."""

    template_name = "cases/widgets/grouped_checkboxes.html"


class ConsentForm(forms.ModelForm[Consent]):
    organisations = ModelIdsField(
        label=_("Organisations that may see"),
        queryset=Organisation.objects.none(),
        widget=GroupedCheckboxes,
    )
    categories = forms.MultipleChoiceField(
        label=_("Sensitive categories it covers"),
        choices=CONSENT_CATEGORIES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("If you tick none, the organisations see the record without any of these."),
    )

    class Meta:
        model = Consent
        fields = ["purpose", "organisations", "categories", "method", "witness", "given_on", "expires_on"]
        widgets = {
            "given_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisations"]
        field.iterator = ByKindIterator
        field.queryset = (
            Organisation.objects.filter(
                is_active=True,
                kind__in=[kind for kind, _heading in SHARING_KINDS],
                prefecture_id=household.municipality.prefecture_id,
            )
            .exclude(pk=household.organisation_id)
            .order_by("kind", "name")
        )
        name_organisations(field)
