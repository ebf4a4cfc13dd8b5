"""Who acts on a corporation, whom to tell and where to link: what every service of the app shares."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from sumai.accounts.models import Organisation, User
from sumai.core.actor import Actor
from sumai.domain.jurisdiction import prefecture_lg_code
from sumai.support import selectors
from sumai.support.models import SupportCorporation


def user_of(actor: Actor) -> User | None:
    return actor.user if isinstance(actor.user, User) else None


# ------------------------------------------------------------------------------------------ who acts
def require_member(actor: Actor, organisation_id: int) -> None:
    if not selectors.may_act_for(actor.access, organisation_id, write=True):
        raise PermissionDenied(_("Only the corporation's own administrators and staff may do this."))


def require_prefecture(actor: Actor, corporation: SupportCorporation) -> None:
    if not selectors.may_decide(actor.access, corporation):
        raise PermissionDenied(_("Only a reviewer of the designating prefecture may do this."))


# ------------------------------------------------------------------------------------------ notices
def prefecture_organisation(prefecture_code: str) -> Organisation | None:
    """The prefecture's own authority organisation (the one that designates)."""
    return (
        Organisation.objects.filter(
            kind="authority", municipality__isnull=True, authority_code=prefecture_lg_code(prefecture_code)
        )
        .order_by("pk")
        .first()
    )


def review_link(corporation: SupportCorporation) -> str:
    return reverse("support:review", kwargs={"pk": corporation.pk})


def own_link(corporation: SupportCorporation) -> str:
    return reverse("support:application", kwargs={"org_id": corporation.organisation_id})


# ------------------------------------------------------------------------------------------ input
def clean_officers(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise ValidationError({"officers": _("List the officers, one per line: name and title.")})
    out = []
    for row in value:
        if not isinstance(row, dict) or not str(row.get("name", "")).strip():
            raise ValidationError({"officers": _("Every officer needs a name.")})
        out.append({"name": str(row["name"]).strip()[:100], "title": str(row.get("title", "")).strip()[:50]})
    return out
