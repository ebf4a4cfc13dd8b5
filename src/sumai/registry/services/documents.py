"""Documents of an application (規則10条): attachments checked by kind, size and real content, the findings
of missing documents, and the standards check with them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.accounts.models import User
from sumai.audit.services import record_event
from sumai.core.actor import Actor
from sumai.core.transactions import delete_file_after_commit
from sumai.core.uploads import check_upload
from sumai.domain import standards
from sumai.domain.findings import Finding, Severity
from sumai.registry.actions import RegistryAction
from sumai.registry.checks import CheckResult, check_building
from sumai.registry.models import (
    Attachment,
    Building,
    Registration,
    Unit,
)
from sumai.registry.services import changes
from sumai.registry.services.common import (
    applicant_kind,
    require_editable,
)

APPLICATION_STATES = (
    Registration.State.DRAFT,
    Registration.State.SUBMITTED,
    Registration.State.CHANGES_REQUESTED,
)

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
    # How the public reaches the landlord (the national system lists a contact, usually the agent, on every
    # home): required of a new application; a registered building's change notice is not held up by it.
    if registration.state in APPLICATION_STATES and not (building.contact_name and building.contact_phone):
        out.append(
            Finding(
                code="building.contact.missing",
                severity=Severity.ERROR,
                message_key="standards.building.contact.missing",
                ref="",
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


def change_check(registration: Registration) -> CheckResult:
    """The check that decides a change notice: today's standards, but a finding the accepted version had
    already (same unit, rule and value) was accepted with it and is left out — what blocks is what the
    notice makes wrong (#14 item 8) — and the documents. Without a copy of the accepted version (a notice
    opened before copies were kept) everything is checked."""
    accepted = changes.accepted_objects(registration)
    if accepted is None:
        return standards_check(registration.building)
    today = timezone.localdate()
    building = registration.building
    now = check_building(building, list(building.units.all()), on=today)
    before = check_building(accepted[0], accepted[1], on=today)
    known_building = {(f.code, str(f.value)) for f in before.building}
    known_units = {(u.unit_number, u.finding.code, str(u.finding.value)) for u in before.units}
    new_building = [f for f in now.building if (f.code, str(f.value)) not in known_building]
    new_units = [
        u for u in now.units if (u.unit_number, u.finding.code, str(u.finding.value)) not in known_units
    ]
    findings = [*new_building, *document_findings(building, registration)]
    ok = not any(f.severity is Severity.ERROR for f in [*findings, *(u.finding for u in new_units)])
    return CheckResult(ok, findings, new_units)


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
    applicant_kind(actor, registration.building.operator)
    require_editable(registration)
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
    applicant_kind(actor, registration.building.operator)
    require_editable(registration)
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
