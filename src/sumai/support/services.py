"""Every write about support corporations. Each service checks who acts, runs the domain, writes one audit
event and sends notifications after commit."""

from __future__ import annotations

from datetime import date
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
from sumai.core.errors import Conflict
from sumai.core.notifications import notify
from sumai.core.roles import WRITERS
from sumai.core.workflow import advance
from sumai.domain import support as domain
from sumai.domain.jurisdiction import prefecture_lg_code
from sumai.places.models import Municipality
from sumai.support import selectors
from sumai.support.actions import SupportAction
from sumai.support.labels import GROUP_LABELS, LANGUAGE_LABELS
from sumai.support.models import (
    AnnualFiling,
    ChangeNotice,
    DesignationNote,
    LegalForm,
    Service,
    ServiceArea,
    SupportCorporation,
)

REJECTION_REASONS = {
    "not_eligible_body": gettext_lazy("Not a kind of corporation the law allows (法59条)"),
    "unsound_plan": gettext_lazy("The business plan or its financial or technical basis is not sound"),
    "officers": gettext_lazy("The composition of the officers is not fair, or an officer is disqualified"),
    "conflict": gettext_lazy("Other business would get in the way of fair support work"),
    "incomplete": gettext_lazy("The application stayed incomplete after a request for changes"),
}
SUSPENSION_REASONS = {
    "notified": gettext_lazy("Suspension notified by the corporation"),
    "staff": gettext_lazy("Not enough staff to do the work"),
    "order": gettext_lazy("Ordered by the prefecture (supervision)"),
}
REVOCATION_REASONS = {
    "violation": gettext_lazy("Broke the law or an order under it"),
    "no_longer_meets": gettext_lazy("No longer meets the designation criteria"),
    "false_application": gettext_lazy("Designated on a false application"),
    "filings_missing": gettext_lazy("Did not file its business plan or report"),
}
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
PROFILE_FIELDS = ["description", "phone", "email", "website", "hours", "groups", "languages", "fees"]
CHANGEABLE_FIELDS = ["representative", "postal_code", "address", "officers", "phone", "email"]
SERVICE_FIELDS = ["description", "fee", "free_of_charge"]


def _user(actor: Actor) -> User | None:
    return actor.user if isinstance(actor.user, User) else None


# ------------------------------------------------------------------------------------------ who acts
def _require_member(actor: Actor, organisation_id: int) -> None:
    if not selectors.may_act_for(actor.access, organisation_id, write=True):
        raise PermissionDenied(_("Only the corporation's own administrators and staff may do this."))


def _require_prefecture(actor: Actor, corporation: SupportCorporation) -> None:
    if corporation.prefecture_id not in selectors.designating_prefectures(actor.access, roles=WRITERS):
        raise PermissionDenied(_("Only a reviewer of the designating prefecture may do this."))


def _actor_kind(actor: Actor, corporation: SupportCorporation) -> domain.ActorKind:
    """The corporation's own staff act as the corporation, the prefecture's reviewers as the prefecture."""
    if corporation.prefecture_id in selectors.designating_prefectures(actor.access, roles=WRITERS):
        return domain.ActorKind.PREFECTURE
    if selectors.may_act_for(actor.access, corporation.organisation_id, write=True):
        return domain.ActorKind.CORPORATION
    raise PermissionDenied(_("You may not act on this corporation."))


# ------------------------------------------------------------------------------------------ notices
def prefecture_organisation(prefecture_code: str) -> Organisation | None:
    """The prefecture's own authority organisation (the one that designates)."""
    return (
        Organisation.objects.filter(
            kind="authority", municipality__isnull=True, authority_code=prefecture_lg_code(prefecture_code)
        )
        .order_by("pk")
        .first()
    )


_notify = notify


def _review_link(corporation: SupportCorporation) -> str:
    return reverse("support:review", kwargs={"pk": corporation.pk})


def _own_link(corporation: SupportCorporation) -> str:
    return reverse("support:application", kwargs={"org_id": corporation.organisation_id})


# ---------------------------------------------------------------------------------------- application
def _clean_officers(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise ValidationError({"officers": _("List the officers, one per line: name and title.")})
    out = []
    for row in value:
        if not isinstance(row, dict) or not str(row.get("name", "")).strip():
            raise ValidationError({"officers": _("Every officer needs a name.")})
        out.append({"name": str(row["name"]).strip()[:100], "title": str(row.get("title", "")).strip()[:50]})
    return out


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
    _require_member(actor, organisation.pk)
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
            setattr(corporation, key, _clean_officers(data[key]) if key == "officers" else data[key])
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


def _transition(
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


def _note(
    corporation: SupportCorporation, actor: Actor, action: str, text: str = "", reason: str = ""
) -> None:
    org = (
        prefecture_organisation(corporation.prefecture_id)
        if action in ("request_changes", "designate", "reject", "revoke")
        else corporation.organisation
    )
    DesignationNote.objects.create(
        corporation=corporation,
        author=_user(actor),
        organisation=org,
        action=action,
        reason_code=reason,
        text=text.strip(),
    )


@transaction.atomic
def application_submit(
    *, actor: Actor, corporation: SupportCorporation, version: int, note: str = ""
) -> SupportCorporation:
    _require_member(actor, corporation.organisation_id)
    missing = missing_for_submission(corporation)
    if missing:
        raise ValidationError(missing)
    corp = _transition(
        actor=actor,
        corporation=corporation,
        action=domain.Action.SUBMIT,
        actor_kind=domain.ActorKind.CORPORATION,
        version=version,
        submitted_at=timezone.now(),
    )
    if note.strip():
        _note(corp, actor, "submit", note)
    _notify(
        prefecture_organisation(corp.prefecture_id),
        _("New application for designation as a housing support corporation: %(name)s") % {"name": corp.name},
        _review_link(corp),
    )
    return corp


@transaction.atomic
def application_recall(*, actor: Actor, corporation: SupportCorporation, version: int) -> SupportCorporation:
    _require_member(actor, corporation.organisation_id)
    return _transition(
        actor=actor,
        corporation=corporation,
        action=domain.Action.RECALL,
        actor_kind=domain.ActorKind.CORPORATION,
        version=version,
    )


@transaction.atomic
def application_reapply(*, actor: Actor, corporation: SupportCorporation, version: int) -> SupportCorporation:
    _require_member(actor, corporation.organisation_id)
    return _transition(
        actor=actor,
        corporation=corporation,
        action=domain.Action.REAPPLY,
        actor_kind=domain.ActorKind.CORPORATION,
        version=version,
    )


# ------------------------------------------------------------------------------------------- review
@transaction.atomic
def review_request_changes(
    *, actor: Actor, corporation: SupportCorporation, version: int, comment: str
) -> SupportCorporation:
    _require_prefecture(actor, corporation)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the corporation must change.")})
    corp = _transition(
        actor=actor,
        corporation=corporation,
        action=domain.Action.REQUEST_CHANGES,
        actor_kind=domain.ActorKind.PREFECTURE,
        version=version,
    )
    _note(corp, actor, "request_changes", comment)
    _notify(
        corp.organisation,
        _("The prefecture asks for changes to your application: %(comment)s")
        % {"comment": comment.strip()[:150]},
        _own_link(corp),
    )
    return corp


def _next_number(prefecture_code: str, year: int) -> str:
    prefix = f"{prefecture_code}-{year}-"
    last = (
        SupportCorporation.objects.filter(designation_number__startswith=prefix)
        .order_by("-designation_number")
        .values_list("designation_number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{seq:03d}"


@transaction.atomic
def review_designate(
    *,
    actor: Actor,
    corporation: SupportCorporation,
    version: int,
    number: str = "",
    designated_on: date | None = None,
) -> SupportCorporation:
    """指定 (法59条1項): a number (the prefecture's own, or the next in ``PP-YYYY-NNN``) and a date."""
    _require_prefecture(actor, corporation)
    today = timezone.localdate()
    on = designated_on or today
    if on > today:
        raise ValidationError({"designated_on": _("The date of designation cannot be in the future.")})
    number = number.strip() or _next_number(corporation.prefecture_id, on.year)
    if SupportCorporation.objects.filter(designation_number=number).exclude(pk=corporation.pk).exists():
        raise ValidationError(
            {"number": _("Designation number %(number)s is already used.") % {"number": number}}
        )
    corp = _transition(
        actor=actor,
        corporation=corporation,
        action=domain.Action.DESIGNATE,
        actor_kind=domain.ActorKind.PREFECTURE,
        version=version,
        designation_number=number,
        designated_on=on,
        ended_on=None,
    )
    _note(corp, actor, "designate")
    _notify(
        corp.organisation,
        _(
            "You are designated as a housing support corporation (No. %(number)s). "
            "Set your service area and capacity."
        )
        % {"number": number},
        _own_link(corp),
    )
    return corp


def _with_reason(action: domain.Action, reason_code: str) -> None:
    if reason_code not in REASONS[action]:
        raise ValidationError({"reason_code": _("Choose a reason.")})


@transaction.atomic
def review_reject(
    *, actor: Actor, corporation: SupportCorporation, version: int, reason_code: str, comment: str
) -> SupportCorporation:
    _require_prefecture(actor, corporation)
    _with_reason(domain.Action.REJECT, reason_code)
    corp = _transition(
        actor=actor,
        corporation=corporation,
        action=domain.Action.REJECT,
        actor_kind=domain.ActorKind.PREFECTURE,
        version=version,
    )
    _note(corp, actor, "reject", comment, reason_code)
    _notify(
        corp.organisation,
        _("The prefecture did not designate %(name)s. The reason is on your application page.")
        % {"name": corp.name},
        _own_link(corp),
    )
    return corp


@transaction.atomic
def designation_step(
    *,
    actor: Actor,
    corporation: SupportCorporation,
    version: int,
    action: str,
    reason_code: str = "",
    comment: str = "",
) -> SupportCorporation:
    """Suspend (業務休止), resume (再開), revoke (指定の取消し) or abolish (廃止届): by the corporation or
    the prefecture as the state table allows; suspension and revocation need a reason."""
    try:
        act = domain.Action(action)
    except ValueError:
        raise ValidationError({"action": _("Choose what to do.")}) from None
    if act not in (domain.Action.SUSPEND, domain.Action.RESUME, domain.Action.REVOKE, domain.Action.ABOLISH):
        raise ValidationError({"action": _("Choose what to do.")})
    kind = _actor_kind(actor, corporation)
    if act in REASONS:
        _with_reason(act, reason_code)
    today = timezone.localdate()
    updates: dict[str, Any] = {}
    if act is domain.Action.SUSPEND:
        updates["suspended_on"] = today
    elif act is domain.Action.RESUME:
        updates["suspended_on"] = None
    else:
        updates["ended_on"] = today
    corp = _transition(
        actor=actor, corporation=corporation, action=act, actor_kind=kind, version=version, **updates
    )
    _note(corp, actor, act.value, comment, reason_code)
    messages = {
        domain.Action.SUSPEND: _("%(name)s: the support business is suspended."),
        domain.Action.RESUME: _("%(name)s: the support business has resumed."),
        domain.Action.REVOKE: _("%(name)s: the designation is revoked."),
        domain.Action.ABOLISH: _("%(name)s: the support business is abolished."),
    }
    message = messages[act] % {"name": corp.name}
    if kind is domain.ActorKind.PREFECTURE:
        _notify(corp.organisation, message, _own_link(corp))
    else:
        _notify(prefecture_organisation(corp.prefecture_id), message, _review_link(corp))
    return corp


# ------------------------------------------------------------------------------- change notices (変更届出)
@transaction.atomic
def change_notice_submit(
    *, actor: Actor, corporation: SupportCorporation, summary: str, effective_on: date, data: dict[str, Any]
) -> ChangeNotice:
    """A designated corporation notifies a change of its particulars; the record changes at once and the
    prefecture acknowledges the notice."""
    _require_member(actor, corporation.organisation_id)
    if corporation.state not in domain.HOLDS_DESIGNATION:
        raise ValidationError(_("Change notices are for designated corporations."))
    if not summary.strip():
        raise ValidationError({"summary": _("Say what changes.")})
    corp = SupportCorporation.objects.select_for_update().get(pk=corporation.pk)
    changes: dict[str, list[Any]] = {}
    for key in CHANGEABLE_FIELDS:
        if key not in data:
            continue
        value = _clean_officers(data[key]) if key == "officers" else data[key]
        if getattr(corp, key) != value:
            changes[key] = [getattr(corp, key), value]
            setattr(corp, key, value)
    corp.full_clean(exclude=["organisation"])
    corp.save()
    notice = ChangeNotice.objects.create(
        corporation=corp,
        summary=summary.strip(),
        changes=changes,
        effective_on=effective_on,
        submitted_by=_user(actor),
    )
    record_event(
        actor=actor.user,
        action=SupportAction.CHANGE_NOTICE,
        obj=corp,
        organisation=corp.organisation,
        before={k: v[0] for k, v in changes.items()},
        after={**{k: v[1] for k, v in changes.items()}, "notice": notice.pk, "summary": notice.summary},
    )
    _notify(
        prefecture_organisation(corp.prefecture_id),
        _("Change notice from %(name)s: %(summary)s") % {"name": corp.name, "summary": summary.strip()[:150]},
        _review_link(corp),
    )
    return notice


@transaction.atomic
def change_notice_acknowledge(*, actor: Actor, notice: ChangeNotice) -> ChangeNotice:
    corp = notice.corporation
    _require_prefecture(actor, corp)
    changed = ChangeNotice.objects.filter(pk=notice.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=_user(actor)
    )
    if changed != 1:
        raise Conflict(_("This change notice was already acknowledged."))
    notice.refresh_from_db()
    record_event(
        actor=actor.user,
        action=SupportAction.CHANGE_NOTICE_ACKNOWLEDGE,
        obj=notice,
        organisation=corp.organisation,
        after={"acknowledged_at": notice.acknowledged_at},
    )
    _notify(corp.organisation, _("The prefecture acknowledged your change notice."), _own_link(corp))
    return notice


# --------------------------------------------------------------------------- annual plan and report
@transaction.atomic
def filing_submit(
    *,
    actor: Actor,
    corporation: SupportCorporation,
    kind: str,
    fiscal_year: int,
    text: str,
    figures: dict[str, int | None] | None = None,
) -> AnnualFiling:
    """Submit the business plan or report of a fiscal year, or resubmit one the prefecture returned."""
    _require_member(actor, corporation.organisation_id)
    if corporation.state not in domain.HOLDS_DESIGNATION:
        raise ValidationError(_("Business plans and reports are filed by designated corporations."))
    if kind not in AnnualFiling.Kind.values:
        raise ValidationError({"kind": _("Choose a business plan or a business report.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the plan or the report.")})
    current_fy = domain.fiscal_year(timezone.localdate())
    if not (2017 <= fiscal_year <= current_fy + 1):
        raise ValidationError({"fiscal_year": _("Choose a fiscal year from 2017 to next year.")})
    figures = {
        k: v for k, v in (figures or {}).items() if k in ("consultations", "placements", "watch_over_clients")
    }
    filing = (
        AnnualFiling.objects.select_for_update()
        .filter(corporation=corporation, kind=kind, fiscal_year=fiscal_year)
        .first()
    )
    now = timezone.now()
    if filing is None:
        filing = AnnualFiling.objects.create(
            corporation=corporation,
            kind=kind,
            fiscal_year=fiscal_year,
            text=text.strip(),
            submitted_by=_user(actor),
            submitted_at=now,
            **figures,
        )
        action = SupportAction.FILING_SUBMIT
    else:
        try:
            target = domain.FILINGS.transition(
                filing.state, domain.FilingAction.RESUBMIT, domain.ActorKind.CORPORATION
            )
        except domain.TransitionError:
            raise ValidationError(
                _("The %(kind)s for fiscal year %(year)s was already submitted.")
                % {"kind": filing.get_kind_display(), "year": fiscal_year}
            ) from None
        for key, value in figures.items():
            setattr(filing, key, value)
        filing.text = text.strip()
        filing.state = target.value
        filing.submitted_at = now
        filing.submitted_by = _user(actor)
        filing.version += 1
        filing.save()
        action = SupportAction.FILING_RESUBMIT
    record_event(
        actor=actor.user,
        action=action,
        obj=filing,
        organisation=corporation.organisation,
        after={"kind": kind, "fiscal_year": fiscal_year, "state": filing.state, **figures},
    )
    _notify(
        prefecture_organisation(corporation.prefecture_id),
        _("%(name)s submitted its %(kind)s for fiscal year %(year)s.")
        % {"name": corporation.name, "kind": filing.get_kind_display(), "year": fiscal_year},
        _review_link(corporation),
    )
    return filing


@transaction.atomic
def filing_decide(
    *, actor: Actor, filing: AnnualFiling, version: int, action: str, comment: str = ""
) -> AnnualFiling:
    """The prefecture acknowledges a plan or report, or returns it with a comment."""
    corp = filing.corporation
    _require_prefecture(actor, corp)
    try:
        act = domain.FilingAction(action)
        domain.FILINGS.transition(filing.state, act, domain.ActorKind.PREFECTURE)  # refuse early
    except ValueError:
        raise ValidationError({"action": _("Choose what to do.")}) from None
    except domain.TransitionError as exc:
        raise ValidationError(str(exc)) from exc
    if act is domain.FilingAction.RETURN and not comment.strip():
        raise ValidationError({"comment": _("Say what the corporation must change.")})
    step = advance(
        filing,
        table=domain.FILINGS,
        action=act,
        actor=actor,
        actor_kind=domain.ActorKind.PREFECTURE,
        version=version,
        audit_action=SupportAction(f"support.filing.{act.value}"),
        organisation=corp.organisation,
        updates={"comment": comment.strip(), "decided_by": _user(actor), "decided_at": timezone.now()},
        audit_fields=("comment",),
    )
    filing = step.obj
    message = (
        _("The prefecture acknowledged your %(kind)s for fiscal year %(year)s.")
        if act is domain.FilingAction.ACKNOWLEDGE
        else _("The prefecture returned your %(kind)s for fiscal year %(year)s.")
    )
    _notify(
        corp.organisation,
        message % {"kind": filing.get_kind_display(), "year": filing.fiscal_year},
        reverse("support:filings", kwargs={"org_id": corp.organisation_id}),
    )
    return filing


# ------------------------------------------------------------- the public record: services, area and capacity
@transaction.atomic
def profile_save(
    *,
    actor: Actor,
    corporation: SupportCorporation,
    data: dict[str, Any],
    services: dict[int, dict[str, Any]] | None = None,
) -> SupportCorporation:
    """What the public reads: description, contact, hours, groups, languages, fees, and per task its
    description and fee."""
    _require_member(actor, corporation.organisation_id)
    corp = SupportCorporation.objects.select_for_update().get(pk=corporation.pk)
    before = snapshot(corp, PROFILE_FIELDS)
    for key in PROFILE_FIELDS:
        if key in data:
            setattr(corp, key, data[key])
    bad_groups = [g for g in corp.groups if g not in GROUP_LABELS]
    if bad_groups:
        raise ValidationError({"groups": _("Unknown group: %(code)s") % {"code": bad_groups[0]}})
    bad_langs = [x for x in corp.languages if x not in LANGUAGE_LABELS]
    if bad_langs:
        raise ValidationError({"languages": _("Unknown language: %(code)s") % {"code": bad_langs[0]}})
    corp.full_clean(exclude=["organisation"])
    corp.save()
    for service in corp.services.all():
        values = (services or {}).get(service.pk)
        if not values:
            continue
        for key in SERVICE_FIELDS:
            if key in values:
                setattr(service, key, values[key])
        service.full_clean()
        service.save()
    record_event(
        actor=actor.user,
        action=SupportAction.PROFILE_SAVE,
        obj=corp,
        organisation=corp.organisation,
        before=before,
        after={**snapshot(corp, PROFILE_FIELDS), "services": sorted((services or {}).keys())},
    )
    return corp


@transaction.atomic
def area_save(*, actor: Actor, corporation: SupportCorporation, codes: list[str]) -> list[str]:
    """Set the service area to ``codes`` (municipalities or wards), all inside the designating prefecture."""
    _require_member(actor, corporation.organisation_id)
    codes = sorted(set(codes))
    found = dict(Municipality.objects.filter(code__in=codes).values_list("code", "prefecture_id"))
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError(
            {"municipalities": _("Unknown municipality code: %(code)s") % {"code": unknown[0]}}
        )
    findings = domain.check_service_area(corporation.prefecture_id, found)
    if findings:
        raise ValidationError(
            {
                "municipalities": _(
                    "%(code)s is outside the designating prefecture; a corporation serves within the "
                    "prefecture that designated it."
                )
                % {"code": findings[0].value}
            }
        )
    before = sorted(corporation.service_areas.values_list("municipality_id", flat=True))
    ServiceArea.objects.filter(corporation=corporation).exclude(municipality_id__in=codes).delete()
    ServiceArea.objects.bulk_create(
        [ServiceArea(corporation=corporation, municipality_id=c) for c in codes if c not in set(before)]
    )
    record_event(
        actor=actor.user,
        action=SupportAction.AREA_SAVE,
        obj=corporation,
        organisation=corporation.organisation,
        before={"municipalities": before},
        after={"municipalities": codes},
    )
    return codes


@transaction.atomic
def capacity_save(
    *, actor: Actor, corporation: SupportCorporation, capacities: dict[int, tuple[int | None, str]]
) -> None:
    """Set how many more people each service can take now (``{service id: (available, unit)}``); every
    figure given is confirmed today. An empty figure clears it (shown as unknown)."""
    _require_member(actor, corporation.organisation_id)
    today = timezone.localdate()
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for service in corporation.services.select_for_update():
        if service.pk not in capacities:
            continue
        available, unit = capacities[service.pk]
        if available is not None and available < 0:
            raise ValidationError({f"capacity_{service.pk}": _("The number cannot be negative.")})
        before[service.task] = [service.capacity_available, service.capacity_confirmed_on]
        service.capacity_available = available
        service.capacity_unit = unit.strip()[:40]
        service.capacity_confirmed_on = today if available is not None else None
        service.save(
            update_fields=["capacity_available", "capacity_unit", "capacity_confirmed_on", "updated_at"]
        )
        after[service.task] = [available, service.capacity_confirmed_on]
    record_event(
        actor=actor.user,
        action=SupportAction.CAPACITY_SAVE,
        obj=corporation,
        organisation=corporation.organisation,
        before=before,
        after=after,
    )
