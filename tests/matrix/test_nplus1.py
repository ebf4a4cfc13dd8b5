"""N+1: every list page and endpoint answers with as many queries for 8 rows as for 2.

Each grower adds ``n`` rows the asker can see (buildings, units, members, corporations…); the page is
fetched after growing by 2 and, in a fresh savepoint, by 8; the counts must be equal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sumai.accounts.models import ApiToken, Invitation, Membership
from sumai.audit.models import AuditEvent
from sumai.councils.models import CouncilMember, GrantApplication, Meeting
from sumai.registry.models import AgentAuthorisation, Unit
from sumai.support.models import AnnualFiling, ChangeNotice
from tests.matrix import conftest as mx
from tests.matrix.findings import NPLUS1
from tests.matrix.samples import BY_NAME, SAMPLES, Actor
from tests.matrix.world import (
    FACILITIES,
    GROUPS,
    World,
    make_application,
    make_building,
    make_corporation,
    make_council,
    make_organisation,
    make_user,
)


@dataclass(frozen=True)
class Grower:
    actor: Actor
    grow: Callable[[World, int], None]
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    shows: Callable[[int], str] | None = None  # text of the last grown row (its index): the rows are visible


def _buildings(state: str, *, index: bool = False) -> Callable[[World, int], None]:
    def grow(world: World, n: int) -> None:
        from sumai.search.indexing import sync_buildings

        ids = []
        for i in range(n):
            number = f"13-2030-{i:04d}" if state == "registered" else ""
            building = make_building(
                world.org("operator"), "own", name=f"増築荘{i}", state=state, units=2, number=number
            )
            ids.append(building.pk)
        if index:
            sync_buildings(ids)

    return grow


def _units(world: World, n: int) -> None:
    building = world.own.draft
    for i in range(n):
        Unit.objects.create(
            building=building,
            number=f"9{i:02d}",
            floor=9,
            floor_area_m2=30,
            layout="1K",
            rent=60000,
            accepted_groups=GROUPS,
            facilities=FACILITIES,
        )


def _members(world: World, n: int) -> None:
    org = world.org("operator")
    for i in range(n):
        Membership.objects.create(
            user=make_user(f"grown{i}@matrix.example.jp"), organisation=org, role="viewer"
        )
        Invitation.objects.create(
            organisation=org,
            email=f"grown.invitee{i}@matrix.example.jp",
            role="staff",
            token_hash=f"grown-{i}",
            invited_by=world.users[("operator", "admin")],
            expires_at=timezone.now() + timedelta(days=3),
        )


def _tokens(world: World, n: int) -> None:
    for i in range(n):
        ApiToken.objects.create(
            organisation=world.org("operator"),
            name=f"grown {i}",
            prefix=f"smi_g{i}",
            token_hash=f"grown-token-{i}",
            scopes=["read"],
            created_by=make_user(f"token.maker{i}@matrix.example.jp"),
        )


def _events(world: World, n: int) -> None:
    org = world.org("operator")
    for i in range(n):
        AuditEvent.objects.create(
            actor=make_user(f"actor{i}@matrix.example.jp"),
            actor_label=f"actor{i}@matrix.example.jp",
            organisation=org,
            action="matrix.grown",
            object_type="accounts.organisation",
            object_id=str(org.pk),
            object_label=f"grown {i}",
        )


def _corporations(state: str = "designated") -> Callable[[World, int], None]:
    def grow(world: World, n: int) -> None:
        for i in range(n):
            org = make_organisation("support_corporation", "own", n=100 + i)
            corporation = make_corporation(org, "own", state=state)
            if state == "submitted":
                ChangeNotice.objects.create(
                    corporation=corporation, summary="変更", effective_on=date(2026, 1, 1)
                )
                AnnualFiling.objects.create(
                    corporation=corporation,
                    kind="plan",
                    fiscal_year=2025,
                    text="x",
                    submitted_at=timezone.now(),
                )

    return grow


def _notices(world: World, n: int) -> None:
    corporation = world.own.corporation
    for i in range(n):
        ChangeNotice.objects.create(
            corporation=corporation, summary=f"変更{i}", effective_on=date(2026, 1, 1)
        )
        AnnualFiling.objects.create(
            corporation=corporation,
            kind="report",
            fiscal_year=2000 + i,
            text="x",
            submitted_at=timezone.now(),
        )


def _inquiries(world: World, n: int) -> None:
    from sumai.registry.models import Inquiry

    unit = world.own.unit
    for i in range(n):
        Inquiry.objects.create(
            unit=unit,
            operator=world.org("operator"),
            reference=f"Q-GROW{i:04d}",
            name=f"問合せ{i}",
            email=f"asker{i}@example.jp",
            message="内見できますか。",
        )


def _councils(world: World, n: int) -> None:
    for i in range(n):
        council = make_council(make_organisation("council", "own", n=100 + i))
        council.municipalities.set(["131121", "131016"])
        CouncilMember.objects.create(council=council, kind="other", name=f"会員{i}")


def _council_rows(world: World, n: int) -> None:
    council = world.own.council
    for i in range(n):
        org = make_organisation("support_corporation", "own", n=200 + i)
        CouncilMember.objects.create(
            council=council, kind="support_corporation", name=f"会員{i}", organisation=org
        )
        Meeting.objects.create(
            council=council, held_on=date(2021, 1, 1 + i), title=f"会議{i}", attendees=3, is_public=True
        )


def _applications(state: str) -> Callable[[World, int], None]:
    def grow(world: World, n: int) -> None:
        assert world.programme is not None
        for i in range(n):
            org = make_organisation("council", "own", n=300 + i)
            application = make_application(world.programme, org, state="submitted")
            if state == "granted":
                GrantApplication.objects.filter(pk=application.pk).update(
                    state="granted", granted_amount=1_000_000, decided_on=date(2022, 7, 1)
                )

    return grow


def _authorisations(world: World, n: int) -> None:
    for i in range(n):
        AgentAuthorisation.objects.create(
            agent=make_organisation("agent", "own", n=400 + i), operator=world.org("operator")
        )


def _snapshots(world: World, n: int) -> None:
    from sumai.search.opendata import take_snapshot

    for i in range(n):
        take_snapshot(on=timezone.localdate() - timedelta(days=1 + i))


def _memberships(world: World, n: int) -> None:
    """``n`` more memberships of the operator's admin, on top of one of each kind of organisation (so both
    sizes have every kind and only the number of organisations grows). Member of a support corporation and a
    council now, the operator's admin must use a second factor: its matrix session is marked verified by the
    test authenticator, as after typing a code (rolled back with the rest)."""
    import time

    from django.contrib.sessions.models import Session
    from django_otp import DEVICE_ID_SESSION_KEY

    from sumai.accounts.reauth import REAUTH_SESSION_KEY
    from tests.otp import device_for

    user = world.users[("operator", "admin")]
    for i in range(n + 6):
        kind = ("operator", "agent", "authority", "support_corporation", "council", "national")[i % 6]
        Membership.objects.create(
            user=user, organisation=make_organisation(kind, "own", n=500 + i), role="viewer"
        )
    device = device_for(user)
    for session in Session.objects.all():
        data = session.get_decoded()
        if data.get("_auth_user_id") == str(user.pk):
            data[DEVICE_ID_SESSION_KEY] = device.persistent_id
            data[REAUTH_SESSION_KEY] = int(time.time())
            Session.objects.save(session.session_key, data, session.expire_date)


OPERATOR = Actor("operator", "admin")
AUTHORITY = Actor("authority", "staff")
PUBLIC = Actor()
MUNICIPALITY = Actor("municipality", "staff")
own_org = lambda kind: lambda w: {"org_id": w.org(kind).pk}  # noqa: E731

BUILDING = lambda i: f"増築荘{i}"  # noqa: E731
UNIT = lambda i: f"9{i:02d}"  # noqa: E731
ORG = lambda kind, base: lambda i: f"東京の{kind} {base + i}"  # noqa: E731

SUPERUSER = Actor(superuser=True)


def _platform_organisations(world: World, n: int) -> None:
    for i in range(n):
        make_organisation("operator", "own", n=700 + i)


def _users(world: World, n: int) -> None:
    for i in range(n):
        user = make_user(f"grown{i}@matrix.example.jp")
        Membership.objects.create(user=user, organisation=make_organisation("agent", "own", n=800 + i))


def _signups(world: World, n: int) -> None:
    from sumai.accounts.models import SignupRequest

    for i in range(n):
        SignupRequest.objects.create(
            kind="support_corporation",
            state="awaiting_approval",
            email=f"grown{i}@matrix.example.jp",
            person_name="申込",
            organisation_name=f"増設法人{i}",
            prefecture_id="13",
            phone="0312345678",
            corporate_number="7000012050002",
            password_hash="!",
            token_hash=f"grown-{i}",
            verify_by=timezone.now(),
        )


def _consultations(world: World, n: int) -> None:
    from sumai.cases.models import ConsultationRequest

    base = world.own.consultation
    assert base is not None
    for i in range(n):
        ConsultationRequest.objects.create(
            reference=f"S-GROW-{i:04d}",
            municipality_id=base.municipality_id,
            members=[{"age": 40}],
            situations=["refused"],
            help_wanted=["homes"],
            language="ja",
            contact_method="phone",
            phone="090-0000-0000",
            consent_at=timezone.now(),
            organisation_id=base.organisation_id,
            route="municipal_desk",
        )


def _consultations_across_tokyo(world: World, n: int) -> None:
    """A request in each of ``n`` more municipalities of Tokyo (the page lists the municipalities)."""
    from sumai.cases.models import ConsultationRequest
    from sumai.places.models import Municipality

    base = world.own.consultation
    assert base is not None
    codes = Municipality.objects.filter(prefecture_id="13", kind="special_ward").order_by("code")
    for i, code in enumerate(codes.values_list("code", flat=True)[:n]):
        ConsultationRequest.objects.create(
            reference=f"S-AREA-{i:04d}",
            municipality_id=code,
            members=[{"age": 40}],
            situations=["refused"],
            language="ja",
            contact_method="phone",
            phone="090-0000-0000",
            consent_at=timezone.now(),
            organisation_id=base.organisation_id,
            route="municipal_desk",
        )


def _households(world: World, n: int) -> None:
    from sumai.cases.models import Household

    base = world.own.household
    assert base is not None
    for i in range(n):
        Household.objects.create(
            organisation_id=base.organisation_id,
            pseudonym=f"grown-household-{i}",
            municipality_id=base.municipality_id,
        )


def _staff(world: World, kind: str) -> Any:
    from sumai.accounts.models import User

    return User.objects.filter(memberships__organisation=world.org(kind), memberships__role="staff").first()


def _cases(world: World, n: int) -> None:
    """Households with an open case each, worked by the municipality's staff member, a task due today."""
    from django.utils import timezone

    from sumai.cases.models import Case, Household, Task

    base = world.own.household
    assert base is not None
    worker = _staff(world, "municipality")
    for i in range(n):
        household = Household.objects.create(
            organisation_id=base.organisation_id,
            pseudonym=f"grown-case-{i}",
            municipality_id=base.municipality_id,
        )
        case = Case.objects.create(
            household=household, organisation_id=base.organisation_id, caseworker=worker
        )
        Task.objects.create(case=case, title=f"grown-task-{i}", due=timezone.localdate(), assignee=worker)


def _referrals(world: World, n: int) -> None:
    """Referrals from the municipality to the support corporation, late for their first contact."""
    from datetime import date

    from sumai.cases.models import Consent, Household, Referral

    base = world.own.household
    assert base is not None
    for i in range(n):
        household = Household.objects.create(
            organisation_id=base.organisation_id,
            pseudonym=f"grown-referral-{i}",
            municipality_id=base.municipality_id,
        )
        consent = Consent.objects.create(
            household=household, purpose="grown", method="signed_form", given_on=date(2026, 1, 1)
        )
        consent.organisations.set([world.org("support_corporation")])
        Referral.objects.create(
            household=household,
            from_organisation_id=base.organisation_id,
            to_organisation=world.org("support_corporation"),
            from_kind="municipality",
            consent=consent,
            first_contact_due=date(2026, 1, 6),
        )


def _api_cases(world: World, n: int) -> None:
    from sumai.cases.models import Case, Household

    _households(world, n)
    for household in Household.objects.filter(pseudonym__startswith="grown-household-"):
        Case.objects.get_or_create(household=household, organisation_id=household.organisation_id)


def _api_referrals(world: World, n: int) -> None:
    """Referrals to the own side's municipality from its support corporation, each with its consent."""
    from sumai.cases.models import Consent, Household, Referral

    corporation = world.org("support_corporation")
    municipality = world.org("municipality")
    for i in range(n):
        household = Household.objects.create(
            organisation=corporation, pseudonym=f"grown-household-{i}", municipality_id="131121"
        )
        consent = Consent.objects.create(
            household=household,
            purpose="紹介",
            categories=[],
            method="signed_form",
            given_on=date(2026, 1, 1),
        )
        consent.organisations.set([municipality])
        Referral.objects.create(
            household=household,
            from_organisation=corporation,
            to_organisation=municipality,
            from_kind="support_corporation",
            consent=consent,
            first_contact_due=date(2030, 1, 7),
        )


def _corporations_serving(world: World, n: int) -> None:
    for i in range(n):
        make_corporation(make_organisation("support_corporation", "own", 800 + i), "own")


def _matched_homes(world: World, n: int) -> None:
    """Registered homes in the index, and the own case's snapshot ranking them."""
    from sumai.search.models import SearchUnit

    _buildings("registered", index=True)(world, n)
    snapshot = world.own.snapshot
    ids = list(SearchUnit.objects.order_by("-pk").values_list("pk", flat=True)[: 2 * n])
    snapshot.ranked = [{"unit": pk, "score": 50.0, "parts": [], "reasons": []} for pk in ids]
    snapshot.save(update_fields=["ranked"])


def _placements(world: World, n: int) -> None:
    """``n`` placements of the own case, each in a registered home of its own, with three follow-ups and a
    support corporation."""
    from sumai.placements.models import FollowUp, Placement

    _buildings("registered")(world, n)
    case = world.own.case
    today = timezone.localdate()
    units = list(
        Unit.objects.filter(building__name__startswith="増築荘", status="registered").order_by("pk")[:n]
    )
    assert len(units) == n
    for unit in units:
        placement = Placement.objects.create(
            case=case,
            household=case.household,
            organisation=case.organisation,
            unit=unit,
            municipality_id=unit.building.municipality_id,
            support_corporation=world.org("support_corporation"),
            signed_on=today,
            start_on=today,
            move_in_on=today,
            rent=unit.rent,
            guarantee="none",
            first_consultation_on=today,
        )
        for months in (1, 6, 12):
            FollowUp.objects.create(
                placement=placement, months=months, due=today + timedelta(days=31 * months)
            )


GROWERS: dict[str, Grower] = {
    "matching:support": Grower(
        MUNICIPALITY, _corporations_serving, lambda w: {"pk": w.own.case.pk}, ORG("support_corporation", 800)
    ),
    "matching:snapshot": Grower(
        MUNICIPALITY,
        _matched_homes,
        lambda w: {"pk": w.own.case.pk, "snapshot": w.own.snapshot.pk},
        shows=BUILDING,
    ),
    "cases:cases": Grower(MUNICIPALITY, _cases, shows=lambda i: f"grown-case-{i}"),
    "cases:today": Grower(MUNICIPALITY, _cases, shows=lambda i: f"grown-task-{i}"),
    "cases:referrals": Grower(
        Actor("support_corporation", "staff"), _referrals, shows=lambda i: f"grown-referral-{i}"
    ),
    "cases:area_referrals": Grower(Actor("council", "staff"), _referrals, shows=lambda i: "東京の"),
    "api:household-list": Grower(MUNICIPALITY, _households, shows=lambda i: f"grown-household-{i}"),
    "api:case-placements": Grower(MUNICIPALITY, _placements, lambda w: {"pk": w.own.case.pk}),
    "api:case-list": Grower(MUNICIPALITY, _api_cases, shows=lambda i: f"grown-household-{i}"),
    "api:referral-list": Grower(MUNICIPALITY, _api_referrals, shows=lambda i: f"grown-household-{i}"),
    "cases:households": Grower(MUNICIPALITY, _households, shows=lambda i: f"grown-household-{i}"),
    "cases:requests": Grower(MUNICIPALITY, _consultations, shows=lambda i: f"S-GROW-{i:04d}"),
    "accounts:platform_organisations": Grower(SUPERUSER, _platform_organisations, shows=ORG("operator", 700)),
    "accounts:platform_users": Grower(SUPERUSER, _users, shows=lambda i: f"grown{i}@"),
    "accounts:platform_signups": Grower(SUPERUSER, _signups, shows=lambda i: f"増設法人{i}"),
    "accounts:organisation": Grower(OPERATOR, _members, own_org("operator"), lambda i: f"grown{i}@"),
    "accounts:tokens": Grower(OPERATOR, _tokens, own_org("operator"), lambda i: f"grown {i}"),
    "audit:history": Grower(
        OPERATOR,
        _events,
        lambda w: {"object_type": "accounts.organisation", "object_id": str(w.org("operator").pk)},
        lambda i: f"actor{i}@",
    ),
    "registry:buildings": Grower(OPERATOR, _buildings("draft"), shows=BUILDING),
    "registry:area": Grower(MUNICIPALITY, _buildings("registered"), shows=BUILDING),
    "registry:inquiries": Grower(OPERATOR, _inquiries, shows=lambda i: f"問合せ{i}"),
    "registry:building": Grower(OPERATOR, _units, lambda w: {"pk": w.own.draft.pk}, UNIT),  # type: ignore[union-attr]
    "registry:export": Grower(OPERATOR, _buildings("draft"), shows=BUILDING),
    "registry:operator": Grower(OPERATOR, _authorisations, own_org("operator"), ORG("agent", 400)),
    "registry:inbox": Grower(AUTHORITY, _buildings("submitted"), shows=BUILDING),
    "registry:registered": Grower(AUTHORITY, _buildings("registered"), shows=BUILDING),
    "registry:review": Grower(AUTHORITY, _units, lambda w: {"pk": w.own.draft.registration.pk}, UNIT),  # type: ignore[union-attr]
    "search:search": Grower(PUBLIC, _buildings("registered", index=True), shows=BUILDING),
    "search:open_data_units_csv": Grower(PUBLIC, _buildings("registered", index=True), shows=BUILDING),
    "search:open_data_units_json": Grower(PUBLIC, _buildings("registered", index=True), shows=BUILDING),
    "search:open_data_snapshot_list": Grower(
        PUBLIC, _snapshots, shows=lambda i: (timezone.localdate() - timedelta(days=1 + i)).isoformat()
    ),
    "api:unit-list": Grower(PUBLIC, _buildings("registered", index=True), shows=BUILDING),
    "api:building-list": Grower(PUBLIC, _buildings("registered", index=True), shows=BUILDING),
    "api:registry-unit-list": Grower(OPERATOR, _units, shows=UNIT),
    "support:directory": Grower(PUBLIC, _corporations(), shows=ORG("support_corporation", 100)),
    "support:export_csv": Grower(PUBLIC, _corporations(), shows=ORG("support_corporation", 100)),
    "support:export_json": Grower(PUBLIC, _corporations(), shows=ORG("support_corporation", 100)),
    "support:export_hsds": Grower(PUBLIC, _corporations(), shows=ORG("support_corporation", 100)),
    "support:inbox": Grower(AUTHORITY, _corporations("submitted"), shows=ORG("support_corporation", 100)),
    "support:review": Grower(
        AUTHORITY,
        _notices,
        lambda w: {"pk": w.own.corporation.pk},
        lambda i: f"変更{i}",  # type: ignore[union-attr]
    ),
    "support:change_notice": Grower(
        Actor("support_corporation", "admin"), _notices, own_org("support_corporation"), lambda i: f"変更{i}"
    ),
    "support:filings": Grower(
        Actor("support_corporation", "admin"),
        _notices,
        own_org("support_corporation"),
        lambda i: f"{2000 + i}",
    ),
    "councils:directory": Grower(PUBLIC, _councils, shows=ORG("council", 100)),
    "councils:detail": Grower(
        Actor("council", "viewer"), _council_rows, own_org("council"), lambda i: f"会員{i}"
    ),
    "councils:grants": Grower(
        Actor("national", "viewer"), _applications("submitted"), shows=ORG("council", 300)
    ),
    "councils:grant_inbox": Grower(
        Actor("national", "viewer"), _applications("submitted"), shows=ORG("council", 300)
    ),
    "councils:programme": Grower(
        PUBLIC, _applications("granted"), lambda w: {"year": 2022}, ORG("council", 300)
    ),
    "insights:corporations": Grower(PUBLIC, _corporations()),
    "insights:councils": Grower(PUBLIC, _councils),
    "insights:housing": Grower(PUBLIC, _buildings("registered", index=True)),
    "insights:consultations": Grower(PUBLIC, _consultations_across_tokyo),
    "insights:consultations_json": Grower(PUBLIC, _consultations_across_tokyo),
    "web:dashboard": Grower(OPERATOR, _memberships, shows=lambda i: f" {500 + i}"),
}


def _case_inquiries(world: World, n: int) -> None:
    """Inquiries of the own case to ``n`` landlords' registered homes."""
    from sumai.placements.models import LandlordInquiry

    _buildings("registered")(world, n)
    case = world.own.case
    units = list(
        Unit.objects.filter(building__name__startswith="増築荘", status="registered").order_by("pk")[:n]
    )
    assert len(units) == n
    for i, unit in enumerate(units):
        LandlordInquiry.objects.create(
            reference=f"Q-CASE-{i:04d}",
            case=case,
            household=case.household,
            organisation=case.organisation,
            unit=unit,
            operator=unit.building.operator,
            shared={"members": 1, "age_bands": [70], "groups": ["elderly"]},
            state="sent",
            sent_at=timezone.now(),
            sent_on=timezone.localdate(),
            answer_due=timezone.localdate() + timedelta(days=7),
        )


def _landlord_inquiries(world: World, n: int) -> None:
    """Inquiries to the own landlord's registered unit (placements, issue #17), one per grown case."""
    from sumai.cases.models import Case, Household
    from sumai.placements.models import LandlordInquiry

    own = world.own
    for i in range(n):
        household = Household.objects.create(
            organisation=own.case.organisation,
            pseudonym=f"grown-inq-{i}",
            municipality_id="131121",  # type: ignore[union-attr]
        )
        case = Case.objects.create(household=household, organisation=own.case.organisation)  # type: ignore[union-attr]
        LandlordInquiry.objects.create(
            reference=f"Q-GROW-{i:04d}",
            case=case,
            household=household,
            organisation=case.organisation,
            unit=own.registered_unit,
            operator=world.org("operator"),
            shared={"members": 1, "age_bands": [70], "groups": ["elderly"]},
            state="sent",
            sent_at=timezone.now(),
            sent_on=timezone.localdate(),
            answer_due=timezone.localdate() + timedelta(days=7),
        )


def _refusal_flags(world: World, n: int) -> None:
    from sumai.placements.models import RefusalFlag

    _landlord_inquiries(world, n)
    from sumai.placements.models import LandlordInquiry

    for i, inquiry in enumerate(
        LandlordInquiry.objects.filter(reference__startswith="Q-GROW-").order_by("pk")
    ):
        LandlordInquiry.objects.filter(pk=inquiry.pk).update(state="declined", decline_reason="lonely_death")
        RefusalFlag.objects.create(
            inquiry=inquiry,
            authority_code=world.org("authority").authority_code,
            municipality_id="131121",
            operator=world.org("operator"),
            reason="lonely_death",
            groups=["elderly"],
            household_groups=["elderly"],
            raised_on=timezone.localdate() - timedelta(days=i),
        )


GROWERS.update(
    {
        "placements:landlord_inquiries": Grower(
            OPERATOR, _landlord_inquiries, shows=lambda i: f"Q-GROW-{i:04d}"
        ),
        "placements:flags": Grower(AUTHORITY, _refusal_flags),
        "api:registry-inquiry-list": Grower(OPERATOR, _landlord_inquiries, shows=lambda i: f"Q-GROW-{i:04d}"),
        "api:case-inquiries": Grower(MUNICIPALITY, _case_inquiries, lambda w: {"pk": w.own.case.pk}),
    }
)


def count_queries(world: World, sessions: dict[str, str], name: str, n: int) -> tuple[int, list[str]]:
    grower = GROWERS[name]
    sample = BY_NAME[name]
    with transaction.atomic():
        grower.grow(world, n)
        url = reverse(name, kwargs=grower.kwargs(world))
        client = mx.client_for(sessions, grower.actor)
        mx.reset_caches()
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            query = sample.query(world, "own") if callable(sample.query) else sample.query or {}
            response = client.get(url, query)
            content = (
                b"".join(response.streaming_content)
                if getattr(response, "streaming", False)
                else response.content
            )
        assert response.status_code == 200, f"{name}: {url} answered {response.status_code}"
        if grower.shows:
            marker = grower.shows(n - 1)
            assert marker in content.decode(), f"{name}: the grown rows are not on the page ({marker!r})"
        transaction.set_rollback(True)
    return len(queries), [q["sql"] for q in queries.captured_queries]


def _params() -> list[Any]:
    return [
        pytest.param(
            name,
            id=name,
            marks=[pytest.mark.xfail(strict=True, reason=NPLUS1[name])] if name in NPLUS1 else [],
        )
        for name in GROWERS
    ]


@pytest.mark.parametrize("name", _params())
def test_queries_do_not_grow_with_rows(db: None, world: World, sessions: dict[str, str], name: str) -> None:
    few, few_sql = count_queries(world, sessions, name, 2)
    many, many_sql = count_queries(world, sessions, name, 8)
    extra = [sql for sql in many_sql if sql not in few_sql]
    assert many == few, f"{name}: {few} queries with 2 rows, {many} with 8 — a query per row:\n" + "\n".join(
        s[:300] for s in extra[:10]
    )


def test_every_list_page_has_a_grower() -> None:
    lists = {s.name for s in SAMPLES if s.page == "list" and not s.name.startswith("admin:")}
    assert sorted(lists - set(GROWERS)) == []
    assert sorted(set(GROWERS) - set(BY_NAME)) == []
