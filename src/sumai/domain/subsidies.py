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
from sumai.domain.inputs import check_within_horizon, parse_date, strict_object
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
from sumai.domain.subsidy_conditions import GUARANTEE_COSTS, TENANT_EXCLUSIONS, works_of
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
    "ledger_json",
    "management_until",
    "renovation_subsidy",
    "rent_reduction_subsidy",
    "share",
    "subsidy_json",
]


# ---------------------------------------------------------------------------------------------- JSON


_COMMON_FIELDS = frozenset({"program", "fiscal_year"})
_FIELDS: dict[Program, frozenset[str]] = {
    Program.RENOVATION: _COMMON_FIELDS
    | {
        "channel",
        "units",
        "works",
        "elevator",
        "childcare_facilities",
        "management_start",
        "dedicated",
        "rent_after",
        "public_housing_rent",
        "applied_on",
    },
    Program.RENT_REDUCTION: _COMMON_FIELDS
    | {
        "monthly_reduction",
        "tenant_monthly_income",
        "dedicated",
        "months",
        "months_already_subsidised",
        "national_paid_to_date",
        "local_paid_to_date",
        "extended",
        "tenant_exclusions",
    },
    Program.GUARANTEE_FEE: _COMMON_FIELDS
    | {
        "fee",
        "costs",
        "tenant_monthly_income",
        "dedicated",
        "national_paid_to_date",
        "local_paid_to_date",
        "tenant_exclusions",
    },
}
_WORK_FIELDS = frozenset({"code", "cost"})
_LEDGER_FIELDS = frozenset({"granted_on", "month", "payments", "contract", "period_start"})
_PAYMENT_FIELDS = frozenset({"paid_on", "program", "national", "local", "contract"})


def _mapping(value: object, path: str, allowed: frozenset[str] | None = None) -> Mapping[str, object]:
    if allowed is not None:
        return strict_object(value, path, allowed)
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
        raise InputError(path, "must be at least %(least)s", least=minimum)
    if value > maximum:
        raise InputError(path, "must be at most %(most)s", most=maximum)
    return value


def _opt_int(data: Mapping[str, object], key: str, default: int, **kw: Any) -> int:
    return default if data.get(key) is None else _int(data[key], key, **kw)


def _bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(path, "must be true or false")
    return value


def _date(value: object, path: str, *, not_after: date | None = None, not_after_name: str = "") -> date:
    return parse_date(value, path, not_after=not_after, not_after_name=not_after_name)


def _choice(value: object, path: str, choices: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise InputError(path, "must be one of %(choices)s", choices=", ".join(choices))
    return value


def _renovation_request(data: Mapping[str, object], on: date, fiscal_year: int) -> RenovationRequest:
    works_raw = _get(data, "works")
    if not isinstance(works_raw, list):
        raise InputError("works", "must be a list")
    eligible = list(works_of(on))
    works: list[WorkItem] = []
    for i, raw in enumerate(works_raw):
        item = _mapping(raw, f"works[{i}]", _WORK_FIELDS)
        code = _get(item, "code", f"works[{i}].code")
        if not isinstance(code, str) or code not in eligible:
            raise InputError(
                f"works[{i}].code",
                "must be one of the works of fiscal year %(year)s: %(choices)s",
                year=fiscal_year,
                choices=", ".join(eligible),
            )
        cost = _int(_get(item, "cost", f"works[{i}].cost"), f"works[{i}].cost")
        works.append(WorkItem(RenovationWork(code), cost))
    obligations = load_program(Program.RENOVATION, on).data.get("obligations") or {}
    if obligations.get("dedicated_required") and data.get("dedicated") is None:
        raise InputError(
            "dedicated", "is required for fiscal year %(year)s (the unit must be 専用住宅)", year=fiscal_year
        )
    if obligations.get("rent_after_at_most_public_housing"):
        for key in ("rent_after", "public_housing_rent"):
            if data.get(key) is None:
                raise InputError(
                    key,
                    "is required for fiscal year %(year)s (the post-works rent condition)",
                    year=fiscal_year,
                )
    start = data.get("management_start")
    applied = data.get("applied_on")
    return RenovationRequest(
        works=tuple(works),
        units=_int(_get(data, "units"), "units", minimum=1, maximum=100_000),
        channel=Channel(_choice(_get(data, "channel"), "channel", list(Channel))),
        elevator=False if data.get("elevator") is None else _bool(data["elevator"], "elevator"),
        childcare_facilities=_opt_int(data, "childcare_facilities", 0, maximum=1_000),
        management_start=None if start is None else _date(start, "management_start"),
        dedicated=None if data.get("dedicated") is None else _bool(data["dedicated"], "dedicated"),
        rent_after=None if data.get("rent_after") is None else _int(data["rent_after"], "rent_after"),
        public_housing_rent=(
            None
            if data.get("public_housing_rent") is None
            else _int(data["public_housing_rent"], "public_housing_rent")
        ),
        applied_on=None if applied is None else _date(applied, "applied_on"),
    )


def _codes(data: Mapping[str, object], key: str, allowed: Sequence[str]) -> tuple[str, ...]:
    raw = data.get(key)
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InputError(key, "must be a list")
    return tuple(_choice(v, f"{key}[{i}]", allowed) for i, v in enumerate(raw))


def _costs(data: Mapping[str, object]) -> tuple[tuple[str, int], ...]:
    raw = data.get("costs")
    if raw is None:
        return ()
    costs = _mapping(raw, "costs", frozenset(GUARANTEE_COSTS))
    return tuple((code, _int(amount, f"costs.{code}")) for code, amount in costs.items())


def subsidy_json(payload: Mapping[str, object]) -> dict[str, object]:
    """JSON entry point for the CLI and the API.

    Common fields: ``program`` (``renovation`` | ``rent_reduction`` | ``guarantee_fee``) and ``fiscal_year``
    (e.g. 2021; the parameters in force on 1 April of it). Then per programme:

    - renovation: ``channel`` (``direct`` | ``local``), ``units`` (≥ 1), ``works`` (list of ``{"code",
      "cost"}``, the codes of that year's list), ``elevator``? (bool), ``childcare_facilities``? (int),
      ``management_start``? (``YYYY-MM-DD``; adds ``management_until``); from FY2025 also ``dedicated``,
      ``rent_after`` and ``public_housing_rent`` (required) and ``applied_on``?;
    - rent_reduction: ``monthly_reduction``, ``tenant_monthly_income``, ``dedicated`` (bool), ``months``?
      (default 1), ``months_already_subsidised``?, ``national_paid_to_date``?, ``local_paid_to_date``?,
      ``extended``? (continued beyond 10 years, up to 20, re-examined every 3 years), ``tenant_exclusions``?
      (codes of :data:`TENANT_EXCLUSIONS`);
    - guarantee_fee: ``fee`` or ``costs`` (``{code: yen}``, codes of :data:`GUARANTEE_COSTS`; the year's
      file says which count), ``tenant_monthly_income``, ``dedicated``, ``national_paid_to_date``?,
      ``local_paid_to_date``?, ``tenant_exclusions``?.

    Returns ``{"national", "local", "owner", "breakdown": [{"code", "amount"}], "findings": [...]}``.
    Bad input raises :class:`InputError` naming the field.
    """
    data = _mapping(payload, "payload")
    program = Program(_choice(_get(data, "program"), "program", list(Program)))
    _mapping(payload, "payload", _FIELDS[program])
    fiscal_year = _int(_get(data, "fiscal_year"), "fiscal_year", minimum=1900, maximum=2198)
    on = check_within_horizon(fiscal_year_start(fiscal_year), "fiscal_year")
    try:
        load_program(program, on)
        if program != Program.RENOVATION:
            combined_cap(on)
    except ParameterError:
        raise InputError(
            "fiscal_year",
            "no %(program)s parameters for fiscal year %(year)s",
            program=str(program),
            year=fiscal_year,
        ) from None
    result: SubsidyResult
    if program == Program.RENOVATION:
        result = renovation_subsidy(_renovation_request(data, on, fiscal_year), on=on)
    elif program == Program.RENT_REDUCTION:
        request = RentReductionRequest(
            monthly_reduction=_int(_get(data, "monthly_reduction"), "monthly_reduction"),
            tenant_monthly_income=_int(_get(data, "tenant_monthly_income"), "tenant_monthly_income"),
            dedicated=_bool(_get(data, "dedicated"), "dedicated"),
            months=_opt_int(data, "months", 1, minimum=1, maximum=1_200),
            months_already_subsidised=_opt_int(data, "months_already_subsidised", 0, maximum=1_200),
            national_paid_to_date=_opt_int(data, "national_paid_to_date", 0),
            local_paid_to_date=_opt_int(data, "local_paid_to_date", 0),
            extended=False if data.get("extended") is None else _bool(data["extended"], "extended"),
            tenant_exclusions=_codes(data, "tenant_exclusions", TENANT_EXCLUSIONS),
        )
        result = rent_reduction_subsidy(request, on=on)
    else:
        costs = _costs(data)
        if costs and data.get("fee") is not None:
            raise InputError("costs", "give either fee or costs, not both")
        result = guarantee_fee_subsidy(
            GuaranteeFeeRequest(
                fee=0 if costs else _int(_get(data, "fee"), "fee"),
                costs=costs,
                tenant_exclusions=_codes(data, "tenant_exclusions", TENANT_EXCLUSIONS),
                tenant_monthly_income=_int(_get(data, "tenant_monthly_income"), "tenant_monthly_income"),
                dedicated=_bool(_get(data, "dedicated"), "dedicated"),
                national_paid_to_date=_opt_int(data, "national_paid_to_date", 0),
                local_paid_to_date=_opt_int(data, "local_paid_to_date", 0),
            ),
            on=on,
        )
    return result.as_dict()


def ledger_json(payload: Mapping[str, object]) -> dict[str, object]:
    """JSON entry point of ``sumai rules ledger`` and ``POST /api/v1/rules/ledger``: the cap ledger of one
    unit (:func:`sumai.domain.subsidy_ledger.ledger`).

    Reads ``{"granted_on": "YYYY-MM-DD" (picks the parameters), "month": "YYYY-MM-DD" (any day of the month
    asked about), "payments": [{"paid_on", "program" (rent_reduction | guarantee_fee), "national",
    "local", "contract"?}], "contract"?, "period_start"?}``. ``granted_on`` and every ``paid_on`` must not be
    after the end of ``month``; unknown keys are refused. Returns the :class:`LedgerStatus` as JSON.
    """
    data = _mapping(payload, "payload", _LEDGER_FIELDS)
    month = check_within_horizon(_date(_get(data, "month"), "month"), "month")
    month_end = date.fromordinal(add_months(month, 1).toordinal() - 1)
    granted_on = _date(_get(data, "granted_on"), "granted_on", not_after=month_end, not_after_name="month")
    try:
        load_program(Program.RENT_REDUCTION, granted_on)
        load_program(Program.GUARANTEE_FEE, granted_on)
        combined_cap(granted_on)
    except ParameterError:
        raise InputError(
            "granted_on", "no subsidy parameters in force on %(date)s", date=granted_on.isoformat()
        ) from None
    payments_raw = _get(data, "payments")
    if not isinstance(payments_raw, list):
        raise InputError("payments", "must be a list")
    payments: list[Payment] = []
    ledger_programs = [Program.RENT_REDUCTION, Program.GUARANTEE_FEE]
    for i, raw in enumerate(payments_raw):
        path = f"payments[{i}]"
        item = _mapping(raw, path, _PAYMENT_FIELDS)
        contract_raw = item.get("contract")
        if contract_raw is not None and not isinstance(contract_raw, str):
            raise InputError(f"{path}.contract", "must be a string")
        payments.append(
            Payment(
                paid_on=_date(
                    _get(item, "paid_on", f"{path}.paid_on"),
                    f"{path}.paid_on",
                    not_after=month_end,
                    not_after_name="month",
                ),
                program=Program(
                    _choice(_get(item, "program", f"{path}.program"), f"{path}.program", ledger_programs)
                ),
                national=_int(_get(item, "national", f"{path}.national"), f"{path}.national"),
                local=_int(_get(item, "local", f"{path}.local"), f"{path}.local"),
                contract=contract_raw,
            )
        )
    contract = data.get("contract")
    if contract is not None and not isinstance(contract, str):
        raise InputError("contract", "must be a string")
    period_raw = data.get("period_start")
    return ledger(
        payments,
        month=month,
        granted_on=granted_on,
        contract=contract,
        period_start=None if period_raw is None else _date(period_raw, "period_start"),
    ).as_dict()
