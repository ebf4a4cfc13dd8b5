"""Every answer under /api/ is JSON, errors included: an address no endpoint answers (``/api/v2/``,
``/api/v1/nope``, an id that is not a number) was the HTML 404 page with DEBUG on (the demo, what newcomers
try) and a bare English ``Not found.`` otherwise; a method refused by an endpoint that renders YAML or HTML on
success (the OpenAPI document, Swagger UI) answered in that format. Now the 404 and the 405 are JSON in the
request's language, with the shape of the API's other errors; every other address keeps the HTML 404 page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

UNKNOWN = ["/api/v1/nope", "/api/v2/", "/api/v1/search/units/abc", "/api/v1/units/abc/", "/api/", "/api"]
NOT_FOUND = {
    "en": "No API endpoint has this address. The endpoints are listed at /api/v1/docs/.",
    "ja": "このアドレスの API エンドポイントはありません。エンドポイントの一覧は /api/v1/docs/ にあります。",
    "ko": "이 주소에는 API 엔드포인트가 없습니다. 엔드포인트 목록은 /api/v1/docs/ 에 있습니다.",
}


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = request.param
    return request.param


@pytest.mark.parametrize("path", UNKNOWN)
@pytest.mark.parametrize("method", ["get", "post", "put", "delete", "options"])
def test_an_unknown_api_address_is_a_json_404(client, debug, path, method):
    response = getattr(client, method)(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": NOT_FOUND["en"]}


@pytest.mark.parametrize("language", ["ja", "ko", "en"])
def test_the_404_is_in_the_request_s_language(client, debug, language):
    response = client.get("/api/v1/nope", HTTP_ACCEPT_LANGUAGE=language)
    assert response.json()["detail"] == NOT_FOUND[language]


def test_the_404_in_easy_japanese_drops_the_readings(client, debug):
    detail = client.get("/api/v2/", HTTP_ACCEPT_LANGUAGE="ja-x-easy").json()["detail"]
    assert "/api/v1/docs/" in detail
    assert "{" not in detail
    assert detail != NOT_FOUND["en"]


def test_a_head_of_an_unknown_api_address_is_a_404_without_a_page(client, debug):
    response = client.head("/api/v1/nope")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_known_endpoint_s_own_404_is_kept(client, debug):
    response = client.get("/api/v1/units/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "No registered unit with this id."}


@pytest.mark.parametrize("path", ["/nope", "/apis/v1/", "/search/nope/"])
def test_every_other_address_keeps_the_html_404_page(client, debug, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "<html" in response.content.decode()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/schema/"),  # renders YAML when it answers
        ("post", "/api/v1/docs/"),  # renders Swagger UI's HTML page
        ("delete", "/api/v1/prefectures/"),
        ("get", "/api/v1/rules/unit"),
        ("put", "/api/v1/units/"),
    ],
)
@pytest.mark.parametrize(("language", "words"), [("en", "not allowed"), ("ja", "許されていません")])
def test_a_refused_method_is_a_json_405_in_the_request_s_language(
    client, debug, method, path, language, words
):
    response = getattr(client, method)(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert words in response.json()["detail"]
    assert response["Allow"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_body_to_an_api_address_without_its_slash_names_the_address(client, debug, method):
    """A walk: POST /api/v1/cases/1/notes (no final slash) was a 500 with DEBUG on (Django cannot redirect a
    body) and a 301 to a GET otherwise; now a JSON 404 naming the address with the slash."""
    response = getattr(client, method)("/api/v1/cases/1/notes", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "This API address ends with a slash: /api/v1/cases/1/notes/"}


def test_a_get_of_an_api_address_without_its_slash_is_still_redirected(client, debug):
    response = client.get("/api/v1/units?prefecture=13")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/units/?prefecture=13"
