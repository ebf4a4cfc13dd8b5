"""The designation (法59条), the corporation's side: its application, submission, recall and reapplication;
and the one way a designation moves (:func:`transition`, the kernel's workflow engine on the domain's state
table) with the notes that go with a step. The prefecture's side is in :mod:`.review`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sumai.accounts.models import Organisation
from sumai.audit.services import record_event, snapshot
from sumai.core.actor import Actor
from sumai.core.notifications import notify
from sumai.core.workflow import advance
from sumai.domain import reasons
from sumai.domain import support as domain
from sumai.support.actions import SupportAction
from sumai.support.models import DesignationNote, LegalForm, Service, SupportCorporation
from sumai.support.services.common import (
    clean_officers,
    prefecture_organisation,
    require_member,
    review_link,
    user_of,
)

# The words for the domain's coded reasons (sumai.domain.reasons holds the codes and their articles); a code
# without words fails at start-up.
_REASON_WORDS = {
    "not_eligible_body": gettext_lazy("Not a kind of corporation the law allows (法59条)"),
    "unsound_plan": gettext_lazy("The business plan or its financial or technical basis is not sound"),
    "officers": gettext_lazy("The composition of the officers is not fair, or an officer is disqualified"),
    "conflict": gettext_lazy("Other business would get in the way of fair support work"),
    "incomplete": gettext_lazy("The application stayed incomplete after a request for changes"),
    "notified": gettext_lazy("Suspension notified by the corporation"),
    "staff": gettext_lazy("Not enough staff to do the work"),
    "order": gettext_lazy("Ordered by the prefecture (supervision)"),
    "violation": gettext_lazy("Broke the law or an order under it"),
    "no_longer_meets": gettext_lazy("No longer meets the designation criteria"),
    "false_application": gettext_lazy("Designated on a false application"),
    "filings_missing": gettext_lazy("Did not file its business plan or report"),
}
REJECTION_REASONS = {r.code: _REASON_WORDS[r.code] for r in reasons.DESIGNATION_REJECTION}
SUSPENSION_REASONS = {r.code: _REASON_WORDS[r.code] for r in reasons.DESIGNATION_SUSPENSION}
REVOCATION_REASONS = {r.code: _REASON_WORDS[r.code] for r in reasons.DESIGNATION_REVOCATION}
REASONS = {
    domain.Action.REJECT: REJECTION_REASONS,
    domain.Action.SUSPEND: SUSPENSION_REASONS,
    domain.Action.REVOKE: REVOCATION_REASONS,
}
APPLICATION_FIELDS = [
    "legal_form",
    "corporate_number",
    "representative",
    "postal_code",
    "address",
    "officers",
    "business_plan",
    "phone",
    "email",
]


# ---------------------------------------------------------------------------------------- application
def _set_tasks(corporation: SupportCorporation, task_codes: list[str]) -> None:
    findings = domain.check_tasks(task_codes, timezone.localdate())
    if findings:
        raise ValidationError({"tasks": _("Choose at least one task of the law.")})
    Service.objects.filter(corporation=corporation).exclude(task__in=task_codes).delete()
    existing = set(corporation.services.values_list("task", flat=True))
    for code in task_codes:
        if code not in existing:
            Service.objects.create(corporation=corporation, task=code)


@transaction.atomic
def application_save(
    *, actor: Actor, organisation: Organisation, data: dict[str, Any], tasks: list[str]
) -> SupportCorporation:
    """Create or edit the application (指定申請書) while it is a draft or changes were requested."""
    require_member(actor, organisation.pk)
    if organisation.kind != Organisation.Kind.SUPPORT_CORPORATION:
        raise ValidationError(_("Only a support corporation's organisation can apply for designation."))
    corporation = SupportCorporation.objects.select_for_update().filter(organisation=organisation).first()
    before = snapshot(corporation) if corporation else None
    if corporation is None:
        prefecture = data.get("prefecture") or organisation.prefecture_id
        if not prefecture:
            raise ValidationError({"prefecture": _("Choose the prefecture you apply to.")})
        corporation = SupportCorporation(organisation=organisation, prefecture_id=str(prefecture))
    elif corporation.state not in domain.EDITABLE_STATES:
        raise ValidationError(
            _(
                "The application is %(state)s; it can be edited only as a draft or when changes "
                "were requested."
            )
            % {"state": corporation.get_state_display()}
        )
    elif data.get("prefecture"):
        corporation.prefecture_id = str(data["prefecture"])
    for key in APPLICATION_FIELDS:
        if key in data:
            setattr(corporation, key, clean_officers(data[key]) if key == "officers" else data[key])
    corporation.full_clean(exclude=["organisation"])
    corporation.save()
    _set_tasks(corporation, list(tasks))
    record_event(
        actor=actor.user,
        action=SupportAction.APPLICATION_SAVE,
        obj=corporation,
        organisation=organisation,
        before=before,
        after={**snapshot(corporation), "tasks": sorted(tasks)},
    )
    return corporation


def missing_for_submission(corporation: SupportCorporation) -> dict[str, str]:
    """Fields the application still needs, each with a message that names it."""
    out: dict[str, str] = {}
    if corporation.legal_form not in LegalForm.values:
        out["legal_form"] = _("Choose the legal form.")
    if not corporation.representative.strip():
        out["representative"] = _("Name the representative.")
    if not corporation.address.strip():
        out["address"] = _("Give the address of the main office.")
    if not corporation.officers:
        out["officers"] = _("List the officers.")
    if not corporation.business_plan.strip():
        out["business_plan"] = _("Describe the business plan.")
    tasks = list(corporation.services.values_list("task", flat=True))
    if domain.check_tasks(tasks, timezone.localdate()):
        out["tasks"] = _("Choose at least one task of the law.")
    return out


def transition(
    *,
    actor: Actor,
    corporation: SupportCorporation,
    action: domain.Action,
    actor_kind: domain.ActorKind,
    version: int,
    **updates: Any,
) -> SupportCorporation:
    """Move the designation along the domain's table (the kernel's workflow engine: optimistic locking,
    one audit event)."""
    step = advance(
        corporation,
        table=domain.DESIGNATION,
        action=action,
        actor=actor,
        actor_kind=actor_kind,
        version=version,
        audit_action=SupportAction(f"support.{action.value}"),
        organisation=corporation.organisation,
        updates=updates,
        audit_fields=("designation_number", "designated_on", "ended_on"),
        audit_extra={"actor_kind": actor_kind.value},
    )
    result: SupportCorporation = step.obj
    return result


def write_note(
    corporation: SupportCorporation, actor: Actor, action: str, text: str = "", reason: str = ""
) -> None:
    org = (
        prefecture_organisation(corporation.prefecture_id)
        if action in ("request_changes", "designate", "reject", "revoke")
        else corporation.organisation
    )
    DesignationNote.objects.create(
        corporation=corporation,
        author=user_of(actor),
        organisation=org,
        action=action,
        reason_code=reason,
        text=text.strip(),
    )


@transaction.atomic
def application_submit(
    *, actor: Actor, corporation: SupportCorporation, version: int, note: str = ""
) -> SupportCorporation:
    require_member(actor, corporation.organisation_id)
    missing = missing_for_submission(corporation)
    if missing:
        raise ValidationError(missing)
    corp = transition(
        actor=actor,
        corporation=corporation,
        action=domain.Action.SUBMIT,
        actor_kind=domain.ActorKind.CORPORATION,
        version=version,
        submitted_at=timezone.now(),
    )
    if note.strip():
        write_note(corp, actor, "submit", note)
    notify(
        prefecture_organisation(corp.prefecture_id),
        _("New application for designation as a housing support corporation: %(name)s") % {"name": corp.name},
        review_link(corp),
    )
    return corp


@transaction.atomic
def application_recall(*, actor: Actor, corporation: SupportCorporation, version: int) -> SupportCorporation:
    require_member(actor, corporation.organisation_id)
    return transition(
        actor=actor,
        corporation=corporation,
        action=domain.Action.RECALL,
        actor_kind=domain.ActorKind.CORPORATION,
        version=version,
    )


@transaction.atomic
def application_reapply(*, actor: Actor, corporation: SupportCorporation, version: int) -> SupportCorporation:
    require_member(actor, corporation.organisation_id)
    return transition(
        actor=actor,
        corporation=corporation,
        action=domain.Action.REAPPLY,
        actor_kind=domain.ActorKind.CORPORATION,
        version=version,
    )
