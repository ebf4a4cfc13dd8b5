"""The public request for help, and a municipality's desk settings."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sumai.cases import selectors
from sumai.cases.models import Desk
from sumai.core.formfields import NFKCEmailField
from sumai.domain import consultation as domain
from sumai.places.formfields import MunicipalityField, PrefectureField
from sumai.places.models import Municipality

_HTML = re.compile(r"<\s*[a-zA-Z/!]")
_PHONE = re.compile(r"^0\d{9,10}$")

SITUATIONS = [
    (domain.Situation.HOMELESS, _("I have no home now")),
    (domain.Situation.MUST_LEAVE, _("I must leave my home by a date")),
    (domain.Situation.EVICTION, _("I am being evicted or owe rent")),
    (domain.Situation.HOSPITAL, _("I am leaving hospital or a care facility")),
    (domain.Situation.PRISON, _("I am leaving prison or a rehabilitation facility")),
    (domain.Situation.DV, _("I am fleeing violence (DV, stalking) or staying in a shelter")),
    (domain.Situation.DISASTER, _("I lost my home in a disaster")),
    (domain.Situation.REFUSED, _("Landlords refuse me")),
    (domain.Situation.UNSUITABLE, _("My home no longer suits me (stairs, cost, size)")),
    (domain.Situation.OTHER, _("Something else")),
]
HELP = [
    (domain.HelpKind.HOMES, _("Homes that accept me")),
    (domain.HelpKind.GUARANTEE, _("Rent guarantee (when I have no guarantor)")),
    (domain.HelpKind.CONTRACT, _("Help with the contract and moving in")),
    (domain.HelpKind.WATCH_OVER, _("Watch-over and help with daily life")),
    (domain.HelpKind.TENANCY_TROUBLE, _("Help with trouble while I live there")),
    (domain.HelpKind.MONEY, _("Help managing money")),
    (domain.HelpKind.AFTER_DEATH, _("Arrangements for my belongings after death")),
]
CONTACT = [(domain.ContactMethod.PHONE, _("By phone")), (domain.ContactMethod.EMAIL, _("By e-mail"))]

RECEIVER_KINDS = {
    "municipality": _("the municipality's desk for housing help"),
    "council": _("a housing support council (居住支援協議会)"),
    "support_corporation": _("a housing support corporation (居住支援法人)"),
}
"""What the receiver is, said in the page's language beside its name (the name is the desk's own, in
Japanese); shown on pages in languages other than Japanese."""


def plain(value: str) -> str:
    value = unicodedata.normalize("NFKC", value or "").strip()
    if _HTML.search(value):
        raise ValidationError(_("Write plain text, without HTML."))
    return value


def parse_ages(value: str) -> list[int]:
    """「72、68」「72 68」「７２,６８」 → [72, 68]."""
    text = unicodedata.normalize("NFKC", value or "")
    parts = [p for p in re.split(r"[\s,、，;/・]+", text) if p]
    if not parts:
        raise ValidationError(_("Write the age of each person, for example 72, 68."))
    ages = []
    for part in parts:
        digits = part.removesuffix("歳").removesuffix("才")
        if not digits.isdigit() or not 0 <= int(digits) <= domain.MAX_AGE:
            raise ValidationError(
                _("“%(part)s” is not an age: write numbers from 0 to %(max)d, for example 72, 68.")
                % {"part": part, "max": domain.MAX_AGE}
            )
        ages.append(int(digits))
    if len(ages) > domain.MAX_MEMBERS:
        raise ValidationError(
            _("At most %(n)d people: write the others in the message.") % {"n": domain.MAX_MEMBERS}
        )
    return ages


class AskForm(forms.Form):
    prefecture = PrefectureField(label=_("Prefecture"), empty_label=_("Choose"))
    municipality = MunicipalityField(
        label=_("Municipality"),
        empty_label=_("Choose"),
        help_text=_("Where you live, or where you want to live. It decides which desk answers you."),
    )
    lives_there = forms.TypedChoiceField(
        label=_("This place is"),
        choices=[("yes", _("where I live now")), ("no", _("where I want to live"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    ages = forms.CharField(
        label=_("Ages of everyone who will live in the home"),
        max_length=100,
        help_text=_("Yourself included, for example 72, 68. No names are needed."),
    )
    situations = forms.MultipleChoiceField(
        label=_("What is your situation?"), choices=SITUATIONS, widget=forms.CheckboxSelectMultiple
    )
    leave_by = forms.DateField(
        label=_("If you must leave: by when?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    help_wanted = forms.MultipleChoiceField(
        label=_("What help do you want?"), choices=HELP, widget=forms.CheckboxSelectMultiple
    )
    corporation = forms.TypedChoiceField(
        label=_("A support corporation you would like to talk to (if you know one)"),
        choices=[("", _("No preference"))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Used when your municipality has no consultation desk or council."),
    )
    interpreter = forms.BooleanField(label=_("I need an interpreter"), required=False)
    name = forms.CharField(label=_("Your name (if you want to give it)"), max_length=100, required=False)
    contact_method = forms.ChoiceField(
        label=_("How should the desk contact you?"), choices=CONTACT, widget=forms.RadioSelect
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = NFKCEmailField(
        label=_("E-mail address"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    contact_times = forms.CharField(
        label=_("When can we reach you?"),
        max_length=200,
        required=False,
        help_text=_("For example: weekdays after 3 pm."),
    )
    message = forms.CharField(
        label=_("Anything else you want to tell the desk"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the desk that receives this request uses it to contact and help me, and keeps it "
            "for that purpose."
        )
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.urls import reverse

        consent: Any = self.fields["consent"]
        consent.error_label = _("Consent")  # the error list names it shortly, not by the whole sentence

        self.fields["prefecture"].widget.attrs.update(
            {
                "hx-get": reverse("cases:municipality_options"),
                "hx-target": "#id_municipality",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        self.fields["municipality"].widget.attrs.update(
            {
                "hx-get": reverse("cases:corporation_options"),
                "hx-target": "#id_corporation",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        prefecture = str(self.data.get("prefecture") or self.initial.get("prefecture") or "")[:2]
        muni_field: Any = self.fields["municipality"]
        if prefecture.isdigit():
            muni_field.queryset = Municipality.objects.filter(prefecture_id=prefecture).order_by("code")
        code = str(self.data.get("municipality") or self.initial.get("municipality") or "")[:6]
        if code.isdigit():
            options = selectors.corporations(code)
            corp_field: Any = self.fields["corporation"]
            corp_field.choices = [("", _("No preference")), *[(str(pk), name) for pk, name in options]]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_ages(self) -> list[int]:
        return parse_ages(self.cleaned_data["ages"])

    def clean_name(self) -> str:
        return plain(self.cleaned_data.get("name") or "")

    def clean_contact_times(self) -> str:
        return plain(self.cleaned_data.get("contact_times") or "")

    def clean_message(self) -> str:
        return plain(self.cleaned_data.get("message") or "")

    def clean_email(self) -> str:
        return str(self.cleaned_data.get("email") or "").lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("contact_method")
        phone = re.sub(
            r"[‐‑‒–—―−ー－]", "-", unicodedata.normalize("NFKC", str(self.data.get("phone") or "")).strip()
        )
        digits = re.sub(r"[\s\-‐−()]", "", phone)
        if method == domain.ContactMethod.PHONE:
            if not _PHONE.match(digits):
                self.add_error(
                    "phone", _("Write a phone number of 10 or 11 digits, for example 090-1234-5678.")
                )
            else:
                data["phone"] = phone
        if method == domain.ContactMethod.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Write the e-mail address the desk should write to."))
        if domain.Situation.MUST_LEAVE in (data.get("situations") or []) and not data.get("leave_by"):
            self.add_error("leave_by", _("Say by when you must leave, or untick that situation."))
        municipality = data.get("municipality")
        prefecture = data.get("prefecture")
        if municipality and prefecture and municipality.prefecture_id != prefecture.pk:
            self.add_error("municipality", _("Choose a municipality of the prefecture you chose."))
        return data


class DeskForm(forms.ModelForm[Desk]):
    class Meta:
        model = Desk
        fields = ["name", "phone", "hours", "is_active"]
