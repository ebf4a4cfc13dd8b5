"""The annual business plan and report (事業計画・事業報告): filed by a designated corporation,
acknowledged or returned by the prefecture."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.audit.services import record_event
from sumai.core.actor import Actor
from sumai.core.notifications import notify
from sumai.core.workflow import advance
from sumai.domain import support as domain
from sumai.support.actions import SupportAction
from sumai.support.models import AnnualFiling, SupportCorporation
from sumai.support.services.common import (
    prefecture_organisation,
    require_member,
    require_prefecture,
    review_link,
    user_of,
)


@transaction.atomic
def filing_submit(
    *,
    actor: Actor,
    corporation: SupportCorporation,
    kind: str,
    fiscal_year: int,
    text: str,
    figures: dict[str, int | None] | None = None,
) -> AnnualFiling:
    """Submit the business plan or report of a fiscal year, or resubmit one the prefecture returned."""
    require_member(actor, corporation.organisation_id)
    if corporation.state not in domain.HOLDS_DESIGNATION:
        raise ValidationError(_("Business plans and reports are filed by designated corporations."))
    if kind not in AnnualFiling.Kind.values:
        raise ValidationError({"kind": _("Choose a business plan or a business report.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the plan or the report.")})
    current_fy = domain.fiscal_year(timezone.localdate())
    if not (2017 <= fiscal_year <= current_fy + 1):
        raise ValidationError({"fiscal_year": _("Choose a fiscal year from 2017 to next year.")})
    figures = {
        k: v for k, v in (figures or {}).items() if k in ("consultations", "placements", "watch_over_clients")
    }
    filing = (
        AnnualFiling.objects.select_for_update()
        .filter(corporation=corporation, kind=kind, fiscal_year=fiscal_year)
        .first()
    )
    now = timezone.now()
    if filing is None:
        filing = AnnualFiling.objects.create(
            corporation=corporation,
            kind=kind,
            fiscal_year=fiscal_year,
            text=text.strip(),
            submitted_by=user_of(actor),
            submitted_at=now,
            **figures,
        )
        record_event(
            actor=actor.user,
            action=SupportAction.FILING_SUBMIT,
            obj=filing,
            organisation=corporation.organisation,
            after={"kind": kind, "fiscal_year": fiscal_year, "state": filing.state, **figures},
        )
    else:
        if not domain.FILINGS.can(filing.state, domain.FilingAction.RESUBMIT, domain.ActorKind.CORPORATION):
            raise ValidationError(
                _("The %(kind)s for fiscal year %(year)s was already submitted.")
                % {"kind": filing.get_kind_display(), "year": fiscal_year}
            )
        filing = advance(
            filing,
            table=domain.FILINGS,
            action=domain.FilingAction.RESUBMIT,
            actor=actor,
            actor_kind=domain.ActorKind.CORPORATION,
            version=filing.version,
            audit_action=SupportAction.FILING_RESUBMIT,
            organisation=corporation.organisation,
            updates={"text": text.strip(), "submitted_at": now, "submitted_by": user_of(actor), **figures},
            audit_fields=tuple(figures),
            audit_extra={"kind": kind, "fiscal_year": fiscal_year},
        ).obj
    notify(
        prefecture_organisation(corporation.prefecture_id),
        _("%(name)s submitted its %(kind)s for fiscal year %(year)s.")
        % {"name": corporation.name, "kind": filing.get_kind_display(), "year": fiscal_year},
        review_link(corporation),
    )
    return filing


@transaction.atomic
def filing_decide(
    *, actor: Actor, filing: AnnualFiling, version: int, action: str, comment: str = ""
) -> AnnualFiling:
    """The prefecture acknowledges a plan or report, or returns it with a comment."""
    corp = filing.corporation
    require_prefecture(actor, corp)
    try:
        act = domain.FilingAction(action)
        domain.FILINGS.transition(filing.state, act, domain.ActorKind.PREFECTURE)  # refuse early
    except ValueError:
        raise ValidationError({"action": _("Choose what to do.")}) from None
    except domain.TransitionError as exc:
        raise ValidationError(str(exc)) from exc
    if act is domain.FilingAction.RETURN and not comment.strip():
        raise ValidationError({"comment": _("Say what the corporation must change.")})
    step = advance(
        filing,
        table=domain.FILINGS,
        action=act,
        actor=actor,
        actor_kind=domain.ActorKind.PREFECTURE,
        version=version,
        audit_action=SupportAction(f"support.filing.{act.value}"),
        organisation=corp.organisation,
        updates={"comment": comment.strip(), "decided_by": user_of(actor), "decided_at": timezone.now()},
        audit_fields=("comment",),
    )
    filing = step.obj
    message = (
        _("The prefecture acknowledged your %(kind)s for fiscal year %(year)s.")
        if act is domain.FilingAction.ACKNOWLEDGE
        else _("The prefecture returned your %(kind)s for fiscal year %(year)s.")
    )
    notify(
        corp.organisation,
        message % {"kind": filing.get_kind_display(), "year": filing.fiscal_year},
        reverse("support:filings", kwargs={"org_id": corp.organisation_id}),
    )
    return filing
