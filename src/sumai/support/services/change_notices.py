"""Change notices (変更届出): a designated corporation's particulars change at once, and the prefecture
acknowledges the notice."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.audit.services import record_event
from sumai.core.actor import Actor
from sumai.core.errors import Conflict
from sumai.core.notifications import notify
from sumai.domain import support as domain
from sumai.support.actions import SupportAction
from sumai.support.models import ChangeNotice, SupportCorporation
from sumai.support.services.common import (
    clean_officers,
    own_link,
    prefecture_organisation,
    require_member,
    require_prefecture,
    review_link,
    user_of,
)

CHANGEABLE_FIELDS = ["representative", "postal_code", "address", "officers", "phone", "email"]


@transaction.atomic
def change_notice_submit(
    *, actor: Actor, corporation: SupportCorporation, summary: str, effective_on: date, data: dict[str, Any]
) -> ChangeNotice:
    """A designated corporation notifies a change of its particulars; the record changes at once and the
    prefecture acknowledges the notice."""
    require_member(actor, corporation.organisation_id)
    if corporation.state not in domain.HOLDS_DESIGNATION:
        raise ValidationError(_("Change notices are for designated corporations."))
    if not summary.strip():
        raise ValidationError({"summary": _("Say what changes.")})
    corp = SupportCorporation.objects.select_for_update().get(pk=corporation.pk)
    changes: dict[str, list[Any]] = {}
    for key in CHANGEABLE_FIELDS:
        if key not in data:
            continue
        value = clean_officers(data[key]) if key == "officers" else data[key]
        if getattr(corp, key) != value:
            changes[key] = [getattr(corp, key), value]
            setattr(corp, key, value)
    corp.full_clean(exclude=["organisation"])
    corp.save()
    notice = ChangeNotice.objects.create(
        corporation=corp,
        summary=summary.strip(),
        changes=changes,
        effective_on=effective_on,
        submitted_by=user_of(actor),
    )
    record_event(
        actor=actor.user,
        action=SupportAction.CHANGE_NOTICE,
        obj=corp,
        organisation=corp.organisation,
        before={k: v[0] for k, v in changes.items()},
        after={**{k: v[1] for k, v in changes.items()}, "notice": notice.pk, "summary": notice.summary},
    )
    notify(
        prefecture_organisation(corp.prefecture_id),
        _("Change notice from %(name)s: %(summary)s") % {"name": corp.name, "summary": summary.strip()[:150]},
        review_link(corp),
    )
    return notice


@transaction.atomic
def change_notice_acknowledge(*, actor: Actor, notice: ChangeNotice) -> ChangeNotice:
    corp = notice.corporation
    require_prefecture(actor, corp)
    changed = ChangeNotice.objects.filter(pk=notice.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=user_of(actor)
    )
    if changed != 1:
        raise Conflict(_("This change notice was already acknowledged."))
    notice.refresh_from_db()
    record_event(
        actor=actor.user,
        action=SupportAction.CHANGE_NOTICE_ACKNOWLEDGE,
        obj=notice,
        organisation=corp.organisation,
        after={"acknowledged_at": notice.acknowledged_at},
    )
    notify(corp.organisation, _("The prefecture acknowledged your change notice."), own_link(corp))
    return notice
