"""Reads of the placements part: the case a placement may be recorded for (only the organisation that works
the case *and* holds its household), a placement of a case, its follow-ups, the home chosen by its
registration number or an accepted inquiry, and the support corporations to choose from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Min, QuerySet
from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.cases.models import Case, Household
from sumai.core.access import Access
from sumai.core.converters import ID_DIGITS
from sumai.core.roles import WRITERS
from sumai.matching.selectors import case_to_match
from sumai.placements.models import FollowUp, LandlordInquiry, Placement
from sumai.registry.models import Unit
from sumai.support.selectors import corporations_serving


# ------------------------------------------------------------------------------------------ the case
def case_to_place(*, pk: int, visible_to: Access) -> Case | None:
    """A case worked by one of the asker's organisations that also holds its household (the household's
    record, incomes included, is read to work out the subsidies), for reading."""
    return case_to_match(pk=pk, visible_to=visible_to)


def case_to_place_writable(*, pk: int, visible_to: Access) -> Case | None:
    """As :func:`case_to_place`, for a writer (admin or staff) of the organisation that works the case."""
    case = case_to_place(pk=pk, visible_to=visible_to)
    if case is None or not visible_to.has(organisation_id=case.organisation_id, roles=WRITERS):
        return None
    return case


def _placements() -> QuerySet[Placement]:
    return Placement.objects.select_related(
        "unit__building", "municipality", "support_corporation", "inquiry", "recorded_by"
    )


def placement_for(*, pk: int, placement: int, visible_to: Access) -> Placement | None:
    case = case_to_place(pk=pk, visible_to=visible_to)
    if case is None:
        return None
    found = _placements().filter(pk=placement, case=case).first()
    if found is not None:
        found.case = case
    return found


def placement_for_writer(*, pk: int, placement: int, visible_to: Access) -> Placement | None:
    found = placement_for(pk=pk, placement=placement, visible_to=visible_to)
    if found is None or not visible_to.has(organisation_id=found.case.organisation_id, roles=WRITERS):
        return None
    return found


def placements_of_case(case: Case) -> list[Placement]:
    return list(_placements().filter(case=case).order_by("-move_in_on", "-pk")[:20])


def follow_ups(placement: Placement) -> list[FollowUp]:
    return list(placement.follow_ups.select_related("task", "answered_by").order_by("months"))


def follow_up_of(placement: Placement, pk: int) -> FollowUp | None:
    """One follow-up of the placement (None for another placement's)."""
    return FollowUp.objects.filter(pk=pk, placement=placement).first()


def follow_ups_by_placement(placements: list[Placement]) -> dict[int, list[FollowUp]]:
    """The follow-ups of several placements in one query, each placement's in order of months."""
    out: dict[int, list[FollowUp]] = {}
    for f in FollowUp.objects.filter(placement__in=placements).order_by("placement_id", "months"):
        out.setdefault(f.placement_id, []).append(f)
    return out


def current_placement_of_unit(unit_id: int) -> Placement | None:
    """The placement whose tenancy of the unit has not ended (at most one: the service refuses a second)."""
    return Placement.objects.filter(unit_id=unit_id, ended_on__isnull=True).order_by("-pk").first()


def current_placement_of_case(case: Case) -> Placement | None:
    return Placement.objects.filter(case=case, ended_on__isnull=True).order_by("-pk").first()


# ------------------------------------------------------------------------------------------ the home
def _units() -> QuerySet[Unit]:
    return Unit.objects.select_related("building__municipality", "building__operator")


MAX_UNITS_OF_REGISTRATION = 2000
"""The most homes of one registration the unit choice lists (a registration is one building)."""


def registered_units(registration_number: str) -> list[Unit]:
    """The registered homes of that registration number (one building's registration covers all its
    registered units), by floor and unit number: the caseworker chooses one of them."""
    number = (registration_number or "").strip()
    if not number:
        return []
    return list(
        _units()
        .filter(registration_number=number, status=Unit.Status.REGISTERED)
        .order_by("floor", "number", "pk")[:MAX_UNITS_OF_REGISTRATION]
    )


def unit_by_id(pk: int) -> Unit | None:
    return _units().filter(pk=pk, status=Unit.Status.REGISTERED).first()


def accepted_inquiry(case: Case, inquiry_id: str | int | None) -> LandlordInquiry | None:
    """An accepted inquiry of the case that no placement uses yet."""
    text = str(inquiry_id or "")
    if not text.isdigit() or len(text) > ID_DIGITS:
        return None
    return (
        LandlordInquiry.objects.select_related("unit__building__municipality", "unit__building__operator")
        .filter(pk=int(text), case=case, state=LandlordInquiry.State.ACCEPTED, placement__isnull=True)
        .first()
    )


# ------------------------------------------------------------------------------ support corporations
def corporation_choices(*, municipality_code: str, case: Case) -> list[Organisation]:
    """The designated support corporations serving the home's municipality (the directory's order), and
    the organisation that works the case when it is a support corporation itself."""
    serving = [c.organisation for c in corporations_serving(municipality_code=municipality_code)]
    own = case.organisation
    if own.kind == Organisation.Kind.SUPPORT_CORPORATION and all(o.pk != own.pk for o in serving):
        serving.insert(0, own)
    return serving


# ------------------------------------------------------------------------------ first consultation
@dataclass(frozen=True)
class FirstConsultation:
    on: date
    source: str  # "request": the household's consultation request; "case": its earliest case


def first_consultation(household: Household) -> FirstConsultation:
    """The day of the household's first consultation (docs/placements.md): the earlier of the day its
    consultation request was received (when it came through one) and the day its earliest case, at any
    organisation, was opened."""
    days: list[tuple[date, str]] = []
    if household.request_id is not None:
        received = household.request.created_at  # type: ignore[union-attr]
        days.append((timezone.localdate(received), "request"))
    opened = Case.objects.filter(household=household).aggregate(first=Min("opened_at"))["first"]
    if opened is not None:
        days.append((timezone.localdate(opened), "case"))
    if not days:
        return FirstConsultation(timezone.localdate(), "case")
    on, source = min(days)
    return FirstConsultation(on, source)
