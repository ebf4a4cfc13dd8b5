"""Forms of the inquiries to landlords: the caseworker's inquiry with its support package, the landlord's
answer, the answer the landlord gave the caseworker outside Sumai (by phone, in person, by fax), the
authority's resolution of a flag."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sumai.cases.models import Consent
from sumai.core.formats import join_list, typed_number
from sumai.placements.forms_placements import DayField
from sumai.placements.models import LandlordInquiry, RefusalFlag
from sumai.placements.selectors_inquiries import PROVIDER_LABELS
from sumai.placements.services_inquiries import (
    RELAYED_CHANNELS,
    ArrangementsInput,
    check_answer_day,
    check_resolution,
)
from sumai.support.labels import LANGUAGE_LABELS


def caseworker_language_choices() -> list[tuple[str, Any]]:
    """The languages of the support directory, Japanese left out (the caseworker speaks it)."""
    return [(code, label) for code, label in LANGUAGE_LABELS.items() if code != "ja"]


def consent_label(consent: Consent) -> str:
    """One consent as the caseworker tells it from the others: its purpose, who may see, the day it was
    given — two consents of one purpose for different organisations read differently."""
    names = join_list(sorted(o.name for o in consent.organisations.all()))
    return gettext("%(purpose)s — shared with %(organisations)s (given %(day)s)") % {
        "purpose": consent.purpose,
        "organisations": names or gettext("no organisation"),
        "day": f"{consent.given_on:%Y-%m-%d}",
    }


PROVIDER_CHOICES = [("", _("Choose who provides it")), *PROVIDER_LABELS.items()]

VISITS_MESSAGE = _("Give the visits a month as a number from 0 to 31, for example 2.")


class VisitsField(forms.IntegerField):
    """How many visits a month, as people type it (``sumai.core.formats.typed_number``): a Japanese
    keyboard's full-width ``２``, spaces, a trailing 回 (「2回」). A text input with the numeric keyboard on
    phones, not ``type=number``: a browser empties a number input holding full-width digits. Anything but
    a number from 0 to 31 is refused with one message naming the field's range."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 4})
    default_error_messages = {"invalid": VISITS_MESSAGE}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 31)
        kwargs.setdefault(
            "error_messages",
            {"invalid": VISITS_MESSAGE, "min_value": VISITS_MESSAGE, "max_value": VISITS_MESSAGE},
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # no min/max attributes: the browser would check them in its own words before the page's message
        return {k: v for k, v in super().widget_attrs(widget).items() if k not in ("min", "max")}

    def to_python(self, value: Any) -> int | None:
        text = typed_number(value)
        if text.endswith("回"):
            text = text[:-1]
        if text and not (text.isascii() and text.isdigit()):
            raise forms.ValidationError(VISITS_MESSAGE, code="invalid")
        return super().to_python(text)


# (kind, who) of each arrangement: a kind chosen with nobody named is a half-filled line
PROVIDER_PAIRS = (
    ("rent_guarantee_kind", "rent_guarantee"),
    ("watch_over_kind", "watch_over"),
    ("belongings_kind", "belongings"),
    ("emergency_kind", "emergency"),
)


class InquiryForm(forms.Form):
    # one radio button per consent: the whole description wraps (a drop-down cut it short on a desktop)
    consent = forms.TypedChoiceField(
        label=_("The household's consent that covers this inquiry"),
        coerce=int,
        choices=(),
        widget=forms.RadioSelect,
    )
    rent_guarantee_kind = forms.ChoiceField(
        label=_("Rent guarantee: kind"), choices=PROVIDER_CHOICES, required=False
    )
    rent_guarantee = forms.CharField(
        label=_("Rent guarantee: who"), max_length=200, required=False, help_text=_("Leave blank if none.")
    )
    watch_over_kind = forms.ChoiceField(label=_("Watch-over: kind"), choices=PROVIDER_CHOICES, required=False)
    watch_over = forms.CharField(label=_("Watch-over: who"), max_length=200, required=False)
    visits_per_month = VisitsField(label=_("Watch-over: visits a month"), required=False)
    daily_check = forms.BooleanField(label=_("Daily safety check"), required=False)
    belongings_kind = forms.ChoiceField(
        label=_("Belongings after a death: kind"), choices=PROVIDER_CHOICES, required=False
    )
    belongings = forms.CharField(label=_("Belongings after a death: who"), max_length=200, required=False)
    emergency_kind = forms.ChoiceField(
        label=_("Emergency contact: kind"), choices=PROVIDER_CHOICES, required=False
    )
    emergency = forms.CharField(label=_("Emergency contact: who"), max_length=200, required=False)
    caseworker_organisation = forms.CharField(label=_("Caseworker's organisation"), max_length=200)
    caseworker_name = forms.CharField(label=_("Caseworker's name"), max_length=100)
    caseworker_phone = forms.CharField(label=_("Caseworker's phone"), max_length=30, required=False)
    caseworker_email = forms.EmailField(label=_("Caseworker's e-mail address"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages the caseworker offers besides Japanese"),
        widget=forms.CheckboxSelectMultiple,
        choices=caseworker_language_choices,
        required=False,
    )
    message = forms.CharField(
        label=_("Message to the landlord"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_(
            "The landlord reads it first, on the inquiry's page and in the e-mail. Write nothing the "
            "household has not agreed to share: no name, address, health, DV or criminal record."
        ),
    )

    def __init__(self, *args: Any, consents: list[Consent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["consent"]
        field.choices = [(c.pk, consent_label(c)) for c in consents]
        if len(consents) == 1:
            self.initial.setdefault("consent", consents[0].pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind, who in PROVIDER_PAIRS:
            if data.get(kind) and not (data.get(who) or "").strip():
                self.add_error(who, _("Say who provides it, or leave the kind empty."))
        if data.get("watch_over") and not data.get("visits_per_month") and not data.get("daily_check"):
            self.add_error("visits_per_month", _("Give the visits a month or tick the daily safety check."))
        return data

    def arrangements(self) -> ArrangementsInput:
        d = self.cleaned_data
        langs = tuple(d.get("languages") or ())
        return ArrangementsInput(
            rent_guarantee_kind=d.get("rent_guarantee_kind") or "",
            rent_guarantee=d.get("rent_guarantee") or "",
            watch_over_kind=d.get("watch_over_kind") or "",
            watch_over=d.get("watch_over") or "",
            visits_per_month=int(d.get("visits_per_month") or 0),
            daily_check=bool(d.get("daily_check")),
            belongings_kind=d.get("belongings_kind") or "",
            belongings=d.get("belongings") or "",
            emergency_kind=d.get("emergency_kind") or "",
            emergency=d.get("emergency") or "",
            caseworker_organisation=d.get("caseworker_organisation") or "",
            caseworker_name=d.get("caseworker_name") or "",
            caseworker_phone=d.get("caseworker_phone") or "",
            caseworker_email=d.get("caseworker_email") or "",
            languages=langs,
        )


ANSWER_CHOICES = [
    ("offer_viewing", _("Offer a viewing first")),
    ("accept", _("Accept: the home can be let to this household")),
    ("decline", _("Decline")),
]
REASON_CHOICES = [("", _("Choose the reason")), *[c for c in LandlordInquiry.Reason.choices if c[0]]]


class _AnswerFields(forms.Form):
    """The fields the landlord's own answer and the answer a caseworker records share: when the household
    may view the home, the coded reason of a decline, and the inquiry's version."""

    viewing = forms.CharField(
        label=_("When the household may view the home"),
        max_length=300,
        required=False,
        help_text=_("For a viewing: days and times, for example 'weekdays after 14:00'."),
    )
    reason = forms.ChoiceField(label=_("Reason for declining"), choices=REASON_CHOICES, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AnswerForm(_AnswerFields):
    field_order = ["action", "viewing", "reason", "text", "version"]

    action = forms.ChoiceField(label=_("Your answer"), choices=ANSWER_CHOICES, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("More about your answer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Needed when the reason is other."),
    )


RECORDED_ANSWER_CHOICES = [
    ("offer_viewing", _("The landlord offers a viewing first")),
    ("accept", _("The landlord accepts: the home can be let to this household")),
    ("decline", _("The landlord declines")),
]


class RecordAnswerForm(_AnswerFields):
    """The answer a landlord gave the caseworker outside Sumai (a landlord with no account or e-mail): how
    it was given, the answer with the landlord's own choices (a viewing, accept, decline with the same
    coded reasons), the day, whom the caseworker spoke to, and the caseworker's note."""

    field_order = [
        "channel",
        "action",
        "viewing",
        "reason",
        "text",
        "given_on",
        "spoke_to",
        "note",
        "version",
    ]

    channel = forms.ChoiceField(
        label=_("How the landlord answered"),
        choices=[(c.value, c.label) for c in RELAYED_CHANNELS],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how the landlord answered: by phone, in person, by fax or another way.")
        },
    )
    action = forms.ChoiceField(
        label=_("The landlord's answer"),
        choices=RECORDED_ANSWER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the landlord's answer.")},
    )
    text = forms.CharField(
        label=_("What the landlord said"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Needed when the reason is other. The landlord sees it on the inquiry as its comment."),
    )
    given_on = DayField(
        label=_("The day the landlord answered"),
        error_messages={"required": _("Give the day the landlord answered.")},
    )
    spoke_to = forms.CharField(
        label=_("Whom you spoke to"),
        max_length=100,
        required=False,
        help_text=_("For example the landlord, or a member of staff of its managing agent."),
    )
    note = forms.CharField(
        label=_("Your note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("For the case's record; the landlord does not see it."),
    )

    def __init__(self, *args: Any, sent_on: date | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent_on = sent_on

    def clean_given_on(self) -> date | None:
        given_on: date | None = self.cleaned_data.get("given_on")
        try:
            return check_answer_day(given_on, sent_on=self.sent_on)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["given_on"]) from None


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


RESOLUTION_CHOICES = [("", _("Choose the resolution")), *[c for c in RefusalFlag.Resolution.choices if c[0]]]


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(label=_("Resolution"), choices=RESOLUTION_CHOICES)
    note = forms.CharField(
        label=_("What the authority did"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": _(
                "Say what the authority did (for example the advice given, to whom and when): every "
                "resolution needs a note."
            )
        },
        help_text=_(
            "For example the advice given, to whom and when. For a registration struck off: when, and by "
            "which decision."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # a blank note: the service's message for the chosen resolution, not Django's "This field is required"
        if "resolution" in data and ("note" not in self.errors or self.has_error("note", "required")):
            self.errors.pop("note", None)
            try:
                check_resolution(data["resolution"], data.get("note") or "")
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        self.add_error(field, error)
        return data
