"""Forms of the placements part: choose the home, record the lease, answer a follow-up, record the end of
a tenancy. Money and dates are read as people type them (full-width digits, 円, 2026年5月1日); the lease is
checked by ``sumai.domain.placement.validate_lease`` (through the service), each problem shown next to its
field, warnings shown to be acknowledged."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sumai.accounts.models import Organisation
from sumai.domain.subsidy_conditions import TENANT_EXCLUSIONS
from sumai.matching.forms import YenField
from sumai.placements import services_placements as services
from sumai.placements.models import Placement
from sumai.placements.words_placements import EXCLUSIONS, PROGRAMMES
from sumai.registry.models import Unit

MAX_YEN = 10_000_000_000


class DayField(forms.DateField):
    """A date as people type it: full-width digits (NFKC), 2026/5/1, 2026年5月1日 or the date picker's
    2026-05-01."""

    widget = forms.DateInput(attrs={"type": "date"})

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date):
            return value
        text = unicodedata.normalize("NFKC", str(value or "")).strip()
        text = re.sub(r"\s+", "", text)
        match = re.fullmatch(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?", text)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(text)


def _unit_number(text: str) -> str:
    """A unit number as people type it: full-width digits (NFKC), spaces, 「101号室」 or 「101号」."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    return re.sub(r"号室?$", "", text)


class UnitChoiceForm(forms.Form):
    """Which home: the registration number (one building's registration) and the unit's number in it. Once
    the registration is known and has several homes, the unit number becomes a list of its homes. The
    chosen unit is :attr:`unit` after validation."""

    registration_number = forms.CharField(
        label=_("Registration number of the home"),
        max_length=40,
        help_text=_("The registration number, as on the home's page (for example 130001-2021-00050)."),
    )
    unit_number = forms.CharField(
        label=_("Unit number"),
        max_length=20,
        required=False,
        help_text=_(
            "The number of the home in the building, for example 101. Not needed when the registration "
            "has one home."
        ),
    )

    def __init__(self, *args: Any, units_of: Callable[[str], list[Unit]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units_of = units_of
        self.unit: Unit | None = None

    def clean_registration_number(self) -> str:
        return unicodedata.normalize("NFKC", self.cleaned_data["registration_number"]).strip()

    def clean_unit_number(self) -> str:
        return _unit_number(self.cleaned_data.get("unit_number") or "")

    def _offer(self, units: list[Unit]) -> None:
        """The unit number as a list of the registration's homes (so that the next try is a choice)."""
        field = self.fields["unit_number"]
        field.widget = forms.Select(
            choices=[("", _("Choose the unit")), *((u.number, u.number) for u in units)]
        )
        field.help_text = _(
            "This registration has %(count)d homes: choose the one the household moves into."
        ) % {"count": len(units)}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = data.get("registration_number")
        if not number:
            return data
        units = self.units_of(number)
        if not units:
            self.add_error("registration_number", _("No registered home has this registration number."))
            return data
        if len(units) > 1:
            self._offer(units)
        wanted = data.get("unit_number") or ""
        if not wanted:
            if len(units) == 1:
                self.unit = units[0]
            else:
                self.add_error(
                    "unit_number",
                    _("This registration has %(count)d homes: choose the unit.") % {"count": len(units)},
                )
            return data
        found = [u for u in units if u.number == wanted] or [
            u for u in units if _unit_number(u.number).casefold() == wanted.casefold()
        ]
        if len(found) == 1:
            self.unit = found[0]
        elif not found:
            self.add_error(
                "unit_number",
                _("This registration has no home numbered %(number)s.") % {"number": wanted},
            )
        else:
            self.add_error(
                "unit_number",
                _("Several homes of this registration are numbered %(number)s: choose one from the list.")
                % {"number": wanted},
            )
        return data


class PlacementForm(forms.Form):
    signed_on = DayField(label=_("Lease signed on"))
    start_on = DayField(label=_("Lease starts on"))
    end_on = DayField(
        label=_("Fixed term ends on"),
        required=False,
        help_text=_("Only for a fixed-term lease (定期建物賃貸借)."),
    )
    move_in_on = DayField(label=_("Move-in date"))
    rent = YenField(label=_("Rent (yen a month)"), min_value=0, max_value=MAX_YEN)
    common_fee = YenField(label=_("Common fee (yen a month)"), min_value=0, max_value=MAX_YEN, required=False)
    deposit = YenField(label=_("Deposit (yen)"), min_value=0, max_value=MAX_YEN, required=False)
    guarantee = forms.ChoiceField(
        label=_("How the rent is guaranteed"), choices=Placement.Guarantee.choices, widget=forms.RadioSelect
    )
    guarantor = forms.CharField(
        label=_("Guarantor"),
        max_length=200,
        required=False,
        help_text=_("The guarantee company, the support corporation or the person who guarantees."),
    )
    guarantee_fee = YenField(label=_("Guarantee fee (yen)"), min_value=0, max_value=MAX_YEN, required=False)
    support_corporation = forms.ModelChoiceField(
        label=_("Support corporation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_(
            "The housing support corporations serving the home's municipality, and the one the inquiry's "
            "support package names."
        ),
    )
    local_programmes = forms.MultipleChoiceField(
        label=_("Subsidies the municipality runs"),
        choices=list(PROGRAMMES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Rent reduction and guarantee-fee reduction exist only where a local government runs them."
        ),
    )
    monthly_reduction = YenField(
        label=_("Rent reduction the landlord grants (yen a month)"),
        min_value=0,
        max_value=MAX_YEN,
        required=False,
        help_text=_("0 or empty when none is agreed yet."),
    )
    tenant_exclusions = forms.MultipleChoiceField(
        label=_("The tenant"),
        choices=[(c, EXCLUSIONS[c]) for c in TENANT_EXCLUSIONS if c in EXCLUSIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    acknowledge = forms.BooleanField(
        label=_("I have read the warnings: the lease is recorded as signed."), required=False
    )

    def __init__(
        self,
        *args: Any,
        unit: Unit,
        corporations: list[Organisation] | None = None,
        asked_on: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.asked_on = asked_on  # the day the inquiry the placement is recorded from was sent
        self.warnings: list[tuple[str, str]] = []
        self.field_warnings: dict[str, list[str]] = {}
        ids = [o.pk for o in corporations or []]
        field = self.fields["support_corporation"]
        field.queryset = Organisation.objects.filter(pk__in=ids)  # type: ignore[attr-defined]
        # the directory's order (serving the home's municipality), not the queryset's
        field.choices = [("", _("None")), *((o.pk, o.name) for o in corporations or [])]  # type: ignore[attr-defined]

    def rows(self) -> list[tuple[Any, list[str]]]:
        """Each field with the lease check's warnings about it, shown beside it (and listed above the
        form, with the box to tick)."""
        return [(field, self.field_warnings.get(field.name, [])) for field in self]

    def lease(self) -> services.LeaseInput:
        d = self.cleaned_data
        return services.LeaseInput(
            signed_on=d["signed_on"],
            start_on=d["start_on"],
            end_on=d.get("end_on"),
            move_in_on=d["move_in_on"],
            rent=d["rent"],
            common_fee=d.get("common_fee") or 0,
            deposit=d.get("deposit") or 0,
            guarantee=d["guarantee"],
            guarantor=d.get("guarantor") or "",
            guarantee_fee=d.get("guarantee_fee") or 0,
            support_corporation=d.get("support_corporation"),
            local_programmes=frozenset(d.get("local_programmes") or ()),
            monthly_reduction=d.get("monthly_reduction") or 0,
            tenant_exclusions=tuple(d.get("tenant_exclusions") or ()),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = ("signed_on", "start_on", "move_in_on", "rent", "guarantee")
        if any(data.get(name) is None or name in self.errors for name in needed):
            return data
        check = services.lease_check(
            self.lease(), self.unit, recorded_on=timezone.localdate(), asked_on=self.asked_on
        )
        for name, texts in check.errors.items():
            for text in texts:
                self.add_error(name if name in self.fields else None, text)
        self.warnings = [
            (str(self.fields[n].label) if n in self.fields else "", t) for n, t in check.warnings
        ]
        for name, text in check.warnings:
            if name in self.fields:
                self.field_warnings.setdefault(name, []).append(text)
        if self.warnings and not check.errors and not data.get("acknowledge"):
            self.add_error(
                "acknowledge", _("Read the warnings above and tick this box to record the lease as it is.")
            )
        return data


class FollowUpForm(forms.Form):
    """The answer of a follow-up. Its ids start with ``followup_`` (the placement page also carries the
    end-of-tenancy form, with fields of the same names)."""

    asked_on = DayField(label=_("Asked on"))
    holds = forms.TypedChoiceField(
        label=_("Does the tenancy hold?"),
        choices=[("yes", _("Yes, the household still lives there")), ("no", _("No, the tenancy has ended"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    ended_on = DayField(label=_("Tenancy ended on"), required=False, help_text=_("Only when it has ended."))
    end_note = forms.CharField(
        label=_("Why the tenancy ended"),
        max_length=300,
        required=False,
        help_text=_("Only when it has ended."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "followup_%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("holds") is False:
            if data.get("ended_on") is None and "ended_on" not in self.errors:
                self.add_error("ended_on", _("Enter the day the tenancy ended."))
            if not (data.get("end_note") or "").strip():
                self.add_error("end_note", _("Say why the tenancy ended."))
        return data


class CancelForm(forms.Form):
    """The household did not move in. Its ids start with ``cancel_`` (see :class:`FollowUpForm`)."""

    cancel_note = forms.CharField(
        label=_("Why the household did not move in"),
        max_length=300,
        help_text=_("For example: the household chose to stay with family."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "cancel_%s")
        super().__init__(*args, **kwargs)


class EndForm(forms.Form):
    """The end of the tenancy. Its ids start with ``end_`` (see :class:`FollowUpForm`)."""

    ended_on = DayField(label=_("Tenancy ended on"))
    end_note = forms.CharField(label=_("Why the tenancy ended"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "end_%s")
        super().__init__(*args, **kwargs)
