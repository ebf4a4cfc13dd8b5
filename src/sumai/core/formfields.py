"""Form fields every app's forms share."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.formats import number_format


def nfkc(value: Any) -> str:
    """What a Japanese keyboard types (full-width letters, digits, ＠, spaces) as plain text, trimmed."""
    return unicodedata.normalize("NFKC", str(value or "")).strip()


class NFKCEmailField(forms.EmailField):
    """An e-mail field that reads ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ as taro@example.jp."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(nfkc(value))).lower()


class ModelIdsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A multiple choice of records by id that refuses ids no 64-bit column holds (SQLite raised
    ``OverflowError``, a 500, on 2**64) before it asks the database (``sumai.core.converters``)."""

    def clean(self, value: Any) -> Any:
        from django.core.exceptions import ValidationError

        from sumai.core.converters import ID_DIGITS

        for item in value or []:
            text = str(item)
            if not text.isdigit() or len(text) > ID_DIGITS:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:20]}
                )
        return super().clean(value)


def _check_limit(validator: validators.BaseValidator, value: Any) -> None:
    """Django's check of a bound, with the limit written as people read it in the page's language:
    "10,000,000" (10.000.000 in Vietnamese), not Django's "10000000" (a walk read
    「10000000以下の数を入力してください」)."""
    cleaned = validator.clean(value)
    limit = validator.limit_value() if callable(validator.limit_value) else validator.limit_value
    if validator.compare(cleaned, limit):
        shown = number_format(limit, force_grouping=True)
        params = {"limit_value": shown, "show_value": cleaned, "value": value}
        raise ValidationError(validator.message, code=validator.code, params=params)


class MaxValueValidator(validators.MaxValueValidator):
    """Django's, with the limit written with its thousands grouped (``_check_limit``)."""

    def __call__(self, value: Any) -> None:
        _check_limit(self, value)


class MinValueValidator(validators.MinValueValidator):
    """Django's, with the limit written with its thousands grouped (``_check_limit``)."""

    def __call__(self, value: Any) -> None:
        _check_limit(self, value)
