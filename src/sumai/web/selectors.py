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
from sumai.places.models import Municipality
from sumai.registry.models import Building, Unit


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


def dashboard_panels(*, visible_to: Access) -> list[Panel]:
    from django.utils.translation import gettext as _

    orgs = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in=[g.organisation_id for g in visible_to.grants])
        .select_related("prefecture", "municipality")
        .defer("prefecture__geometry")
    }
    panels = []
    for grant in visible_to.grants:
        org = orgs.get(grant.organisation_id)
        if org is None:
            continue
        panel = Panel(org, grant.role, str(Membership.Role(grant.role).label))
        panel.sections = contributions.collect("dashboard.links", organisation=org, role=grant.role)
        cache_key = f"sumai:dashboard:{org.pk}:{get_language()}"
        cached = cache.get(cache_key)
        if cached is not None:
            panel.figures, panel.as_of = cached
            panels.append(panel)
            continue
        panel.as_of = timezone.now()
        kind = org.kind
        if kind in (Organisation.Kind.OPERATOR, Organisation.Kind.AGENT):
            units = Unit.objects.filter(building__operator=org)
            agg = units.aggregate(total=Count("id"), vacant=Count("id", filter=Q(vacancy="vacant")))
            panel.figures = [
                (_("Buildings"), Building.objects.filter(operator=org).count()),
                (_("Units"), agg["total"]),
                (_("Vacant units"), agg["vacant"]),
            ]
        elif kind == Organisation.Kind.AUTHORITY:
            buildings = Building.objects.filter(authority_code=org.authority_code)
            panel.figures = [
                (_("Buildings in the jurisdiction"), buildings.count()),
                (
                    _("Units in the jurisdiction"),
                    Unit.objects.filter(building__authority_code=org.authority_code).count(),
                ),
            ]
        elif kind == Organisation.Kind.MUNICIPALITY and org.municipality_id:
            panel.figures = [
                (
                    _("Units in the municipality"),
                    Unit.objects.filter(building__municipality_id=org.municipality_id).count(),
                ),
                (_("Population"), org.municipality.population if org.municipality else None),
            ]
        elif (
            kind
            in (
                Organisation.Kind.SUPPORT_CORPORATION,
                Organisation.Kind.COUNCIL,
                Organisation.Kind.REFERRAL_PARTNER,
            )
            and org.prefecture_id
        ):
            panel.figures = [
                (
                    _("Units in the prefecture"),
                    Unit.objects.filter(building__municipality__prefecture_id=org.prefecture_id).count(),
                ),
                (
                    _("Support corporations in the prefecture"),
                    Organisation.objects.filter(
                        kind=Organisation.Kind.SUPPORT_CORPORATION, prefecture_id=org.prefecture_id
                    ).count(),
                ),
            ]
        elif kind == Organisation.Kind.NATIONAL:
            panel.figures = [
                (_("Units"), Unit.objects.count()),
                (_("Buildings"), Building.objects.count()),
                (_("Municipalities"), Municipality.objects.exclude(kind=Municipality.Kind.WARD).count()),
                (
                    _("Support corporations"),
                    Organisation.objects.filter(kind=Organisation.Kind.SUPPORT_CORPORATION).count(),
                ),
            ]
        cache.set(cache_key, (panel.figures, panel.as_of), FIGURES_TTL_SECONDS)
        panels.append(panel)
    return panels
