"""Place names instead of their codes on pages: ``{% load places_tags %}``, ``{{ code|authority_name }}``."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from sumai.core.formats import join_list
from sumai.places.selectors import authority_map

register = template.Library()


@register.filter
def authority_name(code: str) -> str:
    """The registration authority's name (東京都, 世田谷区) for its local-government code; an unknown code
    stays as it is (it is then a data error worth seeing, not something to hide)."""
    ref = authority_map().get(str(code))
    return ref.name if ref is not None and ref.name else str(code)


@register.filter
def authority_names(codes: Iterable[str]) -> str:
    """Several authorities' names, joined the page language's way (、 in Japanese, ", " in English)."""
    return join_list(authority_name(code) for code in codes)
