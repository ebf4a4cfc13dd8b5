"""Reads of the inquiries to landlords and the refusal flags, scoped to who asks: the caseworker's case
(the organisation that works it and holds its household), the landlord's inbox (its own units; agents it
authorised), the registration authority's flags (its authority code). What a landlord sees is built from
the inquiry's ``shared`` and ``package`` only (:func:`landlord_view`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Case as When_
from django.db.models import Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sumai.accounts.models import Membership, Organisation
from sumai.cases.models import Case, Consent
from sumai.core.access import Access
from sumai.core.formats import join_list
from sumai.core.labels import group_label
from sumai.core.roles import ROLES, WRITERS
from sumai.domain import matching as domain_matching
from sumai.domain import placement as domain
from sumai.matching.models import MatchSnapshot
from sumai.matching.selectors import case_to_match
from sumai.placements.models import LandlordAnswerRecord, LandlordInquiry, PackageStatus, RefusalFlag
from sumai.registry.models import AgentAuthorisation, Registration, Unit
from sumai.registry.selectors import authority_codes, operators_actable_by
from sumai.support.labels import LANGUAGE_LABELS

OPEN_STATES = [str(s) for s in domain.OPEN_INQUIRY_STATES]
ANSWERED_STATES = [
    LandlordInquiry.State.VIEWING_OFFERED,
    LandlordInquiry.State.ACCEPTED,
    LandlordInquiry.State.DECLINED,
]

PROVIDER_LABELS = {
    "support_corporation": gettext_lazy("Housing support corporation"),
    "guarantee_company": gettext_lazy("Rent guarantee company"),
    "certified_guarantor": gettext_lazy("Certified rent guarantee company"),
    "insurer": gettext_lazy("Insurer"),
    "municipality": gettext_lazy("Municipality"),
    "welfare_service": gettext_lazy("Welfare or care service"),
    "family": gettext_lazy("Family"),
    "other": gettext_lazy("Other"),
}
STATUS_LABELS = {status.value: status.label for status in PackageStatus if status.value}
"""How the package answers a fear, in words: the same words as a refusal flag's evidence
(``RefusalFlag.get_package_status_display``)."""

RECORDED_WORDS = {
    LandlordInquiry.Channel.PHONE: gettext_lazy("Answered by phone (recorded by %(caseworker)s, %(day)s)"),
    LandlordInquiry.Channel.IN_PERSON: gettext_lazy(
        "Answered in person (recorded by %(caseworker)s, %(day)s)"
    ),
    LandlordInquiry.Channel.FAX: gettext_lazy("Answered by fax (recorded by %(caseworker)s, %(day)s)"),
    LandlordInquiry.Channel.OTHER: gettext_lazy("Answered another way (recorded by %(caseworker)s, %(day)s)"),
}


def recorded_words(inquiry: LandlordInquiry) -> str:
    """For an answer the landlord gave outside Sumai and a caseworker recorded: how it was given, who
    recorded it and the day it was given — 「電話で回答（記録: 相談員 一郎, 2026-06-01）」, as the landlord's
    inbox and page and the caseworker's pages say it. Empty for any other answer. Reads ``answered_by``
    (select it with the inquiry)."""
    words = RECORDED_WORDS.get(inquiry.answered_via)  # type: ignore[call-overload]
    if words is None:
        return ""
    day = _answer_day(inquiry)
    return str(words) % {"caseworker": _recorder(inquiry), "day": f"{day:%Y-%m-%d}" if day else "—"}


def _recorder(inquiry: LandlordInquiry) -> str:
    user = inquiry.answered_by
    return (user.name or user.email) if user is not None else _("a caseworker")


def _answer_day(inquiry: LandlordInquiry) -> date | None:
    return inquiry.answered_on or (timezone.localdate(inquiry.answered_at) if inquiry.answered_at else None)


def landlord_note_words(inquiry: LandlordInquiry) -> dict[str, str]:
    """How the landlord's page titles the comment of the answer, and — for an answer the landlord gave by
    phone (in person, by fax) that a caseworker recorded — how to have a wrongly recorded answer corrected:
    the comment is what the caseworker noted, not what the landlord typed; the caseworker of the package
    (organisation, name, phone or e-mail) is the one to tell."""
    if inquiry.answered_via not in LandlordInquiry.RELAYED:
        return {"label": _("Your comment"), "correction": ""}
    label = _("What the caseworker noted (recorded by %(caseworker)s)") % {"caseworker": _recorder(inquiry)}
    contact = dict(((inquiry.package or {}).get("arrangements") or {}).get("caseworker") or {})
    organisation = str(contact.get("organisation") or inquiry.organisation.name)
    name = str(contact.get("name") or _recorder(inquiry))
    reach = join_list([str(v) for v in (contact.get("phone"), contact.get("email")) if v])
    words = {"organisation": organisation, "name": name, "contact": reach}
    if reach:
        correction = (
            _(
                "This answer was recorded by the caseworker from what you told them. If it was recorded "
                "wrongly, contact %(name)s of %(organisation)s (%(contact)s)."
            )
            % words
        )
    else:
        correction = (
            _(
                "This answer was recorded by the caseworker from what you told them. If it was recorded "
                "wrongly, contact %(name)s of %(organisation)s."
            )
            % words
        )
    return {"label": label, "correction": correction}


def answer_words(inquiry: LandlordInquiry) -> str:
    """The inquiry's answer or state in words, with the decline's reason: 「お断り（孤独死などの不安）」."""
    state = str(inquiry.get_state_display())
    if inquiry.decline_reason:
        return _("%(state)s (%(reason)s)") % {"state": state, "reason": inquiry.get_decline_reason_display()}
    return state


def answered_by_words(inquiry: LandlordInquiry) -> str:
    """Who gave or entered the inquiry's current answer, and when: the caseworker who recorded a phone
    answer, the landlord itself (in Sumai, by the e-mail's link, by its system), Sumai when the deadline
    passed, a caseworker for a withdrawal — 「記録: 小林 直子、2026-06-01」."""
    if inquiry.answered_via in LandlordInquiry.RELAYED:
        who = _("recorded by %(caseworker)s") % {"caseworker": _recorder(inquiry)}
    elif inquiry.answered_via == LandlordInquiry.Channel.SYSTEM:
        who = _("by Sumai when the deadline passed")
    elif inquiry.answered_via:
        who = _("the landlord's own answer")
    else:
        who = _("by a caseworker")
    day = _answer_day(inquiry)
    return join_list([who, f"{day:%Y-%m-%d}"]) if day else who


# ------------------------------------------------------------------------------------------ caseworker
def compose_case(*, pk: int, visible_to: Access) -> Case | None:
    """The case a caseworker may ask landlords for: worked by and held at the asker's organisation."""
    return case_to_match(pk=pk, visible_to=visible_to)


def registered_unit(unit_id: Any) -> Unit | None:
    try:
        pk = int(unit_id)
    except (TypeError, ValueError):
        return None
    return (
        Unit.objects.select_related("building__operator", "building__municipality")
        .filter(pk=pk, status=Unit.Status.REGISTERED)
        .first()
    )


def snapshot_of(case: Case, snapshot_id: Any) -> MatchSnapshot | None:
    try:
        pk = int(snapshot_id)
    except (TypeError, ValueError):
        return None
    return MatchSnapshot.objects.filter(pk=pk, case=case).first()


def case_inquiries(case: Case, limit: int = 50) -> list[LandlordInquiry]:
    return list(
        LandlordInquiry.objects.filter(case=case)
        .select_related("unit__building", "operator", "placement", "answered_by")
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class AskedHome:
    """The latest inquiry of a case about one home, as the matched homes show it."""

    reference: str
    state: str  # in words
    waiting: bool  # the landlord's final answer is still to come
    sent_on: date | None


def asked_homes(case: Case, unit_ids: Iterable[int]) -> dict[int, AskedHome]:
    """{unit id: the case's latest inquiry about it} for those of ``unit_ids`` the case asked about."""
    ids = list(unit_ids)
    if not ids:
        return {}
    found: dict[int, AskedHome] = {}
    for inquiry in LandlordInquiry.objects.filter(case=case, unit_id__in=ids).order_by("-created_at", "-pk"):
        if inquiry.unit_id in found:
            continue
        sent = inquiry.sent_at or inquiry.created_at
        found[inquiry.unit_id] = AskedHome(
            reference=inquiry.reference,
            state=str(inquiry.get_state_display()),
            waiting=inquiry.state in OPEN_STATES,
            sent_on=timezone.localdate(sent) if sent else None,
        )
    return found


def open_inquiry_for(case: Case, unit: Unit) -> LandlordInquiry | None:
    """The inquiry of the case about this home still waiting for the landlord's final answer, if any."""
    return LandlordInquiry.objects.filter(case=case, unit=unit, state__in=OPEN_STATES).order_by("-pk").first()


def case_inquiry_for(*, pk: int, inquiry: int, visible_to: Access) -> LandlordInquiry | None:
    case = case_to_match(pk=pk, visible_to=visible_to)
    if case is None:
        return None
    found = (
        LandlordInquiry.objects.select_related(
            "unit__building__operator", "operator", "placement", "answered_by", "sent_by"
        )
        .filter(pk=inquiry, case=case)
        .first()
    )
    if found is not None:
        found.case = case
    return found


def consents_of(case: Case) -> list[Consent]:
    return list(case.household.consents.prefetch_related("organisations"))


# ------------------------------------------------------------------------------------------ landlord
def agent_ids_of(operator_id: int) -> set[int]:
    """The agents the landlord authorised (not revoked)."""
    return set(
        AgentAuthorisation.objects.filter(operator_id=operator_id, revoked_at__isnull=True).values_list(
            "agent_id", flat=True
        )
    )


def landlord_recipients(operator_id: int) -> list[str]:
    """Whom an inquiry to this landlord is e-mailed to: the landlord's admins and staff and its own contact
    address, and those of the active agents it authorised — ``core.notifications.recipients_of`` of each, in
    two queries. Empty when nobody on Sumai can receive it."""
    agents = AgentAuthorisation.objects.filter(operator_id=operator_id, revoked_at__isnull=True).values(
        "agent_id"
    )
    orgs = dict(
        Organisation.objects.filter(Q(pk=operator_id) | Q(pk__in=agents, is_active=True)).values_list(
            "pk", "email"
        )
    )
    emails = {e for e in orgs.values() if e}
    emails |= set(
        Membership.objects.filter(
            organisation_id__in=list(orgs), role__in=WRITERS, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    return sorted(e for e in emails if e)


@dataclass(frozen=True)
class LandlordReach:
    """How an inquiry reaches the landlord of a home: the addresses it is e-mailed to, and else the phone
    the caseworker calls (the building's contact for inquiries, else the landlord's own) and whose it is."""

    emails: tuple[str, ...]
    phone: str
    contact: str

    @property
    def by_email(self) -> bool:
        return bool(self.emails)


def landlord_reach(unit: Unit) -> LandlordReach:
    building = unit.building
    operator = building.operator
    if building.contact_phone:
        phone, contact = building.contact_phone, building.contact_name or operator.name
    else:
        phone, contact = operator.phone, operator.name
    return LandlordReach(tuple(landlord_recipients(operator.pk)), phone, contact)


def landlord_inquiries(*, visible_to: Access, state: str = "") -> QuerySet[LandlordInquiry]:
    """Inquiries to the units of the landlords the asker acts for (its own, or as an authorised agent):
    open ones first, newest first. Drafts are never a landlord's."""
    operators = operators_actable_by(visible_to, roles=ROLES).values("pk")
    qs = LandlordInquiry.objects.filter(operator_id__in=operators).exclude(state=LandlordInquiry.State.DRAFT)
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    return (
        qs.select_related("unit__building", "operator", "answered_by")
        .annotate(
            open_first=When_(
                When(state__in=OPEN_STATES, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("open_first", "-sent_at", "-pk")
    )


def landlord_inquiry_for(*, pk: int, visible_to: Access) -> LandlordInquiry | None:
    operators = operators_actable_by(visible_to, roles=ROLES).values("pk")
    return (
        LandlordInquiry.objects.select_related(
            "unit__building__municipality", "operator", "organisation", "answered_by"
        )
        .filter(pk=pk, operator_id__in=operators)
        .exclude(state=LandlordInquiry.State.DRAFT)
        .first()
    )


def _age_band(band: int) -> str:
    if band >= 90:
        return _("90 or older")
    if band < 10:
        return _("under 10")
    return _("in their %(decade)ds") % {"decade": band}


def package_view(package: dict[str, Any]) -> dict[str, Any]:
    """The package as a page shows it: the arrangements in words, the fears answered and not."""
    arr = package.get("arrangements") or {}

    def provider(item: dict[str, Any] | None) -> str:
        if not item:
            return ""
        kind = PROVIDER_LABELS.get(str(item.get("kind") or "other"), "")
        if not kind:
            return str(item.get("provider", ""))
        return _("%(provider)s (%(kind)s)") % {"provider": item.get("provider", ""), "kind": kind}

    watch = arr.get("watch_over") or None
    watch_text = ""
    if watch:
        parts = [provider(watch)]
        if watch.get("visits_per_month"):
            visits = int(watch["visits_per_month"])
            parts.append(
                ngettext("visits %(n)d time a month", "visits %(n)d times a month", visits) % {"n": visits}
            )
        if watch.get("daily_check"):
            parts.append(_("daily safety check"))
        watch_text = join_list(parts)  # 、 in Japanese and Chinese, ", " in the other languages
    fears = [
        {
            # the survey's words in Japanese; the fear's own label in other languages
            "label": fear_label(str(f.get("fear", "")), str(f.get("label_ja", ""))),
            "percent": f.get("percent"),
            "status": f.get("status"),
            "status_label": STATUS_LABELS.get(str(f.get("status")), ""),
        }
        for f in package.get("fears", [])
    ]
    caseworker = dict(arr.get("caseworker") or {})
    # codes of the support directory's languages, in the page's words (an unknown code as it was given)
    caseworker["languages"] = join_list(
        [str(LANGUAGE_LABELS.get(code, code)) for code in caseworker.get("languages") or ()]
    )
    return {
        "rent_guarantee": provider(arr.get("rent_guarantee")),
        "watch_over": watch_text,
        "belongings": provider(arr.get("belongings_after_death")),
        "emergency": provider(arr.get("emergency_contact")),
        "caseworker": caseworker,
        "answered": [f for f in fears if f["status"] == "answered"],
        "unanswered": [f for f in fears if f["status"] != "answered"],
    }


FEAR_LABELS = {
    "lonely_death": gettext_lazy("Worry about dying alone (kodokushi) and the like"),
    "no_guarantor": gettext_lazy("No guarantor, or not passing a guarantee company's check"),
    "rent_payment": gettext_lazy("Worry about the rent being paid"),
    "neighbours": gettext_lazy("Worry about getting on with the neighbours"),
    "hygiene_fire": gettext_lazy("Worry about hygiene, fire and the like"),
    "customs_language": gettext_lazy("Worry about different customs and language"),
}


def fear_label(code: str, label_ja: str) -> str:
    """A landlord's worry as the survey words it in Japanese (``label_ja`` of the parameter file, which may
    be the household type's own wording), in other languages the worry's label."""
    from django.utils.translation import get_language

    if (get_language() or "ja").lower().startswith("ja") and label_ja:
        return label_ja
    return str(FEAR_LABELS.get(code, label_ja))


def shared_words(shared: dict[str, Any]) -> dict[str, Any]:
    ages = [_age_band(int(b)) for b in shared.get("age_bands", [])]
    return {
        "members": shared.get("members", 0),
        "ages": ages,
        "ages_text": join_list(ages),  # 、 in Japanese and Chinese, ", " in the others
        "ages_unknown": shared.get("ages_unknown", 0),
        "groups": [group_label(g) for g in shared.get("groups", [])],
        "groups_text": join_list(group_label(g) for g in shared.get("groups", [])),
        "single_parent": bool(shared.get("single_parent")),
    }


def landlord_view(inquiry: LandlordInquiry) -> dict[str, Any]:
    """Everything a landlord's page or e-mail shows of an inquiry: the home, the household as shared, the
    package, the caseworker's message and contact — and nothing else of the household."""
    return {
        "household": shared_words(inquiry.shared or {}),
        "package": package_view(inquiry.package or {}),
        "message": inquiry.message,
    }


# ------------------------------------------------------------------------------------------ authority
def flags(*, visible_to: Access) -> QuerySet[RefusalFlag]:
    """The flags of the asker's registration authorities: open ones first, then by the day raised."""
    return (
        RefusalFlag.objects.filter(authority_code__in=authority_codes(visible_to))
        .select_related("inquiry__unit__building", "operator", "municipality")
        .annotate(
            open_first=When_(
                When(resolved_on__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("open_first", "-raised_on", "-pk")
    )


def flag_for(*, pk: int, visible_to: Access) -> RefusalFlag | None:
    return (
        RefusalFlag.objects.filter(pk=pk, authority_code__in=authority_codes(visible_to))
        .select_related(
            "inquiry__unit__building__registration",
            "inquiry__answered_by",
            "operator",
            "municipality",
            "resolved_by",
        )
        .first()
    )


def flag_registration(flag: RefusalFlag) -> Registration | None:
    """The registration of the flagged home's building, when it is the flag's authority's (``flag_for``
    selects it: no query): where that authority strikes a registration off."""
    registration: Registration | None = getattr(flag.inquiry.unit.building, "registration", None)
    if registration is None or registration.authority_code != flag.authority_code:
        return None
    return registration


def registration_in_force(registration: Registration | None) -> bool:
    """Whether the registration still puts the home on the register (registered, or a change notified)."""
    return registration is not None and registration.state in (
        Registration.State.REGISTERED,
        Registration.State.CHANGE_NOTIFIED,
    )


# ------------------------------------------------------------------------------------------ matching
def count_landlord_records(
    *, operator_ids: Iterable[int] | None = None
) -> dict[int, domain_matching.LandlordRecord]:
    """How each landlord answered the inquiries it was sent, counted from the inquiries (every landlord
    when ``operator_ids`` is None): asked (sent, not withdrawn), answered (viewing, accepted or declined),
    accepted. What :class:`LandlordAnswerRecord` keeps."""
    qs = LandlordInquiry.objects.exclude(
        state__in=[LandlordInquiry.State.DRAFT, LandlordInquiry.State.WITHDRAWN]
    )
    if operator_ids is not None:
        ids = sorted(set(operator_ids))
        if not ids:
            return {}
        qs = qs.filter(operator_id__in=ids)
    rows = qs.values("operator_id").annotate(
        asked=Count("pk"),
        answered=Count("pk", filter=Q(state__in=ANSWERED_STATES)),
        accepted=Count("pk", filter=Q(state=LandlordInquiry.State.ACCEPTED)),
    )
    return {
        r["operator_id"]: domain_matching.LandlordRecord(r["asked"], r["answered"], r["accepted"])
        for r in rows
    }


def landlord_records(*, operator_ids: Iterable[int]) -> dict[int, domain_matching.LandlordRecord]:
    """The ``matching.landlord_records`` contribution: each landlord's kept record (one primary-key read
    per landlord; a landlord never asked has none)."""
    ids = sorted(set(operator_ids))
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:  # at every match: written out, the ORM's compiling cost more
        cursor.execute(
            f"SELECT operator_id, asked, answered, accepted FROM {LandlordAnswerRecord._meta.db_table} "  # noqa: S608 # nosec B608
            f"WHERE operator_id IN ({marks})",
            ids,
        )
        rows = cursor.fetchall()
    return {op: domain_matching.LandlordRecord(a, b, c) for op, a, b, c in rows}


def is_overdue(inquiry: LandlordInquiry, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return inquiry.state in OPEN_STATES and inquiry.answer_due is not None and today > inquiry.answer_due


def authority_names(code: str) -> list[Organisation]:
    return list(Organisation.objects.filter(kind="authority", authority_code=code))


def has_placement(inquiry: LandlordInquiry) -> bool:
    """Whether a placement was recorded from the inquiry (``case_inquiries`` selects it: no query)."""
    return getattr(inquiry, "placement", None) is not None


def may_withdraw(inquiry: LandlordInquiry) -> bool:
    """Whether the caseworker may withdraw the inquiry (``domain.may_withdraw``)."""
    return domain.may_withdraw(inquiry.state, placed=has_placement(inquiry))
