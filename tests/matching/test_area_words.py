"""The matching's reasons write floor areas as every page does (30.5 m², 30 m²: sumai.core.formats.area)."""

from __future__ import annotations

from django.utils import translation

from sumai.matching.words import TEXTS


def test_the_matching_reason_writes_areas_without_trailing_zeros():
    with translation.override("ja"):
        words = TEXTS["matching.in.area"]({"area": "30.50", "minimum": "30.00"})
    assert words == "30.5 m²（世帯の最低居住面積水準 30 m² 以上）"
