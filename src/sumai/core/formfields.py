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
