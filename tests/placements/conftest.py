"""Inquiries to landlords (issue #17, item 3): the household of tests/matching (two members of 76 and 74 in
Setagaya, older people on a low income, a disability of the applicant), its case at the Setagaya desk, a
consent for house hunting, the registered homes of tests/matching, the landlord with a member and an
authorised agent, the registration authority 130001 and another authority."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from sumai.accounts.models import Membership, Organisation, User
from sumai.cases.models import Consent
from sumai.core.access import Access, Grant
from sumai.core.actor import Actor
from sumai.placements import services_inquiries as services
from sumai.placements import services_placements as placement_services
from sumai.placements.models import LandlordInquiry, Placement
from sumai.registry.models import AgentAuthorisation, Unit
from tests.cases.conftest import area as area
from tests.factories import OrganisationFactory, UserFactory
from tests.matching.conftest import HOMES, build_homes
from tests.matching.conftest import World as MatchingWorld
from tests.matching.conftest import world as world

MEMBER_NAME = "秘密花子"


@dataclass
class Parties:
    w: MatchingWorld
    operator: Organisation
    landlord: User
    agent: Organisation
    agent_user: User
    authority: Organisation
    reviewer: User
    other_authority: Organisation
    other_reviewer: User
    other_landlord: User
    consent: Consent

    @property
    def case(self) -> Any:
        return self.w.case

    @property
    def unit(self) -> Unit:
        return self.w.units["ok_plain"]

    @property
    def caseworker(self) -> User:
        return self.w.staff


def member(org: Organisation, email: str, role: str = "staff") -> User:
    user = UserFactory(email=email)
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


def actor_for(user: User) -> Actor:
    grants = tuple(
        Grant(m.organisation_id, m.organisation.kind, m.role)
        for m in user.memberships.select_related("organisation")
    )
    return Actor(user=user, access=Access(is_authenticated=True, grants=grants))


@pytest.fixture
def parties(world: MatchingWorld) -> Parties:
    unit = world.units["ok_plain"]
    operator = unit.building.operator
    applicant = world.household.members.get(role="applicant")
    applicant.name = MEMBER_NAME
    applicant.disability = "ordinary"
    applicant.save()
    landlord = member(operator, "landlord@example.jp")
    agent = OrganisationFactory(kind="agent", name="テスト管理会社", prefecture_id="13")
    agent_user = member(agent, "agent@example.jp")
    AgentAuthorisation.objects.create(agent=agent, operator=operator)
    authority = Organisation.objects.filter(
        kind="authority", authority_code="130001"
    ).first() or OrganisationFactory(
        kind="authority", name="東京都", prefecture_id="13", authority_code="130001"
    )
    reviewer = member(authority, "reviewer@example.jp")
    other_authority = OrganisationFactory(
        kind="authority", name="北海道", prefecture_id="01", authority_code="010006"
    )
    other_reviewer = member(other_authority, "other.reviewer@example.jp")
    other_operator = OrganisationFactory(kind="operator", name="別の不動産", prefecture_id="13")
    other_landlord = member(other_operator, "other.landlord@example.jp")
    consent = Consent.objects.create(
        household=world.household,
        purpose="住まい探しのため家主へ照会すること",
        categories=[],
        method="signed_form",
        given_on=date(2026, 1, 1),
    )
    return Parties(
        world,
        operator,
        landlord,
        agent,
        agent_user,
        authority,
        reviewer,
        other_authority,
        other_reviewer,
        other_landlord,
        consent,
    )


ARRANGED = services.ArrangementsInput(
    rent_guarantee_kind="certified_guarantor",
    rent_guarantee="あんしん保証",
    watch_over_kind="support_corporation",
    watch_over="NPO法人 あおば",
    visits_per_month=2,
    daily_check=True,
    belongings_kind="support_corporation",
    belongings="NPO法人 あおば",
    emergency_kind="support_corporation",
    emergency="NPO法人 あおば",
    caseworker_organisation="世田谷区役所",
    caseworker_name="相談員 一郎",
    caseworker_phone="03-5432-1111",
)


def send(p: Parties, unit: Unit | None = None, **kwargs: Any) -> LandlordInquiry:
    from sumai.matching.selectors import household_needs

    groups = list(household_needs(p.w.household).groups)
    return services.inquiry_send(
        actor=actor_for(p.caseworker),
        case=p.case,
        unit=unit or p.unit,
        consent=kwargs.pop("consent", p.consent),
        arrangements=kwargs.pop("arrangements", ARRANGED),
        groups=kwargs.pop("groups", groups),
        message=kwargs.pop("message", "よろしくお願いします"),
    )


def today() -> date:
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _mail_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test's transaction never commits: send the e-mails when they are written."""
    monkeypatch.setattr("sumai.core.notifications.after_commit", lambda effect, **kw: effect())


# ------------------------------------------------------------------ placements (helpers of their tests)
__all__ = ["HOMES", "accepted_inquiry", "build_homes", "lease", "record", "record_moved_in"]


def lease(**changes: Any) -> placement_services.LeaseInput:
    today = timezone.localdate()
    base: dict[str, Any] = {
        "signed_on": today,
        "start_on": today,
        "move_in_on": today,
        "rent": 50_000,
        "common_fee": 3_000,
        "deposit": 50_000,
        "guarantee": "guarantee_company",
        "guarantor": "テスト保証株式会社",
        "guarantee_fee": 25_000,
        "local_programmes": frozenset({"rent_reduction", "guarantee_fee"}),
    }
    base.update(changes)
    return placement_services.LeaseInput(**base)


def record(world: MatchingWorld, unit_key: str = "ok_plain", **changes: Any) -> Placement:
    return placement_services.placement_record(
        actor=world.staff,
        case=world.case,
        unit=world.units[unit_key],
        data=lease(**changes),
        acknowledged=True,
    )


def record_moved_in(world: MatchingWorld, days_ago: int = 400, **changes: Any) -> Placement:
    """A placement whose household moved in ``days_ago`` days ago (the case opened before), so that its
    follow-ups are due (a follow-up is answered from its due day on: 400 days covers the 12 months)."""
    from datetime import timedelta

    from sumai.cases.models import Case

    day = timezone.localdate() - timedelta(days=days_ago)
    Case.objects.filter(pk=world.case.pk).update(opened_at=timezone.now() - timedelta(days=days_ago + 30))
    world.case.refresh_from_db()
    return record(world, **{"signed_on": day, "start_on": day, "move_in_on": day, **changes})


def accepted_inquiry(world: MatchingWorld, unit: Unit, reference: str = "INQ-0001") -> LandlordInquiry:
    return LandlordInquiry.objects.create(
        reference=reference,
        case=world.case,
        household=world.household,
        organisation=world.case.organisation,
        unit=unit,
        operator=unit.building.operator,
        state=LandlordInquiry.State.ACCEPTED,
        sent_at=timezone.now(),
        sent_on=date.today(),  # noqa: DTZ011 - a test date
    )


@pytest.fixture
def placed(world: MatchingWorld) -> Placement:
    return record(world)
