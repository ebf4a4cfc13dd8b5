"""The households and cases API for the desks' own systems (issue #16 item 11; docs/api.md).

Zero leaks: every organisation kind × with or without consent (and which categories) × a hidden, a
victim-in-hiding and a plain household × every endpoint; the address, what the home is near and the
emergency contacts of a hidden household never reach anyone but its holder, in any answer. Also: the
``cases`` scope (a landlord cannot be given it; a token without it gets 403), withdrawal taking effect at
once, AccessLog rows for every household and case read (and the household's access report listing them),
pagination, filters, notes through the case-work service, and queries that do not grow with the rows."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sumai.accounts.forms import TokenForm
from sumai.accounts.models import ApiToken, Organisation, User
from sumai.accounts.services import api_token_create
from sumai.audit.models import AccessLog, AuditEvent
from sumai.cases import selectors
from sumai.cases.households import consent_withdraw
from sumai.cases.models import Case, CaseEntry, Consent, Household, HouseholdMember, Referral, Task
from sumai.core.roles import HOUSEHOLD_HOLDING_KINDS
from sumai.domain.consent import Category
from tests.factories import World, make_world
from tests.otp import password_typed

ALL_KINDS = (
    "operator",
    "agent",
    "authority",
    "municipality",
    "support_corporation",
    "council",
    "referral_partner",
    "national",
)
NON_HOLDING = tuple(k for k in ALL_KINDS if k not in HOUSEHOLD_HOLDING_KINDS)
VIEWERS = tuple(k for k in HOUSEHOLD_HOLDING_KINDS if k != "municipality")  # the holder is the municipality
ALL = [c.value for c in Category]

# What must never leave the holder of the hidden household (whatever consent says)
HIDDEN_SECRETS = ("HIDDEN-ADDR-東京都世田谷区9-9-9", "HIDDEN-NEAR-学校", "HIDDEN-EMERGENCY-090")
VICTIM_SECRETS = ("VICTIM-ADDR-港区1-1-1", "VICTIM-NEAR", "VICTIM-EMERGENCY")
PLAIN_SECRETS = ("PLAIN-ADDR-新宿区2-2-2", "PLAIN-NEAR", "PLAIN-EMERGENCY")


@dataclass
class Desk:
    world: World
    holder: Organisation
    plain: Household
    hidden: Household
    victim: Household
    cases: dict[str, Case] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)

    def user(self, kind: str, role: str = "admin") -> User:
        return self.world.user(kind, role)

    def org(self, kind: str) -> Organisation:
        return self.world.orgs[kind]


def _household(
    holder: Organisation, name: str, *, hidden: bool, circumstances: list[str], secrets: tuple[str, ...]
) -> Household:
    household = Household.objects.create(
        organisation=holder,
        pseudonym=name,
        municipality_id="131121",
        address=secrets[0],
        near=secrets[1],
        emergency_contacts=secrets[2],
        hidden=hidden,
        circumstances=circumstances,
        max_rent=60000,
    )
    HouseholdMember.objects.create(
        household=household,
        role="applicant",
        name=f"{name}-applicant",
        birth_date=date(1950, 5, 1),
        disability="ordinary",
        certificate="CERT-身体障害者手帳2級",
        care_level="care_2",
        salary_gross=0,
        pension_gross=1_234_567,
        other_income=7_654,
    )
    return household


@pytest.fixture
def desk(db: None) -> Desk:
    world = make_world()
    holder = world.orgs["municipality"]
    d = Desk(
        world=world,
        holder=holder,
        plain=_household(
            holder, "PLAIN-household", hidden=False, circumstances=["elderly"], secrets=PLAIN_SECRETS
        ),
        hidden=_household(
            holder, "HIDDEN-household", hidden=True, circumstances=["dv_victim"], secrets=HIDDEN_SECRETS
        ),
        victim=_household(
            holder, "VICTIM-household", hidden=False, circumstances=["dv_victim"], secrets=VICTIM_SECRETS
        ),
    )
    caseworker = world.user("municipality", "staff")
    for name in ("plain", "hidden", "victim"):
        case = Case.objects.create(household=getattr(d, name), organisation=holder, caseworker=caseworker)
        CaseEntry.objects.create(case=case, kind="note", text=f"{name} note", author=caseworker)
        Task.objects.create(case=case, title=f"{name} task", due=date(2030, 1, 7), created_by=caseworker)
        d.cases[name] = case
    return d


def consent(d: Desk, household: Household, kind: str, categories: list[str]) -> Consent:
    c = Consent.objects.create(
        household=household,
        purpose="住まい探し",
        categories=categories,
        method="signed_form",
        given_on=timezone.localdate() - timedelta(days=1),
        recorded_by=d.user("municipality"),
    )
    c.organisations.set([d.org(kind)])
    return c


def headers(d: Desk, kind: str, scopes: tuple[str, ...] = ("read", "cases")) -> dict[str, str]:
    _token, secret = api_token_create(
        actor=d.user(kind, "admin"), organisation=d.org(kind), name="desk system", scopes=list(scopes)
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def every_answer(client: Any, d: Desk, auth: dict[str, str]) -> dict[str, Any]:
    """Every read endpoint, and every household and case by id: path → response."""
    paths = [
        "/api/v1/households/",
        "/api/v1/cases/",
        "/api/v1/cases/?status=open",
        "/api/v1/referrals/",
        "/api/v1/referrals/?box=out",
    ]
    paths += [f"/api/v1/households/{h.pk}/" for h in Household.objects.all()]
    paths += [f"/api/v1/cases/{c.pk}/" for c in Case.objects.all()]
    return {p: client.get(p, **auth) for p in paths}


def _ids(response: Any) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# ------------------------------------------------------------------------------------------ the scope
@pytest.mark.parametrize("kind", NON_HOLDING)
def test_an_organisation_that_holds_no_households_cannot_be_given_the_cases_scope(
    desk: Desk, kind: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        api_token_create(
            actor=desk.user(kind), organisation=desk.org(kind), name="x", scopes=["read", "cases"]
        )
    assert "only for organisations that hold households" in str(refused.value.message_dict["scopes"])
    assert not ApiToken.objects.filter(organisation=desk.org(kind)).exists()
    # nor by writing the model directly (admin, shell, a future service)
    token = ApiToken(
        organisation=desk.org(kind), name="x", prefix="smi_x", token_hash="0" * 64, scopes=["cases"]
    )
    with pytest.raises(ValidationError):
        token.save()
    # the form does not offer it
    assert "cases" not in dict(TokenForm(kind=kind).fields["scopes"].choices)  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", HOUSEHOLD_HOLDING_KINDS)
def test_an_organisation_that_holds_households_may_be_given_the_cases_scope(desk: Desk, kind: str) -> None:
    token, _secret = api_token_create(
        actor=desk.user(kind), organisation=desk.org(kind), name="x", scopes=["read", "cases"]
    )
    assert token.scopes == ["cases", "read"]
    assert "cases" in dict(TokenForm(kind=kind).fields["scopes"].choices)  # type: ignore[attr-defined]


def test_the_landlord_token_page_refuses_the_cases_scope(client: Any, desk: Desk) -> None:
    client.force_login(desk.user("operator"))
    url = reverse("accounts:tokens", kwargs={"org_id": desk.org("operator").pk})
    response = client.post(url, {"name": "pms", "scopes": ["read", "cases"], "valid_days": "30"})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(organisation=desk.org("operator")).exists()


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_token_without_the_cases_scope_gets_403_everywhere(client: Any, desk: Desk, kind: str) -> None:
    auth = headers(desk, kind, ("read", "write"))
    for path, response in every_answer(client, desk, auth).items():
        assert response.status_code == 403, path
        assert "cases の権限" in response.json()["detail"], path
    note = client.post(
        f"/api/v1/cases/{desk.cases['plain'].pk}/notes/",
        {"text": "x"},
        content_type="application/json",
        **auth,
    )
    assert note.status_code == 403
    assert AccessLog.objects.count() == 0


def test_without_a_token_or_session_401(client: Any, desk: Desk) -> None:
    for path, response in every_answer(client, desk, {}).items():
        assert response.status_code == 401, path


def test_a_session_of_a_landlord_is_refused(client: Any, desk: Desk) -> None:
    client.force_login(desk.user("operator"))
    for path, response in every_answer(client, desk, {}).items():
        assert response.status_code == 403, path


# ------------------------------------------------------------------------------------------ zero leaks
CONSENTS = {
    "none": None,
    "no category": [],
    "health": ["health"],
    "income": ["income"],
    "dv": ["dv"],
    "all": ALL,
}


@pytest.mark.parametrize("kind", VIEWERS)
@pytest.mark.parametrize("given", list(CONSENTS))
def test_consent_decides_what_another_organisation_sees(
    client: Any, desk: Desk, kind: str, given: str
) -> None:
    categories = CONSENTS[given]
    if categories is not None:
        for household in (desk.plain, desk.hidden, desk.victim):
            consent(desk, household, kind, categories)
    # the organisation also works a case of the hidden household (a referral it accepted)
    own_case = Case.objects.create(household=desk.hidden, organisation=desk.org(kind))
    CaseEntry.objects.create(case=own_case, kind="note", text="met at the office")
    if categories is not None:
        Referral.objects.create(
            household=desk.hidden,
            from_organisation=desk.holder,
            to_organisation=desk.org(kind),
            from_kind="municipality",
            consent=desk.hidden.consents.first(),
            first_contact_due=date(2030, 1, 7),
            state="accepted",
            case=own_case,
        )
    answers = every_answer(client, desk, headers(desk, kind))
    everything = "".join(r.content.decode() for r in answers.values())

    # a hidden household's whereabouts never leave its holder, whatever the consent
    for secret in HIDDEN_SECRETS:
        assert secret not in everything
    # no member details of a category without consent, in any answer
    if "health" not in (categories or []):
        assert "CERT-" not in everything
        assert "care_2" not in everything
    if "income" not in (categories or []):
        assert "1234567" not in everything
        assert "7654" not in everything
    # the victim in hiding: its address only with the dv category
    for secret in VICTIM_SECRETS:
        assert (secret in everything) == ("dv" in (categories or []))
    # a plain household's address: to whoever sees the record
    for secret in PLAIN_SECRETS:
        assert (secret in everything) == (categories is not None)
    # the holder's cases are never another organisation's
    for case in desk.cases.values():
        assert answers[f"/api/v1/cases/{case.pk}/"].status_code == 404
        assert f"{case.pk} task" not in everything
    assert answers[f"/api/v1/cases/{own_case.pk}/"].status_code == 200

    listed = _ids(answers["/api/v1/households/"])
    if categories is None:
        assert listed == set()
        for household in (desk.plain, desk.hidden, desk.victim):
            response = answers[f"/api/v1/households/{household.pk}/"]
            assert response.status_code == 404
            assert response.json() == {"detail": "閲覧できる世帯の中に、このIDの世帯はありません。"}
        return
    assert listed == {desk.plain.pk, desk.hidden.pk, desk.victim.pk}
    for household in (desk.plain, desk.hidden, desk.victim):
        body = answers[f"/api/v1/households/{household.pk}/"].json()
        listed_row = next(
            r for r in answers["/api/v1/households/"].json()["results"] if r["id"] == household.pk
        )
        assert {k: v for k, v in body.items() if k != "eligibility"} == listed_row
        assert body["holder"] is False
        assert body["categories_shared"] == sorted(categories)
        member = body["members"][0]
        assert (member["disability"] is None) == ("health" not in categories)
        assert (member["certificate"] is None) == ("health" not in categories)
        assert (member["pension_gross"] is None) == ("income" not in categories)
        assert (member["widow"] is None) == ("income" not in categories)
        assert (body["eligibility"] is None) == (set(categories) != set(ALL))
        shows_dv = "dv_victim" in body["circumstances"]
        assert shows_dv == ("dv" in categories and "dv_victim" in household.circumstances)
        assert body["hidden"] == (household.hidden if "dv" in categories else None)
    assert answers[f"/api/v1/households/{desk.hidden.pk}/"].json()["address"] is None


@pytest.mark.parametrize("kind", VIEWERS)
def test_withdrawal_takes_effect_at_once(client: Any, desk: Desk, kind: str) -> None:
    given = consent(desk, desk.plain, kind, ALL)
    auth = headers(desk, kind)
    assert client.get(f"/api/v1/households/{desk.plain.pk}/", **auth).status_code == 200
    consent_withdraw(actor=desk.user("municipality"), consent=given)
    response = client.get(f"/api/v1/households/{desk.plain.pk}/", **auth)
    assert response.status_code == 404
    listed = client.get("/api/v1/households/", **auth)
    assert _ids(listed) == set()
    assert PLAIN_SECRETS[0] not in listed.content.decode()


def test_an_expired_consent_shows_nothing(client: Any, desk: Desk) -> None:
    given = consent(desk, desk.plain, "support_corporation", ALL)
    Consent.objects.filter(pk=given.pk).update(expires_on=timezone.localdate())
    auth = headers(desk, "support_corporation")
    assert client.get(f"/api/v1/households/{desk.plain.pk}/", **auth).status_code == 404


def test_the_holder_sees_everything(client: Any, desk: Desk) -> None:
    auth = headers(desk, "municipality")
    answers = every_answer(client, desk, auth)
    everything = "".join(r.content.decode() for r in answers.values())
    for secret in (*HIDDEN_SECRETS, *VICTIM_SECRETS, *PLAIN_SECRETS):
        assert secret in everything
    body = answers[f"/api/v1/households/{desk.hidden.pk}/"].json()
    assert body["holder"] is True
    assert body["hidden"] is True
    assert body["categories_shared"] == sorted(ALL)
    assert body["members"][0]["certificate"] == "CERT-身体障害者手帳2級"
    assert body["eligibility"]["result"]["groups"]
    assert _ids(answers["/api/v1/households/"]) == {desk.plain.pk, desk.hidden.pk, desk.victim.pk}
    assert _ids(answers["/api/v1/cases/"]) == {c.pk for c in desk.cases.values()}


def test_a_corporation_holding_its_own_household_sees_it_and_the_municipality_does_not(
    client: Any, desk: Desk
) -> None:
    own = _household(
        desk.org("support_corporation"),
        "CORP-household",
        hidden=True,
        circumstances=[],
        secrets=("CORP-ADDR", "CORP-NEAR", "CORP-EMERGENCY"),
    )
    mine = client.get(f"/api/v1/households/{own.pk}/", **headers(desk, "support_corporation"))
    assert mine.json()["address"] == "CORP-ADDR"
    theirs = every_answer(client, desk, headers(desk, "municipality"))
    assert theirs[f"/api/v1/households/{own.pk}/"].status_code == 404
    assert "CORP-ADDR" not in "".join(r.content.decode() for r in theirs.values())


def test_a_document_gives_its_name_and_type_only(client: Any, desk: Desk) -> None:
    from django.core.files.base import ContentFile

    entry = CaseEntry(
        case=desk.cases["plain"],
        kind="document",
        text="caption",
        file_name="lease.pdf",
        content_type="application/pdf",
    )
    entry.file.save("lease.pdf", ContentFile(b"%PDF-1.4 SECRET-CONTENT"), save=True)
    body = client.get(f"/api/v1/cases/{desk.cases['plain'].pk}/", **headers(desk, "municipality")).json()
    row = next(e for e in body["timeline"] if e["id"] == entry.pk)
    assert row == {
        "id": entry.pk,
        "kind": "document",
        "channel": None,
        "text": None,
        "status_change": None,
        "document": {"name": "lease.pdf", "content_type": "application/pdf"},
        "author": None,
        "at": row["at"],
    }
    assert "SECRET-CONTENT" not in json.dumps(body)
    assert entry.file.name not in json.dumps(body)
    assert [t["title"] for t in body["open_tasks"]] == ["plain task"]
    assert body["timeline_count"] == 2


# ------------------------------------------------------------------------------------------ access log
def test_every_household_read_is_logged_and_in_the_access_report(client: Any, desk: Desk) -> None:
    consent(desk, desk.plain, "support_corporation", ["income"])
    auth = headers(desk, "support_corporation")
    corp = desk.org("support_corporation")

    client.get(f"/api/v1/households/{desk.plain.pk}/", **auth)
    detail = AccessLog.objects.get()
    assert (detail.object_type, detail.object_id) == ("api:household-detail", f"pk={desk.plain.pk}")
    assert detail.organisation == corp
    assert detail.actor is None
    assert detail.purpose

    client.get("/api/v1/households/", **auth)
    listed = AccessLog.objects.filter(object_type="api:household-list")
    assert [(r.object_id, r.organisation_id) for r in listed] == [(f"pk={desk.plain.pk}", corp.pk)]

    # a refused read writes nothing
    before = AccessLog.objects.count()
    assert client.get(f"/api/v1/households/{desk.hidden.pk}/", **auth).status_code == 404
    assert AccessLog.objects.count() == before

    report = list(selectors.access_report(desk.plain))
    assert [r.object_type for r in report] == ["api:household-detail", "api:household-list"]
    assert selectors.access_report(desk.hidden).count() == 0

    # the printed report names the organisation whose system read it
    client.force_login(desk.user("municipality", "admin"))
    password_typed(client)  # the printable report asks for the password again
    page = client.get(f"/cases/households/{desk.plain.pk}/access/")
    assert page.status_code == 200
    assert corp.name in page.content.decode()


def test_every_case_read_is_logged_and_in_the_households_access_report(client: Any, desk: Desk) -> None:
    auth = headers(desk, "municipality")
    case = desk.cases["victim"]
    client.get(f"/api/v1/cases/{case.pk}/", **auth)
    client.get("/api/v1/cases/", **auth)
    rows = AccessLog.objects.filter(object_type__startswith="api:case")
    assert sorted((r.object_type, r.object_id) for r in rows) == sorted(
        [("api:case-detail", f"pk={case.pk}")]
        + [("api:case-list", f"pk={c.pk}") for c in desk.cases.values()]
    )
    report = selectors.access_report(desk.victim)
    assert sorted(r.object_type for r in report) == ["api:case-detail", "api:case-list"]
    # the referrals list names households by pseudonym only: not a read of the record
    before = AccessLog.objects.count()
    client.get("/api/v1/referrals/", **auth)
    assert AccessLog.objects.count() == before


def test_a_session_read_is_logged_with_the_person(client: Any, desk: Desk) -> None:
    user = desk.user("municipality", "viewer")
    client.force_login(user)
    assert client.get(f"/api/v1/households/{desk.plain.pk}/").status_code == 200
    row = AccessLog.objects.get()
    assert row.actor == user


# ------------------------------------------------------------------------------------------ pagination
def test_pagination_and_only_the_page_is_logged(client: Any, desk: Desk) -> None:
    for i in range(4):
        Household.objects.create(organisation=desk.holder, pseudonym=f"extra-{i}", municipality_id="131121")
    auth = headers(desk, "municipality")
    first = client.get("/api/v1/households/?page_size=3", **auth).json()
    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert AccessLog.objects.count() == 3
    last = client.get("/api/v1/households/?page_size=3&page=3", **auth).json()
    assert len(last["results"]) == 1
    assert last["next"] is None
    ids = [r["id"] for r in first["results"]] + [r["id"] for r in last["results"]]
    assert ids == sorted(ids)
    assert client.get("/api/v1/households/?page_size=0", **auth).json()["field"] == "page_size"
    assert client.get("/api/v1/households/?page=99", **auth).status_code == 404


# ------------------------------------------------------------------------------------------ filters
def test_households_updated_since(client: Any, desk: Desk) -> None:
    old = timezone.now() - timedelta(days=10)
    Household.objects.filter(pk__in=[desk.hidden.pk, desk.victim.pk]).update(updated_at=old)
    auth = headers(desk, "municipality")
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert _ids(client.get("/api/v1/households/", {"updated_since": since}, **auth)) == {desk.plain.pk}
    day = (timezone.localdate() - timedelta(days=20)).isoformat()
    assert len(_ids(client.get("/api/v1/households/", {"updated_since": day}, **auth))) == 3
    bad = client.get("/api/v1/households/", {"updated_since": "yesterday"}, **auth)
    assert bad.status_code == 400
    assert bad.json()["field"] == "updated_since"


def test_cases_filters(client: Any, desk: Desk) -> None:
    auth = headers(desk, "municipality")
    plain, hidden, victim = desk.cases["plain"], desk.cases["hidden"], desk.cases["victim"]
    long_ago = timezone.now() - timedelta(days=30)
    Case.objects.filter(pk=hidden.pk).update(
        status="closed", closed_at=long_ago, opened_at=long_ago, status_changed_at=long_ago, caseworker=None
    )
    Case.objects.filter(pk=victim.pk).update(opened_at=long_ago, status_changed_at=long_ago)
    CaseEntry.objects.filter(case__in=[hidden, victim]).update(at=long_ago)
    Task.objects.filter(case__in=[hidden, victim]).update(created_at=long_ago)

    def ids(**query: str) -> set[int]:
        response = client.get("/api/v1/cases/", query, **auth)
        assert response.status_code == 200, response.content
        return _ids(response)

    assert ids() == {plain.pk, hidden.pk, victim.pk}
    assert ids(status="open") == {plain.pk, victim.pk}
    assert ids(status="closed") == {hidden.pk}
    assert ids(caseworker=str(desk.user("municipality", "staff").pk)) == {plain.pk, victim.pk}
    assert ids(caseworker="none") == {hidden.pk}
    week = (timezone.now() - timedelta(days=7)).isoformat()
    assert ids(opened_since=week) == {plain.pk}
    assert ids(updated_since=week) == {plain.pk}
    CaseEntry.objects.create(case=victim, kind="note", text="called")  # a new entry: updated
    assert ids(updated_since=week) == {plain.pk, victim.pk}
    for name, value in (("status", "lost"), ("caseworker", "me"), ("opened_since", "2026-13-01")):
        response = client.get("/api/v1/cases/", {name: value}, **auth)
        assert response.status_code == 400
        assert response.json()["field"] == name


def test_referrals_in_and_out(client: Any, desk: Desk) -> None:
    corp = desk.org("support_corporation")
    given = consent(desk, desk.plain, "support_corporation", ["income"])
    referral = Referral.objects.create(
        household=desk.plain,
        from_organisation=desk.holder,
        to_organisation=corp,
        from_kind="municipality",
        consent=given,
        first_contact_due=date(2030, 1, 7),
        message="REFERRAL-MESSAGE",
    )
    out = client.get("/api/v1/referrals/?box=out", **headers(desk, "municipality")).json()
    into = client.get("/api/v1/referrals/", **headers(desk, "support_corporation")).json()
    assert [r["id"] for r in out["results"]] == [referral.pk]
    assert [r["id"] for r in into["results"]] == [referral.pk]
    assert into["results"][0]["box"] == "in"
    assert into["results"][0]["household"] == {"id": desk.plain.pk, "pseudonym": "PLAIN-household"}
    assert "REFERRAL-MESSAGE" not in json.dumps(into)
    assert client.get("/api/v1/referrals/", **headers(desk, "council")).json()["results"] == []
    assert client.get("/api/v1/referrals/?box=sideways", **headers(desk, "council")).status_code == 400
    assert (
        client.get("/api/v1/referrals/?state=accepted", **headers(desk, "support_corporation")).json()[
            "results"
        ]
        == []
    )


# ------------------------------------------------------------------------------------------ notes
def test_a_note_is_added_through_the_case_work_service(client: Any, desk: Desk) -> None:
    case = desk.cases["plain"]
    auth = headers(desk, "municipality", ("read", "write", "cases"))
    url = f"/api/v1/cases/{case.pk}/notes/"
    events = AuditEvent.objects.count()
    response = client.post(url, {"text": "電話で状況を確認した"}, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    entry = CaseEntry.objects.get(pk=response.json()["id"])
    assert (entry.kind, entry.text, entry.author) == ("note", "電話で状況を確認した", None)
    assert AuditEvent.objects.count() == events + 1
    contact = client.post(
        url, {"text": "訪問", "kind": "contact", "channel": "visit"}, content_type="application/json", **auth
    )
    assert contact.status_code == 201
    assert contact.json()["channel"] == "visit"

    def refused(body: Any, **extra: Any) -> Any:
        before = CaseEntry.objects.count()
        answer = client.post(url, body, content_type="application/json", **{**auth, **extra})
        assert CaseEntry.objects.count() == before
        return answer

    assert refused({"text": ""}).json()["field"] == "text"
    assert refused({"text": "x", "file": "y"}).json()["field"] == "file"
    assert refused({"text": "x", "kind": "contact"}).json()["field"] == "channel"
    assert refused({"text": "x", "kind": "document"}).json()["field"] == "kind"
    assert refused(["x"]).json()["field"] == "$"
    read_only = refused({"text": "x"}, **headers(desk, "municipality"))
    assert read_only.status_code == 403
    assert "write の権限" in read_only.json()["detail"]
    Case.objects.filter(pk=case.pk).update(status="closed", closed_at=timezone.now())
    assert refused({"text": "x"}).status_code == 409


def test_a_note_to_another_organisations_case_is_404(client: Any, desk: Desk) -> None:
    consent(desk, desk.plain, "support_corporation", ALL)
    auth = headers(desk, "support_corporation", ("read", "write", "cases"))
    response = client.post(
        f"/api/v1/cases/{desk.cases['plain'].pk}/notes/",
        {"text": "x"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 404
    assert CaseEntry.objects.filter(case=desk.cases["plain"]).count() == 1


def test_a_viewer_may_not_add_a_note(client: Any, desk: Desk) -> None:
    client.force_login(desk.user("municipality", "viewer"))
    response = client.post(
        f"/api/v1/cases/{desk.cases['plain'].pk}/notes/", {"text": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "閲覧のみ" in response.json()["detail"]


# ------------------------------------------------------------------------------------------ queries
def _count(client: Any, path: str, auth: dict[str, str]) -> int:
    client.get(path, **auth)  # warm: the token's first use is recorded, caches filled
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, **auth).status_code == 200
    return len(queries)


def _grow(desk: Desk, n: int, kind: str) -> None:
    corp = desk.org(kind)
    for i in range(n):
        h = _household(
            desk.holder,
            f"grown-{i}",
            hidden=bool(i % 2),
            circumstances=["dv_victim"],
            secrets=("a", "b", "c"),
        )
        HouseholdMember.objects.create(household=h, role="spouse", birth_date=date(1952, 1, 1))
        consent(desk, h, kind, ["health"])
        case = Case.objects.create(household=h, organisation=corp, caseworker=desk.user(kind, "staff"))
        Referral.objects.create(
            household=h,
            from_organisation=desk.holder,
            to_organisation=corp,
            from_kind="municipality",
            consent=h.consents.first(),
            first_contact_due=date(2030, 1, 7),
            case=case,
        )


@pytest.mark.parametrize("path", ["/api/v1/households/", "/api/v1/cases/", "/api/v1/referrals/"])
def test_queries_do_not_grow_with_rows(client: Any, desk: Desk, path: str) -> None:
    auth = headers(desk, "support_corporation")
    _grow(desk, 2, "support_corporation")
    few = _count(client, path, auth)
    _grow(desk, 8, "support_corporation")
    many = _count(client, path, auth)
    assert many == few
    assert few <= 12


def test_one_case_in_bounded_queries(client: Any, desk: Desk, django_assert_max_num_queries: Any) -> None:
    auth = headers(desk, "municipality")
    case = desk.cases["plain"]
    for i in range(20):
        CaseEntry.objects.create(
            case=case, kind="note", text=f"n{i}", author=desk.user("municipality", "staff")
        )
        Task.objects.create(
            case=case, title=f"t{i}", due=date(2030, 1, 7), assignee=desk.user("municipality")
        )
    client.get("/api/v1/cases/", **auth)  # warm: the token's first use is recorded, caches filled
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/v1/cases/{case.pk}/", **auth).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/households/{desk.plain.pk}/", **auth).status_code == 200


# ------------------------------------------------------------------------------------------ schema
def test_the_schema_lists_the_endpoints_and_validates(tmp_path: Any) -> None:
    out = tmp_path / "schema.json"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(out)
    )
    paths = json.loads(out.read_text())["paths"]
    for path, method in (
        ("/api/v1/households/", "get"),
        ("/api/v1/households/{id}/", "get"),
        ("/api/v1/cases/", "get"),
        ("/api/v1/cases/{id}/", "get"),
        ("/api/v1/cases/{id}/notes/", "post"),
        ("/api/v1/referrals/", "get"),
    ):
        assert method in paths[path], path
        assert "404" in paths[path][method]["responses"] or path.endswith("/")


def test_a_writer_elsewhere_may_not_add_a_note_where_they_only_read(client: Any, desk: Desk) -> None:
    from sumai.accounts.models import Membership

    user = desk.user("municipality", "viewer")
    Membership.objects.create(user=user, organisation=desk.org("support_corporation"), role="staff")
    client.force_login(user)
    response = client.post(
        f"/api/v1/cases/{desk.cases['plain'].pk}/notes/", {"text": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert CaseEntry.objects.filter(case=desk.cases["plain"]).count() == 1


def test_a_status_change_reads_in_words_with_its_codes_apart(client: Any, desk: Desk) -> None:
    """The timeline's status entries are words (like the case page), the codes in their own field."""
    from django.utils import translation

    case = desk.cases["plain"]
    entry = CaseEntry.objects.create(case=case, kind="status", text="searching→closed|housed_stable")
    body = client.get(
        f"/api/v1/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en", **headers(desk, "municipality")
    ).json()
    row = next(e for e in body["timeline"] if e["id"] == entry.pk)
    assert row["status_change"] == {"from": "searching", "to": "closed", "close_reason": "housed_stable"}
    assert "→" in row["text"]
    for code in ("searching", "housed_stable", "|"):
        assert code not in row["text"], row["text"]
    with translation.override("en"):
        assert row["text"].startswith("Looking for a home") or row["text"].startswith("住まい")
