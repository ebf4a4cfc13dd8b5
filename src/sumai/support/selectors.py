"""Reads of support corporations, scoped to who asks: the public directory, the corporation's own record,
the designating prefecture's inbox, and figures for the statistics pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.core.access import Access
from sumai.core.roles import ROLES, WRITERS
from sumai.domain import support as domain
from sumai.domain.jurisdiction import prefecture_lg_code
from sumai.places.models import Municipality
from sumai.support.models import (
    AnnualFiling,
    ChangeNotice,
    DesignationNote,
    Service,
    ServiceArea,
    SupportCorporation,
)

READ_ROLES = ROLES
WRITE_ROLES = WRITERS
LISTED = [s.value for s in domain.ACTIVE_STATES]
HOLDING = [s.value for s in domain.HOLDS_DESIGNATION]
# Pages of corporations the public may open: listed ones, and suspended ones (which say so).
PUBLIC_PAGE = HOLDING


def _public_base() -> QuerySet[SupportCorporation]:
    return SupportCorporation.objects.select_related("organisation", "prefecture").prefetch_related(
        Prefetch("services", queryset=Service.objects.order_by("pk"))
    )


def area_codes(municipality_code: str) -> list[str]:
    """The codes whose registration covers ``municipality_code``: itself, its designated city (for a
    ward), and its wards (for a designated city, so that a corporation serving one ward shows there)."""
    row = Municipality.objects.filter(pk=municipality_code).values_list("parent_id", "kind").first()
    if row is None:
        return [municipality_code]
    parent, kind = row
    codes = [municipality_code]
    if parent:
        codes.append(parent)
    if kind == Municipality.Kind.DESIGNATED_CITY:
        codes.extend(Municipality.objects.filter(parent_id=municipality_code).values_list("code", flat=True))
    return codes


def corporations_serving(*, municipality_code: str, limit: int | None = None) -> list[SupportCorporation]:
    """Designated corporations (not suspended, revoked or abolished) whose service area covers the
    municipality. A ward matches corporations that registered the ward or its designated city. Used by the
    unit pages (``support/_serving.html``)."""
    ids = SupportCorporation.objects.filter(
        state__in=LISTED, service_areas__municipality_id__in=area_codes(municipality_code)
    ).values("pk")
    qs = _public_base().filter(pk__in=ids).order_by("organisation__name_kana", "organisation__name", "pk")
    if limit is not None:
        qs = qs[:limit]
    return list(qs)


def corporations_for_routing(*, municipality_code: str) -> list[tuple[int, str]]:
    """(organisation id, name) of the designated corporations serving the municipality, in the
    directory's order (cases routing: the person may pick one)."""
    return [
        (c.organisation_id, c.organisation.name)
        for c in corporations_serving(municipality_code=municipality_code)
    ]


def designated_counts() -> list[tuple[str, str, int]]:
    """(prefecture code, legal form, count) of corporations holding a designation (designated or
    suspended; the MLIT tallies count every 指定法人), ordered by prefecture and legal form."""
    rows = (
        SupportCorporation.objects.filter(state__in=HOLDING)
        .values_list("prefecture_id", "legal_form")
        .annotate(n=Count("pk"))
        .order_by("prefecture_id", "legal_form")
    )
    return [(pref, form, n) for pref, form, n in rows]


# --------------------------------------------------------------------------------------------- public
def directory(filters: dict[str, Any] | None = None) -> QuerySet[SupportCorporation]:
    """Listed corporations matching ``filters`` (``municipality``, ``prefecture``, ``task``, ``capacity``,
    ``group``, ``language``, ``q``), as cleaned by :class:`sumai.support.forms.DirectoryForm`."""
    qs = _public_base().filter(state__in=LISTED)
    f = filters or {}
    if f.get("municipality"):
        ids = SupportCorporation.objects.filter(
            service_areas__municipality_id__in=area_codes(str(f["municipality"]))
        ).values("pk")
        qs = qs.filter(pk__in=ids)
    if f.get("prefecture") and not f.get("municipality"):  # the municipality is the narrower filter
        qs = qs.filter(prefecture_id=f["prefecture"])
    if f.get("task"):
        qs = qs.filter(pk__in=Service.objects.filter(task=f["task"]).values("corporation_id"))
    if f.get("capacity"):
        # room now, confirmed recently enough to count (a stale figure is unknown, not room); for the help
        # asked for when a task is chosen
        fresh = domain.capacity_fresh_since(timezone.localdate())
        services = Service.objects.filter(capacity_available__gt=0, capacity_confirmed_on__gte=fresh)
        if f.get("task"):
            services = services.filter(task=f["task"])
        qs = qs.filter(pk__in=services.values("corporation_id"))
    if f.get("group"):
        qs = qs.filter(groups__contains=[f["group"]]) if _json_contains() else _filter_list(qs, "groups", f)
    if f.get("language"):
        qs = (
            qs.filter(languages__contains=[f["language"]])
            if _json_contains()
            else _filter_list(qs, "languages", f)
        )
    if f.get("q"):
        q = str(f["q"])
        qs = qs.filter(
            Q(organisation__name__icontains=q)
            | Q(organisation__name_kana__icontains=q)
            | Q(description__icontains=q)
        )
    return qs.order_by("prefecture_id", "organisation__name_kana", "organisation__name", "pk")


def capacity_days() -> int:
    """How many days a capacity figure counts (the dated parameter in force today)."""
    return domain.stale_after_days(timezone.localdate())


def _json_contains() -> bool:
    from django.db import connection

    return bool(connection.features.supports_json_field_contains)


def _filter_list(
    qs: QuerySet[SupportCorporation], field: str, f: dict[str, Any]
) -> QuerySet[SupportCorporation]:
    """JSON list membership where the database has no ``contains`` for JSON (SQLite): match the quoted
    value inside the stored JSON text, which is exact for lists of plain codes."""
    key = "group" if field == "groups" else "language"
    return qs.filter(**{f"{field}__icontains": f'"{f[key]}"'})


def public_corporation(pk: int) -> SupportCorporation | None:
    """A corporation's public page: designated or suspended (the page says so); nothing else."""
    return (
        _public_base()
        .prefetch_related("service_areas__municipality")
        .filter(pk=pk, state__in=PUBLIC_PAGE)
        .first()
    )


def public_pages(organisation_ids: list[int]) -> dict[int, int]:
    """Organisation id -> the id of its public page (``support:corporation``), for the corporations among
    ``organisation_ids`` whose page the public may open (:func:`public_corporation`'s states). One query."""
    if not organisation_ids:
        return {}
    rows = SupportCorporation.objects.filter(
        organisation_id__in=organisation_ids, state__in=PUBLIC_PAGE
    ).values_list("organisation_id", "pk")
    return dict(rows)


def directory_export(filters: dict[str, Any] | None = None) -> QuerySet[SupportCorporation]:
    """:func:`directory` with what the CSV and JSON exports need."""
    return directory(filters).prefetch_related("service_areas")


def capacities(corporation: SupportCorporation) -> list[tuple[Service, domain.CapacityStatus]]:
    """Each service of the corporation with its capacity as of today (unknown once stale)."""
    today = timezone.localdate()
    return [
        (s, domain.capacity_status(s.capacity_available, s.capacity_confirmed_on, today=today))
        for s in corporation.services.all()
    ]


def open_data() -> QuerySet[SupportCorporation]:
    """Every listed corporation with what the exports need."""
    return (
        _public_base()
        .prefetch_related("service_areas__municipality")
        .filter(state__in=LISTED)
        .order_by("prefecture_id", "designation_number", "pk")
    )


# ------------------------------------------------------------------------------------- the corporation
def corporation_organisation(*, org_id: int, visible_to: Access) -> Organisation | None:
    """The support corporation's organisation ``org_id``, for its own members and platform administrators;
    None for anyone else and for an organisation of another kind."""
    if not may_act_for(visible_to, org_id):
        return None
    return Organisation.objects.filter(pk=org_id, kind=Organisation.Kind.SUPPORT_CORPORATION).first()


def own_corporation(*, org_id: int, visible_to: Access) -> SupportCorporation | None:
    """The corporation record (application or designation) of the organisation ``org_id``, for the same
    askers as :func:`corporation_organisation`; None while the organisation has not applied."""
    organisation = corporation_organisation(org_id=org_id, visible_to=visible_to)
    return corporation_of(organisation) if organisation is not None else None


def corporation_of(organisation: Organisation) -> SupportCorporation | None:
    return (
        SupportCorporation.objects.select_related("organisation", "prefecture")
        .filter(organisation=organisation)
        .first()
    )


def own_organisations(access: Access, *, roles: tuple[str, ...] = READ_ROLES) -> QuerySet[Organisation]:
    """The support-corporation organisations the asker is a member of."""
    ids = [g.organisation_id for g in access.grants if g.kind == "support_corporation" and g.role in roles]
    return Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.SUPPORT_CORPORATION)


def may_act_for(access: Access, organisation_id: int, *, write: bool = False) -> bool:
    """Whether the asker may read (or with ``write``, change) the corporation of ``organisation_id``."""
    roles = WRITE_ROLES if write else READ_ROLES
    return access.is_superuser or own_organisations(access, roles=roles).filter(pk=organisation_id).exists()


def may_file(access: Access, corporation: SupportCorporation) -> bool:
    """Whether the asker may file change notices, plans and reports for ``corporation``: its own admins and
    staff, while it holds a designation."""
    return (
        may_act_for(access, corporation.organisation_id, write=True)
        and corporation.state in domain.HOLDS_DESIGNATION
    )


# ------------------------------------------------------------------------------- the designating prefecture
def designating_prefectures(access: Access, *, roles: tuple[str, ...] = READ_ROLES) -> list[str]:
    """The prefecture codes whose designation work the asker does: memberships of the prefecture's own
    authority organisation (kind ``authority``, no municipality, the prefecture's 6-digit code). A city
    that registers housing does not designate support corporations."""
    ids = [g.organisation_id for g in access.grants if g.kind == "authority" and g.role in roles]
    rows = Organisation.objects.filter(pk__in=ids, municipality__isnull=True).values_list(
        "prefecture_id", "authority_code"
    )
    return sorted({pref for pref, code in rows if pref and code == prefecture_lg_code(pref)})


def inbox(*, visible_to: Access, state: str = "", q: str = "") -> QuerySet[SupportCorporation]:
    """Applications and designations addressed to the asker's prefecture(s), and nothing else."""
    qs = SupportCorporation.objects.filter(
        prefecture_id__in=designating_prefectures(visible_to)
    ).select_related("organisation", "prefecture")
    qs = qs.filter(state=state) if state else qs.filter(state__in=["submitted", "changes_requested"])
    if q:
        qs = qs.filter(Q(organisation__name__icontains=q) | Q(designation_number__icontains=q))
    return qs.annotate(
        open_notices=Count(
            "change_notices", filter=Q(change_notices__acknowledged_at__isnull=True), distinct=True
        ),
        open_filings=Count("filings", filter=Q(filings__state="submitted"), distinct=True),
    ).order_by("submitted_at", "pk")


def pending_paperwork(*, visible_to: Access) -> tuple[QuerySet[ChangeNotice], QuerySet[AnnualFiling]]:
    """Change notices and annual filings waiting for the asker's prefecture."""
    prefs = designating_prefectures(visible_to)
    notices = ChangeNotice.objects.filter(
        corporation__prefecture_id__in=prefs, acknowledged_at__isnull=True
    ).select_related("corporation__organisation")
    filings = AnnualFiling.objects.filter(
        corporation__prefecture_id__in=prefs, state="submitted"
    ).select_related("corporation__organisation")
    return notices, filings


def may_decide(access: Access, corporation: SupportCorporation) -> bool:
    """Whether the asker reviews for the prefecture that designates ``corporation`` as admin or staff (and
    so decides on it, supervises it and acknowledges its paperwork)."""
    return corporation.prefecture_id in designating_prefectures(access, roles=WRITE_ROLES)


def for_review(*, pk: int, visible_to: Access) -> SupportCorporation | None:
    return (
        SupportCorporation.objects.filter(pk=pk, prefecture_id__in=designating_prefectures(visible_to))
        .select_related("organisation", "prefecture")
        .first()
    )


def notes_of(corporation: SupportCorporation) -> QuerySet[DesignationNote]:
    """The messages between the corporation and the prefecture, with their authors (for a page that already
    checked who may see the corporation)."""
    return corporation.notes.select_related("author")


def area_codes_of(corporation: SupportCorporation) -> list[str]:
    """The codes of the municipalities and wards the corporation serves."""
    return list(corporation.service_areas.values_list("municipality_id", flat=True))


def areas_of(corporation: SupportCorporation) -> QuerySet[ServiceArea]:
    """The corporation's service area with the municipalities' names, by code."""
    return corporation.service_areas.select_related("municipality").order_by("municipality_id")


def change_notice_for_review(*, pk: int, visible_to: Access) -> ChangeNotice | None:
    """A change notice of a corporation of the asker's prefecture(s); None for any other."""
    return (
        ChangeNotice.objects.select_related("corporation")
        .filter(pk=pk, corporation__prefecture_id__in=designating_prefectures(visible_to))
        .first()
    )


def filing_for_review(*, pk: int, visible_to: Access) -> AnnualFiling | None:
    """A plan or report of a corporation of the asker's prefecture(s); None for any other."""
    return (
        AnnualFiling.objects.select_related("corporation")
        .filter(pk=pk, corporation__prefecture_id__in=designating_prefectures(visible_to))
        .first()
    )
