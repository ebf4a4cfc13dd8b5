"""Every write of the registry. Each service checks who acts, runs the domain, writes one audit event,
and sends notifications after commit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sumai.accounts.models import Organisation, User
from sumai.audit.services import record_event, snapshot
from sumai.core.actor import Actor
from sumai.core.notifications import notify
from sumai.core.roles import WRITERS
from sumai.core.transactions import delete_file_after_commit
from sumai.core.uploads import check_upload
from sumai.core.workflow import advance
from sumai.domain import standards, workflow
from sumai.domain.findings import Finding, Severity
from sumai.places.models import Municipality
from sumai.places.selectors import registration_authority
from sumai.registry import events
from sumai.registry.actions import RegistryAction
from sumai.registry.checks import CheckResult, check_building
from sumai.registry.fields import BUILDING, UNIT
from sumai.registry.models import (
    AgentAuthorisation,
    Attachment,
    Building,
    OperatorProfile,
    Registration,
    ReviewNote,
    Unit,
)
from sumai.registry.selectors import authority_codes, operators_actable_by

# A change notice (変更届出) opens a registered building for editing until the authority accepts it.
EDITABLE_STATES = {
    Registration.State.DRAFT,
    Registration.State.CHANGES_REQUESTED,
    Registration.State.CHANGE_NOTIFIED,
}
UNIT_STATUS = {
    "draft": "draft",
    "submitted": "submitted",
    "changes_requested": "changes_requested",
    "registered": "registered",
    "change_notified": "registered",
    "rejected": "rejected",
    "withdrawn": "withdrawn",
    "struck_off": "struck_off",
}
REJECTION_REASONS = {
    "standards": gettext_lazy("Does not meet the registration standards (法10条4項)"),
    "disqualified": gettext_lazy("The applicant is disqualified (法11条2項)"),
    "false_statement": gettext_lazy("False statement in the application"),
    "duplicate": gettext_lazy("Duplicate application"),
}
STRIKE_OFF_REASONS = {
    "refused_tenants": gettext_lazy("Refused tenants it had said it would accept (基本方針)"),
    "no_longer_meets_standards": gettext_lazy("No longer meets the registration standards"),
    "instruction_ignored": gettext_lazy("Did not follow an instruction"),
    "withdrawn": gettext_lazy("Withdrawal notified by the landlord (法14条)"),
}


class SubmissionBlocked(Exception):
    def __init__(self, result: CheckResult) -> None:
        super().__init__("the standards check has errors")
        self.result = result


def _applicant_kind(actor: Actor, operator: Organisation) -> workflow.ActorKind:
    if not operators_actable_by(actor.access).filter(pk=operator.pk).exists():
        raise PermissionDenied(_("You may not act for this landlord."))
    if actor.access.has(kinds=("operator",), roles=WRITERS, organisation_id=operator.pk):
        return workflow.ActorKind.OPERATOR
    return workflow.ActorKind.AGENT


def _require_reviewer(actor: Actor, registration: Registration) -> None:
    if registration.authority_code not in authority_codes(actor.access, roles=WRITERS):
        raise PermissionDenied(_("Only a reviewer of the registration authority may do this."))


def _authority_org(code: str) -> Organisation | None:
    return Organisation.objects.filter(kind="authority", authority_code=code).order_by("pk").first()


_notify = notify


# ------------------------------------------------------------------------------------------- buildings
# What the building and unit services write: the model fields of sumai.registry.fields.
BUILDING_FIELDS = BUILDING.model_fields
UNIT_FIELDS = UNIT.model_fields


def _place_building(building: Building) -> None:
    """Set the authority from the municipality, and a map position from the municipal office if none."""
    building.authority_code = registration_authority(building.municipality_id).code
    if building.lat is None or building.lon is None:
        m = Municipality.objects.only("lat", "lon", "parent").get(pk=building.municipality_id)
        building.lat, building.lon = m.lat, m.lon


@transaction.atomic
def building_create(
    *, actor: Actor, operator: Organisation, data: dict[str, Any], units: list[dict[str, Any]] | None = None
) -> Building:
    _applicant_kind(actor, operator)
    building = Building(operator=operator, **{k: v for k, v in data.items() if k in BUILDING_FIELDS})
    _place_building(building)
    building.full_clean()
    building.save()
    Registration.objects.create(building=building, authority_code=building.authority_code)
    for unit_data in units or []:
        Unit.objects.create(building=building, **{k: v for k, v in unit_data.items() if k in UNIT_FIELDS})
    record_event(
        actor=actor.user,
        action=RegistryAction.BUILDING_CREATE,
        obj=building,
        organisation=operator,
        after=snapshot(building),
    )
    return building


def _require_editable(registration: Registration) -> None:
    if registration.state not in EDITABLE_STATES:
        raise ValidationError(
            _(
                "This registration is %(state)s; it can only be edited as a draft or when "
                "changes were requested."
            )
            % {"state": registration.get_state_display()}
        )


@transaction.atomic
def building_update(*, actor: Actor, building: Building, data: dict[str, Any]) -> Building:
    _applicant_kind(actor, building.operator)
    _require_editable(building.registration)
    before = snapshot(building)
    for key, value in data.items():
        if key in BUILDING_FIELDS:
            setattr(building, key, value)
    _place_building(building)
    building.full_clean()
    building.save()
    Registration.objects.filter(pk=building.registration.pk).update(authority_code=building.authority_code)
    record_event(
        actor=actor.user,
        action=RegistryAction.BUILDING_UPDATE,
        obj=building,
        organisation=building.operator,
        before=before,
        after=snapshot(building),
    )
    return building


@transaction.atomic
def unit_save(*, actor: Actor, building: Building, data: dict[str, Any], unit: Unit | None = None) -> Unit:
    _applicant_kind(actor, building.operator)
    _require_editable(building.registration)
    before = snapshot(unit) if unit else None
    unit = unit or Unit(building=building)
    for key, value in data.items():
        if key in UNIT_FIELDS:
            setattr(unit, key, value)
    unit.full_clean()
    unit.save()
    record_event(
        actor=actor.user,
        action=RegistryAction.UNIT_UPDATE if before else RegistryAction.UNIT_CREATE,
        obj=unit,
        organisation=building.operator,
        before=before,
        after=snapshot(unit),
    )
    return unit


@transaction.atomic
def unit_delete(*, actor: Actor, unit: Unit) -> None:
    _applicant_kind(actor, unit.building.operator)
    _require_editable(unit.building.registration)
    before = snapshot(unit)
    record_event(
        actor=actor.user,
        action=RegistryAction.UNIT_DELETE,
        obj=unit,
        organisation=unit.building.operator,
        before=before,
    )
    unit.delete()


# ------------------------------------------------------------------------------------------- workflow
def _transition(
    *,
    actor: Actor,
    registration: Registration,
    action: workflow.Action,
    actor_kind: workflow.ActorKind,
    version: int,
    **updates: Any,
) -> Registration:
    """Move the registration along the domain's state table (the kernel's workflow engine: optimistic
    locking, one audit event), then the units' public status and the search index with it."""
    step = advance(
        registration,
        table=workflow.REGISTRATION,
        action=action,
        actor=actor,
        actor_kind=actor_kind,
        version=version,
        audit_action=RegistryAction(f"registration.{action.value}"),
        organisation=registration.building.operator,
        updates=updates,
        audit_fields=("registration_number", "registered_on"),
        conflict_message=_("Someone else changed this registration a moment ago. Reload the page to see it."),
    )
    current: Registration = step.obj
    Unit.objects.filter(building_id=current.building_id, included=True).update(
        status=UNIT_STATUS[step.after],
        registration_number=current.registration_number,
        registered_on=current.registered_on,
    )
    events.send_registration_changed([current.building_id])  # the public sees what is registered, at once
    return current


ALLOWED_TYPES = {
    Attachment.Kind.FLOOR_PLAN: {"application/pdf", "image/jpeg", "image/png"},
    Attachment.Kind.PHOTO: {"image/jpeg", "image/png", "image/webp"},
    Attachment.Kind.PLEDGE: {"application/pdf", "image/jpeg", "image/png"},
    Attachment.Kind.SEISMIC: {"application/pdf", "image/jpeg", "image/png"},
    Attachment.Kind.OTHER: {"application/pdf", "image/jpeg", "image/png", "image/webp"},
}


def document_findings(building: Building, registration: Registration) -> list[Finding]:
    """The documents an application needs (規則10条): a floor plan, the pledge of no disqualification, and
    for a building whose construction started before the 1981 seismic code, a seismic document."""
    kinds = set(registration.attachments.values_list("kind", flat=True))
    out: list[Finding] = []
    for kind, code in ((Attachment.Kind.FLOOR_PLAN, "floor_plan"), (Attachment.Kind.PLEDGE, "pledge")):
        if kind not in kinds:
            out.append(
                Finding(
                    code=f"building.documents.{code}_missing",
                    severity=Severity.ERROR,
                    message_key=f"standards.building.documents.{code}_missing",
                    ref="規則10条",
                )
            )
    cutoff = standards.national_rules(timezone.localdate()).seismic_new_code_from
    if building.construction_started < cutoff and Attachment.Kind.SEISMIC not in kinds:
        out.append(
            Finding(
                code="building.documents.seismic_missing",
                severity=Severity.ERROR,
                message_key="standards.building.documents.seismic_missing",
                ref="規則10条",
                value=building.construction_started.isoformat(),
                limit=cutoff.isoformat(),
            )
        )
    return out


def standards_check(building: Building, *, with_documents: bool = True) -> CheckResult:
    result = check_building(building, list(building.units.all()), on=timezone.localdate())
    if not with_documents:
        return result
    docs = document_findings(building, building.registration)
    if not docs:
        return result
    return CheckResult(False, [*result.building, *docs], result.units)


@transaction.atomic
def attachment_add(
    *, actor: Actor, registration: Registration, kind: str, upload: Any, unit: Unit | None = None
) -> Attachment:
    """Attach a document after checking its kind, size and real content type (not just its name)."""
    _applicant_kind(actor, registration.building.operator)
    _require_editable(registration)
    if kind not in Attachment.Kind.values:
        raise ValidationError({"kind": _("Choose what the document is.")})
    content_type = check_upload(
        upload,
        field="file",
        allowed=ALLOWED_TYPES[Attachment.Kind(kind)],
        wrong_type=_("This kind of document must be a PDF, JPEG or PNG file (photos may also be WebP)."),
    )
    attachment = Attachment.objects.create(
        registration=registration,
        unit=unit if unit is not None and unit.building_id == registration.building_id else None,
        kind=kind,
        file=upload,
        original_name=str(upload.name)[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor.user if isinstance(actor.user, User) else None,
    )
    record_event(
        actor=actor.user,
        action=RegistryAction.ATTACHMENT_ADD,
        obj=attachment,
        organisation=registration.building.operator,
        after={"kind": kind, "name": attachment.original_name, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Actor, attachment: Attachment) -> None:
    registration = attachment.registration
    _applicant_kind(actor, registration.building.operator)
    _require_editable(registration)
    record_event(
        actor=actor.user,
        action=RegistryAction.ATTACHMENT_DELETE,
        obj=attachment,
        organisation=registration.building.operator,
        before={"kind": attachment.kind, "name": attachment.original_name},
    )
    name = attachment.file.name or ""
    attachment.delete()
    delete_file_after_commit(attachment.file.storage, name)  # the file goes only if the delete commits


@transaction.atomic
def registration_submit(
    *, actor: Actor, registration: Registration, version: int, note: str = ""
) -> Registration:
    building = registration.building
    kind = _applicant_kind(actor, building.operator)
    result = standards_check(building)
    if not result.ok:
        raise SubmissionBlocked(result)
    reg = _transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.SUBMIT,
        actor_kind=kind,
        version=version,
        findings=result.as_json(),
        submitted_at=timezone.now(),
        warnings_acknowledged_by=None,
    )
    if note:
        ReviewNote.objects.create(
            registration=reg, author=actor.user, organisation=building.operator, action="submit", text=note
        )
    link = reverse("registry:review", kwargs={"pk": reg.pk})
    _notify(
        _authority_org(reg.authority_code),
        _("New application to review: %(name)s (%(address)s)")
        % {"name": building.name, "address": building.address},
        link,
    )
    return reg


@transaction.atomic
def registration_recall(*, actor: Actor, registration: Registration, version: int) -> Registration:
    kind = _applicant_kind(actor, registration.building.operator)
    return _transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.RECALL,
        actor_kind=kind,
        version=version,
    )


@transaction.atomic
def review_request_changes(
    *, actor: Actor, registration: Registration, version: int, comment: str
) -> Registration:
    _require_reviewer(actor, registration)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the landlord must change.")})
    reg = _transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.REQUEST_CHANGES,
        actor_kind=workflow.ActorKind.AUTHORITY,
        version=version,
    )
    ReviewNote.objects.create(
        registration=reg,
        author=actor.user,
        organisation=_authority_org(reg.authority_code),
        action="request_changes",
        text=comment.strip(),
    )
    _notify(
        reg.building.operator,
        _("Changes requested for %(name)s: %(comment)s")
        % {"name": reg.building.name, "comment": comment.strip()[:150]},
        reverse("registry:building", kwargs={"pk": reg.building_id}),
    )
    return reg


def _next_number(authority_code: str, year: int) -> str:
    prefix = f"{authority_code}-{year}-"
    last = (
        Registration.objects.filter(registration_number__startswith=prefix)
        .order_by("-registration_number")
        .values_list("registration_number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


@transaction.atomic
def review_register(
    *, actor: Actor, registration: Registration, version: int, acknowledge_warnings: bool = False
) -> Registration:
    """Register (法10条): give a number and a date. Warnings (e.g. an acceptance range that may restrict
    unduly) must be acknowledged by the reviewer first; errors block registration."""
    _require_reviewer(actor, registration)
    result = standards_check(registration.building)
    if not result.ok:
        raise SubmissionBlocked(result)
    if result.warnings and not acknowledge_warnings:
        raise ValidationError(
            {"acknowledge_warnings": _("Confirm that you have checked the warnings before registering.")}
        )
    today = timezone.localdate()
    reg = _transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.REGISTER,
        actor_kind=workflow.ActorKind.AUTHORITY,
        version=version,
        registration_number=registration.registration_number
        or _next_number(registration.authority_code, today.year),
        registered_on=today,
        findings=result.as_json(),
        warnings_acknowledged_by=actor.user if result.warnings else None,
    )
    ReviewNote.objects.create(
        registration=reg,
        author=actor.user,
        organisation=_authority_org(reg.authority_code),
        action="register",
        text="",
    )
    _notify(
        reg.building.operator,
        _("%(name)s is registered as safety-net housing (No. %(number)s).")
        % {"name": reg.building.name, "number": reg.registration_number},
        reverse("registry:building", kwargs={"pk": reg.building_id}),
    )
    return reg


def _authority_decision_with_reason(
    *,
    actor: Actor,
    registration: Registration,
    version: int,
    action: workflow.Action,
    reasons: dict[str, Any],
    reason_code: str,
    comment: str,
    message: str,
) -> Registration:
    """A reviewer's decision that needs a coded reason (reject, strike off): check, move, note, notify."""
    _require_reviewer(actor, registration)
    if reason_code not in reasons:
        raise ValidationError({"reason_code": _("Choose a reason.")})
    reg = _transition(
        actor=actor,
        registration=registration,
        action=action,
        actor_kind=workflow.ActorKind.AUTHORITY,
        version=version,
    )
    ReviewNote.objects.create(
        registration=reg,
        author=actor.user,
        organisation=_authority_org(reg.authority_code),
        action=action.value,
        reason_code=reason_code,
        text=comment.strip(),
    )
    _notify(
        reg.building.operator,
        message % {"name": reg.building.name},
        reverse("registry:building", kwargs={"pk": reg.building_id}),
    )
    return reg


@transaction.atomic
def review_reject(
    *, actor: Actor, registration: Registration, version: int, reason_code: str, comment: str
) -> Registration:
    """不適合 (法10条4項) or 欠格 (法11条2項), with a coded reason."""
    return _authority_decision_with_reason(
        actor=actor,
        registration=registration,
        version=version,
        action=workflow.Action.REJECT,
        reasons=REJECTION_REASONS,
        reason_code=reason_code,
        comment=comment,
        message=_("The application for %(name)s was not accepted."),
    )


@transaction.atomic
def registration_notify_change(
    *, actor: Actor, registration: Registration, version: int, text: str
) -> Registration:
    """変更届出 (within a month of the change, S2): the landlord says what changes, edits the building and
    units, and the authority accepts the change."""
    kind = _applicant_kind(actor, registration.building.operator)
    if not text.strip():
        raise ValidationError({"text": _("Say what changes.")})
    reg = _transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.NOTIFY_CHANGE,
        actor_kind=kind,
        version=version,
        submitted_at=timezone.now(),
    )
    ReviewNote.objects.create(
        registration=reg,
        author=actor.user if isinstance(actor.user, User) else None,
        organisation=reg.building.operator,
        action="notify_change",
        text=text.strip(),
    )
    _notify(
        _authority_org(reg.authority_code),
        _("Change notice for %(name)s: %(text)s") % {"name": reg.building.name, "text": text.strip()[:150]},
        reverse("registry:review", kwargs={"pk": reg.pk}),
    )
    return reg


@transaction.atomic
def review_accept_change(*, actor: Actor, registration: Registration, version: int) -> Registration:
    """Accept a change notice: the registry is updated with the building as it now stands."""
    _require_reviewer(actor, registration)
    result = standards_check(registration.building)
    if not result.ok:
        raise SubmissionBlocked(result)
    reg = _transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.ACCEPT_CHANGE,
        actor_kind=workflow.ActorKind.AUTHORITY,
        version=version,
        findings=result.as_json(),
    )
    ReviewNote.objects.create(
        registration=reg,
        author=actor.user,
        organisation=_authority_org(reg.authority_code),
        action="accept_change",
        text="",
    )
    _notify(
        reg.building.operator,
        _("The change notice for %(name)s was accepted.") % {"name": reg.building.name},
        reverse("registry:building", kwargs={"pk": reg.building_id}),
    )
    return reg


@transaction.atomic
def registration_withdraw(
    *, actor: Actor, registration: Registration, version: int, comment: str = ""
) -> Registration:
    kind = _applicant_kind(actor, registration.building.operator)
    reg = _transition(
        actor=actor,
        registration=registration,
        action=workflow.Action.WITHDRAW,
        actor_kind=kind,
        version=version,
    )
    ReviewNote.objects.create(
        registration=reg,
        author=actor.user,
        organisation=registration.building.operator,
        action="withdraw",
        text=comment.strip(),
    )
    _notify(
        _authority_org(reg.authority_code),
        _("%(name)s: the landlord withdrew the registration.") % {"name": reg.building.name},
        reverse("registry:review", kwargs={"pk": reg.pk}),
    )
    return reg


@transaction.atomic
def registration_strike_off(
    *, actor: Actor, registration: Registration, version: int, reason_code: str, comment: str
) -> Registration:
    """登録の抹消 by the authority, with a coded reason."""
    return _authority_decision_with_reason(
        actor=actor,
        registration=registration,
        version=version,
        action=workflow.Action.STRIKE_OFF,
        reasons=STRIKE_OFF_REASONS,
        reason_code=reason_code,
        comment=comment,
        message=_("The registration of %(name)s was struck off."),
    )


@transaction.atomic
def supervision_instruction(*, actor: Actor, registration: Registration, text: str) -> ReviewNote:
    """An instruction (指示) to the landlord of a registered building; audited and notified."""
    _require_reviewer(actor, registration)
    if registration.state not in (Registration.State.REGISTERED, Registration.State.CHANGE_NOTIFIED):
        raise ValidationError(_("Instructions are for registered buildings."))
    if not text.strip():
        raise ValidationError({"text": _("Write the instruction.")})
    note = ReviewNote.objects.create(
        registration=registration,
        author=actor.user,
        organisation=_authority_org(registration.authority_code),
        action="instruction",
        text=text.strip(),
    )
    record_event(
        actor=actor.user,
        action=RegistryAction.REGISTRATION_INSTRUCTION,
        obj=registration,
        organisation=registration.building.operator,
        after={"text": text.strip()},
    )
    _notify(
        registration.building.operator,
        _("Instruction from the registration authority about %(name)s.")
        % {"name": registration.building.name},
        reverse("registry:building", kwargs={"pk": registration.building_id}),
    )
    return note


def has_errors(findings: list[dict[str, object]]) -> bool:
    return any(f.get("severity") == Severity.ERROR.value for f in findings)


# ------------------------------------------------------------------------------------ operators and agents
PROFILE_FIELDS = [
    "operator_type",
    "representative",
    "postal_code",
    "address",
    "officers",
    "sublease",
    "owner_name",
    "pledge_signed_on",
]


def _require_operator_member(actor: Actor, operator: Organisation, roles: tuple[str, ...]) -> None:
    if operator.kind != Organisation.Kind.OPERATOR:
        raise ValidationError(_("This is not a landlord's organisation."))
    if not (
        actor.access.is_superuser
        or actor.access.has(kinds=("operator",), roles=roles, organisation_id=operator.pk)
    ):
        raise PermissionDenied(_("Only the landlord's own administrators may do this."))


@transaction.atomic
def operator_profile_save(*, actor: Actor, operator: Organisation, data: dict[str, Any]) -> OperatorProfile:
    """The landlord's particulars for the registry (法9条1項1号): who it is, its officers, sublease."""
    _require_operator_member(actor, operator, WRITERS)
    profile = OperatorProfile.objects.filter(organisation=operator).first()
    before = snapshot(profile) if profile else None
    profile = profile or OperatorProfile(organisation=operator)
    for key, value in data.items():
        if key in PROFILE_FIELDS:
            setattr(profile, key, value)
    profile.full_clean()
    profile.save()
    record_event(
        actor=actor.user,
        action=RegistryAction.OPERATOR_PROFILE,
        obj=profile,
        organisation=operator,
        before=before,
        after=snapshot(profile),
    )
    return profile


@transaction.atomic
def agent_authorise(*, actor: Actor, operator: Organisation, agent: Organisation) -> AgentAuthorisation:
    """The landlord lets an agent (宅建業者・管理会社) register and manage its housing on its behalf."""
    _require_operator_member(actor, operator, ("admin",))
    if agent.kind != Organisation.Kind.AGENT:
        raise ValidationError(_("Only an agent or management company can act for a landlord."))
    existing = AgentAuthorisation.objects.filter(
        agent=agent, operator=operator, revoked_at__isnull=True
    ).first()
    if existing:
        return existing
    authorisation = AgentAuthorisation.objects.create(agent=agent, operator=operator, granted_by=actor.user)
    record_event(
        actor=actor.user,
        action=RegistryAction.AGENT_AUTHORISE,
        obj=authorisation,
        organisation=operator,
        after={"agent": agent.pk, "agent_name": agent.name},
    )
    _notify(
        agent,
        _("%(operator)s authorised you to act for it on Sumai.") % {"operator": operator.name},
        reverse("registry:buildings"),
    )
    return authorisation


@transaction.atomic
def agent_revoke(*, actor: Actor, authorisation: AgentAuthorisation) -> None:
    _require_operator_member(actor, authorisation.operator, ("admin",))
    if authorisation.revoked_at is None:
        authorisation.revoked_at = timezone.now()
        authorisation.save(update_fields=["revoked_at"])
        record_event(
            actor=actor.user,
            action=RegistryAction.AGENT_REVOKE,
            obj=authorisation,
            organisation=authorisation.operator,
            before={"agent": authorisation.agent_id},
        )
