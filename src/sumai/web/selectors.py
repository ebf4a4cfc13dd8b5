"""What each dashboard shows: the user's organisations and the figures of their work, by kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language

from sumai.accounts.models import Membership, Organisation
from sumai.core import contributions
from sumai.core.access import Access
from sumai.core.roles import LANDLORD_KINDS, OrgKind
from sumai.places.models import Municipality
from sumai.registry.models import AgentAuthorisation, Building, Unit


@dataclass
class Panel:
    organisation: Organisation
    role: str
    role_label: str = ""
    figures: list[tuple[str, Any]] = field(default_factory=list)
    as_of: datetime | None = None
    sections: list[contributions.Section] = field(default_factory=list)


# Counting a bulk operator's 400,000 units costs ~100 ms; the figures are kept for a few minutes and the
# page says when they were counted (docs/performance.md).
FIGURES_TTL_SECONDS = 300


def _grouped(queryset: Any, key: str, **aggregates: Any) -> dict[Any, dict[str, int]]:
    """One query: ``aggregates`` of ``queryset`` per value of ``key``."""
    return {row.pop(key): row for row in queryset.values(key).annotate(**aggregates).order_by()}


class _Figures:
    """The counts of every panel that is not cached, a few grouped queries per kind of organisation —
    never a query per organisation (a user may belong to many)."""

    def __init__(self, orgs: list[Organisation]) -> None:
        by_kind: dict[str, list[Organisation]] = {}
        for org in orgs:
            by_kind.setdefault(org.kind, []).append(org)
        agents = [o.pk for o in by_kind.get(OrgKind.AGENT, [])]
        # An agent works for the landlords that authorised it: its figures are theirs (what it manages).
        self.principals: dict[int, list[int]] = {}
        for agent_id, operator_id in AgentAuthorisation.objects.filter(
            agent_id__in=agents, revoked_at__isnull=True
        ).values_list("agent_id", "operator_id"):
            self.principals.setdefault(agent_id, []).append(operator_id)
        landlords = [o.pk for o in by_kind.get(OrgKind.OPERATOR, [])] + [
            op for ops in self.principals.values() for op in ops
        ]
        codes = [o.authority_code for o in by_kind.get(OrgKind.AUTHORITY, [])]
        munis = [o.municipality_id for o in by_kind.get(OrgKind.MUNICIPALITY, []) if o.municipality_id]
        prefs = [o.prefecture_id for k in PREFECTURE_KINDS for o in by_kind.get(k, []) if o.prefecture_id]
        vacant = Count("id", filter=Q(vacancy="vacant"))
        self.landlord_buildings = (
            _grouped(Building.objects.filter(operator_id__in=landlords), "operator_id", n=Count("id"))
            if landlords
            else {}
        )
        self.landlord_units = (
            _grouped(
                Unit.objects.filter(building__operator_id__in=landlords),
                "building__operator_id",
                n=Count("id"),
                vacant=vacant,
            )
            if landlords
            else {}
        )
        self.authority_buildings = (
            _grouped(Building.objects.filter(authority_code__in=codes), "authority_code", n=Count("id"))
            if codes
            else {}
        )
        self.authority_units = (
            _grouped(
                Unit.objects.filter(building__authority_code__in=codes),
                "building__authority_code",
                n=Count("id"),
            )
            if codes
            else {}
        )
        self.municipality_units = (
            _grouped(
                Unit.objects.filter(building__municipality_id__in=munis),
                "building__municipality_id",
                n=Count("id"),
            )
            if munis
            else {}
        )
        self.prefecture_units = (
            _grouped(
                Unit.objects.filter(building__municipality__prefecture_id__in=prefs),
                "building__municipality__prefecture_id",
                n=Count("id"),
            )
            if prefs
            else {}
        )
        # Support corporations as the statistics count them (holding a designation), from the support app.
        needs_corporations = bool(prefs) or bool(by_kind.get(OrgKind.NATIONAL))
        designated = contributions.provider("statistics.designated_corporations")
        self.prefecture_corporations: dict[Any, dict[str, int]] = {}
        if needs_corporations and designated is not None:
            for pref, _form, count in designated():
                row = self.prefecture_corporations.setdefault(pref, {"n": 0})
                row["n"] += count
        self.national = (
            {
                "units": Unit.objects.count(),
                "buildings": Building.objects.count(),
                "municipalities": Municipality.objects.exclude(kind=Municipality.Kind.WARD).count(),
                "corporations": sum(row["n"] for row in self.prefecture_corporations.values()),
            }
            if by_kind.get(OrgKind.NATIONAL)
            else {}
        )

    def of(self, org: Organisation) -> list[tuple[str, Any]]:
        from django.utils.translation import gettext as _
        from django.utils.translation import pgettext  # a count's heading (「住戸数」), not the word itself

        def n(table: dict[Any, dict[str, int]], key: Any, field: str = "n") -> int:
            return table.get(key, {}).get(field, 0)

        kind = org.kind
        if kind == OrgKind.AGENT:
            principals = self.principals.get(org.pk, [])
            return [
                (_("Landlords you act for"), len(principals)),
                (_("Buildings"), sum(n(self.landlord_buildings, op) for op in principals)),
                (pgettext("figure", "Units"), sum(n(self.landlord_units, op) for op in principals)),
                (_("Vacant units"), sum(n(self.landlord_units, op, "vacant") for op in principals)),
            ]
        if kind in LANDLORD_KINDS:
            return [
                (_("Buildings"), n(self.landlord_buildings, org.pk)),
                (pgettext("figure", "Units"), n(self.landlord_units, org.pk)),
                (_("Vacant units"), n(self.landlord_units, org.pk, "vacant")),
            ]
        if kind == OrgKind.AUTHORITY:
            return [
                (_("Buildings in the jurisdiction"), n(self.authority_buildings, org.authority_code)),
                (_("Units in the jurisdiction"), n(self.authority_units, org.authority_code)),
            ]
        if kind == OrgKind.MUNICIPALITY and org.municipality_id:
            return [
                (_("Units in the municipality"), n(self.municipality_units, org.municipality_id)),
                (_("Population"), org.municipality.population if org.municipality else None),
            ]
        if kind in PREFECTURE_KINDS and org.prefecture_id:
            return [
                (_("Units in the prefecture"), n(self.prefecture_units, org.prefecture_id)),
                (
                    _("Support corporations in the prefecture"),
                    n(self.prefecture_corporations, org.prefecture_id),
                ),
            ]
        if kind == OrgKind.NATIONAL:
            return [
                (pgettext("figure", "Units"), self.national["units"]),
                (_("Buildings"), self.national["buildings"]),
                (_("Municipalities"), self.national["municipalities"]),
                (pgettext("figure", "Support corporations"), self.national["corporations"]),
            ]
        return []


PREFECTURE_KINDS = (OrgKind.SUPPORT_CORPORATION, OrgKind.COUNCIL, OrgKind.REFERRAL_PARTNER)


def dashboard_panels(*, visible_to: Access) -> list[Panel]:
    orgs = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in=visible_to.organisation_ids())
        .select_related("prefecture", "municipality")
        .defer("prefecture__geometry")
    }
    language = get_language()
    panels: list[Panel] = []
    uncached: list[Panel] = []
    for grant in visible_to.grants:
        org = orgs.get(grant.organisation_id)
        if org is None:
            continue
        panel = Panel(org, grant.role, str(Membership.Role(grant.role).label))
        panel.sections = contributions.collect("dashboard.links", organisation=org, role=grant.role)
        cached = cache.get(f"sumai:dashboard:{org.pk}:{language}")
        if cached is not None:
            panel.figures, panel.as_of = cached
        else:
            uncached.append(panel)
        panels.append(panel)
    if uncached:
        figures = _Figures([p.organisation for p in uncached])
        now = timezone.now()
        for panel in uncached:
            panel.figures, panel.as_of = figures.of(panel.organisation), now
            cache.set(
                f"sumai:dashboard:{panel.organisation.pk}:{language}",
                (panel.figures, panel.as_of),
                FIGURES_TTL_SECONDS,
            )
    return panels
