"""Subsidies for セーフティネット専用住宅: calculators, the cap ledger, and the JSON entry point.

Three programmes, each with dated parameters in ``params/subsidy_*.toml`` (the FY2021 set comes from the
MLIT seed, p.6):

- renovation (改修費補助): national direct 1/3 (補助金), or through a local government national 1/3 +
  local 1/3 (交付金); national cap per unit, raised for works ①–⑤, an elevator and childcare facilities;
- rent reduction (家賃低廉化補助): national 1/2 + local 1/2 of the monthly reduction, each capped per month;
  tenant 政令月収 at most the limit; at most 10 years;
- guarantee-fee reduction (家賃債務保証料等低廉化): national 1/2 + local 1/2 of the fee paid at move-in, each
  capped per tenancy contract;

and the combined national cap for rent reduction + guarantee-fee reduction per unit (2,400,000 yen in FY2021).

Money is ``int`` yen. Every share is rounded **down to the yen** (floor), so public money never exceeds a rate
or a cap and the yen left over falls to the owner. A local share is modelled as equal to the national one
(the seed's 国1/3 + 地方1/3 and 国1/2 + 地方1/2) with the same caps; a local government's own top-ups are a
separate local programme, not modelled here.

The calculators are :mod:`sumai.domain.subsidy_calculators`, the cap ledger of payments per unit
:mod:`sumai.domain.subsidy_ledger`, and what they share (programmes, parameters, rounding, the combined
cap) :mod:`sumai.domain.subsidy_params`. This module re-exports their public names and reads a request
from JSON for the CLI and the API (:func:`subsidy_json`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sumai.domain.dates import fiscal_year_start
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.subsidy_calculators import (
    Channel,
    GuaranteeFeeRequest,
    RenovationRequest,
    RenovationWork,
    RentReductionRequest,
    Step,
    SubsidyResult,
    WorkItem,
    add_years,
    guarantee_fee_subsidy,
    management_until,
    renovation_subsidy,
    rent_reduction_subsidy,
)
from sumai.domain.subsidy_ledger import LedgerStatus, Payment, ledger
from sumai.domain.subsidy_params import (
    REF_OCCUPANCY,
    REF_RENOVATION,
    REF_SEED,
    CombinedCap,
    Program,
    add_months,
    combined_cap,
    load_program,
    share,
)

__all__ = [
    "REF_OCCUPANCY",
    "REF_RENOVATION",
    "REF_SEED",
    "Channel",
    "CombinedCap",
    "GuaranteeFeeRequest",
    "LedgerStatus",
    "Payment",
    "Program",
    "RenovationRequest",
    "RenovationWork",
    "RentReductionRequest",
    "Step",
    "SubsidyResult",
    "WorkItem",
    "add_months",
    "add_years",
    "combined_cap",
    "fiscal_year_start",
    "guarantee_fee_subsidy",
    "ledger",
    "management_until",
    "renovation_subsidy",
    "rent_reduction_subsidy",
    "share",
    "subsidy_json",
]


# ---------------------------------------------------------------------------------------------- JSON


def _mapping(value: object, path: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InputError(path, "must be an object")
    return value


def _get(data: Mapping[str, object], key: str, path: str | None = None) -> object:
    if data.get(key) is None:
        raise InputError(path or key, "is required")
    return data[key]


def _int(value: object, path: str, *, minimum: int = 0, maximum: int = 10**12) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(path, "must be an integer")
    if value < minimum:
        raise InputError(path, f"must be at least {minimum}")
    if value > maximum:
        raise InputError(path, f"must be at most {maximum}")
    return value


def _opt_int(data: Mapping[str, object], key: str, default: int, **kw: Any) -> int:
    return default if data.get(key) is None else _int(data[key], key, **kw)


def _bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(path, "must be true or false")
    return value


def _date(value: object, path: str) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise InputError(path, "must be a date YYYY-MM-DD")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise InputError(path, "is not a real date YYYY-MM-DD") from None
    if not 1900 <= parsed.year <= 2999:  # 9999-12-31 + the management years overflowed (a 500)
        raise InputError(path, "must be a date between 1900-01-01 and 2999-12-31")
    return parsed


def _choice(value: object, path: str, choices: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise InputError(path, f"must be one of {', '.join(choices)}")
    return value


def _renovation_request(data: Mapping[str, object]) -> RenovationRequest:
    works_raw = _get(data, "works")
    if not isinstance(works_raw, list):
        raise InputError("works", "must be a list")
    works: list[WorkItem] = []
    for i, raw in enumerate(works_raw):
        item = _mapping(raw, f"works[{i}]")
        code = _choice(_get(item, "code", f"works[{i}].code"), f"works[{i}].code", list(RenovationWork))
        cost = _int(_get(item, "cost", f"works[{i}].cost"), f"works[{i}].cost")
        works.append(WorkItem(RenovationWork(code), cost))
    start = data.get("management_start")
    return RenovationRequest(
        works=tuple(works),
        units=_int(_get(data, "units"), "units", minimum=1, maximum=100_000),
        channel=Channel(_choice(_get(data, "channel"), "channel", list(Channel))),
        elevator=False if data.get("elevator") is None else _bool(data["elevator"], "elevator"),
        childcare_facilities=_opt_int(data, "childcare_facilities", 0, maximum=1_000),
        management_start=None if start is None else _date(start, "management_start"),
    )


def subsidy_json(payload: Mapping[str, object]) -> dict[str, object]:
    """JSON entry point for the CLI and the API.

    Common fields: ``program`` (``renovation`` | ``rent_reduction`` | ``guarantee_fee``) and ``fiscal_year``
    (e.g. 2021; the parameters in force on 1 April of it). Then per programme:

    - renovation: ``channel`` (``direct`` | ``local``), ``units`` (≥ 1), ``works`` (list of ``{"code",
      "cost"}``, codes of :class:`RenovationWork`), ``elevator``? (bool), ``childcare_facilities``? (int),
      ``management_start``? (``YYYY-MM-DD``; adds ``management_until``);
    - rent_reduction: ``monthly_reduction``, ``tenant_monthly_income``, ``dedicated`` (bool), ``months``?
      (default 1), ``months_already_subsidised``?, ``national_paid_to_date``?, ``local_paid_to_date``?;
    - guarantee_fee: ``fee``, ``tenant_monthly_income``, ``dedicated``, ``national_paid_to_date``?,
      ``local_paid_to_date``?.

    Returns ``{"national", "local", "owner", "breakdown": [{"code", "amount"}], "findings": [...]}``.
    Bad input raises :class:`InputError` naming the field.
    """
    data = _mapping(payload, "payload")
    program = Program(_choice(_get(data, "program"), "program", list(Program)))
    fiscal_year = _int(_get(data, "fiscal_year"), "fiscal_year", minimum=1, maximum=9998)
    on = fiscal_year_start(fiscal_year)
    try:
        load_program(program, on)
        if program != Program.RENOVATION:
            combined_cap(on)
    except ParameterError:
        raise InputError("fiscal_year", f"no {program} parameters for fiscal year {fiscal_year}") from None
    result: SubsidyResult
    if program == Program.RENOVATION:
        result = renovation_subsidy(_renovation_request(data), on=on)
    elif program == Program.RENT_REDUCTION:
        request = RentReductionRequest(
            monthly_reduction=_int(_get(data, "monthly_reduction"), "monthly_reduction"),
            tenant_monthly_income=_int(_get(data, "tenant_monthly_income"), "tenant_monthly_income"),
            dedicated=_bool(_get(data, "dedicated"), "dedicated"),
            months=_opt_int(data, "months", 1, minimum=1, maximum=1_200),
            months_already_subsidised=_opt_int(data, "months_already_subsidised", 0, maximum=1_200),
            national_paid_to_date=_opt_int(data, "national_paid_to_date", 0),
            local_paid_to_date=_opt_int(data, "local_paid_to_date", 0),
        )
        result = rent_reduction_subsidy(request, on=on)
    else:
        result = guarantee_fee_subsidy(
            GuaranteeFeeRequest(
                fee=_int(_get(data, "fee"), "fee"),
                tenant_monthly_income=_int(_get(data, "tenant_monthly_income"), "tenant_monthly_income"),
                dedicated=_bool(_get(data, "dedicated"), "dedicated"),
                national_paid_to_date=_opt_int(data, "national_paid_to_date", 0),
                local_paid_to_date=_opt_int(data, "local_paid_to_date", 0),
            ),
            on=on,
        )
    return result.as_dict()
