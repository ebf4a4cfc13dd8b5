"""Writes of case work (issue #16, items 5–7): cases, their timeline and tasks, transfers, referrals, hiding
a household. Rules come from ``sumai.domain.casework`` (the case's state table, working days) and
``sumai.domain.consent``; nothing here decides them again.

Notifications and audit events carry references and ids, never what a household said or where it lives.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from sumai.accounts.models import Organisation, User
from sumai.audit.services import record_event
from sumai.cases.actions import CasesAction
from sumai.cases.households import consent_record, consent_withdraw
from sumai.cases.models import Case, CaseEntry, Consent, Household, PartnerProfile, Referral, Task
from sumai.core.errors import Conflict
from sumai.core.notifications import notify
from sumai.core.uploads import check_upload
from sumai.domain import casework as domain
from sumai.domain.statetable import TransitionError

DOCUMENT_TYPES = ("application/pdf", "image/jpeg", "image/png")


def _user(actor: Any) -> User | None:
    user = getattr(actor, "user", actor)
    return user if isinstance(user, User) and user.pk else None


def _locked(case: Case, version: int | None) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if version is not None and locked.version != version:
        raise Conflict(
            _(
                "Someone else changed this case while you were looking at it. Nothing was saved: reload the "
                "page."
            )
        )
    return locked


def _bump(case: Case, *fields: str) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version"])


def _tell(organisation: Organisation | int, subject: str, url: str) -> None:
    receiver = (
        organisation if isinstance(organisation, Organisation) else Organisation.objects.get(pk=organisation)
    )
    notify(receiver, subject, url)


# ------------------------------------------------------------------------------------------------ cases
@transaction.atomic
def case_open(
    *, actor: Any, household: Household, organisation: Organisation, caseworker: User | None
) -> Case:
    """Open a case for ``household`` at ``organisation`` (one open case per household and organisation)."""
    if Case.objects.filter(household=household, organisation=organisation).exclude(status="closed").exists():
        raise ValidationError(_("This household already has an open case here."))
    try:
        with transaction.atomic():
            case = Case.objects.create(household=household, organisation=organisation, caseworker=caseworker)
    except IntegrityError:
        raise ValidationError(_("This household already has an open case here.")) from None
    record_event(
        actor=actor,
        action=CasesAction.CASE_OPEN,
        obj=case,
        organisation=organisation,
        after={"household": household.pk, "caseworker": caseworker.pk if caseworker else None},
    )
    return case


@transaction.atomic
def case_assign(*, actor: Any, case: Case, caseworker: User | None, version: int | None = None) -> Case:
    locked = _locked(case, version)
    if (
        caseworker is not None
        and not caseworker.memberships.filter(organisation_id=locked.organisation_id).exists()
    ):
        raise ValidationError({"caseworker": _("The caseworker must be a member of the organisation.")})
    locked.caseworker = caseworker
    _bump(locked, "caseworker")
    record_event(
        actor=actor,
        action=CasesAction.CASE_ASSIGN,
        obj=locked,
        organisation=locked.organisation,
        after={"caseworker": caseworker.pk if caseworker else None},
    )
    return locked


@transaction.atomic
def case_transition(
    *,
    actor: Any,
    case: Case,
    action: str,
    close_reason: str = "",
    version: int | None = None,
    actor_kind: str = domain.CaseActor.CASEWORKER,
) -> Case:
    """Move the case by the domain's state table; closing needs a coded reason. ``actor_kind`` is the
    caseworker's (the status form) unless another app's service moves the case as the system (the end of a
    tenancy sends it back to searching: a step the caseworker's buttons do not offer)."""
    locked = _locked(case, version)
    try:
        target = domain.CASE.transition(locked.status, action, actor_kind)
    except (TransitionError, ValueError):
        raise ValidationError(_("That step is not possible from the case's present status.")) from None
    now = timezone.now()
    before = locked.status
    if target == domain.CaseState.CLOSED:
        if close_reason not in {r.value for r in domain.CloseReason}:
            raise ValidationError({"close_reason": _("Choose why the case closes.")})
        locked.close_reason = close_reason
        locked.closed_at = now
    else:
        locked.close_reason = ""
        locked.closed_at = None
    locked.status = target
    locked.status_changed_at = now
    _bump(locked, "status", "close_reason", "closed_at", "status_changed_at")
    CaseEntry.objects.create(
        case=locked,
        kind=CaseEntry.Kind.STATUS,
        text=f"{before}→{target}"
        + (f"|{locked.close_reason}" if locked.close_reason and target == "closed" else ""),
        author=_user(actor),
        at=now,
    )
    record_event(
        actor=actor,
        action=CasesAction.CASE_STATUS,
        obj=locked,
        organisation=locked.organisation,
        before={"status": before},
        after={"status": target, "close_reason": locked.close_reason},
    )
    return locked


@transaction.atomic
def entry_add(
    *, actor: Any, case: Case, kind: str, text: str = "", channel: str = "", upload: Any = None
) -> CaseEntry:
    """A note, a contact with the household (with how), or a document (PDF, JPEG or PNG, content-checked)."""
    if kind not in (CaseEntry.Kind.NOTE, CaseEntry.Kind.CONTACT, CaseEntry.Kind.DOCUMENT):
        raise ValidationError({"kind": _("Choose a note, a contact or a document.")})
    text = (text or "").strip()
    entry = CaseEntry(case=case, kind=kind, text=text, channel=channel or "", author=_user(actor))
    if kind == CaseEntry.Kind.DOCUMENT:
        if upload is None:
            raise ValidationError({"file": _("Choose the file to attach.")})
        entry.content_type = check_upload(
            upload,
            field="file",
            allowed=DOCUMENT_TYPES,
            wrong_type=_("Attach a PDF, JPEG or PNG file."),
        )
        entry.file_name = (getattr(upload, "name", "") or "document")[-200:]
    elif not text:
        raise ValidationError({"text": _("Write what happened.")})
    if (kind == CaseEntry.Kind.CONTACT and channel not in CaseEntry.Channel.values) or (
        kind == CaseEntry.Kind.CONTACT and not channel
    ):
        raise ValidationError({"channel": _("Choose how you were in contact.")})
    entry.full_clean(exclude=["case", "author", "file"])
    if upload is not None and kind == CaseEntry.Kind.DOCUMENT:
        entry.file.save(entry.file_name, upload, save=False)
    entry.save()
    record_event(
        actor=actor,
        action=CasesAction.CASE_ENTRY,
        obj=case,
        organisation=case.organisation,
        after={"entry": entry.pk, "kind": kind},  # never the text
    )
    return entry


# ------------------------------------------------------------------------------------------------ tasks
def _refresh_next_due(case: Case) -> None:
    case.next_due = case.tasks.filter(done_at__isnull=True).aggregate(d=Min("due"))["d"]
    case.save(update_fields=["next_due"])


def due_on(*, on: date | None, in_working_days: int | None, today: date | None = None) -> tuple[date, bool]:
    """The due date of a task: the date given, moved to the next working day when the offices are closed
    then (``True`` when moved), or ``in_working_days`` working days from today."""
    today = today or timezone.localdate()
    if on is not None:
        due = domain.next_working_day(on)
        return due, due != on
    if in_working_days is None:
        raise ValidationError({"due": _("Give a date or a number of working days.")})
    return domain.add_working_days(today, in_working_days), False


@transaction.atomic
def task_add(
    *,
    actor: Any,
    case: Case,
    title: str,
    on: date | None = None,
    in_working_days: int | None = None,
    assignee: User | None = None,
) -> tuple[Task, bool]:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what is to be done.")})
    due, moved = due_on(on=on, in_working_days=in_working_days)
    if due < timezone.localdate():
        raise ValidationError({"due": _("The due date is in the past.")})
    if (
        assignee is not None
        and not assignee.memberships.filter(organisation_id=case.organisation_id).exists()
    ):
        raise ValidationError({"assignee": _("The person must be a member of the organisation.")})
    task = Task.objects.create(
        case=case, title=title[:200], due=due, assignee=assignee or case.caseworker, created_by=_user(actor)
    )
    _refresh_next_due(case)
    record_event(
        actor=actor,
        action=CasesAction.TASK_ADD,
        obj=case,
        organisation=case.organisation,
        after={"task": task.pk, "due": due.isoformat()},
    )
    return task, moved


@transaction.atomic
def task_done(*, actor: Any, task: Task) -> Task:
    task = Task.objects.select_for_update().select_related("case").get(pk=task.pk)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        CaseEntry.objects.create(
            case=task.case, kind=CaseEntry.Kind.TASK, text=task.title, author=_user(actor)
        )
        _refresh_next_due(task.case)
        record_event(
            actor=actor,
            action=CasesAction.TASK_DONE,
            obj=task.case,
            organisation=task.case.organisation,
            after={"task": task.pk},
        )
    return task


# --------------------------------------------------------------------------------------------- transfer
def _consent_names(household: Household, organisation_id: int) -> bool:
    from sumai.cases.households import consent_facts
    from sumai.domain import consent as domain_consent

    return domain_consent.may_see(
        viewer=organisation_id, holder=-1, consents=consent_facts(household), on=timezone.localdate()
    )


@transaction.atomic
def case_transfer(*, actor: Any, case: Case, to: Organisation, version: int | None = None) -> Case:
    """Hand the household and its case to another organisation. Allowed only while a consent in force names
    that organisation; the household then belongs to it (its record, versions and consents go with it) and
    the case moves with its timeline and open tasks (unassigned)."""
    locked = _locked(case, version)
    household = Household.objects.select_for_update().get(pk=locked.household_id)
    if household.organisation_id != locked.organisation_id:
        raise ValidationError(_("Only the organisation that holds the household can transfer it."))
    if to.pk == locked.organisation_id:
        raise ValidationError({"to": _("Choose another organisation.")})
    if not to.is_active:
        raise ValidationError({"to": _("That organisation is not active.")})
    if not _consent_names(household, to.pk):
        raise ValidationError(
            {"to": _("Record the household's consent to share its record with that organisation first.")}
        )
    if Case.objects.filter(household=household, organisation=to).exclude(status="closed").exists():
        raise ValidationError({"to": _("That organisation already has an open case for this household.")})
    before = locked.organisation_id
    household.organisation = to
    household.save(update_fields=["organisation", "updated_at"])
    locked.organisation = to
    locked.caseworker = None
    _bump(locked, "organisation", "caseworker")
    locked.tasks.filter(done_at__isnull=True).update(assignee=None)
    CaseEntry.objects.create(case=locked, kind=CaseEntry.Kind.TRANSFER, text=to.name, author=_user(actor))
    record_event(
        actor=actor,
        action=CasesAction.CASE_TRANSFER,
        obj=locked,
        organisation=to,
        before={"organisation": before},
        after={"organisation": to.pk},
    )
    with override("ja"):
        _tell(to, _("A case was transferred to you"), reverse("cases:case", kwargs={"pk": locked.pk}))
    return locked


# ---------------------------------------------------------------------------------------------- hiding
@transaction.atomic
def household_hide(*, actor: Any, household: Household, hidden: bool) -> Household:
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.hidden != hidden:
        household.hidden = hidden
        household.save(update_fields=["hidden", "updated_at"])
        record_event(
            actor=actor,
            action=CasesAction.HOUSEHOLD_HIDE,
            obj=household,
            organisation=household.organisation,
            after={"hidden": hidden},
        )
    return household


# -------------------------------------------------------------------------------------------- referrals
def first_contact_days() -> int:
    return int(settings.SUMAI.get("REFERRAL_FIRST_CONTACT_DAYS", 5))


def referrer_kind(organisation: Organisation) -> str:
    """What the statistics call the referrer: its partner kind, or its organisation kind."""
    profile = PartnerProfile.objects.filter(organisation=organisation).first()
    return profile.kind if profile else organisation.kind


@transaction.atomic
def referral_send(
    *, actor: Any, household: Household, to: Organisation, message: str, consent: dict[str, Any]
) -> Referral:
    """Refer a household its sender holds to a desk or support corporation, with the consent the household
    gave for it (recorded with the referral; it names the receiver only). The receiver's first contact is
    due ``REFERRAL_FIRST_CONTACT_DAYS`` working days after today."""
    from sumai.cases.selectors import RECEIVING_KINDS

    household = Household.objects.select_for_update().get(pk=household.pk)
    if to.kind not in RECEIVING_KINDS or not to.is_active:
        raise ValidationError({"to": _("Choose a consultation desk, council or support corporation.")})
    if to.pk == household.organisation_id:
        raise ValidationError({"to": _("Choose another organisation.")})
    if Referral.objects.filter(household=household, to_organisation=to, state=Referral.State.SENT).exists():
        raise ValidationError({"to": _("A referral to that organisation is already waiting for an answer.")})
    given = consent_record(
        actor=actor,
        household=household,
        data={
            **consent,
            "organisations": [to],
            "purpose": consent.get("purpose") or _("Referral to %(name)s") % {"name": to.name},
        },
    )
    today = timezone.localdate()
    referral = Referral.objects.create(
        household=household,
        from_organisation_id=household.organisation_id,
        to_organisation=to,
        from_kind=referrer_kind(household.organisation),
        consent=given,
        message=(message or "").strip()[:2000],
        sent_by=_user(actor),
        first_contact_due=domain.add_working_days(today, first_contact_days()),
    )
    record_event(
        actor=actor,
        action=CasesAction.REFERRAL_SEND,
        obj=referral,
        organisation=household.organisation,
        after={"to": to.pk, "categories": given.categories},
    )
    with override("ja"):
        _tell(to, _("A household was referred to you"), reverse("cases:referral", kwargs={"pk": referral.pk}))
    return referral


def _locked_referral(referral: Referral, *, state: str = Referral.State.SENT) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.state != state:
        raise ValidationError(_("This referral was already answered or withdrawn."))
    return locked


@transaction.atomic
def referral_accept(*, actor: Any, referral: Referral) -> Referral:
    """The receiver takes the household on: a case opens there, worked by who accepted."""
    locked = _locked_referral(referral)
    receiver = Organisation.objects.get(pk=locked.to_organisation_id)
    existing = (
        Case.objects.filter(household_id=locked.household_id, organisation=receiver)
        .exclude(status="closed")
        .first()
    )
    case = existing or case_open(
        actor=actor, household=locked.household, organisation=receiver, caseworker=_user(actor)
    )
    locked.state = Referral.State.ACCEPTED
    locked.decided_at = timezone.now()
    locked.case = case
    locked.save(update_fields=["state", "decided_at", "case"])
    CaseEntry.objects.create(
        case=case, kind=CaseEntry.Kind.REFERRAL, text=locked.from_organisation.name, author=_user(actor)
    )
    record_event(actor=actor, action=CasesAction.REFERRAL_ACCEPT, obj=locked, organisation=receiver)
    with override("ja"):
        _tell(
            locked.from_organisation_id,
            _("Your referral was accepted"),
            reverse("cases:referral", kwargs={"pk": locked.pk}),
        )
    return locked


@transaction.atomic
def referral_decline(*, actor: Any, referral: Referral, reason: str, text: str = "") -> Referral:
    """Declined with a coded reason; the consent given for it ends at once (the receiver no longer sees the
    household)."""
    locked = _locked_referral(referral)
    if reason not in {r.value for r in domain.DeclineReason}:
        raise ValidationError({"reason": _("Choose why you decline.")})
    text = (text or "").strip()
    if reason == domain.DeclineReason.OTHER and not text:
        raise ValidationError({"text": _("Say why, in a few words.")})
    locked.state = Referral.State.DECLINED
    locked.decline_reason = reason
    locked.decline_text = text[:500]
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "decline_reason", "decline_text", "decided_at"])
    consent_withdraw(actor=actor, consent=locked.consent)
    record_event(
        actor=actor,
        action=CasesAction.REFERRAL_DECLINE,
        obj=locked,
        organisation=locked.to_organisation,
        after={"reason": reason},
    )
    with override("ja"):
        _tell(
            locked.from_organisation_id,
            _("Your referral was declined"),
            reverse("cases:referral", kwargs={"pk": locked.pk}),
        )
    return locked


@transaction.atomic
def referral_withdraw(*, actor: Any, referral: Referral) -> Referral:
    """The sender takes back a referral not yet answered; its consent ends."""
    locked = _locked_referral(referral)
    locked.state = Referral.State.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "decided_at"])
    consent_withdraw(actor=actor, consent=locked.consent)
    record_event(
        actor=actor, action=CasesAction.REFERRAL_WITHDRAW, obj=locked, organisation=locked.from_organisation
    )
    return locked


@transaction.atomic
def referral_contacted(*, actor: Any, referral: Referral) -> Referral:
    locked = _locked_referral(referral, state=Referral.State.ACCEPTED)
    if locked.first_contact_at is not None:
        raise ValidationError(_("The first contact was already recorded."))
    locked.first_contact_at = timezone.now()
    locked.save(update_fields=["first_contact_at"])
    record_event(
        actor=actor, action=CasesAction.REFERRAL_CONTACT, obj=locked, organisation=locked.to_organisation
    )
    return locked


def consent_in_force(consent: Consent) -> bool:
    return consent.withdrawn_at is None and consent.facts().in_force(timezone.localdate())
