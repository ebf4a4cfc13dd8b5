from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sumai.core.editlock import token_field
from sumai.domain import support as domain
from sumai.places.models import Municipality, Prefecture
from sumai.places.selectors import municipality_by_text, prefecture_choices, registrable_municipalities
from sumai.support import services
from sumai.support.labels import TASK_LABELS, group_choices, language_choices
from sumai.support.models import AnnualFiling, LegalForm, Service, SupportCorporation


class DateInput(forms.DateInput):
    input_type = "date"


def task_choices_today() -> list[tuple[str, Any]]:
    return [
        (t.code, TASK_LABELS[t.code]) for t in domain.tasks(timezone.localdate()) if t.code in TASK_LABELS
    ]


def officers_to_text(officers: list[dict[str, str]]) -> str:
    return "\n".join(f"{o.get('name', '')} / {o.get('title', '')}".rstrip(" /") for o in officers or [])


def text_to_officers(text: str) -> list[dict[str, str]]:
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _sep, title = line.partition("/")
        out.append({"name": name.strip(), "title": title.strip()})
    return out


class OfficersMixin(forms.Form):
    officers_text = forms.CharField(
        label=_("Officers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name / title (for example 山田 太郎 / 理事長)."),
        required=False,
    )

    def clean_officers_text(self) -> list[dict[str, str]]:
        officers = text_to_officers(self.cleaned_data.get("officers_text") or "")
        if any(not o["name"] for o in officers):
            raise forms.ValidationError(_("Every officer needs a name before the slash."))
        return officers


class ApplicationForm(OfficersMixin, forms.Form):
    prefecture = forms.ModelChoiceField(
        queryset=Prefecture.objects.order_by("code").defer("geometry"),
        label=_("Prefecture you apply to"),
        help_text=_("The prefecture designates you for work in that prefecture."),
    )
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=[("", "---------"), *LegalForm.choices])
    corporate_number = forms.RegexField(
        label=_("Corporate number"),
        regex=r"^\d{13}$",
        required=False,
        help_text=_("13 digits, if your corporation has one."),
        error_messages={"invalid": _("A corporate number has 13 digits.")},
    )
    representative = forms.CharField(label=_("Representative"), max_length=100, required=False)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{3}-?\d{4}$",
        required=False,
        error_messages={"invalid": _("A postal code has 7 digits (for example 100-0001).")},
    )
    address = forms.CharField(label=_("Main office address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    business_plan = forms.CharField(
        label=_("Business plan"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("What you will do, for whom, with which staff and money."),
    )
    tasks = forms.MultipleChoiceField(
        label=_("Tasks you will do"), widget=forms.CheckboxSelectMultiple, choices=task_choices_today
    )

    def clean_postal_code(self) -> str:
        return str(self.cleaned_data.get("postal_code") or "").replace("-", "")

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "prefecture": d["prefecture"].code,
            "legal_form": d["legal_form"],
            "corporate_number": d.get("corporate_number") or "",
            "representative": d.get("representative", ""),
            "postal_code": d.get("postal_code", ""),
            "address": d.get("address", ""),
            "phone": d.get("phone", ""),
            "email": d.get("email", ""),
            "business_plan": d.get("business_plan", ""),
            "officers": d.get("officers_text") or [],
        }

    @classmethod
    def initial_for(cls, corporation: SupportCorporation) -> dict[str, Any]:
        return {
            "prefecture": corporation.prefecture_id,
            "legal_form": corporation.legal_form,
            "corporate_number": corporation.corporate_number,
            "representative": corporation.representative,
            "postal_code": corporation.postal_code,
            "address": corporation.address,
            "phone": corporation.phone,
            "email": corporation.email,
            "business_plan": corporation.business_plan,
            "officers_text": officers_to_text(corporation.officers),
            "tasks": list(corporation.services.values_list("task", flat=True)),
        }


class ProfileForm(forms.Form):
    edit_token = token_field()
    description = forms.CharField(
        label=_("What you do, in plain words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Short sentences an older person or a newcomer to Japan can read."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    hours = forms.CharField(label=_("Opening hours"), max_length=200, required=False)
    fees = forms.CharField(label=_("Fees"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    groups = forms.MultipleChoiceField(
        label=_("Groups you focus on"),
        widget=forms.CheckboxSelectMultiple,
        choices=group_choices,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        widget=forms.CheckboxSelectMultiple,
        choices=language_choices,
        required=False,
    )

    def __init__(self, *args: Any, service_list: list[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service_list = service_list
        for s in service_list:
            label = TASK_LABELS.get(s.task, s.task)
            self.fields[f"svc_{s.pk}_description"] = forms.CharField(
                label=_("%(task)s: description") % {"task": label},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=s.description,
            )
            self.fields[f"svc_{s.pk}_fee"] = forms.CharField(
                label=_("%(task)s: fee") % {"task": label}, max_length=300, required=False, initial=s.fee
            )
            self.fields[f"svc_{s.pk}_free"] = forms.BooleanField(
                label=_("%(task)s: free of charge") % {"task": label},
                required=False,
                initial=s.free_of_charge,
            )

    def service_fields(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"svc_{s.pk}_description"], self[f"svc_{s.pk}_fee"], self[f"svc_{s.pk}_free"]]
            for s in self.service_list
        ]

    def to_data(self) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
        d = self.cleaned_data
        data = {k: d[k] for k in services.PROFILE_FIELDS}
        per_service = {
            s.pk: {
                "description": d[f"svc_{s.pk}_description"],
                "fee": d[f"svc_{s.pk}_fee"],
                "free_of_charge": d[f"svc_{s.pk}_free"],
            }
            for s in self.service_list
        }
        return data, per_service


class AreaForm(forms.Form):
    edit_token = token_field()
    municipalities = forms.MultipleChoiceField(
        label=_("Municipalities you serve"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, prefecture_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.munis = list(
            Municipality.objects.filter(prefecture_id=prefecture_code)
            .order_by("code")
            .only("code", "name", "kind", "parent_id")
        )
        self.fields["municipalities"].choices = [(m.code, m.name) for m in self.munis]  # type: ignore[attr-defined]


class CapacityForm(forms.Form):
    def __init__(self, *args: Any, service_list: list[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service_list = service_list
        for s in service_list:
            label = TASK_LABELS.get(s.task, s.task)
            self.fields[f"cap_{s.pk}"] = forms.IntegerField(
                label=_("%(task)s: how many more can you take now?") % {"task": label},
                min_value=0,
                max_value=100000,
                required=False,
                initial=s.capacity_available,
                help_text=_("Leave empty if you cannot say; the public then sees “unknown”."),
            )
            self.fields[f"unit_{s.pk}"] = forms.CharField(
                label=_("%(task)s: counted in") % {"task": label},
                max_length=40,
                required=False,
                initial=s.capacity_unit or _("people"),
            )

    def rows(self) -> list[tuple[Service, forms.BoundField, forms.BoundField]]:
        return [(s, self[f"cap_{s.pk}"], self[f"unit_{s.pk}"]) for s in self.service_list]

    def to_data(self) -> dict[int, tuple[int | None, str]]:
        d = self.cleaned_data
        return {s.pk: (d[f"cap_{s.pk}"], d[f"unit_{s.pk}"] or "") for s in self.service_list}


class ChangeNoticeForm(OfficersMixin, forms.Form):
    summary = forms.CharField(label=_("What changes"), widget=forms.Textarea(attrs={"rows": 3}))
    effective_on = forms.DateField(label=_("From"), widget=DateInput)
    representative = forms.CharField(label=_("Representative"), max_length=100, required=False)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{3}-?\d{4}$",
        required=False,
        error_messages={"invalid": _("A postal code has 7 digits (for example 100-0001).")},
    )
    address = forms.CharField(label=_("Main office address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "representative": d.get("representative", ""),
            "postal_code": str(d.get("postal_code") or "").replace("-", ""),
            "address": d.get("address", ""),
            "phone": d.get("phone", ""),
            "email": d.get("email", ""),
            "officers": d.get("officers_text") or [],
        }


class FilingForm(forms.Form):
    kind = forms.ChoiceField(label=_("What you file"), choices=AnnualFiling.Kind.choices)
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2017, max_value=2100)
    text = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}))
    consultations = forms.IntegerField(label=_("Consultations"), min_value=0, required=False)
    placements = forms.IntegerField(label=_("People housed"), min_value=0, required=False)
    watch_over_clients = forms.IntegerField(label=_("Watch-over clients"), min_value=0, required=False)


class DecisionForm(forms.Form):
    DECISIONS = [
        ("designate", _("Designate")),
        ("request_changes", _("Ask for changes")),
        ("reject", _("Do not designate")),
    ]
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    number = forms.CharField(
        label=_("Designation number"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to give the next number automatically."),
    )
    designated_on = forms.DateField(label=_("Date of designation"), required=False, widget=DateInput)
    reason_code = forms.ChoiceField(
        label=_("Reason (when not designating)"),
        choices=[("", "---------"), *services.REJECTION_REASONS.items()],
        required=False,
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SuperviseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("suspend", _("Suspend the business")),
            ("resume", _("Resume the business")),
            ("revoke", _("Revoke the designation")),
        ],
        widget=forms.RadioSelect,
    )
    reason_code = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            ("", "---------"),
            *services.SUSPENSION_REASONS.items(),
            *services.REVOCATION_REASONS.items(),
        ],
        required=False,
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class FilingDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("acknowledge", _("Acknowledge")), ("return", _("Return for changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DirectoryForm(forms.Form):
    """The public search; its cleaned data is the filter of :func:`sumai.support.selectors.directory` (the
    HTML directory and the open-data exports share it)."""

    prefecture = forms.ChoiceField(label=_("Prefecture"), required=False)
    # Chosen by name from the prefecture's list; a name typed into the address (世田谷区, 東京都世田谷区) or a
    # six-digit code in an old link is understood too.
    municipality = forms.CharField(
        label=_("City, ward, town or village"), max_length=40, required=False, widget=forms.Select()
    )
    task = forms.ChoiceField(label=_("Help you need"), required=False)
    capacity = forms.BooleanField(label=_("Can take someone now"), required=False)
    group = forms.ChoiceField(label=_("Who it is for"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    q = forms.CharField(label=_("Name"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_ = [("", _("Any"))]
        self.fields["prefecture"].choices = any_ + list(prefecture_choices())  # type: ignore[attr-defined]
        self.fields["task"].choices = any_ + list(TASK_LABELS.items())  # type: ignore[attr-defined]
        self.fields["group"].choices = any_ + group_choices()  # type: ignore[attr-defined]
        self.fields["language"].choices = any_ + language_choices()  # type: ignore[attr-defined]
        chosen = str(self.data.get("prefecture") or "")[:2]
        info = municipality_by_text(str(self.data.get("municipality") or ""))
        if info is not None and not chosen:
            chosen = info.prefecture_code
        options = registrable_municipalities(chosen) if chosen in dict(prefecture_choices()) else []
        first = _("Anywhere in the prefecture") if options else _("Choose a prefecture first")
        self.fields["municipality"].widget.choices = [("", first), *options]
        if info is not None and not self.data.get("prefecture"):
            # show the prefecture of a municipality given alone (an old link)
            self.data = {**{k: self.data.get(k) for k in self.data}, "prefecture": info.prefecture_code}
        self.fields["prefecture"].widget.attrs.update(
            {
                "hx-get": reverse("places:municipality_options") + "?anywhere=1",
                "hx-target": "#id_municipality",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )

    def clean_municipality(self) -> str:
        text = (self.cleaned_data.get("municipality") or "").strip()
        if not text:
            return ""
        info = municipality_by_text(text)
        if info is None:
            raise forms.ValidationError(
                _("No municipality is called %(name)s: choose it from the list.") % {"name": text[:40]}
            )
        return info.code

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
