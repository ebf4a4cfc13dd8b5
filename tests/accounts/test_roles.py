"""Role × URL matrix for the account pages, and the admin-only actions."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from sumai.accounts.models import ApiToken, Invitation, Membership
from sumai.audit.models import AuditEvent
from tests.factories import KIND_DEFAULTS

KINDS = list(KIND_DEFAULTS)
ROLES = ["admin", "staff", "viewer"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_dashboard_and_own_organisation_for_every_role(client, demo_orgs, kind, role):
    user = demo_orgs.user(kind, role)
    client.force_login(user)
    dash = client.get(reverse("web:dashboard"))
    assert dash.status_code == 200
    assert demo_orgs.orgs[kind].name in dash.content.decode()
    own = client.get(reverse("accounts:organisation", kwargs={"org_id": demo_orgs.orgs[kind].pk}))
    assert own.status_code == 200
    # another organisation's page is refused
    other = next(o for k, o in demo_orgs.orgs.items() if k != kind)
    assert client.get(reverse("accounts:organisation", kwargs={"org_id": other.pk})).status_code == 403
    tokens = client.get(reverse("accounts:tokens", kwargs={"org_id": demo_orgs.orgs[kind].pk}))
    assert tokens.status_code == (200 if role == "admin" else 403)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["web:dashboard", "accounts:password_change"],
)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_anonymous_cannot_reach_organisation_pages(client, demo_orgs):
    org = demo_orgs.orgs["operator"]
    for name in ["accounts:organisation", "accounts:tokens"]:
        response = client.get(reverse(name, kwargs={"org_id": org.pk}))
        assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "viewer"])
def test_only_admins_invite_and_remove(client, demo_orgs, role):
    org = demo_orgs.orgs["support_corporation"]
    client.force_login(demo_orgs.user("support_corporation", role))
    response = client.post(
        reverse("accounts:invite", kwargs={"org_id": org.pk}), {"email": "new@example.jp", "role": "staff"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    victim = Membership.objects.get(organisation=org, role="viewer")
    response = client.post(
        reverse("accounts:member_remove", kwargs={"org_id": org.pk, "membership_id": victim.pk})
    )
    assert response.status_code == 403
    assert Membership.objects.filter(pk=victim.pk).exists()


@pytest.mark.django_db
def test_admin_invites_and_the_invitee_joins(client, demo_orgs, django_capture_on_commit_callbacks):
    org = demo_orgs.orgs["support_corporation"]
    admin = demo_orgs.user("support_corporation", "admin")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invite", kwargs={"org_id": org.pk}),
            {"email": "New.Person@Example.jp", "role": "staff"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new.person@example.jp"
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(w for w in body.split() if "/accounts/invitations/" in w)
    path = link[link.index("/accounts/") :]
    client.logout()
    form = client.get(path)
    assert form.status_code == 200
    mismatch = client.post(
        path, {"name": "新人", "password1": "a-long-password-1", "password2": "different-1"}
    )
    assert mismatch.status_code == 400
    done = client.post(
        path, {"name": "新人", "password1": "a-long-password-1", "password2": "a-long-password-1"}
    )
    assert done.status_code == 302
    assert Membership.objects.filter(
        organisation=org, user__email="new.person@example.jp", role="staff"
    ).exists()
    # the link works once
    assert client.get(path).status_code == 404
    assert AuditEvent.objects.filter(action="invitation.accept").exists()


@pytest.mark.django_db
def test_the_last_admin_cannot_be_removed(client, demo_orgs):
    org = demo_orgs.orgs["operator"]
    admin = demo_orgs.user("operator", "admin")
    client.force_login(admin)
    own = Membership.objects.get(user=admin, organisation=org)
    client.post(reverse("accounts:member_remove", kwargs={"org_id": org.pk, "membership_id": own.pk}))
    assert Membership.objects.filter(pk=own.pk).exists()
    viewer = Membership.objects.get(organisation=org, role="viewer")
    client.post(reverse("accounts:member_remove", kwargs={"org_id": org.pk, "membership_id": viewer.pk}))
    assert not Membership.objects.filter(pk=viewer.pk).exists()
    event = AuditEvent.objects.get(action="membership.remove")
    assert event.actor == admin
    assert event.before["role"] == "viewer"


@pytest.mark.django_db
def test_admin_changes_a_role(client, demo_orgs):
    org = demo_orgs.orgs["council"]
    client.force_login(demo_orgs.user("council", "admin"))
    viewer = Membership.objects.get(organisation=org, role="viewer")
    client.post(
        reverse("accounts:member_role", kwargs={"org_id": org.pk, "membership_id": viewer.pk}),
        {"role": "staff"},
    )
    viewer.refresh_from_db()
    assert viewer.role == "staff"


@pytest.mark.django_db
def test_token_is_shown_once_and_stored_hashed(client, demo_orgs):
    org = demo_orgs.orgs["operator"]
    client.force_login(demo_orgs.user("operator", "admin"))
    response = client.post(
        reverse("accounts:tokens", kwargs={"org_id": org.pk}),
        {"name": "在庫連携", "scopes": ["read", "write"]},
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("smi_")
    assert secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    assert secret not in (token.token_hash, token.prefix)
    assert len(token.token_hash) == 64
    again = client.get(reverse("accounts:tokens", kwargs={"org_id": org.pk}))
    assert secret not in again.content.decode()
    # token works on the API, then is revoked and refused with a clear answer
    api = client.__class__()
    me = api.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.status_code == 200
    assert me.json()["kind"] == "token"
    assert me.json()["organisations"][0]["role"] == "staff"
    client.post(reverse("accounts:token_revoke", kwargs={"org_id": org.pk, "token_id": token.pk}))
    refused = api.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]


@pytest.mark.django_db
def test_token_form_errors_name_the_field(client, demo_orgs):
    org = demo_orgs.orgs["operator"]
    client.force_login(demo_orgs.user("operator", "admin"))
    response = client.post(
        reverse("accounts:tokens", kwargs={"org_id": org.pk}),
        {"name": "", "scopes": []},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    assert set(response.context["form"].errors) == {"name", "scopes"}
