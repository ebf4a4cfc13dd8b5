"""How numbers and lists are written for people, the same on every page: a floor area (``area``), a list
(``join_list``) and a word with a note in brackets (``aside``), each the active language's way; and how an
amount of yen typed by a person is read, the same in every form (``yen_text``)."""

from __future__ import annotations

import re
import unicodedata
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


# 50.000 — thousands grouped with dots, as Portuguese and Vietnamese write them (a yen amount has no decimals,
# so the dots cannot be a decimal mark); an optional ",00" of cents after them.
_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,0{1,2})?")


def typed_number(value: object, *, dot_thousands: bool = False) -> str:
    """A number as people type it, as plain ASCII for a field to read: full-width digits (an IME's
    ``５００００``), thousands separators (``50,000``; with ``dot_thousands`` also ``50.000`` as written in
    Portuguese and Vietnamese), 円 / ¥, spaces, and 万 (``8万`` = 80000, ``7.5万`` = 75000). Anything else is
    left as it is, for the field to refuse with its message."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()
    text = text.replace("円", "").replace("¥", "").replace(" ", "")
    if dot_thousands and _DOT_GROUPED.fullmatch(text):
        text = text.split(",")[0].replace(".", "")
    text = text.replace(",", "")
    if text.endswith("万"):
        try:
            amount = Decimal(text[:-1]) * 10_000
        except (ArithmeticError, ValueError):
            return text
        return str(int(amount)) if amount == amount.to_integral_value() else str(amount)
    return text


def yen_text(value: object) -> str:
    """An amount of yen as typed (:func:`typed_number`): a yen amount has no decimals, so ``50.000`` is fifty
    thousand yen, as Portuguese and Vietnamese write it (it was read as 50 yen: no home found)."""
    return typed_number(value, dot_thousands=True)


YES = frozenset({"1", "true", "yes", "on", "y", "t"})
"""The values that say yes (after NFKC and lower case): a ticked box sends ``on``, an API client ``true``."""
NO = frozenset({"", "0", "false", "no", "off", "n", "f"})
"""The values that say no."""


def yes_no(value: object) -> bool | None:
    """A yes or no as written in a query string or a form: ``True`` for a value of :data:`YES`, ``False``
    for one of :data:`NO` (full-width, any case, spaces around), ``None`` for anything else (``maybe``,
    ``2``, ``はい``), which the caller refuses naming the accepted values — never read as yes."""
    if isinstance(value, bool):
        return value
    folded = unicodedata.normalize("NFKC", "" if value is None else str(value)).strip().lower()
    if folded in YES:
        return True
    if folded in NO:
        return False
    return None


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
