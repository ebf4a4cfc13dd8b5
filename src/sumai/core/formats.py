"""How numbers are written for people, the same on every page: a floor area (``area``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

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
