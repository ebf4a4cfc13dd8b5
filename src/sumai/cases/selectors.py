"""Reads of the cases app: routing candidates, a desk's inbox, one request (scoped to its receiver)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db.models import Case, CharField, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat

from sumai.accounts.models import Organisation
from sumai.cases import pseudonyms
from sumai.cases.models import ConsultationRequest, Desk, Household, Referral
from sumai.core import contributions
from sumai.core.access import Access
from sumai.core.roles import HOUSEHOLD_HOLDING_KINDS, OrgKind
from sumai.domain import consultation as domain
from sumai.places.models import Municipality

RECEIVING_KINDS = (OrgKind.MUNICIPALITY, OrgKind.COUNCIL, OrgKind.SUPPORT_CORPORATION)
"""Organisations a consultation request can be routed to."""


def _area(municipality_code: str) -> list[str]:
    """The municipality and, for a ward, its designated city: a city's desk serves its wards."""
    parent = Municipality.objects.filter(pk=municipality_code).values_list("parent_id", flat=True).first()
    return [municipality_code, parent] if parent else [municipality_code]


def municipal_desks(municipality_code: str) -> list[int]:
    """Organisation ids of the active desks of the municipality (or of its designated city)."""
    return list(
        Desk.objects.filter(
            is_active=True,
            organisation__is_active=True,
            organisation__kind=OrgKind.MUNICIPALITY,
            organisation__municipality_id__in=_area(municipality_code),
        )
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)
    )


def municipalities_of(prefecture_code: str) -> list[tuple[str, str]]:
    """(code, label) of the municipalities of a prefecture, with their rōmaji on pages in other languages."""
    from sumai.places.selectors import municipality_label

    codes = Municipality.objects.filter(prefecture_id=prefecture_code).order_by("code")
    return [(m.code, municipality_label(m.code, m.name)) for m in codes.only("code", "name")]


def corporations(municipality_code: str) -> list[tuple[int, str]]:
    provide = contributions.provider("routing.corporations")
    return list(provide(municipality_code=municipality_code)) if provide else []


def candidates(municipality: Municipality) -> domain.Candidates:
    """Every organisation that could receive a request from ``municipality``, by level."""
    councils = contributions.provider("routing.councils")
    municipal, prefectural = (
        councils(municipality_code=municipality.code, prefecture_code=municipality.prefecture_id)
        if councils
        else ([], [])
    )
    return domain.Candidates(
        municipal_desks=tuple(municipal_desks(municipality.code)),
        municipal_councils=tuple(municipal),
        prefectural_councils=tuple(prefectural),
        corporations=tuple(pk for pk, _name in corporations(municipality.code)),
    )


def _receivers(visible_to: Access) -> list[int]:
    return [g.organisation_id for g in visible_to.grants if g.kind in RECEIVING_KINDS]


def _holders(visible_to: Access) -> list[int]:
    return [g.organisation_id for g in visible_to.grants if g.kind in HOUSEHOLD_HOLDING_KINDS]


def inbox(*, visible_to: Access, state: str = "") -> QuerySet[ConsultationRequest]:
    """The requests routed to the asker's organisations, newest first (urgent ones first among new)."""
    qs = ConsultationRequest.objects.filter(organisation_id__in=_receivers(visible_to)).select_related(
        "municipality", "municipality__prefecture", "organisation"
    )
    if state in ConsultationRequest.State.values:
        qs = qs.filter(state=state)
    # open requests first (new, then contacted), urgent ones first among them, then the newest
    rank = Case(
        When(state=ConsultationRequest.State.NEW, then=Value(0)),
        When(state=ConsultationRequest.State.CONTACTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.order_by(rank, "-urgent", "-created_at", "-pk")


def request_for(*, pk: int, visible_to: Access) -> ConsultationRequest | None:
    return (
        ConsultationRequest.objects.select_related(
            "municipality", "municipality__prefecture", "organisation", "picked_corporation"
        )
        .filter(pk=pk, organisation_id__in=_receivers(visible_to))
        .first()
    )


def organisations_named(ids: list[int]) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def desk_of(organisation: Organisation) -> Desk | None:
    return Desk.objects.filter(organisation=organisation).first()


def desk_organisation(*, org_id: int, visible_to: Access) -> Organisation | None:
    """A municipality organisation the asker administers (the permissions table checked the role)."""
    if not (visible_to.is_superuser or visible_to.has(organisation_id=org_id)):
        return None
    return (
        Organisation.objects.filter(pk=org_id, kind=OrgKind.MUNICIPALITY)
        .select_related("municipality")
        .first()
    )


def tel_digits(phone: str) -> str:
    """A phone number as a ``tel:`` link needs it: the digits only (a leading + kept): 「03-5432-1111」 →
    ``0354321111``; "" when there are none."""
    text = unicodedata.normalize("NFKC", phone or "").strip()
    digits = re.sub(r"\D", "", text)
    return f"+{digits}" if digits and text.startswith("+") else digits


def receiver_contact(organisation: Organisation) -> dict[str, str]:
    """What the person is told of the receiving organisation: its public name, kind, phone and hours."""
    desk = desk_of(organisation) if organisation.kind == OrgKind.MUNICIPALITY else None
    phone = desk.phone if desk and desk.phone else organisation.phone
    return {
        "name": desk.name if desk else organisation.name,
        "kind": organisation.kind,
        "phone": phone,
        "tel": tel_digits(phone),
        "hours": desk.hours if desk else "",
    }


def _consented(visible_to: Access) -> list[int]:
    """Households a consent in force shows to one of the asker's organisations (the domain decides)."""
    from django.utils import timezone

    from sumai.cases.models import Consent
    from sumai.domain import consent as domain_consent

    mine = {g.organisation_id for g in visible_to.grants}
    today = timezone.localdate()
    ids = []
    for consent in Consent.objects.filter(organisations__in=mine, withdrawn_at__isnull=True).prefetch_related(
        "organisations"
    ):
        facts = consent.facts()
        if any(domain_consent.may_see(viewer=org, holder=-1, consents=[facts], on=today) for org in mine):
            ids.append(consent.household_id)
    return ids


def households(*, visible_to: Access, q: str = "") -> QuerySet[Household]:
    """The households the asker's organisations hold, and those a consent in force shows them."""
    qs = Household.objects.filter(
        Q(organisation_id__in=_holders(visible_to)) | Q(pk__in=_consented(visible_to))
    ).select_related("municipality", "municipality__prefecture")
    if q:
        qs = qs.filter(pseudonym__icontains=pseudonyms.query(q))
    return qs.order_by("-updated_at", "-pk")


def household_for(*, pk: int, visible_to: Access) -> Household | None:
    return (
        Household.objects.select_related(
            "municipality", "municipality__prefecture", "organisation", "request"
        )
        .prefetch_related("members")
        .filter(Q(organisation_id__in=_holders(visible_to)) | Q(pk__in=_consented(visible_to)), pk=pk)
        .first()
    )


def held_household(*, pk: int, visible_to: Access) -> Household | None:
    """A household the asker's organisation holds (editing, consent, the access report)."""
    return (
        Household.objects.select_related("municipality", "organisation", "request")
        .filter(pk=pk, organisation_id__in=_holders(visible_to))
        .first()
    )


def categories_for(household: Household, visible_to: Access) -> frozenset[str]:
    """The sensitive categories the asker may see of ``household``."""
    from django.utils import timezone

    from sumai.cases.households import consent_facts
    from sumai.domain import consent as domain_consent

    facts = consent_facts(household)
    seen: set[str] = set()
    for grant in visible_to.grants:
        seen |= domain_consent.visible_categories(
            viewer=grant.organisation_id,
            holder=household.organisation_id,
            consents=facts,
            on=timezone.localdate(),
        )
    return frozenset(seen)


HOUSEHOLD_VIEWS = ("cases:household", "cases:household_edit", "api:household-detail", "api:household-list")
"""AccessLog object types of a view of a household record (``pk=<household>``): its page, its edit page, and
the households API (one row per household a list answer carried)."""
CASE_VIEWS = ("cases:case", "cases:cases_export", "api:case-detail", "api:case-list")
"""AccessLog object types of a view of one of the household's cases (``pk=<case>``)."""


def access_report(household: Household) -> QuerySet[Any]:
    """Every logged view of the household's record, its edit page, its request, its cases (and their
    documents) and its referrals, on the pages and through the API, at any organisation (開示請求)."""
    from sumai.audit.models import AccessLog
    from sumai.cases.models import Case as CaseModel

    q = Q(object_type__in=HOUSEHOLD_VIEWS, object_id=f"pk={household.pk}")
    if household.request_id:
        q |= Q(object_type="cases:request", object_id=f"pk={household.request_id}")
    case_ids = (
        CaseModel.objects.filter(household=household)
        .order_by()
        .annotate(object_id=Concat(Value("pk="), Cast("pk", CharField())))
        .values("object_id")
    )
    q |= Q(object_type__in=CASE_VIEWS, object_id__in=case_ids)  # one query with the report's rows
    document_ids = (
        CaseModel.objects.filter(household=household)
        .order_by()
        .annotate(
            object_id=Concat(
                Value("entry_id="), Cast("entries__pk", CharField()), Value(",pk="), Cast("pk", CharField())
            )
        )
        .filter(entries__kind="document")
        .values("object_id")
    )
    q |= Q(object_type="cases:case_document", object_id__in=document_ids)
    referral_ids = (
        Referral.objects.filter(household=household)
        .order_by()
        .annotate(object_id=Concat(Value("pk="), Cast("pk", CharField())))
        .values("object_id")
    )
    q |= Q(object_type="cases:referral", object_id__in=referral_ids)
    return AccessLog.objects.filter(q).select_related("actor", "organisation").order_by("at", "pk")
