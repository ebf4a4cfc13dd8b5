"""Writes of the inquiries to landlords (issue #17, item 3): send with a support package, the landlord's
answer (in Sumai or by the signed link), the caseworker's withdrawal, the daily expiry, refusal flags and
their resolution.

Every rule is ``sumai.domain.placement``: the state table (``inquiry_step``), the deadline (``answer_due``),
the decline reasons, the flag rule (``refusal_flag``) and the package (``household_types``,
``support_package``). This module decides only what the landlord may see (:func:`shared_view`: what the
household's consent allows) and moves things: one transaction per step, one audit event, e-mails after
commit. The registry's vacancy ("already let") and the case's timeline are written through their owners'
services (ADR 0013).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from sumai.accounts.models import Organisation, User
from sumai.audit.services import record_event
from sumai.cases import casework
from sumai.cases.models import Case, CaseEntry, Consent, Household
from sumai.core.actor import Actor
from sumai.core.errors import Conflict, NotAllowed
from sumai.core.models import Notification
from sumai.core.notifications import SUBJECT_PREFIX, absolute, notify, one_line, send_email
from sumai.core.roles import WRITERS
from sumai.domain import consent as domain_consent
from sumai.domain import params
from sumai.domain import placement as domain
from sumai.domain.consultation import new_reference
from sumai.domain.errors import InputError
from sumai.domain.statetable import TransitionError
from sumai.matching.models import MatchSnapshot
from sumai.placements import selectors_inquiries
from sumai.placements.actions_inquiries import InquiriesAction
from sumai.placements.models import LandlordAnswerRecord, LandlordInquiry, Placement, RefusalFlag
from sumai.registry import vacancy
from sumai.registry.models import Unit
from sumai.registry.selectors import operators_actable_by

logger = logging.getLogger(__name__)

SIGNER_SALT = "sumai.placements.inquiry"
LINK_GRACE_DAYS = 7
"""The answer link keeps working this many days after the answer deadline (a late answer is still an
answer while the inquiry is open; after that the inquiry is expired and the link says so)."""

Category = domain_consent.Category
GROUP_CATEGORY: dict[str, str] = {
    "disability": Category.HEALTH.value,
    "hansen_disease_sanatorium": Category.HEALTH.value,
    "atomic_bomb_survivor": Category.HEALTH.value,
    "war_wounded": Category.HEALTH.value,
    "dv_victim": Category.DV.value,
    "crime_victim": Category.DV.value,
    "child_abuse_victim": Category.DV.value,
    "leaving_correctional_facility": Category.CRIMINAL.value,
    "financial_hardship": Category.WELFARE.value,
    "low_income": Category.INCOME.value,
}
"""The priority groups that tell a sensitive category (要配慮個人情報): shared with the landlord only when the
consent covers the category (docs/placements.md, "Inquiries")."""
NEVER_SHARED = frozenset({"lgbt"})
"""Groups no consent category covers (sexual orientation): never shown to a landlord."""

PURPOSE_WORDS = (
    "照会",
    "家主",
    "大家",
    "貸主",
    "賃貸人",
    "不動産",
    "入居の申込",
    "住まい探し",
    "住宅探し",
    "部屋探し",
    "landlord",
    "inquir",
    "house hunting",
    "housing search",
)
"""Words of a consent's purpose that cover asking landlords about homes (docs/placements.md)."""

OPEN_STATES = tuple(str(s) for s in domain.OPEN_INQUIRY_STATES)
LANDLORD_ACTIONS = (
    domain.InquiryAction.OFFER_VIEWING,
    domain.InquiryAction.ACCEPT,
    domain.InquiryAction.DECLINE,
)


# ------------------------------------------------------------------------------------------ consent
def consent_covers(consent: Consent, *, operator_id: int, agent_ids: set[int], on: date) -> bool:
    """Whether ``consent`` lets Sumai share the household's profile with this landlord: in force on ``on``,
    and naming the landlord (or one of its agents) or given for a purpose that covers inquiries to landlords
    (:data:`PURPOSE_WORDS`)."""
    facts = consent.facts()
    if not facts.in_force(on):
        return False
    if operator_id in facts.organisations or agent_ids & set(facts.organisations):
        return True
    purpose = (consent.purpose or "").lower()
    return any(word.lower() in purpose for word in PURPOSE_WORDS)


def agent_ids_of(operator_id: int) -> set[int]:
    return selectors_inquiries.agent_ids_of(operator_id)


def covering_consents(household: Household, *, operator_id: int, on: date | None = None) -> list[Consent]:
    """The household's consents in force that cover an inquiry to this landlord, newest first."""
    today = on or timezone.localdate()
    agents = agent_ids_of(operator_id)
    return [
        c
        for c in household.consents.prefetch_related("organisations")
        if consent_covers(c, operator_id=operator_id, agent_ids=agents, on=today)
    ]


# ------------------------------------------------------------------------------------------ what is shared
def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def member_ages(household: Household, on: date) -> list[int | None]:
    out: list[int | None] = []
    for m in household.members.all():
        if m.birth_date is not None:
            out.append(_age(m.birth_date, on))
        else:
            out.append(m.age_stated)
    return out


def shareable_groups(groups: list[str] | tuple[str, ...], categories: set[str] | frozenset[str]) -> list[str]:
    """The groups a landlord may see under a consent covering ``categories``."""
    return [
        g
        for g in groups
        if g not in NEVER_SHARED and (g not in GROUP_CATEGORY or GROUP_CATEGORY[g] in categories)
    ]


def shared_view(
    *,
    household: Household,
    groups: list[str] | tuple[str, ...],
    categories: list[str] | tuple[str, ...] | set[str],
    on: date,
) -> dict[str, Any]:
    """What the landlord sees of the household: how many live in the home, their age bands (decades), the
    priority groups that tell no sensitive category the consent (its ``categories``) does not cover, and
    whether one adult raises the children alone. Never a name, an address, a contact, a circumstance or an
    income."""
    categories = set(categories or ())
    ages = member_ages(household, on)
    bands = sorted((min(a // 10 * 10, 90) for a in ages if a is not None), reverse=True)
    single_parent = any(m.single_parent for m in household.members.all())
    return {
        "members": len(ages),
        "age_bands": bands,
        "ages_unknown": sum(1 for a in ages if a is None),
        "groups": shareable_groups(list(groups), categories),
        "single_parent": single_parent and "child_raising" in groups,
        "categories": sorted(categories),
    }


def elderly_min_age(on: date) -> int:
    return int(params.load("priority_groups", on)["elderly"]["min_age"])


def household_profile(shared: dict[str, Any], *, household: Household, on: date) -> domain.HouseholdProfile:
    """The survey's view of the household, from what the landlord may see (its fears are the landlord's)."""
    ages = member_ages(household, on)
    old = elderly_min_age(on)
    return domain.HouseholdProfile(
        groups=frozenset(shared["groups"]),
        members=max(1, len(ages)),
        elderly_members=sum(1 for a in ages if a is not None and a >= old),
        single_parent=bool(shared.get("single_parent")),
    )


@dataclass(frozen=True)
class ArrangementsInput:
    """What the caseworker arranged (the form's cleaned data); blank provider: not arranged."""

    rent_guarantee_kind: str = ""
    rent_guarantee: str = ""
    watch_over_kind: str = ""
    watch_over: str = ""
    visits_per_month: int = 0
    daily_check: bool = False
    belongings_kind: str = ""
    belongings: str = ""
    emergency_kind: str = ""
    emergency: str = ""
    caseworker_organisation: str = ""
    caseworker_name: str = ""
    caseworker_phone: str = ""
    caseworker_email: str = ""
    languages: tuple[str, ...] = ()

    def arrangements(self) -> domain.Arrangements:
        def kind(value: str) -> Any:
            return value or domain.ProviderKind.OTHER.value

        return domain.Arrangements(
            rent_guarantee=domain.RentGuarantee(kind(self.rent_guarantee_kind), self.rent_guarantee)
            if self.rent_guarantee.strip()
            else None,
            watch_over=domain.WatchOver(
                kind(self.watch_over_kind), self.watch_over, self.visits_per_month, self.daily_check
            )
            if self.watch_over.strip()
            else None,
            belongings_after_death=domain.BelongingsAfterDeath(kind(self.belongings_kind), self.belongings)
            if self.belongings.strip()
            else None,
            emergency_contact=domain.EmergencyContact(kind(self.emergency_kind), self.emergency)
            if self.emergency.strip()
            else None,
            caseworker_contact=domain.CaseworkerContact(
                self.caseworker_organisation, self.caseworker_name, tuple(self.languages)
            )
            if self.caseworker_name.strip() or self.caseworker_organisation.strip()
            else None,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "rent_guarantee": {"kind": self.rent_guarantee_kind, "provider": self.rent_guarantee}
            if self.rent_guarantee.strip()
            else None,
            "watch_over": {
                "kind": self.watch_over_kind,
                "provider": self.watch_over,
                "visits_per_month": self.visits_per_month,
                "daily_check": self.daily_check,
            }
            if self.watch_over.strip()
            else None,
            "belongings_after_death": {"kind": self.belongings_kind, "provider": self.belongings}
            if self.belongings.strip()
            else None,
            "emergency_contact": {"kind": self.emergency_kind, "provider": self.emergency}
            if self.emergency.strip()
            else None,
            "caseworker": {
                "organisation": self.caseworker_organisation,
                "name": self.caseworker_name,
                "phone": self.caseworker_phone,
                "email": self.caseworker_email,
                "languages": list(self.languages),
            },
        }


FIELD_OF = {
    "rent_guarantee.provider": "rent_guarantee",
    "rent_guarantee.provider_kind": "rent_guarantee_kind",
    "watch_over.provider": "watch_over",
    "watch_over.provider_kind": "watch_over_kind",
    "watch_over.visits_per_month": "visits_per_month",
    "belongings_after_death.provider": "belongings",
    "belongings_after_death.provider_kind": "belongings_kind",
    "emergency_contact.provider": "emergency",
    "emergency_contact.provider_kind": "emergency_kind",
    "caseworker_contact.organisation": "caseworker_organisation",
    "caseworker_contact.name": "caseworker_name",
}


def package_for(
    *, shared: dict[str, Any], household: Household, arrangements: ArrangementsInput, on: date
) -> domain.SupportPackage:
    """The support package for the household as the landlord sees it; an unusable item is a
    ValidationError naming the form's field."""
    profile = household_profile(shared, household=household, on=on)
    try:
        types = domain.household_types(profile, on=on)
        return domain.support_package(types, arrangements.arrangements(), on=on)
    except InputError as exc:
        field = FIELD_OF.get(exc.field, exc.field.split(".")[0].split("[")[0])
        raise ValidationError(
            {field: _("Check this item of the support package: %(why)s") % {"why": exc.message}}
        ) from None


def package_json(package: domain.SupportPackage, arrangements: ArrangementsInput) -> dict[str, Any]:
    return {**package.as_dict(), "arrangements": arrangements.as_dict()}


# ------------------------------------------------------------------------------------------ links
def link_token(inquiry: LandlordInquiry) -> str:
    return signing.TimestampSigner(salt=SIGNER_SALT).sign(f"{inquiry.pk}:{inquiry.operator_id}")


def link_max_age(inquiry: LandlordInquiry) -> timedelta:
    """From sending to the end of the answer deadline, and :data:`LINK_GRACE_DAYS` more."""
    if inquiry.sent_at is None or inquiry.answer_due is None:
        return timedelta(0)
    sent_day = timezone.localdate(inquiry.sent_at)
    return timedelta(days=(inquiry.answer_due - sent_day).days + 1 + LINK_GRACE_DAYS)


class LinkInvalid(Exception):
    """The link was changed or cut short, or names an inquiry that is not this landlord's."""


class LinkExpired(LinkInvalid):
    """The link is genuine but too old."""


def inquiry_for_link(token: str) -> LandlordInquiry:
    signer = signing.TimestampSigner(salt=SIGNER_SALT)
    try:
        value = signer.unsign(token)
        inquiry_id, operator_id = (int(part) for part in value.split(":"))
    except (signing.BadSignature, ValueError) as exc:
        raise LinkInvalid(str(exc)) from exc
    inquiry = (
        LandlordInquiry.objects.select_related("unit__building__municipality", "operator", "organisation")
        .filter(pk=inquiry_id, operator_id=operator_id)
        .exclude(state=LandlordInquiry.State.DRAFT)
        .first()
    )
    if inquiry is None:
        raise LinkInvalid("no such inquiry for this landlord")
    try:
        signer.unsign(token, max_age=link_max_age(inquiry))
    except signing.SignatureExpired as exc:
        raise LinkExpired(str(exc)) from exc
    return inquiry


# ------------------------------------------------------------------------------------------ helpers
def _user(actor: Any) -> User | None:
    user = getattr(actor, "user", actor)
    return user if isinstance(user, User) and user.pk else None


def _principal(actor: Any) -> Any:
    """What the audit trail records: the user, or a principal such as the signed link."""
    return _user(actor) or (actor if isinstance(actor, vacancy.Principal) else None)


def _transition_message(exc: TransitionError) -> str:
    if exc.actor_not_allowed:
        return _("You may not do this with this inquiry.")
    return _("This inquiry has already been answered, withdrawn or closed, so this can no longer be done.")


def _locked(inquiry: LandlordInquiry, version: int | None) -> LandlordInquiry:
    locked = LandlordInquiry.objects.select_for_update().get(pk=inquiry.pk)
    if version is not None and locked.version != version:
        raise Conflict(
            _(
                "Someone else changed this inquiry while you were looking at it. Nothing was saved: reload "
                "the page."
            )
        )
    return locked


def _timeline(case: Case, text: str, *, actor: Actor | None = None) -> None:
    """A line on the case's timeline, written by the cases' own service: its author is the caseworker who
    acted (``actor``), or the system (the landlord's answer, the deadline)."""
    casework.entry_add(actor=_user(actor), case=case, kind=CaseEntry.Kind.NOTE, text=text[:4000])


def landlord_recipients(inquiry: LandlordInquiry) -> list[str]:
    """The landlord's admins and staff (and its address), and those of the agents it authorised
    (``selectors_inquiries.landlord_recipients``)."""
    return selectors_inquiries.landlord_recipients(inquiry.operator_id)


def unit_label(unit: Unit) -> str:
    return f"{unit.building.name} {unit.number}"


# ------------------------------------------------------------------------------------------ send
def why_no_inquiry(case: Case) -> str:
    """Why no landlord may be asked for the case's household (``domain.may_send``), in words: the case is
    closed, or the household is housed (its lease is signed, or it moved in and is followed up). Empty when
    an inquiry may be sent."""
    if domain.may_send(case.status):
        return ""
    if case.status == Case.Status.CLOSED:
        return _("The case is closed: reopen it before asking a landlord.")
    return _(
        "This household is housed: its lease is signed, so no landlord is asked for it any more. If the "
        "household does not move in or the tenancy ends, record it on the placement first: the case then "
        "looks for a home again."
    )


@transaction.atomic
def inquiry_send(
    *,
    actor: Actor,
    case: Case,
    unit: Unit,
    consent: Consent | None,
    arrangements: ArrangementsInput,
    groups: list[str] | tuple[str, ...],
    message: str = "",
    snapshot: MatchSnapshot | None = None,
) -> LandlordInquiry:
    """Send an inquiry about ``unit`` for the case's household to its landlord (and agents), with the
    support package and what the consent allows. Only a writer of the organisation that works the case and
    holds its household sends; a consent in force that covers the inquiry is required."""
    household = case.household
    if household.organisation_id != case.organisation_id or not actor.access.has(
        organisation_id=case.organisation_id, roles=WRITERS
    ):
        raise NotAllowed(_("Only a caseworker of the organisation that holds the household sends inquiries."))
    refused = why_no_inquiry(case)
    if refused:
        raise ValidationError(refused)
    if unit.status != Unit.Status.REGISTERED:
        raise ValidationError({"unit": _("This home is not registered: it cannot be asked about here.")})
    today = timezone.localdate()
    operator = unit.building.operator
    agents = agent_ids_of(operator.pk)
    if consent is None or consent.household_id != household.pk:
        raise ValidationError(
            {"consent": _("Record the household's consent to share its profile with landlords first.")}
        )
    if not consent_covers(consent, operator_id=operator.pk, agent_ids=agents, on=today):
        raise ValidationError(
            {"consent": _("This consent is not in force or does not cover asking landlords. Choose another.")}
        )
    if len(message) > 2000:
        raise ValidationError({"message": _("Write at most 2,000 characters.")})
    if LandlordInquiry.objects.filter(case=case, unit=unit, state__in=OPEN_STATES).exists():
        raise ValidationError({"unit": _("This home has already been asked about for this case.")})
    shared = shared_view(household=household, groups=groups, categories=consent.categories, on=today)
    package = package_for(shared=shared, household=household, arrangements=arrangements, on=today)
    step = domain.inquiry_step(
        domain.InquiryState.DRAFT,
        domain.InquiryAction.SEND,
        domain.InquiryActor.CASEWORKER,
        on=today,
        case_state=case.status,
    )
    now = timezone.now()
    reference = new_reference("Q")
    while LandlordInquiry.objects.filter(reference=reference).exists():  # pragma: no cover - 32⁷ codes
        reference = new_reference("Q")
    inquiry = LandlordInquiry.objects.create(
        reference=reference,
        case=case,
        household=household,
        organisation=case.organisation,
        unit=unit,
        operator=operator,
        snapshot=snapshot,
        consent=consent,
        shared=shared,
        package=package_json(package, arrangements),
        household_groups=list(groups),
        message=message.strip(),
        state=str(step.state),
        sent_by=_user(actor),
        sent_at=now,
        sent_on=today,
        answer_due=step.answer_due,
    )
    record_event(
        actor=_user(actor),
        action=InquiriesAction.INQUIRY_SEND,
        obj=inquiry,
        organisation=case.organisation,
        after={"unit": unit.pk, "operator": operator.pk, "answer_due": step.answer_due, "case": case.pk},
    )
    emailed = bool(landlord_recipients(inquiry))
    with override("ja"):  # the case's record is kept in Japanese, whoever's page language sent it
        line = _("Inquiry %(ref)s sent to the landlord of %(home)s; answer due %(due)s.") % {
            "ref": inquiry.reference,
            "home": unit_label(unit),
            "due": step.answer_due,
        }
        if not emailed:
            line += " " + _("The landlord has no e-mail address on Sumai and was not e-mailed.")
        _timeline(case, line, actor=actor)
    recount_landlord_records(operator_ids=[operator.pk])
    _notify_landlord(inquiry)
    return inquiry


def recount_landlord_records(*, operator_ids: Iterable[int] | None = None) -> int:
    """Count the landlords' answers again from their inquiries into :class:`LandlordAnswerRecord` (every
    landlord when ``operator_ids`` is None: the daily recount and the demo loader). Called in the same
    transaction as every change that moves a count (send, answer, withdraw). Returns the rows written."""
    counted = selectors_inquiries.count_landlord_records(operator_ids=operator_ids)
    now = timezone.now()
    stale = LandlordAnswerRecord.objects.all()
    if operator_ids is not None:
        stale = stale.filter(operator_id__in=list(operator_ids))
    stale.exclude(operator_id__in=list(counted)).delete()
    LandlordAnswerRecord.objects.bulk_create(
        [
            LandlordAnswerRecord(
                operator_id=op, asked=r.asked, answered=r.answered, accepted=r.accepted, counted_at=now
            )
            for op, r in counted.items()
        ],
        update_conflicts=True,
        unique_fields=["operator"],
        update_fields=["asked", "answered", "accepted", "counted_at"],
        batch_size=1000,
    )
    return len(counted)


def _notify_landlord(inquiry: LandlordInquiry) -> None:
    recipients = landlord_recipients(inquiry)
    link = reverse("placements:landlord_inquiry", kwargs={"pk": inquiry.pk})
    with override("ja"):
        message = _("A caseworker asks whether %(home)s can be let to a household (%(ref)s).") % {
            "home": unit_label(inquiry.unit),
            "ref": inquiry.reference,
        }
        notice = Notification.objects.create(organisation=inquiry.operator, message=message[:300], link=link)
        if not recipients:
            return
        body = render_to_string(
            "placements/inquiry_email_landlord.txt",
            {
                "inquiry": inquiry,
                "home": unit_label(inquiry.unit),
                "answer_link": absolute(
                    reverse("placements:inquiry_link", kwargs={"token": link_token(inquiry)})
                ),
                "page_link": absolute(link),
                **landlord_context(inquiry),
            },
        )
        subject = "[Sumai] " + _("Inquiry about %(home)s (%(ref)s)") % {
            "home": unit_label(inquiry.unit),
            "ref": inquiry.reference,
        }
    send_email(recipients, subject, body, notification=notice, secret=True)


def landlord_context(inquiry: LandlordInquiry) -> dict[str, Any]:
    """What the landlord's page and e-mail show: only ``shared`` and the package (with labels)."""
    return selectors_inquiries.landlord_view(inquiry)


# ------------------------------------------------------------------------------------------ answers
@dataclass(frozen=True)
class Answer:
    action: str
    reason: str = ""
    text: str = ""
    viewing: str = ""


def _check_answer(answer: Answer) -> None:
    if answer.action not in [str(a) for a in LANDLORD_ACTIONS]:
        raise ValidationError({"action": _("Choose to offer a viewing, accept or decline.")})
    if answer.action == domain.InquiryAction.OFFER_VIEWING and not answer.viewing.strip():
        raise ValidationError({"viewing": _("Say when the household may view the home.")})
    if len(answer.viewing) > 300:
        raise ValidationError({"viewing": _("Write at most 300 characters.")})
    if len(answer.text) > 2000:
        raise ValidationError({"text": _("Write at most 2,000 characters.")})


def may_answer(actor: Actor, inquiry: LandlordInquiry) -> bool:
    return operators_actable_by(actor.access, roles=WRITERS).filter(pk=inquiry.operator_id).exists()


def inquiry_answer(
    *,
    actor: Actor | vacancy.Principal,
    inquiry: LandlordInquiry,
    answer: Answer,
    version: int | None,
    via: str = LandlordInquiry.Channel.PLATFORM,
) -> LandlordInquiry:
    """The landlord's answer: a viewing offered, accepted, or declined with a coded reason. ``already_let``
    marks the unit occupied at once; a decline may raise a refusal flag. The caseworker is told."""
    if via in LandlordInquiry.RELAYED:
        raise ValueError(f"an answer {via} is recorded by the caseworker: inquiry_answer_record")
    if isinstance(actor, Actor) and not may_answer(actor, inquiry):
        raise NotAllowed(_("You may not answer for this landlord."))
    return _answer(actor=actor, inquiry=inquiry, answer=answer, version=version, via=via, relayed=None)


@dataclass(frozen=True)
class Relayed:
    """A landlord's answer given to the caseworker outside Sumai (the form's cleaned data): how (a channel
    of ``LandlordInquiry.RELAYED``), the day the landlord gave it, whom the caseworker spoke to (optional),
    and the caseworker's note (optional; never shown to the landlord)."""

    channel: str
    given_on: date | None
    spoke_to: str = ""
    note: str = ""


RELAYED_CHANNELS = [c for c in LandlordInquiry.Channel if c in LandlordInquiry.RELAYED]


def check_answer_day(given_on: date | None, *, sent_on: date | None, today: date | None = None) -> date:
    """The day the landlord gave an answer the caseworker records (``domain.check_answered_on``): given,
    not in the future, not before the inquiry was sent. ``ValidationError`` on ``given_on``."""
    today = today or timezone.localdate()
    if given_on is None:
        raise ValidationError({"given_on": _("Give the day the landlord answered.")})
    try:
        return domain.check_answered_on(given_on, sent_on=sent_on, on=today)
    except InputError as exc:
        if given_on > today:
            message = _("The day the landlord answered cannot be in the future (today is %(today)s).") % {
                "today": f"{today:%Y-%m-%d}"
            }
        elif sent_on is not None:
            message = _("The day the landlord answered cannot be before the inquiry was sent (%(day)s).") % {
                "day": f"{sent_on:%Y-%m-%d}"
            }
        else:  # pragma: no cover - a sent inquiry has its day
            message = exc.message
        raise ValidationError({"given_on": message}) from None


def _check_relayed(relayed: Relayed, *, sent_on: date | None, today: date) -> None:
    errors: dict[str, str] = {}
    if relayed.channel not in RELAYED_CHANNELS:
        errors["channel"] = _("Choose how the landlord answered: by phone, in person, by fax or another way.")
    if len(relayed.spoke_to) > 100:
        errors["spoke_to"] = _("Write at most 100 characters.")
    if len(relayed.note) > 2000:
        errors["note"] = _("Write at most 2,000 characters.")
    try:
        check_answer_day(relayed.given_on, sent_on=sent_on, today=today)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)


def may_record_answer(actor: Actor, inquiry: LandlordInquiry) -> bool:
    """Whether ``actor`` may record the landlord's answer given outside Sumai: a writer of the organisation
    that sent the inquiry (the one that may send and withdraw it)."""
    return actor.access.has(organisation_id=inquiry.organisation_id, roles=WRITERS)


def require_record_answer(actor: Actor, inquiry: LandlordInquiry) -> None:
    """:class:`NotAllowed` unless :func:`may_record_answer`."""
    if not may_record_answer(actor, inquiry):
        raise NotAllowed(
            _("Only a caseworker of the organisation that sent the inquiry records the landlord's answer.")
        )


def inquiry_answer_record(
    *, actor: Actor, inquiry: LandlordInquiry, answer: Answer, relayed: Relayed, version: int | None
) -> LandlordInquiry:
    """The caseworker records the answer the landlord gave outside Sumai — by phone, in person, by fax —
    for a landlord with no account or e-mail. The same landlord step as the landlord's own answer
    (``domain.inquiry_step``, on the day the landlord gave it) with every consequence: the state, the
    landlord's record, "already let" marks the home occupied, a decline may raise a refusal flag. The
    timeline line names the caseworker who recorded it and the channel; the case's caseworker is told
    unless they recorded it; the landlord is not e-mailed (it did not answer in Sumai)."""
    require_record_answer(actor, inquiry)
    return _answer(
        actor=actor, inquiry=inquiry, answer=answer, version=version, via=relayed.channel, relayed=relayed
    )


def _step_error(exc: InputError) -> ValidationError:
    field = {"reason": "reason", "reason_text": "text", "answered_on": "given_on"}.get(exc.field, "action")
    messages = {
        "reason": _("Choose the reason for declining."),
        "text": _("Say the reason in a few words (needed when the reason is other)."),
        "given_on": _("Check the day the landlord answered."),
        "action": _("Check the answer."),
    }
    return ValidationError({field: messages[field]})


def _answer(
    *,
    actor: Actor | vacancy.Principal,
    inquiry: LandlordInquiry,
    answer: Answer,
    version: int | None,
    via: str,
    relayed: Relayed | None,
) -> LandlordInquiry:
    """One landlord step, whoever enters it: the landlord (in Sumai, by the link, by its system) or the
    caseworker who took it outside Sumai (``relayed``)."""
    _check_answer(answer)
    today = timezone.localdate()
    if relayed is not None:
        _check_relayed(relayed, sent_on=inquiry.sent_on, today=today)
    with transaction.atomic():
        locked = _locked(inquiry, version)
        is_decline = answer.action == domain.InquiryAction.DECLINE
        try:
            step = domain.inquiry_step(
                locked.state,
                answer.action,
                domain.InquiryActor.LANDLORD,
                on=today,
                reason=(answer.reason or None) if is_decline else None,
                reason_text=answer.text if is_decline else "",
                sent_on=locked.sent_on,
                answered_on=relayed.given_on if relayed is not None else None,
            )
        except TransitionError as exc:
            raise ValidationError(_transition_message(exc)) from None
        except InputError as exc:
            raise _step_error(exc) from None
        before = {"state": locked.state, "version": locked.version}
        locked.state = str(step.state)
        locked.decline_reason = str(step.reason) if step.reason is not None else ""
        locked.answer_note = step.reason_text if is_decline else answer.text.strip()
        if answer.action == domain.InquiryAction.OFFER_VIEWING:
            locked.viewing_proposal = answer.viewing.strip()
        locked.answered_via = via
        locked.answered_by = _user(actor)
        locked.answered_at = timezone.now()
        locked.answered_on = step.answered_on
        if relayed is not None:
            locked.answer_contact = relayed.spoke_to.strip()
            locked.answer_record_note = relayed.note.strip()
        locked.version += 1
        locked.save()
        record_event(
            actor=_principal(actor),
            action=InquiriesAction.INQUIRY_ANSWER,
            obj=locked,
            organisation=locked.operator,
            before=before,
            after={
                "state": locked.state,
                "reason": locked.decline_reason,
                "via": via,
                "answered_on": step.answered_on,
                "effects": [str(e) for e in step.effects],
            },
        )
        recount_landlord_records(operator_ids=[locked.operator_id])
        if domain.Effect.MARK_UNIT_LET in step.effects:
            _mark_let(actor, locked)
        flag = None
        if domain.Effect.CHECK_REFUSAL_FLAG in step.effects:
            flag = _check_flag(locked, today, declined_on=step.answered_on or today)
        _tell_caseworker(locked, recorder=actor if relayed is not None else None)
        if flag is not None:
            _notify_authority(flag)
    return locked


def _mark_let(actor: Actor | vacancy.Principal, inquiry: LandlordInquiry) -> None:
    """The landlord says the home is let: its vacancy becomes occupied now, through the registry's
    ``mark_let`` (audited with ``via="inquiry"``; the member or the link as the actor)."""
    unit = Unit.objects.select_related("building__operator").get(pk=inquiry.unit_id)
    principal = actor.user if isinstance(actor, Actor) else actor
    vacancy.mark_let(principal=principal, unit=unit, via="inquiry")


def accepted_groups_of(unit: Unit) -> list[str]:
    """The registration's acceptance range as the flag rule reads it. The registry stores "every group" as
    the full list (a new unit's form starts with every group ticked; an empty list is refused by the
    standards, ``unit.acceptance.none``), so the list is passed as it is: an empty one accepts no group."""
    return list(unit.accepted_groups or [])


def package_status(inquiry: LandlordInquiry, reason: str) -> domain.AnswerStatus | None:
    """How the package the inquiry sent answered the fear behind ``reason``
    (``domain.package_fear_status``: answered, partly, not answered — from what was arranged, even for a
    fear the survey did not list for the household; None when the reason names no fear)."""
    made_on = inquiry.sent_on or timezone.localdate()
    return domain.package_fear_status(reason, inquiry.package or {}, on=made_on)


def _check_flag(inquiry: LandlordInquiry, today: date, *, declined_on: date) -> RefusalFlag | None:
    unit = Unit.objects.select_related("building__registration", "building").get(pk=inquiry.unit_id)
    seen = list((inquiry.shared or {}).get("groups", []))
    found = domain.refusal_flag(
        reason=inquiry.decline_reason,
        household_groups=seen,
        registered=unit.status == Unit.Status.REGISTERED,
        accepted_groups=accepted_groups_of(unit),
        declined_on=declined_on,
        package_status=package_status(inquiry, inquiry.decline_reason),
    )
    if found is None:
        return None
    registration = getattr(unit.building, "registration", None)
    authority_code = registration.authority_code if registration is not None else unit.building.authority_code
    flag = RefusalFlag.objects.create(
        inquiry=inquiry,
        authority_code=authority_code,
        municipality_id=unit.building.municipality_id,
        operator_id=inquiry.operator_id,
        reason=str(found.reason),
        groups=list(found.groups),
        accepted_groups=None if found.accepted_groups is None else list(found.accepted_groups),
        household_groups=list(found.household_groups),
        package_status=str(found.package_status or ""),
        raised_on=today,
    )
    record_event(
        actor=None,
        action=InquiriesAction.FLAG_RAISE,
        obj=flag,
        organisation=inquiry.operator,
        after={"inquiry": inquiry.pk, "authority": authority_code, "groups": list(found.groups)},
    )
    return flag


def _notify_authority(flag: RefusalFlag) -> None:
    link = reverse("placements:flag", kwargs={"pk": flag.pk})
    with override("ja"):
        message = _(
            "A registered landlord declined a household of a group its registration accepts (%(ref)s)."
        ) % {"ref": flag.inquiry.reference}
        for authority in Organisation.objects.filter(
            kind="authority", authority_code=flag.authority_code, is_active=True
        ):
            notify(authority, message, link)


def answer_words(inquiry: LandlordInquiry) -> str:
    """The answer in the words every page uses for the inquiry's state (お断り for a decline, as the case
    page, the landlord's pages and the statistics say it), with the reason of a decline."""
    if inquiry.state == LandlordInquiry.State.DECLINED:
        return _("%(state)s (%(reason)s)") % {
            "state": inquiry.get_state_display(),
            "reason": inquiry.get_decline_reason_display(),
        }
    return str(inquiry.get_state_display())


def caseworker_to_tell(case: Case) -> User | None:
    """The caseworker of the case who is told of the landlord's answer: assigned, active, with an address,
    and still a writer of the organisation that works the case (else nobody: the organisation is told)."""
    worker = case.caseworker
    if worker is None or not worker.is_active or not worker.email:
        return None
    if not worker.memberships.filter(organisation_id=case.organisation_id, role__in=WRITERS).exists():
        return None
    return worker


def _caseworker_body(worker: User, message: str, link: str) -> str:
    """The e-mail to the case's caseworker: whom it is for, what happened, where to open it, why it came
    (never a household's details: they stay behind the sign-in)."""
    return "\n".join(
        [
            _("Dear %(name)s,") % {"name": worker.name or worker.email},
            "",
            message,
            "",
            _("Open it in Sumai (you will be asked to sign in):"),
            absolute(link),
            "",
            _("Sumai sends this e-mail to the caseworker of the case. Replies to it are not read."),
        ]
    )


CHANNEL_WORDS = {
    LandlordInquiry.Channel.PHONE: gettext_lazy("by phone"),
    LandlordInquiry.Channel.IN_PERSON: gettext_lazy("in person"),
    LandlordInquiry.Channel.FAX: gettext_lazy("by fax"),
    LandlordInquiry.Channel.OTHER: gettext_lazy("another way"),
}
"""How the landlord gave an answer the caseworker recorded, in the words of the case's timeline."""


def _answer_message(inquiry: LandlordInquiry, recorder: Actor | vacancy.Principal | None) -> str:
    if recorder is None:
        return _("The landlord answered inquiry %(ref)s: %(answer)s.") % {
            "ref": inquiry.reference,
            "answer": answer_words(inquiry),
        }
    user = _user(recorder)
    return _(
        "The landlord answered inquiry %(ref)s %(how)s on %(day)s (recorded by %(caseworker)s): %(answer)s."
    ) % {
        "ref": inquiry.reference,
        "how": CHANNEL_WORDS.get(inquiry.answered_via, ""),  # type: ignore[call-overload]
        "day": f"{inquiry.answered_on:%Y-%m-%d}" if inquiry.answered_on else "—",
        "caseworker": (user.name or user.email) if user is not None else "—",
        "answer": answer_words(inquiry),
    }


def _tell_caseworker(inquiry: LandlordInquiry, *, recorder: Actor | vacancy.Principal | None = None) -> None:
    """The answer on the case's timeline, and an e-mail to the case's caseworker — to the organisation's
    admins and staff (with a dashboard notice) only when the case has no caseworker who can receive it.
    An answer a caseworker recorded (``recorder``: given by phone, in person, by fax) is written on the
    timeline as that caseworker, with the channel, whom they spoke to and their note; the case's caseworker
    is not e-mailed what they recorded themselves."""
    case = inquiry.case
    link = reverse("cases:case", kwargs={"pk": case.pk})
    with override("ja"):
        message = _answer_message(inquiry, recorder)
        line = message
        if inquiry.viewing_proposal and inquiry.state == LandlordInquiry.State.VIEWING_OFFERED:
            line += " " + _("Proposed viewing: %(when)s") % {"when": inquiry.viewing_proposal}
        if inquiry.answer_note:
            line += " " + _("Note: %(note)s") % {"note": inquiry.answer_note}
        if recorder is not None and inquiry.answer_contact:
            line += " " + _("Spoke to: %(who)s") % {"who": inquiry.answer_contact}
        if recorder is not None and inquiry.answer_record_note:
            line += " " + _("Caseworker's note: %(note)s") % {"note": inquiry.answer_record_note}
        _timeline(case, line, actor=recorder if isinstance(recorder, Actor) else None)
        worker = caseworker_to_tell(case)
        if worker is None:
            notify(inquiry.organisation, message, link)
        elif recorder is None or worker.pk != getattr(_user(recorder), "pk", None):
            send_email(
                [worker.email],
                f"{SUBJECT_PREFIX}{one_line(message, 80)}",
                _caseworker_body(worker, message, link),
            )


# ------------------------------------------------------------------------------------------ withdraw, expire
@transaction.atomic
def inquiry_withdraw(*, actor: Actor, inquiry: LandlordInquiry, version: int | None) -> LandlordInquiry:
    """The caseworker withdraws the inquiry (the household chose otherwise). An inquiry a placement was
    recorded from is part of that placement's record and is not withdrawn (``domain.inquiry_step``)."""
    if not actor.access.has(organisation_id=inquiry.organisation_id, roles=WRITERS):
        raise NotAllowed(_("Only a caseworker of the organisation that sent it withdraws an inquiry."))
    locked = _locked(inquiry, version)
    try:
        step = domain.inquiry_step(
            locked.state,
            domain.InquiryAction.WITHDRAW,
            domain.InquiryActor.CASEWORKER,
            on=timezone.localdate(),
            placed=Placement.objects.filter(inquiry_id=locked.pk).exists(),
        )
    except TransitionError as exc:
        raise ValidationError(_transition_message(exc)) from None
    except InputError:
        raise ValidationError(
            _(
                "Inquiry %(ref)s cannot be withdrawn: the household's placement in this home was recorded "
                "from it. If the tenancy has ended, record the end on the placement."
            )
            % {"ref": locked.reference}
        ) from None
    before = {"state": locked.state}
    locked.state = str(step.state)
    locked.version += 1
    locked.save(update_fields=["state", "version"])
    record_event(
        actor=_user(actor),
        action=InquiriesAction.INQUIRY_WITHDRAW,
        obj=locked,
        organisation=locked.organisation,
        before=before,
        after={"state": locked.state},
    )
    recount_landlord_records(operator_ids=[locked.operator_id])
    with override("ja"):
        _timeline(locked.case, _("Inquiry %(ref)s withdrawn.") % {"ref": locked.reference}, actor=actor)
    return locked


def expire_overdue(*, today: date | None = None) -> int:
    """Every open inquiry whose answer deadline has passed becomes expired (the system acts; one audit event
    and one timeline line each). Returns how many. Idempotent: an expired inquiry is not open."""
    today = today or timezone.localdate()
    count = 0
    ids = list(
        LandlordInquiry.objects.filter(state__in=OPEN_STATES, answer_due__lt=today).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        with transaction.atomic():
            locked = LandlordInquiry.objects.select_for_update().select_related("case").get(pk=pk)
            if locked.state not in OPEN_STATES or locked.sent_on is None:
                continue
            try:
                step = domain.inquiry_step(
                    locked.state,
                    domain.InquiryAction.EXPIRE,
                    domain.InquiryActor.SYSTEM,
                    on=today,
                    sent_on=locked.sent_on,
                )
            except (TransitionError, InputError):
                continue
            locked.state = str(step.state)
            locked.answered_via = LandlordInquiry.Channel.SYSTEM
            locked.version += 1
            locked.save(update_fields=["state", "answered_via", "version"])
            record_event(
                actor=None,
                action=InquiriesAction.INQUIRY_EXPIRE,
                obj=locked,
                organisation=locked.organisation,
                after={"state": locked.state, "answer_due": step.answer_due},
            )
            with override("ja"):
                _timeline(
                    locked.case,
                    _("Inquiry %(ref)s: the landlord did not answer by %(due)s.")
                    % {"ref": locked.reference, "due": locked.answer_due},
                )
            count += 1
    return count


# ------------------------------------------------------------------------------------------ flags
def check_resolution(resolution: str, note: str) -> None:
    """A resolution the authority may record (``domain.flag_resolution``): a known code and a note of what
    was done, at most 2,000 characters (for a registration struck off: when and by which decision).
    ``ValidationError`` by field."""
    if len(note or "") > 2000:
        raise ValidationError({"note": _("Write at most 2,000 characters.")})
    try:
        domain.flag_resolution(resolution, note)
    except InputError as exc:
        if exc.field != "note":
            raise ValidationError({"resolution": _("Choose how the flag was resolved.")}) from None
        if resolution == domain.FlagResolution.STRUCK_OFF:
            raise ValidationError(
                {
                    "note": _(
                        "Say when and by which decision the registration was struck off: this resolution "
                        "needs a note."
                    )
                }
            ) from None
        raise ValidationError(
            {
                "note": _(
                    "Say what the authority did (for example the advice given, to whom and when): every "
                    "resolution needs a note."
                )
            }
        ) from None


@transaction.atomic
def flag_resolve(
    *, actor: Actor, flag: RefusalFlag, resolution: str, note: str = "", version: int | None
) -> RefusalFlag:
    """The registration authority closes a flag with a coded resolution and a note."""
    codes = set(
        Organisation.objects.filter(
            pk__in=actor.access.organisation_ids(kinds=("authority",), roles=WRITERS)
        ).values_list("authority_code", flat=True)
    )
    if flag.authority_code not in codes:
        raise NotAllowed(_("Only a reviewer of the registration authority resolves its flags."))
    locked = RefusalFlag.objects.select_for_update().get(pk=flag.pk)
    if version is not None and locked.version != version:
        raise Conflict(
            _(
                "Someone else changed this flag while you were looking at it. Nothing was saved: reload "
                "the page."
            )
        )
    if locked.resolved_on is not None:
        raise ValidationError(_("This flag is already resolved."))
    check_resolution(resolution, note)
    locked.resolution = resolution
    locked.resolution_note = note.strip()
    locked.resolved_on = timezone.localdate()
    locked.resolved_by = _user(actor)
    locked.version += 1
    locked.save()
    record_event(
        actor=_user(actor),
        action=InquiriesAction.FLAG_RESOLVE,
        obj=locked,
        organisation=None,
        after={"resolution": resolution},
    )
    return locked
