"""The cap ledger of one subsidised unit: given the payments made so far, what may still be paid.

Rent reduction is capped per month and limited to a subsidy period, the guarantee-fee reduction per tenancy
contract, and both together by the combined envelope per unit (国費の総額, 2,400,000 yen in FY2021). The
parameters are those of the year the subsidy was granted (:mod:`sumai.domain.subsidy_params`). Renovation
is capped per project by :func:`sumai.domain.subsidies.renovation_subsidy`, not here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sumai.domain.errors import InputError
from sumai.domain.findings import Finding, Severity
from sumai.domain.subsidy_params import (
    REF_OCCUPANCY,
    Program,
    add_months,
    combined_cap,
    load_program,
    yen_param,
)


@dataclass(frozen=True, slots=True)
class Payment:
    """A payment made for one unit. A rent-reduction payment counts against the month of ``paid_on``; a
    guarantee-fee payment against its tenancy ``contract`` (``None``: the unit's only contract)."""

    paid_on: date
    program: Program
    national: int
    local: int
    contract: str | None = None


@dataclass(frozen=True, slots=True)
class LedgerStatus:
    """What may still be paid for a unit: in ``month`` (rent reduction), for ``contract`` (guarantee fee),
    and in total under the combined envelope. All amounts are ≥ 0."""

    month: date
    rent_national_this_month: int
    rent_local_this_month: int
    guarantee_national: int
    guarantee_local: int
    national_total_remaining: int
    local_total_remaining: int
    rent_period_start: date | None
    rent_period_end: date | None
    findings: tuple[Finding, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "month": self.month.isoformat()[:7],
            "rent_national_this_month": self.rent_national_this_month,
            "rent_local_this_month": self.rent_local_this_month,
            "guarantee_national": self.guarantee_national,
            "guarantee_local": self.guarantee_local,
            "national_total_remaining": self.national_total_remaining,
            "local_total_remaining": self.local_total_remaining,
            "rent_period_start": self.rent_period_start.isoformat() if self.rent_period_start else None,
            "rent_period_end": self.rent_period_end.isoformat() if self.rent_period_end else None,
            "findings": [f.as_dict() for f in self.findings],
        }


def _over(code: str, value: int | str, limit: int | str) -> Finding:
    return Finding(code, Severity.ERROR, f"subsidies.{code}", REF_OCCUPANCY, value, limit)


def ledger(
    payments: Iterable[Payment],
    *,
    month: date,
    granted_on: date,
    contract: str | None = None,
    period_start: date | None = None,
) -> LedgerStatus:
    """The cap ledger of one unit: given the payments so far, what may still be paid.

    ``granted_on`` picks the parameter set (the rules of the year the subsidy was granted). The rent
    subsidy period runs ``max_months`` calendar months from ``period_start`` (default: the month of the
    first rent-reduction payment, or ``month``). Payments already beyond a cap yield an error finding and
    nothing more may be paid. Renovation is capped per project by :func:`renovation_subsidy`, not here.
    """
    rent = load_program("rent_reduction", granted_on)
    guarantee = load_program("guarantee_fee", granted_on)
    envelope = combined_cap(granted_on)
    this_month = month.replace(day=1)
    items = list(payments)
    for i, p in enumerate(items):
        if p.program == Program.RENOVATION:
            raise InputError(f"payments[{i}].program", "renovation is not a ledger programme")
    items = [p for p in items if p.national or p.local]  # a zero payment uses no cap and starts no period
    rent_items = [p for p in items if p.program == Program.RENT_REDUCTION]
    findings: list[Finding] = []

    national_paid = sum(p.national for p in items)
    local_paid = sum(p.local for p in items)
    national_left = max(0, envelope.national - national_paid)
    local_left = max(0, envelope.local - local_paid)
    if national_paid > envelope.national:
        findings.append(_over("ledger.combined_national.exceeded", national_paid, envelope.national))
    if local_paid > envelope.local:
        findings.append(_over("ledger.combined_local.exceeded", local_paid, envelope.local))

    start = period_start or min((p.paid_on for p in rent_items), default=this_month)
    start = start.replace(day=1)
    max_months = yen_param(rent["caps"]["max_months"], "max_months")
    end_exclusive = add_months(start, max_months)
    end = date.fromordinal(end_exclusive.toordinal() - 1)  # last day of the subsidy period
    national_month_cap = yen_param(rent["caps"]["national_per_month_yen"], "national_per_month_yen")
    local_month_cap = yen_param(rent["caps"]["local_per_month_yen"], "local_per_month_yen")
    by_month: dict[date, tuple[int, int]] = {}
    for p in rent_items:
        key = p.paid_on.replace(day=1)
        n, loc = by_month.get(key, (0, 0))
        by_month[key] = (n + p.national, loc + p.local)
        if not start <= key < end_exclusive:
            findings.append(
                _over("ledger.rent_reduction.outside_period", key.isoformat()[:7], end.isoformat())
            )
    for _month, (n, loc) in sorted(by_month.items()):
        if n > national_month_cap:
            findings.append(_over("ledger.rent_reduction.monthly_national.exceeded", n, national_month_cap))
        if loc > local_month_cap:
            findings.append(_over("ledger.rent_reduction.monthly_local.exceeded", loc, local_month_cap))
    in_period = start <= this_month < end_exclusive
    used_n, used_l = by_month.get(this_month, (0, 0))
    rent_national = min(max(0, national_month_cap - used_n), national_left) if in_period else 0
    rent_local = min(max(0, local_month_cap - used_l), local_left) if in_period else 0

    g_national_cap = yen_param(guarantee["caps"]["national_per_contract_yen"], "national_per_contract_yen")
    g_local_cap = yen_param(guarantee["caps"]["local_per_contract_yen"], "local_per_contract_yen")
    by_contract: dict[str | None, tuple[int, int]] = {}
    for p in items:
        if p.program == Program.GUARANTEE_FEE:
            n, loc = by_contract.get(p.contract, (0, 0))
            by_contract[p.contract] = (n + p.national, loc + p.local)
    for _key, (n, loc) in sorted(by_contract.items(), key=lambda kv: str(kv[0])):
        if n > g_national_cap:
            findings.append(_over("ledger.guarantee_fee.national.exceeded", n, g_national_cap))
        if loc > g_local_cap:
            findings.append(_over("ledger.guarantee_fee.local.exceeded", loc, g_local_cap))
    g_n, g_l = by_contract.get(contract, (0, 0))
    return LedgerStatus(
        month=this_month,
        rent_national_this_month=rent_national,
        rent_local_this_month=rent_local,
        guarantee_national=min(max(0, g_national_cap - g_n), national_left),
        guarantee_local=min(max(0, g_local_cap - g_l), local_left),
        national_total_remaining=national_left,
        local_total_remaining=local_left,
        rent_period_start=start,
        rent_period_end=end,
        findings=tuple(findings),
    )
