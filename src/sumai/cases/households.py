"""Households: writes (versioned) and the eligibility read from ``sumai.domain`` (issue #16, items 2–3).

Every save keeps the household as it was in a :class:`HouseholdVersion` and bumps ``version``; a form sent
from an older version is refused (``Conflict``) and nothing is written. Eligibility is computed by
:func:`sumai.domain.eligibility.evaluate` on every view — no rule is implemented here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.audit.services import record_event
from sumai.cases import pseudonyms
from sumai.cases.actions import CasesAction
from sumai.cases.models import Consent, ConsultationRequest, Household, HouseholdMember, HouseholdVersion
from sumai.core.errors import Conflict
from sumai.domain import consent as domain_consent
from sumai.domain import consultation as domain_consultation
from sumai.domain import eligibility as domain
from sumai.domain import income as domain_income
from sumai.domain.errors import InputError
from sumai.domain.inputs import EARLIEST_DATE

MEMBER_FIELDS = (
    "name",
    "role",
    "birth_date",
    "age_stated",
    "disability",
    "certificate",
    "care_level",
    "salary_gross",
    "pension_gross",
    "other_income",
    "single_parent",
    "widow",
)
HOUSEHOLD_FIELDS = (
    "municipality",
    "address",
    "urgency",
    "deadline",
    "circumstances",
    "max_rent",
    "preferred_areas",
    "layout",
    "needs_lift",
    "barrier_free",
    "pets",
    "near",
    "languages",
    "interpreter",
    "emergency_contacts",
)
STATED_CIRCUMSTANCES = tuple(code for code, kind in domain.CIRCUMSTANCES.items() if not kind.requires_since)
"""The circumstances a caseworker ticks (those that need a date, such as a disaster's, come later)."""


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()}


def snapshot(household: Household) -> dict[str, Any]:
    """Every field of the household and its members, as JSON (a version's ``data``)."""
    data = _plain(model_to_dict(household, fields=HOUSEHOLD_FIELDS))
    data["members"] = [_plain(model_to_dict(m, fields=MEMBER_FIELDS)) for m in household.members.all()]
    return data


@transaction.atomic
def household_from_request(*, actor: Any, request: ConsultationRequest) -> Household:
    """Open a household record from a consultation request: the place, the ages (birth dates to be
    completed), the urgency and the deadline. The request's organisation holds it."""
    request = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
    if Household.objects.filter(request=request).exists():
        raise ValidationError(_("A household record was already opened from this request."))
    household = Household.objects.create(
        organisation_id=request.organisation_id,
        request=request,
        pseudonym=pseudonyms.stored(request.reference),  # one stored form, whatever the opener's language
        municipality_id=request.municipality_id,
        urgency=Household.Urgency.URGENT if request.urgent else Household.Urgency.NORMAL,
        deadline=request.leave_by,
        languages=str(dict(settings.LANGUAGES).get(request.language, "")),  # its name, never a code
        interpreter=request.interpreter,
        # DV and release from prison are circumstances of the law in the person's own words; a person
        # fleeing violence starts hidden (the caseworker may lift it)
        circumstances=list(domain_consultation.circumstances_stated(request.situations)),
        hidden=domain_consultation.opens_hidden(request.situations),
    )
    today = timezone.localdate()
    ages = [member.get("age") for member in request.members]
    for i, member in enumerate(request.members):
        HouseholdMember.objects.create(
            household=household,
            role=domain_consultation.stated_role(i, ages[i], ages[0] if ages else None, on=today),
            age_stated=member.get("age"),
            name=request.name if i == 0 else "",
        )
    record_event(
        actor=actor,
        action=CasesAction.HOUSEHOLD_CREATE,
        obj=household,
        organisation=household.organisation,
        after={"from_request": request.reference, "hidden": household.hidden},
    )
    return household


@transaction.atomic
def household_new(*, actor: Any, data: dict[str, Any]) -> Household:
    """A household record opened without a request (a referral partner's, a walk-in at the desk): the
    place, the urgency, whether it is hidden, and one applicant whose details the caseworker completes."""
    organisation = data["organisation"]
    municipality = data["municipality"]
    if municipality.prefecture_id != organisation.prefecture_id:
        raise ValidationError({"municipality": _("Choose a municipality of your organisation's prefecture.")})
    household = Household.objects.create(
        organisation=organisation,
        # a reference of the same form as a request's (H-7KQ4-MX2P, not H-435617), stored in one form
        pseudonym=pseudonyms.stored(domain_consultation.new_reference("H")),
        municipality=municipality,
        urgency=data.get("urgency") or Household.Urgency.NORMAL,
        hidden=bool(data.get("hidden")),
    )
    HouseholdMember.objects.create(household=household, role=HouseholdMember.Role.APPLICANT)
    record_event(
        actor=actor,
        action=CasesAction.HOUSEHOLD_CREATE,
        obj=household,
        organisation=organisation,
        after={"hidden": household.hidden},
    )
    return household


def category_labels(codes: list[str]) -> list[str]:
    """The names of consent categories, for people (never the codes)."""
    from sumai.cases.forms_household import CONSENT_CATEGORIES

    labels = dict(CONSENT_CATEGORIES)
    return [str(labels[c]) for c in codes if c in labels]


def _user(actor: Any) -> Any:
    """The person behind an actor (a view's ``Actor`` or a user), or None."""
    user = getattr(actor, "user", actor)
    return user if getattr(user, "is_authenticated", False) and getattr(user, "pk", None) else None


@transaction.atomic
def household_save(
    *, actor: Any, household: Household, data: dict[str, Any], members: list[dict[str, Any]], version: int
) -> Household:
    """Save the household and its members (a member dict with ``id`` edits it, with ``delete`` removes it,
    without ``id`` adds one). ``version`` is the version the form was made from."""
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if locked.version != version:
        raise Conflict(
            _(
                "Someone else saved this household while you were editing it. Your changes were not saved: "
                "reload the page and make them again."
            )
        )
    kept = [m for m in members if not m.get("delete")]
    if not kept:
        raise ValidationError(_("A household has at least one member."))
    if sum(1 for m in kept if m.get("role") == HouseholdMember.Role.APPLICANT) != 1:
        raise ValidationError({"members": _("Exactly one member is the applicant.")})
    today = timezone.localdate()
    for m in kept:
        problem = birth_date_problem(m.get("birth_date"), today)
        if problem:
            who = m.get("name") or _("A member")
            raise ValidationError({"members": f"{who}: {problem}"})
    HouseholdVersion.objects.create(
        household=locked, version=locked.version, data=snapshot(locked), saved_by=_user(actor)
    )
    for key in HOUSEHOLD_FIELDS:
        if key in data:
            setattr(locked, key, data[key])
    locked.version += 1
    locked.full_clean(exclude=["organisation", "request", "municipality"])
    locked.save()
    existing = {m.pk: m for m in locked.members.all()}
    for row in members:
        pk = row.get("id")
        member = existing.get(pk) if pk else None
        if pk and member is None:
            continue  # a member of another household: ignored
        if row.get("delete"):
            if member is not None:
                member.delete()
            continue
        member = member or HouseholdMember(household=locked)
        for key in MEMBER_FIELDS:
            if key in row:
                setattr(member, key, row[key] if row[key] is not None else getattr(member, key))
        member.full_clean(exclude=["household"])
        member.save()
    record_event(
        actor=actor,
        action=CasesAction.HOUSEHOLD_SAVE,
        obj=locked,
        organisation=locked.organisation,
        after={"version": locked.version},  # the content stays in the versions, not in the audit log
    )
    return locked


OLDEST_AGE = 130
"""A birth date earlier than this many years ago is taken as a typing error of the year."""


def birth_date_problem(born: date | None, today: date) -> str:
    """Why a birth date cannot be a member's (in words naming the field), or ``""``. The walk: a birth date in
    the future was saved, and the household page then showed the domain's ``members[0].birth_date: must not
    be after as_of``."""
    if born is None:
        return ""
    if born > today:
        return str(_("The birth date cannot be in the future."))
    if born.year < today.year - OLDEST_AGE or born < EARLIEST_DATE:
        return str(
            _("Check the year of the birth date: that would make the person over %(age)s.")
            % {"age": OLDEST_AGE}
        )
    return ""


# ------------------------------------------------------------------------------------------- eligibility
@dataclass(frozen=True)
class EligibilityView:
    """What the household page shows: the verdict, or what is missing to compute it. ``error`` is the
    domain's input error as it is (``members[0].birth_date: …``, for the API's machines); ``problem`` says
    the same to a person: which member, which field."""

    result: domain.Eligibility | None
    missing: tuple[str, ...] = ()
    error: str = ""
    as_of: date = field(default_factory=lambda: timezone.localdate())
    problem: str = ""


def eligibility(household: Household, *, as_of: date | None = None) -> EligibilityView:
    today = as_of or timezone.localdate()
    members = list(household.members.all())
    missing = tuple(str(m) for m in members if m.birth_date is None)
    if missing:
        return EligibilityView(None, missing=missing, as_of=today)
    facts = domain.HouseholdFacts(
        as_of=today,
        members=tuple(
            domain_income.Member(
                role=domain_income.Role(m.role),
                birth_date=m.birth_date,  # type: ignore[arg-type]
                salary_gross=m.salary_gross,
                pension_gross=m.pension_gross,
                other_income=m.other_income,
                disability=domain_income.Disability(m.disability) if m.disability else None,
                single_parent=m.single_parent,
                widow=m.widow,
            )
            for m in members
        ),
        circumstances=tuple(domain.Circumstance(code) for code in household.circumstances),
        municipality=household.municipality_id,
    )
    try:
        return EligibilityView(domain.evaluate(facts), as_of=today)
    except InputError as exc:
        return EligibilityView(None, error=str(exc), as_of=today, problem=input_problem(exc, members))


_MEMBER_PATH = re.compile(r"^members\[(\d+)\]\.(\w+)$")
_MONEY_FIELDS = frozenset({"salary_gross", "pension_gross", "other_income"})


def input_problem(exc: InputError, members: list[HouseholdMember]) -> str:
    """The domain's input error in words for the household page: which member (by name, else role and
    place in the list) and which field, never the domain's path or its English message."""
    found = _MEMBER_PATH.match(exc.field)
    if found is not None:
        index, name = int(found.group(1)), found.group(2)
        member = members[index] if index < len(members) else None
        who = _("member %(n)s") % {"n": index + 1} if member is None else _member_name(member, index)
        if name == "birth_date":
            if "after" in exc.message:
                return _("The birth date of %(who)s is in the future: correct it on the edit page.") % {
                    "who": who
                }
            return _("The birth date of %(who)s cannot be right: check its year on the edit page.") % {
                "who": who
            }
        if name in _MONEY_FIELDS:
            label = getattr(HouseholdMember._meta.get_field(name), "verbose_name", name)
            return _("The %(field)s of %(who)s cannot be right: check the amount on the edit page.") % {
                "field": label,
                "who": who,
            }
        if name == "role":
            return _("%(who)s is a second applicant: a household has exactly one.") % {"who": who}
        return _("Check the details of %(who)s on the edit page.") % {"who": who}
    if exc.field == "members":
        return str(_("No member is the applicant: mark one on the edit page."))
    if exc.field.startswith("circumstances"):
        return str(_("Check the household's circumstances on the edit page."))
    if exc.field == "municipality":
        return str(_("The household's municipality is not known to the rules."))
    return str(_("The rules in force on this day are not known yet."))


def _member_name(member: HouseholdMember, index: int) -> str:
    """A member as the page names them: their name, else their role and place (「申込者（1人目）」)."""
    if member.name:
        return member.name
    return _("%(role)s (member %(n)s)") % {"role": member.get_role_display(), "n": index + 1}


# ---------------------------------------------------------------------------------------------- consent
CONSENT_PROBLEMS = {
    "method": _("Choose how the consent was given."),
    "witness": _("A consent said aloud needs the name of its witness."),
    "categories": _("Choose among the listed categories."),
    "organisations": _("Choose at least one organisation."),
    "expires_on": _("The end date must be after the day it was given."),
    "given_on": _("A consent is recorded after it was given: the day cannot be in the future."),
}


@transaction.atomic
def consent_record(*, actor: Any, household: Household, data: dict[str, Any]) -> Consent:
    """Record a consent the household gave (only its holder may; the view checks that)."""
    organisations = list(data.get("organisations") or [])
    problems = domain_consent.check(
        method=str(data.get("method") or ""),
        witness=str(data.get("witness") or ""),
        categories=list(data.get("categories") or []),
        organisations=[o.pk for o in organisations],
        given_on=data["given_on"],
        expires_on=data.get("expires_on"),
        recorded_on=timezone.localdate(),
    )
    if problems:
        raise ValidationError({field: str(CONSENT_PROBLEMS[field]) for field in problems})
    consent = Consent.objects.create(
        household=household,
        purpose=data["purpose"],
        categories=sorted(set(data["categories"])),
        method=data["method"],
        witness=data.get("witness") or "",
        given_on=data["given_on"],
        expires_on=data.get("expires_on"),
        recorded_by=_user(actor),
    )
    consent.organisations.set(organisations)
    record_event(
        actor=actor,
        action=CasesAction.CONSENT_RECORD,
        obj=consent,
        organisation=household.organisation,
        after={"organisations": [o.pk for o in organisations], "categories": consent.categories},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent) -> Consent:
    """Withdrawal takes effect at once: from this moment no organisation sees through this consent."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        record_event(
            actor=actor,
            action=CasesAction.CONSENT_WITHDRAW,
            obj=consent,
            organisation=consent.household.organisation,
        )
    return consent


def consent_facts(household: Household) -> list[domain_consent.ConsentFacts]:
    return [c.facts() for c in household.consents.prefetch_related("organisations")]
