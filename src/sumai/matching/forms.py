"""The caseworker's inputs: homes (a POST that stores a snapshot) and support (a GET)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sumai.core.formats import yen_text
from sumai.domain import consultation as domain
from sumai.places.models import Municipality
from sumai.support.labels import language_choices

# The caseworker chooses for the household: the same kinds of help as the public request form
# (sumai.cases.forms.HELP, which the person fills in the first person), said of the household.
HELP_NEEDED = [
    (domain.HelpKind.HOMES, _("Homes that accept the household")),
    (domain.HelpKind.GUARANTEE, _("Rent guarantee (no guarantor)")),
    (domain.HelpKind.CONTRACT, _("Help with the contract and moving in")),
    (domain.HelpKind.WATCH_OVER, _("Watch-over and help with daily life")),
    (domain.HelpKind.TENANCY_TROUBLE, _("Help with trouble during the tenancy")),
    (domain.HelpKind.MONEY, _("Help managing money")),
    (domain.HelpKind.AFTER_DEATH, _("Arrangements for belongings after death")),
]


class YenField(forms.IntegerField):
    """A whole number of yen as people type it: full-width digits (an IME's ``５００００``), thousands
    separators, 円 / ¥ and 万 are read as the number they are (``sumai.core.formats.yen_text``, as the
    search's rent filters do); what is
    left must be half-width digits — other scripts' digits, which Python's ``int`` would read silently, are
    refused with a message. A text input (with the numeric keyboard on phones), not ``type=number``: a
    browser empties a number input holding full-width digits, so the amount would be lost unseen."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        text = yen_text(value)
        if text and not text.isascii():
            raise forms.ValidationError(
                _("Type the amount in half-width digits (0-9), for example 50000."), code="invalid"
            )
        return super().to_python(text)


def municipality_choices(prefecture_id: str) -> list[tuple[str, str]]:
    rows = (
        Municipality.objects.filter(prefecture_id=prefecture_id).order_by("code").values_list("code", "name")
    )
    return [(code, name) for code, name in rows]


class HomesForm(forms.Form):
    municipality = forms.ChoiceField(
        label=_("Where to look"),
        help_text=_("A designated city includes its wards."),
    )
    ceiling = YenField(
        label=_("Most the household can pay a month, rent and common fee (yen)"),
        min_value=0,
        max_value=10_000_000,
        required=False,
        help_text=_("Leave empty for no limit."),
    )
    area_standard = forms.BooleanField(
        label=_("At least the minimum living-area standard for the household"),
        required=False,
    )
    barrier_free = forms.BooleanField(label=_("Barrier-free"), required=False)
    ground_floor = forms.BooleanField(label=_("Ground floor, or barrier-free access"), required=False)
    pets = forms.BooleanField(label=_("Pets allowed"), required=False)
    lat = forms.FloatField(
        label=_("Near this point: latitude"),
        min_value=20,
        max_value=46,
        required=False,
        help_text=_(
            "Leave both empty when the household has no preferred place: distance is then not scored."
        ),
    )
    lon = forms.FloatField(
        label=_("Near this point: longitude"), min_value=122, max_value=154, required=False
    )

    def __init__(self, *args: Any, prefecture_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices(prefecture_id)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("lat") is None) != (data.get("lon") is None):
            self.add_error("lon", _("Give both the latitude and the longitude, or neither."))
        return data


class SupportForm(forms.Form):
    municipality = forms.ChoiceField(label=_("Where the household will live"), required=False)
    help = forms.MultipleChoiceField(
        label=_("Help the household needs"),
        choices=HELP_NEEDED,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the household needs"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, prefecture_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices(prefecture_id)  # type: ignore[attr-defined]
