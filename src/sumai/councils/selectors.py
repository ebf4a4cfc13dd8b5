"""Reads of councils and activity grants, scoped to who asks."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from sumai.accounts.models import Organisation
from sumai.core.access import Access
from sumai.core.roles import ROLES, WRITERS
from sumai.councils.models import Council, CouncilMember, GrantApplication, GrantProgramme, Meeting

EDITOR_ROLES = WRITERS
APPLICANT_KINDS = ("council", "support_corporation")
DECIDER_KIND = "national"


# ------------------------------------------------------------------------------------------------ councils
def council_directory(*, prefecture: str = "", level: str = "", q: str = "") -> QuerySet[Council]:
    """The public directory: every council of an active organisation."""
    qs = (
        Council.objects.filter(organisation__is_active=True)
        .select_related("organisation", "prefecture")
        .defer("prefecture__geometry")
        .prefetch_related("municipalities")
        .annotate(member_count=Count("members", distinct=True))
    )
    if prefecture:
        qs = qs.filter(prefecture_id=prefecture)
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(
            Q(organisation__name__icontains=q)
            | Q(municipalities__name__icontains=q)
            | Q(secretariat__icontains=q)
        ).distinct()
    return qs.order_by("prefecture_id", "-level", "organisation__name")


def council_public(*, pk: int) -> Council | None:
    return (
        Council.objects.filter(pk=pk, organisation__is_active=True)
        .select_related("organisation", "prefecture")
        .defer("prefecture__geometry")
        .prefetch_related(
            "municipalities",
            Prefetch("members", queryset=CouncilMember.objects.select_related("organisation")),
        )
        .first()
    )


def can_edit_council(access: Access, council_id: int) -> bool:
    return access.is_superuser or access.has(
        kinds=("council",), roles=EDITOR_ROLES, organisation_id=council_id
    )


def is_council_member(access: Access, council_id: int) -> bool:
    return access.is_superuser or access.has(kinds=("council",), organisation_id=council_id)


def council_organisation(*, pk: int, visible_to: Access) -> Organisation | None:
    """The active council organisation ``pk``, for its own admins and staff (and platform administrators),
    whether or not its council profile exists yet; None for anyone else and for another kind."""
    if not can_edit_council(visible_to, pk):
        return None
    return Organisation.objects.filter(pk=pk, kind=Organisation.Kind.COUNCIL, is_active=True).first()


def council_for_editing(*, pk: int, visible_to: Access) -> Council | None:
    """The council only its own staff (and platform administrators) edit."""
    if not can_edit_council(visible_to, pk):
        return None
    return council_public(pk=pk)


def member_for_editing(*, council_id: int, pk: int, visible_to: Access) -> CouncilMember | None:
    """A member of the council ``council_id``, for the council's editors; None for a member of another
    council."""
    if not can_edit_council(visible_to, council_id):
        return None
    return (
        CouncilMember.objects.select_related("council__organisation")
        .filter(pk=pk, council_id=council_id, council__organisation__is_active=True)
        .first()
    )


def meeting_for_editing(*, council_id: int, pk: int, visible_to: Access) -> Meeting | None:
    """A meeting of the council ``council_id``, for the council's editors; None for a meeting of another
    council."""
    if not can_edit_council(visible_to, council_id):
        return None
    return Meeting.objects.filter(pk=pk, council_id=council_id, council__organisation__is_active=True).first()


def meetings_visible(*, council: Council, visible_to: Access) -> QuerySet[Meeting]:
    """All meetings for the council's own members; for everyone else only those with public minutes."""
    qs = council.meetings.all()
    if not is_council_member(visible_to, council.pk):
        qs = qs.filter(is_public=True)
    return qs


def meeting_visible(*, pk: int, visible_to: Access) -> Meeting | None:
    meeting = Meeting.objects.select_related("council__organisation").filter(pk=pk).first()
    if meeting is None:
        return None
    if meeting.is_public or is_council_member(visible_to, meeting.council_id):
        return meeting
    return None


def councils_by_prefecture(*, on: date | None = None) -> dict[str, dict[str, int]]:
    """Counts of councils (founded on or before ``on``) by prefecture and level:
    {pref_code: {"prefectural": n, "municipal": m}}."""
    out: dict[str, dict[str, int]] = {}
    qs = Council.objects.filter(organisation__is_active=True)
    if on is not None:
        qs = qs.filter(founded_on__lte=on)
    rows = qs.values("prefecture_id", "level").annotate(n=Count("pk")).order_by()
    for row in rows:
        out.setdefault(row["prefecture_id"], {"prefectural": 0, "municipal": 0})[row["level"]] = row["n"]
    return out


def councils_for(*, municipality_code: str, prefecture_code: str) -> tuple[list[int], list[int]]:
    """The active councils a consultation request from ``municipality_code`` can go to (cases routing):
    the municipal councils whose area covers it (or its designated city, for a ward) and the prefectural
    council(s) of its prefecture, each by organisation id."""
    from sumai.places.models import Municipality

    codes = [municipality_code]
    parent = Municipality.objects.filter(pk=municipality_code).values_list("parent_id", flat=True).first()
    if parent:
        codes.append(parent)
    active = Council.objects.filter(organisation__is_active=True)
    municipal = (
        active.filter(level=Council.Level.MUNICIPAL, municipalities__code__in=codes)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    prefectural = (
        active.filter(level=Council.Level.PREFECTURAL, prefecture_id=prefecture_code)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(municipal), list(prefectural)


def council_area(*, organisation_id: int) -> tuple[str, list[str] | None] | None:
    """The area a council oversees (its view of overdue referrals, cases): a prefectural council its whole
    prefecture (``None`` for the codes), a municipal council its municipalities and their wards."""
    from sumai.places.models import Municipality

    council = Council.objects.filter(pk=organisation_id).first()
    if council is None:
        return None
    if council.level == Council.Level.PREFECTURAL:
        return council.prefecture_id, None
    codes = list(council.municipalities.values_list("code", flat=True))
    wards = Municipality.objects.filter(parent_id__in=codes).values_list("code", flat=True)
    return council.prefecture_id, sorted({*codes, *wards})


# -------------------------------------------------------------------------------------------------- grants
def programmes() -> QuerySet[GrantProgramme]:
    return GrantProgramme.objects.all()


def programme_of_year(year: int) -> GrantProgramme | None:
    """Public: the programme of a fiscal year, if one was opened."""
    return GrantProgramme.objects.filter(fiscal_year=year).first()


def applicant_organisations(access: Access) -> QuerySet[Organisation]:
    """Councils and support corporations the asker may apply for (admin or staff)."""
    ids = [g.organisation_id for g in access.grants if g.kind in APPLICANT_KINDS and g.role in EDITOR_ROLES]
    return Organisation.objects.filter(pk__in=ids, is_active=True).order_by("name")


def applicant_choices(
    *, visible_to: Access, application: GrantApplication | None = None
) -> QuerySet[Organisation]:
    """Whom the asker may apply for on the application form: any of :func:`applicant_organisations` for a
    new application, only its applicant for an existing one (empty when the asker may not)."""
    qs = applicant_organisations(visible_to)
    return qs.filter(pk=application.applicant_id) if application is not None else qs


def may_apply_for(access: Access, organisation_id: int) -> bool:
    """Whether the asker applies (and acts on applications) for ``organisation_id``."""
    return applicant_organisations(access).filter(pk=organisation_id).exists()


def can_apply(access: Access) -> bool:
    """Whether the asker may apply for any organisation."""
    return applicant_organisations(access).exists()


def is_decider(access: Access, *, roles: tuple[str, ...] = EDITOR_ROLES) -> bool:
    return access.is_superuser or access.has(kinds=(DECIDER_KIND,), roles=roles)


def can_decide(access: Access, application: GrantApplication) -> bool:
    """Whether the asker decides ``application`` now: the ministry's admins and staff, once it is
    submitted."""
    return is_decider(access) and application.state == GrantApplication.State.SUBMITTED


def applications_for(*, visible_to: Access) -> QuerySet[GrantApplication]:
    """The asker's own organisations' applications (drafts included); for the deciding ministry also every
    other organisation's application once submitted — a draft stays its applicant's own (and the
    superuser's, who sees everything)."""
    qs = GrantApplication.objects.select_related("programme", "applicant")
    if visible_to.is_superuser:
        return qs
    ids = [g.organisation_id for g in visible_to.grants if g.kind in APPLICANT_KINDS]
    if is_decider(visible_to, roles=ROLES):
        return qs.filter(Q(applicant_id__in=ids) | ~Q(state=GrantApplication.State.DRAFT))
    return qs.filter(applicant_id__in=ids)


def application_for(*, pk: int, visible_to: Access) -> GrantApplication | None:
    return applications_for(visible_to=visible_to).filter(pk=pk).first()


def decision_inbox(*, visible_to: Access, state: str = "") -> QuerySet[GrantApplication]:
    if not is_decider(visible_to, roles=ROLES):
        return GrantApplication.objects.none()
    qs = GrantApplication.objects.select_related("programme", "applicant").exclude(state="draft")
    qs = qs.filter(state=state) if state else qs.filter(state=GrantApplication.State.SUBMITTED)
    return qs.order_by("submitted_at", "pk")


def granted_in(programme: GrantProgramme) -> QuerySet[GrantApplication]:
    """Public: the grants decided in a programme (recipients and amounts are published)."""
    return programme.applications.filter(state=GrantApplication.State.GRANTED).select_related("applicant")
