"""Every URL is in the permissions table; anything else is denied."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path

from sumai.core.permissions import PERMISSIONS, rule_for


def all_url_names(resolver: URLResolver | None = None, namespace: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    names: list[str] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            names += all_url_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            names.append(
                f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {entry.pattern}>"
            )
    return names


def test_every_url_name_is_in_the_permissions_table():
    missing = sorted({name for name in all_url_names() if rule_for(name) is None})
    assert missing == [], f"URL names missing from sumai.accounts.permissions.PERMISSIONS: {missing}"


def test_the_table_names_no_url_that_does_not_exist():
    names = set(all_url_names())
    stale = sorted(n for n in PERMISSIONS if not n.endswith(":*") and n not in names)
    assert stale == []


def _secret_view(request):  # type: ignore[no-untyped-def]
    from django.http import HttpResponse

    return HttpResponse("secret")


urlpatterns = [
    path("not-in-table/", _secret_view, name="not_in_table"),
    path("", include("sumai.config.urls")),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.accounts.test_permission_table")
def test_a_url_missing_from_the_table_is_denied_even_to_a_superuser(client, demo_orgs):
    client.force_login(demo_orgs.superuser)
    response = client.get("/not-in-table/")
    assert response.status_code == 403
    assert b"secret" not in response.content
