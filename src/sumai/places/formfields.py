"""Form fields of places every app's forms share."""

from __future__ import annotations

from typing import Any

from django import forms

from sumai.places.models import Municipality, Prefecture
from sumai.places.selectors import municipality_label, with_romaji


class PrefectureField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A prefecture, named with its rōmaji on pages in other languages (「北海道 (Hokkaido)」)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Prefecture.objects.order_by("code"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return with_romaji(obj.name, obj.romaji)


class MunicipalityField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A municipality or ward, named with its rōmaji on pages in other languages (「千代田区 (Chiyoda-ku)」,
    「札幌市北区 (Sapporo-shi Kita-ku)」), from the same reference data as the prefectures."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Municipality.objects.none())
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return municipality_label(obj.code, obj.name)
