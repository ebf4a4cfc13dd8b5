"""Writes of the placements part (issue #17, item 4): record a placement (the case's other inquiries to
landlords withdrawn), answer a follow-up (from its due day on), record the end of a tenancy, cancel a
placement the household did not move into. The rules are ``sumai.domain.placement`` (the lease check, the
follow-up schedule, the subsidy eligibility) and ``sumai.domain.casework`` (the case's state table); the
unit's vacancy, the case's status and tasks and the other inquiries are written by the registry's, the
cases' and the inquiries' own services, called inside one transaction, so a failed step leaves nothing
half-written (ADR 0013).

Audit events and timeline entries carry ids, dates and codes, never what the household said.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from sumai.accounts.models import Organisation, User
from sumai.audit.services import record_event
from sumai.cases import casework
from sumai.cases import households as household_services
from sumai.cases.models import Case, CaseEntry, Task
from sumai.core.access import access_for
from sumai.core.actor import Actor
from sumai.core.errors import Conflict, NotAllowed
from sumai.core.models import Notification
from sumai.core.notifications import SUBJECT_PREFIX, notice_body, notify, one_line, send_email
from sumai.domain import casework as domain_case
from sumai.domain import placement as domain
from sumai.domain.errors import ParameterError
from sumai.domain.findings import Finding, Severity
from sumai.domain.subsidies import Program
from sumai.placements import selectors_placements as selectors
from sumai.placements import services_inquiries
from sumai.placements.actions_placements import PlacementsAction
from sumai.placements.models import FollowUp, LandlordInquiry, Placement
from sumai.placements.words_placements import day_text, lease_text
from sumai.registry import vacancy
from sumai.registry.models import Unit

LANGUAGE = "ja"  # stored words (task titles, timeline lines) are in the administration's language

# ----------------------------------------------------------------------------------------- the lease


@dataclass(frozen=True)
class LeaseInput:
    """What the caseworker records (the form's cleaned data). Money is ``int`` yen."""

    signed_on: date
    start_on: date
    move_in_on: date
    rent: int
    common_fee: int = 0
    deposit: int = 0
    guarantee: str = domain.GuaranteeKind.NONE.value
    guarantor: str = ""
    guarantee_fee: int = 0
    end_on: date | None = None
    support_corporation: Organisation | None = None
    # the facts the subsidy rules need that the records do not hold
    local_programmes: frozenset[str] = field(default_factory=frozenset)
    monthly_reduction: int = 0
    tenant_exclusions: tuple[str, ...] = ()


def _record(data: LeaseInput, unit: Unit, asked_on: date | None = None) -> domain.LeaseRecord:
    try:
        guarantee = domain.GuaranteeKind(data.guarantee)
    except ValueError:
        guarantee = data.guarantee  # type: ignore[assignment]  # validate_lease names it
    return domain.LeaseRecord(
        signed_on=data.signed_on,
        start_on=data.start_on,
        move_in_on=data.move_in_on,
        rent=data.rent,
        common_fee=data.common_fee,
        deposit=data.deposit,
        guarantee=guarantee,
        guarantor=data.guarantor,
        guarantee_fee=data.guarantee_fee,
        end_on=data.end_on,
        registered_rent=unit.rent,
        asked_on=asked_on,
    )


@dataclass(frozen=True)
class LeaseCheck:
    """The lease check in words, by field: ``errors`` stop the record; ``warnings`` must be acknowledged."""

    errors: dict[str, list[str]]
    warnings: list[tuple[str, str]]


def _values(finding: Finding) -> dict[str, Any]:
    return {"value": finding.value, "limit": finding.limit}


def lease_check(
    data: LeaseInput, unit: Unit, *, recorded_on: date | None = None, asked_on: date | None = None
) -> LeaseCheck:
    """``domain.validate_lease`` in words; ``asked_on``: the day the inquiry the placement is recorded from
    was sent (a lease signed before it is a warning)."""
    found = domain.validate_lease(
        _record(data, unit, asked_on), recorded_on=recorded_on or timezone.localdate()
    )
    errors: dict[str, list[str]] = {}
    warnings: list[tuple[str, str]] = []
    for f in found:
        text = lease_text(f.finding.code, _values(f.finding))
        if f.severity == Severity.ERROR:
            errors.setdefault(f.field, []).append(text)
        else:
            warnings.append((f.field, text))
    return LeaseCheck(errors, warnings)


# ------------------------------------------------------------------------------------------- subsidies
def subsidy_facts(*, household: Any, unit: Unit, data: LeaseInput) -> domain.SubsidyFacts:
    """The facts of ``domain.SubsidyFacts`` from the records: the unit's registration as dedicated housing,
    the household's statutory monthly income (``cases.households.eligibility``; unknown when the members'
    birth dates are missing) and what the caseworker states about the municipality's programmes."""
    view = household_services.eligibility(household)
    income = view.result.monthly_income if view.result is not None else None
    programmes = frozenset(Program(p) for p in data.local_programmes if p in {x.value for x in Program})
    return domain.SubsidyFacts(
        dedicated=bool(unit.dedicated),
        tenant_monthly_income=income,
        local_programmes=programmes,
        monthly_reduction=data.monthly_reduction,
        guarantee_fee=data.guarantee_fee,
        tenant_exclusions=tuple(data.tenant_exclusions),
    )


def subsidies_for(facts: domain.SubsidyFacts, *, on: date) -> list[dict[str, object]]:
    """``domain.subsidy_eligibility`` as stored in ``Placement.subsidies``. A start date no parameter file
    of a programme covers gives "cannot be told" with the reason ``placement.subsidy.no_rules``."""
    try:
        return [e.as_dict() for e in domain.subsidy_eligibility(facts, on=on)]
    except ParameterError:
        return [
            {
                "program": str(program),
                "eligible": None,
                "reasons": [
                    {
                        "code": "placement.subsidy.no_rules",
                        "severity": str(Severity.WARNING),
                        "message_key": "placement.subsidy.no_rules",
                        "ref": "",
                    }
                ],
            }
            for program in (Program.RENT_REDUCTION, Program.GUARANTEE_FEE)
        ]


# ----------------------------------------------------------------------------------------- the case
BLOCKED = frozenset({domain_case.CaseAction.CLOSE, domain_case.CaseAction.REOPEN})


def path_to_housed(status: str) -> list[str] | None:
    """The caseworker's steps of the case's state table from ``status`` to housed, shortest first, never
    through closing; ``[]`` when already housed; None when housed cannot be reached."""
    target = domain_case.CaseState.HOUSED
    start = domain_case.CaseState(status)
    if start == target:
        return []
    seen = {start}
    queue: deque[tuple[domain_case.CaseState, list[str]]] = deque([(start, [])])
    while queue:
        state, steps = queue.popleft()
        for action in domain_case.CASE.allowed(state, domain_case.CaseActor.CASEWORKER):
            if action in BLOCKED:
                continue
            nxt = domain_case.CASE.transition(state, action, domain_case.CaseActor.CASEWORKER)
            if nxt == target:
                return [*steps, str(action)]
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, [*steps, str(action)]))
    return None


def _user(actor: Any) -> User | None:
    user = getattr(actor, "user", actor)
    return user if isinstance(user, User) and user.pk else None


def _timeline(case: Case, actor: Any, text: str) -> None:
    CaseEntry.objects.create(case=case, kind=CaseEntry.Kind.NOTE, text=text[:4000], author=_user(actor))


def _day(value: date) -> str:
    """A day as every case page writes it (2026-12-07), in messages and timeline lines alike."""
    return day_text(value)


def follow_up_title(months: int) -> str:
    return ngettext(
        "Follow-up %(months)s month after moving in: does the tenancy hold?",
        "Follow-up %(months)s months after moving in: does the tenancy hold?",
        months,
    ) % {"months": months}


# ----------------------------------------------------------------------------------- record a placement
def _case_steps(locked: Case) -> list[str]:
    """The steps that take the case to housed; refuses a case a placement cannot be recorded for."""
    if locked.status == Case.Status.CLOSED:
        raise ValidationError(_("The case is closed: reopen it before recording a placement."))
    if locked.household.organisation_id != locked.organisation_id:
        raise ValidationError(
            _("Only the organisation that holds the household's record can record its placement.")
        )
    if selectors.current_placement_of_case(locked) is not None:
        raise ValidationError(
            _("This case already has a tenancy that has not ended: record its end before a new placement.")
        )
    steps = path_to_housed(locked.status)
    if steps is None and locked.status not in (Case.Status.HOUSED, Case.Status.FOLLOWING_UP):
        raise ValidationError(
            _("A placement cannot be recorded from the case's present status (%(status)s).")
            % {"status": Case.Status(locked.status).label}
        )
    return steps or []


@transaction.atomic
def placement_record(
    *,
    actor: Any,
    case: Case,
    unit: Unit,
    data: LeaseInput,
    inquiry: LandlordInquiry | None = None,
    acknowledged: bool = False,
) -> Placement:
    """Record that the household of ``case`` signed a lease for ``unit`` and moves in: the placement, the
    unit occupied, the case housed, the follow-ups with their tasks, the subsidy eligibility, the inquiry
    linked, an audit event and a timeline line. All or nothing."""
    today = timezone.localdate()
    locked = Case.objects.select_for_update().select_related("household", "organisation").get(pk=case.pk)
    household = locked.household
    steps = _case_steps(locked)
    # the unit: registered, and no current tenancy of another household
    unit = (
        Unit.objects.select_for_update()
        .select_related("building__operator", "building__municipality")
        .get(pk=unit.pk)
    )
    if unit.status != Unit.Status.REGISTERED:
        raise ValidationError({"unit": _("Choose a registered home.")})
    if selectors.current_placement_of_unit(unit.pk) is not None:
        raise ValidationError(
            {
                "unit": _(
                    "This home already has a current placement: a household lives there. Record the end "
                    "of that tenancy first, or choose another home."
                )
            }
        )
    if inquiry is not None:
        inquiry = (
            LandlordInquiry.objects.select_for_update()
            .filter(pk=inquiry.pk, case=locked, state=LandlordInquiry.State.ACCEPTED)
            .first()
        )
        if inquiry is None or Placement.objects.filter(inquiry=inquiry).exists():
            raise ValidationError(_("The inquiry is no longer an accepted inquiry of this case."))
        if inquiry.unit_id != unit.pk:
            raise ValidationError({"unit": _("The home is not the one of the accepted inquiry.")})
    # the lease
    check = lease_check(
        data, unit, recorded_on=today, asked_on=inquiry.sent_on if inquiry is not None else None
    )
    if check.errors:
        raise ValidationError(check.errors)
    if check.warnings and not acknowledged:
        raise ValidationError(
            {"acknowledge": _("Read the warnings and confirm that the lease is recorded as signed.")}
        )
    first = selectors.first_consultation(household)
    if data.move_in_on < first.on:
        raise ValidationError(
            {
                "move_in_on": _("The move-in date is before the household's first consultation (%(day)s).")
                % {"day": _day(first.on)}
            }
        )
    corporation = data.support_corporation
    if corporation is not None and corporation.kind != Organisation.Kind.SUPPORT_CORPORATION:
        raise ValidationError({"support_corporation": _("Choose a housing support corporation.")})
    facts = subsidy_facts(household=household, unit=unit, data=data)
    placement = Placement.objects.create(
        case=locked,
        household=household,
        organisation=locked.organisation,
        unit=unit,
        inquiry=inquiry,
        municipality=unit.building.municipality,
        support_corporation=corporation,
        signed_on=data.signed_on,
        start_on=data.start_on,
        end_on=data.end_on,
        move_in_on=data.move_in_on,
        rent=data.rent,
        common_fee=data.common_fee,
        deposit=data.deposit,
        guarantee=data.guarantee,
        guarantor=data.guarantor.strip()[:200],
        guarantee_fee=data.guarantee_fee,
        rent_reduction=data.monthly_reduction,
        first_consultation_on=first.on,
        subsidies=subsidies_for(facts, on=data.start_on),
        recorded_by=_user(actor),
        marked_let=unit.vacancy != Unit.Vacancy.OCCUPIED,
    )
    # the unit is occupied (the registry's vacancy service; the audit trail records it, via placement)
    vacancy.mark_let(principal=_user(actor), unit=unit, via="placement")
    # the case moves to housed through the steps its state table allows
    for action in steps:
        locked = casework.case_transition(actor=actor, case=locked, action=action)
    # the follow-ups, each a task of the case (a follow-up already past is due today)
    with override(LANGUAGE):
        for item in domain.follow_up_schedule(data.move_in_on):
            task, _moved = casework.task_add(
                actor=actor, case=locked, title=follow_up_title(item.months), on=max(item.due, today)
            )
            FollowUp.objects.create(placement=placement, months=item.months, due=item.due, task=task)
        _timeline(
            locked,
            actor,
            _("Placement recorded: %(building)s %(unit)s, moving in on %(day)s.")
            % {"building": unit.building.name, "unit": unit.number, "day": _day(data.move_in_on)},
        )
    # the household is housed: no other landlord is to be asked for it any more
    withdrawn = _withdraw_other_inquiries(actor=actor, case=locked, kept=inquiry)
    record_event(
        actor=actor,
        action=PlacementsAction.PLACEMENT_RECORD,
        obj=placement,
        organisation=locked.organisation,
        after={
            "case": locked.pk,
            "unit": unit.pk,
            "inquiry": inquiry.pk if inquiry else None,
            "move_in_on": data.move_in_on.isoformat(),
            "support_corporation": corporation.pk if corporation else None,
            "first_consultation": first.source,
            "warnings_acknowledged": bool(check.warnings),
            "inquiries_withdrawn": [i.pk for i in withdrawn],
        },
    )
    placement.case = locked
    return placement


# ------------------------------------------------------------------- the case's other inquiries withdrawn
def _acting(actor: Any) -> Actor:
    """``actor`` as the inquiry service wants it: an :class:`Actor` (the pages give one; a user given alone,
    as a script or a test does, gets the access of its memberships)."""
    if isinstance(actor, Actor):
        return actor
    user = _user(actor)
    if user is None:
        return Actor.system()
    return Actor(user=user, access=access_for(SimpleNamespace(user=user, auth=None)))


def _tell_landlord_housed(inquiry: LandlordInquiry) -> None:
    """The landlord (and the agents it authorised) learn that the household found a home: a notice on the
    dashboard and an e-mail, no detail of the household."""
    link = reverse("placements:landlord_inquiry", kwargs={"pk": inquiry.pk})
    with override(LANGUAGE):
        message = _(
            "The household of inquiry %(ref)s (%(home)s) has found a home, so the inquiry is withdrawn. "
            "Thank you for considering it."
        ) % {"ref": inquiry.reference, "home": services_inquiries.unit_label(inquiry.unit)}
        notice = Notification.objects.create(organisation=inquiry.operator, message=message[:300], link=link)
        recipients = services_inquiries.landlord_recipients(inquiry)
        if recipients:
            send_email(
                recipients,
                f"{SUBJECT_PREFIX}{one_line(message, 80)}",
                notice_body(inquiry.operator, message, link),
                notification=notice,
            )


def _withdraw_other_inquiries(
    *, actor: Any, case: Case, kept: LandlordInquiry | None
) -> list[LandlordInquiry]:
    """Withdraw the case's other inquiries still waiting for a landlord or accepted (no placement recorded
    from them), through the inquiry service's own withdrawal, and tell each landlord: the household is
    housed, nobody else is to be asked for it. An inquiry the caseworker may not withdraw (sent by the
    organisation that worked the case before a transfer) is left as it is."""
    others = selectors.other_inquiries_to_withdraw(case, kept)
    acting = _acting(actor)
    withdrawn = []
    for inquiry in others:
        try:
            done = services_inquiries.inquiry_withdraw(actor=acting, inquiry=inquiry, version=None)
        except (NotAllowed, Conflict, ValidationError):
            continue
        done.unit, done.operator = inquiry.unit, inquiry.operator
        _tell_landlord_housed(done)
        withdrawn.append(done)
    return withdrawn


# ------------------------------------------------------------------------------------------ follow-ups
@dataclass(frozen=True)
class FollowUpOutcome:
    follow_up: FollowUp
    case_status: str
    offer_close: bool  # the last follow-up said the tenancy holds: the case may close as housed_stable
    suggest_search: bool  # the tenancy did not hold: look for a home again


def _close_open_follow_up_tasks(placement: Placement, actor: Any) -> None:
    for task in Task.objects.filter(follow_up__placement=placement, done_at__isnull=True):
        casework.task_done(actor=actor, task=task)


@transaction.atomic
def follow_up_answer(
    *,
    actor: Any,
    follow_up: FollowUp,
    asked_on: date,
    holds: bool,
    note: str = "",
    ended_on: date | None = None,
    end_note: str = "",
) -> FollowUpOutcome:
    """The answer of a follow-up: its task is done; a housed case moves to following up; a tenancy that
    does not hold ends (``ended_on``, ``end_note``) and the case stays open to look for a home again."""
    locked = FollowUp.objects.select_for_update().select_related("placement").get(pk=follow_up.pk)
    placement = Placement.objects.select_for_update().get(pk=locked.placement_id)
    if locked.answered_on is not None:
        raise ValidationError(_("This follow-up was already answered."))
    if placement.cancelled_on is not None:
        raise ValidationError(_("The household did not move in: there is nothing to follow up."))
    if placement.ended_on is not None:
        raise ValidationError(_("The tenancy has ended: there is nothing more to follow up."))
    today = timezone.localdate()
    if asked_on > today:
        raise ValidationError({"asked_on": _("The day it was asked cannot be after today.")})
    if asked_on < placement.move_in_on:
        raise ValidationError(
            {
                "asked_on": _("The day it was asked is before the move-in (%(day)s).")
                % {"day": _day(placement.move_in_on)}
            }
        )
    opens = domain.follow_up_opens_on(locked.due, move_in_on=placement.move_in_on)
    if asked_on < opens:
        # the domain's rule: a follow-up asks whether the tenancy held that long, which cannot be told before
        raise ValidationError(
            {
                "asked_on": ngettext(
                    "This follow-up is answered from %(day)s on: whether the tenancy holds %(months)s month "
                    "after moving in cannot be told before.",
                    "This follow-up is answered from %(day)s on: whether the tenancy holds %(months)s months "
                    "after moving in cannot be told before.",
                    locked.months,
                )
                % {"day": _day(opens), "months": locked.months}
            }
        )
    if not holds:
        _check_end(placement, ended_on, end_note)
    locked.answered_on = asked_on
    locked.holds = holds
    locked.note = (note or "").strip()[:2000]
    locked.answered_by = _user(actor)
    locked.save(update_fields=["answered_on", "holds", "note", "answered_by"])
    if locked.task_id is not None:
        casework.task_done(actor=actor, task=Task(pk=locked.task_id))
    case = Case.objects.get(pk=placement.case_id)
    if case.status == Case.Status.HOUSED:
        case = casework.case_transition(actor=actor, case=case, action=domain_case.CaseAction.FOLLOW_UP.value)
    if not holds:
        assert ended_on is not None
        case = _end(actor=actor, placement=placement, ended_on=ended_on, note=end_note, case=case)
    last = max(placement.follow_ups.values_list("months", flat=True), default=locked.months)
    record_event(
        actor=actor,
        action=PlacementsAction.FOLLOW_UP_ANSWER,
        obj=placement,
        organisation=case.organisation,
        after={
            "follow_up": locked.pk,
            "months": locked.months,
            "holds": holds,
            "asked_on": asked_on.isoformat(),
        },
    )
    return FollowUpOutcome(
        follow_up=locked,
        case_status=case.status,
        offer_close=holds and locked.months == last and case.status != Case.Status.CLOSED,
        suggest_search=not holds,
    )


# --------------------------------------------------------------------------------- end of a tenancy
def _check_end(placement: Placement, ended_on: date | None, note: str) -> None:
    errors: dict[str, str] = {}
    if ended_on is None:
        errors["ended_on"] = _("Enter the day the tenancy ended.")
    elif ended_on < placement.move_in_on:
        errors["ended_on"] = _("The tenancy cannot end before the move-in (%(day)s).") % {
            "day": _day(placement.move_in_on)
        }
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("The end of a tenancy is recorded once it has ended: not after today.")
    if not (note or "").strip():
        errors["end_note"] = _("Say why the tenancy ended.")
    if errors:
        raise ValidationError(errors)


SEARCHING_AGAIN_FROM = frozenset({Case.Status.HOUSED, Case.Status.FOLLOWING_UP})


def _search_again(actor: Any, case: Case) -> Case:
    """The household needs a home again (its tenancy ended, or it did not move in): a housed or followed-up
    case goes back to searching through the case's state table, a step the system takes (the caseworker's
    buttons never offer it while a tenancy is in force). A case in any other status keeps it."""
    case = Case.objects.get(pk=case.pk)
    if case.status not in SEARCHING_AGAIN_FROM:
        return case
    return casework.case_transition(
        actor=actor,
        case=case,
        action=domain_case.CaseAction.SEARCH.value,
        actor_kind=domain_case.CaseActor.SYSTEM.value,
    )


def _end(*, actor: Any, placement: Placement, ended_on: date, note: str, case: Case) -> Case:
    placement.ended_on = ended_on
    placement.end_note = note.strip()[:300]
    placement.version += 1
    placement.save(update_fields=["ended_on", "end_note", "version"])
    _close_open_follow_up_tasks(placement, actor)
    with override(LANGUAGE):
        _timeline(case, actor, _("The tenancy ended on %(day)s.") % {"day": _day(ended_on)})
    case = _search_again(actor, case)
    record_event(
        actor=actor,
        action=PlacementsAction.TENANCY_END,
        obj=placement,
        organisation=case.organisation,
        after={"ended_on": ended_on.isoformat(), "case_status": case.status},  # never the note
    )
    return case


def _locked(placement: Placement, version: int | None) -> Placement:
    """The placement locked for a change; refused when someone changed it after the page showed
    ``version``."""
    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if version is not None and locked.version != version:
        raise ValidationError(
            _(
                "Someone else changed this placement while you were looking at it. Nothing was saved: reload "
                "the page."
            )
        )
    return locked


@transaction.atomic
def tenancy_end(
    *, actor: Any, placement: Placement, ended_on: date | None, note: str, version: int | None = None
) -> Placement:
    """Record that the tenancy ended (at any time after the move-in): the case stays open and goes back to
    searching."""
    locked = _locked(placement, version)
    if locked.ended_on is not None:
        raise ValidationError(_("The end of this tenancy is already recorded."))
    if locked.cancelled_on is not None:
        raise ValidationError(_("The household did not move in: this placement was cancelled."))
    _check_end(locked, ended_on, note)
    assert ended_on is not None
    case = Case.objects.select_related("organisation").get(pk=locked.case_id)
    _end(actor=actor, placement=locked, ended_on=ended_on, note=note, case=case)
    return locked


# ------------------------------------------------------------------------- the household did not move in
def may_cancel(placement: Placement, *, today: date | None = None) -> bool:
    """Whether the placement may be cancelled: current (neither ended nor cancelled) and its move-in day not
    past (a household that moved in has a tenancy, whose end is recorded instead)."""
    return placement.is_current and (today or timezone.localdate()) <= placement.move_in_on


@transaction.atomic
def placement_cancel(*, actor: Any, placement: Placement, note: str, version: int | None = None) -> Placement:
    """The household backed out before moving in: the placement is cancelled (today, with the reason), the
    unit vacant again when this placement had made it occupied, the follow-ups' tasks closed, and the case
    back to searching through its state table. Allowed up to and on the move-in day."""
    locked = _locked(placement, version)
    if locked.cancelled_on is not None:
        raise ValidationError(_("This placement is already cancelled."))
    if locked.ended_on is not None:
        raise ValidationError(_("The end of this tenancy is already recorded."))
    today = timezone.localdate()
    if today > locked.move_in_on:
        raise ValidationError(
            _(
                "The household moved in on %(day)s: a placement is cancelled only up to the move-in day. "
                "Record the end of the tenancy instead."
            )
            % {"day": _day(locked.move_in_on)}
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError({"cancel_note": _("Say why the household did not move in.")})
    locked.cancelled_on = today
    locked.cancel_note = note[:300]
    locked.version += 1
    locked.save(update_fields=["cancelled_on", "cancel_note", "version"])
    # the unit: vacant again when this placement made it occupied and nothing has changed it since
    unit = Unit.objects.select_for_update().select_related("building__operator").get(pk=locked.unit_id)
    freed = (
        locked.marked_let
        and unit.vacancy == Unit.Vacancy.OCCUPIED
        and selectors.current_placement_of_unit(unit.pk) is None
    )
    if freed:
        vacancy.mark_unlet(principal=_user(actor), unit=unit, via="placement_cancel")
    _close_open_follow_up_tasks(locked, actor)
    case = Case.objects.select_related("organisation").get(pk=locked.case_id)
    with override(LANGUAGE):
        _timeline(
            case,
            actor,
            _(
                "The household did not move in: the placement in %(building)s %(unit)s was cancelled on "
                "%(day)s."
            )
            % {"building": unit.building.name, "unit": unit.number, "day": _day(today)},
        )
        if freed:
            notify(
                unit.building.operator,
                _(
                    "The household that was to move into %(building)s %(unit)s on %(day)s will not move in: "
                    "Sumai shows the home as vacant again."
                )
                % {"building": unit.building.name, "unit": unit.number, "day": _day(locked.move_in_on)},
                reverse("registry:building", kwargs={"pk": unit.building_id}),
            )
    case = _search_again(actor, case)
    record_event(
        actor=actor,
        action=PlacementsAction.PLACEMENT_CANCEL,
        obj=locked,
        organisation=case.organisation,
        after={"cancelled_on": today.isoformat(), "unit_vacant_again": freed, "case_status": case.status},
    )  # never the note
    return locked
