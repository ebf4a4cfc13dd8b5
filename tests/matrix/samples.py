"""One sample for every URL name: how to build its kwargs for an object the asker owns and for another
organisation's object, which methods to probe with which body, and what the VIEW does once the permissions
table has let the request through. What the table itself decides is never written here: the test computes
it from ``rule_for(name).allows(access, kwargs)`` (see README.md).

Vocabulary
----------
side     "own": the object belongs to the asker's organisation (or, for org_id URLs, it IS the asker's own
         organisation, whatever its kind); "other": the same kind of object of an organisation of the other
         side (other landlord, other jurisdiction, other corporation, other council…); "mixed": the URL's
         parent is the asker's own but its child belongs to the other side (own org_id + another
         organisation's invitation): the classic nested-URL leak; "any": the URL names no object.
kwargs   ``(world, side, kind) -> dict``: ``kind`` is the asker's organisation kind (the sample's
         ``default_kind`` for anonymous and the superuser).
serves   ``(actor, side, method) -> None | int``: None when the view serves the request (the call's ``ok``
         status is expected), else the status the view answers with although the table allowed it
         (403/404, or 400 where the API validates the body first).
setup    runs inside the probe's savepoint before the request (state the call needs; rolled back after).
touches  models whose rows a refused write must leave exactly as they were (AuditEvent always checked).
hidden   ``(world, actor, side) -> [str]``: text that must not appear in a 200 answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sumai.accounts.models import ApiToken, Invitation, Membership, Organisation, SignupRequest, User
from sumai.audit.models import AuditEvent
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
from sumai.core.editlock import edit_token
from sumai.core.roles import HOUSEHOLD_HOLDING_KINDS
from sumai.councils import services as council_services
from sumai.councils.models import Council, CouncilMember, GrantApplication, GrantProgramme, Meeting
from sumai.matching.models import MatchSnapshot
from sumai.placements.models import FollowUp, Placement
from sumai.registry.fields import BUILDING, UNIT
from sumai.registry.models import (
    AgentAuthorisation,
    Attachment,
    Building,
    ImportJob,
    Inquiry,
    OperatorProfile,
    Registration,
    Unit,
)
from sumai.registry.services.landlords import PROFILE_FIELDS
from sumai.support import services as support_services
from sumai.support.models import AnnualFiling, ChangeNotice, Service, ServiceArea, SupportCorporation
from tests.factories import PASSWORD
from tests.matrix.world import GROUPS, KINDS, PDF, PLACES, ROLES, World, secret_for

Kwargs = Callable[[World, str, str], dict[str, Any]]
Body = Callable[[World, str, str], dict[str, Any]]


@dataclass(frozen=True)
class Actor:
    kind: str | None = None
    role: str | None = None
    superuser: bool = False

    @property
    def anonymous(self) -> bool:
        return self.kind is None and not self.superuser

    @property
    def label(self) -> str:
        if self.superuser:
            return "superuser"
        if self.kind is None:
            return "anonymous"
        return f"{self.kind}.{self.role}"

    def is_(self, *kinds: str, roles: tuple[str, ...] = ROLES) -> bool:
        return self.kind in kinds and self.role in roles


ACTORS: tuple[Actor, ...] = (
    Actor(),
    Actor(superuser=True),
    *(Actor(kind, role) for kind in KINDS for role in ROLES),
)
WRITERS = ("admin", "staff")


@dataclass(frozen=True)
class Call:
    method: str = "GET"
    ok: int = 200
    body: Body | None = None
    json: bool = False
    audits: bool = False  # a served call writes at least one AuditEvent (proves the body really worked)
    sides: tuple[str, ...] | None = None  # instead of the sample's (a body names the object, not the URL)


GET = Call()
GET_ANY = Call(sides=("any",))  # the page of a form whose POST body names own or other objects
GET_BACK = Call(ok=302)  # an address that only takes a form's POST sends a GET to the form's page


def POST(  # noqa: N802 - named for the HTTP method it samples
    ok: int = 302,
    body: Body | None = None,
    *,
    audits: bool = True,
    json: bool = False,
    sides: tuple[str, ...] | None = None,
) -> Call:
    return Call("POST", ok, body, json, audits, sides)


Serves = Callable[[Actor, str, str], int | None]


def CONFIRMED(w: World, s: str, k: str) -> dict[str, Any]:  # noqa: N802 - a body, like POST's
    """The body of a destructive action the user has confirmed (``core.views.needs_confirmation``)."""
    return {"confirmed": "yes"}


def everyone(actor: Actor, side: str, method: str) -> int | None:
    return None


@dataclass(frozen=True)
class Sample:
    name: str
    calls: tuple[Call, ...] = (GET,)
    kwargs: Kwargs = field(default=lambda w, s, k: {})
    sides: tuple[str, ...] = ("any",)
    serves: Serves = everyone
    query: Mapping[str, str] | Callable[[World, str], Mapping[str, str]] | None = None
    setup: Callable[[World], None] | None = None
    touches: tuple[type[models.Model], ...] = ()
    hidden: Callable[[World, Actor, str], list[str]] | None = None
    # text a served 200 must contain (so that a page showing nothing cannot pass the hidden check)
    shows: Callable[[World, Actor, str], list[str]] | None = None
    default_kind: str = "operator"
    # actor kinds ("*": all) to whom the view rightly serves another organisation's object; anyone else
    # getting a 2xx for "other"/"mixed" fails the probe, whatever ``serves`` says
    shared_with: tuple[str, ...] = ()
    page: str = "detail"  # "list" pages get an N+1 check (test_nplus1.py); "file": streamed or binary

    @property
    def api(self) -> bool:
        return self.name.startswith("api:")


# ------------------------------------------------------------------------------------------------ helpers
def parent(side: str) -> str:
    """The side of a nested URL's parent (the organisation in the URL): own for "mixed"."""
    return "own" if side == "mixed" else side


def child(side: str) -> str:
    """The side of a nested URL's child object: other for "mixed"."""
    return "other" if side == "mixed" else side


def members(
    *kinds: str,
    write: tuple[str, ...] = ROLES,
    superuser: int | None = 404,
    denied: int = 404,
    role_denied: int = 403,
) -> Serves:
    """The view serves members of ``kinds`` on their own side's objects; other sides are ``denied``; a
    write (not GET) by a role outside ``write`` gets ``role_denied``. The superuser gets ``superuser``
    (None: served) — most scoping selectors ignore is_superuser."""

    def serves(actor: Actor, side: str, method: str) -> int | None:
        if actor.superuser:
            return superuser
        if side not in ("own", "any") or actor.kind not in kinds:
            return denied
        if method != "GET" and actor.role not in write:
            return role_denied
        return None

    return serves


def own_org_of_kind(kind: str, *, write: tuple[str, ...] = ROLES, role_denied: int = 403) -> Serves:
    """org_id URLs of one kind of organisation: the asker's own organisation id reaches the view (the rule
    checks membership), which answers 404 unless the organisation is of ``kind``; the superuser is served."""

    def serves(actor: Actor, side: str, method: str) -> int | None:
        if actor.superuser:
            return None
        if actor.kind != kind or side != "own":
            return 404
        if method != "GET" and actor.role not in write:
            return role_denied
        return None

    return serves


def file(name: str, content: bytes = PDF, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def registration_states(**states: str) -> Callable[[World], None]:
    """Setup: put the own/other sides' draft (``draft_own=…``) or registered buildings in a state."""

    def setup(world: World) -> None:
        for key, state in states.items():
            which, side = key.split("_")
            building = getattr(world.sides[side], which)
            Registration.objects.filter(building=building).update(state=state)

    return setup


def corporation_states(**states: str) -> Callable[[World], None]:
    def setup(world: World) -> None:
        for side, state in states.items():
            corp = world.sides[side].corporation
            assert corp is not None
            SupportCorporation.objects.filter(pk=corp.pk).update(state=state)

    return setup


def application_states(**states: str) -> Callable[[World], None]:
    def setup(world: World) -> None:
        for side, state in states.items():
            for application in world.sides[side].applications.values():
                GrantApplication.objects.filter(pk=application.pk).update(state=state)

    return setup


def both(*setups: Callable[[World], None]) -> Callable[[World], None]:
    def setup(world: World) -> None:
        for s in setups:
            s(world)

    return setup


def other_names(*attrs: str) -> Callable[[World, Actor, str], list[str]]:
    """hidden: the names of the other side's buildings — no asker of the own side may see them."""

    def hidden(world: World, actor: Actor, side: str) -> list[str]:
        return [getattr(world.other, a).name for a in attrs]

    return hidden


def unregistered(world: World, actor: Actor, side: str) -> list[str]:
    """hidden of the public search and open data: buildings not registered (the own one is in the area
    searched)."""
    return [world.own.draft.name, world.other.draft.name]  # type: ignore[union-attr]


def _one_applicant(world: World) -> None:
    """Setup of the public directory and open data: the other side's corporation is only an applicant."""
    corporation_states(other="submitted")(world)


def applicant(world: World, actor: Actor, side: str) -> list[str]:
    """hidden: the name of a corporation that applied but is not designated."""
    return [world.org("support_corporation", "other").name]


def application_of(world: World, side: str, kind: str) -> GrantApplication:
    """The grant application an asker of ``kind`` owns (councils and corporations apply; for the others, the
    council's application stands for "own")."""
    applications = world.sides[side].applications
    return applications.get(kind, applications["council"])


def version_of(model: type[models.Model], pk: int) -> int:
    return int(model.objects.filter(pk=pk).values_list("version", flat=True).get())  # type: ignore[attr-defined]


def unit_body(number: str, area: str = "30") -> dict[str, Any]:
    return {
        "number": number,
        "floor": "1",
        "floor_area_m2": area,
        "layout": "1K",
        "rent": "58000",
        "common_fee": "2000",
        "deposit": "0",
        "key_money": "0",
        "accepted_groups": GROUPS,
        "kitchen": "private",
        "toilet": "private",
        "bath": "private",
        "washbasin": "private",
        "storage": "private",
        "guarantor_required": "",
        "included": "on",
    }


def building_body(side: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": "ひまわり荘",
        "postal_code": "",
        "municipality_code": PLACES[side]["municipality"],
        "address": "1-1-1",
        "structure": "wood",
        "floors": "2",
        "building_type": "apartment",
        "construction_started": "1990-04-01",
        "seismic_evidence": "start_date_proof",
        "management": "self",
        "manager_name": "",
        "contact_name": "山田",
        "contact_phone": "03-0000-0000",
        **extra,
    }


def import_csv(side: str) -> bytes:
    from sumai.registry.exports import HEADER
    from sumai.registry.imports import COLUMNS

    row = {
        "building_key": "K1",
        "building_name": "一括ハイツ",
        "municipality_code": PLACES[side]["municipality"],
        "address": "1-2-3",
        "structure": "木造",
        "floors": "2",
        "building_type": "apartment",
        "construction_started": "2001/04/01",
        "unit_number": "101",
        "floor": "1",
        "floor_area_m2": "25.5",
        "layout": "1K",
        "rent": "60000",
        "common_fee": "0",
        "deposit": "0",
        "key_money": "0",
        "kitchen": "専用",
        "toilet": "専用",
        "bath": "専用",
        "washbasin": "専用",
        "storage": "専用",
        "accepted_groups": ";".join(GROUPS[:5]),
        "dedicated": "0",
        "barrier_free": "0",
        "pets_allowed": "0",
        "guarantor_required": "0",
    }
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerow([row.get(code, "") for code, *_rest in COLUMNS])
    return out.getvalue().encode()


def move_programme_away(world: World) -> None:
    """Setup of programme_new: FY2022 is the only year with parameters, and the world already has it."""
    GrantProgramme.objects.filter(fiscal_year=2022).update(fiscal_year=2021)


def _desk_own(actor: Actor, side: str, method: str) -> int | None:
    """The side's municipality holds the household and works its case; everyone else gets 404."""
    return None if actor.kind == "municipality" and side == "own" else 404


def _close_cases(world: World) -> None:
    from django.utils import timezone

    Case.objects.update(status="closed", close_reason="other", closed_at=timezone.now())


def _accept_referrals(world: World) -> None:
    Referral.objects.update(state="accepted")


def _consent_to_councils(world: World) -> None:
    for side in ("own", "other"):
        household = world.sides[side].household
        consent = Consent.objects.create(
            household=household,
            purpose="移管",
            categories=[],
            method="signed_form",
            given_on=date(2026, 1, 1),
        )
        consent.organisations.set([world.org("council", side)])


def audit_trail(world: World) -> None:
    """Setup of the history page: one event about each side's operator organisation."""
    for side in ("own", "other"):
        org = world.org("operator", side)
        AuditEvent.objects.create(
            action="matrix.event",
            object_type="accounts.organisation",
            object_id=str(org.pk),
            object_label=f"matrix-event-{side}",
            organisation=org,
        )


# ---------------------------------------------------------------------------------------------- samples
REGISTRY = ("operator", "agent")
REGISTRY_TOUCHES = (Building, Unit, Registration, Attachment)


def _token(model: type[models.Model], pk: int, fields: Any) -> str:
    """The edit token a browser would send: of the record as stored now (sumai.core.editlock)."""
    found = model._default_manager.filter(pk=pk).first()
    return edit_token(found, fields) if found is not None else ""


def _profile_token(org: Any) -> str:
    profile = OperatorProfile.objects.filter(organisation=org).first()
    return edit_token(profile, PROFILE_FIELDS) if profile is not None else ""


def _corp_token(org: Any, token: Callable[[SupportCorporation], str]) -> str:
    corporation = SupportCorporation.objects.filter(organisation=org).first()
    return token(corporation) if corporation is not None else ""


def _building(attr: str = "draft") -> Kwargs:
    return lambda w, s, k: {"pk": getattr(w.sides[s], attr).pk}


def _registration(attr: str = "draft") -> Kwargs:
    return lambda w, s, k: {"pk": getattr(w.sides[s], attr).registration.pk}


def _unit_kwargs(w: World, s: str, k: str) -> dict[str, Any]:
    return {"pk": w.sides[parent(s)].draft.pk, "unit_id": w.sides[child(s)].unit.pk}  # type: ignore[union-attr]


def _attachment_kwargs(w: World, s: str, k: str) -> dict[str, Any]:
    return {"pk": w.sides[parent(s)].draft.pk, "attachment_id": w.sides[child(s)].attachment("other").pk}  # type: ignore[union-attr]


def _with_other_attachment(world: World) -> None:
    from tests.matrix.world import attach

    for side in ("own", "other"):
        attach(world.sides[side].draft, "other")  # type: ignore[arg-type]


def _registry_write(serves_roles: tuple[str, ...] = WRITERS) -> Serves:
    return members(*REGISTRY, write=serves_roles)


def _reviewer(*, write: bool) -> Serves:
    return members("authority", write=WRITERS if write else ROLES)


def _corp_page(method_roles: tuple[str, ...] = WRITERS) -> Serves:
    return own_org_of_kind("support_corporation", write=method_roles)


def _application_step(actor: Actor, side: str, method: str) -> int | None:
    """support:application_step checks the write permission (403) before the organisation's kind (404)."""
    if actor.superuser:
        return None
    if actor.kind != "support_corporation" or side != "own":
        return 403
    return None


def _council_edit(actor: Actor, side: str, method: str) -> int | None:
    if actor.superuser:
        return None
    if actor.kind != "council" or side != "own":
        return 404
    return None


def _grant_application(*, decider: bool, write: bool = False) -> Serves:
    """councils:application*: applicants see their own organisation's applications, the ministry sees all;
    the superuser is a decider."""

    def serves(actor: Actor, side: str, method: str) -> int | None:
        if actor.superuser:
            return None
        if actor.kind == "national" and decider:
            return None
        if actor.kind in ("council", "support_corporation") and side == "own":
            if write and actor.role not in WRITERS:
                return 403
            return None
        return 404

    return serves


def _meeting_file(actor: Actor, side: str, method: str) -> int | None:
    """Private minutes: the council's own members (any role) and the superuser."""
    if actor.superuser or (actor.kind == "council" and side == "own"):
        return None
    return 404


def _private_minutes(world: World, actor: Actor, side: str) -> list[str]:
    council = world.sides[side].private_meeting
    assert council is not None
    if actor.superuser or (actor.kind == "council" and side == "own"):
        return []
    return [council.minutes]


def _sees_events(actor: Actor, side: str) -> bool:
    """audit:history of an operator organisation: its own admins and staff, and the superuser."""
    return actor.superuser or (side == "own" and actor.kind == "operator")


def _grants_hidden(world: World, actor: Actor, side: str) -> list[str]:
    if actor.superuser or actor.kind == "national":
        return []
    return [a.plan for a in world.other.applications.values()]


def _login_page(actor: Actor, side: str, method: str) -> int | None:
    return None if actor.anonymous else 302  # redirect_authenticated_user


def has_second_factor(actor: Actor) -> bool:
    """The matrix's platform staff and members of household-holding organisations log in with an
    authenticator (a verified session, tests/matrix/conftest.py); the others have none."""
    return actor.superuser or actor.kind in HOUSEHOLD_HOLDING_KINDS


def _otp_enrol(actor: Actor, side: str, method: str) -> int | None:
    """Enrolment: who has an authenticator is sent to their 2FA page; the others may set one up (a forged
    secret is refused with the form)."""
    return 302 if has_second_factor(actor) else None


def _otp_enrolled(actor: Actor, side: str, method: str) -> int | None:
    """New recovery codes, removal: who has no authenticator is sent back to the 2FA page."""
    return None if has_second_factor(actor) else 302


def _inbox_setup(world: World) -> None:
    registration_states(draft_own="submitted", draft_other="submitted")(world)


def _corp_inbox_setup(world: World) -> None:
    corporation_states(own="submitted", other="submitted")(world)


def _api_unit_denied(actor: Actor, side: str, method: str) -> int | None:
    """api:registry-unit-detail: another landlord's unit is 404; a viewer may read, not PATCH: the API's
    WriteAccess answers 403 before the unit is looked up."""
    if actor.superuser:
        return 404
    if method == "PATCH" and actor.kind in REGISTRY and actor.role not in WRITERS:
        return 403
    if side != "own" or actor.kind not in REGISTRY:
        return 404
    return None


def _api_unit_list(actor: Actor, side: str, method: str) -> int | None:
    """api:registry-unit-list: GET lists the asker's units (empty for the superuser); POST into another
    landlord's building is refused by validation (400, "building": not among yours); viewers 403."""
    if method == "GET":
        return None
    if actor.superuser:
        return 400
    if actor.kind in REGISTRY and actor.role not in WRITERS:
        return 403
    if side != "own":
        return 400
    return None


def _api_vacancy(actor: Actor, side: str, method: str) -> int | None:
    """api:registry-vacancy: units of other landlords are named in a 400 and nothing is written."""
    if actor.superuser or side != "own":
        return 400
    return None


def _import(actor: Actor, side: str, method: str) -> int | None:
    """registry:import answers 403 itself to askers who act for no landlord (the superuser); a POST naming
    another landlord is an invalid form (400)."""
    if actor.superuser:
        return 403
    if method == "POST" and side != "own":
        return 400
    return None


def _building_new(actor: Actor, side: str, method: str) -> int | None:
    if actor.superuser:
        return 403  # acts for no landlord: PermissionDenied in the view
    if method == "POST" and side != "own":
        return 400  # another landlord is not a choice of the form
    return None


def _application_new(actor: Actor, side: str, method: str) -> int | None:
    if actor.superuser:
        return 403  # applies for no organisation
    if method == "POST" and side != "own":
        return 400
    return None


def _operator_page(actor: Actor, side: str, method: str) -> int | None:
    if actor.superuser:
        return None
    if actor.kind != "operator" or side != "own":
        return 404
    if method == "POST" and actor.role not in WRITERS:
        return 403
    return None


def _agent_revoke(actor: Actor, side: str, method: str) -> int | None:
    if actor.superuser and side != "mixed":
        return None
    if actor.kind != "operator" or side != "own":
        return 404
    return None


SIGNUP_BODY = {
    "kind": "operator",
    "organisation_name": "新規 家主",
    "prefecture": "13",
    "person_name": "新規 花子",
    "email": "new.landlord@matrix.example.jp",
    "phone": "03-1234-5678",
    "password1": "A-long-password-for-matrix-1",
    "password2": "A-long-password-for-matrix-1",
    "agree": "on",
}


def _organisation_edit(org: Organisation) -> dict[str, Any]:
    from sumai.accounts.platform import ORGANISATION_FIELDS

    org.refresh_from_db()
    return {
        "kind": org.kind,
        "name": org.name + "（改）",
        "prefecture": org.prefecture_id or "",
        "licence_number": "東京都知事(2)第222号",
        "edit_token": edit_token(org, ORGANISATION_FIELDS),
    }


ASK_BODY = {
    "prefecture": "13",
    "municipality": "131121",
    "lives_there": "yes",
    "ages": "72",
    "situations": ["refused"],
    "help_wanted": ["homes"],
    "contact_method": "phone",
    "phone": "090-1234-5678",
    "consent": "on",
}


def _household_edit(household: Household) -> dict[str, Any]:
    household.refresh_from_db()
    member = household.members.get()
    return {
        "version": str(household.version),
        "urgency": "urgent",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "1",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "12",
        "members-0-id": str(member.pk),
        "members-0-role": "applicant",
        "members-0-birth_date": "1950-01-01",
        "members-0-salary_gross": "0",
        "members-0-pension_gross": "0",
        "members-0-other_income": "0",
    }


def case_of(world: World, side: str) -> Case:
    """The open case of the side's household at its holder (made when first asked; idempotent)."""
    household = world.sides[side].household
    assert household is not None
    found = Case.objects.filter(household=household, organisation_id=household.organisation_id).first()
    return found or Case.objects.create(household=household, organisation_id=household.organisation_id)


def _cases(world: World) -> None:
    for side in ("own", "other"):
        case_of(world, side)


def _holder_own(actor: Actor, side: str, method: str) -> int | None:
    """The households and cases API: the own side's household and case are its municipality's; every other
    asker the table lets in (other holding kinds, the superuser) gets 404, never 403."""
    return None if actor.kind == "municipality" and side == "own" else 404


# ------------------------------------------------------------------------------------------ placements
def _placement(world: World, side: str) -> Any:
    """The side's case's placement in its registered home (made on first use: the matrix's world has none;
    the probe's savepoint rolls it back), with its 1-month follow-up."""
    case = world.sides[side].case
    found = Placement.objects.filter(case=case).first()
    if found is not None:
        return found
    unit = world.sides[side].registered_unit
    today = timezone.localdate()
    found = Placement.objects.create(
        case=case,
        household=case.household,
        organisation=case.organisation,
        unit=unit,
        municipality_id=unit.building.municipality_id,
        signed_on=today,
        start_on=today,
        move_in_on=today,
        rent=unit.rent,
        guarantee="none",
        first_consultation_on=today,
    )
    # due today: a follow-up is answered from its due day on (domain.follow_up_opens_on)
    FollowUp.objects.create(placement=found, months=1, due=today)
    return found


def _placement_body(world: World, side: str, kind: str) -> dict[str, Any]:
    unit = world.sides[side].registered_unit
    today = timezone.localdate().isoformat()
    return {
        "unit": str(unit.pk),
        "signed_on": today,
        "start_on": today,
        "move_in_on": today,
        "rent": str(unit.rent),
        "guarantee": "none",
    }


SAMPLES: list[Sample] = [
    # ------------------------------------------------------------------------------------------------ web
    Sample("web:home"),
    Sample("web:about"),
    Sample("web:dashboard"),
    Sample("web:healthz"),
    Sample("web:readyz"),
    # a 404 unless SUMAI_METRICS_TOKEN or SUMAI_METRICS_NETWORKS is set (tests/ops/test_metrics.py)
    Sample("web:metrics", serves=lambda actor, side, method: 404),
    Sample("web:favicon", calls=(Call(ok=301),)),
    Sample("set_language", calls=(Call(ok=302), POST(body=lambda w, s, k: {"language": "en"}, audits=False))),
    Sample("javascript-catalog"),
    # ------------------------------------------------------------------------------------------- accounts
    Sample("accounts:login", serves=_login_page),
    Sample("accounts:logout", calls=(POST(audits=False),)),
    Sample(
        "accounts:password_reset",
        calls=(GET, POST(body=lambda w, s, k: {"email": "operator.admin@matrix.example.jp"}, audits=False)),
    ),
    Sample("accounts:password_reset_done"),
    Sample(
        "accounts:password_reset_confirm", kwargs=lambda w, s, k: {"uidb64": "MQ", "token": "no-such-token"}
    ),
    Sample("accounts:password_reset_complete"),
    Sample(
        "accounts:password_change",
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "old_password": PASSWORD,
                    "new_password1": "Another-long-passphrase-42",
                    "new_password2": "Another-long-passphrase-42",
                },
                audits=False,
            ),
        ),
        touches=(User,),
    ),
    Sample("accounts:password_change_done"),
    # two-factor authentication (sumai.accounts.views_mfa): the matrix's sessions are verified, so the verify
    # page sends on (to the dashboard, or to enrolment without an authenticator); tests/accounts/
    # test_two_factor.py probes the unverified side
    Sample("accounts:otp"),
    Sample(
        "accounts:otp_verify",
        calls=(Call("GET", 302), POST(body=lambda w, s, k: {"code": "000000"}, audits=False)),
    ),
    Sample(
        "accounts:otp_enrol",
        calls=(GET, POST(ok=400, body=lambda w, s, k: {"key": "forged", "code": "123456"}, audits=False)),
        serves=_otp_enrol,
        touches=(TOTPDevice, StaticDevice),
    ),
    Sample(
        "accounts:otp_recovery_codes",
        calls=(POST(ok=200, body=lambda w, s, k: {"codes-password": PASSWORD}),),
        serves=_otp_enrolled,
        touches=(TOTPDevice, StaticDevice, StaticToken),
    ),
    Sample(
        "accounts:otp_remove",
        calls=(POST(body=lambda w, s, k: {"remove-password": PASSWORD}),),
        serves=_otp_enrolled,
        touches=(TOTPDevice, StaticDevice, StaticToken),
    ),
    Sample(
        "accounts:reauth",
        calls=(GET, POST(body=lambda w, s, k: {"password": PASSWORD, "next": "/dashboard/"}, audits=False)),
    ),
    Sample(
        "accounts:invitation_accept",
        kwargs=lambda w, s, k: {"token": secret_for("operator-own") if s == "own" else "no-such-invitation"},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "name": "新人",
                    "password1": "A-long-password-for-matrix-1",
                    "password2": "A-long-password-for-matrix-1",
                }
            ),
        ),
        serves=lambda a, s, m: None if s == "own" else 404,
        touches=(Invitation, Membership, User),
    ),
    Sample(
        "accounts:organisation",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        page="list",
    ),
    Sample(
        "accounts:invite",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"email": "new.person@matrix.example.jp", "role": "staff"}),),
        touches=(Invitation,),
    ),
    Sample(
        "accounts:invitation_revoke",
        kwargs=lambda w, s, k: {
            "org_id": w.org(k, parent(s)).pk,
            "invitation_id": w.sides[child(s)].invitations[k].pk,
        },
        sides=("own", "other", "mixed"),
        calls=(POST(),),
        serves=lambda a, s, m: 404 if s == "mixed" else None,
        touches=(Invitation,),
    ),
    Sample(
        "accounts:member_remove",
        kwargs=lambda w, s, k: {
            "org_id": w.org(k, parent(s)).pk,
            "membership_id": w.sides[child(s)].victims[k].pk,
        },
        sides=("own", "other", "mixed"),
        calls=(POST(),),
        serves=lambda a, s, m: 404 if s == "mixed" else None,
        touches=(Membership,),
    ),
    Sample(
        "accounts:member_role",
        kwargs=lambda w, s, k: {
            "org_id": w.org(k, parent(s)).pk,
            "membership_id": w.sides[child(s)].victims[k].pk,
        },
        sides=("own", "other", "mixed"),
        calls=(POST(body=lambda w, s, k: {"role": "staff"}),),
        serves=lambda a, s, m: 404 if s == "mixed" else None,
        touches=(Membership,),
    ),
    Sample(
        "accounts:tokens",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(GET, POST(200, body=lambda w, s, k: {"name": "matrix", "scopes": ["read"]})),
        touches=(ApiToken,),
        page="list",
    ),
    Sample(
        "accounts:token_revoke",
        kwargs=lambda w, s, k: {"org_id": w.org(k, parent(s)).pk, "token_id": w.sides[child(s)].tokens[k].pk},
        sides=("own", "other", "mixed"),
        calls=(POST(),),
        serves=lambda a, s, m: 404 if s == "mixed" else None,
        touches=(ApiToken,),
    ),
    # --------------------------------------------------------------------------- accounts: onboarding
    Sample(
        "accounts:signup",
        calls=(GET, POST(body=lambda w, s, k: SIGNUP_BODY)),
        touches=(SignupRequest,),
    ),
    Sample("accounts:signup_sent"),
    Sample(
        "accounts:signup_verify",
        kwargs=lambda w, s, k: {"token": secret_for("signup-unverified") if s == "own" else "no-such-signup"},
        sides=("own", "other"),
        calls=(GET, POST(200)),
        serves=lambda a, s, m: None if s == "own" else 404,
        touches=(SignupRequest, Organisation, User),
    ),
    Sample("accounts:platform"),
    Sample("accounts:platform_organisations", page="list"),
    Sample(
        "accounts:platform_organisation_new",
        calls=(GET, POST(body=lambda w, s, k: {"kind": "operator", "name": "新設の家主"})),
        touches=(Organisation,),
    ),
    Sample(
        "accounts:platform_organisation",
        kwargs=lambda w, s, k: {"org_id": w.own.orgs["agent"].pk},
        calls=(GET, POST(body=lambda w, s, k: _organisation_edit(w.own.orgs["agent"]))),
        touches=(Organisation,),
    ),
    Sample(
        "accounts:platform_organisation_invite",
        kwargs=lambda w, s, k: {"org_id": w.own.orgs["agent"].pk},
        calls=(POST(body=lambda w, s, k: {"invite-email": "first.admin@matrix.example.jp"}),),
        touches=(Invitation,),
    ),
    Sample(
        "accounts:platform_organisation_active",
        kwargs=lambda w, s, k: {"org_id": w.own.orgs["agent"].pk},
        calls=(POST(body=lambda w, s, k: {"active": "no", "confirmed": "yes"}),),
        touches=(Organisation,),
    ),
    Sample("accounts:platform_users", page="list"),
    Sample("accounts:platform_user", kwargs=lambda w, s, k: {"user_id": w.own.victims["agent"].user_id}),
    Sample(
        "accounts:platform_user_active",
        kwargs=lambda w, s, k: {"user_id": w.own.victims["agent"].user_id},
        calls=(POST(body=lambda w, s, k: {"active": "no", "confirmed": "yes"}),),
        touches=(User, ApiToken),
    ),
    Sample("accounts:platform_jurisdictions"),
    Sample("accounts:platform_signups", page="list"),
    Sample("accounts:platform_signup", kwargs=lambda w, s, k: {"signup_id": w.signups["awaiting"].pk}),
    Sample(
        "accounts:platform_signup_decide",
        kwargs=lambda w, s, k: {"signup_id": w.signups["awaiting"].pk},
        calls=(POST(body=lambda w, s, k: {"decision": "reject", "reason": "免許番号が確認できません。"}),),
        touches=(SignupRequest, Organisation, User),
    ),
    # ------------------------------------------------------------------------------------------------ cases
    Sample(
        "cases:ask",
        calls=(GET, POST(body=lambda w, s, k: ASK_BODY)),
        touches=(ConsultationRequest,),
    ),
    Sample("cases:asked", kwargs=lambda w, s, k: {"reference": w.own.consultation.reference}),
    Sample("cases:municipality_options", query={"prefecture": "13"}),
    Sample("cases:corporation_options", query={"municipality": "131121"}),
    Sample(
        "cases:requests",
        page="list",
        hidden=lambda w, a, s: [w.other.consultation.reference, "matrix-consultation-other"],
        shows=lambda w, a, s: [w.own.consultation.reference] if a.kind == "municipality" else [],
    ),
    Sample(
        "cases:request",
        kwargs=lambda w, s, k: {"pk": w.sides[s].consultation.pk},
        sides=("own", "other"),
        serves=lambda a, s, m: None if a.kind == "municipality" and s == "own" else 404,
    ),
    Sample(
        "cases:request_contact",
        kwargs=lambda w, s, k: {"pk": w.sides[s].consultation.pk},
        sides=("own", "other"),
        calls=(POST(),),
        serves=lambda a, s, m: None if a.kind == "municipality" and s == "own" else 404,
        touches=(ConsultationRequest,),
    ),
    Sample(
        "cases:household_open",
        kwargs=lambda w, s, k: {"pk": w.sides[s].consultation.pk},
        sides=("own", "other"),
        calls=(POST(),),
        serves=lambda a, s, m: None if a.kind == "municipality" and s == "own" else 404,
        touches=(Household,),
    ),
    Sample(
        "cases:households",
        page="list",
        hidden=lambda w, a, s: ["matrix-household-other"],
        shows=lambda w, a, s: ["matrix-household-own"] if a.kind == "municipality" else [],
    ),
    Sample(
        "cases:household",
        kwargs=lambda w, s, k: {"pk": w.sides[s].household.pk},
        sides=("own", "other"),
        serves=lambda a, s, m: None if a.kind == "municipality" and s == "own" else 404,
    ),
    Sample(
        "cases:household_edit",
        kwargs=lambda w, s, k: {"pk": w.sides[s].household.pk},
        sides=("own", "other"),
        calls=(GET, POST(body=lambda w, s, k: _household_edit(w.sides[s].household))),
        serves=lambda a, s, m: None if a.kind == "municipality" and s == "own" else 404,
        touches=(Household, HouseholdMember),
    ),
    Sample(
        "cases:consents",
        kwargs=lambda w, s, k: {"pk": w.sides[s].household.pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "purpose": "見守り",
                    "organisations": [str(w.org("support_corporation", "own").pk)],
                    "categories": ["income"],
                    "method": "signed_form",
                    "given_on": "2026-12-01",
                }
            ),
        ),
        serves=lambda a, s, m: None if a.kind == "municipality" and s == "own" else 404,
        touches=(Consent,),
    ),
    Sample(
        "cases:consent_withdraw",
        kwargs=lambda w, s, k: {"pk": w.sides[s].household.pk, "consent_id": w.sides[s].consent.pk},
        sides=("own", "other"),
        calls=(POST(body=CONFIRMED),),
        serves=lambda a, s, m: None if a.kind == "municipality" and s == "own" else 404,
        touches=(Consent,),
    ),
    Sample(
        "cases:access_report",
        kwargs=lambda w, s, k: {"pk": w.sides[s].household.pk},
        sides=("own", "other"),
        serves=lambda a, s, m: None if a.kind == "municipality" and s == "own" else 404,
    ),
    Sample(
        "cases:household_new",
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "organisation": str(w.org(k, "own").pk),
                    "municipality": "131121",
                    "urgency": "normal",
                }
            ),
        ),
        touches=(Household, HouseholdMember),
        default_kind="municipality",
        serves=lambda a, s, m: 400 if a.superuser and m == "POST" else None,  # a superuser holds nothing
    ),
    Sample(
        "cases:household_hide",
        kwargs=lambda w, s, k: {"pk": w.sides[s].household.pk},
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"hidden": "1"}),),
        serves=_desk_own,
        touches=(Household,),
    ),
    Sample(
        "cases:case_open",
        kwargs=lambda w, s, k: {"pk": w.sides[s].household.pk},
        sides=("own", "other"),
        calls=(POST(),),
        setup=_close_cases,
        serves=_desk_own,
        touches=(Case,),
    ),
    Sample(
        "cases:referral_new",
        kwargs=lambda w, s, k: {"pk": w.sides[s].household.pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "to": str(w.org("council", s).pk),
                    "method": "signed_form",
                    "given_on": "2026-12-01",
                }
            ),
        ),
        serves=_desk_own,
        touches=(Referral, Consent),
    ),
    Sample(
        "cases:cases",
        page="list",
        hidden=lambda w, a, s: ["matrix-household-other"],
        shows=lambda w, a, s: ["matrix-household-own"] if a.kind == "municipality" else [],
    ),
    Sample(
        "cases:cases_export",
        page="file",
        hidden=lambda w, a, s: ["matrix-household-other"],
        shows=lambda w, a, s: ["matrix-household-own"] if a.kind == "municipality" else [],
    ),
    Sample(
        "cases:today", page="list", hidden=lambda w, a, s: ["matrix-household-other", "matrix-task-other"]
    ),
    Sample(
        "cases:case",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},
        sides=("own", "other"),
        serves=_desk_own,
    ),
    Sample(
        "cases:case_status",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"action": "assess", "version": "1"}),),
        serves=_desk_own,
        touches=(Case, CaseEntry),
    ),
    Sample(
        "cases:case_assign",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"caseworker": "", "version": "1"}),),
        serves=_desk_own,
        touches=(Case,),
    ),
    Sample(
        "cases:case_entry",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"kind": "note", "text": "電話した"}),),
        serves=_desk_own,
        touches=(CaseEntry,),
    ),
    Sample(
        "cases:case_document",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk, "entry_id": w.sides[s].document.pk},
        sides=("own", "other"),
        serves=_desk_own,
        page="file",
    ),
    Sample(
        "cases:case_transfer",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {"to": str(w.org("council", s).pk), "version": "1", "confirmed": "yes"}
            ),
        ),
        setup=_consent_to_councils,
        serves=_desk_own,
        touches=(Case, Household),
    ),
    Sample(
        "cases:task_add",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"title": "書類", "in_working_days": "2"}),),
        serves=_desk_own,
        touches=(Task,),
    ),
    Sample(
        "cases:task_done",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk, "task_id": w.sides[s].task.pk},
        sides=("own", "other"),
        calls=(POST(),),
        serves=_desk_own,
        touches=(Task, CaseEntry),
    ),
    # matching (issue #17): only the organisation that works the case and holds its household
    Sample(
        "matching:homes",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(body=lambda w, s, k: {"municipality": PLACES[s]["municipality"], "ceiling": "200000"}),
        ),
        serves=_desk_own,
        touches=(MatchSnapshot,),
    ),
    Sample(
        "matching:snapshot",
        page="list",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk, "snapshot": w.sides[s].snapshot.pk},
        sides=("own", "other"),
        serves=_desk_own,
    ),
    Sample(
        "matching:support",
        page="list",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},
        sides=("own", "other"),
        serves=_desk_own,
    ),
    Sample(
        "cases:referrals",
        page="list",
        hidden=lambda w, a, s: ["matrix-household-other"],
        shows=lambda w, a, s: ["matrix-household-own"] if a.kind == "support_corporation" else [],
    ),
    Sample(
        "cases:referral",
        kwargs=lambda w, s, k: {"pk": w.sides[s].referral.pk},
        sides=("own", "other"),
        serves=lambda a, s, m: (
            None if s == "own" and a.kind in ("municipality", "support_corporation") else 404
        ),
    ),
    Sample(
        "cases:referral_decide",
        kwargs=lambda w, s, k: {"pk": w.sides[s].referral.pk},
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"decision": "decline", "reason": "no_capacity"}),),
        serves=lambda a, s, m: None if s == "own" and a.kind == "support_corporation" else 404,
        touches=(Referral,),
    ),
    Sample(
        "cases:referral_withdraw",
        kwargs=lambda w, s, k: {"pk": w.sides[s].referral.pk},
        sides=("own", "other"),
        calls=(POST(body=CONFIRMED),),
        serves=_desk_own,
        touches=(Referral,),
    ),
    Sample(
        "cases:referral_contact",
        kwargs=lambda w, s, k: {"pk": w.sides[s].referral.pk},
        sides=("own", "other"),
        calls=(POST(),),
        setup=_accept_referrals,
        serves=lambda a, s, m: None if s == "own" and a.kind == "support_corporation" else 404,
        touches=(Referral,),
    ),
    Sample(
        "cases:area_referrals",
        page="list",
        hidden=lambda w, a, s: ["matrix-household-own", "matrix-household-other"],
    ),
    Sample(
        "cases:desk",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(GET, POST(body=lambda w, s, k: {"name": "住まい相談", "is_active": "on"})),
        serves=own_org_of_kind("municipality"),
        touches=(Desk,),
        default_kind="municipality",
    ),
    # ---------------------------------------------------------------------------------------------- audit
    Sample(
        "audit:history",
        shared_with=("*",),  # the page is about any object; its rows are scoped (hidden below)
        kwargs=lambda w, s, k: {
            "object_type": "accounts.organisation",
            "object_id": str(w.org("operator", s).pk),
        },
        sides=("own", "other"),
        setup=audit_trail,
        # the page always answers 200; the scoping is in the rows (hidden below)
        hidden=lambda w, a, s: [] if _sees_events(a, s) else [f"matrix-event-{s}"],
        shows=lambda w, a, s: [f"matrix-event-{s}"] if _sees_events(a, s) else [],
        page="list",
    ),
    # ------------------------------------------------------------------------------ registry: the landlord
    Sample(
        "registry:buildings",
        serves=members(*REGISTRY, superuser=None),
        hidden=other_names("draft", "registered"),
        shows=lambda w, a, s: [] if a.superuser else [w.own.draft.name, w.own.registered.name],  # type: ignore[union-attr]
        page="list",
    ),
    Sample(
        "registry:inquiries",
        serves=members(*REGISTRY, superuser=None),
        default_kind="operator",
        page="list",
    ),
    Sample(
        "registry:area",
        serves=members("municipality", "referral_partner", superuser=None),
        hidden=other_names("draft", "registered"),
        shows=lambda w, a, s: [] if a.superuser else [w.own.registered.name],  # type: ignore[union-attr]
        default_kind="municipality",
        page="list",
    ),
    Sample(
        "registry:area_building",
        kwargs=_building("registered"),
        sides=("own", "other"),
        serves=members("municipality", "referral_partner"),
        default_kind="municipality",
    ),
    Sample(
        "registry:building_new",
        sides=("own", "other"),
        calls=(
            GET_ANY,
            POST(body=lambda w, s, k: building_body("own", operator=w.org("operator", s).pk)),
        ),
        serves=_building_new,
        touches=(Building,),
    ),
    Sample(
        "registry:building",
        kwargs=_building(),
        sides=("own", "other"),
        serves=members(*REGISTRY),
    ),
    Sample(
        "registry:building_edit",
        kwargs=_building(),
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    **building_body(s, name="改名荘"),
                    "edit_token": _token(Building, w.sides[s].draft.pk, BUILDING.model_fields),  # type: ignore[union-attr]
                }
            ),
        ),
        serves=_registry_write(),
        touches=(Building,),
    ),
    Sample(
        "registry:unit_new",
        kwargs=_building(),
        sides=("own", "other"),
        calls=(GET, POST(body=lambda w, s, k: unit_body("201"))),
        serves=_registry_write(),
        touches=(Unit,),
    ),
    Sample(
        "registry:unit_edit",
        kwargs=_unit_kwargs,
        sides=("own", "other", "mixed"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    **unit_body("101", "31"),
                    "edit_token": _token(Unit, w.sides[child(s)].unit.pk, UNIT.model_fields),  # type: ignore[union-attr]
                }
            ),
        ),
        serves=_registry_write(),
        touches=(Unit,),
    ),
    Sample(
        "registry:unit_delete",
        kwargs=_unit_kwargs,
        sides=("own", "other", "mixed"),
        calls=(POST(body=CONFIRMED),),
        serves=_registry_write(),
        touches=(Unit,),
    ),
    Sample(
        "registry:building_submit",
        kwargs=_building(),
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"version": 1}),),
        serves=_registry_write(),
        touches=(Registration,),
    ),
    Sample(
        "registry:attachment_add",
        kwargs=_building(),
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"kind": "other", "file": file("memo.pdf")}),),
        serves=_registry_write(),
        touches=(Attachment,),
    ),
    Sample(
        "registry:attachment_delete",
        kwargs=_attachment_kwargs,
        sides=("own", "other", "mixed"),
        calls=(POST(body=CONFIRMED),),
        setup=_with_other_attachment,
        serves=_registry_write(),
        touches=(Attachment,),
    ),
    Sample(
        "registry:attachment",
        kwargs=lambda w, s, k: {"attachment_id": w.sides[s].attachment("pledge").pk},
        sides=("own", "other"),
        # the landlord's side and the reviewing authority (any role)
        serves=members(*REGISTRY, "authority"),
        page="file",
    ),
    Sample(
        "registry:building_recall",
        kwargs=_building(),
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"version": 1}),),
        setup=registration_states(draft_own="submitted", draft_other="submitted"),
        serves=_registry_write(),
        touches=(Registration,),
    ),
    Sample(
        "registry:building_withdraw",
        kwargs=_building("registered"),
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"version": 1, "comment": "事業を廃止"}),),
        serves=_registry_write(),
        touches=(Registration,),
    ),
    Sample(
        "registry:building_notify_change",
        kwargs=_building("registered"),
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"version": 1, "text": "家賃を改定"}),),
        serves=_registry_write(),
        touches=(Registration,),
    ),
    Sample(
        "registry:import",
        sides=("own", "other"),
        calls=(
            GET_ANY,
            POST(
                200,
                body=lambda w, s, k: {
                    "operator": w.org("operator", s).pk,
                    "file": file("stock.csv", import_csv("own"), "text/csv"),
                },
            ),
        ),
        serves=_import,
        touches=(Building, ImportJob),
    ),
    Sample(
        "registry:import_job",
        kwargs=lambda w, s, k: {"job_id": w.sides[s].import_job.pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        serves=members(*REGISTRY),
    ),
    Sample("registry:import_template", page="file"),
    Sample("registry:export", hidden=other_names("draft", "registered"), page="file"),
    Sample(
        "registry:vacancy_confirm",
        kwargs=_building("registered"),
        sides=("own", "other"),
        calls=(POST(),),
        serves=_registry_write(),
        touches=(Unit,),
    ),
    Sample(
        "registry:vacancy_set",
        kwargs=_building("registered"),
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"set": f"{w.sides[s].registered_unit.pk}:occupied"}),),
        serves=_registry_write(),
        touches=(Unit,),
    ),
    Sample(
        "registry:vacancy_link",
        kwargs=lambda w, s, k: {"token": w.link_token if s == "own" else "not-a-signed-token"},
        sides=("own", "other"),
        calls=(GET, POST()),
        serves=lambda a, s, m: None if s == "own" else 400,
        touches=(Unit,),
    ),
    Sample(
        "registry:operator",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "operator_type": "company",
                    "representative": "代表 太郎",
                    "edit_token": _profile_token(w.org(k, s)),
                }
            ),
        ),
        serves=_operator_page,
        touches=(OperatorProfile,),
    ),
    Sample(
        "registry:agent_authorise",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"agent": w.org("agent", "other" if s == "own" else "own").pk}),),
        serves=own_org_of_kind("operator"),
        touches=(AgentAuthorisation,),
    ),
    Sample(
        "registry:agent_revoke",
        kwargs=lambda w, s, k: {
            "org_id": w.org(k, parent(s)).pk,
            "authorisation_id": w.sides[child(s)].authorisation.pk,  # type: ignore[union-attr]
        },
        sides=("own", "other", "mixed"),
        calls=(POST(body=CONFIRMED),),
        serves=_agent_revoke,
        touches=(AgentAuthorisation,),
    ),
    # --------------------------------------------------------------------------- registry: the authority
    Sample(
        "registry:inbox",
        setup=_inbox_setup,
        serves=members("authority", superuser=None),
        hidden=other_names("draft"),
        shows=lambda w, a, s: [] if a.superuser else [w.own.draft.name],  # type: ignore[union-attr]
        default_kind="authority",
        page="list",
    ),
    Sample(
        "registry:registered",
        # own/other: the search box names the landlord of the own or the other jurisdiction's building
        query=lambda w, s: {"q": w.org("operator", s).name},
        sides=("own", "other"),
        shared_with=("*",),  # a list: another jurisdiction's rows are left out, not refused
        hidden=other_names("registered"),
        shows=lambda w, a, s: [w.own.registered.name] if s == "own" and not a.superuser else [],  # type: ignore[union-attr]
        default_kind="authority",
        page="list",
    ),
    Sample(
        "registry:review",
        kwargs=_registration(),
        sides=("own", "other"),
        serves=_reviewer(write=False),
    ),
    Sample(
        "registry:review_decide",
        kwargs=_registration(),
        sides=("own", "other"),
        calls=(
            POST(body=lambda w, s, k: {"decision": "request_changes", "comment": "写真を", "version": 1}),
        ),
        setup=_inbox_setup,
        serves=_reviewer(write=True),
        touches=(Registration,),
    ),
    Sample(
        "registry:review_instruct",
        kwargs=_registration("registered"),
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"text": "入居拒否の報告あり"}),),
        serves=_reviewer(write=True),
        touches=(Registration,),
    ),
    Sample(
        "registry:review_strike_off",
        kwargs=_registration("registered"),
        sides=("own", "other"),
        calls=(
            POST(
                body=lambda w, s, k: {
                    "reason_code": "refused_tenants",
                    "comment": "",
                    "version": 1,
                    "confirmed": "yes",
                }
            ),
        ),
        serves=_reviewer(write=True),
        touches=(Registration,),
    ),
    # ------------------------------------------------------------------------------------------- places
    Sample("places:postal_fill", query={"postal_code": "1540004"}),
    Sample("places:municipality_options", query={"prefecture": "13"}),
    # ------------------------------------------------------------------------------------- public search
    Sample(
        "search:search",
        query={"prefecture": "13"},
        hidden=unregistered,
        shows=lambda w, a, s: [w.own.registered.name],  # type: ignore[union-attr]
        page="list",
    ),
    Sample("search:municipality_options", query={"prefecture": "13"}),
    Sample(
        "search:unit",
        # "own": a registered unit; "other": an unregistered one, which the public never sees
        kwargs=lambda w, s, k: {"pk": (w.own.registered_unit if s == "own" else w.other.unit).pk},
        sides=("own", "other"),
        serves=lambda a, s, m: None if s == "own" else 404,
    ),
    Sample(
        "search:unit_inquiry",
        kwargs=lambda w, s, k: {"pk": (w.own.registered_unit if s == "own" else w.other.unit).pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "name": "山田 花子",
                    "email": "hanako@example.jp",
                    "message": "内見できますか。",
                    "consent": "on",
                }
            ),
        ),
        serves=lambda a, s, m: None if s == "own" else 404,
        touches=(Inquiry,),
    ),
    Sample(
        "search:unit_print",
        kwargs=lambda w, s, k: {"pk": (w.own.registered_unit if s == "own" else w.other.unit).pk},
        sides=("own", "other"),
        serves=lambda a, s, m: None if s == "own" else 404,
    ),
    Sample(
        "search:photo",
        # "own": the registered unit's photo; "other": its landlord's pledge, a private document
        kwargs=lambda w, s, k: {
            "pk": w.own.registered_unit.pk,
            "attachment_id": w.own.attachment("photo" if s == "own" else "pledge", registered=True).pk,
        },
        sides=("own", "other"),
        serves=lambda a, s, m: None if s == "own" else 404,
        page="file",
    ),
    Sample("search:open_data"),
    Sample("search:open_data_units_csv", hidden=unregistered, page="file"),
    Sample("search:open_data_units_json", hidden=unregistered, page="file"),
    Sample("search:open_data_snapshot_list", page="list"),
    Sample("search:open_data_snapshot_json"),
    Sample(
        "search:open_data_snapshot_csv",
        kwargs=lambda w, s, k: {"day": timezone.localdate().isoformat() if s == "own" else "2001-01-01"},
        sides=("own", "other"),
        serves=lambda a, s, m: None if s == "own" else 404,
        page="file",
    ),
    # --------------------------------------------------------------------------------- support: public
    Sample(
        "support:directory",
        setup=_one_applicant,
        hidden=applicant,
        shows=lambda w, a, s: [w.org("support_corporation").name],
        page="list",
    ),
    Sample(
        "support:corporation",
        kwargs=lambda w, s, k: {"pk": w.sides[s].corporation.pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        setup=corporation_states(other="submitted"),  # an application is not public
        serves=lambda a, s, m: None if s == "own" else 404,
    ),
    Sample("support:export_csv", setup=_one_applicant, hidden=applicant, page="list"),
    Sample("support:export_json", setup=_one_applicant, hidden=applicant, page="list"),
    Sample("support:export_hsds", setup=_one_applicant, hidden=applicant, page="list"),
    # ----------------------------------------------------------------------------- support: corporation
    Sample(
        "support:application",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "prefecture": PLACES[s]["prefecture"],
                    "legal_form": "npo",
                    "representative": "山田 太郎",
                    "postal_code": "1540001",
                    "address": "世田谷区池尻1-1-1",
                    "phone": "03-1111-2222",
                    "officers_text": "山田 太郎 / 理事長",
                    "business_plan": "入居相談と見守り",
                    "tasks": ["consultation", "living_support"],
                }
            ),
        ),
        setup=corporation_states(own="draft", other="draft"),
        serves=_corp_page(),
        touches=(SupportCorporation,),
        default_kind="support_corporation",
    ),
    Sample(
        "support:application_step",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(
            POST(
                body=lambda w, s, k: {
                    "action": "suspend",
                    "version": 1,
                    "comment": "休止",
                }
            ),
        ),
        serves=_application_step,
        touches=(SupportCorporation,),
        default_kind="support_corporation",
    ),
    Sample(
        "support:services",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "description": "相談します",
                    "hours": "9-17",
                    "edit_token": _corp_token(w.org(k, s), support_services.profile_token),
                }
            ),
        ),
        serves=_corp_page(),
        touches=(SupportCorporation, Service),
        default_kind="support_corporation",
    ),
    Sample(
        "support:area",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "municipalities": [PLACES[s]["municipality"], PLACES[s]["neighbour"]],
                    "edit_token": _corp_token(w.org(k, s), support_services.area_token),
                }
            ),
        ),
        serves=_corp_page(),
        touches=(ServiceArea,),
        default_kind="support_corporation",
    ),
    Sample(
        "support:capacity",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    key: value
                    for service in w.sides[s].corporation.services.all()  # type: ignore[union-attr]
                    for key, value in ((f"cap_{service.pk}", "3"), (f"unit_{service.pk}", "人"))
                }
            ),
        ),
        serves=_corp_page(),
        touches=(Service,),
        default_kind="support_corporation",
    ),
    Sample(
        "support:change_notice",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "summary": "代表者の交代",
                    "effective_on": "2026-01-01",
                    "representative": "佐藤 花子",
                    "officers_text": "佐藤 花子 / 理事長",
                }
            ),
        ),
        serves=_corp_page(),
        touches=(ChangeNotice, SupportCorporation),
        default_kind="support_corporation",
        page="list",
    ),
    Sample(
        "support:filings",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(GET, POST(body=lambda w, s, k: {"kind": "report", "fiscal_year": "2025", "text": "報告"})),
        serves=_corp_page(),
        touches=(AnnualFiling,),
        default_kind="support_corporation",
        page="list",
    ),
    # ----------------------------------------------------------------------- support: the prefecture
    Sample(
        "support:inbox",
        setup=_corp_inbox_setup,
        serves=members("authority", superuser=None),
        hidden=lambda w, a, s: [w.org("support_corporation", "other").name, w.other.notice.summary],  # type: ignore[union-attr]
        shows=lambda w, a, s: [] if a.superuser else [w.org("support_corporation").name],
        default_kind="authority",
        page="list",
    ),
    Sample(
        "support:review",
        kwargs=lambda w, s, k: {"pk": w.sides[s].corporation.pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        serves=_reviewer(write=False),
    ),
    Sample(
        "support:review_decide",
        kwargs=lambda w, s, k: {"pk": w.sides[s].corporation.pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        calls=(
            POST(body=lambda w, s, k: {"decision": "request_changes", "comment": "書類を", "version": 1}),
        ),
        setup=_corp_inbox_setup,
        serves=_reviewer(write=True),
        touches=(SupportCorporation,),
    ),
    Sample(
        "support:review_supervise",
        kwargs=lambda w, s, k: {"pk": w.sides[s].corporation.pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"action": "suspend", "reason_code": "order", "version": 1}),),
        serves=_reviewer(write=True),
        touches=(SupportCorporation,),
    ),
    Sample(
        "support:notice_acknowledge",
        kwargs=lambda w, s, k: {"notice_id": w.sides[s].notice.pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        calls=(POST(),),
        serves=_reviewer(write=True),
        touches=(ChangeNotice,),
    ),
    Sample(
        "support:filing_decide",
        kwargs=lambda w, s, k: {"filing_id": w.sides[s].filing.pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"action": "acknowledge", "version": 1}),),
        serves=_reviewer(write=True),
        touches=(AnnualFiling,),
    ),
    # ------------------------------------------------------------------------------------------ councils
    Sample("councils:directory", page="list"),
    Sample(
        "councils:detail",
        shared_with=("*",),  # every council's page is public; private minutes are hidden
        kwargs=lambda w, s, k: {"org_id": w.org("council", s).pk},
        sides=("own", "other"),
        hidden=_private_minutes,
        shows=lambda w, a, s: [w.sides[s].private_meeting.minutes] if not _private_minutes(w, a, s) else [],  # type: ignore[union-attr]
        page="list",
    ),
    Sample(
        "councils:meeting_file",
        kwargs=lambda w, s, k: {"meeting_id": w.sides[s].private_meeting.pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        serves=_meeting_file,
        page="file",
    ),
    Sample(
        "councils:edit",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "founded_on": "2014-06-30",
                    "secretariat": "住宅政策本部",
                    "activities": ["information_exchange", "seminars"],
                    "description": "居住支援",
                    "municipality_codes": "",
                    "edit_token": council_services.council_token(
                        Council.objects.filter(pk=w.org(k, s).pk).first()
                    ),
                }
            ),
        ),
        serves=_council_edit,
        touches=(Council,),
        default_kind="council",
    ),
    Sample(
        "councils:member_add",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"kind": "other", "name": "新しい会員"}),),
        serves=_council_edit,
        touches=(CouncilMember,),
        default_kind="council",
    ),
    Sample(
        "councils:member_remove",
        kwargs=lambda w, s, k: {
            "org_id": w.org(k, parent(s)).pk,
            "member_id": w.sides[child(s)].council_member.pk,  # type: ignore[union-attr]
        },
        sides=("own", "other", "mixed"),
        calls=(POST(),),
        serves=lambda a, s, m: 404 if s == "mixed" else _council_edit(a, s, m),
        touches=(CouncilMember,),
        default_kind="council",
    ),
    Sample(
        "councils:meeting_new",
        kwargs=lambda w, s, k: {"org_id": w.org(k, s).pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "held_on": "2023-05-10",
                    "title": "総会",
                    "attendees": "25",
                    "minutes": "議事",
                }
            ),
        ),
        serves=_council_edit,
        touches=(Meeting,),
        default_kind="council",
    ),
    Sample(
        "councils:meeting_edit",
        kwargs=lambda w, s, k: {
            "org_id": w.org(k, parent(s)).pk,
            "meeting_id": w.sides[child(s)].public_meeting.pk,  # type: ignore[union-attr]
        },
        sides=("own", "other", "mixed"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "held_on": "2022-06-01",
                    "title": "総会（改）",
                    "attendees": "12",
                    "edit_token": _token(
                        Meeting,
                        w.sides[child(s)].public_meeting.pk,  # type: ignore[union-attr]
                        council_services.MEETING_FIELDS,
                    ),
                }
            ),
        ),
        serves=lambda a, s, m: 404 if s == "mixed" else _council_edit(a, s, m),
        touches=(Meeting,),
        default_kind="council",
    ),
    Sample("councils:grants", hidden=_grants_hidden, page="list"),
    Sample(
        "councils:programme_new",
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "fiscal_year": "2022",
                    "opens_on": "2022-04-01",
                    "closes_on": "2022-05-31",
                }
            ),
        ),
        setup=move_programme_away,
        touches=(GrantProgramme,),
    ),
    Sample(
        "councils:grant_inbox",
        serves=lambda a, s, m: None,  # the ministry sees every submitted application
        page="list",
    ),
    Sample(
        "councils:programme",
        kwargs=lambda w, s, k: {"year": 2022 if s == "own" else 2001},
        sides=("own", "other"),
        serves=lambda a, s, m: None if s == "own" else 404,
        page="list",
    ),
    Sample(
        "councils:application_new",
        kwargs=lambda w, s, k: {"year": 2022},
        sides=("own", "other"),
        calls=(
            GET_ANY,
            POST(
                body=lambda w, s, k: {
                    "applicant": w.org(k if k in ("council", "support_corporation") else "council", s).pk,
                    "plan": "相談窓口の開設",
                    "amount_pre_move_in": "1000000",
                }
            ),
        ),
        setup=lambda w: GrantApplication.objects.all().delete(),
        serves=_application_new,
        touches=(GrantApplication,),
        default_kind="council",
    ),
    Sample(
        "councils:application",
        shared_with=("national",),  # the deciding ministry reads every application
        kwargs=lambda w, s, k: {"pk": application_of(w, s, k).pk},
        sides=("own", "other"),
        serves=_grant_application(decider=True),
        default_kind="council",
    ),
    Sample(
        "councils:application_edit",
        kwargs=lambda w, s, k: {"pk": application_of(w, s, k).pk},
        sides=("own", "other"),
        calls=(
            GET,
            POST(
                body=lambda w, s, k: {
                    "applicant": application_of(w, s, k).applicant_id,
                    "plan": "計画を直しました",
                    "amount_pre_move_in": "2000000",
                    "edit_token": edit_token(
                        application_of(w, s, k), council_services.APPLICATION_FORM_FIELDS
                    ),
                }
            ),
        ),
        setup=application_states(own="draft", other="draft"),
        # the ministry sees every application but applies for none: PermissionDenied in the view
        serves=lambda a, s, m: (
            403 if a.superuser or a.kind == "national" else _grant_application(decider=False)(a, s, m)
        ),
        touches=(GrantApplication,),
        default_kind="council",
    ),
    Sample(
        "councils:application_submit",
        kwargs=lambda w, s, k: {"pk": application_of(w, s, k).pk},
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"version": 1}),),
        setup=application_states(own="draft", other="draft"),
        # the superuser sees every application, but only an applicant's own staff take its steps
        serves=lambda a, s, m: 403 if a.superuser else _grant_application(decider=False, write=True)(a, s, m),
        touches=(GrantApplication,),
        default_kind="council",
    ),
    Sample(
        "councils:application_withdraw",
        kwargs=lambda w, s, k: {"pk": application_of(w, s, k).pk},
        sides=("own", "other"),
        calls=(POST(body=lambda w, s, k: {"version": 1}),),
        # the superuser sees every application, but only an applicant's own staff take its steps
        serves=lambda a, s, m: 403 if a.superuser else _grant_application(decider=False, write=True)(a, s, m),
        touches=(GrantApplication,),
        default_kind="council",
    ),
    Sample(
        "councils:application_decide",
        kwargs=lambda w, s, k: {"pk": application_of(w, s, k).pk},
        sides=("own", "other"),
        calls=(
            POST(
                body=lambda w, s, k: {
                    "decision": "grant",
                    "granted_amount": "3000000",
                    "decided_on": "2022-07-01",
                    "version": 1,
                }
            ),
        ),
        serves=_grant_application(decider=True),
        touches=(GrantApplication,),
        default_kind="council",
    ),
    # ------------------------------------------------------------------------------------------ insights
    Sample("insights:index"),
    Sample("insights:corporations", page="list"),
    Sample("insights:councils", page="list"),
    Sample("insights:housing", page="list"),
    # consultation figures: counts only — never a request's words, number or reference
    Sample(
        "insights:consultations",
        query={"prefecture": "13"},
        hidden=lambda w, a, s: ["matrix-consultation-own", "090-0000-0000", w.own.consultation.reference],  # type: ignore[union-attr]
        page="list",
    ),
    Sample(
        "insights:consultations_json",
        query={"prefecture": "13"},
        hidden=lambda w, a, s: ["matrix-consultation-own", "090-0000-0000", w.own.consultation.reference],  # type: ignore[union-attr]
        page="list",
    ),
    Sample(
        "insights:data_csv",
        kwargs=lambda w, s, k: {"name": "corporations" if s == "own" else "no-such-table"},
        sides=("own", "other"),
        serves=lambda a, s, m: None if s == "own" else 404,
        page="file",
    ),
    # ------------------------------------------------------------------------------------------ outcomes
    Sample("outcomes:nation"),
    Sample("outcomes:nation_csv", page="file"),
    Sample("outcomes:nation_json"),
    Sample("outcomes:corporations"),
    Sample("outcomes:corporations_csv", page="file"),
    Sample("outcomes:corporations_json"),
    Sample("outcomes:prefecture", kwargs=lambda w, s, k: {"prefecture": "13"}),
    Sample("outcomes:prefecture_csv", kwargs=lambda w, s, k: {"prefecture": "13"}, page="file"),
    Sample("outcomes:prefecture_json", kwargs=lambda w, s, k: {"prefecture": "13"}),
    Sample("outcomes:municipality", kwargs=lambda w, s, k: {"prefecture": "13", "municipality": "131121"}),
    Sample(
        "outcomes:municipality_csv",
        kwargs=lambda w, s, k: {"prefecture": "13", "municipality": "131121"},
        page="file",
    ),
    Sample(
        "outcomes:municipality_json", kwargs=lambda w, s, k: {"prefecture": "13", "municipality": "131121"}
    ),
    # a landlord's own answers: never another landlord's name
    Sample(
        "outcomes:landlord_answers",
        hidden=lambda w, a, s: [w.org("operator", "other").name],
    ),
    # a council's area: the published figures of its own area only
    Sample("outcomes:council_area", default_kind="council"),
    # ------------------------------------------------------------------------------------------------ API
    Sample("api:schema"),
    Sample("api:docs"),
    Sample(
        "api:postal",
        kwargs=lambda w, s, k: {"code": "1540004" if s == "own" else "0000000"},
        sides=("own", "other"),
        serves=lambda a, s, m: None if s == "own" else 404,
    ),
    Sample(
        "api:authority",
        kwargs=lambda w, s, k: {"code": "131121" if s == "own" else "999999"},
        sides=("own", "other"),
        serves=lambda a, s, m: None if s == "own" else 404,
    ),
    Sample("api:municipality-list", query={"prefecture": "13"}),
    Sample("api:prefecture-list"),
    Sample("api:me"),
    Sample(
        "api:registry-unit-list",
        sides=("own", "other"),
        calls=(
            GET_ANY,
            POST(
                201,
                json=True,
                body=lambda w, s, k: {
                    "building": w.sides[s].draft.pk,  # type: ignore[union-attr]
                    "number": "301",
                    "floor": 3,
                    "floor_area_m2": "30.00",
                    "layout": "1K",
                    "rent": 50000,
                    "accepted_groups": GROUPS,
                    "facilities": {
                        "kitchen": "private",
                        "toilet": "private",
                        "bath": "private",
                        "washbasin": "private",
                        "storage": "private",
                    },
                },
            ),
        ),
        serves=_api_unit_list,
        hidden=other_names("draft", "registered"),
        touches=(Unit,),
        page="list",
    ),
    Sample(
        "api:registry-unit-detail",
        kwargs=lambda w, s, k: {"pk": w.sides[s].unit.pk},
        sides=("own", "other"),
        calls=(GET, Call("PATCH", 200, lambda w, s, k: {"rent": 61000}, json=True, audits=True)),
        serves=_api_unit_denied,
        touches=(Unit,),
    ),
    Sample(
        "api:registry-vacancy",
        sides=("own", "other"),
        calls=(
            POST(
                200,
                json=True,
                body=lambda w, s, k: {
                    "updates": [{"unit": w.sides[s].registered_unit.pk, "vacancy": "occupied"}]
                },
            ),
        ),
        serves=_api_vacancy,
        touches=(Unit,),
    ),
    Sample(
        "api:household-list",
        page="list",
        hidden=lambda w, a, s: ["matrix-household-other"],
        shows=lambda w, a, s: ["matrix-household-own"] if a.kind == "municipality" else [],
    ),
    Sample(
        "api:household-detail",
        kwargs=lambda w, s, k: {"pk": w.sides[s].household.pk},
        sides=("own", "other"),
        serves=_holder_own,
    ),
    Sample(
        "api:case-list",
        page="list",
        setup=_cases,
        hidden=lambda w, a, s: ["matrix-household-other"],
        shows=lambda w, a, s: ["matrix-household-own"] if a.kind == "municipality" else [],
    ),
    Sample(
        "api:case-detail",
        kwargs=lambda w, s, k: {"pk": case_of(w, s).pk},
        sides=("own", "other"),
        serves=_holder_own,
    ),
    Sample(
        "api:case-notes",
        kwargs=lambda w, s, k: {"pk": case_of(w, s).pk},
        sides=("own", "other"),
        calls=(POST(201, json=True, body=lambda w, s, k: {"text": "電話で状況を確認した"}),),
        serves=_holder_own,
        touches=(CaseEntry,),
    ),
    # the matches of a case (sumai.api.matches): the matching pages' scope (a run is tested in
    # tests/matching/test_api.py: the table lets viewers in, the view refuses them the POST)
    Sample(
        "api:case-matches",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},
        sides=("own", "other"),
        serves=_desk_own,
    ),
    Sample(
        "api:case-match-detail",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk, "snapshot": w.sides[s].snapshot.pk},
        sides=("own", "other"),
        serves=_desk_own,
    ),
    Sample(
        "api:case-placements",
        page="list",
        setup=lambda w: [_placement(w, side) for side in ("own", "other")] and None,
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},
        sides=("own", "other"),
        serves=_desk_own,
    ),
    Sample("api:referral-list", page="list", hidden=lambda w, a, s: ["matrix-household-other"]),
    Sample("api:unit-list", query={"prefecture": "13"}, hidden=unregistered, page="list"),
    Sample(
        "api:unit-detail",
        kwargs=lambda w, s, k: {"pk": (w.own.registered_unit if s == "own" else w.other.unit).pk},
        sides=("own", "other"),
        serves=lambda a, s, m: None if s == "own" else 404,
    ),
    Sample("api:building-list", query={"municipality": "131121"}, hidden=unregistered, page="list"),
    Sample(
        "api:building-detail",
        kwargs=lambda w, s, k: {"pk": (w.own.registered if s == "own" else w.other.draft).pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        serves=lambda a, s, m: None if s == "own" else 404,
    ),
    Sample(
        "api:rules-household",
        calls=(
            POST(
                200,
                json=True,
                audits=False,
                body=lambda w, s, k: {
                    "as_of": "2026-04-01",
                    "members": [{"role": "applicant", "birth_date": "1950-05-01", "pension_gross": 1800000}],
                    "circumstances": [],
                },
            ),
        ),
    ),
    Sample(
        "api:rules-unit",
        calls=(
            POST(
                200,
                json=True,
                audits=False,
                body=lambda w, s, k: {
                    "on": "2026-04-01",  # explicit: without it the answer depends on today and the horizon
                    "kind": "ordinary",
                    "floor_area_m2": 24,
                    "construction_started": "1990-04-01",
                    "facilities": {
                        "kitchen": "private",
                        "toilet": "private",
                        "bath": "private",
                        "washbasin": "private",
                        "storage": "private",
                    },
                },
            ),
        ),
    ),
    Sample(
        "api:rules-subsidy",
        calls=(
            POST(
                200,
                json=True,
                audits=False,
                body=lambda w, s, k: {
                    "program": "guarantee_fee",
                    "fiscal_year": 2021,
                    "fee": 50000,
                    "tenant_monthly_income": 150000,
                    "dedicated": True,
                },
            ),
        ),
    ),
    Sample(
        "api:rules-ledger",
        calls=(
            POST(
                200,
                json=True,
                audits=False,
                body=lambda w, s, k: {
                    "granted_on": "2021-06-01",
                    "month": "2021-09-01",
                    "payments": [
                        {
                            "paid_on": "2021-07-10",
                            "program": "rent_reduction",
                            "national": 20000,
                            "local": 20000,
                        }
                    ],
                },
            ),
        ),
    ),
    # placements (issue #17, item 4): only the organisation that works the case and holds its household
    Sample(
        "placements:placement_new",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},
        sides=("own", "other"),
        calls=(GET, POST(body=_placement_body, audits=True)),
        serves=_desk_own,
        touches=(Placement, FollowUp, Case, Task, Unit),
    ),
    Sample(
        "placements:placement",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk, "placement": _placement(w, s).pk},
        sides=("own", "other"),
        serves=_desk_own,
    ),
    Sample(
        "placements:followup_answer",
        kwargs=lambda w, s, k: {
            "pk": w.sides[s].case.pk,
            "placement": _placement(w, s).pk,
            "follow_up": _placement(w, s).follow_ups.get().pk,
        },
        sides=("own", "other"),
        calls=(
            GET_BACK,
            POST(
                body=lambda w, s, k: {"asked_on": timezone.localdate().isoformat(), "holds": "yes"},
                audits=True,
            ),
        ),
        serves=_desk_own,
        touches=(FollowUp, Case, Task),
    ),
    Sample(
        "placements:placement_end",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk, "placement": _placement(w, s).pk},
        sides=("own", "other"),
        calls=(
            GET_BACK,
            POST(
                body=lambda w, s, k: {
                    "ended_on": timezone.localdate().isoformat(),
                    "end_note": "退去",
                    "version": "1",
                },
                audits=True,
            ),
        ),
        serves=_desk_own,
        touches=(Placement, Case),
    ),
    Sample(
        "placements:placement_cancel",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk, "placement": _placement(w, s).pk},
        sides=("own", "other"),
        calls=(
            GET_BACK,
            POST(
                body=lambda w, s, k: {"cancel_note": "入居しなかった", "version": "1", "confirmed": "yes"},
                audits=True,
            ),
        ),
        serves=_desk_own,
        touches=(Placement, Case, Task, Unit),
    ),
    # --------------------------------------------------------------------- admin (admin:* is one rule)
    Sample("admin:index", page="list"),
    Sample("admin:app_list", kwargs=lambda w, s, k: {"app_label": "places"}),
    Sample("admin:places_prefecture_changelist", page="list"),
    Sample("admin:places_prefecture_change", kwargs=lambda w, s, k: {"object_id": "13"}),
    Sample("admin:auth_group_add", calls=(GET,)),
]


# ------------------------------------------------------------------ placements: inquiries to landlords (#17)
def _inquiry(w: World, side: str, *, declined: bool = False) -> Any:
    """An inquiry of the side's case about its registered unit (sent; or declined with a refusal flag),
    made when first asked for (the probes' savepoints roll it back)."""
    from datetime import timedelta

    from sumai.placements.models import LandlordInquiry, RefusalFlag

    reference = f"Q-MX{'D' if declined else 'S'}{side[:2].upper()}-0001"
    found = LandlordInquiry.objects.filter(reference=reference).first()
    if found is not None:
        return found
    s = w.sides[side]
    today = timezone.localdate()
    found = LandlordInquiry.objects.create(
        reference=reference,
        case=s.case,
        household=s.household,
        organisation=s.case.organisation,  # type: ignore[union-attr]
        unit=s.registered_unit,
        operator=w.org("operator", side),
        shared={"members": 1, "age_bands": [70], "groups": ["elderly"]},
        package={
            "fears": [
                {"fear": "lonely_death", "label_ja": "孤独死などの不安", "percent": 82, "status": "partly"}
            ]
        },
        household_groups=["elderly", "low_income"],
        state="declined" if declined else "sent",
        decline_reason="lonely_death" if declined else "",
        sent_at=timezone.now(),
        sent_on=today,
        answer_due=today + timedelta(days=7),
    )
    if declined:
        RefusalFlag.objects.create(
            inquiry=found,
            authority_code=PLACES[side]["authority"],
            municipality_id=PLACES[side]["municipality"],
            operator=w.org("operator", side),
            reason="lonely_death",
            groups=["elderly"],
            accepted_groups=None,
            household_groups=["elderly"],
            package_status="partly",
            raised_on=today,
        )
    return found


def _flag(w: World, side: str) -> Any:
    return _inquiry(w, side, declined=True).flag


def _inquiries_both_sides(world: World) -> None:
    for side in ("own", "other"):
        _inquiry(world, side)
        _inquiry(world, side, declined=True)


def _inquiry_consents(world: World) -> None:
    """A consent of each side's household whose purpose covers asking landlords."""
    for side in ("own", "other"):
        Consent.objects.create(
            household=world.sides[side].household,
            purpose="家主への照会",
            categories=[],
            method="signed_form",
            given_on=date(2026, 1, 1),
        )


def _inquiry_body(w: World, s: str, k: str) -> dict[str, Any]:
    consent = Consent.objects.filter(household=w.sides[s].household, purpose="家主への照会").first()
    return {
        "unit": str(w.sides[s].registered_unit.pk),
        "consent": str(consent.pk if consent else 0),
        "watch_over": "NPO",
        "watch_over_kind": "support_corporation",
        "visits_per_month": "2",
        "caseworker_organisation": "役所",
        "caseworker_name": "相談員",
    }


LANDLORDS_SERVED = members(*REGISTRY)

SAMPLES += [
    Sample(
        "placements:inquiry_new",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},  # type: ignore[union-attr]
        query=lambda w, s: {"unit": str(w.sides[s].registered_unit.pk)},
        sides=("own", "other"),
        calls=(GET, POST(body=_inquiry_body)),
        setup=_inquiry_consents,
        serves=_desk_own,
        touches=(Consent,),
    ),
    Sample(
        "placements:inquiry",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk, "inquiry": _inquiry(w, s).pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        serves=_desk_own,
        # the holder's caseworker sees the household's pseudonym (as on the case page), never its request
        hidden=lambda w, a, s: ["matrix-consultation", "matrix-household-other"],
        shows=lambda w, a, s: ["Q-MXSOW-0001"],
        default_kind="municipality",
    ),
    Sample(
        "placements:inquiry_record_answer",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk, "inquiry": _inquiry(w, s).pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        calls=(
            GET_BACK,
            POST(
                body=lambda w, s, k: {
                    "channel": "phone",
                    "action": "offer_viewing",
                    "viewing": "土曜午前",
                    "given_on": timezone.localdate().isoformat(),
                }
            ),
        ),
        serves=_desk_own,
        default_kind="municipality",
    ),
    Sample(
        "placements:inquiry_withdraw",
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk, "inquiry": _inquiry(w, s).pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        calls=(GET_BACK, POST(body=CONFIRMED)),
        serves=_desk_own,
    ),
    Sample(
        "placements:landlord_inquiries",
        setup=_inquiries_both_sides,
        serves=members(*REGISTRY, superuser=None),
        hidden=lambda w, a, s: ["Q-MXSOT-0001", "Q-MXDOT-0001"],
        shows=lambda w, a, s: ["Q-MXSOW-0001"] if a.kind in REGISTRY else [],
        default_kind="operator",
        page="list",
    ),
    Sample(
        "placements:landlord_inquiry",
        kwargs=lambda w, s, k: {"pk": _inquiry(w, s).pk},
        sides=("own", "other"),
        serves=LANDLORDS_SERVED,
        hidden=lambda w, a, s: ["matrix-household", "matrix-consultation"],
        default_kind="operator",
    ),
    Sample(
        "placements:landlord_answer",
        kwargs=lambda w, s, k: {"pk": _inquiry(w, s).pk},
        sides=("own", "other"),
        calls=(GET_BACK, POST(body=lambda w, s, k: {"action": "offer_viewing", "viewing": "土曜午前"})),
        serves=members(*REGISTRY, write=WRITERS),
        default_kind="operator",
    ),
    # the inquiries API (sumai.placements.api_inquiries): a landlord's system reads and answers with its
    # registry token; a desk's system reads a case's inquiries
    Sample(
        "api:registry-inquiry-list",
        setup=_inquiries_both_sides,
        serves=members(*REGISTRY, superuser=None),
        hidden=lambda w, a, s: ["Q-MXSOT-0001", "Q-MXDOT-0001"],
        shows=lambda w, a, s: ["Q-MXSOW-0001"] if a.kind in REGISTRY else [],
        default_kind="operator",
        page="list",
    ),
    Sample(
        "api:registry-inquiry-answer",
        kwargs=lambda w, s, k: {"pk": _inquiry(w, s).pk},
        sides=("own", "other"),
        calls=(
            POST(200, json=True, body=lambda w, s, k: {"action": "offer_viewing", "viewing": "土曜午前"}),
        ),
        serves=members(*REGISTRY, write=WRITERS),
        default_kind="operator",
    ),
    Sample(
        "api:case-inquiries",
        page="list",
        setup=_inquiries_both_sides,
        kwargs=lambda w, s, k: {"pk": w.sides[s].case.pk},  # type: ignore[union-attr]
        sides=("own", "other"),
        serves=_desk_own,
    ),
    Sample(
        "placements:inquiry_link",
        kwargs=lambda w, s, k: {"token": _link_token(w) if s == "own" else "not-a-signed-token"},
        sides=("own", "other"),
        calls=(GET, POST(body=lambda w, s, k: {"action": "offer_viewing", "viewing": "土曜午前"})),
        serves=lambda a, s, m: None if s == "own" else 404,
        hidden=lambda w, a, s: ["matrix-household", "matrix-consultation"],
    ),
    Sample(
        "placements:flags",
        setup=_inquiries_both_sides,
        serves=members("authority", superuser=None),
        hidden=lambda w, a, s: [w.other.registered.name],  # type: ignore[union-attr]
        shows=lambda w, a, s: [w.own.registered.name] if a.kind == "authority" else [],  # type: ignore[union-attr]
        default_kind="authority",
        page="list",
    ),
    Sample(
        "placements:flag",
        kwargs=lambda w, s, k: {"pk": _flag(w, s).pk},
        sides=("own", "other"),
        serves=members("authority"),
        hidden=lambda w, a, s: ["matrix-household", "matrix-consultation"],
        default_kind="authority",
    ),
    Sample(
        "placements:flag_resolve",
        kwargs=lambda w, s, k: {"pk": _flag(w, s).pk},
        sides=("own", "other"),
        calls=(GET_BACK, POST(body=lambda w, s, k: {"resolution": "guidance", "note": "説明"})),
        serves=members("authority", write=WRITERS),
        default_kind="authority",
    ),
]


def _link_token(w: World) -> str:
    from sumai.placements.services_inquiries import link_token

    return link_token(_inquiry(w, "own"))


# admin:* names are many (one per model and action) and share one rule; these stand for all of them.
ADMIN_REPRESENTATIVES = {s.name for s in SAMPLES if s.name.startswith("admin:")}
BY_NAME: dict[str, Sample] = {s.name: s for s in SAMPLES}
assert len(BY_NAME) == len(SAMPLES), "a URL name has two samples"
