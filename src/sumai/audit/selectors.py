"""Reading the audit trail, scoped to who asks."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sumai.audit.models import AuditEvent
from sumai.core import contributions
from sumai.core.access import Access
from sumai.core.roles import WRITERS


def history_for(*, object_type: str, object_id: str, visible_to: Access) -> QuerySet[AuditEvent]:
    """An object's history: all of it for platform administrators; for organisation admins and staff, the
    events written in the name of their organisations or about those organisations."""
    qs = AuditEvent.objects.filter(object_type=object_type, object_id=object_id).select_related(
        "actor", "organisation"
    )
    if visible_to.is_superuser:
        return qs
    org_ids = [g.organisation_id for g in visible_to.grants if g.role in WRITERS]
    if not org_ids:
        return qs.none()
    # An app may say the asker oversees the whole record (a registration authority reviewing a building in its
    # jurisdiction sees the landlord's events on it too).
    if any(
        contributions.collect(
            "audit.history_visible", object_type=object_type, object_id=object_id, visible_to=visible_to
        )
    ):
        return qs
    scope = Q(organisation_id__in=org_ids)
    if object_type == "accounts.organisation":
        scope |= Q(object_id__in=[str(i) for i in org_ids])
    return qs.filter(scope)
