"""The matrix's world: two sides, "own" (Tokyo) and "other" (Hokkaido), each with one organisation of every
kind and the objects those organisations own. Actors are members of the "own" side's organisations only, so
everything of the "other" side belongs to another organisation (another landlord's building, a building in
another authority's jurisdiction, another corporation's record, another council…).

Built once per test module (see ``conftest.world``); every probe runs in a savepoint that is rolled back,
so a successful write never leaks into the next probe.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from sumai.accounts.models import ApiToken, Invitation, Membership, Organisation, SignupRequest, User
from sumai.cases.models import (
    Case,
    CaseEntry,
    Consent,
    ConsultationRequest,
    Desk,
    Household,
    HouseholdMember,
    Referral,
    Task,
)
from sumai.councils.models import Council, CouncilMember, GrantApplication, GrantProgramme, Meeting
from sumai.domain.consultation import new_reference
from sumai.registry.models import AgentAuthorisation, Attachment, Building, ImportJob, Registration, Unit
from sumai.support.models import AnnualFiling, ChangeNotice, Service, ServiceArea, SupportCorporation

KINDS: tuple[str, ...] = tuple(Organisation.Kind.values)
ROLES: tuple[str, ...] = tuple(Membership.Role.values)
SIDES = ("own", "other")
PDF = b"%PDF-1.4\n% matrix test document\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
GROUPS = ["low_income", "disaster_victim", "elderly", "disability", "child_raising", "foreign_national"]
PRIVATE = {"kitchen": "private", "toilet": "private", "bath": "private", "washbasin": "private"}
FACILITIES = {**PRIVATE, "storage": "private"}

# Where each side lives: prefecture, a municipality, the prefecture's registration authority (which is also
# the prefecture that designates support corporations, sumai.support.selectors.designating_prefectures).
PLACES = {
    "own": {
        "prefecture": "13",
        "municipality": "131121",
        "authority": "130001",
        "label": "東京",
        "neighbour": "131016",
    },
    "other": {
        "prefecture": "01",
        "municipality": "012033",
        "authority": "010006",
        "label": "北海道",
        "neighbour": "012025",
    },
}


def secret_for(label: str) -> str:
    return f"matrix-{label}-secret"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Side:
    name: str
    orgs: dict[str, Organisation] = field(default_factory=dict)
    victims: dict[str, Membership] = field(default_factory=dict)  # a removable viewer in every organisation
    invitations: dict[str, Invitation] = field(default_factory=dict)
    tokens: dict[str, ApiToken] = field(default_factory=dict)
    draft: Building | None = None  # the operator's draft building: one unit, the required documents
    registered: Building | None = None  # registered and in the public index, with a photo
    authorisation: AgentAuthorisation | None = None  # the operator authorised the agent of its side
    corporation: SupportCorporation | None = None  # the support corporation's record, designated
    notice: ChangeNotice | None = None
    filing: AnnualFiling | None = None
    council: Council | None = None
    council_member: CouncilMember | None = None
    private_meeting: Meeting | None = None  # minutes not public, with a PDF
    public_meeting: Meeting | None = None
    applications: dict[str, GrantApplication] = field(default_factory=dict)  # council / support corporation
    import_job: ImportJob | None = None
    consultation: ConsultationRequest | None = None  # routed to the side's municipality's desk
    household: Household | None = None  # held by the side's municipality, opened from the consultation
    consent: Consent | None = None  # names no organisation (only the holder sees the household)
    case: Case | None = None  # the household's case at the municipality, no caseworker
    task: Task | None = None  # an open task of the case
    document: CaseEntry | None = None  # a PDF on the case's timeline
    snapshot: Any = None  # a stored home match of the case (matching.MatchSnapshot)
    referral: Referral | None = None  # municipality → the side's support corporation, waiting; its consent
    # was withdrawn, so the corporation sees the referral but not the household

    @property
    def unit(self) -> Unit:
        assert self.draft is not None
        return self.draft.units.order_by("pk").first()  # type: ignore[return-value]

    @property
    def registered_unit(self) -> Unit:
        assert self.registered is not None
        return self.registered.units.order_by("pk").first()  # type: ignore[return-value]

    def attachment(self, kind: str = "pledge", *, registered: bool = False) -> Attachment:
        building = self.registered if registered else self.draft
        assert building is not None
        return Attachment.objects.get(registration__building=building, kind=kind)


@dataclass
class World:
    sides: dict[str, Side] = field(default_factory=dict)
    users: dict[tuple[str, str], User] = field(default_factory=dict)  # (kind, role) → member of own side
    superuser: User | None = None
    programme: GrantProgramme | None = None
    link_token: str = ""  # a signed vacancy link of the own side's registered building
    invitation_secrets: dict[str, str] = field(default_factory=dict)  # side → secret of its operator's invite
    signups: dict[str, SignupRequest] = field(default_factory=dict)  # "unverified" / "awaiting" (an agent's)

    @property
    def own(self) -> Side:
        return self.sides["own"]

    @property
    def other(self) -> Side:
        return self.sides["other"]

    def org(self, kind: str, side: str = "own") -> Organisation:
        return self.sides[side].orgs[kind]


# ------------------------------------------------------------------------------------------------ builders
def make_user(email: str, *, superuser: bool = False) -> User:
    from tests.factories import PASSWORD

    user = User(email=email, name=email.split("@")[0], is_superuser=superuser, is_staff=superuser)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_organisation(kind: str, side: str, n: int = 0) -> Organisation:
    place = PLACES[side]
    extra: dict[str, Any] = {"prefecture_id": place["prefecture"]}
    if kind in ("municipality", "support_corporation", "referral_partner"):
        extra["municipality_id"] = place["municipality"]
    if kind == "authority":
        extra["authority_code"] = place["authority"]
    if kind == "national":
        extra = {}
    suffix = f" {n}" if n else ""
    return Organisation.objects.create(kind=kind, name=f"{place['label']}の{kind}{suffix}", **extra)


def make_building(
    operator: Organisation,
    side: str,
    *,
    name: str,
    state: str = "draft",
    units: int = 1,
    number: str = "",
) -> Building:
    place = PLACES[side]
    building = Building.objects.create(
        operator=operator,
        name=name,
        municipality_id=place["municipality"],
        address=f"{place['label']} 1-2-3",
        authority_code=place["authority"],
        structure="rc",
        floors=3,
        building_type="apartment",
        construction_started=date(1995, 4, 1),
        lat=35.6464 if side == "own" else 43.19,
        lon=139.6532 if side == "own" else 140.99,
        contact_name="管理室",
        contact_phone="03-0000-0000",
    )
    registered = state == "registered"
    Registration.objects.create(
        building=building,
        authority_code=place["authority"],
        state=state,
        registration_number=number if registered else "",
        registered_on=date(2026, 1, 1) if registered else None,
        submitted_at=timezone.now() if state != "draft" else None,
    )
    for i in range(units):
        Unit.objects.create(
            building=building,
            number=f"{101 + i}",
            floor=1,
            floor_area_m2=Decimal("30"),
            layout="1K",
            rent=60000,
            accepted_groups=GROUPS,
            facilities=FACILITIES,
            status="registered" if registered else "draft",
            registration_number=number if registered else "",
            registered_on=date(2026, 1, 1) if registered else None,
            vacancy="vacant" if registered else "unknown",
            vacancy_confirmed_at=timezone.now() if registered else None,
        )
    for kind in ("floor_plan", "pledge"):
        attach(building, kind)
    return building


def attach(building: Building, kind: str, *, content: bytes = PDF, name: str = "") -> Attachment:
    name = name or f"{kind}.pdf"
    attachment = Attachment(
        registration=building.registration,
        kind=kind,
        original_name=name,
        content_type="image/png" if name.endswith(".png") else "application/pdf",
        size=len(content),
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def make_corporation(org: Organisation, side: str, *, state: str = "designated") -> SupportCorporation:
    place = PLACES[side]
    holds = state in ("designated", "suspended", "revoked", "abolished")
    corporation = SupportCorporation.objects.create(
        organisation=org,
        prefecture_id=place["prefecture"],
        legal_form="npo",
        state=state,
        designation_number=f"{place['prefecture']}-2025-{org.pk:03d}" if holds else "",
        designated_on=date(2025, 4, 1) if holds else None,
        representative="山田 太郎",
        address=f"{place['label']} 1-2-3",
        officers=[{"name": "山田 太郎", "title": "理事長"}],
        business_plan="相談と見守り",
        phone="03-1234-5678",
        submitted_at=timezone.now(),
    )
    for task in ("consultation", "living_support"):
        Service.objects.create(corporation=corporation, task=task)
    ServiceArea.objects.create(corporation=corporation, municipality_id=place["municipality"])
    return corporation


def make_council(org: Organisation) -> Council:
    council = Council.objects.create(
        organisation=org,
        level=Council.Level.PREFECTURAL,
        prefecture_id=org.prefecture_id,
        founded_on=date(2015, 4, 1),
        secretariat="住宅政策課",
        activities=["information_exchange", "consultation"],
    )
    return council


def make_meeting(council: Council, *, public: bool, title: str, minutes: str) -> Meeting:
    meeting = Meeting(
        council=council,
        held_on=date(2022, 6, 1) if public else date(2022, 9, 1),
        title=title,
        attendees=10,
        minutes=minutes,
        is_public=public,
        minutes_file_name="minutes.pdf",
    )
    meeting.minutes_file.save("minutes.pdf", ContentFile(PDF), save=False)
    meeting.save()
    return meeting


def make_application(
    programme: GrantProgramme, applicant: Organisation, *, state: str = "submitted"
) -> GrantApplication:
    return GrantApplication.objects.create(
        programme=programme,
        applicant=applicant,
        recipient_kind=applicant.kind,
        state=state,
        plan=f"{applicant.name}の相談窓口",
        amounts={"pre_move_in": 3_000_000},
        requested_total=3_000_000,
        cap=10_000_000,
        submitted_at=timezone.now() if state != "draft" else None,
    )


def make_side(world: World, side_name: str) -> Side:
    side = Side(side_name)
    label = PLACES[side_name]["label"]
    for kind in KINDS:
        org = make_organisation(kind, side_name)
        side.orgs[kind] = org
        if side_name == "own":
            for role in ROLES:
                user = make_user(f"{kind}.{role}@matrix.example.jp")
                Membership.objects.create(user=user, organisation=org, role=role)
                world.users[(kind, role)] = user
        else:
            admin = make_user(f"{kind}.admin.{side_name}@matrix.example.jp")
            Membership.objects.create(user=admin, organisation=org, role="admin")
        victim = make_user(f"{kind}.victim.{side_name}@matrix.example.jp")
        side.victims[kind] = Membership.objects.create(user=victim, organisation=org, role="viewer")
        side.invitations[kind] = Invitation.objects.create(
            organisation=org,
            email=f"invitee.{kind}.{side_name}@matrix.example.jp",
            role="staff",
            token_hash=sha256(secret_for(f"{kind}-{side_name}")),
            expires_at=timezone.now() + timedelta(days=14),
        )
        side.tokens[kind] = ApiToken.objects.create(
            organisation=org,
            name=f"{kind} token",
            prefix=f"smi_{kind[:3]}{side_name[:2]}",
            token_hash=sha256(f"token-{kind}-{side_name}"),
            scopes=["read"],
        )
    desk_org = side.orgs["municipality"]
    Desk.objects.create(organisation=desk_org, name=f"{label}の住まい相談窓口", phone="03-0000-0000")
    side.consultation = ConsultationRequest.objects.create(
        reference=new_reference(),
        municipality_id=PLACES[side_name]["municipality"],
        members=[{"age": 72}],
        situations=["refused"],
        help_wanted=["homes"],
        language="ja",
        contact_method="phone",
        phone="090-0000-0000",
        message=f"matrix-consultation-{side_name}",
        consent_at=timezone.now(),
        organisation=desk_org,
        route="municipal_desk",
    )
    side.household = Household.objects.create(
        organisation=desk_org,
        pseudonym=f"matrix-household-{side_name}",
        municipality_id=PLACES[side_name]["municipality"],
    )
    HouseholdMember.objects.create(household=side.household, role="applicant", birth_date=date(1950, 1, 1))
    side.consent = Consent.objects.create(
        household=side.household,
        purpose="matrix",
        categories=["income"],
        method="signed_form",
        given_on=date(2026, 1, 1),
    )
    side.case = Case.objects.create(household=side.household, organisation=desk_org)
    side.task = Task.objects.create(case=side.case, title=f"matrix-task-{side_name}", due=date(2026, 12, 1))
    from sumai.matching.models import MatchSnapshot

    side.snapshot = MatchSnapshot.objects.create(
        case=side.case,
        inputs={"municipality": PLACES[side_name]["municipality"], "groups": ["elderly"]},
        versions={"matching": "matching_2017.toml"},
        ranked=[],
        excluded={"matching.excluded.cost": 1},
    )
    side.document = CaseEntry(
        case=side.case, kind="document", file_name="doc.pdf", content_type="application/pdf"
    )
    side.document.file.save("doc.pdf", ContentFile(PDF), save=True)
    referral_consent = Consent.objects.create(
        household=side.household,
        purpose="matrix referral",
        categories=[],
        method="signed_form",
        given_on=date(2026, 1, 1),
        withdrawn_at=timezone.now(),
    )
    referral_consent.organisations.set([side.orgs["support_corporation"]])
    side.referral = Referral.objects.create(
        household=side.household,
        from_organisation=desk_org,
        to_organisation=side.orgs["support_corporation"],
        from_kind="municipality",
        consent=referral_consent,
        first_contact_due=date(2026, 12, 1),
    )
    operator, agent = side.orgs["operator"], side.orgs["agent"]
    side.authorisation = AgentAuthorisation.objects.create(agent=agent, operator=operator)
    side.draft = make_building(operator, side_name, name=f"{label}の下書き荘")
    number = f"{PLACES[side_name]['prefecture']}-2026-0001"
    side.registered = make_building(
        operator, side_name, name=f"{label}の登録済み荘", state="registered", number=number
    )
    attach(side.registered, "photo", content=PNG, name="room.png")
    side.import_job = ImportJob.objects.create(
        operator=operator, original_name=f"{label}.csv", status="queued", rows_total=10
    )
    side.import_job.file.save("import.csv", ContentFile(b"building_key\r\n"), save=True)
    corporation = make_corporation(side.orgs["support_corporation"], side_name)
    side.corporation = corporation
    side.notice = ChangeNotice.objects.create(
        corporation=corporation, summary=f"{label}の代表者交代", effective_on=date(2026, 1, 1)
    )
    side.filing = AnnualFiling.objects.create(
        corporation=corporation, kind="plan", fiscal_year=2025, text="計画", submitted_at=timezone.now()
    )
    council = make_council(side.orgs["council"])
    side.council = council
    side.council_member = CouncilMember.objects.create(
        council=council, kind="housing_department", name=f"{label} 住宅課"
    )
    side.public_meeting = make_meeting(council, public=True, title="総会", minutes=f"{label}の公開の議事")
    side.private_meeting = make_meeting(
        council, public=False, title="幹事会", minutes=f"{label}の非公開の議事"
    )
    assert world.programme is not None
    for kind in ("council", "support_corporation"):
        side.applications[kind] = make_application(world.programme, side.orgs[kind])
    return side


def make_world() -> World:
    from sumai.registry.vacancy import link_token
    from sumai.search.indexing import rebuild
    from sumai.search.opendata import take_snapshot

    world = World()
    today = timezone.localdate()
    world.programme = GrantProgramme.objects.create(
        fiscal_year=2022, opens_on=date(today.year - 1, 1, 1), closes_on=date(today.year + 1, 12, 31)
    )
    for side in SIDES:
        world.sides[side] = make_side(world, side)
    world.superuser = make_user("root@matrix.example.jp", superuser=True)
    for state, label in (("unverified", "unverified"), ("awaiting_approval", "awaiting")):
        world.signups[label] = SignupRequest.objects.create(
            kind="agent",
            state=state,
            email=f"signup.{label}@matrix.example.jp",
            person_name="申込 太郎",
            organisation_name=f"申込不動産{label}",
            prefecture_id="13",
            phone="03-1234-5678",
            licence_number="東京都知事(1)第12345号",
            password_hash="!",
            token_hash=sha256(secret_for(f"signup-{label}")),
            verify_by=timezone.now() + timedelta(hours=48),
        )
    rebuild()
    take_snapshot(on=today)
    assert world.own.registered is not None
    world.link_token = link_token(world.own.registered)
    return world
