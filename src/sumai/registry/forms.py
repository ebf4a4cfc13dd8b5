from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sumai.accounts.models import Organisation
from sumai.core.editlock import EditTokenMixin
from sumai.domain.acceptance import check_acceptance
from sumai.places.models import Municipality
from sumai.places.selectors import (
    UnknownCode,
    municipality_names,
    normalise_code,
    prefecture_choices,
    registrable_municipalities,
    registrable_municipality,
)
from sumai.registry.fields import BUILDING, FACILITY_CODES, UNIT, floor_above_building, group_choices
from sumai.registry.models import Attachment, Building, OperatorProfile, Registration, Unit
from sumai.registry.services import REJECTION_REASONS, STRIKE_OFF_REASONS
from sumai.registry.services.landlords import PROFILE_FIELDS

# A reviewer's comment or instruction: long enough for a careful letter, bounded (it goes into e-mails and
# the review thread).
REVIEW_TEXT_MAX = 4000


class DateInput(forms.DateInput):
    input_type = "date"


class BuildingForm(EditTokenMixin, forms.ModelForm[Building]):
    operator: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Landlord"), required=True
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=10,
        required=False,
        help_text=_("7 digits; the address is filled in for you."),
    )
    prefecture = forms.ChoiceField(label=_("Prefecture"), required=False, choices=())
    # Chosen by name from the prefecture's list (the value sent is the code); the CSV and the API take codes.
    municipality_code = forms.CharField(
        label=_("Municipality"),
        max_length=6,
        widget=forms.Select(),
        help_text=_("Filled in from the postal code, or choose the prefecture and then the municipality."),
    )

    class Meta:
        model = Building
        # The fields and rules of sumai.registry.fields; the municipality comes from its own field (a code).
        fields = [name for name in BUILDING.model_fields if name != "municipality"]
        formfield_callback = BUILDING.formfield_callback
        widgets = {"construction_started": DateInput(format="%Y-%m-%d")}
        help_texts = {
            "lat": _("Choose the position on the map, or type it. Left empty, the municipal office is used."),
        }

    lock_fields = tuple(BUILDING.model_fields)

    def __init__(self, *args: Any, operators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_edit_token()
        self.fields["operator"].queryset = operators  # type: ignore[attr-defined]
        if operators is not None and operators.count() == 1:
            self.fields["operator"].initial = operators.first()
        if self.instance.pk:
            del self.fields["operator"]
            self.fields["municipality_code"].initial = self.instance.municipality_id
        self._municipality_choices()
        self.fields["postal_code"].widget.attrs.update(
            {
                "inputmode": "numeric",
                "autocomplete": "postal-code",
                "hx-get": reverse("places:postal_fill"),
                "hx-target": "#address-help",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )

    def _municipality_choices(self) -> None:
        """The prefecture list, and the municipality list of the prefecture in the data, the instance or the
        municipality sent (so that a form sent back with an error still shows the choice)."""
        prefecture = self.fields["prefecture"]
        prefecture.choices = [("", _("Choose the prefecture")), *prefecture_choices()]  # type: ignore[attr-defined]
        code = str(self.data.get("municipality_code") or self.fields["municipality_code"].initial or "")
        info = municipality_names().get(normalise_code(code)) if code else None
        chosen = str(self.data.get("prefecture") or "") or (info.prefecture_code if info else "")
        prefecture.initial = chosen
        options = registrable_municipalities(chosen) if chosen else []
        placeholder = _("Choose the municipality") if options else _("Choose a prefecture first")
        self.fields["municipality_code"].widget.choices = [("", placeholder), *options]
        prefecture.widget.attrs.update(
            {
                "hx-get": reverse("places:municipality_options"),
                "hx-target": "#id_municipality_code",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )

    def clean_postal_code(self) -> str:
        return str(BUILDING["postal_code"].clean(self.cleaned_data.get("postal_code")))

    def clean_municipality_code(self) -> Municipality:
        code = BUILDING["municipality_code"].normalise(self.cleaned_data.get("municipality_code"))
        try:
            info = registrable_municipality(code)
        except UnknownCode as exc:
            raise forms.ValidationError(exc.message) from None
        return Municipality.objects.get(pk=info.code)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("building_type") == Building.BuildingType.SHARED_HOUSE:
            for name in (
                "shared_residents",
                "shared_total_area_m2",
                "shared_toilets",
                "shared_washbasins",
                "shared_baths",
            ):
                if data.get(name) in (None, ""):
                    self.add_error(name, _("Required for a shared house."))
        return data


class UnitForm(EditTokenMixin, forms.ModelForm[Unit]):
    """A unit's fields and rules as :data:`sumai.registry.fields.UNIT` specifies them; the five facilities
    are one form field each (one JSON field of the model)."""

    FACILITY_FIELDS = FACILITY_CODES

    class Meta:
        model = Unit
        fields = [name for name in UNIT.model_fields if name != "facilities"]
        formfield_callback = UNIT.formfield_callback

    lock_fields = tuple(UNIT.model_fields)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_edit_token()
        facilities = self.instance.facilities or {}
        for name in self.FACILITY_FIELDS:
            self.fields[name] = UNIT[name].formfield()
            if name in facilities:
                self.fields[name].initial = facilities[name]
        if not self.instance.pk and not self.instance.accepted_groups:
            # A new unit accepts every group unless the landlord narrows it (and explains why).
            self.initial["accepted_groups"] = [c for c, _label in group_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        building = self.instance.building if self.instance.building_id else None
        floor = data.get("floor")
        if building is not None and floor is not None:
            error = floor_above_building(floor, building.floors)
            if error is not None:
                self.add_error("floor", error)
        groups = data.get("accepted_groups")
        if groups and not (data.get("acceptance_reason") or "").strip():
            found = check_acceptance(groups, on=timezone.localdate())
            if any(f.code == "unit.acceptance.restrictive" for f in found):
                self.add_error(
                    "acceptance_reason",
                    _("Say why the unit does not accept every group the law protects."),
                )
        return data

    def facilities(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.FACILITY_FIELDS}


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=Attachment.Kind.choices)
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=_("Unit (for a unit's photo or floor plan)"),
        required=False,
        empty_label=_("The whole building"),
    )
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG, up to 10 MB."))

    def __init__(self, *args: Any, building: Building | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if building is not None:
            self.fields["unit"].queryset = building.units.order_by("floor", "number")  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    DECISIONS = [
        ("register", _("Register")),
        ("request_changes", _("Request changes")),
        ("reject", _("Reject")),
        ("accept_change", _("Accept the change notice")),
        ("return_change", _("Return the change notice to the landlord for correction")),
        ("reject_change", _("Do not accept the change: keep the registration as it was accepted")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment to the landlord"),
        required=False,
        max_length=REVIEW_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason_code = forms.ChoiceField(
        label=_("Reason (when rejecting)"), required=False, choices=[("", "—"), *REJECTION_REASONS.items()]
    )
    acknowledge_warnings = forms.BooleanField(label=_("I have checked the warnings"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class StrikeOffForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *STRIKE_OFF_REASONS.items()])
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=REVIEW_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class InstructionForm(forms.Form):
    text = forms.CharField(
        label=_("Instruction to the landlord"),
        max_length=REVIEW_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OperatorProfileForm(EditTokenMixin, forms.ModelForm[OperatorProfile]):
    officers_text = forms.CharField(
        label=_("Officers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a company: one officer per line (法9条1項1号)."),
    )

    class Meta:
        model = OperatorProfile
        fields = [
            "operator_type",
            "representative",
            "postal_code",
            "address",
            "sublease",
            "owner_name",
            "pledge_signed_on",
        ]
        widgets = {"pledge_signed_on": DateInput(format="%Y-%m-%d")}

    lock_fields = tuple(PROFILE_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_edit_token()
        self.fields["officers_text"].initial = "\n".join(self.instance.officers or [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["officers"] = [
            line.strip() for line in (data.get("officers_text") or "").splitlines() if line.strip()
        ]
        if data.get("sublease") and not (data.get("owner_name") or "").strip():
            self.add_error("owner_name", _("Give the owner's name when the housing is subleased."))
        return data


class BuildingListForm(forms.Form):
    """The filters of a landlord's (or agent's) building list."""

    q = forms.CharField(label=_("Name, address or registration number"), max_length=100, required=False)
    state = forms.ChoiceField(label=_("Registration"), required=False)
    operator = forms.TypedChoiceField(label=_("Landlord"), required=False, coerce=int, empty_value=None)
    needs_action = forms.BooleanField(label=_("Needs action"), required=False)

    def __init__(self, *args: Any, operators: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Any")), *Registration.State.choices]  # type: ignore[attr-defined]
        self.fields["operator"].choices = [("", _("Any")), *((o.pk, o.name) for o in operators)]  # type: ignore[attr-defined]
        if len(self.fields["operator"].choices) <= 2:  # type: ignore[attr-defined]
            del self.fields["operator"]  # one landlord: nothing to choose

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class AreaListForm(forms.Form):
    """The filters of a municipality's view of the registry in its area."""

    q = forms.CharField(label=_("Name, address or registration number"), max_length=100, required=False)
    state = forms.ChoiceField(label=_("Registration"), required=False)
    vacant = forms.BooleanField(label=_("With a vacant unit"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            *(c for c in Registration.State.choices if c[0] != Registration.State.DRAFT),
        ]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class AgentSearchForm(forms.Form):
    q = forms.CharField(label=_("Agent's name"), max_length=100, required=False)
