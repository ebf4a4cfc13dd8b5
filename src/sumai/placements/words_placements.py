"""Words for the placements' codes: the subsidy programmes, whether a placement qualifies and why, and the
lease check's findings. The domain gives codes, message keys and values; these turn them into sentences
(no code is ever shown to a person)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PROGRAMMES: Mapping[str, Promise] = {
    "rent_reduction": gettext_lazy("Rent reduction subsidy (家賃低廉化)"),
    "guarantee_fee": gettext_lazy("Guarantee-fee reduction subsidy (家賃債務保証料等低廉化)"),
}

EXCLUSIONS: Mapping[str, Promise] = {
    "public_assistance": gettext_lazy("receives public assistance (生活保護)"),
    "housing_security_benefit": gettext_lazy("receives the housing security benefit (住居確保給付金)"),
    "landlord_relative": gettext_lazy("is a relative of the landlord"),
    "landlord_employee": gettext_lazy("is an employee of the landlord"),
}


def _yen(value: Any) -> str:
    try:
        return number_format(int(value or 0), force_grouping=True)
    except (TypeError, ValueError):
        return "0"


def day_text(value: date) -> str:
    """A day as the case pages write it (2026-12-07), in every language: the placement pages, their
    messages and the case's timeline lines use it too."""
    return value.strftime("%Y-%m-%d")


def _day(value: Any) -> str:
    try:
        return day_text(date.fromisoformat(str(value)))
    except ValueError:
        return ""


def programme_label(code: str) -> str:
    return str(PROGRAMMES.get(code, _("Another subsidy programme")))


def _excluded(v: Mapping[str, Any]) -> str:
    label = EXCLUSIONS.get(str(v.get("value", "")))
    if label is None:
        return _("The tenant is outside the programme's conditions.")
    return _("The programme does not cover a tenant who %(what)s.") % {"what": label}


REASONS: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "placement.subsidy.not_offered_locally": lambda v: _(
        "The municipality does not run this programme (it exists only where a local government runs it)."
    ),
    "placement.subsidy.income_unknown": lambda v: _(
        "Cannot be told yet: the household's statutory monthly income is not assessed (enter the members' "
        "birth dates and incomes)."
    ),
    "placement.subsidy.no_rules": lambda v: _(
        "Cannot be told: the programme's rules for the lease's start date are not known to Sumai."
    ),
    "placement.subsidy.eligible": lambda v: _("The tenancy meets the programme's conditions."),
    "subsidy.unit.not_dedicated": lambda v: _(
        "The home is not registered as dedicated housing (only dedicated homes qualify)."
    ),
    "subsidy.tenant_income.above_limit": lambda v: (
        _("The household's statutory monthly income of %(income)s yen is above the limit of %(limit)s yen.")
        % {"income": _yen(v.get("value")), "limit": _yen(v.get("limit"))}
    ),
    "subsidy.tenant.excluded": _excluded,
    "subsidy.rent_reduction.monthly_cap_reached": lambda v: (
        _(
            "The reduction of %(value)s yen a month is above what the programme pays (%(limit)s yen): the "
            "subsidy is capped."
        )
        % {"value": _yen(v.get("value")), "limit": _yen(v.get("limit"))}
    ),
    "subsidy.rent_reduction.reexamination_due": lambda v: _(
        "The tenant's income must be examined again while the subsidy is paid."
    ),
    "subsidy.rent_reduction.period_exceeded": lambda v: _(
        "The programme pays for a limited number of months, and that period is used up."
    ),
    "subsidy.guarantee_fee.cap_reached": lambda v: _(
        "The guarantee fee is above what the programme pays: the subsidy is capped."
    ),
    "subsidy.guarantee_fee.cost_from_memory": lambda v: _(
        "One of the costs counted is taken from the programme's notice and should be checked."
    ),
    "subsidy.guarantee_fee.cost_not_eligible": lambda v: _(
        "One of the costs is not covered by the programme."
    ),
}


def reason_text(reason: Mapping[str, Any]) -> str:
    """One finding of the subsidy rules in words (its values filled in); an unknown one says so in words."""
    code = str(reason.get("code", ""))
    text = REASONS.get(code)
    if text is None:
        return _("Another condition of the programme applies: ask the municipality.")
    return text(reason)


def eligibility_label(eligible: bool | None) -> str:
    if eligible is True:
        return _("Eligible")
    if eligible is False:
        return _("Not eligible")
    return _("Cannot be told yet")


def subsidy_rows(subsidies: Any) -> list[dict[str, Any]]:
    """The stored eligibility (``Placement.subsidies``) as rows in words: programme, verdict, reasons."""
    rows = []
    for item in subsidies or []:
        if not isinstance(item, Mapping):
            continue
        eligible = item.get("eligible")
        rows.append(
            {
                "programme": programme_label(str(item.get("program", ""))),
                "eligible": eligible,
                "verdict": eligibility_label(eligible if isinstance(eligible, bool) else None),
                "reasons": [reason_text(r) for r in item.get("reasons") or [] if isinstance(r, Mapping)],
            }
        )
    return rows


# The lease check's findings (``domain.validate_lease``): the field is named by the form's label.
LEASE: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "not_date": lambda v: _("Enter a date."),
    "in_future": lambda v: _("The lease is recorded once signed: the date cannot be after today."),
    "before_signed": lambda v: (
        _("This date is before the day the lease was signed (%(limit)s).") % {"limit": _day(v.get("limit"))}
    ),
    "before_start": lambda v: (
        _("The move-in date is before the lease starts (%(limit)s).") % {"limit": _day(v.get("limit"))}
    ),
    "before_inquiry": lambda v: (
        _(
            "The lease is dated before the landlord was asked about the household (the inquiry was sent on "
            "%(limit)s): check the date, and that the placement is recorded from the right inquiry."
        )
        % {"limit": _day(v.get("limit"))}
    ),
    "not_after_start": lambda v: (
        _("The fixed term must end after the lease starts (%(limit)s).") % {"limit": _day(v.get("limit"))}
    ),
    "not_integer": lambda v: _("Enter a whole number of yen."),
    "not_positive": lambda v: _("Enter an amount above 0 yen."),
    "negative": lambda v: _("The amount cannot be negative."),
    "too_large": lambda v: _("The amount is too large."),
    "unknown": lambda v: _("Choose how the rent is guaranteed."),
    "missing": lambda v: _("Name the guarantee company, the support corporation or the guarantor."),
    "without_guarantee": lambda v: _("A guarantee fee was entered, but there is no guarantee."),
    "above_registered": lambda v: (
        _(
            "The rent is above the %(limit)s yen the registry holds for this home: a change of the "
            "registered rent must be notified to the registration authority."
        )
        % {"limit": _yen(v.get("limit"))}
    ),
}


def lease_text(code: str, values: Mapping[str, Any]) -> str:
    """``placement.lease.<field>.<problem>`` in words."""
    problem = code.rsplit(".", 1)[-1]
    text = LEASE.get(problem)
    return text(values) if text is not None else _("Check this value.")
