"""Pages in Japanese by default and English on switch, error pages, health check, request ids."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_is_japanese_by_default(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "ログイン" in html
    assert "居住支援法人" in html


@pytest.mark.django_db
def test_language_switch_is_remembered(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("web:home")})
    assert response.status_code == 302
    assert response.cookies["sumai_language"].value == "en"
    html = client.get(reverse("web:home")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    assert '<html lang="ja">' in client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "text"), [("ja", "ページが見つかりません"), ("en", "Page not found")])
def test_404_in_both_languages(client, lang, text):
    client.cookies["sumai_language"] = lang
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "text"), [("ja", "このページを表示する権限がありません"), ("en", "You may not open this page")]
)
def test_403_in_both_languages(client, demo_orgs, lang, text):
    client.force_login(demo_orgs.user("operator", "viewer"))
    client.cookies["sumai_language"] = lang
    response = client.get(reverse("accounts:tokens", kwargs={"org_id": demo_orgs.orgs["operator"].pk}))
    assert response.status_code == 403
    assert text in response.content.decode()


@pytest.mark.parametrize(("lang", "text"), [("ja", "エラーが発生しました"), ("en", "Something went wrong")])
def test_500_page_in_both_languages(rf, lang, text):
    from django.utils import translation

    from sumai.web.views import error_500

    with translation.override(lang):
        response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert text in response.content.decode()


def test_healthz_is_liveness_and_touches_no_database(client, monkeypatch):
    """A database outage must not make an orchestrator restart every server: /readyz checks it."""
    from django.db import connection

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get(reverse("web:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_request_id_is_returned_and_taken_from_the_caller(client):
    generated = client.get(reverse("web:home"))
    assert len(generated["X-Request-ID"]) == 32
    given = client.get(reverse("web:home"), HTTP_X_REQUEST_ID="abc12345-trace")
    assert given["X-Request-ID"] == "abc12345-trace"
    hostile = client.get(reverse("web:home"), HTTP_X_REQUEST_ID="<script>")
    assert hostile["X-Request-ID"] != "<script>"


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get(reverse("web:home"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_api_404_is_json(client):
    response = client.get("/api/v1/registry/units/null,null/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
