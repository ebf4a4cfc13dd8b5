"""Reads of the placements part: the case a placement may be recorded for (only the organisation that works
the case *and* holds its household), a placement of a case, its follow-ups, the home chosen by its
registration number or an accepted inquiry, and the support corporations to choose from."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.db.models import Min, QuerySet
from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.cases.models import Case, Household
from sumai.core.access import Access
from sumai.core.converters import ID_DIGITS
from sumai.core.roles import WRITERS
from sumai.domain import placement as domain
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


def _current() -> QuerySet[Placement]:
    """Placements in force: the tenancy has not ended and the placement was not cancelled."""
    return Placement.objects.filter(ended_on__isnull=True, cancelled_on__isnull=True)


def current_placement_of_unit(unit_id: int) -> Placement | None:
    """The placement whose tenancy of the unit is in force (at most one: the service refuses a second)."""
    return _current().filter(unit_id=unit_id).order_by("-pk").first()


def current_placement_of_case(case: Case) -> Placement | None:
    """The case's placement whose tenancy is in force (neither ended nor cancelled), if any."""
    return _current().filter(case=case).order_by("-pk").first()


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


WITHDRAWABLE = [
    str(s)
    for s in domain.InquiryState
    if domain.INQUIRY.can(s, domain.InquiryAction.WITHDRAW, domain.InquiryActor.CASEWORKER)
]
"""The states of an inquiry the caseworker may withdraw (waiting for the landlord, or accepted)."""


def other_inquiries_to_withdraw(case: Case, kept: LandlordInquiry | None) -> list[LandlordInquiry]:
    """The case's other inquiries that recording a placement withdraws (waiting for the landlord or
    accepted, no placement recorded from them): the form says so before it is sent."""
    found = LandlordInquiry.objects.filter(case=case, state__in=WITHDRAWABLE, placement__isnull=True)
    if kept is not None:
        found = found.exclude(pk=kept.pk)
    return list(found.select_related("unit__building", "operator").order_by("pk"))


# ------------------------------------------------------------------------------ support corporations
def corporation_choices(
    *, municipality_code: str, case: Case, named: Organisation | None = None
) -> list[Organisation]:
    """The designated support corporations serving the home's municipality (the directory's order), the
    organisation that works the case when it is a support corporation itself, and ``named``: the
    corporation the inquiry's support package names (it may serve another municipality: the household's)."""
    serving = [c.organisation for c in corporations_serving(municipality_code=municipality_code)]
    own = case.organisation
    if own.kind == Organisation.Kind.SUPPORT_CORPORATION and all(o.pk != own.pk for o in serving):
        serving.insert(0, own)
    if named is not None and all(o.pk != named.pk for o in serving):
        serving.insert(0, named)
    return serving


# the package's items a support corporation may provide, in the order the placement form looks at them
PACKAGE_ITEMS = ("rent_guarantee", "watch_over", "belongings_after_death", "emergency_contact")


def _name_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).casefold()


def package_corporation(inquiry: LandlordInquiry | None) -> Organisation | None:
    """The housing support corporation the inquiry's support package names: the first item provided by a
    support corporation whose name is that of an active support corporation in Sumai (spaces and
    full-width letters aside), or None."""
    if inquiry is None:
        return None
    arrangements = (inquiry.package or {}).get("arrangements") or {}
    names: list[str] = []
    for item in PACKAGE_ITEMS:
        entry = arrangements.get(item)
        if isinstance(entry, dict) and entry.get("kind") == "support_corporation":
            name = str(entry.get("provider") or "").strip()
            if name and name not in names:
                names.append(name)
    if not names:
        return None
    corporations = Organisation.objects.filter(kind=Organisation.Kind.SUPPORT_CORPORATION, is_active=True)
    exact = {o.name: o for o in corporations.filter(name__in=names)}
    for name in names:
        if name in exact:
            return exact[name]
    # the name as typed may differ in spaces or full-width letters: compare normalised (a few thousand)
    wanted = [_name_key(n) for n in names]
    by_key = {_name_key(o.name): o for o in corporations.only("pk", "name", "kind")}
    return next((by_key[k] for k in wanted if k in by_key), None)


# how the package's rent guarantee (``ProviderKind``) is recorded on the lease (``GuaranteeKind``)
GUARANTEE_OF_PROVIDER = {
    "support_corporation": "support_corporation",
    "guarantee_company": "guarantee_company",
    "certified_guarantor": "certified_guarantor",
    "family": "individual",
}


def package_guarantee(inquiry: LandlordInquiry | None) -> tuple[str, str] | None:
    """The rent guarantee the inquiry's package arranged, as the lease records it: (guarantee kind, the
    guarantor's name); None when the package has none, or one of a kind a lease does not name (an insurer,
    the municipality…)."""
    if inquiry is None:
        return None
    entry = ((inquiry.package or {}).get("arrangements") or {}).get("rent_guarantee")
    if not isinstance(entry, dict) or not str(entry.get("provider") or "").strip():
        return None
    kind = GUARANTEE_OF_PROVIDER.get(str(entry.get("kind") or ""))
    if kind is None:
        return None
    return kind, str(entry["provider"]).strip()[:200]


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
