"""The nation by support corporation (/statistics/outcomes/corporations/)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from sumai.accounts.models import Organisation
from tests.matrix.test_words import visible_text
from tests.outcomes.builders import SETAGAYA, builder

pytestmark = pytest.mark.django_db
BUDGETS = Path(__file__).resolve().parents[1] / "matrix" / "query_budgets.json"


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    """The walk's shape: the municipality's caseworker sends every inquiry (12), the leases name the
    corporation for 6 households housed (and 5 more with none)."""
    b = builder()
    for i in range(11):
        h = b.household(SETAGAYA)
        b.placement(h, SETAGAYA, date(2025, 11, 10), date(2025, 10, 1) + timedelta(days=i), corporation=i < 6)
        b.inquiry(h, SETAGAYA, "accepted", date(2025, 10, 20), answered_on=date(2025, 10, 22))
    h = b.household(SETAGAYA)
    b.inquiry(h, SETAGAYA, "expired", date(2025, 10, 20))
    return b


def _row(html: str, name: str) -> list[str]:
    row = re.search(rf"<tr><th scope=\"row\">(?:<a [^>]*>)?{re.escape(name)}.*?</tr>", html, flags=re.S)
    assert row is not None, name
    return [
        " ".join(visible_text(c).split())
        for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), flags=re.S)
    ]


def test_inquiries_per_placement_is_not_applicable_per_corporation(world, client) -> None:  # type: ignore[no-untyped-def]
    """The walk: a corporation with 26 households housed showed 「入居1件あたりの照会数 0.00」 — its
    inquiries were sent by the municipality's caseworkers and counted under 「居住支援法人なし」."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("outcomes:corporations")).content.decode()
    corporation = _row(html, "すまい支援法人")
    none = _row(html, "No support corporation")
    assert corporation[:2] == ["6", "6"]  # households housed, placements
    assert corporation[3] == "— does not apply"  # not 0.00
    assert none[3] == "— does not apply"  # not 12 ÷ 5 = 2.40
    assert "0.00" not in html
    text = visible_text(html)
    assert "Inquiries per placement does not apply to a support corporation" in text
    assert 'aria-describedby="parts-note"' in html
    assert "Inquiries to landlords per placement: 1.09" in text  # the nation's: 12 ÷ 11
    assert "Inquiries sent to landlords: 12" in text

    rows = list(
        csv.reader(io.StringIO(client.get(reverse("outcomes:corporations_csv")).content.decode("utf-8-sig")))
    )
    per = {r[1]: r[3] for r in rows[1:] if r[2] == "Inquiries per placement"}
    assert per == {"すまい支援法人": "n/a", "No support corporation": "n/a", "Japan": "1.09"}

    data = json.loads(client.get(reverse("outcomes:corporations_json")).content)
    for part in data["parts"]:
        assert part["inquiries_per_placement"] is None
        assert part["status"]["inquiries_per_placement"] == "not_applicable"
    assert data["total"]["inquiries_per_placement"] == 1.09


def test_an_area_page_keeps_inquiries_per_placement(world, client) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("outcomes:prefecture", kwargs={"prefecture": "13"})).content.decode()
    assert _row(html, "世田谷区")[3] == "1.09"
    assert "parts-note" not in html


def test_the_corporations_page_shows_the_months(world, client) -> None:  # type: ignore[no-untyped-def]
    """The walk: 「月別の入居世帯数：表示できる数はまだありません」 beside 414 households housed."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("outcomes:corporations")).content.decode()
    trend = html[html.index('id="trend-heading"') : html.index('id="held-heading"')]
    assert "No figure to show yet." not in trend
    text = visible_text(html)
    assert "All of Japan: the households housed with a support corporation and without one." in text
    assert _month(html, "November 2025") == "11"
    assert 'id="trend-chart-title"' in html  # and its chart
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("outcomes:corporations_csv")).content.decode("utf-8-sig")))
    )
    assert ["", "Japan", "Households housed in November 2025", "11"] in rows
    data = json.loads(client.get(reverse("outcomes:corporations_json")).content)
    assert {"month": "2025-11", "housed": 11, "in_progress": False} in data["trend"]


def _month(html: str, month: str) -> str:
    table = html[html.index('id="trend-caption"') :]
    found = re.search(rf'<th scope="row">{month}</th><td class="num">([^<]*)</td>', table)
    assert found is not None, month
    return found.group(1)


def test_a_corporation_links_its_public_page_when_it_has_one(
    world, client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    """The walk: the corporations' names were plain text; the directory has a public page of each."""
    from sumai.support.models import SupportCorporation

    other = Organisation.objects.create(kind="support_corporation", name="申請中の法人", prefecture_id="13")
    h = world.household(SETAGAYA)
    world.corporation, kept = other, world.corporation
    for _ in range(5):
        world.placement(h, SETAGAYA, date(2026, 1, 10), date(2026, 1, 1), corporation=True)
    world.corporation = kept
    page = SupportCorporation.objects.create(
        organisation=kept,
        prefecture_id="13",
        legal_form="npo",
        state="designated",
        designation_number="13-1",
        designated_on=date(2021, 4, 1),
    )
    SupportCorporation.objects.create(organisation=other, prefecture_id="13", legal_form="npo", state="draft")
    with django_assert_max_num_queries(json.loads(BUDGETS.read_text())["outcomes:corporations"]):
        html = client.get(reverse("outcomes:corporations")).content.decode()
    link = reverse("support:corporation", kwargs={"pk": page.pk})
    assert f'<th scope="row"><a href="{link}">すまい支援法人</a></th>' in html
    assert '<th scope="row">申請中の法人</th>' in html  # no public page while it applies
    assert client.get(link).status_code == 200
