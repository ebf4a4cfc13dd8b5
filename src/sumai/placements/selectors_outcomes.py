"""What the outcomes app reads of the placements tables (ADR 0013: ``sumai.outcomes`` reads through these
selectors only): the records ``sumai.domain.outcomes`` counts, and a landlord's own answers.

Each read is one ``values_list`` query over its table (with the few columns of the joined tables it needs),
never a query per row. The household's pseudonym for counting distinct households is its id as a string
(never shown, never leaves the server). The municipality of an inquiry and of a flag is that of the home.
The support corporation of an inquiry (and of its flag) is the organisation that sent it when that is a
support corporation; that of a placement is the placement's ``support_corporation``; "" when none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from sumai.core.roles import OrgKind
from sumai.domain.outcomes import FlagRecord, InquiryRecord, PlacementRecord
from sumai.domain.placement import DeclineReason, FlagResolution, InquiryState
from sumai.placements.models import LandlordInquiry, Placement, RefusalFlag

__all__ = ["LandlordAnswers", "landlord_answers", "outcome_records"]


def _corporation(org_id: int | None, kind: str | None) -> str:
    return str(org_id) if org_id is not None and kind == OrgKind.SUPPORT_CORPORATION else ""


def outcome_records(
    *, until: date, since: date | None = None
) -> tuple[list[PlacementRecord], list[InquiryRecord], list[FlagRecord]]:
    """Every placement (moved in), sent inquiry and raised flag from ``since`` (None: since records began) to
    ``until``, as the domain's records. Four queries (the declined inquiries apart, with their groups). A
    placement cancelled because the household did not move in housed nobody: it is not counted."""
    placements_qs = Placement.objects.filter(move_in_on__lte=until, cancelled_on__isnull=True)
    inquiries_qs = LandlordInquiry.objects.filter(sent_on__isnull=False, sent_on__lte=until)
    flags_qs = RefusalFlag.objects.filter(raised_on__lte=until)
    if since is not None:
        placements_qs = placements_qs.filter(move_in_on__gte=since)
        inquiries_qs = inquiries_qs.filter(sent_on__gte=since)
        flags_qs = flags_qs.filter(raised_on__gte=since)
    placements = [
        PlacementRecord(
            household=str(household),
            municipality=municipality,
            moved_in_on=moved_in,
            first_consultation_on=first,
            support_corporation="" if corporation is None else str(corporation),
            ended_on=ended,
        )
        for household, municipality, moved_in, first, corporation, ended in (
            placements_qs.order_by().values_list(
                "household_id",
                "municipality_id",
                "move_in_on",
                "first_consultation_on",
                "support_corporation_id",
                "ended_on",
            )
        )
    ]
    states = {str(s): s for s in InquiryState}
    reasons = {str(r): r for r in DeclineReason}
    # the priority groups matter for declines only: the JSON column is read for those alone
    inquiries = [
        InquiryRecord(
            household=str(household),
            municipality=municipality,
            state=states[state],
            sent_on=sent_on,
            decline_reason=None,
            household_groups=frozenset(),
            support_corporation=_corporation(org_id, org_kind),
        )
        for household, municipality, state, sent_on, org_id, org_kind in (
            inquiries_qs.exclude(state=LandlordInquiry.State.DECLINED)
            .order_by()
            .values_list(
                "household_id",
                "unit__building__municipality_id",
                "state",
                "sent_on",
                "organisation_id",
                "organisation__kind",
            )
        )
    ]
    inquiries += [
        InquiryRecord(
            household=str(household),
            municipality=municipality,
            state=states[state],
            sent_on=sent_on,
            decline_reason=reasons[reason] if reason else None,
            household_groups=frozenset(groups or ()),
            support_corporation=_corporation(org_id, org_kind),
        )
        for household, municipality, state, sent_on, reason, groups, org_id, org_kind in (
            inquiries_qs.filter(state=LandlordInquiry.State.DECLINED)
            .order_by()
            .values_list(
                "household_id",
                "unit__building__municipality_id",
                "state",
                "sent_on",
                "decline_reason",
                "household_groups",
                "organisation_id",
                "organisation__kind",
            )
        )
    ]
    flags = [
        FlagRecord(
            municipality=municipality,
            raised_on=raised,
            resolved_on=resolved,
            resolution=FlagResolution(resolution) if resolution else None,
            support_corporation=_corporation(org_id, org_kind),
        )
        for municipality, raised, resolved, resolution, org_id, org_kind in flags_qs.order_by().values_list(
            "municipality_id",
            "raised_on",
            "resolved_on",
            "resolution",
            "inquiry__organisation_id",
            "inquiry__organisation__kind",
        )
    ]
    return placements, inquiries, flags


# ------------------------------------------------------------------------------ a landlord's own answers
@dataclass
class LandlordAnswers:
    """The answers of one landlord (operator) to the inquiries it received."""

    operator_id: int
    received: int = 0  # sent to it (drafts are not)
    answered: int = 0  # viewing offered, accepted or declined (by the landlord, not withdrawn or expired)
    accepted: int = 0
    declined: int = 0
    waiting: int = 0  # sent, no answer yet
    viewing: int = 0  # a viewing offered, no final answer yet
    withdrawn: int = 0  # withdrawn by the caseworker before a final answer
    expired: int = 0  # no answer by the deadline
    declines: Counter[str] = field(default_factory=Counter)  # decline reason -> how many
    days_to_answer: Counter[int] = field(default_factory=Counter)  # calendar days -> how many answers


ANSWERED_STATES = (
    LandlordInquiry.State.VIEWING_OFFERED,
    LandlordInquiry.State.ACCEPTED,
    LandlordInquiry.State.DECLINED,
)


def landlord_answers(*, operator_ids: Iterable[int]) -> dict[int, LandlordAnswers]:
    """Per operator: inquiries received, answered, accepted, declined (by reason), waiting, and the calendar
    days from the sending to the answer (Asia/Tokyo days) of each answered inquiry. One query."""
    ids = sorted(set(operator_ids))
    out = {pk: LandlordAnswers(pk) for pk in ids}
    if not ids:
        return out
    rows = (
        LandlordInquiry.objects.filter(operator_id__in=ids, sent_on__isnull=False)
        .order_by()
        .values_list("operator_id", "state", "decline_reason", "sent_on", "answered_at")
    )
    for operator_id, state, reason, sent_on, answered_at in rows:
        a = out[operator_id]
        a.received += 1
        if state == LandlordInquiry.State.SENT:
            a.waiting += 1
        if state in ANSWERED_STATES and answered_at is not None and sent_on is not None:
            a.answered += 1
            a.days_to_answer[max((timezone.localdate(answered_at) - sent_on).days, 0)] += 1
        if state == LandlordInquiry.State.ACCEPTED:
            a.accepted += 1
        elif state == LandlordInquiry.State.DECLINED:
            a.declined += 1
            a.declines[reason] += 1
        elif state == LandlordInquiry.State.VIEWING_OFFERED:
            a.viewing += 1
        elif state == LandlordInquiry.State.WITHDRAWN:
            a.withdrawn += 1
        elif state == LandlordInquiry.State.EXPIRED:
            a.expired += 1
    return out
