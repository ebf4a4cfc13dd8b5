"""The building blocks of the registry's field specifications (:mod:`sumai.registry.fields`): the rules,
as Django validators that the form, the API serializer and the CSV import all run (range rules subclass
Django's min/max validators so that the API schema shows their bounds), and the form and API field classes
that convert a value the way the spec does before the rules run."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from sumai.domain.eligibility import GROUP_CODES


def nfkc(value: str) -> str:
    """``value`` stripped, full-width letters and digits made ASCII (NFKC)."""
    return unicodedata.normalize("NFKC", value).strip() if not value.isascii() else value.strip()


OUTSIDE = gettext_lazy("%(value)s is outside %(lo)s–%(hi)s.")


class AtLeast(MinValueValidator):
    """The lower end of a range ``lo``–``hi`` (one message for both ends; a schema reads ``minimum``)."""

    def __init__(self, lo: Any, hi: Any, message: Any = OUTSIDE) -> None:
        super().__init__(lo, message)
        self.hi = hi

    def __call__(self, value: Any) -> None:
        if value < self.limit_value:
            params = {"value": value, "lo": self.limit_value, "hi": self.hi}
            raise ValidationError(self.message, code=self.code, params=params)


class AtMost(MaxValueValidator):
    """The upper end of a range ``lo``–``hi`` (a schema reads ``maximum``)."""

    def __init__(self, lo: Any, hi: Any, message: Any = OUTSIDE) -> None:
        super().__init__(hi, message)
        self.lo = lo

    def __call__(self, value: Any) -> None:
        if value > self.limit_value:
            params = {"value": value, "lo": self.lo, "hi": self.limit_value}
            raise ValidationError(self.message, code=self.code, params=params)


class AtMostChars(MaxLengthValidator):
    message = gettext_lazy("At most %(n)d characters (%(got)d given).")

    def __call__(self, value: Any) -> None:
        if len(value) > self.limit_value:
            raise ValidationError(
                self.message, code=self.code, params={"n": self.limit_value, "got": len(value)}
            )


class AreaRule:
    """An area in m²: above 0, below ``below``, at most two decimals."""

    message = gettext_lazy("“%(value)s” is not an area in m² above 0 with at most two decimals.")

    def __init__(self, below: Decimal) -> None:
        self.below = below

    def __call__(self, value: Decimal) -> None:
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -2 or not 0 < value < self.below:
            raise ValidationError(self.message, code="area", params={"value": value})


class OneOf:
    message = gettext_lazy("“%(value)s” is not one of: %(allowed)s.")

    def __init__(self, codes: Sequence[str]) -> None:
        self.codes = tuple(codes)

    def __call__(self, value: Any) -> None:
        if value not in self.codes:
            params = {"value": value, "allowed": " / ".join(self.codes)}
            raise ValidationError(self.message, code="choice", params=params)


class SinceDate:
    """A day from ``earliest`` to today."""

    message = gettext_lazy("%(value)s is not between %(lo)s and today.")

    def __init__(self, earliest: date) -> None:
        self.earliest = earliest

    def __call__(self, value: date, today: date | None = None) -> None:
        if not self.earliest <= value <= (today or timezone.localdate()):
            params = {"value": value.isoformat(), "lo": self.earliest.isoformat()}
            raise ValidationError(self.message, code="date_range", params=params)


class KnownGroups:
    """At least one priority group, each a code of the domain."""

    def __call__(self, value: Sequence[str]) -> None:
        if not value:
            raise ValidationError(gettext_lazy("Name at least one group the unit accepts."), code="required")
        unknown = [code for code in value if code not in GROUP_CODES]
        if unknown:
            message = gettext_lazy("Unknown priority group: %(value)s.")
            raise ValidationError(message, code="unknown", params={"value": ", ".join(unknown)})


class PostalCode:
    message = gettext_lazy("A postal code has 7 digits (for example 100-0001).")

    def __call__(self, value: str) -> None:
        if value and not (len(value) == 7 and value.isdigit()):
            raise ValidationError(self.message, code="postal_code")


# ---------------------------------------------------------------------------------------- form and API fields
class _Normalises(Protocol):
    def normalise(self, value: Any) -> Any: ...


class _FormText(forms.CharField):
    """Text normalised as the spec normalises it (the CSV import reads a cell the same way)."""

    def __init__(self, *, spec: _Normalises, **kwargs: Any) -> None:
        self.spec = spec
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        return self.spec.normalise(super().to_python(value))

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        max_length = getattr(self.spec, "max_length", None)
        if max_length is not None:
            attrs["maxlength"] = str(max_length)
        return attrs


class _FormInteger(forms.IntegerField):
    """An empty optional field is its default (a fee left empty is 0)."""

    def __init__(self, *, default: int | None, **kwargs: Any) -> None:
        self.default = default
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        number = super().to_python(value)
        return self.default if number is None else number


class _ApiText(serializers.CharField):
    """Text normalised as the spec normalises it."""

    def __init__(self, *, spec: _Normalises, **kwargs: Any) -> None:
        self.spec = spec
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        return self.spec.normalise(super().to_internal_value(data))


class _ApiDecimal(serializers.DecimalField):
    """Converts only: the spec's rule checks the digits (``max_digits`` and ``decimal_places`` are for the
    schema's pattern; DRF would round or refuse with its own message)."""

    def validate_precision(self, value: Decimal) -> Decimal:
        return value

    def quantize(self, value: Decimal) -> Decimal:
        return value
