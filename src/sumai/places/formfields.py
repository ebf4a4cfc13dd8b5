"""Form fields of places every app's forms share."""

from __future__ import annotations

from typing import Any

from django import forms

from sumai.places.models import Prefecture
from sumai.places.selectors import with_romaji


class PrefectureField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A prefecture, named with its rōmaji on pages in other languages (「北海道 (Hokkaido)」)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Prefecture.objects.order_by("code"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return with_romaji(obj.name, obj.romaji)
