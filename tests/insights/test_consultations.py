"""The public page of consultation and case work figures (issue #16, item 10): small cells suppressed on the
page, in the CSV and in the JSON alike, no count recoverable by subtracting one page's figures from
another's, labels never codes, the prefecture and municipality filters."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sumai.cases.models import Case
from sumai.insights.consultations import consultation_stats, resolve_area
from tests.cases.conftest import MINATO, SETAGAYA, area  # noqa: F401  (the fixture)
from tests.cases.test_statistics import make_household, make_referral, make_request
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

OSAKA_CITY = "271004"


@pytest.fixture
def data(area):  # type: ignore[no-untyped-def]  # noqa: F811
    """Tokyo: Setagaya 12 requests to its desk, Minato 3 to its council (small); Osaka city 6 to a
    corporation. Setagaya: 10 cases (5 closed: 3 housed_stable, 2 lost_contact; 5 searching); 11 referrals
    from a welfare office (6 accepted, 5 declined)."""
    osaka = OrganisationFactory(kind="support_corporation", prefecture_id="27")
    monday = timezone.make_aware(timezone.datetime(2026, 2, 2, 10))
    for i in range(12):
        make_request(
            area.setagaya_desk,
            situations=("homeless",),
            created=monday,
            contacted=monday + timedelta(days=1 + i % 3),
        )
    for _ in range(3):
        make_request(area.minato_council, municipality=MINATO, route="municipal_council", created=monday)
    for _ in range(6):
        make_request(
            osaka, municipality=OSAKA_CITY, route="support_corporation", situations=("dv",), created=monday
        )
    org = area.setagaya_desk
    for reason in ["housed_stable"] * 3 + ["lost_contact"] * 2:
        Case.objects.create(
            household=make_household(org),
            organisation=org,
            status="closed",
            close_reason=reason,
            closed_at=timezone.now(),
        )
    for _ in range(5):
        Case.objects.create(household=make_household(org), organisation=org, status="searching")
    h = make_household(org)
    for state in ["accepted"] * 6 + ["declined"] * 5:
        make_referral(h, org, area.npo_a, kind="welfare_office", state=state)
    return area


def test_every_count_of_the_nation_prefectures_and_municipalities(data):  # type: ignore[no-untyped-def]
    japan = consultation_stats(resolve_area())
    assert japan.requests.value == 21
    tokyo = consultation_stats(resolve_area(prefecture="13"))
    # Tokyo's 15 may be hidden to protect Minato's 3 (which hides it depends on the whole table)
    assert tokyo.requests.value in (15, None)
    setagaya = consultation_stats(resolve_area(municipality=SETAGAYA))
    assert setagaya.cases.value == 10
    assert {r.code: r.cell.value for r in setagaya.tables["status"].rows}["searching"] == 5
    route = {r.code: r.cell for r in tokyo.tables["route"].rows}
    # 3 requests to Minato's council: fewer than 5, and the only other non-zero route figure (12) is hidden
    # too, else 15 - 12 would give it back
    assert route["municipal_council"].value is None
    assert route["municipal_council"].mark == "primary"
    assert route["municipal_desk"].value is None
    assert route["municipal_desk"].mark == "secondary"
    assert route["prefectural_council"].value == 0  # zero is shown


def _published(stats) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    out = {("total", "requests"): stats.requests.value}
    for key, table in stats.tables.items():
        out[(key, "")] = table.total.value
        for r in table.rows:
            out[(key, r.code)] = r.cell.value
    for c in stats.children:
        out[("area", c.code)] = c.requests.value
    return out


def test_no_small_count_is_shown_anywhere_nor_given_back_by_subtraction(data):  # type: ignore[no-untyped-def]
    japan = _published(consultation_stats(resolve_area()))
    tokyo = _published(consultation_stats(resolve_area(prefecture="13")))
    osaka = _published(consultation_stats(resolve_area(prefecture="27")))
    minato = _published(consultation_stats(resolve_area(municipality=MINATO)))
    setagaya = _published(consultation_stats(resolve_area(municipality=SETAGAYA)))
    for page in (japan, tokyo, osaka, minato, setagaya):
        assert not [k for k, v in page.items() if v is not None and 0 < v < 5], page
    # the differencing attack: Tokyo's requests minus Setagaya's give Minato's (3) — one of them is hidden
    assert None in (
        tokyo[("total", "requests")],
        setagaya[("total", "requests")],
        minato[("total", "requests")],
    )
    # Japan's council route minus Osaka's and Tokyo's: the council cells are never all shown
    council = [p[("route", "municipal_council")] for p in (japan, tokyo, osaka)]
    assert council.count(None) != 1 or council[0] is None
    # Japan's requests minus the prefectures' column: not exactly one prefecture hidden
    prefectures = [v for (t, _c), v in japan.items() if t == "area"]
    assert prefectures.count(None) != 1
    # the municipal breakdown of Tokyo: Setagaya and Minato never leave exactly one hidden
    munis = [tokyo.get(("area", SETAGAYA)), tokyo.get(("area", MINATO))]
    assert munis.count(None) != 1


def test_outcomes_with_housed_and_the_acceptance_rate(data):  # type: ignore[no-untyped-def]
    setagaya = consultation_stats(resolve_area(municipality=SETAGAYA))
    outcome = setagaya.tables["outcome"]
    assert outcome.total.value == 5  # the closed cases
    (housed,) = outcome.groups
    # housed 3 (primary), lost contact 2 (primary): both hidden, the closed total of 5 is shown
    assert housed.cell.value is None
    referral = {r.code: r for r in setagaya.tables["referral_kind"].rows}
    assert referral["welfare_office"].cell.value == 11
    assert referral["welfare_office"].rate == pytest.approx(100 * 6 / 11)
    assert setagaya.acceptance_rate == pytest.approx(100 * 6 / 11)


def test_the_time_to_first_contact_is_shown_only_from_five_contacted(data):  # type: ignore[no-untyped-def]
    setagaya = consultation_stats(resolve_area(municipality=SETAGAYA))
    contact = setagaya.first_contact["request"]
    assert contact.enough
    # Monday → Tuesday, Wednesday, Thursday: 1, 2, 3 working days, four of each
    assert (contact.median, contact.p90) == (2, 3)
    minato = consultation_stats(resolve_area(municipality=MINATO))
    assert not minato.first_contact["request"].enough


def test_the_page_shows_labels_and_hidden_words_never_codes_nor_small_counts(client, data):  # type: ignore[no-untyped-def]
    client.cookies["sumai_language"] = "en"
    response = client.get(reverse("insights:consultations"), {"prefecture": "13"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The municipal housing support council" in html  # the route's label
    assert "municipal_council" not in html
    assert "fewer than 5" in html
    assert '<td class="num">3</td>' not in html
    assert "<caption" in html
    assert 'role="img"' in html
    assert "世田谷区" in html
    assert "港区" in html


def test_the_insights_index_links_the_page(client, data):  # type: ignore[no-untyped-def]
    html = client.get(reverse("insights:index")).content.decode()
    assert reverse("insights:consultations") in html


def test_an_unknown_area_is_404(client, db):  # type: ignore[no-untyped-def]
    assert client.get(reverse("insights:consultations"), {"prefecture": "99"}).status_code == 404
    assert client.get(reverse("insights:consultations"), {"municipality": "999999"}).status_code == 404


def _csv(client, query: dict[str, str], language: str = "ja") -> list[list[str]]:  # type: ignore[no-untyped-def]
    client.cookies["sumai_language"] = language
    raw = client.get(reverse("insights:data_csv", kwargs={"name": "consultations"}), query)
    assert raw.status_code == 200
    assert raw["Content-Type"] == "text/csv; charset=utf-8"
    body = raw.content.decode("utf-8")
    assert body.startswith("\ufeff")  # a BOM, so that Excel reads UTF-8
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_csv_and_json_carry_the_figures_of_the_page(client, data):  # type: ignore[no-untyped-def]
    query = {"prefecture": "13"}
    stats = consultation_stats(resolve_area(prefecture="13"))
    _header, *rows = _csv(client, query)
    payload = json.loads(client.get(reverse("insights:consultations_json"), query).content)
    assert payload["threshold"] == 5
    assert payload["area_code"] == "13"
    # one CSV row per figure of the JSON, in the same order, with the same value
    assert len(rows) == len(payload["figures"])
    assert [r[-1] for r in rows] == [str(f["value"]) for f in payload["figures"]]
    json_figures = {(f["table"], f["code"]): f["value"] for f in payload["figures"]}
    assert json_figures[("total", "requests")] == stats.requests.export(5)
    route = {r.code: r.cell for r in stats.tables["route"].rows}
    assert json_figures[("route", "municipal_council")] == "<5"
    assert json_figures[("route", "municipal_desk")] == route["municipal_desk"].export(5)
    assert json_figures[("area_requests", MINATO)] in ("<5", "x")
    counts = {
        k: v for k, v in json_figures.items() if not k[0].startswith(("first_contact", "referral_acceptance"))
    }
    assert not [v for v in counts.values() if isinstance(v, int) and 0 < v < 5]


def test_the_csv_names_every_figure_in_the_reader_s_language(client, data):  # type: ignore[no-untyped-def]
    """The walk: the consultation CSV's header and figures were codes ("area_kind,area_code,area,table,code,
    label,value"; "route", "municipal_council", "first_contact_working_days_median", "2026-02"), and the
    country read 全国 in every language, while the outcome CSV is in words. Now, as there: the area's code
    beside its name (with its rōmaji outside Japanese), then what is counted and its category in words, then
    the value."""
    header, *rows = _csv(client, {"prefecture": "13"}, "en")
    assert header == ["Area code", "Area", "Figure", "Category", "Value"]
    assert rows[0][:4] == ["13", "東京都 (Tokyo-to)", "Requests", "Total"]
    assert [
        "13",
        "東京都 (Tokyo-to)",
        "Who received the requests",
        "The municipal housing support council",
        "<5",
    ] in rows
    assert [SETAGAYA, "世田谷区 (Setagaya-ku)", "Requests", "Total"] in [
        r[:4] for r in rows
    ]  # its municipalities
    assert ["13", "東京都 (Tokyo-to)", "Requests for help by month", "February 2026"] in [r[:4] for r in rows]
    contact = [r for r in rows if r[2].startswith("Working days to the first contact")]
    assert {r[3] for r in contact} == {"After a request for help", "After a referral"}
    japan = _csv(client, {}, "en")
    assert {r[:2] for r in map(tuple, japan[1:]) if r[0] == ""} == {("", "Japan")}
    for language in ("ja", "ja-x-easy", "en", "zh-hans", "ko", "vi", "pt-br"):
        text = "\n".join(",".join(r) for r in _csv(client, {"prefecture": "13"}, language))
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), language  # no code
        assert not re.search(r"\b\d{4}-\d{2}\b", text), language  # a month in words
        assert "{" not in text, language  # no easy-Japanese reading markup in a file
        assert ("Tokyo-to" in text) == (language not in ("ja", "ja-x-easy")), language
    ja = _csv(client, {}, "ja")
    assert ("", "全国") in {tuple(r[:2]) for r in ja[1:]}


def test_no_figure_before_anything_is_recorded(client, db):  # type: ignore[no-untyped-def]
    response = client.get(reverse("insights:consultations"))
    assert response.status_code == 200
    stats = consultation_stats(resolve_area())
    assert stats.requests.value == 0


def test_a_table_of_zeros_is_not_said_to_be_hidden_and_each_chart_has_a_title(client, data):  # type: ignore[no-untyped-def]
    """The walk: an area where nothing was asked read "every figure of this table is hidden" — its figures
    are 0, which are shown, not hidden; and the month chart's SVG <title> was empty."""
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(
        reverse("insights:consultations"), {"prefecture": "13", "municipality": "131105"}
    ).content.decode()
    assert "is hidden, so there is no chart" not in page
    html = client.get(reverse("insights:consultations")).content.decode()
    assert '<title id="month-chart-title"></title>' not in html
    assert '<title id="month-chart-title">Requests for help by month</title>' in html


def test_the_circumstances_are_named_in_the_reader_s_language_whoever_counted(client, data, settings):  # type: ignore[no-untyped-def]
    """The walk: the counts are kept in a shared cache, and the circumstances' names were those of the first
    visitor's language after a restart — Portuguese on the Japanese page, Japanese on the English one."""
    from django.core.cache import cache
    from django.utils import translation

    from sumai.core.labels import group_label

    settings.SUMAI = {**settings.SUMAI, "STATISTICS_CACHE_SECONDS": 600}
    cache.clear()
    client.post(reverse("set_language"), {"language": "pt-br", "next": "/"})
    client.get(reverse("insights:consultations"))  # counted (and kept) while a Portuguese page asked
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("insights:consultations")).content.decode()
    with translation.override("en"):
        english = group_label("foreign_national")
    with translation.override("pt-br"):
        portuguese = group_label("foreign_national")
    assert english != portuguese
    assert english in page
    assert portuguese not in page


def test_place_names_carry_their_romaji_outside_japanese(client, data):  # type: ignore[no-untyped-def]
    """The walk: the consultation statistics named places in kanji only in every language (the choosers,
    the heading, the table by area), while the outcome pages read 「東京都 (Tokyo-to)」 outside Japanese."""
    for language in ("en", "vi", "pt-br", "ko", "zh-hans"):
        client.cookies["sumai_language"] = language
        html = client.get(reverse("insights:consultations")).content.decode()
        assert '<option value="13">東京都 (Tokyo-to)</option>' in html, language
        assert ">東京都 (Tokyo-to)</a></th>" in html, language  # the table by prefecture
        html = client.get(reverse("insights:consultations"), {"municipality": SETAGAYA}).content.decode()
        assert f'<option value="{SETAGAYA}" selected>世田谷区 (Setagaya-ku)</option>' in html, language
        assert ": 世田谷区 (Setagaya-ku)</h1>" in html, language
        assert ">東京都 (Tokyo-to)</a></p>" in html, language  # the way back to the prefecture
        html = client.get(reverse("insights:consultations"), {"prefecture": "13"}).content.decode()
        assert ">世田谷区 (Setagaya-ku)</a></th>" in html, language  # the table by municipality
    for language in ("ja", "ja-x-easy"):
        client.cookies["sumai_language"] = language
        html = client.get(reverse("insights:consultations"), {"prefecture": "13"}).content.decode()
        assert ">世田谷区</a></th>" in html, language
        assert "Tokyo-to" not in html, language
        assert "Setagaya-ku" not in html, language
