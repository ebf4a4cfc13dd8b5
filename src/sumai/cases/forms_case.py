"""Forms of case work: the case's steps, timeline entries, tasks, transfers and referrals."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sumai.accounts.models import Organisation, User
from sumai.cases.forms_household import CONSENT_CATEGORIES, ByKindIterator, name_organisations
from sumai.cases.models import Case, CaseEntry, Consent, Household, Referral
from sumai.places.models import Municipality


class StatusForm(forms.Form):
    action = forms.CharField(max_length=20)
    close_reason = forms.ChoiceField(
        label=_("Reason for closing"), choices=Case.CloseReason.choices, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AssignForm(forms.Form):
    caseworker = forms.ModelChoiceField(
        label=_("Caseworker"), queryset=User.objects.none(), required=False, empty_label=_("Nobody yet")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["caseworker"]
        field.queryset = members_of(case.organisation_id)
        field.label_from_instance = lambda u: u.name or u.email


def members_of(organisation_id: int) -> Any:
    return User.objects.filter(memberships__organisation_id=organisation_id, is_active=True).order_by("email")


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to add"),
        choices=[
            (CaseEntry.Kind.NOTE.value, _("Note")),
            (CaseEntry.Kind.CONTACT.value, _("Contact with the household")),
            (CaseEntry.Kind.DOCUMENT.value, _("Document")),
        ],
        widget=forms.RadioSelect,
        initial=CaseEntry.Kind.NOTE.value,
    )
    channel = forms.ChoiceField(
        label=_("How (for a contact)"), choices=CaseEntry.Channel.choices, required=False
    )
    text = forms.CharField(
        label=_("Text"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG, up to 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("task", "What to do"), max_length=200)
    due = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("A day the offices are closed moves to the next working day."),
    )
    in_working_days = forms.IntegerField(
        label=_("Or in how many working days"), min_value=0, max_value=250, required=False
    )
    assignee = forms.ModelChoiceField(
        label=pgettext_lazy("task", "Who"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("The caseworker"),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["assignee"]
        field.queryset = members_of(case.organisation_id)
        field.label_from_instance = lambda u: u.name or u.email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("due") is None and data.get("in_working_days") is None and not self.errors:
            self.add_error("due", _("Give a date or a number of working days."))
        return data


def _partners(household_org: int, prefecture: str | None) -> Any:
    from sumai.cases.selectors import RECEIVING_KINDS

    qs = Organisation.objects.filter(is_active=True, kind__in=RECEIVING_KINDS).exclude(pk=household_org)
    if prefecture:
        qs = qs.filter(prefecture_id=prefecture)
    return qs.order_by("kind", "name")


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Transfer to"), queryset=Organisation.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from sumai.cases.households import consent_facts
        from sumai.domain import consent as domain_consent

        partners = _partners(case.organisation_id, case.household.municipality.prefecture_id)
        facts = consent_facts(case.household)
        today = timezone.localdate()
        named = [
            pk
            for pk in partners.values_list("pk", flat=True)
            if domain_consent.may_see(viewer=pk, holder=-1, consents=facts, on=today)
        ]
        field: Any = self.fields["to"]
        field.iterator = ByKindIterator  # grouped by kind, in an order a person knows (as the consent form)
        field.queryset = partners.filter(pk__in=named)  # only those a consent in force names can receive it
        name_organisations(field)
        self.has_targets = bool(named)


class ReferralForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Refer to"), queryset=Organisation.objects.none())
    message = forms.CharField(
        label=_("What the receiver should know"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    categories = forms.MultipleChoiceField(
        label=_("Sensitive categories the household agreed to share with it"),
        choices=CONSENT_CATEGORIES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("If you tick none, the receiver sees the record without any of these."),
    )
    method = forms.ChoiceField(label=_("How the household gave its consent"), choices=Consent.Method.choices)
    witness = forms.CharField(label=_("Witness (for a consent said aloud)"), max_length=100, required=False)
    given_on = forms.DateField(label=_("Consent given on"), widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(
        label=_("Consent ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, household: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["to"]
        field.iterator = ByKindIterator  # grouped by kind, in an order a person knows (as the consent form)
        field.queryset = _partners(household.organisation_id, household.municipality.prefecture_id)
        name_organisations(field)
        field.label_from_instance = lambda o: f"{o.name} ({o.get_kind_display()})"


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why you decline"),
        choices=[c for c in Referral.DeclineReason.choices if c[0]],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=_("More about the reason"), max_length=500, required=False)


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Open cases")), *Case.Status.choices, ("all", _("All"))],
        required=False,
    )
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    overdue = forms.BooleanField(label=_("Only with a task overdue"), required=False)
    q = forms.CharField(label=_("Pseudonym"), max_length=100, required=False)


class HouseholdNewForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Held by"), queryset=Organisation.objects.none())
    municipality = forms.ModelChoiceField(
        label=_("Municipality where the household lives or wants to live"),
        queryset=Municipality.objects.none(),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Household.Urgency.choices)
    hidden = forms.BooleanField(
        label=_("Hidden: violence or stalking (its whereabouts never leave your organisation)"),
        required=False,
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field: Any = self.fields["organisation"]
        org_field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations]).order_by(
            "name"
        )
        if len(organisations) == 1:
            org_field.initial = organisations[0].pk
            org_field.widget = forms.HiddenInput()
        prefectures = {o.prefecture_id for o in organisations if o.prefecture_id}
        muni: Any = self.fields["municipality"]
        muni.queryset = Municipality.objects.filter(prefecture_id__in=prefectures).order_by("code")
        muni.label_from_instance = lambda m: m.name
        # the caseworker's own municipality, when their organisations have one (the walk: 世田谷区's desk had
        # to find 世田谷区 among Tokyo's 62 every time)
        homes = {o.municipality_id for o in organisations if o.municipality_id}
        if len(homes) == 1:
            muni.initial = homes.pop()
