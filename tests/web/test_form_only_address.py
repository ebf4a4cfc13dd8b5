"""A GET of an address that only takes a form's POST (the walk: a reload after an error, the language switch
or Enter in the address bar showed an empty white page, Django's bare 405) answers a page in words with the
way back; the API keeps its plain 405."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_get_of_a_post_only_address_explains_and_leads_back(client):
    response = client.get(
        "/accounts/logout/",
        HTTP_ACCEPT_LANGUAGE="ja",
        HTTP_REFERER="http://testserver/search/?rent_max=50000",
    )
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    page = response.content.decode()
    assert "<h1>" in page
    assert "フォーム" in page
    assert 'href="http://testserver/search/?rent_max=50000"' in page


def test_a_referer_of_another_site_is_not_offered(client):
    response = client.get("/accounts/logout/", HTTP_REFERER="https://evil.example/")
    assert response.status_code == 405
    page = response.content.decode()
    assert "evil.example" not in page
    assert 'href="/"' in page


def test_htmx_and_the_api_keep_the_plain_answer(client):
    assert client.get("/accounts/logout/", HTTP_HX_REQUEST="true").content == b""
    response = client.get("/api/v1/registry/vacancy")
    assert response.status_code in (401, 403, 405)
    assert b"<html" not in response.content


def test_a_signed_in_person_typing_the_logout_address_is_offered_the_button(client):
    """The re-walk: /accounts/logout/ typed in the address bar left the person signed in with only a link
    home; the page now offers the button that logs out."""
    from tests.factories import UserFactory

    client.force_login(UserFactory(email="someone@example.jp"))
    page = client.get("/accounts/logout/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    form = page.split("<main", 1)[1]
    assert 'action="/accounts/logout/"' in form
    assert "ログアウト" in form.split('action="/accounts/logout/"', 1)[1].split("</form>", 1)[0]
