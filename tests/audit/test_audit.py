from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.accounts import services
from sumai.audit.models import AccessLog, AuditEvent
from sumai.audit.services import log_access


@pytest.mark.django_db
def test_services_write_events_with_actor_org_and_request_id(client, demo_orgs):
    org = demo_orgs.orgs["operator"]
    admin = demo_orgs.user("operator", "admin")
    client.force_login(admin)
    response = client.post(
        reverse("accounts:tokens", kwargs={"org_id": org.pk}),
        {"name": "x", "scopes": ["read"]},
        HTTP_X_REQUEST_ID="req-123456",
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == admin
    assert event.organisation == org
    assert event.request_id == "req-123456"
    assert event.after["scopes"] == ["read"]


@pytest.mark.django_db
def test_history_visible_to_staff_of_the_organisation_only(client, demo_orgs):
    org = demo_orgs.orgs["council"]
    services.api_token_create(
        actor=demo_orgs.user("council", "admin"), organisation=org, name="t", scopes=["read"]
    )
    url = reverse(
        "audit:history",
        kwargs={"object_type": "accounts.apitoken", "object_id": str(AuditEvent.objects.get().object_id)},
    )
    client.force_login(demo_orgs.user("council", "staff"))
    page = client.get(url).content.decode()
    assert "APIトークンを発行" in page  # the action in words, never its code
    assert "api_token.create" not in page
    client.force_login(demo_orgs.user("operator", "staff"))
    other = client.get(url)
    assert other.status_code == 200
    assert "APIトークンを発行" not in other.content.decode()
    client.force_login(demo_orgs.user("council", "viewer"))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_access_log_records_who_saw_what(demo_orgs):
    viewer = demo_orgs.user("support_corporation", "staff")
    org = demo_orgs.orgs["support_corporation"]
    log_access(actor=viewer, obj=org, purpose="case review", fields=["disability"], organisation=org)
    entry = AccessLog.objects.get()
    assert (entry.actor, entry.object_type, entry.fields) == (viewer, "accounts.organisation", ["disability"])


@pytest.mark.django_db
def test_an_undeclared_action_is_refused(demo_orgs):
    from sumai.audit.services import record_event

    with pytest.raises(ValueError, match="unknown audit action"):
        record_event(actor=None, action="building.explode", obj=demo_orgs.orgs["operator"])
    assert not AuditEvent.objects.filter(action="building.explode").exists()


def test_every_declared_action_has_words_in_japanese_and_english():
    from django.utils import translation

    from sumai.core.audit import label, registered

    for value in registered():
        for language in ("ja", "en"):
            with translation.override(language):
                words = label(value)
            assert words, (value, language)
            assert words != value, (value, language)
        with translation.override("ja"):
            assert not label(value).isascii(), f"{value} has no Japanese words"


def test_action_words_never_change_the_words_of_a_state():
    """'Changes requested' is both a registration state (補正依頼中) and an action (補正を依頼): the action
    labels have their own context, so adding them left the state's words alone."""
    from django.utils import translation

    from sumai.core.audit import label
    from sumai.registry.models import Registration

    with translation.override("ja"):
        assert str(Registration.State("changes_requested").label) == "補正依頼中"
        assert str(Registration.State("registered").label) == "登録済み"
        assert label("registration.request_changes") == "補正を依頼"
