"""Form fields every app's forms share."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms


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
