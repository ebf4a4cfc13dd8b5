"""Reads of case work: a caseworker's cases and day, one case, referrals in and out, overdue referrals of a
council's area. Every read is scoped to the asker's organisations; a household seen through a case worked
elsewhere is shown as far as consent allows (the views ask ``selectors.categories_for``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.cases import pseudonyms
from sumai.cases.models import Case, CaseEntry, Referral, Task
from sumai.core import contributions
from sumai.core.access import Access
from sumai.core.formats import aside
from sumai.core.roles import HOUSEHOLD_HOLDING_KINDS, WRITERS, OrgKind


def holders(visible_to: Access) -> list[int]:
    """The asker's organisations that may hold households and work cases."""
    return [g.organisation_id for g in visible_to.grants if g.kind in HOUSEHOLD_HOLDING_KINDS]


def holder_organisations(visible_to: Access) -> list[Organisation]:
    """The organisations in which the asker may open a household record (a writer's)."""
    ids = [
        g.organisation_id
        for g in visible_to.grants
        if g.kind in HOUSEHOLD_HOLDING_KINDS and g.role in WRITERS
    ]
    return list(Organisation.objects.filter(pk__in=ids, is_active=True).order_by("name"))


def cases(
    *,
    visible_to: Access,
    user_id: int | None = None,
    status: str = "",
    mine: bool = False,
    overdue: bool = False,
    q: str = "",
    today: date | None = None,
) -> QuerySet[Case]:
    """The cases of the asker's organisations: open ones by default, the next task due first."""
    qs = Case.objects.filter(organisation_id__in=holders(visible_to))
    if status == "all":
        pass
    elif status in Case.Status.values:
        qs = qs.filter(status=status)
    else:
        qs = qs.exclude(status=Case.Status.CLOSED)
    if mine and user_id:
        qs = qs.filter(caseworker_id=user_id)
    if overdue:
        qs = qs.filter(next_due__lt=today or timezone.localdate())
    if q:
        qs = qs.filter(household__pseudonym__icontains=pseudonyms.query(q))
    return qs.select_related("household", "household__municipality", "caseworker", "organisation").order_by(
        F("next_due").asc(nulls_last=True), "-opened_at", "-pk"
    )


def case_for(*, pk: int, visible_to: Access) -> Case | None:
    return (
        Case.objects.select_related(
            "household", "household__municipality", "household__organisation", "caseworker", "organisation"
        )
        .filter(pk=pk, organisation_id__in=holders(visible_to))
        .first()
    )


def timeline(case: Case) -> QuerySet[CaseEntry]:
    return case.entries.select_related("author").order_by("-at", "-pk")


def open_tasks(case: Case) -> QuerySet[Task]:
    return case.tasks.filter(done_at__isnull=True).select_related("assignee").order_by("due", "pk")


def entry_for(*, case: Case, pk: int) -> CaseEntry | None:
    return case.entries.filter(pk=pk, kind=CaseEntry.Kind.DOCUMENT).exclude(file="").first()


def task_for(*, pk: int, visible_to: Access) -> Task | None:
    return (
        Task.objects.select_related("case")
        .filter(pk=pk, case__organisation_id__in=holders(visible_to), case__status__in=_open_states())
        .first()
    )


def _open_states() -> list[str]:
    return [s for s in Case.Status.values if s != Case.Status.CLOSED]


def other_cases(case: Case) -> QuerySet[Case]:
    """Other cases of the household at the asker's organisation (closed ones, for the history)."""
    return Case.objects.filter(household_id=case.household_id, organisation_id=case.organisation_id).exclude(
        pk=case.pk
    )


def case_of_household(*, household_id: int, visible_to: Access) -> Case | None:
    """The open case of the household at one of the asker's organisations, if any."""
    return (
        Case.objects.filter(household_id=household_id, organisation_id__in=holders(visible_to))
        .exclude(status=Case.Status.CLOSED)
        .first()
    )


# ------------------------------------------------------------------------------------------------- today
WAITING_SHOWN = 20
"""At most this many cases of each list of the organisation's waiting work on "my cases today"."""


@dataclass(frozen=True)
class Waiting:
    """The organisation's work nobody has taken up, for its staff who may assign cases (the walk: "my cases
    today" said 0 to a member of a department with 8 overdue cases, none assigned to her)."""

    overdue: list[Case]  # open cases with a task overdue, worked by someone else or by nobody
    overdue_count: int
    unassigned: list[Case]  # open cases nobody works yet
    unassigned_count: int

    def __bool__(self) -> bool:
        return bool(self.overdue_count or self.unassigned_count)


@dataclass(frozen=True)
class Day:
    today: date
    tasks: list[Task]  # due today or overdue, mine (assigned to me, or on my cases and unassigned)
    idle: list[Case]  # my open cases without any open task
    to_answer: list[Referral]  # referrals waiting for my organisations' answer
    to_contact: list[Referral]  # accepted referrals whose first contact is not recorded, overdue first
    open_count: int
    waiting: Waiting | None = None  # None: the asker may not assign cases in any organisation


def waiting(*, visible_to: Access, user_id: int, today: date | None = None) -> Waiting | None:
    """The open cases of the organisations where the asker may assign cases (a writer's) that wait for
    someone: a task overdue (not on the asker's own cases, which "my tasks" lists), or nobody working it."""
    today = today or timezone.localdate()
    orgs = [
        g.organisation_id
        for g in visible_to.grants
        if g.kind in HOUSEHOLD_HOLDING_KINDS and g.role in WRITERS
    ]
    if not orgs:
        return None
    open_cases = Case.objects.filter(organisation_id__in=orgs).exclude(status=Case.Status.CLOSED)
    is_overdue = Q(next_due__lt=today) & (Q(caseworker__isnull=True) | ~Q(caseworker_id=user_id))
    is_unassigned = Q(caseworker__isnull=True)
    counts = open_cases.aggregate(  # one query for both counts; a list only when it has rows
        overdue=Count("pk", filter=is_overdue), unassigned=Count("pk", filter=is_unassigned)
    )
    rows = open_cases.select_related("household", "caseworker")
    return Waiting(
        overdue=list(rows.filter(is_overdue).order_by("next_due", "opened_at", "pk")[:WAITING_SHOWN])
        if counts["overdue"]
        else [],
        overdue_count=counts["overdue"],
        unassigned=list(
            rows.filter(is_unassigned).order_by(F("next_due").asc(nulls_last=True), "opened_at", "pk")[
                :WAITING_SHOWN
            ]
        )
        if counts["unassigned"]
        else [],
        unassigned_count=counts["unassigned"],
    )


def my_day(*, visible_to: Access, user_id: int, today: date | None = None) -> Day:
    today = today or timezone.localdate()
    orgs = holders(visible_to)
    tasks = list(
        Task.objects.filter(
            Q(assignee_id=user_id) | Q(assignee__isnull=True, case__caseworker_id=user_id),
            case__organisation_id__in=orgs,
            case__status__in=_open_states(),
            done_at__isnull=True,
            due__lte=today,
        )
        .select_related("case", "case__household")
        .order_by("due", "pk")[:100]
    )
    mine = Case.objects.filter(organisation_id__in=orgs, caseworker_id=user_id).exclude(
        status=Case.Status.CLOSED
    )
    idle = list(
        mine.filter(next_due__isnull=True).select_related("household").order_by("opened_at", "pk")[:50]
    )
    return Day(
        today=today,
        tasks=tasks,
        idle=idle,
        to_answer=list(referrals(visible_to=visible_to, box="in", state=Referral.State.SENT)[:50]),
        to_contact=list(
            referrals(visible_to=visible_to, box="in", state=Referral.State.ACCEPTED)
            .filter(first_contact_at__isnull=True, case__caseworker_id=user_id)
            .order_by("first_contact_due", "pk")[:50]
        ),
        open_count=mine.count(),
        waiting=waiting(visible_to=visible_to, user_id=user_id, today=today),
    )


# --------------------------------------------------------------------------------------------- referrals
def referrals(*, visible_to: Access, box: str = "in", state: str = "") -> QuerySet[Referral]:
    orgs = holders(visible_to)
    if box == "out":
        qs = Referral.objects.filter(from_organisation_id__in=orgs)
    else:
        qs = Referral.objects.filter(to_organisation_id__in=orgs)
    if state in Referral.State.values:
        qs = qs.filter(state=state)
    return qs.select_related(
        "household", "household__municipality", "from_organisation", "to_organisation"
    ).order_by("-sent_at", "-pk")


def overdue(qs: QuerySet[Referral], today: date | None = None) -> QuerySet[Referral]:
    """Referrals whose first contact is late: sent or accepted, no first contact, due before today."""
    return qs.filter(
        state__in=[Referral.State.SENT, Referral.State.ACCEPTED],
        first_contact_at__isnull=True,
        first_contact_due__lt=today or timezone.localdate(),
    )


def referral_for(*, pk: int, visible_to: Access) -> Referral | None:
    orgs = holders(visible_to)
    return (
        Referral.objects.select_related(
            "household",
            "household__municipality",
            "household__organisation",
            "from_organisation",
            "to_organisation",
            "consent",
            "case",
            "sent_by",
        )
        .filter(Q(from_organisation_id__in=orgs) | Q(to_organisation_id__in=orgs), pk=pk)
        .first()
    )


def council_area_overdue(*, visible_to: Access, today: date | None = None) -> tuple[list[Referral], bool]:
    """Overdue referrals whose household lives in the area of the asker's council(s); ``False`` when the
    asker is no council member. The council sees the organisations and dates, never the household."""
    area = contributions.provider("routing.council_area")
    councils = [g.organisation_id for g in visible_to.grants if g.kind == OrgKind.COUNCIL]
    if not councils or area is None:
        return [], False
    q = Q(pk__in=[])
    for org in councils:
        found = area(organisation_id=org)
        if found is None:
            continue
        prefecture, codes = found
        if codes is None:
            q |= Q(household__municipality__prefecture_id=prefecture)
        else:
            q |= Q(household__municipality_id__in=codes)
    rows = overdue(Referral.objects.filter(q), today).select_related(
        "from_organisation", "to_organisation", "household__municipality"
    )
    return list(rows.order_by("first_contact_due", "pk")[:200]), True


def status_change(text: str) -> dict[str, str | None] | None:
    """The codes a status entry's text records (``before→after`` and ``|reason`` when closed), or ``None``
    when the text is not a status change."""
    if "→" not in text:
        return None
    before, after = text.split("→", 1)
    after, _sep, reason = after.partition("|")
    return {"from": before or None, "to": after or None, "close_reason": reason or None}


def status_change_text(text: str) -> str:
    """A status entry in words (the statuses' and the close reason's labels, never their codes)."""
    codes = status_change(text)
    if codes is None:
        return text
    labels = dict(Case.Status.choices)
    reasons = dict(Case.CloseReason.choices)
    out = f"{labels.get(codes['from'] or '', '')} → {labels.get(codes['to'] or '', '')}"
    if codes["close_reason"] in reasons and codes["close_reason"]:
        out = aside(out, reasons[codes["close_reason"]])
    return out
