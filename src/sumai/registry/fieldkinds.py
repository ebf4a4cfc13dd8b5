"""Kinds of field for the specifications of :mod:`sumai.registry.fields`: each kind knows its rule (Django
validators, which the form, the API serializer and the CSV import all run), how a CSV cell reads
(:meth:`Spec.parse`: full-width digits, thousands separators, 円, Japanese words) and which form field
(:meth:`Spec.formfield`) and serializer field (:meth:`Spec.serializer_field`) convert a value for it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sumai.core.labels import group_label
from sumai.domain import jurisdiction
from sumai.domain.eligibility import GROUP_CODES, list_groups
from sumai.registry.fieldbase import (
    OUTSIDE,
    AreaRule,
    AtLeast,
    AtMost,
    AtMostChars,
    KnownGroups,
    OneOf,
    PostalCode,
    SinceDate,
    _ApiDecimal,
    _ApiText,
    _FormInteger,
    _FormText,
    nfkc,
)

_Parsed = tuple[Any, str | None]  # (value or None, error message or None)
if TYPE_CHECKING:
    _ApiField = serializers.Field[Any, Any, Any, Any]  # a DRF field (generic in the stubs only)


class Spec:
    """One field: ``code`` (the CSV column's, which is also its English header), the Japanese header (none:
    not a CSV column), the model field it fills (``model``; the code unless given), whether it is
    required, the value an optional field takes when left empty, whether the API writes it, the words of a
    form that are not the model field's, and the validators every consumer runs."""

    def __init__(
        self,
        code: str,
        ja: str = "",
        *,
        model: str | None = "",
        required: bool = True,
        default: Any = None,
        api: bool = True,
        label: Any = None,
        help_text: Any = None,
        validators: Sequence[Callable[..., None]] = (),
    ) -> None:
        self.code = code
        self.ja = ja
        self.en = code if ja else ""
        self.model_field = code if model == "" else model
        self.required = required
        self.default = default
        self.api = api
        self.label = label
        self.help_text = help_text
        self.validators = list(validators)

    def check(self, value: Any) -> str | None:
        """The first error of ``value`` (as converted), or None."""
        for validate in self.validators:
            try:
                validate(value)
            except ValidationError as exc:
                return exc.messages[0]
        return None

    def normalise(self, value: Any) -> Any:
        return value

    def clean(self, value: Any) -> Any:
        """``value`` normalised and checked (:class:`ValidationError` when it breaks the rule)."""
        value = self.normalise(value)
        error = self.check(value)
        if error is not None:
            raise ValidationError(error)
        return value

    def empty(self) -> _Parsed:
        """What an empty CSV cell reads as."""
        return (None, _("This field is required.")) if self.required else (self.default, None)

    def parse(self, text: str) -> _Parsed:
        """A CSV cell: ``(value, None)`` or ``(None, message)``."""
        raise NotImplementedError

    def form_kwargs(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """A form field's arguments: ``kwargs`` (the model field's words), then the spec's own."""
        own = {k: v for k, v in (("label", self.label), ("help_text", self.help_text)) if v is not None}
        return {"required": self.required, "validators": self.validators, **kwargs, **own}

    def formfield(self, **kwargs: Any) -> forms.Field:
        raise NotImplementedError

    def serializer_field(self) -> _ApiField:
        raise NotImplementedError


class Text(Spec):
    """Text of at most ``max_length`` characters, spaces folded (NFKC), upper case if ``upper``."""

    def __init__(self, *args: Any, max_length: int, upper: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **{"default": "", **kwargs})
        self.max_length = max_length
        self.upper = upper
        self.validators.insert(0, AtMostChars(max_length))

    def normalise(self, value: Any) -> Any:
        value = " ".join(nfkc(value).split()) if value else ""
        return value.upper() if self.upper else value

    def parse(self, text: str) -> _Parsed:
        value = " ".join(nfkc(text).split()) if text else ""
        if not value:
            return self.empty()
        if len(value) > self.max_length or len(self.validators) > 1:  # else the rules have nothing to say
            error = self.check(value)
            if error is not None:
                return None, error
        return (value.upper() if self.upper else value), None

    def formfield(self, **kwargs: Any) -> forms.Field:
        return _FormText(spec=self, **self.form_kwargs(kwargs))

    def serializer_field(self) -> _ApiField:
        return _ApiText(
            spec=self, required=self.required, allow_blank=not self.required, validators=self.validators
        )


class Integer(Spec):
    """A whole number from ``lo`` to ``hi``."""

    def __init__(self, *args: Any, lo: int, hi: int, message: Any = OUTSIDE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lo = lo
        self.hi = hi
        self.validators[:0] = [AtLeast(lo, hi, message), AtMost(lo, hi, message)]

    def parse(self, text: str) -> _Parsed:
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        text = text.strip().replace(",", "").replace("¥", "").replace("円", "")
        if not text:
            return self.empty()
        try:
            number = int(text)
        except ValueError:
            return None, _("“%(value)s” is not a whole number.") % {"value": text}
        error = self.check(number)
        return (None, error) if error is not None else (number, None)

    def formfield(self, **kwargs: Any) -> forms.Field:
        widget = forms.NumberInput(attrs={"min": self.lo, "max": self.hi})
        return _FormInteger(default=self.default, **self.form_kwargs({"widget": widget, **kwargs}))

    def serializer_field(self) -> _ApiField:
        return serializers.IntegerField(required=self.required, validators=self.validators)


class Number(Integer):
    """A number from ``lo`` to ``hi`` (a form's field only)."""

    def formfield(self, **kwargs: Any) -> forms.Field:
        return forms.FloatField(**self.form_kwargs(kwargs))


class Area(Spec):
    """An area in m² (see :class:`AreaRule`)."""

    def __init__(self, *args: Any, below: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.below = below
        self.validators.insert(0, AreaRule(below))

    def parse(self, text: str) -> _Parsed:
        text = nfkc(text).replace(",", "").replace("㎡", "").replace("m2", "")
        if not text:
            return self.empty()
        try:
            area = Decimal(text)
        except InvalidOperation:
            return None, str(AreaRule.message % {"value": text})
        error = self.check(area)
        return (None, error) if error is not None else (area, None)

    def formfield(self, **kwargs: Any) -> forms.Field:
        widget = forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"})
        return forms.DecimalField(**self.form_kwargs({"widget": widget, **kwargs}))

    def serializer_field(self) -> _ApiField:
        digits = len(str(int(self.below))) + 1  # the integer digits below ``below``, and two decimals
        return _ApiDecimal(
            max_digits=digits, decimal_places=2, required=self.required, validators=self.validators
        )


class Choice(Spec):
    """One of ``choices`` (code, label). A CSV cell may also use the words of ``words`` (code → words
    separated by spaces, folded to lower case), which an error lists after each code."""

    def __init__(
        self,
        *args: Any,
        choices: Sequence[tuple[str, Any]],
        words: dict[str, str] | None = None,
        initial: str | None = None,
        list_words: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.list_words = list_words  # False: an error lists the codes only (the words are spellings of them)
        self.choices = [(str(code), label) for code, label in choices]
        self.codes = tuple(code for code, _label in self.choices)
        self.words: dict[str, str] = {}
        for code in self.codes:
            self.words[code] = code
            self.words.setdefault(code.lower(), code)  # a cell is read folded to lower case
            for word in (words or {}).get(code, "").split():
                self.words[word] = code
        self.initial = initial or self.default
        self.validators.insert(0, OneOf(self.codes))

    def parse(self, text: str) -> _Parsed:
        value = nfkc(text).lower()
        if not value:
            return self.empty()
        found = self.words.get(value)
        if found is None:
            shown: dict[str, str] = {}  # each word once, as first written (the code before its lower case)
            for word in self.words if self.list_words else self.codes:
                shown.setdefault(word.lower(), word)
            allowed = " / ".join(shown.values())
            return None, _("“%(value)s” is not one of: %(allowed)s.") % {
                "value": nfkc(text),
                "allowed": allowed,
            }
        return found, None

    def normalise(self, value: Any) -> Any:
        """A code, or a word for one (folded as a CSV cell is), as its code; anything else unchanged (the
        validators refuse it)."""
        if not isinstance(value, str):
            return value
        return self.words.get(nfkc(value).lower(), value)

    def formfield(self, **kwargs: Any) -> forms.Field:
        blank = [("", "---------")] if self.initial is None else []
        empty = "" if self.required else self.default
        kwargs = {"choices": blank + self.choices, "initial": self.initial, "empty_value": empty, **kwargs}
        return _FormChoice(spec=self, **self.form_kwargs(kwargs))

    def serializer_field(self) -> _ApiField:
        return _ApiChoice(
            spec=self, choices=self.codes, required=self.required, allow_blank=not self.required
        )


class _ApiChoice(serializers.ChoiceField):
    """One of the codes (an enum in the schema); the spec's words are read as their codes."""

    def __init__(self, *, spec: Choice, **kwargs: Any) -> None:
        self.spec = spec
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(self.spec.normalise(data))


class _FormChoice(forms.TypedChoiceField):
    """A choice that also takes the spec's words (``１ｌｄｋ`` posted or typed is ``1LDK``)."""

    def __init__(self, *, spec: Choice, **kwargs: Any) -> None:
        self.spec = spec
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        return self.spec.normalise(super().to_python(value))


class Flag(Spec):
    """Yes or no; an empty CSV cell is the default."""

    WORDS = {"1": True, "0": False, "true": True, "false": False, "yes": True, "no": False}
    WORDS |= {"はい": True, "いいえ": False, "有": True, "無": False, "○": True, "×": False}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, required=False, **kwargs)

    def parse(self, text: str) -> _Parsed:
        value = nfkc(text).lower()
        if not value:
            return self.default, None
        found = self.WORDS.get(value)
        if found is None:
            return None, _("“%(value)s” is not yes or no (use 1/0, はい/いいえ, true/false).") % {
                "value": value
            }
        return found, None

    def formfield(self, **kwargs: Any) -> forms.Field:
        return forms.BooleanField(**self.form_kwargs({"initial": self.default, **kwargs}))

    def serializer_field(self) -> _ApiField:
        return serializers.BooleanField(required=False)


class Day(Spec):
    """A date from ``earliest`` to today (a CSV cell: YYYY-MM-DD or YYYY/MM/DD)."""

    _DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")

    def __init__(self, *args: Any, earliest: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule = SinceDate(earliest)
        self.validators.insert(0, self.rule)

    def parse(self, text: str, today: date | None = None) -> _Parsed:
        value = nfkc(text)
        if not value:
            return self.empty()
        m = self._DATE.match(value)
        try:
            if not m:
                raise ValueError
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None, _("“%(value)s” is not a date in the form YYYY-MM-DD or YYYY/MM/DD.") % {
                "value": value
            }
        try:
            self.rule(day, today)
        except ValidationError as exc:
            return None, exc.messages[0]
        return day, None

    def formfield(self, **kwargs: Any) -> forms.Field:
        return forms.DateField(**self.form_kwargs(kwargs))


def group_choices() -> list[tuple[str, str]]:
    """Every priority group once, in the domain's order, with its name in the active language."""
    return [(code, group_label(code)) for code in dict.fromkeys(g.code for g in list_groups())]


class Groups(Spec):
    """Priority groups (at least one); a CSV cell lists codes or ``words`` (Japanese) separated by ; ・ 、
    , or /."""

    _SPLIT = re.compile(r"[;；・、,，/]")
    _ORDER = {code: i for i, code in enumerate(GROUP_CODES)}

    def __init__(self, *args: Any, words: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, validators=[KnownGroups()], **kwargs)
        self.words = words

    def parse(self, text: str) -> _Parsed:
        value = nfkc(text)
        if not value:
            return None, _("Name at least one group the unit accepts.")
        out: set[str] = set()
        unknown: list[str] = []
        for part in self._SPLIT.split(value):
            part = part.strip()
            if not part:
                continue
            code = part if part in self._ORDER else self.words.get(part.lower())
            if code is None:
                unknown.append(part)
            else:
                out.add(code)
        if unknown:
            return None, _("Unknown priority group: %(value)s.") % {"value": ", ".join(unknown)}
        return tuple(sorted(out, key=self._ORDER.__getitem__)), None

    def formfield(self, **kwargs: Any) -> forms.Field:
        kwargs = {"choices": group_choices, "widget": forms.CheckboxSelectMultiple, **kwargs}
        return forms.MultipleChoiceField(**self.form_kwargs(kwargs))

    def serializer_field(self) -> _ApiField:
        return serializers.ListField(child=_GroupCode(), help_text="Priority-group codes the unit accepts.")


@extend_schema_field({"type": "string", "enum": list(GROUP_CODES)})
class _GroupCode(serializers.CharField):
    """A priority-group code: the schema lists the codes; the spec's rule checks it (naming the item)."""


class Postal(Spec):
    """A postal code: 7 digits (a hyphen and 〒 are dropped), or nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, required=False, default="", validators=[PostalCode()], **kwargs)

    def normalise(self, value: Any) -> Any:
        return nfkc(value or "").replace("-", "").replace("〒", "")

    def parse(self, text: str) -> _Parsed:
        """The code as written (normalised) and its error, if any: both, as the import reports the error
        and goes on reading the building."""
        value = self.normalise(text)
        return value, self.check(value)

    def formfield(self, **kwargs: Any) -> forms.Field:
        return _FormText(spec=self, **self.form_kwargs(kwargs))


class MunicipalityCode(Spec):
    """The 6-digit local government code (of 5 digits, the check digit is added); whether a municipality
    has it is for the consumer to look up."""

    def normalise(self, value: Any) -> Any:
        code = nfkc(value or "").replace("-", "")
        if len(code) == 5 and code.isdigit():
            code += jurisdiction.check_digit(code)
        return code

    def parse(self, text: str) -> _Parsed:
        code = self.normalise(text)
        return (code, None) if code else self.empty()


class Key(Spec):
    """The CSV's own key of a building (groups its rows)."""

    def parse(self, text: str) -> _Parsed:
        key = nfkc(text)
        return (key, None) if key else self.empty()
