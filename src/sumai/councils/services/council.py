"""A council's own record: its profile and area, its members, its meetings with their minutes. Only the
council's own admins and staff (and platform administrators) change it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.accounts.models import Organisation
from sumai.audit.services import record_event, snapshot
from sumai.core.actor import Actor
from sumai.core.editlock import digest, edit_token, require_token, require_unchanged
from sumai.core.transactions import delete_file_after_commit
from sumai.core.uploads import check_upload
from sumai.councils import selectors
from sumai.councils.actions import CouncilsAction
from sumai.councils.models import Activity, Council, CouncilMember, Meeting
from sumai.councils.services.common import user_of
from sumai.places.models import Municipality

MINUTES_TYPES = {"application/pdf"}


def _require_council_editor(actor: Actor, council_id: int) -> None:
    if not selectors.can_edit_council(actor.access, council_id):
        raise PermissionDenied(_("Only the council's own staff may change it."))


# ------------------------------------------------------------------------------------------------ councils
COUNCIL_FIELDS = ["founded_on", "secretariat", "activities", "description", "website"]


def council_token(council: Council | None) -> str:
    """What the council form edits, as its edit token ("" before the profile exists)."""
    if council is None:
        return ""
    return digest({"fields": edit_token(council, COUNCIL_FIELDS), "municipalities": _area(council)})


@transaction.atomic
def council_save(
    *, actor: Actor, organisation: Organisation, data: Mapping[str, Any], edit_token: str | None = None
) -> Council:
    """Create or update the council profile of a council organisation (its own staff only).
    ``edit_token``: the form's (:mod:`sumai.core.editlock`), "" when shown before the profile existed."""
    if organisation.kind != Organisation.Kind.COUNCIL:
        raise ValidationError(_("Only a housing support council has a council profile."))
    _require_council_editor(actor, organisation.pk)
    activities = list(data.get("activities") or [])
    unknown = [a for a in activities if a not in Activity.values]
    if unknown:
        raise ValidationError({"activities": _("Choose activities from the list.")})
    founded_on = data.get("founded_on")
    if not isinstance(founded_on, date):
        raise ValidationError({"founded_on": _("Enter the date the council was founded.")})
    if founded_on > timezone.localdate():
        raise ValidationError({"founded_on": _("The founding date cannot be in the future.")})
    if not str(data.get("secretariat") or "").strip():
        raise ValidationError({"secretariat": _("Name the council's secretariat.")})
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()  # one writer at once
    council = Council.objects.select_for_update().filter(pk=organisation.pk).first()
    require_token(council_token(council), edit_token)
    creating = council is None
    if council is None:
        if organisation.prefecture_id is None:
            raise ValidationError(_("The council's organisation has no prefecture; ask the administrator."))
        council = Council(
            organisation=organisation,
            prefecture_id=organisation.prefecture_id,
            level=Council.Level.MUNICIPAL if organisation.municipality_id else Council.Level.PREFECTURAL,
        )
    before = None if creating else {**snapshot(council, COUNCIL_FIELDS), "municipalities": _area(council)}
    for name in COUNCIL_FIELDS:
        if name in data:
            setattr(council, name, activities if name == "activities" else data[name])
    council.save()
    municipalities: Sequence[Municipality] | None = data.get("municipalities")
    if municipalities is None and creating and organisation.municipality_id:
        municipalities = list(Municipality.objects.filter(pk=organisation.municipality_id))
    if municipalities is not None:
        if council.level == Council.Level.PREFECTURAL and municipalities:
            raise ValidationError({"municipalities": _("A prefectural council covers its whole prefecture.")})
        outside = [m.name for m in municipalities if m.prefecture_id != council.prefecture_id]
        if outside:
            raise ValidationError(
                {
                    "municipalities": _("%(names)s is outside the council's prefecture.")
                    % {"names": outside[0]}
                }
            )
        if council.level == Council.Level.MUNICIPAL and not municipalities:
            raise ValidationError(
                {"municipalities": _("A municipal council covers at least one municipality.")}
            )
        council.municipalities.set(municipalities)
    record_event(
        actor=actor.user,
        action=CouncilsAction.COUNCIL_CREATE if creating else CouncilsAction.COUNCIL_UPDATE,
        obj=council,
        organisation=organisation,
        before=before,
        after={**snapshot(council, COUNCIL_FIELDS), "municipalities": _area(council)},
    )
    return council


def _area(council: Council) -> list[str]:
    return sorted(council.municipalities.values_list("code", flat=True))


@transaction.atomic
def member_add(*, actor: Actor, council: Council, data: Mapping[str, Any]) -> CouncilMember:
    _require_council_editor(actor, council.pk)
    kind = str(data.get("kind") or "")
    name = str(data.get("name") or "").strip()
    if kind not in CouncilMember.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of member this is.")})
    if not name:
        raise ValidationError({"name": _("Enter the member's name.")})
    if council.members.filter(name=name).exists():
        raise ValidationError({"name": _("%(name)s is already a member.") % {"name": name}})
    organisation = data.get("organisation")
    member = CouncilMember.objects.create(council=council, kind=kind, name=name, organisation=organisation)
    record_event(
        actor=actor.user,
        action=CouncilsAction.MEMBER_ADD,
        obj=member,
        organisation=council.organisation,
        after=snapshot(member, ["kind", "name", "organisation_id"]),
    )
    return member


@transaction.atomic
def member_remove(*, actor: Actor, member: CouncilMember) -> None:
    council = member.council
    _require_council_editor(actor, council.pk)
    record_event(
        actor=actor.user,
        action=CouncilsAction.MEMBER_REMOVE,
        obj=member,
        organisation=council.organisation,
        before=snapshot(member, ["kind", "name", "organisation_id"]),
    )
    member.delete()


MEETING_FIELDS = ["held_on", "title", "attendees", "minutes", "is_public"]


def _check_minutes_file(upload: Any) -> None:
    check_upload(
        upload, field="minutes_file", allowed=MINUTES_TYPES, wrong_type=_("Minutes must be a PDF file.")
    )


@transaction.atomic
def meeting_save(
    *,
    actor: Actor,
    council: Council,
    data: Mapping[str, Any],
    upload: Any = None,
    meeting: Meeting | None = None,
    edit_token: str | None = None,
) -> Meeting:
    """Record a meeting (or change one) with its minutes and optional PDF."""
    _require_council_editor(actor, council.pk)
    if meeting is not None and meeting.council_id != council.pk:
        raise PermissionDenied(_("This meeting belongs to another council."))
    if meeting is not None:
        meeting = require_unchanged(meeting, MEETING_FIELDS, edit_token)
    held_on = data.get("held_on")
    if not isinstance(held_on, date):
        raise ValidationError({"held_on": _("Enter the date of the meeting.")})
    if held_on < council.founded_on:
        raise ValidationError({"held_on": _("The meeting cannot be before the council was founded.")})
    attendees = data.get("attendees")
    if not isinstance(attendees, int) or attendees < 1:
        raise ValidationError({"attendees": _("Enter how many people attended (at least 1).")})
    if not str(data.get("title") or "").strip():
        raise ValidationError({"title": _("Give the meeting a title.")})
    if upload is not None:
        _check_minutes_file(upload)
    creating = meeting is None
    target = meeting or Meeting(council=council, created_by=user_of(actor))
    before = None if creating else snapshot(target, MEETING_FIELDS)
    for name in MEETING_FIELDS:
        setattr(target, name, data.get(name, getattr(target, name)))
    if upload is not None:
        if target.minutes_file:
            old = str(target.minutes_file.name)
            storage = target.minutes_file.storage
            delete_file_after_commit(storage, old)
        target.minutes_file = upload
        target.minutes_file_name = str(upload.name)[:200]
    target.save()
    record_event(
        actor=actor.user,
        action=CouncilsAction.MEETING_ADD if creating else CouncilsAction.MEETING_UPDATE,
        obj=target,
        organisation=council.organisation,
        before=before,
        after={**snapshot(target, MEETING_FIELDS), "file": target.minutes_file_name},
    )
    return target
