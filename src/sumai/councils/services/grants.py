"""Activity grants (居住支援協議会等活動支援事業): a fiscal year's programme, and an application while it is a
draft. The steps after the draft (submit, withdraw, decide) are in :mod:`.grant_transitions`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sumai.accounts.models import Organisation
from sumai.audit.services import record_event, snapshot
from sumai.core.actor import Actor
from sumai.core.editlock import require_unchanged
from sumai.councils import selectors
from sumai.councils.actions import CouncilsAction
from sumai.councils.models import GrantApplication, GrantProgramme
from sumai.domain import grants
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.findings import Finding

GRANT_MESSAGES: dict[str, Callable[[Finding], str]] = {
    "grant.application.over_cap": lambda f: (
        _("The total of %(value)s yen is over this applicant's limit of %(limit)s yen.")
        % {"value": f"{f.value:,}", "limit": f"{f.limit:,}"}
    ),
    "grant.application.empty": lambda f: _("Enter the amount for at least one category."),
    "grant.category.not_open_to_recipient": lambda f: _("This category is for local governments only."),
    "grant.decision.over_cap": lambda f: (
        _("%(value)s yen is over the limit of %(limit)s yen.")
        % {"value": f"{f.value:,}", "limit": f"{f.limit:,}"}
    ),
    "grant.decision.over_requested": lambda f: (
        _("%(value)s yen is more than the %(limit)s yen applied for.")
        % {"value": f"{f.value:,}", "limit": f"{f.limit:,}"}
    ),
    "grant.decision.negative": lambda f: _("The amount cannot be negative."),
}


def describe(finding: Finding) -> str:
    message = GRANT_MESSAGES.get(finding.code)
    return message(finding) if message is not None else finding.code


def amount_field(category: str) -> str:
    return f"amount_{category}"


def application_errors(findings: Sequence[Finding]) -> dict[str, list[str]]:
    """The domain's findings on an application as form errors: on the amount of a category the applicant
    may not claim, else on the amounts as a whole."""
    errors: dict[str, list[str]] = {}
    for f in findings:
        by_category = f.code == "grant.category.not_open_to_recipient"
        field = amount_field(str(f.value)) if by_category else "amounts"
        errors.setdefault(field, []).append(describe(f))
    return errors


def rules_of(programme: GrantProgramme) -> grants.GrantRules:
    try:
        return grants.rules_for(programme.fiscal_year)
    except ParameterError as exc:
        raise ValidationError(
            _("There are no grant parameters for FY%(year)s.") % {"year": programme.fiscal_year}
        ) from exc


@transaction.atomic
def programme_create(*, actor: Actor, fiscal_year: int, opens_on: date, closes_on: date) -> GrantProgramme:
    """Open a fiscal year's programme (the deciding ministry only); its caps come from the parameter file."""
    if not selectors.is_decider(actor.access):
        raise PermissionDenied(_("Only the ministry opens a grant programme."))
    if fiscal_year not in grants.available_years():
        raise ValidationError(
            {"fiscal_year": _("There are no grant parameters for FY%(year)s.") % {"year": fiscal_year}}
        )
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The closing date is before the opening date.")})
    if GrantProgramme.objects.filter(fiscal_year=fiscal_year).exists():
        raise ValidationError(
            {"fiscal_year": _("FY%(year)s already has a programme.") % {"year": fiscal_year}}
        )
    programme = GrantProgramme.objects.create(fiscal_year=fiscal_year, opens_on=opens_on, closes_on=closes_on)
    record_event(
        actor=actor.user,
        action=CouncilsAction.GRANT_PROGRAMME_CREATE,
        obj=programme,
        after=snapshot(programme, ["fiscal_year", "opens_on", "closes_on"]),
    )
    return programme


def _recipient(applicant: Organisation) -> str:
    if applicant.kind == Organisation.Kind.COUNCIL:
        return grants.Recipient.COUNCIL.value
    if applicant.kind == Organisation.Kind.SUPPORT_CORPORATION:
        return grants.Recipient.SUPPORT_CORPORATION.value
    raise ValidationError({"applicant": _("Only councils and support corporations apply for this grant.")})


APPLICATION_FIELDS = ["state", "plan", "amounts", "enhancements", "requested_total", "cap"]
# What the application form edits (its edit token, sumai.core.editlock).
APPLICATION_FORM_FIELDS = ["applicant", "plan", "amounts", "enhancements"]


@transaction.atomic
def application_save(
    *,
    actor: Actor,
    programme: GrantProgramme,
    applicant: Organisation,
    plan: str,
    amounts: Mapping[str, int],
    enhancements: Sequence[str],
    application: GrantApplication | None = None,
    edit_token: str | None = None,
) -> GrantApplication:
    """Create or change a draft application. Over-cap totals are refused with a message naming the field.
    ``edit_token``: the form's; refused with ``Conflict`` if someone saved the application since."""
    if application is not None:
        application = require_unchanged(application, APPLICATION_FORM_FIELDS, edit_token)
    if not selectors.may_apply_for(actor.access, applicant.pk):
        raise PermissionDenied(_("You may not apply for this organisation."))
    if application is not None and (
        application.applicant_id != applicant.pk or application.state != GrantApplication.State.DRAFT
    ):
        raise ValidationError(_("Only a draft application can be changed."))
    recipient = _recipient(applicant)
    rules = rules_of(programme)
    if not plan.strip():
        raise ValidationError({"plan": _("Say what the grant will pay for.")})
    clean_amounts = {code: amount for code, amount in amounts.items() if amount}
    try:
        check = grants.check_application(
            rules, recipient=recipient, amounts=clean_amounts, enhancements=enhancements
        )
    except InputError as exc:
        field = amount_field(exc.field.split(".", 1)[1]) if exc.field.startswith("amounts.") else exc.field
        raise ValidationError({field: exc.message}) from exc
    if not check.ok:
        raise ValidationError(application_errors(check.findings))
    creating = application is None
    if application is None:
        if (
            GrantApplication.objects.filter(programme=programme, applicant=applicant)
            .exclude(state=GrantApplication.State.WITHDRAWN)
            .exists()
        ):
            raise ValidationError(
                _("%(name)s already has an application for FY%(year)s.")
                % {"name": applicant.name, "year": programme.fiscal_year}
            )
        application = GrantApplication(programme=programme, applicant=applicant, recipient_kind=recipient)
        before = None
    else:
        before = snapshot(application, APPLICATION_FIELDS)
        application.version += 1
    application.plan = plan.strip()
    application.amounts = clean_amounts
    application.enhancements = sorted(set(enhancements))
    application.requested_total = check.requested_total
    application.cap = check.cap
    application.save()
    record_event(
        actor=actor.user,
        action=CouncilsAction.GRANT_APPLICATION_CREATE
        if creating
        else CouncilsAction.GRANT_APPLICATION_UPDATE,
        obj=application,
        organisation=applicant,
        before=before,
        after=snapshot(application, APPLICATION_FIELDS),
    )
    return application
