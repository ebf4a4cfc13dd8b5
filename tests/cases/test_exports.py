"""Exports of household data ask for the password again (issue #16 item 8) and are logged: the case list as
CSV, the "who saw my data" report, a case's documents. The CSV carries words, not codes, never an address,
and no municipality for a hidden household."""

from __future__ import annotations

import csv
import io
import time
from urllib.parse import urlencode

import pytest
from django.urls import get_resolver, reverse

from sumai.accounts.reauth import REAUTH_SESSION_KEY
from sumai.audit.models import AccessLog
from sumai.cases.models import Case
from tests.cases.test_households import opened  # noqa: F401 - the fixture
from tests.factories import PASSWORD
from tests.otp import password_typed

pytestmark = pytest.mark.django_db

EXPORTS = {"cases:cases_export", "cases:access_report", "cases:case_document"}
"""Every view that hands household data out of the platform (a download or a printable report)."""


def _callback(name: str):  # type: ignore[no-untyped-def]
    namespace, _, short = name.partition(":")
    resolver = get_resolver()
    sub = next(r for r in resolver.url_patterns if getattr(r, "namespace", None) == namespace)
    return next(p.callback for p in sub.url_patterns if getattr(p, "name", None) == short)


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_export_asks_for_the_password_again(name):
    assert hasattr(_callback(name), "reauth_minutes"), f"{name} lets an unattended session export"


@pytest.fixture
def case(client, opened):  # type: ignore[no-untyped-def]  # noqa: F811
    client.post(reverse("cases:case_open", kwargs={"pk": opened.pk}))
    return Case.objects.get()


def _rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_case_list_downloads_after_the_password_and_says_words(client, case, opened):  # noqa: F811
    url = reverse("cases:cases_export") + "?status=all"
    first = client.get(url)  # a forced log-in has not typed the password
    assert first.status_code == 302
    assert first["Location"].startswith(reverse("accounts:reauth"))
    back = client.post(reverse("accounts:reauth"), {"password": PASSWORD, "next": url})
    assert back["Location"] == url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    header, *rows = _rows(response)
    assert header[:4] == ["ケース番号", "仮名", "市区町村", "状態"]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["仮名"] == opened.pseudonym
    assert row["市区町村"] == "世田谷区"
    assert row["状態"] == "新規"
    assert "new" not in rows[0]
    assert opened.address not in response.content.decode() or not opened.address
    logged = AccessLog.objects.filter(object_type="cases:cases_export")
    assert [r.object_id for r in logged] == [f"pk={case.pk}"]
    report = client.get(reverse("cases:access_report", kwargs={"pk": opened.pk}))
    assert "ケースの一覧のダウンロード" in report.content.decode()


def test_a_hidden_households_municipality_and_address_stay_out_of_the_csv(client, case, opened):  # noqa: F811
    opened.address = "東京都世田谷区太子堂4-1-1 グリーンハイツ203"
    opened.hidden = True
    opened.save()
    password_typed(client)
    response = client.get(reverse("cases:cases_export"))
    text = response.content.decode()
    header, row = _rows(response)
    assert dict(zip(header, row, strict=True))["市区町村"] == ""
    assert "世田谷区," not in text  # (the last column is the exporting organisation's own name)
    assert "太子堂" not in text


def test_the_password_typed_long_ago_asks_again(client, case, opened, settings):  # noqa: F811
    settings.SUMAI = {**settings.SUMAI, "REAUTH_MINUTES": 10}
    session = client.session
    session[REAUTH_SESSION_KEY] = int(time.time()) - 11 * 60
    session.save()
    for url in (
        reverse("cases:cases_export"),
        reverse("cases:access_report", kwargs={"pk": opened.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:reauth"))


def test_the_case_list_links_to_its_download_with_its_filters(client, case):
    """The walk: after the password the download left the person on the prompt. The list's link goes to the
    prompt, which brings them back to the list (its filters kept), where the link then downloads."""
    listed = reverse("cases:cases") + "?status=new&mine=on"
    page = client.get(listed + "&page=1").content.decode()
    back = listed + "#export"
    prompt = reverse("accounts:reauth") + "?" + urlencode({"next": back})
    assert prompt.replace("&", "&amp;") in page
    assert reverse("cases:cases_export") + "?" not in page
    done = client.post(reverse("accounts:reauth"), {"password": PASSWORD, "next": back})
    assert done["Location"] == back
    ready = client.get(listed).content.decode()
    assert reverse("cases:cases_export") + "?status=new&amp;mine=on" in ready
