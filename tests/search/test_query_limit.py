"""Nothing can starve the rest (issue #15, item 2): a public read's queries are cut short at the limit and
answered with a clear message — 503 on the page with the form kept, 503 JSON in the API — never a 500, and
the connection is usable afterwards."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from sumai.core import querylimit
from sumai.search import selectors

pytestmark = pytest.mark.django_db


def count_to(n: int) -> str:
    return (
        f"WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < {int(n)}) "  # noqa: S608
        "SELECT count(*) FROM c"
    )


SLOW = (
    "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200000000) "
    "SELECT count(*) FROM c"
)


def slow_query() -> None:
    with connection.cursor() as cursor:
        cursor.execute(SLOW)
        cursor.fetchone()


def test_a_slow_query_is_cut_at_the_limit_and_the_connection_still_answers() -> None:
    started = time.monotonic()
    with pytest.raises(querylimit.QueryTimedOut), querylimit.bounded(100):
        slow_query()
    assert time.monotonic() - started < 5  # the query alone runs for minutes
    with connection.cursor() as cursor:  # no handler or setting left behind, no aborted transaction
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
        started = time.monotonic()
        cursor.execute(count_to(300000))
        assert cursor.fetchone() == (300000,)


def test_a_fast_block_is_not_affected_and_zero_means_no_limit() -> None:
    with querylimit.bounded(1000), connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)
    with querylimit.bounded(0), connection.cursor() as cursor:
        cursor.execute(count_to(200000))
        assert cursor.fetchone() == (200000,)


def _slow_search(*args: Any, **kwargs: Any) -> Any:
    slow_query()
    raise AssertionError("the limit should have cut the query")


@override_settings(SUMAI={**__import__("django.conf").conf.settings.SUMAI, "PUBLIC_QUERY_MS": 100})
def test_the_search_page_answers_503_with_a_clear_message_and_the_form_kept(
    client: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(selectors, "search_units", _slow_search)
    response = client.get(reverse("search:search"), {"prefecture": "13", "rent_max": "60000"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "took too long" in page or "時間がかかりすぎ" in page
    assert 'value="60000"' in page  # what was typed stays in the form
    assert "Traceback" not in page


@override_settings(SUMAI={**__import__("django.conf").conf.settings.SUMAI, "PUBLIC_QUERY_MS": 100})
def test_the_htmx_search_answers_503_with_the_message_in_the_results(client: Any, monkeypatch: Any) -> None:
    """The fragment keeps the 503 (search.js swaps it into the results, with the form kept on the page)."""
    monkeypatch.setattr(selectors, "search_units", _slow_search)
    response = client.get(
        reverse("search:search"), {"prefecture": "13"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert re.match(r"\s*<title>[^<]*</title>\s*<section id=\"results\"", html)  # the title, the results
    assert not re.search(r"\d+件", html.split("</title>")[0])  # no count in the title of a search not done
    assert 'id="search-errors"' in html
    assert "took too long" in html or "時間がかかりすぎ" in html
    assert "no-store" in response["Cache-Control"]


@override_settings(SUMAI={**__import__("django.conf").conf.settings.SUMAI, "PUBLIC_QUERY_MS": 100})
def test_the_api_answers_503_json_with_retry_after(client: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(selectors, "search_units", _slow_search)
    response = client.get(reverse("api:unit-list"), {"prefecture": "13"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "took too long" in response.json()["detail"]
