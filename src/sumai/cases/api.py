"""The households and cases API for the desks' own systems (issue #16, item 11; docs/api.md).

Who may call: members of organisations that hold households (``sumai.core.roles.HOUSEHOLD_HOLDING_KINDS``)
by session, or their organisation's token with the ``cases`` scope (only such organisations can be given
it, ``sumai.accounts.models.scope_problem``); adding a note also needs the ``write`` scope (or a staff or
admin membership).

Consent applies exactly as on the household page: a household is listed and read when the asker's
organisation holds it or a consent in force names it, and every sensitive field is ``null`` unless the asker
may see its category (members' disability, certificate and care level: health; incomes: income; stated
circumstances by :data:`sumai.cases.views.CIRCUMSTANCE_CATEGORY`; the address, what it is near and the
emergency contacts by ``sumai.domain.consent.may_see_whereabouts`` — a hidden household's never leave its
holder). Eligibility is given only to who sees every category. A household the asker may not see is a 404,
the same answer as one that does not exist.

Every read of a household or a case is logged in ``AccessLog`` as the pages are: a detail answer by
:func:`sumai.core.views.logs_access` (one row, ``api:household-detail`` / ``api:case-detail``, ``pk=<id>``),
a list answer by one row per household or case it carries (``api:household-list`` / ``api:case-list``,
``pk=<id>``), so the household's "who saw my data" report lists each of them.

Views stay thin: the selectors scope (:mod:`sumai.cases.selectors_api`), the services write
(:func:`sumai.cases.casework.entry_add`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from sumai.audit.services import log_views
from sumai.cases import casework, selectors_api, selectors_cases
from sumai.cases.models import Case, CaseEntry, Household, HouseholdMember, Referral, Task
from sumai.core.access import Access, access_for
from sumai.core.actor import Actor
from sumai.core.api.errors import ErrorSerializer
from sumai.core.api.pagination import PagePagination
from sumai.core.api.parsers import SafeJSONParser
from sumai.core.api.permissions import PermissionTablePermission
from sumai.core.converters import ID_MAX
from sumai.core.errors import Conflict
from sumai.core.roles import WRITERS
from sumai.core.views import logs_access
from sumai.domain.consent import Category
from sumai.domain.errors import InputError

CASES_SCOPE = "cases"
HEALTH, INCOME, DV = Category.HEALTH.value, Category.INCOME.value, Category.DV.value

HOUSEHOLD_LIST_PURPOSE = "household records (API): a desk's own system listing the households it helps"
HOUSEHOLD_PURPOSE = "household record (API): a desk's own system helping the household find a home"
CASE_LIST_PURPOSE = "cases (API): a desk's own system listing the cases it works"
CASE_PURPOSE = "case (API): a desk's own system helping the household find and keep a home"


def circumstance_category() -> Mapping[str, str]:
    """Which sensitive category a stated circumstance belongs to: the household page's table."""
    from sumai.cases.views import CIRCUMSTANCE_CATEGORY

    return CIRCUMSTANCE_CATEGORY


# ------------------------------------------------------------------------------------------- permission
def _token_scopes(request: Request) -> list[str] | None:
    """The scopes of the request's organisation token (None when the request has no token)."""
    from sumai.accounts.models import ApiToken

    token = getattr(request, "auth", None)
    return list(token.scopes or []) if isinstance(token, ApiToken) else None


class CasesScope(BasePermission):
    """A token must carry the ``cases`` scope, and the ``write`` scope to write; a session is judged by the
    permissions table alone (its membership's role). Answers only for the refusals it can explain; the
    table (:class:`PermissionTablePermission`, next) still denies by default."""

    message = "This API token lacks the cases scope."

    def has_permission(self, request: Request, view: Any) -> bool:
        scopes = _token_scopes(request)
        if scopes is None:
            return True
        if CASES_SCOPE not in scopes:
            self.message = _(
                "This API token lacks the cases scope. An administrator of an organisation that holds "
                "households can create a token with it."
            )
            return False
        if request.method not in SAFE_METHODS and "write" not in scopes:
            self.message = _(
                "This API token may only read households and cases: adding a note needs a token with the "
                "write scope as well."
            )
            return False
        return True


class WriterRole(BasePermission):
    """A signed-in member who may read cases but not write (a viewer) is told why."""

    message = "Your role lets you read only."

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS or _token_scopes(request) is not None:
            return True
        access = access_for(request)
        if not access.is_authenticated or access.is_superuser or not selectors_cases.holders(access):
            return True  # left to the permissions table
        if any(
            g.role in WRITERS for g in access.grants if g.organisation_id in selectors_cases.holders(access)
        ):
            return True
        self.message = _("Your role lets you read only; adding a note needs a staff or admin membership.")
        return False


API_PERMISSIONS = [CasesScope, WriterRole, PermissionTablePermission]


# ------------------------------------------------------------------------------------------- input
def _since(params: Mapping[str, str], name: str) -> datetime | None:
    """An ISO 8601 date and time (``2026-04-01T09:00:00+09:00``; Japan time when no offset is given) or a
    date (its first moment in Japan time); None when absent."""
    raw = params.get(name)
    if raw is None:
        return None
    raw = raw.strip()
    value: datetime | None = None
    try:
        value = parse_datetime(raw)
        if value is None:
            day = parse_date(raw)
            if day is not None:
                value = datetime.combine(day, time.min)
    except ValueError:
        value = None
    if value is None:
        raise InputError(
            name, _("Give an ISO 8601 date and time, e.g. 2026-04-01T09:30:00+09:00, or a date, 2026-04-01.")
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_current_timezone())
    return value


def _choice(params: Mapping[str, str], name: str, choices: list[str]) -> str:
    value = params.get(name)
    if value is None:
        return ""
    if value not in choices:
        raise InputError(name, _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)})
    return value


def _caseworker(params: Mapping[str, str]) -> tuple[int | None, bool]:
    raw = params.get("caseworker")
    if raw is None:
        return None, False
    if raw == "none":
        return None, True
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= ID_MAX):
        raise InputError("caseworker", _("Give a user id (a whole number), or none for unassigned cases."))
    return int(raw), False


# ------------------------------------------------------------------------------------------- output
def _person(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.name or user.email}


def _member(m: HouseholdMember, sees: frozenset[str]) -> dict[str, Any]:
    health, income = HEALTH in sees, INCOME in sees
    return {
        "id": m.pk,
        "name": m.name,
        "role": m.role,
        "birth_date": m.birth_date.isoformat() if m.birth_date else None,
        "age_stated": m.age_stated,
        "disability": m.disability if health else None,
        "certificate": m.certificate if health else None,
        "care_level": m.care_level if health else None,
        "salary_gross": m.salary_gross if income else None,
        "pension_gross": m.pension_gross if income else None,
        "other_income": m.other_income if income else None,
        "single_parent": m.single_parent if income else None,
        "widow": m.widow if income else None,
    }


def _eligibility(household: Household) -> dict[str, Any]:
    from sumai.cases.households import eligibility

    found = eligibility(household)
    out: dict[str, Any] = {
        "as_of": found.as_of.isoformat(),
        "missing_birth_dates": list(found.missing),
        "error": found.error or None,
        "result": None,
    }
    if found.result is not None:
        out["result"] = found.result.as_dict()
    return out


def household_data(
    household: Household, sees: frozenset[str], access: Access, *, with_eligibility: bool = False
) -> dict[str, Any]:
    """What the asker may see of ``household``: everything for its holder; for another organisation, the
    sensitive fields only where a consent in force covers their category (else ``null``)."""
    holder = access.has(organisation_id=household.organisation_id)
    where = selectors_api.sees_whereabouts(household, sees, access)
    table = circumstance_category()
    shown = [c for c in household.circumstances if table.get(c) is None or table[c] in sees]
    municipality = household.municipality
    data: dict[str, Any] = {
        "id": household.pk,
        "pseudonym": household.pseudonym,
        "held_by": {"id": household.organisation_id, "name": household.organisation.name},
        "holder": holder,
        "categories_shared": sorted(sees),
        "hidden": household.hidden if holder or DV in sees else None,
        "municipality": {
            "code": municipality.code,
            "name": municipality.name,
            "prefecture": municipality.prefecture.name,
        },
        "address": household.address if where else None,
        "near": household.near if where else None,
        "emergency_contacts": household.emergency_contacts if where else None,
        "urgency": household.urgency,
        "deadline": household.deadline.isoformat() if household.deadline else None,
        "circumstances": shown,
        "circumstances_complete": len(shown) == len(household.circumstances),
        "max_rent": household.max_rent,
        "preferred_areas": household.preferred_areas,
        "layout": household.layout,
        "needs_lift": household.needs_lift,
        "barrier_free": household.barrier_free,
        "pets": household.pets,
        "languages": household.languages,
        "interpreter": household.interpreter,
        "members": [_member(m, sees) for m in household.members.all()],
        "version": household.version,
        "created_at": household.created_at.isoformat(),
        "updated_at": household.updated_at.isoformat(),
    }
    if with_eligibility:
        data["eligibility"] = _eligibility(household) if sees >= selectors_api.ALL_CATEGORIES else None
    return data


def case_data(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "household": {"id": case.household_id, "pseudonym": case.household.pseudonym},
        "organisation": {"id": case.organisation_id, "name": case.organisation.name},
        "caseworker": _person(case.caseworker),
        "status": case.status,
        "close_reason": case.close_reason or None,
        "opened_at": case.opened_at.isoformat(),
        "status_changed_at": case.status_changed_at.isoformat(),
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "next_due": case.next_due.isoformat() if case.next_due else None,
        "version": case.version,
    }


def entry_data(entry: CaseEntry) -> dict[str, Any]:
    """One timeline entry; a document gives its name and type, never its content (nor a link to it)."""
    document = entry.kind == CaseEntry.Kind.DOCUMENT
    status = entry.kind == CaseEntry.Kind.STATUS
    text = selectors_cases.status_change_text(entry.text) if status else entry.text
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "channel": entry.channel or None,
        "text": None if document else text,
        "status_change": selectors_cases.status_change(entry.text) if status else None,
        "document": {"name": entry.file_name, "content_type": entry.content_type} if document else None,
        "author": _person(entry.author),
        "at": entry.at.isoformat(),
    }


def task_data(task: Task) -> dict[str, Any]:
    return {
        "id": task.pk,
        "title": task.title,
        "due": task.due.isoformat(),
        "assignee": _person(task.assignee),
    }


def referral_data(referral: Referral, box: str) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "box": box,
        "household": {"id": referral.household_id, "pseudonym": referral.household.pseudonym},
        "from_organisation": {"id": referral.from_organisation_id, "name": referral.from_organisation.name},
        "to_organisation": {"id": referral.to_organisation_id, "name": referral.to_organisation.name},
        "from_kind": referral.from_kind,
        "state": referral.state,
        "decline_reason": referral.decline_reason or None,
        "sent_at": referral.sent_at.isoformat(),
        "decided_at": referral.decided_at.isoformat() if referral.decided_at else None,
        "first_contact_due": referral.first_contact_due.isoformat(),
        "first_contact_at": referral.first_contact_at.isoformat() if referral.first_contact_at else None,
        "case": referral.case_id,
    }


# ------------------------------------------------------------------------------------------- schema
class IdNameSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonSerializer(serializers.Serializer[dict[str, Any]]):
    """A member of your organisation (a caseworker, an author, an assignee)."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class HouseholdRefSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    pseudonym = serializers.CharField()


class DocumentSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField()
    content_type = serializers.CharField()


class MemberSerializer(serializers.Serializer[dict[str, Any]]):
    """A member. ``disability``, ``certificate``, ``care_level``: null without the health category;
    ``salary_gross``, ``pension_gross``, ``other_income``, ``single_parent``, ``widow``: null without the
    income category."""

    id = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    role = serializers.ChoiceField(choices=HouseholdMember.Role.values)
    birth_date = serializers.DateField(allow_null=True)
    age_stated = serializers.IntegerField(allow_null=True)
    disability = serializers.CharField(allow_null=True, allow_blank=True)
    certificate = serializers.CharField(allow_null=True, allow_blank=True)
    care_level = serializers.CharField(allow_null=True, allow_blank=True)
    salary_gross = serializers.IntegerField(allow_null=True)
    pension_gross = serializers.IntegerField(allow_null=True)
    other_income = serializers.IntegerField(allow_null=True)
    single_parent = serializers.BooleanField(allow_null=True)
    widow = serializers.BooleanField(allow_null=True)


class PlaceSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    name = serializers.CharField()
    prefecture = serializers.CharField()


class HouseholdSerializer(serializers.Serializer[dict[str, Any]]):
    """A household as the asker may see it (schema only; :func:`household_data` writes it)."""

    id = serializers.IntegerField()
    pseudonym = serializers.CharField()
    held_by = IdNameSerializer()
    holder = serializers.BooleanField(help_text="Whether your organisation holds the household.")
    categories_shared = serializers.ListField(
        child=serializers.ChoiceField(choices=[c.value for c in Category]),
        help_text="The sensitive categories you may see: all for the holder, else those a consent in force "
        "covers for your organisation.",
    )
    hidden = serializers.BooleanField(
        allow_null=True, help_text="Hidden household (DV, stalking); null without the dv category."
    )
    municipality = PlaceSerializer()
    address = serializers.CharField(
        allow_null=True,
        allow_blank=True,
        help_text="Null unless you may see where the household lives (never outside the holder for a hidden "
        "household; a victim in hiding needs the dv category).",
    )
    near = serializers.CharField(allow_null=True, allow_blank=True, help_text="As `address`.")
    emergency_contacts = serializers.CharField(allow_null=True, allow_blank=True, help_text="As `address`.")
    urgency = serializers.ChoiceField(choices=Household.Urgency.values)
    deadline = serializers.DateField(allow_null=True)
    circumstances = serializers.ListField(
        child=serializers.CharField(),
        help_text="The stated circumstances whose category you may see (the others are left out).",
    )
    circumstances_complete = serializers.BooleanField(
        help_text="False when some circumstances are left out for want of consent."
    )
    max_rent = serializers.IntegerField(allow_null=True)
    preferred_areas = serializers.CharField(allow_blank=True)
    layout = serializers.CharField(allow_blank=True)
    needs_lift = serializers.BooleanField()
    barrier_free = serializers.BooleanField()
    pets = serializers.BooleanField()
    languages = serializers.CharField(allow_blank=True)
    interpreter = serializers.BooleanField()
    members = MemberSerializer(many=True)
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class HouseholdDetailSerializer(HouseholdSerializer):
    eligibility = serializers.DictField(
        allow_null=True,
        help_text="Priority groups and statutory monthly income as of today (`result`, as POST "
        "/api/v1/rules/household answers), or the members whose birth dates are missing; null unless you see "
        "every sensitive category.",
    )


class CaseSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    household = HouseholdRefSerializer()
    organisation = IdNameSerializer()
    caseworker = PersonSerializer(allow_null=True)
    status = serializers.ChoiceField(choices=Case.Status.choices)
    close_reason = serializers.CharField(allow_null=True)
    opened_at = serializers.DateTimeField()
    status_changed_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    next_due = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


class TaskSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due = serializers.DateField()
    assignee = PersonSerializer(allow_null=True)


class StatusChangeSerializer(serializers.Serializer[dict[str, Any]]):
    from_ = serializers.ChoiceField(choices=Case.Status.choices, allow_null=True)
    to = serializers.ChoiceField(choices=Case.Status.choices, allow_null=True)
    close_reason = serializers.CharField(allow_null=True)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class EntrySerializer(serializers.Serializer[dict[str, Any]]):
    """A timeline entry. A document gives its name and type only (``text`` is null, no file content)."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CaseEntry.Kind.values)
    channel = serializers.CharField(allow_null=True)
    text = serializers.CharField(
        allow_null=True, allow_blank=True, help_text="In words (a status change names the statuses)."
    )
    status_change = StatusChangeSerializer(
        allow_null=True, help_text="A status change's codes: from, to and the close reason."
    )
    document = DocumentSerializer(allow_null=True)
    author = PersonSerializer(allow_null=True)
    at = serializers.DateTimeField()


class CaseDetailSerializer(CaseSerializer):
    open_tasks = TaskSerializer(many=True)
    timeline = EntrySerializer(many=True, help_text="The newest entries first, at most 200.")
    timeline_count = serializers.IntegerField(help_text="How many entries the timeline has in all.")


class ReferralSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    box = serializers.ChoiceField(choices=["in", "out"])
    household = HouseholdRefSerializer()
    from_organisation = IdNameSerializer()
    to_organisation = IdNameSerializer()
    from_kind = serializers.CharField()
    state = serializers.ChoiceField(choices=Referral.State.values)
    decline_reason = serializers.CharField(allow_null=True)
    sent_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    first_contact_due = serializers.DateField()
    first_contact_at = serializers.DateTimeField(allow_null=True)
    case = serializers.IntegerField(allow_null=True)


class CaseNoteSerializer(serializers.Serializer[dict[str, Any]]):
    """A note, or a contact with the household (``kind: contact`` with its ``channel``)."""

    text = serializers.CharField(max_length=4000, help_text="What happened (plain text).")
    kind = serializers.ChoiceField(
        choices=[CaseEntry.Kind.NOTE.value, CaseEntry.Kind.CONTACT.value], required=False, default="note"
    )
    channel = serializers.ChoiceField(
        choices=[c for c in CaseEntry.Channel.values if c],
        required=False,
        help_text="How you were in contact (a contact only).",
    )


def _page(name: str, item: Any) -> Any:
    return inline_serializer(
        name=name,
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item,
        },
    )


_ERRORS = {401: ErrorSerializer, 403: ErrorSerializer}
_PAGING = [
    OpenApiParameter("page", int, description="Page number (from 1; a page past the last is a 404)."),
    OpenApiParameter("page_size", int, description="Rows per page: 100 by default, at most 1000."),
]
_SINCE = "ISO 8601 date and time (Japan time without an offset) or a date: "


class CasesPagination(PagePagination):
    """The kernel's page numbers, ordered by id."""


# ------------------------------------------------------------------------------------------- views
def _list(
    request: Request,
    rows: Any,
    present: Callable[[list[Any]], list[dict[str, Any]]],
    log: tuple[str, str] | None = None,
) -> Response:
    paginator = CasesPagination()
    page: list[Any] = list(paginator.paginate_queryset(rows, request) or [])
    data = present(page)
    if log is not None:
        view_name, purpose = log
        log_views(
            request=request, purpose=purpose, view_name=view_name, object_ids=[f"pk={o.pk}" for o in page]
        )
    response = paginator.get_paginated_response(data)
    response["Cache-Control"] = "no-store"
    return response


@extend_schema(
    tags=["cases"],
    operation_id="cases_households_list",
    parameters=[
        OpenApiParameter(
            "updated_since", OpenApiTypes.STR, description=_SINCE + "households changed at or after it."
        ),
        *_PAGING,
    ],
    responses={
        200: _page("HouseholdPage", HouseholdSerializer(many=True)),
        400: ErrorSerializer,
        404: ErrorSerializer,
        **_ERRORS,
    },
)
@api_view(["GET"])
@permission_classes(API_PERMISSIONS)
def household_list(request: Request) -> Response:
    """The households your organisation holds and those a consent in force shows it, by id, 100 a page
    (sensitive fields null where no consent covers them). Each household listed is logged as seen."""
    access = access_for(request)
    rows = selectors_api.households(
        visible_to=access, updated_since=_since(request.query_params, "updated_since")
    )

    def present(page: list[Household]) -> list[dict[str, Any]]:
        sees = selectors_api.categories_of(page, access)
        return [household_data(h, sees[h.pk], access) for h in page]

    return _list(request, rows, present, ("api:household-list", HOUSEHOLD_LIST_PURPOSE))


household_list.access_each = HOUSEHOLD_LIST_PURPOSE  # type: ignore[attr-defined]


@logs_access(HOUSEHOLD_PURPOSE)
@extend_schema(
    tags=["cases"],
    operation_id="cases_households_retrieve",
    responses={200: HouseholdDetailSerializer, 404: ErrorSerializer, **_ERRORS},
)
@api_view(["GET"])
@permission_classes(API_PERMISSIONS)
def household_detail(request: Request, pk: int) -> Response:
    """One household as you may see it, with its eligibility when you see every sensitive category.
    Logged as seen."""
    access = access_for(request)
    found = selectors_api.household(pk=pk, visible_to=access)
    if found is None:
        raise exceptions.NotFound(_("No household with this id among those you may see."))
    sees = selectors_api.categories_of([found], access)[found.pk]
    response = Response(household_data(found, sees, access, with_eligibility=True))
    response["Cache-Control"] = "no-store"
    return response


@extend_schema(
    tags=["cases"],
    operation_id="cases_cases_list",
    parameters=[
        OpenApiParameter(
            "status",
            str,
            enum=["open", *Case.Status.values],
            description="One status, or open (any but closed); all cases when absent.",
        ),
        OpenApiParameter(
            "caseworker",
            str,
            pattern=r"^([0-9]{1,18}|none)$",
            description="The caseworker's user id, or none for unassigned cases.",
        ),
        OpenApiParameter(
            "updated_since",
            OpenApiTypes.STR,
            description=_SINCE + "cases opened, moved, with a timeline entry or a task added or done since.",
        ),
        OpenApiParameter("opened_since", OpenApiTypes.STR, description=_SINCE + "cases opened since."),
        *_PAGING,
    ],
    responses={
        200: _page("CasePage", CaseSerializer(many=True)),
        400: ErrorSerializer,
        404: ErrorSerializer,
        **_ERRORS,
    },
)
@api_view(["GET"])
@permission_classes(API_PERMISSIONS)
def case_list(request: Request) -> Response:
    """The cases your organisation works, by id, 100 a page. Each case listed is logged as seen."""
    params = request.query_params
    caseworker, unassigned = _caseworker(params)
    rows = selectors_api.cases(
        visible_to=access_for(request),
        status=_choice(params, "status", ["open", *Case.Status.values]),
        caseworker=caseworker,
        unassigned=unassigned,
        updated_since=_since(params, "updated_since"),
        opened_since=_since(params, "opened_since"),
    )
    return _list(
        request, rows, lambda page: [case_data(c) for c in page], ("api:case-list", CASE_LIST_PURPOSE)
    )


case_list.access_each = CASE_LIST_PURPOSE  # type: ignore[attr-defined]


def _case_or_404(request: Request, pk: int) -> Case:
    found = selectors_api.case(pk=pk, visible_to=access_for(request))
    if found is None:
        raise exceptions.NotFound(_("No case with this id among those your organisation works."))
    return found


@logs_access(CASE_PURPOSE)
@extend_schema(
    tags=["cases"],
    operation_id="cases_cases_retrieve",
    responses={200: CaseDetailSerializer, 404: ErrorSerializer, **_ERRORS},
)
@api_view(["GET"])
@permission_classes(API_PERMISSIONS)
def case_detail(request: Request, pk: int) -> Response:
    """One case your organisation works, with its open tasks and its timeline (newest first, at most 200; a
    document's name and type, never its content). Logged as seen."""
    found = _case_or_404(request, pk)
    data = case_data(found)
    data["open_tasks"] = [task_data(t) for t in selectors_api.open_tasks(found)]
    data["timeline"] = [entry_data(e) for e in selectors_api.timeline(found)]
    data["timeline_count"] = selectors_api.timeline_count(found)
    response = Response(data)
    response["Cache-Control"] = "no-store"
    return response


@extend_schema(
    tags=["cases"],
    operation_id="cases_cases_notes_create",
    request=CaseNoteSerializer,
    responses={
        201: EntrySerializer,
        400: ErrorSerializer,
        404: ErrorSerializer,
        409: ErrorSerializer,
        **_ERRORS,
    },
)
@api_view(["POST"])
@parser_classes([SafeJSONParser])
@permission_classes(API_PERMISSIONS)
def case_note(request: Request, pk: int) -> Response:
    """Add a note (or a contact with the household) to the timeline of a case your organisation works:
    ``{"text": "…"}``. Needs a token with the cases and write scopes (or a staff or admin membership)."""
    found = _case_or_404(request, pk)
    access = access_for(request)
    if not access.has(organisation_id=found.organisation_id, roles=WRITERS):
        # a member who writes in one organisation and only reads in the one that works this case
        raise exceptions.PermissionDenied(
            _("Your role lets you read only; adding a note needs a staff or admin membership.")
        )
    body = request.data
    if not isinstance(body, Mapping):
        raise InputError("$", _("The body must be a JSON object with the note's text."))
    unknown = sorted(set(body) - {"text", "kind", "channel"})
    if unknown:
        raise InputError(unknown[0], _("Unknown field; use text, kind and channel."))
    serializer = CaseNoteSerializer(data=body)
    if not serializer.is_valid():
        field, messages = next(iter(serializer.errors.items()))
        raise InputError(str(field), str(messages[0]))
    data = serializer.validated_data
    if not found.is_open:
        raise Conflict(_("This case is closed: open a new case to add to its timeline."))
    try:
        entry = casework.entry_add(
            actor=Actor(user=request.user, access=access),
            case=found,
            kind=data.get("kind") or CaseEntry.Kind.NOTE,
            text=data["text"],
            channel=data.get("channel", ""),
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            field, messages = next(iter(exc.message_dict.items()))
            raise InputError(field, messages[0]) from exc
        raise InputError("$", " ".join(exc.messages)) from exc
    return Response(entry_data(entry), status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["cases"],
    operation_id="cases_referrals_list",
    parameters=[
        OpenApiParameter(
            "box",
            str,
            enum=["in", "out"],
            description="in: received (default); out: sent by your organisation.",
        ),
        OpenApiParameter("state", str, enum=Referral.State.values),
        *_PAGING,
    ],
    responses={
        200: _page("ReferralPage", ReferralSerializer(many=True)),
        400: ErrorSerializer,
        404: ErrorSerializer,
        **_ERRORS,
    },
)
@api_view(["GET"])
@permission_classes(API_PERMISSIONS)
def referral_list(request: Request) -> Response:
    """Referrals your organisation received (``box=in``) or sent (``box=out``), newest first; the household
    by id and pseudonym only (read it at /api/v1/households/{id}/ as far as its consent allows)."""
    params = request.query_params
    box = _choice(params, "box", ["in", "out"]) or "in"
    state = _choice(params, "state", list(Referral.State.values))
    rows = selectors_cases.referrals(visible_to=access_for(request), box=box, state=state)
    return _list(request, rows, lambda page: [referral_data(r, box) for r in page])
