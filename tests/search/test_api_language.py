"""A walk: the public API answered some errors in English to a request in Japanese (Accept-Language: ja, or
the site's language cookie) — page_size out of range, an invalid cursor, DRF's throttle message. Every error
of the public API is in the request's language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db

UNITS = "api:unit-list"


@pytest.mark.parametrize(
    ("params", "japanese", "english"),
    [
        ({"page_size": "500"}, "1から100までの整数", "A whole number from 1 to 100."),
        ({"page_size": "many"}, "1から100までの整数", "A whole number from 1 to 100."),
        ({"cursor": "not-a-cursor"}, "このカーソルはこの検索には使えません", "This cursor is not valid"),
        ({"q": ""}, "値を指定するか", "Give a value"),
    ],
)
def test_bad_input_is_answered_in_the_request_s_language(client, params, japanese, english):
    url = reverse(UNITS)
    ja = client.get(url, params, HTTP_ACCEPT_LANGUAGE="ja").json()
    assert japanese in ja["detail"]
    assert ja["errors"][next(iter(params))][0].startswith(japanese[:6])
    assert english in client.get(url, params, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    client.cookies["sumai_language"] = "ja"  # the site's language switcher counts too
    assert japanese in client.get(url, params, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]


def test_unknown_ids_and_codes_in_japanese(client):
    ja = {"HTTP_ACCEPT_LANGUAGE": "ja"}
    unit = client.get(reverse("api:unit-detail", kwargs={"pk": 999999}), **ja)
    assert unit.json()["detail"] == "このIDの登録住戸はありません。"
    building = client.get(reverse("api:building-detail", kwargs={"pk": 999999}), **ja)
    assert building.json()["detail"] == "このIDの登録建物はありません。"
    codes = client.get(reverse("api:building-list"), {"municipality": "999999"}, **ja).json()
    assert "6桁の市区町村コード" in codes["detail"]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ja", "秒後にもう一度お試しください"),
        ("en", "Too many requests from your connection. Try again in"),
        ("pt-br", "Tente novamente em"),
    ],
)
def test_the_throttle_answers_in_the_request_s_language(client, monkeypatch, language, words):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1/minute", "user": "1/minute"})
    url = reverse(UNITS)
    client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 429
    body = response.json()
    assert words in body["detail"], body
    assert "throttled" not in body["detail"]  # not DRF's half-English words
    assert body["code"] == "throttled"
    assert int(response["Retry-After"]) >= 1
