"""What the subsidy calculators and the cap ledger share: the programmes, their parameter files, the
references, the rounding, and the combined cap per unit.

Each programme's numbers live in dated ``params/subsidy_<programme>.toml`` files (the FY2021 set from the
MLIT seed, p.6); :func:`load_program` picks the file in force on a date. Every share is rounded down to the
yen (:func:`share`). The calculators are :mod:`sumai.domain.subsidies`, the ledger
:mod:`sumai.domain.subsidy_ledger`; :mod:`sumai.domain.subsidies` re-exports the public names of all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from sumai.domain import params
from sumai.domain.errors import ParameterError

REF_SEED = "MLIT 住宅セーフティネット制度 (2022) p.6"
REF_RENOVATION = "住宅確保要配慮者専用賃貸住宅改修事業 (" + REF_SEED + ")"
REF_OCCUPANCY = "家賃低廉化・家賃債務保証料等低廉化 (" + REF_SEED + ")"


class Program(StrEnum):
    RENOVATION = "renovation"
    RENT_REDUCTION = "rent_reduction"
    GUARANTEE_FEE = "guarantee_fee"


def rate_param(value: object, where: str) -> Fraction:
    """A rate of a parameter file (``"1/3"``), between 0 and 1."""
    try:
        out = Fraction(str(value))
    except (ValueError, ZeroDivisionError) as exc:
        raise ParameterError(f"{where}: not a rate: {value!r}") from exc
    if not 0 <= out <= 1:
        raise ParameterError(f"{where}: a rate must lie between 0 and 1")
    return out


def yen_param(value: object, where: str) -> int:
    """An amount of yen (or a count) of a parameter file: a non-negative integer."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ParameterError(f"{where}: expected a non-negative integer of yen, got {value!r}")
    return value


def share(amount: int, rate: Fraction) -> int:
    """``amount × rate`` rounded down to the yen."""
    return (amount * rate.numerator) // rate.denominator


def load_program(program: str, on: date) -> params.ParameterSet:
    """The parameters of ``program`` (a :class:`Program` or ``combined_cap``) in force on ``on``."""
    return params.load(f"subsidy_{program}", on)


def add_months(start: date, months: int) -> date:
    """The first day of the month ``months`` after ``start``'s month."""
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class CombinedCap:
    national: int
    local: int


def combined_cap(on: date) -> CombinedCap:
    """The per-unit envelope for rent reduction + guarantee-fee reduction (国費の総額 240万円 in FY2021)."""
    caps = params.load("subsidy_combined_cap", on)["caps"]
    return CombinedCap(
        yen_param(caps["national_total_per_unit_yen"], "national_total_per_unit_yen"),
        yen_param(caps["local_total_per_unit_yen"], "local_total_per_unit_yen"),
    )
