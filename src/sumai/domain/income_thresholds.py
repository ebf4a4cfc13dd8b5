"""Income thresholds by purpose (REFERENCE.md §3.4): the same 政令月収 measured against the limit of the
purpose asked about — ``low_income`` (the registration's 158,000 yen, 規則1条),
``public_housing_discretionary`` (公営住宅 裁量階層, 259,000 yen, from memory [M]) and
``renovation_child_newlywed`` (FY2025 renovation subsidy:
households raising children and newly-weds, 387,000 yen) — each from the dated ``income_thresholds`` file in
force on the date asked about.

A purpose may be limited to some priority groups (the FY2025 renovation: child_raising, newly_weds) and to a
period (``until``). Where the threshold is from memory and the verdict turns on it (the income lies between
the 158,000 yen of the registration and this threshold), the answer carries a finding saying so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sumai.domain import params
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.findings import Finding, Severity

PARAMETER_SET = "income_thresholds"


@dataclass(frozen=True, slots=True)
class Threshold:
    purpose: str
    yen: int
    ref: str
    from_memory: bool
    groups: tuple[str, ...] = ()
    until: date | None = None


@dataclass(frozen=True, slots=True)
class ThresholdVerdict:
    threshold: Threshold
    monthly_income: int
    within: bool
    findings: tuple[Finding, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "purpose": self.threshold.purpose,
            "limit": self.threshold.yen,
            "monthly_income": self.monthly_income,
            "within": self.within,
            "ref": self.threshold.ref,
            "from_memory": self.threshold.from_memory,
            "findings": [f.as_dict() for f in self.findings],
        }


def purposes(on: date) -> tuple[str, ...]:
    """The purposes with a threshold on ``on``."""
    try:
        return tuple(params.load(PARAMETER_SET, on)["purposes"])
    except ParameterError:
        return ()


def threshold(purpose: str, on: date, *, field: str = "purpose") -> Threshold:
    """The threshold of ``purpose`` in force on ``on``; :class:`InputError` naming ``field`` if none."""
    try:
        table = params.load(PARAMETER_SET, on)["purposes"]
    except ParameterError:
        raise InputError(field, "no income thresholds are known for %(date)s", date=on.isoformat()) from None
    row = table.get(purpose)
    if row is None:
        raise InputError(
            field, "must be one of %(choices)s on %(date)s", choices=", ".join(table), date=on.isoformat()
        )
    until = row.get("until")
    if isinstance(until, date) and on > until:
        raise InputError(
            field,
            "%(purpose)s applies until %(until)s, not on %(date)s",
            purpose=purpose,
            until=until.isoformat(),
            date=on.isoformat(),
        )
    return Threshold(
        purpose,
        int(row["yen"]),
        str(row["ref"]),
        bool(row.get("from_memory", False)),
        tuple(str(g) for g in row.get("groups", [])),
        until if isinstance(until, date) else None,
    )


def judge(monthly_income: int, purpose: str, on: date, *, groups: Iterable[str] = ()) -> ThresholdVerdict:
    """Whether ``monthly_income`` (政令月収) is within the threshold of ``purpose`` on ``on``; ``groups``
    are the household's priority groups (for a purpose limited to some)."""
    t = threshold(purpose, on)
    findings: list[Finding] = []
    within = monthly_income <= t.yen
    if t.groups and not set(groups) & set(t.groups):
        within = False
        findings.append(
            Finding(
                "income.threshold.group_required",
                Severity.ERROR,
                "eligibility.income.threshold.group_required",
                t.ref,
                ",".join(sorted(set(groups))),
                ",".join(t.groups),
            )
        )
    if t.from_memory:
        registration = threshold("low_income", on).yen
        if registration < monthly_income <= t.yen or t.yen < monthly_income <= registration:
            findings.append(
                Finding(
                    "income.threshold.from_memory",
                    Severity.WARNING,
                    "eligibility.income.threshold.from_memory",
                    t.ref + " [M]",
                    monthly_income,
                    t.yen,
                )
            )
    return ThresholdVerdict(t, monthly_income, within, tuple(findings))
