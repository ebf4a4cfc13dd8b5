"""Statutory monthly income (政令月収) of a household, from gross figures.

規則1条 (the same method as 公営住宅法施行令1条3号)::

    月収 = (Σ 所得金額 of the applicant and the co-resident family − Σ 控除) ÷ 12, 1円未満切捨て

所得金額 follows 所得税法: employment income (給与所得) is the gross salary after the employment-income
deduction (給与所得控除), public-pension income (公的年金等に係る雑所得) is the gross pension after the
public-pension deduction (公的年金等控除), and ``other_income`` is taken as 所得 already (net of expenses).

Choices the rules leave open (see ``docs/domain.md``):

* The income year is the calendar year whose 所得 is assessed (the year before the assessment by default).
  The tax tables in force on 31 December of that year apply, and every age the calculation needs (65 for
  the pension deduction, 70 for 老人扶養, 16–22 for 特定扶養) is taken on that 31 December, as income
  tax does (年末の年齢; cf. 所得税法85条).
* Every 所得 is rounded down to the yen, then the monthly figure is rounded down (1円未満切捨て); the result
  is never negative.
* A member who does not live in the home (``lives_with=False``) is a 扶養親族 outside the home: their income
  is not counted, and they bring the 38万円 deduction.
* A person flagged both ひとり親 and 寡婦 receives only the ひとり親 deduction (寡婦 is "not ひとり親").

All numbers come from the ``income`` parameter files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sumai.domain import params
from sumai.domain.dates import age_on
from sumai.domain.errors import ParameterError
from sumai.domain.findings import Finding, Severity

PARAMETER_SET = "income"


class Role(StrEnum):
    """A member's place in the household (申請者, 配偶者, 子, その他の親族)."""

    APPLICANT = "applicant"
    SPOUSE = "spouse"
    CHILD = "child"
    RELATIVE = "relative"


class Disability(StrEnum):
    """障害者 (ordinary) or 特別障害者 (special), as for the 障害者控除 of 所得税法."""

    ORDINARY = "ordinary"
    SPECIAL = "special"


@dataclass(frozen=True, slots=True)
class Member:
    """One person of the household (世帯員). Money is gross yen for the income year."""

    role: Role
    birth_date: date
    salary_gross: int = 0
    pension_gross: int = 0
    other_income: int = 0
    disability: Disability | None = None
    single_parent: bool = False
    widow: bool = False
    lives_with: bool = True


# --- parameters -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bracket:
    """One line of a tax table: ``floor(round_down(amount, round_to) × rate_percent / 100) + add``."""

    up_to: int | None
    rate_percent: int
    add: int
    round_to: int = 1

    def applies(self, amount: int) -> bool:
        return self.up_to is None or amount <= self.up_to

    def apply(self, amount: int) -> int:
        base = amount // self.round_to * self.round_to
        return base * self.rate_percent // 100 + self.add

    def apply_rounding_up(self, amount: int) -> int:
        """The same line rounded up to the yen: a deduction whose remainder (所得) must round down."""
        base = amount // self.round_to * self.round_to
        return -(-base * self.rate_percent // 100) + self.add


@dataclass(frozen=True, slots=True)
class StatutoryDeductions:
    """The per-person deductions (控除) of 規則1条."""

    ref: str
    months: int
    income_holder: int
    co_resident_or_dependant: int
    elderly_dependant_extra: int
    elderly_dependant_min_age: int
    specific_dependant_extra: int
    specific_dependant_min_age: int
    specific_dependant_max_age_exclusive: int
    elderly_dependant_roles: frozenset[str]
    specific_dependant_roles: frozenset[str]
    disability: int
    special_disability: int
    widow: int
    single_parent: int


@dataclass(frozen=True, slots=True)
class IncomeRules:
    """The ``income`` parameter file in force for one income year."""

    source: str
    valid_from: date
    statutory: StatutoryDeductions
    employment_ref: str
    employment_brackets: tuple[Bracket, ...]
    pension_ref: str
    pension_age_threshold: int
    pension_brackets_at_or_over_age: tuple[Bracket, ...]
    pension_brackets_under_age: tuple[Bracket, ...]
    pension_other_income_reductions: tuple[tuple[int, int], ...]

    @classmethod
    def for_year(cls, income_year: int) -> IncomeRules:
        """The rules for 所得 earned in ``income_year`` (the file in force on its 31 December)."""
        return cls.from_parameters(params.load(PARAMETER_SET, date(income_year, 12, 31)))

    @classmethod
    def from_parameters(cls, parameter_set: params.ParameterSet) -> IncomeRules:
        try:
            stat: Mapping[str, Any] = parameter_set["statutory"]
            emp: Mapping[str, Any] = parameter_set["employment"]
            pen: Mapping[str, Any] = parameter_set["pension"]
            statutory = StatutoryDeductions(
                ref=str(stat["ref"]),
                elderly_dependant_roles=_roles(stat["elderly_dependant_roles"]),
                specific_dependant_roles=_roles(stat["specific_dependant_roles"]),
                **{name: int(stat[name]) for name in _STATUTORY_INT_FIELDS},
            )
            return cls(
                source=parameter_set.source,
                valid_from=parameter_set.valid_from,
                statutory=statutory,
                employment_ref=str(emp["ref"]),
                employment_brackets=_brackets(emp["brackets"]),
                pension_ref=str(pen["ref"]),
                pension_age_threshold=int(pen["age_threshold"]),
                pension_brackets_at_or_over_age=_brackets(pen["age_threshold_or_over"]),
                pension_brackets_under_age=_brackets(pen["under_age_threshold"]),
                pension_other_income_reductions=tuple(
                    (int(r["over"]), int(r["amount"])) for r in pen["other_income_reductions"]
                ),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ParameterError(f"{parameter_set.path.name}: malformed income parameters ({exc!r})") from exc


_STATUTORY_INT_FIELDS = (
    "months",
    "income_holder",
    "co_resident_or_dependant",
    "elderly_dependant_extra",
    "elderly_dependant_min_age",
    "specific_dependant_extra",
    "specific_dependant_min_age",
    "specific_dependant_max_age_exclusive",
    "disability",
    "special_disability",
    "widow",
    "single_parent",
)


def _roles(values: Sequence[object]) -> frozenset[str]:
    if isinstance(values, str) or not all(isinstance(v, str) and v in set(Role) for v in values):
        raise ValueError(f"roles must be a list of {', '.join(Role)}")
    return frozenset(str(v) for v in values)


def _brackets(rows: Sequence[Mapping[str, Any]]) -> tuple[Bracket, ...]:
    out = tuple(
        Bracket(
            up_to=None if row.get("up_to") is None else int(row["up_to"]),
            rate_percent=int(row["rate_percent"]),
            add=int(row["add"]),
            round_to=int(row.get("round_to", 1)),
        )
        for row in rows
    )
    if not out or out[-1].up_to is not None:
        raise ValueError("the last bracket must be open-ended (no up_to)")
    return out


def _pick(brackets: Sequence[Bracket], amount: int) -> Bracket:
    return next(b for b in brackets if b.applies(amount))


# --- 所得 from gross ------------------------------------------------------------------------------------


def employment_income(salary_gross: int, rules: IncomeRules) -> int:
    """給与所得: gross salary after the employment-income deduction (給与所得控除), never negative."""
    if salary_gross <= 0:
        return 0
    return max(0, _pick(rules.employment_brackets, salary_gross).apply(salary_gross))


def public_pension_deduction(pension_gross: int, age: int, other_income: int, rules: IncomeRules) -> int:
    """公的年金等控除額 for a person of ``age`` (on 31 December) whose 所得 other than pension is
    ``other_income``, rounded **up** to the yen so that the 所得 it leaves is rounded down (1円未満切捨て)
    on every line of both tables."""
    brackets = (
        rules.pension_brackets_at_or_over_age
        if age >= rules.pension_age_threshold
        else rules.pension_brackets_under_age
    )
    deduction = _pick(brackets, pension_gross).apply_rounding_up(pension_gross)
    reduction = max(
        (amount for over, amount in rules.pension_other_income_reductions if other_income > over), default=0
    )
    return max(0, deduction - reduction)


def pension_income(pension_gross: int, age: int, other_income: int, rules: IncomeRules) -> int:
    """公的年金等に係る雑所得: gross public pension after the public-pension deduction, never negative."""
    if pension_gross <= 0:
        return 0
    return max(0, pension_gross - public_pension_deduction(pension_gross, age, other_income, rules))


# --- the household calculation --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Deduction:
    """One deduction (控除) applied for one member: a stable code, the amount in yen and its basis."""

    code: str
    amount: int
    ref: str

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "amount": self.amount, "ref": self.ref}


@dataclass(frozen=True, slots=True)
class MemberIncome:
    """One member's 所得 and the deductions they bring; ``index`` is their position in the input."""

    index: int
    counted: bool
    employment_income: int
    pension_income: int
    other_income: int
    deductions: tuple[Deduction, ...]
    findings: tuple[Finding, ...] = ()

    @property
    def total_income(self) -> int:
        return self.employment_income + self.pension_income + self.other_income if self.counted else 0

    @property
    def total_deductions(self) -> int:
        return sum(d.amount for d in self.deductions)

    def as_dict(self) -> dict[str, object]:
        return {
            "member": self.index,
            "counted": self.counted,
            "employment_income": self.employment_income,
            "pension_income": self.pension_income,
            "other_income": self.other_income,
            "deductions": [d.as_dict() for d in self.deductions],
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class IncomeAssessment:
    """The result: annual 所得, deductions, and the statutory monthly income (政令月収) in whole yen."""

    income_year: int
    reference_date: date
    annual_income: int
    annual_deductions: int
    monthly_income: int
    members: tuple[MemberIncome, ...]
    ref: str
    parameters_valid_from: date

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for m in sorted(self.members, key=lambda m: m.index) for f in m.findings)

    def as_dict(self) -> dict[str, object]:
        return {
            "income_year": self.income_year,
            "reference_date": self.reference_date.isoformat(),
            "annual_income": self.annual_income,
            "annual_deductions": self.annual_deductions,
            "monthly_income": self.monthly_income,
            "ref": self.ref,
            "parameters_valid_from": self.parameters_valid_from.isoformat(),
            "members": [m.as_dict() for m in sorted(self.members, key=lambda m: m.index)],
            "findings": [f.as_dict() for f in self.findings],
        }


def _age_or_none(birth_date: date, on: date) -> int | None:
    return age_on(birth_date, on) if birth_date <= on else None


def member_income(index: int, member: Member, reference_date: date, rules: IncomeRules) -> MemberIncome:
    """One member's 所得 (zero when they do not live in the home) and the deductions of 規則1条."""
    stat = rules.statutory
    age = _age_or_none(member.birth_date, reference_date)
    counted = member.lives_with
    employment = employment_income(member.salary_gross, rules) if counted else 0
    other = max(0, member.other_income) if counted else 0
    pension = pension_income(member.pension_gross, age or 0, employment + other, rules) if counted else 0
    own_income = employment + pension + other

    deductions: list[Deduction] = []

    def add(code: str, amount: int) -> None:
        if amount > 0:
            deductions.append(Deduction(code, amount, stat.ref))

    if counted and (member.salary_gross > 0 or member.pension_gross > 0):
        add("income_holder", min(stat.income_holder, employment + pension))
    extras: list[str] = []
    if member.role != Role.APPLICANT:
        add("co_resident" if member.lives_with else "dependant", stat.co_resident_or_dependant)
        if (
            age is not None
            and age >= stat.elderly_dependant_min_age
            and member.role in stat.elderly_dependant_roles
        ):
            add("elderly_dependant", stat.elderly_dependant_extra)
            extras.append("elderly_dependant")
        if (
            age is not None
            and stat.specific_dependant_min_age <= age < stat.specific_dependant_max_age_exclusive
            and member.role in stat.specific_dependant_roles
        ):
            add("specific_dependant", stat.specific_dependant_extra)
            extras.append("specific_dependant")
    if member.disability == Disability.SPECIAL:
        add("special_disability", stat.special_disability)
    elif member.disability == Disability.ORDINARY:
        add("disability", stat.disability)
    if member.single_parent:
        add("single_parent", min(stat.single_parent, own_income))
    elif member.widow:
        add("widow", min(stat.widow, own_income))
    findings: list[Finding] = []
    if extras:
        # The extras presuppose a 扶養親族 / 同一生計配偶者 within the tax law's income ceiling, which the
        # parameter files do not carry (not in REFERENCE.md): say so whenever the member has 所得.
        own = _own_income(member, age, rules)
        if own > 0:
            findings.extend(
                Finding(
                    "income.dependant_extra.assumed_qualifying",
                    Severity.WARNING,
                    f"income.dependant_extra.assumed_qualifying.{code}",
                    stat.ref,
                    own,
                )
                for code in extras
            )
    return MemberIncome(index, counted, employment, pension, other, tuple(deductions), tuple(findings))


def _own_income(member: Member, age: int | None, rules: IncomeRules) -> int:
    """A member's own 所得, whether or not it is counted in the household's."""
    employment = employment_income(member.salary_gross, rules)
    other = max(0, member.other_income)
    return employment + other + pension_income(member.pension_gross, age or 0, employment + other, rules)


def assess(members: Sequence[Member], income_year: int, rules: IncomeRules | None = None) -> IncomeAssessment:
    """The statutory monthly income (政令月収) of ``members`` for ``income_year`` (規則1条).

    ``rules`` defaults to the ``income`` parameter file in force on 31 December of ``income_year``.
    """
    rules = rules or IncomeRules.for_year(income_year)
    reference_date = date(income_year, 12, 31)
    per_member = tuple(member_income(i, m, reference_date, rules) for i, m in enumerate(members))
    annual_income = sum(m.total_income for m in per_member)
    annual_deductions = sum(m.total_deductions for m in per_member)
    monthly = max(0, annual_income - annual_deductions) // rules.statutory.months
    return IncomeAssessment(
        income_year=income_year,
        reference_date=reference_date,
        annual_income=annual_income,
        annual_deductions=annual_deductions,
        monthly_income=monthly,
        members=per_member,
        ref=rules.statutory.ref,
        parameters_valid_from=rules.valid_from,
    )
