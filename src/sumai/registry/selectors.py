"""Reads of the registry, scoped to who asks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.core.access import Access
from sumai.core.roles import ROLES, WRITERS
from sumai.registry.models import (
    AgentAuthorisation,
    Attachment,
    Building,
    ImportJob,
    Inquiry,
    OperatorProfile,
    Registration,
    ReviewNote,
    Unit,
)

APPLICANT_ROLES = WRITERS


def operators_actable_by(
    access: Access, *, roles: tuple[str, ...] = APPLICANT_ROLES
) -> QuerySet[Organisation]:
    """Operators the asker may act for: its own operator organisations, and those that authorised one of
    its agent organisations."""
    own = [g.organisation_id for g in access.grants if g.kind == "operator" and g.role in roles]
    agents = [g.organisation_id for g in access.grants if g.kind == "agent" and g.role in roles]
    principals = AgentAuthorisation.objects.filter(agent_id__in=agents, revoked_at__isnull=True).values(
        "operator_id"
    )
    return Organisation.objects.filter(Q(pk__in=own) | Q(pk__in=principals), kind="operator").order_by("name")


def buildings_for(*, visible_to: Access, roles: tuple[str, ...] = ROLES) -> QuerySet[Building]:
    operators = operators_actable_by(visible_to, roles=roles)
    return (
        Building.objects.filter(operator__in=operators)
        .select_related("municipality", "operator", "registration")
        .annotate(unit_count=Count("units"))
        .order_by("-updated_at")
    )


NEEDS_ACTION_STATES = ("changes_requested",)


def building_list(
    *, visible_to: Access, filters: dict[str, Any] | None = None, now: datetime | None = None
) -> QuerySet[Building]:
    """The buildings of the landlords the asker acts for, with the counts a bulk operator works from:
    ``unit_count``, ``vacant_count`` (units said vacant), ``due_count`` (units whose vacancy must be
    confirmed soon or has lapsed, :func:`sumai.registry.vacancy.due_q`). ``filters``: ``q`` (name or
    address), ``state`` (of the registration), ``operator`` (one landlord), ``needs_action`` (the reviewer
    asked for changes, or a unit's vacancy is due)."""
    f = filters or {}
    qs = _listed(Building.objects.filter(operator__in=operators_actable_by(visible_to, roles=ROLES)), f, now)
    if f.get("operator"):
        qs = qs.filter(operator_id=f["operator"])
    if f.get("needs_action"):
        qs = qs.filter(Q(registration__state__in=NEEDS_ACTION_STATES) | Q(due_count__gt=0))
    return qs.order_by("-updated_at", "-pk")


def _listed(buildings: QuerySet[Building], f: dict[str, Any], now: datetime | None) -> QuerySet[Any]:
    """``buildings`` with the counts of a building list (units, vacant, vacancy due) and the filters every
    list shares (``q``: name, address or registration number; ``state``)."""
    from sumai.registry.vacancy import due_q  # vacancy builds on these selectors

    qs = buildings.select_related("municipality", "operator", "registration").annotate(
        unit_count=Count("units", distinct=True),
        vacant_count=Count("units", filter=Q(units__vacancy="vacant"), distinct=True),
        due_count=Count("units", filter=_prefixed(due_q(now or timezone.now()), "units__"), distinct=True),
    )
    if f.get("q"):
        q = str(f["q"])
        qs = qs.filter(
            Q(name__icontains=q) | Q(address__icontains=q) | Q(registration__registration_number=q)
        )
    if f.get("state"):
        qs = qs.filter(registration__state=f["state"])
    return qs


def _prefixed(q: Q, prefix: str) -> Q:
    """``q`` with every lookup moved to a related model (``vacancy`` → ``units__vacancy``)."""
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    children: list[Any] = []
    for child in q.children:
        if isinstance(child, Q):
            children.append(_prefixed(child, prefix))
        else:
            lookup, value = child  # type: ignore[misc]
            children.append((prefix + lookup, value))
    out.children = children
    return out


def building_for(*, pk: int, visible_to: Access, roles: tuple[str, ...] = ROLES) -> Building | None:
    return buildings_for(visible_to=visible_to, roles=roles).filter(pk=pk).first()


def units_of(building: Building) -> list[Unit]:
    return list(building.units.order_by("floor", "number"))


def unit_of(building: Building, unit_id: int) -> Unit | None:
    """One unit of a building the asker already sees (the building came from :func:`building_for`)."""
    return building.units.filter(pk=unit_id).first()


def attachment_of(registration: Registration, attachment_id: int) -> Attachment | None:
    """One document of a registration the asker already sees."""
    return registration.attachments.filter(pk=attachment_id).first()


def notes_of(registration: Registration) -> QuerySet[ReviewNote]:
    return registration.notes.select_related("author")


REQUEST_ACTIONS = ("request_changes", "return_change")
ANSWER_ACTIONS = ("submit", "notify_change")


def open_request(registration: Registration, notes: list[ReviewNote]) -> ReviewNote | None:
    """The reviewer's request the landlord has still to answer (shown at the top of the building page, not
    only in the thread): the latest request for changes or return of a change notice, while the
    registration waits for the landlord and nothing was submitted after it."""
    if registration.state not in (Registration.State.CHANGES_REQUESTED, Registration.State.CHANGE_NOTIFIED):
        return None
    for note in sorted(notes, key=lambda n: n.created_at, reverse=True):
        if note.action in ANSWER_ACTIONS:
            return None
        if note.action in REQUEST_ACTIONS:
            return note
    return None


def attachments_of(registration: Registration) -> QuerySet[Attachment]:
    return registration.attachments.all()


def authority_codes(access: Access, *, roles: tuple[str, ...] = ROLES) -> list[str]:
    ids = [g.organisation_id for g in access.grants if g.kind == "authority" and g.role in roles]
    return list(
        Organisation.objects.filter(pk__in=ids)
        .exclude(authority_code="")
        .values_list("authority_code", flat=True)
    )


def inbox(
    *, visible_to: Access, state: str = "", municipality: str = "", q: str = ""
) -> QuerySet[Registration]:
    """Registrations waiting for the asker's authority (its jurisdiction only)."""
    qs = Registration.objects.filter(authority_code__in=authority_codes(visible_to)).select_related(
        "building", "building__municipality", "building__operator"
    )
    if state:
        qs = qs.filter(state=state)
    else:
        qs = qs.filter(state__in=[Registration.State.SUBMITTED, Registration.State.CHANGE_NOTIFIED])
    if municipality:
        qs = qs.filter(
            Q(building__municipality_id=municipality) | Q(building__municipality__parent_id=municipality)
        )
    if q:
        qs = qs.filter(
            Q(building__name__icontains=q)
            | Q(building__address__icontains=q)
            | Q(building__operator__name__icontains=q)
        )
    return qs.order_by("submitted_at", "pk")


def registration_for_review(*, pk: int, visible_to: Access) -> Registration | None:
    return (
        Registration.objects.filter(pk=pk, authority_code__in=authority_codes(visible_to))
        .select_related("building", "building__municipality", "building__operator")
        .first()
    )


def units_for(*, visible_to: Access, roles: tuple[str, ...] = ROLES) -> QuerySet[Unit]:
    """The units of every operator the asker may act for (with ``roles``)."""
    return Unit.objects.filter(building__operator__in=operators_actable_by(visible_to, roles=roles))


def _authority_codes_query(access: Access, *, roles: tuple[str, ...] = ROLES) -> QuerySet[Organisation, Any]:
    """:func:`authority_codes` as a subquery (no query of its own)."""
    ids = [g.organisation_id for g in access.grants if g.kind == "authority" and g.role in roles]
    return Organisation.objects.filter(pk__in=ids).exclude(authority_code="").values("authority_code")


def attachment_for(*, pk: int, visible_to: Access) -> Attachment | None:
    """A document, never public: for the applicant's side (the landlord and the agents that may act for it)
    and the reviewing authority only."""
    return (
        Attachment.objects.select_related("registration__building")
        .filter(pk=pk)
        .filter(
            Q(registration__building__operator__in=operators_actable_by(visible_to, roles=ROLES))
            | Q(registration__authority_code__in=_authority_codes_query(visible_to))
        )
        .first()
    )


def import_job_for(*, pk: int, visible_to: Access, roles: tuple[str, ...] = ROLES) -> ImportJob | None:
    """An import job of a landlord the asker may act for (with ``roles``)."""
    operators = operators_actable_by(visible_to, roles=roles)
    return ImportJob.objects.select_related("operator").filter(pk=pk, operator__in=operators).first()


# ------------------------------------------------------------------------------- landlords and their agents
def sees_operator(access: Access, org_id: int) -> bool:
    """A member of the landlord's organisation (any role), or a platform administrator."""
    return access.is_superuser or access.has(organisation_id=org_id)


def can_edit_operator(access: Access, org_id: int) -> bool:
    """May change the landlord's particulars: its staff and administrators."""
    return access.is_superuser or access.has(roles=WRITERS, organisation_id=org_id)


def is_operator_admin(access: Access, org_id: int) -> bool:
    """May authorise and revoke agents: the landlord's administrators."""
    return access.is_superuser or access.has(roles=("admin",), organisation_id=org_id)


def operator_for(*, org_id: int, visible_to: Access) -> Organisation | None:
    """A landlord's organisation, for its own members."""
    if not sees_operator(visible_to, org_id):
        return None
    return Organisation.objects.filter(pk=org_id, kind=Organisation.Kind.OPERATOR).first()


def operator_profile_of(operator: Organisation) -> OperatorProfile | None:
    return OperatorProfile.objects.filter(organisation=operator).first()


def active_authorisations(operator: Organisation) -> QuerySet[AgentAuthorisation]:
    """The agents the landlord has authorised and not revoked."""
    return AgentAuthorisation.objects.filter(operator=operator, revoked_at__isnull=True).select_related(
        "agent"
    )


def agent_candidates(*, q: str, operator_id: int, visible_to: Access, limit: int = 20) -> list[Organisation]:
    """Active agents whose name contains ``q``, for an administrator of the landlord to authorise."""
    if not is_operator_admin(visible_to, operator_id):
        return []
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.AGENT, is_active=True, name__icontains=q).order_by(
            "name"
        )[:limit]
    )


def agent_for(*, pk: Any, operator_id: int, visible_to: Access) -> Organisation | None:
    """An agent's organisation, for an administrator of the landlord ``operator_id`` to authorise."""
    if not is_operator_admin(visible_to, operator_id):
        return None
    return Organisation.objects.filter(pk=pk, kind=Organisation.Kind.AGENT).first()


def authorisation_for(*, pk: int, operator_id: int, visible_to: Access) -> AgentAuthorisation | None:
    """One of the landlord's agent authorisations, for an administrator of the landlord."""
    if not is_operator_admin(visible_to, operator_id):
        return None
    return AgentAuthorisation.objects.filter(pk=pk, operator_id=operator_id).first()


# ------------------------------------------------------------------------------ a municipality's own area
AREA_KINDS = ("municipality", "referral_partner")
# A draft is the landlord's own work in progress; everything after it is the municipality's business.
AREA_HIDDEN_STATES = ("draft",)


def area_codes(access: Access) -> list[str]:
    """The municipalities (and, for a designated city, its wards) whose registry a municipal department or a
    referral partner may read: those of its organisations."""
    from sumai.places.selectors import municipality_names

    ids = [g.organisation_id for g in access.grants if g.kind in AREA_KINDS]
    codes = [
        c for c in Organisation.objects.filter(pk__in=ids).values_list("municipality_id", flat=True) if c
    ]
    names = municipality_names()
    return sorted({w for c in codes for w in (c, *(names[c].wards if c in names else ()))})


def area_buildings(*, visible_to: Access, filters: dict[str, Any] | None = None) -> QuerySet[Building]:
    """The buildings of the asker's municipality past their draft (read only): registered stock, what is
    under review, withdrawn or struck off, with the unit, vacant and vacancy-to-confirm counts."""
    f = filters or {}
    area = Building.objects.filter(municipality_id__in=area_codes(visible_to)).exclude(
        registration__state__in=AREA_HIDDEN_STATES
    )
    qs = _listed(area, f, None)
    if f.get("vacant"):
        qs = qs.filter(vacant_count__gt=0)
    return qs.order_by("municipality_id", "name", "pk")


def area_building(*, pk: int, visible_to: Access) -> Building | None:
    return area_buildings(visible_to=visible_to).filter(pk=pk).first()


def inquiries_for(*, visible_to: Access) -> QuerySet[Inquiry]:
    """Inquiries about the homes of the landlords the asker acts for, newest first."""
    return Inquiry.objects.filter(operator__in=operators_actable_by(visible_to, roles=ROLES)).select_related(
        "unit", "unit__building"
    )
