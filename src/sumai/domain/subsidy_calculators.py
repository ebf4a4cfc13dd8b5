"""The three subsidy calculators for セーフティネット専用住宅: renovation, rent and guarantee-fee reduction.

Each takes a request and the date whose parameters apply and returns a :class:`SubsidyResult`: what the
national government, the local government and the owner each bear, a breakdown of the calculation and the
findings (an error makes the claim ineligible, a warning says a cap was reached). Rent and guarantee-fee
reductions also respect the combined cap per unit, given what was paid to date. :mod:`sumai.domain.subsidies`
re-exports every public name here and reads requests from JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Any

from sumai.domain.findings import Finding, Severity
from sumai.domain.subsidy_conditions import (
    exclusion_findings,
    renovation_conditions,
)
from sumai.domain.subsidy_params import (
    REF_OCCUPANCY,
    REF_RENOVATION,
    combined_cap,
    load_program,
    rate_param,
    share,
    yen_param,
)


class Channel(StrEnum):
    """How a renovation subsidy flows: national direct (補助金) or through a local government (交付金)."""

    DIRECT = "direct"
    LOCAL = "local"


class RenovationWork(StrEnum):
    """Renovation works (補助対象工事) of every year's list: ①–⑧ of FY2021 and [1]–[9] of FY2025. Which are
    eligible in a year is the ``[works]`` table of that year's parameter file."""

    SHARED_LIVING_CONVERSION = "shared_living_conversion"  # ① 共同居住用住居への用途変更・間取り変更
    BARRIER_FREE = "barrier_free"  # ② バリアフリー改修 (外構部分含む)
    FIRE_SAFETY = "fire_safety"  # ③ 防火・消火対策工事
    CHILD_REARING = "child_rearing"  # ④ 子育て世帯対応改修
    SEISMIC = "seismic"  # ⑤ 耐震改修
    NEW_NORMAL = "new_normal"  # ⑥ 「新たな日常」に対応するための工事
    MINIMUM_HABITABILITY = "minimum_habitability"  # ⑦ 居住のために最低限必要と認められた工事
    COUNCIL_APPROVED = "council_approved"  # ⑧ 居住支援協議会等が必要と認める改修工事
    COMMON_SPACE = "common_space"  # FY2025 [6] 交流スペース
    ENERGY_SAVING = "energy_saving"  # FY2025 [7] 省エネ
    SAFETY_MONITORING = "safety_monitoring"  # FY2025 [8] 安否確認設備
    SOUNDPROOFING = "soundproofing"  # FY2025 [9] 防音・遮音


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


def add_years(start: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def management_until(start: date, *, on: date) -> date:
    """The last day the unit must be managed as 専用住宅 (要配慮者専用住宅としての管理期間) after a renovation
    subsidy: ``management_years`` (10 in FY2021) from ``start``, i.e. the day before the anniversary."""
    years = yen_param(load_program("renovation", on)["obligations"]["management_years"], "management_years")
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
    dedicated: bool | None = None  # registered as 専用住宅 (required by the FY2025 rules)
    rent_after: int | None = None  # the monthly rent after the works
    public_housing_rent: int | None = (
        None  # 公営住宅に準じた家賃 for the unit (the local government's figure)
    )
    applied_on: date | None = None


def renovation_subsidy(request: RenovationRequest, *, on: date) -> SubsidyResult:
    """改修費補助: the national and local shares of a renovation project and what the owner bears."""
    pset = load_program("renovation", on)
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

    findings.extend(
        renovation_conditions(
            dict(pset.data.get("obligations") or {}),
            dedicated=request.dedicated,
            rent_after=request.rent_after,
            public_housing_rent=request.public_housing_rent,
            applied_on=request.applied_on,
        )
    )
    base_cap = cap = yen_param(caps["base_per_unit_yen"], "base_per_unit_yen") * request.units
    steps.append(Step("renovation.cap.base", cap))
    major = {RenovationWork(str(w)) for w in caps["major_works"]}
    if done & major:
        extra = yen_param(caps["major_works_per_unit_yen"], "major_works_per_unit_yen") * request.units
        steps.append(Step("renovation.cap.major_works", extra))
        cap += extra
    for asked, key in (
        (request.elevator, "elevator_per_unit_yen"),
        (request.childcare_facilities, "childcare_facility_yen"),
    ):
        if asked and key not in caps:
            findings.append(
                Finding(
                    "subsidy.renovation.not_in_year_rules",
                    Severity.WARNING,
                    "subsidies.renovation.not_in_year_rules",
                    REF_RENOVATION,
                    key,
                )
            )
    if request.elevator and "elevator_per_unit_yen" in caps:
        if RenovationWork(str(caps["elevator_work"])) in done:
            extra = yen_param(caps["elevator_per_unit_yen"], "elevator_per_unit_yen") * request.units
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
    if request.childcare_facilities and "childcare_facility_yen" in caps:
        if RenovationWork(str(caps["childcare_work"])) in done:
            extra = yen_param(caps["childcare_facility_yen"], "childcare_facility_yen") * (
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
        national_rate, local_rate = rate_param(rates["direct_national"], "direct_national"), Fraction(0)
    else:
        national_rate = rate_param(rates["local_national"], "local_national")
        local_rate = rate_param(rates["local_local"], "local_local")
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
        if caps.get("major_works_amount_from_memory") and cap > base_cap and national_by_rate > base_cap:
            # the raised limit changes the answer, and its amount is from memory (REFERENCE.md [M])
            findings.append(
                Finding(
                    "subsidy.renovation.raised_cap_from_memory",
                    Severity.WARNING,
                    "subsidies.renovation.raised_cap_from_memory",
                    REF_RENOVATION + " [M]",
                    min(national_by_rate, cap),
                    base_cap,
                )
            )
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
    extended: bool = False  # the local government continues the subsidy beyond 10 years (up to 20)
    tenant_exclusions: tuple[str, ...] = ()  # e.g. public_assistance: see TENANT_EXCLUSIONS


@dataclass(frozen=True, slots=True)
class GuaranteeFeeRequest:
    """A claim of 家賃債務保証料等低廉化 for the guarantee fee paid when a tenant moves in (one contract)."""

    fee: int
    tenant_monthly_income: int
    dedicated: bool
    national_paid_to_date: int = 0
    local_paid_to_date: int = 0
    costs: tuple[tuple[str, int], ...] = ()  # (cost code, yen) when given item by item (then ``fee`` is 0)
    tenant_exclusions: tuple[str, ...] = ()


def _tenant_findings(request: RentReductionRequest | GuaranteeFeeRequest, pset: Any) -> list[Finding]:
    """The occupancy programmes' conditions on the home and the tenant: 専用住宅, income, exclusions."""
    return (
        _dedicated_findings(request.dedicated)
        + _income_findings(
            request.tenant_monthly_income,
            yen_param(pset["tenant"]["max_monthly_income_yen"], "max_monthly_income_yen"),
        )
        + exclusion_findings(request.tenant_exclusions, dict(pset["tenant"]))
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
    pset = load_program("rent_reduction", on)
    rates, caps = pset["rates"], pset["caps"]
    total = request.monthly_reduction * request.months
    steps = [Step("rent_reduction.reduction_total", total)]
    findings = _tenant_findings(request, pset)
    max_months = yen_param(caps["max_months"], "max_months")
    if request.extended:
        if "extended_max_months" in caps:
            max_months = yen_param(caps["extended_max_months"], "extended_max_months")
            every = yen_param(caps.get("reexamine_every_months", 0), "reexamine_every_months")
            first, last = (
                request.months_already_subsidised,
                request.months_already_subsidised + request.months,
            )
            base = yen_param(caps["max_months"], "max_months")
            due = [
                m
                for m in range(first + 1, min(last, max_months) + 1)
                if m == base + 1 or (every and m > 1 and (m - 1) % every == 0)
            ]
            if due:
                findings.append(
                    Finding(
                        "subsidy.rent_reduction.reexamination_due",
                        Severity.WARNING,
                        "subsidies.rent_reduction.reexamination_due",
                        REF_OCCUPANCY + " 補助継続審査",
                        due[0],
                        every,
                    )
                )
        else:
            findings.append(
                Finding(
                    "subsidy.renovation.not_in_year_rules",
                    Severity.WARNING,
                    "subsidies.renovation.not_in_year_rules",
                    REF_OCCUPANCY,
                    "extended_max_months",
                )
            )
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

    national_cap = yen_param(caps["national_per_month_yen"], "national_per_month_yen")
    local_cap = yen_param(caps["local_per_month_yen"], "local_per_month_yen")
    national_by_rate = share(request.monthly_reduction, rate_param(rates["national"], "national"))
    national_month = min(national_by_rate, national_cap)
    local_month = min(share(request.monthly_reduction, rate_param(rates["local"], "local")), local_cap)
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
    pset = load_program("guarantee_fee", on)
    rates, caps = pset["rates"], pset["caps"]
    findings = _tenant_findings(request, pset)
    fee, paid = request.fee, request.fee
    if request.costs:
        costs = dict(pset.data.get("costs") or {})
        eligible = {str(c) for c in costs.get("eligible", ["guarantee_fee"])}
        from_memory = {str(c) for c in costs.get("added_from_memory", [])}
        fee, paid = 0, sum(amount for _code, amount in request.costs)
        for code, amount in request.costs:
            if code in eligible:
                fee += amount
                if code in from_memory and amount:
                    findings.append(
                        Finding(
                            "subsidy.guarantee_fee.cost_from_memory",
                            Severity.WARNING,
                            "subsidies.guarantee_fee.cost_from_memory",
                            REF_OCCUPANCY + " (2024年4月から, [M])",
                            code,
                        )
                    )
            else:
                findings.append(
                    Finding(
                        "subsidy.guarantee_fee.cost_not_eligible",
                        Severity.WARNING,
                        "subsidies.guarantee_fee.cost_not_eligible",
                        REF_OCCUPANCY,
                        code,
                    )
                )
    steps = [Step("guarantee_fee.fee", fee)]
    if paid != fee:
        steps.append(Step("guarantee_fee.not_eligible", paid - fee))
    if any(f.severity == Severity.ERROR for f in findings):
        steps.append(Step("guarantee_fee.owner", paid))
        return SubsidyResult(0, 0, paid, tuple(steps), tuple(findings))
    national_cap = yen_param(caps["national_per_contract_yen"], "national_per_contract_yen")
    local_cap = yen_param(caps["local_per_contract_yen"], "local_per_contract_yen")
    national_by_rate = share(fee, rate_param(rates["national"], "national"))
    local_by_rate = share(fee, rate_param(rates["local"], "local"))
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
    owner = paid - national - local
    steps += [Step("guarantee_fee.national", national), Step("guarantee_fee.local", local)]
    steps.append(Step("guarantee_fee.owner", owner))
    return SubsidyResult(national, local, owner, tuple(steps), tuple(findings))
