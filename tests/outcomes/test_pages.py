"""The public pages, their downloads, and the members' pages (permissions, words, queries)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.conf import settings
from django.urls import reverse

from sumai.accounts.models import Membership, Organisation
from sumai.councils.models import Council
from sumai.registry.models import AgentAuthorisation
from tests.factories import UserFactory
from tests.matrix.test_words import findings, visible_text
from tests.outcomes.builders import CHIYODA, OTARU, SETAGAYA, small_world

pytestmark = pytest.mark.django_db

PAGES = [
    ("outcomes:nation", {}),
    ("outcomes:prefecture", {"prefecture": "13"}),
    ("outcomes:municipality", {"prefecture": "13", "municipality": SETAGAYA}),
    ("outcomes:corporations", {}),
]


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return small_world()


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_public_page_shows_words_not_codes(world, client, name, kwargs, language) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert findings(text, language) == []
    html = response.content.decode()
    assert "<table" in html
    if name == "outcomes:nation":  # a chart (October's 7 is shown), with its table beside it
        assert '<svg class="hbars"' in html
        assert 'id="trend-caption"' in html


def test_the_prefecture_page_hides_small_cells_and_their_complements(world, client) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("outcomes:prefecture", kwargs={"prefecture": "13"})).content.decode()
    text = visible_text(html)
    assert "Households housed: 9" in text
    assert "fewer than 5" in text
    assert "not shown" in text
    rows = set(text.splitlines())
    assert "千代田区 (Chiyoda-ku)" in rows
    assert "世田谷区 (Setagaya-ku)" in rows
    # Chiyoda's 3 and Setagaya's 6 households housed appear nowhere as a figure of theirs
    data = json.loads(client.get(reverse("outcomes:prefecture_json", kwargs={"prefecture": "13"})).content)
    parts = {p["key"]: p for p in data["parts"]}
    assert parts[CHIYODA]["cells"]["housed"] is None
    assert parts[CHIYODA]["status"]["cells"]["housed"] == "fewer_than_threshold"
    assert parts[SETAGAYA]["cells"]["housed"] is None
    assert parts[SETAGAYA]["status"]["cells"]["housed"] == "not_shown"
    assert data["total"]["cells"]["housed"] == 9
    assert "housed" not in data["total"]["status"].get("cells", {})
    assert parts[CHIYODA]["median_days"] is None
    assert parts[CHIYODA]["status"]["median_days"] == "fewer_than_threshold"


def test_the_nation_json(world, client) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(client.get(reverse("outcomes:nation_json")).content)
    assert data["threshold"] == 5
    assert data["total"]["cells"]["placements"] == 21
    assert data["total"]["cells"]["housed"] == 16
    assert data["total"]["median_days"] == 7
    assert data["total"]["p90_days"] == 50
    assert data["total"]["inquiries_per_placement"] == 1.29
    assert {p["key"] for p in data["parts"]} == {"13", "01"}
    trend = {t["month"]: (t["housed"], t.get("status")) for t in data["trend"]}
    assert trend["2025-11"] == (None, "not_shown")
    assert trend["2026-06"] == (None, "fewer_than_threshold")
    assert trend["2026-10"] == (7, None)
    assert trend["2026-11"] == (0, None)


def test_the_csv_has_headers_in_words_and_no_small_figure(world, client) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("outcomes:prefecture_csv", kwargs={"prefecture": "13"}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Area or organisation code", "Area or organisation", "Figure", "Value"]
    by = {(r[0], r[2]): r[3] for r in rows[1:]}
    assert by[(CHIYODA, "Households housed")] == "<5"
    assert by[(SETAGAYA, "Households housed")] == "x"
    assert by[("13", "Households housed")] == "9"
    assert by[(SETAGAYA, "Median days from the first consultation to move-in")] == "30"
    assert by[("13", "Households housed in June 2026")] == "<5"
    assert not [r for r in rows[1:] if r[3] in ("1", "2", "3", "4")]  # no count from 1 to 4, anywhere


@pytest.mark.parametrize(
    "name", ["outcomes:nation_csv", "outcomes:corporations_csv", "outcomes:corporations_json"]
)
def test_every_download_answers(world, client, name) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse(name)).status_code == 200


def test_the_municipality_downloads_and_unknown_areas(world, client) -> None:  # type: ignore[no-untyped-def]
    kw = {"prefecture": "01", "municipality": OTARU}
    assert client.get(reverse("outcomes:municipality_csv", kwargs=kw)).status_code == 200
    data = json.loads(client.get(reverse("outcomes:municipality_json", kwargs=kw)).content)
    assert data["total"]["cells"]["placements"] == 12
    assert data["parts"] == []
    # a municipality of another prefecture, or an unknown prefecture: 404
    assert (
        client.get(
            reverse("outcomes:municipality", kwargs={"prefecture": "13", "municipality": OTARU})
        ).status_code
        == 404
    )
    assert client.get(reverse("outcomes:prefecture", kwargs={"prefecture": "99"})).status_code == 404
    assert client.get("/statistics/outcomes/1/").status_code == 404


def test_the_prefecture_form_goes_to_the_prefecture_page(world, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("outcomes:nation"), {"prefecture": "01"})
    assert response.status_code == 302
    assert response["Location"] == reverse("outcomes:prefecture", kwargs={"prefecture": "01"})
    assert client.get(reverse("outcomes:nation"), {"prefecture": "zz"}).status_code == 200


def test_the_statistics_index_links_the_outcomes(client) -> None:  # type: ignore[no-untyped-def]
    assert reverse("outcomes:nation") in client.get(reverse("insights:index")).content.decode()


def test_query_budget_of_the_pages(world, client, django_assert_max_num_queries, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SUMAI = {**settings.SUMAI, "STATISTICS_CACHE_SECONDS": 600}
    with django_assert_max_num_queries(8):  # cold: three reads of the records, names, prefectures
        assert client.get(reverse("outcomes:nation")).status_code == 200
    with django_assert_max_num_queries(5):  # warm: the names and the prefecture list only
        assert client.get(reverse("outcomes:prefecture", kwargs={"prefecture": "13"})).status_code == 200


# ------------------------------------------------------------------------------------------ members
def _member(kind_org: Organisation, role: str = "staff"):  # type: ignore[no-untyped-def]
    user = UserFactory()
    Membership.objects.create(user=user, organisation=kind_org, role=role)
    return user


def test_a_landlord_sees_its_own_answers_only(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(_member(world.operator, "viewer"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("outcomes:landlord_answers"))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "ひまわり不動産" in text
    assert "よその家主" not in text
    # own: 6 + 4 + 1 + 1 (Setagaya) + 12 (Otaru) received; answered: all but the one still sent
    assert "Inquiries received: 24" in text
    assert "Answered: 23 (96%)" in text
    assert findings(text, "en") == []


def test_an_authorised_agent_sees_the_landlords_answers(world, client) -> None:  # type: ignore[no-untyped-def]
    agent = Organisation.objects.create(kind="agent", name="まちの管理会社", prefecture_id="13")
    user = _member(agent)
    client.force_login(user)
    text = visible_text(client.get(reverse("outcomes:landlord_answers")).content.decode())
    assert "ひまわり不動産" not in text  # not authorised yet
    AgentAuthorisation.objects.create(operator=world.operator, agent=agent)
    text = visible_text(client.get(reverse("outcomes:landlord_answers")).content.decode())
    assert "ひまわり不動産" in text
    assert "よその家主" not in text


def test_the_landlord_page_is_for_landlords(world, client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("outcomes:landlord_answers")
    assert client.get(url).status_code == 302  # to the log-in
    client.force_login(_member(world.corporation))
    assert client.get(url).status_code == 403


def test_a_council_sees_its_area(world, client) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    org = Organisation.objects.create(kind="council", name="世田谷区居住支援協議会", prefecture_id="13")
    council = Council.objects.create(
        organisation=org, level=Council.Level.MUNICIPAL, prefecture_id="13", founded_on=date(2015, 4, 1)
    )
    council.municipalities.add(SETAGAYA)
    client.force_login(_member(org))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("outcomes:council_area"))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "世田谷区" in text
    assert "千代田区" not in text
    assert "小樽市" not in text
    assert findings(text, "en") == []
    # a prefectural council: its prefecture's published figures
    Council.objects.filter(pk=org.pk).update(level=Council.Level.PREFECTURAL)
    text = visible_text(client.get(reverse("outcomes:council_area")).content.decode())
    assert "Households housed: 9" in text
    assert "小樽市" not in text


def test_the_council_page_is_for_councils(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(_member(world.operator))
    assert client.get(reverse("outcomes:council_area")).status_code == 403


def test_the_dashboard_links_the_members_pages(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(_member(world.operator))
    html = client.get(reverse("web:dashboard")).content.decode()
    assert reverse("outcomes:landlord_answers") in html


def test_a_landlords_answer_rows_show_every_state(world, client) -> None:  # type: ignore[no-untyped-def]
    """The second walk: the rows for viewing offered, withdrawn and no answer in time were empty cells."""
    import re

    client.force_login(_member(world.operator, "viewer"))
    html = client.get(reverse("outcomes:landlord_answers")).content.decode()
    assert '<td class="num"></td>' not in html
    cells = [int(n.replace(",", "")) for n in re.findall(r'<td class="num">([\d,]+)</td>', html)]
    assert cells, html[:500]
