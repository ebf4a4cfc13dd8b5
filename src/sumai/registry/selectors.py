"""Reads of the registry, scoped to who asks."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from sumai.accounts.models import Organisation
from sumai.core.access import Access
from sumai.core.roles import ROLES, WRITERS
from sumai.registry.models import AgentAuthorisation, Building, Registration, Unit

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


def building_for(*, pk: int, visible_to: Access, roles: tuple[str, ...] = ROLES) -> Building | None:
    return buildings_for(visible_to=visible_to, roles=roles).filter(pk=pk).first()


def units_of(building: Building) -> list[Unit]:
    return list(building.units.order_by("floor", "number"))


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
