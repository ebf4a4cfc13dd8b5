"""Placement (issue #17, item 4): the lease record, the follow-up schedule after move-in, and whether the
tenancy qualifies for the occupancy subsidies.

* :func:`validate_lease` checks a lease record and returns findings that name the field (bad input never
  reaches the database, DESIGN.md).
* :func:`follow_up_schedule` gives the follow-ups at 1, 6 and 12 months after move-in (the months in
  ``params/placement_*.toml``): the corresponding day of the month (民法143条; the month's last day when it
  has none), moved to the next working day (:func:`sumai.domain.casework.next_working_day`).
  :func:`follow_up_opens_on` is the first day a follow-up may be answered: its due day (less the days of
  grace of the same file, none today) — an answer given earlier does not say whether the tenancy held that
  long, and the outcome figures count tenancies held at 6 and 12 months.
* :func:`subsidy_eligibility` asks the existing subsidy rules — :func:`rent_reduction_subsidy` and
  :func:`guarantee_fee_subsidy` of :mod:`sumai.domain.subsidies` — and shows their findings as reasons; it
  re-implements none of them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sumai.domain import params
from sumai.domain.casework import next_working_day
from sumai.domain.findings import Finding, Severity
from sumai.domain.subsidies import (
    REF_OCCUPANCY,
    GuaranteeFeeRequest,
    Program,
    RentReductionRequest,
    SubsidyResult,
    guarantee_fee_subsidy,
    rent_reduction_subsidy,
)

__all__ = [
    "MAX_YEN",
    "FieldFinding",
    "FollowUp",
    "GuaranteeKind",
    "LeaseRecord",
    "SubsidyEligibility",
    "SubsidyFacts",
    "add_months_on_day",
    "follow_up_answerable",
    "follow_up_opens_on",
    "follow_up_schedule",
    "subsidy_eligibility",
    "validate_lease",
]

MAX_YEN = 10**12
"""The sanity bound on money the domain's JSON readers share (docs/domain.md "Validation")."""

REF_LEASE = "賃貸借契約 (民法601条)"
REF_REGISTERED_TERMS = "法9条1項 (家賃その他賃貸の条件), 法12条 (変更の届出) [M]"


class GuaranteeKind(StrEnum):
    """How the rent is guaranteed under the lease."""

    GUARANTEE_COMPANY = "guarantee_company"  # 家賃債務保証業者
    CERTIFIED_GUARANTOR = "certified_guarantor"  # 認定家賃債務保証業者 (REFERENCE.md §5.3)
    SUPPORT_CORPORATION = "support_corporation"  # 居住支援法人の家賃債務保証 (法62条1号)
    INDIVIDUAL = "individual"  # 連帯保証人 (an individual)
    NONE = "none"  # no guarantee


_PROVIDED = frozenset(
    {GuaranteeKind.GUARANTEE_COMPANY, GuaranteeKind.CERTIFIED_GUARANTOR, GuaranteeKind.SUPPORT_CORPORATION}
)


@dataclass(frozen=True, slots=True)
class LeaseRecord:
    """A lease as the caseworker records it. Money is ``int`` yen a month (``rent``, ``common_fee``) or once
    (``deposit``, ``guarantee_fee``); ``end_on`` only for a fixed-term lease (定期建物賃貸借);
    ``guarantor`` names the company, corporation or person; ``registered_rent`` is the unit's rent in the
    registry, when the unit is registered; ``asked_on`` the day the landlord was asked (the inquiry the
    placement is recorded from was sent), when there was one."""

    signed_on: date
    start_on: date
    move_in_on: date
    rent: int
    common_fee: int
    deposit: int
    guarantee: GuaranteeKind
    guarantor: str = ""
    guarantee_fee: int = 0
    end_on: date | None = None
    registered_rent: int | None = None
    asked_on: date | None = None


@dataclass(frozen=True, slots=True)
class FieldFinding:
    """A finding about one field of the input (``field`` is the field's name, as the form names it)."""

    field: str
    finding: Finding

    @property
    def severity(self) -> Severity:
        return self.finding.severity

    def as_dict(self) -> dict[str, object]:
        return {"field": self.field, **self.finding.as_dict()}


def _f(
    fieldname: str,
    problem: str,
    *,
    ref: str = REF_LEASE,
    severity: Severity = Severity.ERROR,
    value: int | str | None = None,
    limit: int | str | None = None,
) -> FieldFinding:
    code = f"placement.lease.{fieldname}.{problem}"
    return FieldFinding(fieldname, Finding(code, severity, code, ref, value, limit))


def _money(name: str, value: object, *, positive: bool = False) -> list[FieldFinding]:
    if isinstance(value, bool) or not isinstance(value, int):
        return [_f(name, "not_integer")]
    if positive and value <= 0:
        return [_f(name, "not_positive", value=value, limit=1)]
    if value < 0:
        return [_f(name, "negative", value=value, limit=0)]
    if value > MAX_YEN:
        return [_f(name, "too_large", value=value, limit=MAX_YEN)]
    return []


def validate_lease(lease: LeaseRecord, *, recorded_on: date) -> tuple[FieldFinding, ...]:
    """The problems of a lease record, each naming its field (empty: the record is good). Errors:

    - a date that is not a ``date`` (``<field>.not_date``); ``signed_on`` after ``recorded_on`` (the day it is
      recorded: a lease is recorded once signed, ``signed_on.in_future``);
    - ``move_in_on`` before ``signed_on`` (``move_in_on.before_signed``) or before ``start_on``
      (``move_in_on.before_start``, not repeated when before the signing): no right to live in the home
      before the lease;
    - ``end_on`` not after ``start_on``;
    - money not an integer, negative (``rent`` must be positive) or above 10¹² yen;
    - a guarantee by a company or corporation without its name (``guarantor.missing``), a ``guarantee_fee``
      with no guarantee (``guarantee_fee.without_guarantee``).

    Warnings: ``start_on`` before ``signed_on`` (a lease dated back), ``signed_on`` before ``asked_on`` (a
    lease signed before the landlord was asked about the household: the wrong inquiry, or a typing slip,
    ``signed_on.before_inquiry``), and ``rent`` above the rent the registry holds for the unit
    (``rent.above_registered``: the registered terms are 法9条1項 items and a change must be notified).
    """
    out: list[FieldFinding] = []
    dates = {"signed_on": lease.signed_on, "start_on": lease.start_on, "move_in_on": lease.move_in_on}
    if lease.end_on is not None:
        dates["end_on"] = lease.end_on
    bad = {k for k, v in dates.items() if not isinstance(v, date)}
    out += [_f(k, "not_date") for k in dates if k in bad]
    if "signed_on" not in bad and lease.signed_on > recorded_on:
        out.append(
            _f("signed_on", "in_future", value=lease.signed_on.isoformat(), limit=recorded_on.isoformat())
        )
    if not bad & {"move_in_on", "signed_on"} and lease.move_in_on < lease.signed_on:
        out.append(
            _f(
                "move_in_on",
                "before_signed",
                value=lease.move_in_on.isoformat(),
                limit=lease.signed_on.isoformat(),
            )
        )
    before_signed = any(f.finding.code.endswith("before_signed") for f in out)
    if not bad & {"move_in_on", "start_on"} and lease.move_in_on < lease.start_on and not before_signed:
        out.append(
            _f(
                "move_in_on",
                "before_start",
                value=lease.move_in_on.isoformat(),
                limit=lease.start_on.isoformat(),
            )
        )
    if not bad & {"start_on", "signed_on"} and lease.start_on < lease.signed_on:
        out.append(
            _f(
                "start_on",
                "before_signed",
                severity=Severity.WARNING,
                value=lease.start_on.isoformat(),
                limit=lease.signed_on.isoformat(),
            )
        )
    if (
        lease.asked_on is not None
        and isinstance(lease.asked_on, date)
        and "signed_on" not in bad
        and lease.signed_on < lease.asked_on
    ):
        out.append(
            _f(
                "signed_on",
                "before_inquiry",
                severity=Severity.WARNING,
                value=lease.signed_on.isoformat(),
                limit=lease.asked_on.isoformat(),
            )
        )
    if lease.end_on is not None and not bad & {"end_on", "start_on"} and lease.end_on <= lease.start_on:
        out.append(
            _f("end_on", "not_after_start", value=lease.end_on.isoformat(), limit=lease.start_on.isoformat())
        )
    out += _money("rent", lease.rent, positive=True)
    out += _money("common_fee", lease.common_fee)
    out += _money("deposit", lease.deposit)
    out += _money("guarantee_fee", lease.guarantee_fee)
    try:
        kind = GuaranteeKind(lease.guarantee)
    except ValueError:
        out.append(_f("guarantee", "unknown", value=str(lease.guarantee)))
        kind = None
    if kind in _PROVIDED and not lease.guarantor.strip():
        out.append(_f("guarantor", "missing"))
    fee_ok = isinstance(lease.guarantee_fee, int) and not isinstance(lease.guarantee_fee, bool)
    if kind == GuaranteeKind.NONE and fee_ok and lease.guarantee_fee > 0:
        out.append(_f("guarantee_fee", "without_guarantee", value=lease.guarantee_fee))
    if (
        lease.registered_rent is not None
        and not _money("rent", lease.rent)
        and lease.rent > lease.registered_rent
    ):
        out.append(
            _f(
                "rent",
                "above_registered",
                ref=REF_REGISTERED_TERMS,
                severity=Severity.WARNING,
                value=lease.rent,
                limit=lease.registered_rent,
            )
        )
    return tuple(out)


# ------------------------------------------------------------------------------------------- follow-ups


def add_months_on_day(start: date, months: int) -> date:
    """The corresponding day ``months`` months after ``start`` (応当日, 民法143条2項): the same day of the
    month, or the month's last day when it has none (31 January + 1 month = 28 or 29 February)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One follow-up: ``months`` after move-in, the corresponding day (``nominal``) and the day it is due
    (``due``: the next working day on or after it)."""

    months: int
    nominal: date
    due: date

    def as_dict(self) -> dict[str, object]:
        return {"months": self.months, "nominal": self.nominal.isoformat(), "due": self.due.isoformat()}


def follow_up_schedule(move_in_on: date) -> tuple[FollowUp, ...]:
    """The follow-ups of a tenancy that began on ``move_in_on``, in order (the months of the ``placement``
    file in force on the move-in day)."""
    months = sorted({int(m) for m in params.load("placement", move_in_on)["follow_up"]["months"]})
    out = []
    for m in months:
        nominal = add_months_on_day(move_in_on, m)
        out.append(FollowUp(m, nominal, next_working_day(nominal)))
    return tuple(out)


def follow_up_opens_on(due: date, *, move_in_on: date) -> date:
    """The first day a follow-up due on ``due`` may be answered: the due day less the days of grace of the
    ``placement`` file in force on the move-in day (``follow_up.answer_days_before_due``), never before the
    move-in. Before that day nobody can tell whether the tenancy held the months the follow-up asks about."""
    grace = int(params.load("placement", move_in_on)["follow_up"]["answer_days_before_due"])
    return max(move_in_on, due - timedelta(days=max(0, grace)))


def follow_up_answerable(due: date, *, move_in_on: date, on: date) -> bool:
    """Whether a follow-up due on ``due`` may be answered with the day ``on`` (the day it was asked)."""
    return on >= follow_up_opens_on(due, move_in_on=move_in_on)


# ----------------------------------------------------------------------------------------------- subsidies


@dataclass(frozen=True, slots=True)
class SubsidyFacts:
    """What the subsidy rules need of a placement, mapped from the placement's records:

    - ``dedicated``: the unit is registered as 専用住宅 (only those qualify, seed p.6);
    - ``tenant_monthly_income``: the household's 政令月収 (``sumai.domain.income``), ``None`` when not
      assessed;
    - ``tenant_exclusions``: codes of ``subsidies.TENANT_EXCLUSIONS`` that apply (生活保護 …);
    - ``local_programmes``: the programmes the municipality runs (rent reduction and guarantee-fee reduction
      exist only where a local government runs them, seed p.6: 地方が実施する場合の間接補助);
    - ``monthly_reduction``: the rent reduction the landlord would grant (0 when not yet agreed);
    - ``guarantee_fee``: the fee paid at move-in (from the lease).
    """

    dedicated: bool
    tenant_monthly_income: int | None
    local_programmes: frozenset[Program]
    monthly_reduction: int = 0
    guarantee_fee: int = 0
    tenant_exclusions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SubsidyEligibility:
    """Whether one programme applies: ``eligible`` (``None`` when it cannot be told: the income is not
    assessed), the ``reasons`` (the rule's findings, plus this module's own), and the rule's ``result``
    (amounts) when it was asked."""

    program: Program
    eligible: bool | None
    reasons: tuple[Finding, ...]
    result: SubsidyResult | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "program": str(self.program),
            "eligible": self.eligible,
            "reasons": [r.as_dict() for r in self.reasons],
        }
        if self.result is not None:
            out["result"] = self.result.as_dict()
        return out


def _reason(code: str, severity: Severity, program: Program) -> Finding:
    return Finding(
        f"placement.subsidy.{code}", severity, f"placement.subsidy.{code}", REF_OCCUPANCY, str(program)
    )


def subsidy_eligibility(facts: SubsidyFacts, *, on: date) -> tuple[SubsidyEligibility, ...]:
    """Rent reduction (家賃低廉化) and guarantee-fee reduction (家賃債務保証料等低廉化) for a placement whose
    lease begins on ``on``, in that order. Each asks the existing rule with the facts mapped to its request;
    the programme is eligible when the municipality runs it and the rule finds no error. Reasons:
    ``placement.subsidy.not_offered_locally`` (error), ``placement.subsidy.income_unknown`` (the rule is not
    asked), the rule's own findings (``subsidy.unit.not_dedicated``, ``subsidy.tenant_income.above_limit``,
    ``subsidy.tenant.excluded`` …), and ``placement.subsidy.eligible`` when it applies. A date with no
    parameter file of the programme raises ``ParameterError``."""
    out: list[SubsidyEligibility] = []
    for program in (Program.RENT_REDUCTION, Program.GUARANTEE_FEE):
        if program not in facts.local_programmes:
            out.append(
                SubsidyEligibility(program, False, (_reason("not_offered_locally", Severity.ERROR, program),))
            )
            continue
        if facts.tenant_monthly_income is None:
            out.append(
                SubsidyEligibility(program, None, (_reason("income_unknown", Severity.WARNING, program),))
            )
            continue
        result: SubsidyResult
        if program == Program.RENT_REDUCTION:
            result = rent_reduction_subsidy(
                RentReductionRequest(
                    monthly_reduction=facts.monthly_reduction,
                    tenant_monthly_income=facts.tenant_monthly_income,
                    dedicated=facts.dedicated,
                    tenant_exclusions=facts.tenant_exclusions,
                ),
                on=on,
            )
        else:
            result = guarantee_fee_subsidy(
                GuaranteeFeeRequest(
                    fee=facts.guarantee_fee,
                    tenant_monthly_income=facts.tenant_monthly_income,
                    dedicated=facts.dedicated,
                    tenant_exclusions=facts.tenant_exclusions,
                ),
                on=on,
            )
        reasons = list(result.findings)
        if result.eligible:
            reasons.append(_reason("eligible", Severity.INFO, program))
        out.append(SubsidyEligibility(program, result.eligible, tuple(reasons), result))
    return tuple(out)
