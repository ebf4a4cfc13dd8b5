"""Subsidy calculators and the cap ledger for セーフティネット専用住宅.

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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Any

from sumai.domain import params
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.findings import Finding, Severity

REF_SEED = "MLIT 住宅セーフティネット制度 (2022) p.6"
REF_RENOVATION = "住宅確保要配慮者専用賃貸住宅改修事業 (" + REF_SEED + ")"
REF_OCCUPANCY = "家賃低廉化・家賃債務保証料等低廉化 (" + REF_SEED + ")"


class Program(StrEnum):
    RENOVATION = "renovation"
    RENT_REDUCTION = "rent_reduction"
    GUARANTEE_FEE = "guarantee_fee"


class Channel(StrEnum):
    """How a renovation subsidy flows: national direct (補助金) or through a local government (交付金)."""

    DIRECT = "direct"
    LOCAL = "local"


class RenovationWork(StrEnum):
    """Eligible renovation works (補助対象工事) ①–⑧, FY2021."""

    SHARED_LIVING_CONVERSION = "shared_living_conversion"  # ① 共同居住用住居への用途変更・間取り変更
    BARRIER_FREE = "barrier_free"  # ② バリアフリー改修 (外構部分含む)
    FIRE_SAFETY = "fire_safety"  # ③ 防火・消火対策工事
    CHILD_REARING = "child_rearing"  # ④ 子育て世帯対応改修
    SEISMIC = "seismic"  # ⑤ 耐震改修
    NEW_NORMAL = "new_normal"  # ⑥ 「新たな日常」に対応するための工事
    MINIMUM_HABITABILITY = "minimum_habitability"  # ⑦ 居住のために最低限必要と認められた工事
    COUNCIL_APPROVED = "council_approved"  # ⑧ 居住支援協議会等が必要と認める改修工事


@dataclass(frozen=True, slots=True)
class Step:
    """One line of a calculation: a stable code and an amount in yen."""

    code: str
    amount: int

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "amount": self.amount}


@dataclass(frozen=True, slots=True)
class SubsidyResult:
    """What the national government, the local government and the owner each bear, and why."""

    national: int
    local: int
    owner: int
    breakdown: tuple[Step, ...]
    findings: tuple[Finding, ...] = ()
    management_until: date | None = None

    @property
    def eligible(self) -> bool:
        return all(f.severity != Severity.ERROR for f in self.findings)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "national": self.national,
            "local": self.local,
            "owner": self.owner,
            "breakdown": [s.as_dict() for s in self.breakdown],
            "findings": [f.as_dict() for f in self.findings],
        }
        if self.management_until is not None:
            out["management_until"] = self.management_until.isoformat()
        return out


# ---------------------------------------------------------------------------------------------- helpers


def _fraction(value: object, where: str) -> Fraction:
    try:
        out = Fraction(str(value))
    except (ValueError, ZeroDivisionError) as exc:
        raise ParameterError(f"{where}: not a rate: {value!r}") from exc
    if not 0 <= out <= 1:
        raise ParameterError(f"{where}: a rate must lie between 0 and 1")
    return out


def _yen_param(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ParameterError(f"{where}: expected a non-negative integer of yen, got {value!r}")
    return value


def share(amount: int, rate: Fraction) -> int:
    """``amount × rate`` rounded down to the yen."""
    return (amount * rate.numerator) // rate.denominator


def _load(program: str, on: date) -> params.ParameterSet:
    return params.load(f"subsidy_{program}", on)


def add_years(start: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def add_months(start: date, months: int) -> date:
    """The first day of the month ``months`` after ``start``'s month."""
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def management_until(start: date, *, on: date) -> date:
    """The last day the unit must be managed as 専用住宅 (要配慮者専用住宅としての管理期間) after a renovation
    subsidy: ``management_years`` (10 in FY2021) from ``start``, i.e. the day before the anniversary."""
    years = _yen_param(_load("renovation", on)["obligations"]["management_years"], "management_years")
    return date.fromordinal(add_years(start, years).toordinal() - 1)


def _income_findings(income: int, limit: int) -> list[Finding]:
    if income <= limit:
        return []
    return [
        Finding(
            "subsidy.tenant_income.above_limit",
            Severity.ERROR,
            "subsidies.tenant_income.above_limit",
            "規則1条 (政令月収), " + REF_OCCUPANCY,
            income,
            limit,
        )
    ]


def _dedicated_findings(dedicated: bool) -> list[Finding]:
    if dedicated:
        return []
    return [
        Finding(
            "subsidy.unit.not_dedicated",
            Severity.ERROR,
            "subsidies.unit.not_dedicated",
            REF_OCCUPANCY + " (専用住宅として登録された住宅)",
        )
    ]


# ---------------------------------------------------------------------------------------------- renovation


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One renovation work and its eligible cost (補助対象工事費) in yen."""

    work: RenovationWork
    cost: int


@dataclass(frozen=True, slots=True)
class RenovationRequest:
    """A renovation project: its works, the number of units renovated, and the channel.

    ``elevator`` says an elevator is installed under ② バリアフリー改修; ``childcare_facilities`` counts the
    childcare facilities (子育て支援施設) built alongside under ④. ``management_start`` is the day the units
    start to be managed as 専用住宅, from which the 10-year management obligation runs.
    """

    works: tuple[WorkItem, ...]
    units: int
    channel: Channel
    elevator: bool = False
    childcare_facilities: int = 0
    management_start: date | None = None


def renovation_subsidy(request: RenovationRequest, *, on: date) -> SubsidyResult:
    """改修費補助: the national and local shares of a renovation project and what the owner bears."""
    pset = _load("renovation", on)
    rates, caps = pset["rates"], pset["caps"]
    cost = sum(item.cost for item in request.works)
    done = {item.work for item in request.works}
    steps = [Step("renovation.eligible_cost", cost)]
    findings: list[Finding] = []
    if not request.works or request.units < 1:
        findings.append(
            Finding(
                "subsidy.renovation.no_works", Severity.ERROR, "subsidies.renovation.no_works", REF_RENOVATION
            )
        )

    cap = _yen_param(caps["base_per_unit_yen"], "base_per_unit_yen") * request.units
    steps.append(Step("renovation.cap.base", cap))
    major = {RenovationWork(str(w)) for w in caps["major_works"]}
    if done & major:
        extra = _yen_param(caps["major_works_per_unit_yen"], "major_works_per_unit_yen") * request.units
        steps.append(Step("renovation.cap.major_works", extra))
        cap += extra
    if request.elevator:
        if RenovationWork(str(caps["elevator_work"])) in done:
            extra = _yen_param(caps["elevator_per_unit_yen"], "elevator_per_unit_yen") * request.units
            steps.append(Step("renovation.cap.elevator", extra))
            cap += extra
        else:
            findings.append(
                Finding(
                    "subsidy.renovation.elevator_without_barrier_free",
                    Severity.WARNING,
                    "subsidies.renovation.elevator_without_barrier_free",
                    REF_RENOVATION,
                    str(RenovationWork.BARRIER_FREE),
                )
            )
    if request.childcare_facilities:
        if RenovationWork(str(caps["childcare_work"])) in done:
            extra = _yen_param(caps["childcare_facility_yen"], "childcare_facility_yen") * (
                request.childcare_facilities
            )
            steps.append(Step("renovation.cap.childcare_facility", extra))
            cap += extra
        else:
            findings.append(
                Finding(
                    "subsidy.renovation.childcare_facility_without_child_rearing",
                    Severity.WARNING,
                    "subsidies.renovation.childcare_facility_without_child_rearing",
                    REF_RENOVATION,
                    str(RenovationWork.CHILD_REARING),
                )
            )
    steps.append(Step("renovation.cap.national", cap))

    if request.channel == Channel.DIRECT:
        national_rate, local_rate = _fraction(rates["direct_national"], "direct_national"), Fraction(0)
    else:
        national_rate = _fraction(rates["local_national"], "local_national")
        local_rate = _fraction(rates["local_local"], "local_local")
    if any(f.severity == Severity.ERROR for f in findings):
        national = local = 0
    else:
        national_by_rate = share(cost, national_rate)
        steps.append(Step("renovation.national.by_rate", national_by_rate))
        national = min(national_by_rate, cap)
        local_by_rate = share(cost, local_rate)
        if local_rate:
            steps.append(Step("renovation.local.by_rate", local_by_rate))
        local = min(local_by_rate, cap)
        if national_by_rate >= cap:
            findings.append(
                Finding(
                    "subsidy.renovation.cap_reached",
                    Severity.WARNING,
                    "subsidies.renovation.cap_reached",
                    REF_RENOVATION + " 国費限度額",
                    national_by_rate,
                    cap,
                )
            )
    steps += [
        Step("renovation.national", national),
        Step("renovation.local", local),
        Step("renovation.owner", cost - national - local),
    ]
    until = management_until(request.management_start, on=on) if request.management_start else None
    return SubsidyResult(national, local, cost - national - local, tuple(steps), tuple(findings), until)


# ---------------------------------------------------------------------------------------------- occupancy


@dataclass(frozen=True, slots=True)
class RentReductionRequest:
    """A claim of 家賃低廉化補助 for ``months`` months of ``monthly_reduction`` yen off a 専用住宅's rent.

    ``months_already_subsidised`` counts the months of the subsidy period used before this claim;
    ``national_paid_to_date`` and ``local_paid_to_date`` the money already paid for this unit under rent
    reduction and guarantee-fee reduction together (the combined cap).
    """

    monthly_reduction: int
    tenant_monthly_income: int
    dedicated: bool
    months: int = 1
    months_already_subsidised: int = 0
    national_paid_to_date: int = 0
    local_paid_to_date: int = 0


@dataclass(frozen=True, slots=True)
class GuaranteeFeeRequest:
    """A claim of 家賃債務保証料等低廉化 for the guarantee fee paid when a tenant moves in (one contract)."""

    fee: int
    tenant_monthly_income: int
    dedicated: bool
    national_paid_to_date: int = 0
    local_paid_to_date: int = 0


@dataclass(frozen=True, slots=True)
class CombinedCap:
    national: int
    local: int


def combined_cap(on: date) -> CombinedCap:
    """The per-unit envelope for rent reduction + guarantee-fee reduction (国費の総額 240万円 in FY2021)."""
    caps = params.load("subsidy_combined_cap", on)["caps"]
    return CombinedCap(
        _yen_param(caps["national_total_per_unit_yen"], "national_total_per_unit_yen"),
        _yen_param(caps["local_total_per_unit_yen"], "local_total_per_unit_yen"),
    )


def _combined(
    steps: list[Step],
    findings: list[Finding],
    national: int,
    local: int,
    *,
    national_paid: int,
    local_paid: int,
    on: date,
) -> tuple[int, int]:
    envelope = combined_cap(on)
    national_left = max(0, envelope.national - national_paid)
    local_left = max(0, envelope.local - local_paid)
    steps.append(Step("combined.national_remaining", national_left))
    steps.append(Step("combined.local_remaining", local_left))
    if national > national_left or local > local_left:
        findings.append(
            Finding(
                "subsidy.combined_cap.reached",
                Severity.WARNING,
                "subsidies.combined_cap.reached",
                REF_OCCUPANCY + " 国費の総額",
                national_paid + national,
                envelope.national,
            )
        )
    return min(national, national_left), min(local, local_left)


def rent_reduction_subsidy(request: RentReductionRequest, *, on: date) -> SubsidyResult:
    """家賃低廉化補助: each month national = min(reduction × 1/2, cap), local the same; the owner bears the
    rest of the reduction. Limited to the subsidy period and the combined cap."""
    pset = _load("rent_reduction", on)
    rates, caps = pset["rates"], pset["caps"]
    total = request.monthly_reduction * request.months
    steps = [Step("rent_reduction.reduction_total", total)]
    findings = _dedicated_findings(request.dedicated) + _income_findings(
        request.tenant_monthly_income,
        _yen_param(pset["tenant"]["max_monthly_income_yen"], "max_monthly_income_yen"),
    )
    max_months = _yen_param(caps["max_months"], "max_months")
    months = max(0, min(request.months, max_months - request.months_already_subsidised))
    if months < request.months:
        findings.append(
            Finding(
                "subsidy.rent_reduction.period_exceeded",
                Severity.ERROR if months == 0 else Severity.WARNING,
                "subsidies.rent_reduction.period_exceeded",
                REF_OCCUPANCY + " 補助期間",
                request.months_already_subsidised + request.months,
                max_months,
            )
        )
    steps.append(Step("rent_reduction.months_eligible", months))
    if any(f.severity == Severity.ERROR for f in findings):
        return SubsidyResult(0, 0, total, (*steps, Step("rent_reduction.owner", total)), tuple(findings))

    national_cap = _yen_param(caps["national_per_month_yen"], "national_per_month_yen")
    local_cap = _yen_param(caps["local_per_month_yen"], "local_per_month_yen")
    national_by_rate = share(request.monthly_reduction, _fraction(rates["national"], "national"))
    national_month = min(national_by_rate, national_cap)
    local_month = min(share(request.monthly_reduction, _fraction(rates["local"], "local")), local_cap)
    steps += [Step("rent_reduction.national_per_month", national_month)]
    steps += [Step("rent_reduction.local_per_month", local_month)]
    if national_by_rate >= national_cap:
        findings.append(
            Finding(
                "subsidy.rent_reduction.monthly_cap_reached",
                Severity.WARNING,
                "subsidies.rent_reduction.monthly_cap_reached",
                REF_OCCUPANCY + " 国費上限2万円/月・戸",
                request.monthly_reduction,
                national_cap + local_cap,
            )
        )
    national, local = _combined(
        steps,
        findings,
        national_month * months,
        local_month * months,
        national_paid=request.national_paid_to_date,
        local_paid=request.local_paid_to_date,
        on=on,
    )
    owner = total - national - local
    steps += [Step("rent_reduction.national", national), Step("rent_reduction.local", local)]
    steps.append(Step("rent_reduction.owner", owner))
    return SubsidyResult(national, local, owner, tuple(steps), tuple(findings))


def guarantee_fee_subsidy(request: GuaranteeFeeRequest, *, on: date) -> SubsidyResult:
    """家賃債務保証料等低廉化: national = min(fee × 1/2, cap per contract), local the same. ``owner`` is what
    is left for whoever pays the fee (tenant or landlord)."""
    pset = _load("guarantee_fee", on)
    rates, caps = pset["rates"], pset["caps"]
    steps = [Step("guarantee_fee.fee", request.fee)]
    findings = _dedicated_findings(request.dedicated) + _income_findings(
        request.tenant_monthly_income,
        _yen_param(pset["tenant"]["max_monthly_income_yen"], "max_monthly_income_yen"),
    )
    if any(f.severity == Severity.ERROR for f in findings):
        steps.append(Step("guarantee_fee.owner", request.fee))
        return SubsidyResult(0, 0, request.fee, tuple(steps), tuple(findings))
    national_cap = _yen_param(caps["national_per_contract_yen"], "national_per_contract_yen")
    local_cap = _yen_param(caps["local_per_contract_yen"], "local_per_contract_yen")
    national_by_rate = share(request.fee, _fraction(rates["national"], "national"))
    local_by_rate = share(request.fee, _fraction(rates["local"], "local"))
    steps += [Step("guarantee_fee.national.by_rate", national_by_rate)]
    steps += [Step("guarantee_fee.local.by_rate", local_by_rate)]
    if national_by_rate >= national_cap:
        findings.append(
            Finding(
                "subsidy.guarantee_fee.cap_reached",
                Severity.WARNING,
                "subsidies.guarantee_fee.cap_reached",
                REF_OCCUPANCY + " 国費上限3万円/戸",
                national_by_rate,
                national_cap,
            )
        )
    national, local = _combined(
        steps,
        findings,
        min(national_by_rate, national_cap),
        min(local_by_rate, local_cap),
        national_paid=request.national_paid_to_date,
        local_paid=request.local_paid_to_date,
        on=on,
    )
    owner = request.fee - national - local
    steps += [Step("guarantee_fee.national", national), Step("guarantee_fee.local", local)]
    steps.append(Step("guarantee_fee.owner", owner))
    return SubsidyResult(national, local, owner, tuple(steps), tuple(findings))


# ---------------------------------------------------------------------------------------------- ledger


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
    rent = _load("rent_reduction", granted_on)
    guarantee = _load("guarantee_fee", granted_on)
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
    max_months = _yen_param(rent["caps"]["max_months"], "max_months")
    end_exclusive = add_months(start, max_months)
    end = date.fromordinal(end_exclusive.toordinal() - 1)  # last day of the subsidy period
    national_month_cap = _yen_param(rent["caps"]["national_per_month_yen"], "national_per_month_yen")
    local_month_cap = _yen_param(rent["caps"]["local_per_month_yen"], "local_per_month_yen")
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

    g_national_cap = _yen_param(guarantee["caps"]["national_per_contract_yen"], "national_per_contract_yen")
    g_local_cap = _yen_param(guarantee["caps"]["local_per_contract_yen"], "local_per_contract_yen")
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
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(path, "is not a real date YYYY-MM-DD") from None


def _choice(value: object, path: str, choices: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise InputError(path, f"must be one of {', '.join(choices)}")
    return value


def fiscal_year_start(fiscal_year: int) -> date:
    """A Japanese fiscal year (年度) starts on 1 April."""
    return date(fiscal_year, 4, 1)


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
        _load(program, on)
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
