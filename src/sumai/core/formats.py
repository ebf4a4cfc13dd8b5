"""How numbers and lists are written for people, the same on every page: a floor area (``area``), a list
(``join_list``) and a word with a note in brackets (``aside``), each the active language's way."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import get_language

_CENT = Decimal("0.01")


def area(value: object) -> str:
    """A floor area in m² as people read it, on every page (search results, a home's page, the landlord's
    and the caseworker's pages, findings): at most two decimals, trailing zeros dropped — 18, 18.1, 18.25 —
    with the active language's decimal mark (18,1 in Portuguese). The unit (m²) is the caller's. Empty for
    nothing; a value that is not a number as it is."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    exponent = number.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number_format(number, decimal_pos=decimals)


def _east_asian() -> bool:
    """Japanese (easy Japanese too) and Chinese write 、 and full-width brackets; the others do not."""
    return (get_language() or "ja").lower().startswith(("ja", "zh"))


def join_list(items: Iterable[object]) -> str:
    """Items joined the active language's way: 、 in Japanese and Chinese, ", " in the others."""
    return ("、" if _east_asian() else ", ").join(str(i) for i in items)


def sentences(parts: Iterable[object]) -> str:
    """Sentences one after another: a space between them, none after Japanese or Chinese 。."""
    return ("" if _east_asian() else " ").join(str(p) for p in parts if p)


def aside(text: object, note: object) -> str:
    """``text`` with ``note`` in brackets the active language's way: ``入居不可（孤独死の不安）`` in
    Japanese and Chinese, ``Declined (worried …)`` in the others; ``text`` alone when there is no note."""
    if note is None or note == "":
        return str(text)
    return f"{text}（{note}）" if _east_asian() else f"{text} ({note})"
