"""Onboarding: self-service sign-up (landlord, agent, would-be support corporation) and the platform
administrator's screens (organisations, users, jurisdictions, sign-ups). docs/decisions/0009-onboarding.md."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from sumai.accounts.models import ApiToken, Invitation, Membership, Organisation, SignupRequest, User
from sumai.accounts.tokens import hash_secret
from sumai.audit.models import AuditEvent
from sumai.domain.identifiers import corporate_check_digit, parse_agent_licence, parse_corporate_number
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Tatami-and-fusuma-2026"
LANDLORD = {
    "kind": "operator",
    "organisation_name": "山田 花子",
    "organisation_name_kana": "ヤマダ ハナコ",
    "prefecture": "13",
    "person_name": "山田 花子",
    "email": "hanako.yamada@example.jp",
    "phone": "03-1234-5678",
    "password1": NEW_PASSWORD,
    "password2": NEW_PASSWORD,
    "agree": "on",
}
AGENT = {
    **LANDLORD,
    "kind": "agent",
    "organisation_name": "さくら不動産株式会社",
    "email": "info@sakura-fudosan.example.jp",
    "licence_number": "東京都知事（３）第８９０１２号",
}
CORPORATION = {
    **LANDLORD,
    "kind": "support_corporation",
    "organisation_name": "NPO法人 すまいの輪",
    "email": "office@sumainowa.example.jp",
    "corporate_number": "7000012050002",
}


# ---------------------------------------------------------------------------------------------- domain
@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("東京都知事(3)第89012号", "東京都知事(3)第89012号"),
        ("東京都知事（３）第８９０１２号", "東京都知事(3)第89012号"),  # full-width, as typed with an IME
        ("国土交通大臣 (1) 第9876号", "国土交通大臣(1)第9876号"),
        ("北海道知事(14)第1号", "北海道知事(14)第1号"),
        ("大阪府知事〔2〕第55555号", "大阪府知事(2)第55555号"),
        ("東京都(3)第89012号", None),  # no grantor
        ("架空県知事(1)第1号", None),  # no such prefecture
        ("東京都知事(0)第1号", None),  # terms start at 1
        ("東京都知事第89012号", None),  # no term
        ("89012", None),
        ("", None),
    ],
)
def test_agent_licence_numbers_read_as_typed(typed: str, canonical: str | None) -> None:
    parsed = parse_agent_licence(typed)
    assert (str(parsed) if parsed else None) == canonical


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("7000012050002", "7000012050002"),  # 国税庁
        ("７０００ ０１２０ ５０００２", "7000012050002"),
        ("1000011000005", "1000011000005"),  # 国会
        ("7000012050003", None),  # last digit changed
        ("8000012050002", None),  # check digit wrong
        ("700001205000", None),  # 12 digits
        ("", None),
    ],
)
def test_corporate_numbers_are_checked(typed: str, canonical: str | None) -> None:
    assert parse_corporate_number(typed) == canonical


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(0, 11), st.integers(1, 9))
def test_a_corporate_number_with_its_check_digit_passes_and_one_changed_digit_fails(
    base: str, position: int, delta: int
) -> None:
    number = f"{corporate_check_digit(base)}{base}"
    assert parse_corporate_number(number) == number
    digits = list(base)
    old = int(digits[position])
    digits[position] = str((old + delta) % 10)
    changed = "".join(digits)
    weight = 1 if (12 - position) % 2 else 2  # position counted from the right, starting at 1
    detectable = (weight * (int(digits[position]) - old)) % 9 != 0  # 0↔9 is the one change it cannot see
    assert (parse_corporate_number(f"{corporate_check_digit(base)}{changed}") is None) == detectable


# ----------------------------------------------------------------------------------------------- sign-up
def _sign_up(client, data, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(reverse("accounts:signup"), data)


def _link(body: str) -> str:
    match = re.search(r"https?://\S+/accounts/signup/verify/\S+/", body)
    assert match, body
    return match.group(0)


def test_a_landlord_signs_up_confirms_and_is_logged_in_as_admin(client, django_capture_on_commit_callbacks):
    response = _sign_up(client, LANDLORD, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_sent")
    assert not User.objects.filter(email=LANDLORD["email"]).exists()  # nothing but the request yet
    request = SignupRequest.objects.get()
    assert request.state == "unverified"
    assert request.password_hash
    assert NEW_PASSWORD not in request.password_hash
    (message,) = mail.outbox
    assert message.to == [LANDLORD["email"]]
    link = _link(message.body)
    assert link.startswith("http")  # absolute, from SUMAI["BASE_URL"]
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    assert (
        SignupRequest.objects.get().state == "unverified"
    )  # opening the link (a mail scanner) verifies nobody
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/" + path)
    assert done.status_code == 302
    assert done["Location"] == reverse("web:dashboard")
    user = User.objects.get(email=LANDLORD["email"])
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert membership.role == "admin"
    assert membership.organisation.kind == "operator"
    assert membership.organisation.name == "山田 花子"
    assert SignupRequest.objects.get().state == "approved"
    assert SignupRequest.objects.get().password_hash == ""
    assert client.get(reverse("web:dashboard")).status_code == 200  # logged in
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "signup.create",
        "signup.verify",
        "signup.approve",
        "organisation.create",
        "user.create",
    } <= actions
    again = client.post("/" + path)  # the link works once: opened again it says so, and makes nothing
    assert again.status_code == 200
    assert "already confirmed" in again.content.decode() or "確認済み" in again.content.decode()
    assert Organisation.objects.filter(kind="operator").count() == 1


def test_an_agent_waits_for_the_platform_administrator_who_approves(
    client, django_capture_on_commit_callbacks
):
    root = UserFactory(email="root@example.jp", is_superuser=True, is_staff=True)
    _sign_up(client, AGENT, django_capture_on_commit_callbacks)
    request = SignupRequest.objects.get()
    assert request.licence_number == "東京都知事(3)第89012号"  # canonical
    path = "/" + _link(mail.outbox[0].body).split("://", 1)[1].split("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.post(path)
    assert waiting.status_code == 200
    assert (
        "usually within two working days" in waiting.content.decode() or "2営業日" in waiting.content.decode()
    )
    assert not User.objects.filter(email=AGENT["email"]).exists()
    assert SignupRequest.objects.get().state == "awaiting_approval"
    to_admin = [m for m in mail.outbox if m.to == [root.email]]
    assert to_admin
    assert f"/accounts/platform/signups/{request.pk}/" in to_admin[0].body
    client.force_login(root)
    queue = client.get(reverse("accounts:platform_signups")).content.decode()
    assert "さくら不動産株式会社" in queue
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(
            reverse("accounts:platform_signup_decide", kwargs={"signup_id": request.pk}),
            {"decision": "approve"},
        )
    org = Organisation.objects.get(name="さくら不動産株式会社")
    assert decided["Location"] == reverse("accounts:platform_organisation", kwargs={"org_id": org.pk})
    assert org.kind == "agent"
    assert org.licence_number == "東京都知事(3)第89012号"
    assert [m.to for m in mail.outbox] == [[AGENT["email"]]]
    assert re.search(r"https?://\S+/accounts/login/", mail.outbox[0].body)
    client.logout()
    login = client.post(reverse("accounts:login"), {"username": AGENT["email"], "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_a_support_corporation_refused_is_told_why_and_nothing_is_made(
    client, django_capture_on_commit_callbacks
):
    root = UserFactory(email="root@example.jp", is_superuser=True)
    _sign_up(client, CORPORATION, django_capture_on_commit_callbacks)
    request = SignupRequest.objects.get()
    request.state = "awaiting_approval"
    request.save()
    client.force_login(root)
    url = reverse("accounts:platform_signup_decide", kwargs={"signup_id": request.pk})
    empty = client.post(url, {"decision": "reject", "reason": ""})
    assert empty.status_code == 400
    assert SignupRequest.objects.get().state == "awaiting_approval"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "reject", "reason": "法人番号の名称が一致しません。"})
    assert SignupRequest.objects.get().state == "rejected"
    assert not Organisation.objects.filter(name=CORPORATION["organisation_name"]).exists()
    assert "法人番号の名称が一致しません。" in mail.outbox[0].body
    twice = client.post(url, {"decision": "approve"})
    assert twice.status_code == 400
    assert not Organisation.objects.filter(kind="support_corporation").exists()


def test_an_address_with_an_account_gets_the_same_answer_and_an_e_mail_saying_so(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email=LANDLORD["email"])
    response = _sign_up(client, LANDLORD, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_sent")
    assert not SignupRequest.objects.exists()
    (message,) = mail.outbox
    assert "/accounts/login/" in message.body
    assert "/accounts/password/reset/" in message.body
    assert "/signup/verify/" not in message.body


def test_a_honeypot_filled_by_a_program_is_answered_alike_and_keeps_nothing(
    client, django_capture_on_commit_callbacks
):
    response = _sign_up(
        client, {**LANDLORD, "website": "http://spam.example"}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_sent")
    assert not SignupRequest.objects.exists()
    assert not mail.outbox


def test_sign_ups_are_throttled_per_client_and_per_address(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SUMAI = {**settings.SUMAI, "SIGNUP_IP_RATE": "3/hour", "SIGNUP_ADDRESS_RATE": "2/hour"}
    wrong = {**LANDLORD, "password2": "a different one"}
    assert [client.post(reverse("accounts:signup"), wrong).status_code for _ in range(5)] == [400] * 5
    # mistakes corrected do not count: the limit is on sign-ups sent
    codes = [_sign_up(client, LANDLORD, django_capture_on_commit_callbacks).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert len(mail.outbox) == 2  # the third for the same address was answered alike but sent nothing


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"kind": "agent", "licence_number": "12345"}, "licence_number", "東京都知事(3)第89012号"),
        ({"kind": "support_corporation", "corporate_number": ""}, "corporate_number", "法人番号"),
        ({"kind": "agent", "licence_number": ""}, "licence_number", "免許番号"),
        ({"kind": "support_corporation", "corporate_number": "7000012050003"}, "corporate_number", "13"),
        ({"phone": "12-34"}, "phone", "03-1234-5678"),
        ({"password2": "something-else-entirely"}, "password2", "一致しません"),
        ({"password1": "short", "password2": "short"}, "password1", "パスワード"),
        ({"agree": ""}, "agree", "必須"),
        ({"kind": "authority"}, "kind", "候補にありません"),
        ({"email": "not an address"}, "email", "有効なメールアドレス"),
    ],
)
def test_bad_input_names_the_field_and_keeps_nothing(client, change, field, words):
    response = client.post(reverse("accounts:signup"), {**LANDLORD, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert words.lower() in " ".join(response.context["form"].errors[field]).lower()
    assert not SignupRequest.objects.exists()


def test_full_width_input_from_a_japanese_keyboard_is_accepted(client, django_capture_on_commit_callbacks):
    data = {**LANDLORD, "email": "ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ", "phone": "０３−１２３４−５６７８"}
    response = _sign_up(client, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert SignupRequest.objects.get().email == "hanako@example.jp"


def test_an_expired_link_says_so(client, django_capture_on_commit_callbacks):
    _sign_up(client, LANDLORD, django_capture_on_commit_callbacks)
    SignupRequest.objects.update(verify_by=timezone.now() - timedelta(minutes=1))
    path = "/" + _link(mail.outbox[0].body).split("://", 1)[1].split("/", 1)[1]
    page = client.get(path)
    assert page.status_code == 404
    assert reverse("accounts:signup") in page.content.decode()
    assert client.post(path).status_code == 404
    assert not User.objects.filter(email=LANDLORD["email"]).exists()


def test_signing_up_again_replaces_the_unconfirmed_request(client, django_capture_on_commit_callbacks):
    _sign_up(client, LANDLORD, django_capture_on_commit_callbacks)
    first = "/" + _link(mail.outbox[0].body).split("://", 1)[1].split("/", 1)[1]
    _sign_up(client, LANDLORD, django_capture_on_commit_callbacks)
    assert client.get(first).status_code == 404
    assert SignupRequest.objects.filter(state="unverified").count() == 1


# ---------------------------------------------------------------------------------------- the platform
@pytest.fixture
def root(client):  # type: ignore[no-untyped-def]
    user = UserFactory(email="root@example.jp", is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def test_the_platform_adds_an_authority_for_a_jurisdiction_and_invites_its_first_admin(
    client, root, django_capture_on_commit_callbacks
):
    page = client.get(reverse("accounts:platform_jurisdictions") + "?missing=1").content.decode()
    assert "北海道" in page
    assert "札幌市" in page
    add = re.search(r'href="(/accounts/platform/organisations/new/\?kind=authority[^"]*010006[^"]*)"', page)
    assert add, "each jurisdiction without an organisation links to a prefilled form"
    form = client.get(add.group(1).replace("&amp;", "&"))
    assert form.context["form"].initial["authority_code"] == "010006"
    created = client.post(
        reverse("accounts:platform_organisation_new"),
        {"kind": "authority", "name": "北海道 住宅課", "prefecture": "01", "authority_code": "010006"},
    )
    org = Organisation.objects.get(name="北海道 住宅課")
    assert created["Location"] == reverse("accounts:platform_organisation", kwargs={"org_id": org.pk})
    assert "北海道 住宅課" in client.get(reverse("accounts:platform_jurisdictions")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:platform_organisation_invite", kwargs={"org_id": org.pk}),
            {"invite-email": "ｋａｃｈｏ＠ｐｒｅｆ．ｅｘａｍｐｌｅ．ｊｐ"},
        )
    invitation = Invitation.objects.get(organisation=org)
    assert invitation.email == "kacho@pref.example.jp"
    assert invitation.role == "admin"
    link = re.search(r"https?://\S+/accounts/invitations/\S+/", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    client.logout()
    path = "/" + link.group(0).split("://", 1)[1].split("/", 1)[1]
    client.post(path, {"name": "課長", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert Membership.objects.get(organisation=org).role == "admin"


def test_an_authority_without_its_jurisdiction_is_refused_by_field(client, root):
    response = client.post(
        reverse("accounts:platform_organisation_new"), {"kind": "authority", "name": "どこかの県"}
    )
    assert response.status_code == 400
    assert not Organisation.objects.filter(name="どこかの県").exists()


def test_an_edit_made_meanwhile_is_not_overwritten(client, root):
    org = OrganisationFactory(kind="operator", name="元の名前")
    url = reverse("accounts:platform_organisation", kwargs={"org_id": org.pk})
    token = client.get(url).context["form"]["edit_token"].value()
    Organisation.objects.filter(pk=org.pk).update(name="誰かが変えた名前")
    response = client.post(url, {"kind": "operator", "name": "私の変更", "edit_token": token})
    assert response.status_code == 409
    assert Organisation.objects.get(pk=org.pk).name == "誰かが変えた名前"


def test_a_deactivated_user_is_logged_out_and_their_tokens_die(client, root):
    org = OrganisationFactory(kind="operator")
    person = UserFactory(email="leaver@example.jp")
    Membership.objects.create(user=person, organisation=org, role="admin")
    token = ApiToken.objects.create(
        organisation=org,
        name="t",
        prefix="smi_x",
        token_hash=hash_secret("smi_secret"),
        scopes=["read"],
        created_by=person,
    )
    other = client.__class__()
    other.force_login(person)
    assert other.get(reverse("web:dashboard")).status_code == 200
    url = reverse("accounts:platform_user_active", kwargs={"user_id": person.pk})
    asked = client.post(url, {"active": "no"})
    assert asked.status_code == 200
    assert User.objects.get(pk=person.pk).is_active
    client.post(url, {"active": "no", "confirmed": "yes"})
    assert not User.objects.get(pk=person.pk).is_active
    after = other.get(reverse("web:dashboard"))
    assert after.status_code == 302
    assert reverse("accounts:login") in after["Location"]
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = client.__class__().get("/api/v1/units/", HTTP_AUTHORIZATION="Bearer smi_secret")
    assert api.status_code == 401
    assert AuditEvent.objects.filter(action="user.deactivate", object_id=str(person.pk)).exists()
    assert (
        client.post(
            reverse("accounts:platform_user_active", kwargs={"user_id": root.pk}),
            {"active": "no", "confirmed": "yes"},
        ).status_code
        == 302
    )
    assert User.objects.get(pk=root.pk).is_active  # not oneself


def test_a_deactivated_organisation_gives_its_members_no_rights(client, root):
    org = OrganisationFactory(kind="operator")
    person = UserFactory(email="member@example.jp")
    Membership.objects.create(user=person, organisation=org, role="admin")
    client.post(
        reverse("accounts:platform_organisation_active", kwargs={"org_id": org.pk}),
        {"active": "no", "confirmed": "yes"},
    )
    member = client.__class__()
    member.force_login(person)
    assert member.get(reverse("registry:buildings")).status_code == 403
    client.post(
        reverse("accounts:platform_organisation_active", kwargs={"org_id": org.pk}), {"active": "yes"}
    )
    assert member.get(reverse("registry:buildings")).status_code == 200


def test_the_lists_search_and_filter(client, root):
    OrganisationFactory(kind="agent", name="さくら不動産", licence_number="東京都知事(3)第89012号")
    OrganisationFactory(kind="operator", name="もみじ荘")
    page = client.get(reverse("accounts:platform_organisations"), {"q": "89012"}).content.decode()
    assert "さくら不動産" in page
    assert "もみじ荘" not in page
    page = client.get(reverse("accounts:platform_organisations"), {"kind": "operator"}).content.decode()
    assert "もみじ荘" in page
    assert "さくら不動産" not in page
    UserFactory(email="findme@example.jp")
    page = client.get(reverse("accounts:platform_users"), {"q": "findme"}).content.decode()
    assert "findme@example.jp" in page
    assert "root@example.jp" not in page


def test_members_of_organisations_never_see_the_platform(client):
    org = OrganisationFactory(kind="national")
    person = UserFactory(email="ministry@example.jp")
    Membership.objects.create(user=person, organisation=org, role="admin")
    client.force_login(person)
    for name in ("accounts:platform", "accounts:platform_users", "accounts:platform_signups"):
        assert client.get(reverse(name)).status_code == 403


def test_reactivating_a_user_does_not_revive_an_old_session(client, root):
    person = UserFactory(email="leaver2@example.jp")
    Membership.objects.create(user=person, organisation=OrganisationFactory(kind="operator"), role="admin")
    old = client.__class__()
    old.force_login(person)
    url = reverse("accounts:platform_user_active", kwargs={"user_id": person.pk})
    client.post(url, {"active": "no", "confirmed": "yes"})
    client.post(url, {"active": "yes"})
    assert User.objects.get(pk=person.pk).is_active
    after = old.get(reverse("web:dashboard"))
    assert after.status_code == 302  # the old browser must log in again
    assert reverse("accounts:login") in after["Location"]


def test_login_accepts_the_full_width_address_sign_up_accepted(client):
    from tests.factories import PASSWORD

    UserFactory(email="taro@example.jp")
    response = client.post(
        reverse("accounts:login"), {"username": "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_a_replaced_link_says_a_newer_e_mail_replaced_it(client, django_capture_on_commit_callbacks):
    _sign_up(client, LANDLORD, django_capture_on_commit_callbacks)
    first = "/" + _link(mail.outbox[0].body).split("://", 1)[1].split("/", 1)[1]
    _sign_up(client, LANDLORD, django_capture_on_commit_callbacks)
    page = client.get(first).content.decode()
    assert "newer" in page or "新しい" in page


def test_the_confirmation_page_speaks_the_language_of_the_sign_up(client, django_capture_on_commit_callbacks):
    client.cookies["sumai_language"] = "vi"
    _sign_up(client, LANDLORD, django_capture_on_commit_callbacks)
    path = "/" + _link(mail.outbox[0].body).split("://", 1)[1].split("/", 1)[1]
    fresh = client.__class__()  # the e-mail opened in another browser, with no language chosen
    assert "Xác nhận" in fresh.get(path).content.decode()


def test_who_knows_the_password_of_a_stopped_account_or_a_waiting_sign_up_is_told_so(
    client, django_capture_on_commit_callbacks
):
    from tests.factories import PASSWORD

    UserFactory(email="stopped@example.jp", is_active=False)
    page = client.post(reverse("accounts:login"), {"username": "stopped@example.jp", "password": PASSWORD})
    assert "stopped" in page.content.decode() or "停止" in page.content.decode()
    wrong = client.post(
        reverse("accounts:login"), {"username": "stopped@example.jp", "password": "nope-nope-1"}
    )
    assert "停止" not in wrong.content.decode()  # a wrong password learns nothing
    _sign_up(client, AGENT, django_capture_on_commit_callbacks)
    SignupRequest.objects.update(state="awaiting_approval")
    page = client.post(reverse("accounts:login"), {"username": AGENT["email"], "password": NEW_PASSWORD})
    assert "確認" in page.content.decode() or "being checked" in page.content.decode()


@pytest.mark.parametrize(
    ("language", "words"),
    [("vi", "Mật khẩu quá ngắn"), ("ko", "비밀번호가 너무 짧습니다"), ("ja-x-easy", "みじかすぎます")],
)
def test_django_s_own_messages_speak_the_page_s_language(client, language, words):
    """Django's catalogues lack its 5.2 password message in some languages (it fell back to Japanese)."""
    client.cookies["sumai_language"] = language
    response = client.post(reverse("accounts:signup"), {**LANDLORD, "password1": "Ab3", "password2": "Ab3"})
    errors = " ".join(response.context["form"].errors["password1"])
    assert words in errors
    assert "短すぎます" not in errors
