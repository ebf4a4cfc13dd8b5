"""Every write of councils and activity grants. Each service checks who acts, runs the domain, writes one
audit event, and keeps the database consistent (nothing half-written)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.accounts.models import Organisation, User
from sumai.audit.services import record_event, snapshot
from sumai.core.actor import Actor
from sumai.core.errors import Conflict
from sumai.core.transactions import delete_file_after_commit
from sumai.core.uploads import check_upload
from sumai.councils import selectors
from sumai.councils.actions import CouncilsAction
from sumai.councils.models import Activity, Council, CouncilMember, GrantApplication, GrantProgramme, Meeting
from sumai.domain import grants
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.findings import Finding
from sumai.places.models import Municipality

MINUTES_TYPES = {"application/pdf"}


def _user(actor: Actor) -> User | None:
    return actor.user if isinstance(actor.user, User) and actor.user.pk else None


def _require_council_editor(actor: Actor, council_id: int) -> None:
    if not selectors.can_edit_council(actor.access, council_id):
        raise PermissionDenied(_("Only the council's own staff may change it."))


# ------------------------------------------------------------------------------------------------ councils
COUNCIL_FIELDS = ["founded_on", "secretariat", "activities", "description", "website"]


@transaction.atomic
def council_save(*, actor: Actor, organisation: Organisation, data: Mapping[str, Any]) -> Council:
    """Create or update the council profile of a council organisation (its own staff only)."""
    if organisation.kind != Organisation.Kind.COUNCIL:
        raise ValidationError(_("Only a housing support council has a council profile."))
    _require_council_editor(actor, organisation.pk)
    activities = list(data.get("activities") or [])
    unknown = [a for a in activities if a not in Activity.values]
    if unknown:
        raise ValidationError({"activities": _("Choose activities from the list.")})
    founded_on = data.get("founded_on")
    if not isinstance(founded_on, date):
        raise ValidationError({"founded_on": _("Enter the date the council was founded.")})
    if founded_on > timezone.localdate():
        raise ValidationError({"founded_on": _("The founding date cannot be in the future.")})
    if not str(data.get("secretariat") or "").strip():
        raise ValidationError({"secretariat": _("Name the council's secretariat.")})
    council = Council.objects.select_for_update().filter(pk=organisation.pk).first()
    creating = council is None
    if council is None:
        if organisation.prefecture_id is None:
            raise ValidationError(_("The council's organisation has no prefecture; ask the administrator."))
        council = Council(
            organisation=organisation,
            prefecture_id=organisation.prefecture_id,
            level=Council.Level.MUNICIPAL if organisation.municipality_id else Council.Level.PREFECTURAL,
        )
    before = None if creating else {**snapshot(council, COUNCIL_FIELDS), "municipalities": _area(council)}
    for name in COUNCIL_FIELDS:
        if name in data:
            setattr(council, name, activities if name == "activities" else data[name])
    council.save()
    municipalities: Sequence[Municipality] | None = data.get("municipalities")
    if municipalities is None and creating and organisation.municipality_id:
        municipalities = list(Municipality.objects.filter(pk=organisation.municipality_id))
    if municipalities is not None:
        if council.level == Council.Level.PREFECTURAL and municipalities:
            raise ValidationError({"municipalities": _("A prefectural council covers its whole prefecture.")})
        outside = [m.name for m in municipalities if m.prefecture_id != council.prefecture_id]
        if outside:
            raise ValidationError(
                {
                    "municipalities": _("%(names)s is outside the council's prefecture.")
                    % {"names": outside[0]}
                }
            )
        if council.level == Council.Level.MUNICIPAL and not municipalities:
            raise ValidationError(
                {"municipalities": _("A municipal council covers at least one municipality.")}
            )
        council.municipalities.set(municipalities)
    record_event(
        actor=actor.user,
        action=CouncilsAction.COUNCIL_CREATE if creating else CouncilsAction.COUNCIL_UPDATE,
        obj=council,
        organisation=organisation,
        before=before,
        after={**snapshot(council, COUNCIL_FIELDS), "municipalities": _area(council)},
    )
    return council


def _area(council: Council) -> list[str]:
    return sorted(council.municipalities.values_list("code", flat=True))


@transaction.atomic
def member_add(*, actor: Actor, council: Council, data: Mapping[str, Any]) -> CouncilMember:
    _require_council_editor(actor, council.pk)
    kind = str(data.get("kind") or "")
    name = str(data.get("name") or "").strip()
    if kind not in CouncilMember.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of member this is.")})
    if not name:
        raise ValidationError({"name": _("Enter the member's name.")})
    if council.members.filter(name=name).exists():
        raise ValidationError({"name": _("%(name)s is already a member.") % {"name": name}})
    organisation = data.get("organisation")
    member = CouncilMember.objects.create(council=council, kind=kind, name=name, organisation=organisation)
    record_event(
        actor=actor.user,
        action=CouncilsAction.MEMBER_ADD,
        obj=member,
        organisation=council.organisation,
        after=snapshot(member, ["kind", "name", "organisation_id"]),
    )
    return member


@transaction.atomic
def member_remove(*, actor: Actor, member: CouncilMember) -> None:
    council = member.council
    _require_council_editor(actor, council.pk)
    record_event(
        actor=actor.user,
        action=CouncilsAction.MEMBER_REMOVE,
        obj=member,
        organisation=council.organisation,
        before=snapshot(member, ["kind", "name", "organisation_id"]),
    )
    member.delete()


MEETING_FIELDS = ["held_on", "title", "attendees", "minutes", "is_public"]


def _check_minutes_file(upload: Any) -> None:
    check_upload(
        upload, field="minutes_file", allowed=MINUTES_TYPES, wrong_type=_("Minutes must be a PDF file.")
    )


@transaction.atomic
def meeting_save(
    *,
    actor: Actor,
    council: Council,
    data: Mapping[str, Any],
    upload: Any = None,
    meeting: Meeting | None = None,
) -> Meeting:
    """Record a meeting (or change one) with its minutes and optional PDF."""
    _require_council_editor(actor, council.pk)
    if meeting is not None and meeting.council_id != council.pk:
        raise PermissionDenied(_("This meeting belongs to another council."))
    held_on = data.get("held_on")
    if not isinstance(held_on, date):
        raise ValidationError({"held_on": _("Enter the date of the meeting.")})
    if held_on < council.founded_on:
        raise ValidationError({"held_on": _("The meeting cannot be before the council was founded.")})
    attendees = data.get("attendees")
    if not isinstance(attendees, int) or attendees < 1:
        raise ValidationError({"attendees": _("Enter how many people attended (at least 1).")})
    if not str(data.get("title") or "").strip():
        raise ValidationError({"title": _("Give the meeting a title.")})
    if upload is not None:
        _check_minutes_file(upload)
    creating = meeting is None
    target = meeting or Meeting(council=council, created_by=_user(actor))
    before = None if creating else snapshot(target, MEETING_FIELDS)
    for name in MEETING_FIELDS:
        setattr(target, name, data.get(name, getattr(target, name)))
    if upload is not None:
        if target.minutes_file:
            old = str(target.minutes_file.name)
            storage = target.minutes_file.storage
            delete_file_after_commit(storage, old)
        target.minutes_file = upload
        target.minutes_file_name = str(upload.name)[:200]
    target.save()
    record_event(
        actor=actor.user,
        action=CouncilsAction.MEETING_ADD if creating else CouncilsAction.MEETING_UPDATE,
        obj=target,
        organisation=council.organisation,
        before=before,
        after={**snapshot(target, MEETING_FIELDS), "file": target.minutes_file_name},
    )
    return target


# -------------------------------------------------------------------------------------------------- grants
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


def _application_errors(findings: Sequence[Finding]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for f in findings:
        if f.code == "grant.category.not_open_to_recipient":
            field = amount_field(str(f.value))
        elif f.code == "grant.application.over_cap":
            field = "amounts"
        else:
            field = "amounts"
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
) -> GrantApplication:
    """Create or change a draft application. Over-cap totals are refused with a message naming the field."""
    if not selectors.applicant_organisations(actor.access).filter(pk=applicant.pk).exists():
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
        raise ValidationError(_application_errors(check.findings))
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


def _locked(application: GrantApplication, version: int) -> GrantApplication:
    current = GrantApplication.objects.select_for_update().get(pk=application.pk)
    if current.version != version:
        raise Conflict(_("Someone else changed this application. Reload the page and try again."))
    return current


@transaction.atomic
def application_submit(*, actor: Actor, application: GrantApplication, version: int) -> GrantApplication:
    if not selectors.applicant_organisations(actor.access).filter(pk=application.applicant_id).exists():
        raise PermissionDenied(_("You may not apply for this organisation."))
    current = _locked(application, version)
    if current.state != GrantApplication.State.DRAFT:
        raise ValidationError(_("Only a draft application can be submitted."))
    programme = current.programme
    today = timezone.localdate()
    if not programme.opens_on <= today <= programme.closes_on:
        raise ValidationError(
            _("Applications for FY%(year)s are accepted from %(opens)s to %(closes)s.")
            % {"year": programme.fiscal_year, "opens": programme.opens_on, "closes": programme.closes_on}
        )
    check = grants.check_application(
        rules_of(programme),
        recipient=current.recipient_kind,
        amounts=current.amounts,
        enhancements=current.enhancements,
    )
    if not check.ok:
        raise ValidationError(_application_errors(check.findings))
    before = snapshot(current, ["state"])
    current.state = GrantApplication.State.SUBMITTED
    current.submitted_at = timezone.now()
    current.version += 1
    current.save()
    record_event(
        actor=actor.user,
        action=CouncilsAction.GRANT_APPLICATION_SUBMIT,
        obj=current,
        organisation=current.applicant,
        before=before,
        after=snapshot(current, ["state", "requested_total", "cap"]),
    )
    return current


@transaction.atomic
def application_withdraw(*, actor: Actor, application: GrantApplication, version: int) -> GrantApplication:
    if not selectors.applicant_organisations(actor.access).filter(pk=application.applicant_id).exists():
        raise PermissionDenied(_("You may not act for this organisation."))
    current = _locked(application, version)
    if current.state not in (GrantApplication.State.DRAFT, GrantApplication.State.SUBMITTED):
        raise ValidationError(_("A decided application cannot be withdrawn."))
    before = snapshot(current, ["state"])
    current.state = GrantApplication.State.WITHDRAWN
    current.version += 1
    current.save()
    record_event(
        actor=actor.user,
        action=CouncilsAction.GRANT_APPLICATION_WITHDRAW,
        obj=current,
        organisation=current.applicant,
        before=before,
        after=snapshot(current, ["state"]),
    )
    return current


@transaction.atomic
def application_decide(
    *,
    actor: Actor,
    application: GrantApplication,
    version: int,
    grant: bool,
    granted_amount: int | None,
    decided_on: date,
    note: str = "",
) -> GrantApplication:
    """Grant an amount (never over the cap nor over what was applied for) or refuse, with reasons."""
    if not selectors.is_decider(actor.access):
        raise PermissionDenied(_("Only the ministry decides activity grants."))
    current = _locked(application, version)
    if current.state != GrantApplication.State.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be decided."))
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The decision date cannot be in the future.")})
    if grant:
        if granted_amount is None:
            raise ValidationError({"granted_amount": _("Enter the amount granted.")})
        findings = grants.check_decision(
            rules_of(current.programme),
            recipient=current.recipient_kind,
            requested_total=current.requested_total,
            granted=granted_amount,
            enhancements=current.enhancements,
        )
        if findings:
            raise ValidationError({"granted_amount": [describe(f) for f in findings]})
    elif not note.strip():
        raise ValidationError({"note": _("Give the reasons for not granting.")})
    before = snapshot(current, ["state", "granted_amount", "decided_on"])
    current.state = GrantApplication.State.GRANTED if grant else GrantApplication.State.REJECTED
    current.granted_amount = granted_amount if grant else None
    current.decided_on = decided_on
    current.decision_note = note.strip()
    current.decided_by = _user(actor)
    current.version += 1
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError as exc:  # the database's own guard: never over the cap
        raise ValidationError({"granted_amount": _("The amount is over the limit.")}) from exc
    record_event(
        actor=actor.user,
        action=CouncilsAction.GRANT_APPLICATION_DECIDE,
        obj=current,
        organisation=current.applicant,
        before=before,
        after=snapshot(current, ["state", "granted_amount", "decided_on", "decision_note"]),
    )
    return current
