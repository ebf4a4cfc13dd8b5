"""Every view of sensitive data writes one AccessLog row (#13 item 9), through the one decorator
``sumai.core.views.logs_access``. The list below is checked against the decorated views, so a view that
is decorated without a test here (or listed without being decorated) fails."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from sumai.audit.models import AccessLog
from sumai.core.views import SENSITIVE_VIEWS
from tests.matrix.samples import SAMPLES
from tests.otp import VerifiedClient as Client
from tests.otp import password_typed

# URL name → (kind, role) of a member of the "own" side who may see it
SENSITIVE: dict[str, tuple[str, str]] = {
    "registry:building": ("operator", "staff"),
    "registry:attachment": ("operator", "staff"),
    "registry:operator": ("operator", "admin"),
    "registry:export": ("operator", "staff"),
    "registry:review": ("authority", "viewer"),
    "registry:area_building": ("municipality", "viewer"),
    "support:review": ("authority", "viewer"),
    "councils:application": ("council", "viewer"),
    "councils:edit": ("council", "admin"),
    "cases:request": ("municipality", "viewer"),
    "cases:household": ("municipality", "viewer"),
    "cases:household_edit": ("municipality", "staff"),
    "cases:case": ("municipality", "viewer"),
    "cases:case_document": ("municipality", "viewer"),
    "cases:referral": ("municipality", "viewer"),
    "matching:homes": ("municipality", "staff"),
    "matching:snapshot": ("municipality", "viewer"),
    "matching:support": ("municipality", "viewer"),
    "placements:placement_new": ("municipality", "staff"),
    "placements:placement": ("municipality", "viewer"),
    "placements:inquiry_new": ("municipality", "staff"),
    "placements:inquiry": ("municipality", "viewer"),
    "placements:landlord_inquiry": ("operator", "staff"),
    "placements:inquiry_link": ("operator", "staff"),
    "placements:flag": ("authority", "viewer"),
    "api:household-detail": ("municipality", "viewer"),
    "api:case-detail": ("municipality", "viewer"),
    "api:case-matches": ("municipality", "viewer"),
    "api:case-match-detail": ("municipality", "viewer"),
    "api:case-placements": ("municipality", "viewer"),
    "api:case-inquiries": ("municipality", "viewer"),
}
BY_NAME = {s.name: s for s in SAMPLES}


def test_every_decorated_view_is_listed_and_every_listed_view_decorated():
    resolver = get_resolver()
    decorated = set()
    for name in BY_NAME:
        namespace, _, short = name.partition(":")
        sub = next((r for r in resolver.url_patterns if getattr(r, "namespace", None) == namespace), None)
        if sub is None:
            continue
        for pattern in sub.url_patterns:
            if getattr(pattern, "name", None) == short and getattr(pattern.callback, "access_purpose", None):
                decorated.add(name)
    assert decorated == set(SENSITIVE)
    assert len(SENSITIVE_VIEWS) == len(SENSITIVE)


@pytest.mark.parametrize("name", sorted(SENSITIVE))
def test_sensitive_view_writes_an_access_log_row(db, world, name):  # type: ignore[no-untyped-def]
    kind, role = SENSITIVE[name]
    user = world.users[(kind, role)]
    client = Client(HTTP_ACCEPT_LANGUAGE="ja")
    client.force_login(user)
    password_typed(client)  # a document download asks for the password again
    url = reverse(name, kwargs=BY_NAME[name].kwargs(world, "own", kind))
    before = AccessLog.objects.count()
    response = client.get(url)
    assert response.status_code == 200, url
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    rows = list(AccessLog.objects.order_by("-id")[: AccessLog.objects.count() - before])
    assert len(rows) == 1
    row = rows[0]
    assert row.actor == user
    assert row.object_type == name
    assert row.purpose


def test_a_refused_view_writes_no_access_log_row(db, world):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users[("operator", "staff")])
    url = reverse("registry:building", kwargs=BY_NAME["registry:building"].kwargs(world, "other", "operator"))
    before = AccessLog.objects.count()
    assert client.get(url).status_code == 404
    assert AccessLog.objects.count() == before
