"""The prefecture's side of the designation: its decision on an application (request changes, designate,
reject) and supervision of a designated corporation (suspend, resume, revoke, abolish; the corporation
itself may notify suspension, resumption and abolition)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.core.actor import Actor
from sumai.core.notifications import notify
from sumai.domain import support as domain
from sumai.support import selectors
from sumai.support.models import SupportCorporation
from sumai.support.services.common import own_link, prefecture_organisation, require_prefecture, review_link
from sumai.support.services.designation import REASONS, transition, write_note


def _actor_kind(actor: Actor, corporation: SupportCorporation) -> domain.ActorKind:
    """The corporation's own staff act as the corporation, the prefecture's reviewers as the prefecture."""
    if selectors.may_decide(actor.access, corporation):
        return domain.ActorKind.PREFECTURE
    if selectors.may_act_for(actor.access, corporation.organisation_id, write=True):
        return domain.ActorKind.CORPORATION
    raise PermissionDenied(_("You may not act on this corporation."))


# ------------------------------------------------------------------------------------------- review
@transaction.atomic
def review_request_changes(
    *, actor: Actor, corporation: SupportCorporation, version: int, comment: str
) -> SupportCorporation:
    require_prefecture(actor, corporation)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the corporation must change.")})
    corp = transition(
        actor=actor,
        corporation=corporation,
        action=domain.Action.REQUEST_CHANGES,
        actor_kind=domain.ActorKind.PREFECTURE,
        version=version,
    )
    write_note(corp, actor, "request_changes", comment)
    notify(
        corp.organisation,
        _("The prefecture asks for changes to your application: %(comment)s")
        % {"comment": comment.strip()[:150]},
        own_link(corp),
    )
    return corp


def _next_number(prefecture_code: str, year: int) -> str:
    prefix = f"{prefecture_code}-{year}-"
    last = (
        SupportCorporation.objects.filter(designation_number__startswith=prefix)
        .order_by("-designation_number")
        .values_list("designation_number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{seq:03d}"


@transaction.atomic
def review_designate(
    *,
    actor: Actor,
    corporation: SupportCorporation,
    version: int,
    number: str = "",
    designated_on: date | None = None,
) -> SupportCorporation:
    """指定 (法59条1項): a number (the prefecture's own, or the next in ``PP-YYYY-NNN``) and a date."""
    require_prefecture(actor, corporation)
    today = timezone.localdate()
    on = designated_on or today
    if on > today:
        raise ValidationError({"designated_on": _("The date of designation cannot be in the future.")})
    number = number.strip() or _next_number(corporation.prefecture_id, on.year)
    if SupportCorporation.objects.filter(designation_number=number).exclude(pk=corporation.pk).exists():
        raise ValidationError(
            {"number": _("Designation number %(number)s is already used.") % {"number": number}}
        )
    corp = transition(
        actor=actor,
        corporation=corporation,
        action=domain.Action.DESIGNATE,
        actor_kind=domain.ActorKind.PREFECTURE,
        version=version,
        designation_number=number,
        designated_on=on,
        ended_on=None,
    )
    write_note(corp, actor, "designate")
    notify(
        corp.organisation,
        _(
            "You are designated as a housing support corporation (No. %(number)s). "
            "Set your service area and capacity."
        )
        % {"number": number},
        own_link(corp),
    )
    return corp


def _with_reason(action: domain.Action, reason_code: str) -> None:
    if reason_code not in REASONS[action]:
        raise ValidationError({"reason_code": _("Choose a reason.")})


@transaction.atomic
def review_reject(
    *, actor: Actor, corporation: SupportCorporation, version: int, reason_code: str, comment: str
) -> SupportCorporation:
    require_prefecture(actor, corporation)
    _with_reason(domain.Action.REJECT, reason_code)
    corp = transition(
        actor=actor,
        corporation=corporation,
        action=domain.Action.REJECT,
        actor_kind=domain.ActorKind.PREFECTURE,
        version=version,
    )
    write_note(corp, actor, "reject", comment, reason_code)
    notify(
        corp.organisation,
        _("The prefecture did not designate %(name)s. The reason is on your application page.")
        % {"name": corp.name},
        own_link(corp),
    )
    return corp


@transaction.atomic
def designation_step(
    *,
    actor: Actor,
    corporation: SupportCorporation,
    version: int,
    action: str,
    reason_code: str = "",
    comment: str = "",
) -> SupportCorporation:
    """Suspend (業務休止), resume (再開), revoke (指定の取消し) or abolish (廃止届): by the corporation or
    the prefecture as the state table allows; suspension and revocation need a reason."""
    try:
        act = domain.Action(action)
    except ValueError:
        raise ValidationError({"action": _("Choose what to do.")}) from None
    if act not in (domain.Action.SUSPEND, domain.Action.RESUME, domain.Action.REVOKE, domain.Action.ABOLISH):
        raise ValidationError({"action": _("Choose what to do.")})
    kind = _actor_kind(actor, corporation)
    if act in REASONS:
        _with_reason(act, reason_code)
    today = timezone.localdate()
    updates: dict[str, Any] = {}
    if act is domain.Action.SUSPEND:
        updates["suspended_on"] = today
    elif act is domain.Action.RESUME:
        updates["suspended_on"] = None
    else:
        updates["ended_on"] = today
    corp = transition(
        actor=actor, corporation=corporation, action=act, actor_kind=kind, version=version, **updates
    )
    write_note(corp, actor, act.value, comment, reason_code)
    messages = {
        domain.Action.SUSPEND: _("%(name)s: the support business is suspended."),
        domain.Action.RESUME: _("%(name)s: the support business has resumed."),
        domain.Action.REVOKE: _("%(name)s: the designation is revoked."),
        domain.Action.ABOLISH: _("%(name)s: the support business is abolished."),
    }
    message = messages[act] % {"name": corp.name}
    if kind is domain.ActorKind.PREFECTURE:
        notify(corp.organisation, message, own_link(corp))
    else:
        notify(prefecture_organisation(corp.prefecture_id), message, review_link(corp))
    return corp
