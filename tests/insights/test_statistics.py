"""The statistics pages: public, a choropleth of 47 prefectures with a title, a description and a legend in
words, the same figures in a table, and figures that match the data."""

from __future__ import annotations

import csv as csv_module
import io
import re
from datetime import date

import pytest
from django.urls import reverse

from sumai.core import contributions
from sumai.insights import maps, selectors
from sumai.support.models import SupportCorporation
from tests.councils.conftest import make_council
from tests.factories import OrganisationFactory


@pytest.fixture
def corporations(db):  # type: ignore[no-untyped-def]
    """Designated corporations through the support app's model: 3 in Osaka (2 NPO, 1 company), 1 in Tokyo,
    one applicant still in draft (not counted)."""
    rows = [("27", "npo", "designated"), ("27", "npo", "designated"), ("27", "company", "designated")]
    rows += [("13", "social_welfare", "designated"), ("13", "npo", "draft")]
    for i, (pref, form, state) in enumerate(rows):
        org = OrganisationFactory(kind="support_corporation", name=f"法人{i}", prefecture_id=pref)
        SupportCorporation.objects.create(
            organisation=org,
            prefecture_id=pref,
            legal_form=form,
            state=state,
            designation_number=f"{pref}-{i}" if state == "designated" else "",
            designated_on=date(2021, 4, 1) if state == "designated" else None,
        )


@pytest.mark.django_db
def test_corporation_statistics_by_prefecture_and_legal_form(client, corporations):
    stats = selectors.corporation_stats()
    assert stats.available
    assert stats.total == 4
    assert [(code, n) for code, _label, n, _pct in stats.forms] == [
        ("npo", 2),
        ("company", 1),
        ("social_welfare", 1),
    ]
    assert stats.top is not None
    assert stats.top.code == "27"
    assert stats.top.total == 3
    response = client.get(reverse("insights:corporations"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<path ") == 47
    assert re.search(
        r'<svg class="choropleth"[^>]*role="group"[^>]*aria-labelledby="corp-map-title corp-map-desc"', html
    )  # a group, not an image: each prefecture links to the directory of its corporations
    assert '<a href="/support/?prefecture=27" aria-label="大阪府: ' in html
    assert '<title id="corp-map-title">' in html
    assert '<desc id="corp-map-desc">' in html
    assert "<caption" in html
    assert "<tfoot>" in html
    csv = client.get(reverse("insights:data_csv", kwargs={"name": "corporations"})).content.decode(
        "utf-8-sig"
    )
    assert "27,大阪府,3," in csv


@pytest.mark.django_db
def test_corporation_statistics_read_what_the_support_app_provides(client, monkeypatch):
    monkeypatch.setitem(
        contributions._ONE,
        "statistics.designated_corporations",
        lambda: [("01", "npo", 5), ("27", "company", 83), ("27", "npo", 2)],
    )
    stats = selectors.corporation_stats()
    assert stats.total == 90
    assert {r.code: r.total for r in stats.prefectures}["27"] == 85
    assert len(stats.prefectures) == 47
    html = client.get(reverse("insights:corporations")).content.decode()
    assert "大阪府: 85" in html  # the prefecture's <title> names the figure, not only the colour


@pytest.mark.django_db
def test_council_statistics_and_coverage_page(client):
    for pref, muni in (("01", "011002"), ("13", None), ("13", "131121")):
        org = OrganisationFactory(kind="council", name=f"協議会{pref}{muni}", prefecture_id=pref)
        make_council(org, municipalities=[muni] if muni else None)
    stats = selectors.council_stats(on=date(2025, 1, 1))
    assert (stats.prefectural, stats.municipal) == (1, 2)
    rows = {r.code: r for r in stats.rows}
    assert rows["13"].prefectural == 1
    assert rows["13"].municipal == 1
    assert rows["01"].covered == 1_960_668
    response = client.get(reverse("insights:councils"), {"on": "2025-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<path ") == 47
    assert "coverage-map-desc" in html
    assert client.get(reverse("insights:councils"), {"on": "not-a-date"}).status_code == 200
    csv = client.get(reverse("insights:data_csv", kwargs={"name": "councils"}), {"on": "2025-01-01"})
    assert "全国,1,2,125927902," in csv.content.decode("utf-8-sig")
    assert client.get(reverse("insights:data_csv", kwargs={"name": "nothing"})).status_code == 404
    assert client.get(reverse("insights:index")).status_code == 200


def test_count_breaks_are_round():
    assert maps.count_breaks(83) == [0, 25, 50, 75, 100]
    assert maps.count_breaks(0) == [0]
    assert maps.count_breaks(5) == [0, 2, 4, 6, 8]


def test_choropleth_classes_and_legend():
    outline = maps.Outline(
        (maps.Shape("01", "北海道", "M0,0L1,0L1,1Z"), maps.Shape("02", "青森県", "M0,0L1,0L1,1Z")),
        10,
        10,
        (0, 0, 0, 0),
    )
    chart = maps.choropleth(
        {"01": 0, "02": None},
        [0, 10],
        describe=lambda v: "none" if v is None else str(v),
        class_label=lambda lo, hi: f"{lo}-{hi}",
        zero_label="zero",
        no_data_label="no data",
        outline=outline,
    )
    assert [a.fill for a in chart.areas] == [maps.PALETTE[0], maps.NO_DATA]
    assert [e.label for e in chart.legend] == ["zero", "0-10", "no data"]
    assert chart.areas[0].label == "北海道: 0"


@pytest.mark.django_db
def test_statistics_pages_say_when_no_app_provides_the_figures(client, monkeypatch):
    """An app that is not installed provides nothing: the page says the figures are not available."""
    monkeypatch.delitem(contributions._ONE, "statistics.designated_corporations")
    monkeypatch.delitem(contributions._ONE, "statistics.council_coverage")
    assert not selectors.corporation_stats().available
    response = client.get(reverse("insights:corporations"))
    assert response.status_code == 200
    assert client.get(reverse("insights:councils")).status_code == 200


def test_a_failing_provider_is_not_swallowed(monkeypatch):
    """A bug in the providing app raises (no swallowed ImportError hides content)."""

    def broken() -> list[tuple[str, str, int]]:
        raise ZeroDivisionError

    monkeypatch.setitem(contributions._ONE, "statistics.designated_corporations", broken)
    with pytest.raises(ZeroDivisionError):
        selectors.corporation_stats()


def _csv(client, name: str, language: str, **query: str) -> tuple[str, list[list[str]]]:  # type: ignore[no-untyped-def]
    client.cookies["sumai_language"] = language
    response = client.get(reverse("insights:data_csv", kwargs={"name": name}), query)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # a BOM, so that Excel reads UTF-8
    return body, list(csv_module.reader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.mark.django_db
def test_the_corporation_and_council_csvs_speak_the_reader_s_language_in_words(client, corporations):  # type: ignore[no-untyped-def]
    """The walk: corporations.csv and councils.csv still had code headers ("prefecture_code,prefecture,total,
    npo,…", "…,coverage_percent,as_of") and Japan's row read 全国 in every language, while the housing and
    consultation CSVs were in words in the reader's language, with rōmaji outside Japanese."""
    org = OrganisationFactory(kind="council", name="協議会13", prefecture_id="13")
    make_council(org, municipalities=["131121"])
    on = {"on": "2025-01-01"}
    expected = {
        "ja": (
            "都道府県",
            "指定法人数",
            "特定非営利活動法人（NPO法人）",
            "都道府県協議会",
            "カバー人口",
            "基準日",
            "大阪府",
            "全国",
        ),
        "en": (
            "Prefecture",
            "Designated corporations",
            "Specified non-profit corporation (NPO)",
            "Prefectural council",
            "Population covered",
            "As of",
            "大阪府 (Osaka-fu)",
            "Japan",
        ),
        "vi": (
            "Tỉnh",
            "Pháp nhân được chỉ định",
            "Pháp nhân hoạt động phi lợi nhuận đặc định (NPO)",
            "Hội đồng cấp tỉnh",
            "Dân số được bao phủ",
            "Tính đến ngày",
            "大阪府 (Osaka-fu)",
            "Toàn quốc",
        ),
    }
    for language, (
        prefecture,
        designated,
        npo,
        prefectural,
        covered,
        as_of,
        osaka,
        japan,
    ) in expected.items():
        _body, rows = _csv(client, "corporations", language)
        assert rows[0][1:4] == [prefecture, designated, npo], language
        assert rows[27][:5] == ["27", osaka, "3", "2", "1"], language
        assert rows[-1][:5] == ["", japan, "4", "2", "1"], language
        _body, rows = _csv(client, "councils", language, **on)
        assert [rows[0][i] for i in (1, 2, 5, 7)] == [prefecture, prefectural, covered, as_of], language
        assert rows[-1][:4] == ["", japan, "0", "1"], language
        assert rows[-1][-1] == "2025-01-01", language
    assert _csv(client, "councils", "en", **on)[1][0] == [
        "Prefecture code",
        "Prefecture",
        "Prefectural council",
        "Municipal councils",
        "Population",
        "Population covered",
        "Coverage (%)",
        "As of",
    ]
    assert _csv(client, "corporations", "en")[1][0][0] == "Prefecture code"
    for language in ("ja", "ja-x-easy", "en", "zh-hans", "ko", "vi", "pt-br"):
        for name in ("corporations", "councils"):
            body, rows = _csv(client, name, language, **on)
            assert not re.search(r"[a-z]+_[a-z]+", "".join(rows[0])), (language, rows[0])
            assert "{" not in body, (language, name)  # no easy-Japanese reading markup in a file
            assert len(set(rows[0])) == len(rows[0]), (language, rows[0])
            assert "全国" not in body or language in ("ja", "ja-x-easy", "zh-hans"), (
                language,
                name,
            )  # 全国: zh too
            assert ("Tokyo-to" in rows[13][1]) == (language not in ("ja", "ja-x-easy")), (language, name)
