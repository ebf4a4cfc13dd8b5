"""API tokens (#13 item 6): an owner and an expiry, dead with the owner's membership, one throttle bucket
per token, and a last use that never writes on every request nor waits for a held SQLite lock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sumai.accounts.models import ApiToken, Membership
from sumai.accounts.services import api_token_create, member_remove
from sumai.accounts.tokens import record_use
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:registry-unit-list")


def _token(world, actor=None, **kw):  # type: ignore[no-untyped-def]
    org = world.orgs["operator"]
    actor = actor or world.user("operator", "admin")
    return api_token_create(actor=actor, organisation=org, name="pms", scopes=["read", "write"], **kw)


def _get(client, secret):  # type: ignore[no-untyped-def]
    return client.get(LIST, HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")


def test_token_has_owner_and_default_expiry(settings, registry_world):
    settings.API_TOKEN_DEFAULT_DAYS = 30
    token, _secret = _token(registry_world)
    assert token.created_by == registry_world.user("operator", "admin")
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)


@pytest.mark.parametrize("days", [0, -1, 366])
def test_expiry_beyond_the_maximum_is_refused_naming_the_field(settings, registry_world, days):
    settings.API_TOKEN_MAX_DAYS = 365
    with pytest.raises(ValidationError) as exc:
        _token(registry_world, valid_days=days)
    assert "valid_days" in exc.value.message_dict


def test_expired_token_is_refused(client, registry_world):
    token, secret = _token(registry_world, valid_days=1)
    assert _get(client, secret).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _get(client, secret)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_token_dies_with_its_owners_membership(client, registry_world):
    org = registry_world.orgs["operator"]
    owner = UserFactory(email="second.admin@example.jp")
    membership = Membership.objects.create(user=owner, organisation=org, role="admin")
    token, secret = _token(registry_world, actor=owner)
    assert _get(client, secret).status_code == 200
    member_remove(actor=registry_world.user("operator", "admin"), membership=membership)
    response = _get(client, secret)
    assert response.status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None  # the list shows it revoked, not just silently dead


def test_token_dies_when_its_owner_is_deactivated(client, registry_world):
    owner = registry_world.user("operator", "admin")
    _token_obj, secret = _token(registry_world)
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert _get(client, secret).status_code == 401


def test_token_dies_when_its_owner_leaves_by_deletion_of_the_membership(client, registry_world):
    """Even a membership deleted outside the service (admin site, SQL) ends the token."""
    owner = registry_world.user("operator", "admin")
    _token_obj, secret = _token(registry_world)
    Membership.objects.filter(user=owner, organisation=registry_world.orgs["operator"]).delete()
    assert _get(client, secret).status_code == 401


def test_token_list_shows_owner_expiry_and_last_use(client, registry_world):
    admin = registry_world.user("operator", "admin")
    token, secret = _token(registry_world)
    _get(client, secret)
    client.force_login(admin)
    page = client.get(reverse("accounts:tokens", kwargs={"org_id": registry_world.orgs["operator"].pk}))
    html = page.content.decode()
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert (admin.name or admin.email) in html
    assert timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M") in html
    assert timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M") in html


def test_each_token_has_its_own_throttle_bucket(client, registry_world, settings):
    from django.core.cache import cache
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    cache.clear()
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "user": "3/minute"}
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        _t1, first = _token(registry_world)
        _t2, second = _token(registry_world)
        assert [_get(client, first).status_code for _ in range(4)] == [200, 200, 200, 429]
        assert _get(client, second).status_code == 200  # another system is not starved by the first
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
        cache.clear()


def test_last_use_is_written_at_most_once_per_interval(client, registry_world, settings):
    settings.API_TOKEN_LAST_USED_EVERY = 300
    token, secret = _token(registry_world)
    _get(client, secret)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    _get(client, secret)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(seconds=301))
    _get(client, secret)
    token.refresh_from_db()
    assert token.last_used_at > first


def test_record_use_skips_when_recent(registry_world):
    token, _secret = _token(registry_world)
    token.last_used_at = timezone.now()
    assert record_use(token) is False


def test_a_locked_database_does_not_fail_a_read_call(client, registry_world, monkeypatch):
    """What SQLite says when another writer holds the lock: the read still answers, the use is skipped."""
    from django.db import OperationalError
    from django.db.models import QuerySet

    token, secret = _token(registry_world)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=None)
    real_update = QuerySet.update

    def locked(self, **kwargs):  # type: ignore[no-untyped-def]
        if self.model is ApiToken and "last_used_at" in kwargs:
            raise OperationalError("database is locked")
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", locked)
    assert _get(client, secret).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is None
