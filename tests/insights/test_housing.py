"""The housing figures of the statistics (issue #14, item 12): registered, dedicated and vacant-now units by
prefecture and the monthly registration trend, from one selector per figure — the statistics index, the
housing page and its CSV agree with each other and with the public index."""

from __future__ import annotations

import csv
import io
import itertools
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sumai.insights import maps, selectors
from sumai.search.indexing import rebuild
from sumai.search.models import SearchUnit
from sumai.search.statistics import registration_trend
from tests.factories import OrganisationFactory
from tests.search.conftest import registered_building

pytestmark = pytest.mark.django_db


@pytest.fixture
def homes(db):
    operator = OrganisationFactory(kind="operator", name="テスト不動産")
    now = timezone.now()
    stale = now - timedelta(days=400)
    specs = [
        # Tokyo: 3 units, 1 dedicated, 1 vacant now (another vacant but stale), registered Jan and Mar 2025
        (
            "131032",
            [
                {"dedicated": True, "vacancy": "vacant", "registered_on": date(2025, 1, 10)},
                {"vacancy": "vacant", "vacancy_confirmed_at": stale, "registered_on": date(2025, 3, 2)},
                {"vacancy": "occupied", "registered_on": date(2025, 3, 20)},
            ],
        ),
        # Osaka: 2 units, both dedicated, registered Mar 2025
        (
            "271276",
            [
                {"dedicated": True, "registered_on": date(2025, 3, 5)},
                {"dedicated": True, "vacancy": "vacant", "registered_on": date(2025, 3, 6)},
            ],
        ),
    ]
    for muni, units in specs:
        for spec in units:
            spec.setdefault("floor_area_m2", Decimal("30"))
        registered_building(operator, municipality=muni, units=units)
    registered_building(operator, name="下書き", state="draft")  # not public: not counted
    rebuild()


def _numbers(text: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)]


def test_housing_by_prefecture_and_totals(homes):
    stats = selectors.housing_stats()
    rows = {r.code: r for r in stats.rows}
    assert (rows["13"].registered, rows["13"].dedicated, rows["13"].vacant) == (3, 1, 1)
    assert (rows["27"].registered, rows["27"].dedicated, rows["27"].vacant) == (2, 2, 1)
    assert rows["01"].registered == 0
    assert (stats.registered, stats.dedicated, stats.vacant) == (5, 3, 2)
    assert stats.registered == SearchUnit.objects.count()
    assert stats.top is not None
    assert stats.top.code == "13"


def test_the_trend_has_every_month_and_adds_up(homes):
    trend = registration_trend()
    assert trend[0] == (date(2025, 1, 1), 1, 1)
    assert trend[1] == (date(2025, 2, 1), 0, 1)  # a month without a registration is shown
    assert trend[2] == (date(2025, 3, 1), 4, 5)
    assert trend[-1][0] == timezone.localdate().replace(day=1)
    assert trend[-1][2] == 5


def test_the_pages_and_the_csv_agree(client, homes):
    index = client.get(reverse("insights:index")).content.decode()
    card = re.search(r'id="housing-heading".*?</section>', index, re.S)
    assert card is not None
    assert _numbers(re.sub(r"<[^>]+>", " ", card.group(0)))[:3] == [5, 3, 2]
    page = client.get(reverse("insights:housing")).content.decode()
    headline = re.search(r'class="headline">(.*?)</p>', page, re.S)
    assert headline is not None
    assert _numbers(headline.group(1))[:3] == [5, 3, 2]
    assert 'href="/search/?prefecture=13"' in page  # the map and the table link to the search
    body = client.get(reverse("insights:data_csv", kwargs={"name": "housing"})).content.decode("utf-8-sig")
    _header, *rows = list(csv.reader(io.StringIO(body)))
    national = rows[-1]
    assert national[:2] == ["", "全国"]
    assert national[2:5] == ["5", "3", "2"]
    assert sum(int(r[2]) for r in rows[:-1]) == 5
    trend = client.get(reverse("insights:data_csv", kwargs={"name": "housing-trend"})).content.decode(
        "utf-8-sig"
    )
    assert "2025-03,4,5" in trend


def _file(client, name: str, language: str) -> tuple[str, list[list[str]]]:  # type: ignore[no-untyped-def]
    client.cookies["sumai_language"] = language
    response = client.get(reverse("insights:data_csv", kwargs={"name": name}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # a BOM, so that Excel reads UTF-8
    return body, list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_the_housing_csvs_speak_the_reader_s_language_in_words(client, homes):  # type: ignore[no-untyped-def]
    """The walk: the housing CSVs' headers were codes ("prefecture_code,prefecture,registered_units,…") and
    Japan's row read 全国 in every language, while the outcome CSV's header is in words in the reader's
    language. Now the header is words, a code column is paired with its name, and a prefecture is named as on
    the page (with its rōmaji outside Japanese)."""
    expected = {
        "ja": (["都道府県", "登録住戸数", "専用住宅", "いま空き"], "東京都", "全国"),
        "en": (
            ["Prefecture", "Registered units", "Dedicated units", "Vacant now"],
            "東京都 (Tokyo-to)",
            "Japan",
        ),
    }
    for language, (header, tokyo, japan) in expected.items():
        _body, rows = _file(client, "housing", language)
        assert rows[0][1:5] == header, language
        assert rows[13][:6] == ["13", tokyo, "3", "1", "1", "1"], language
        assert rows[-1][:2] == ["", japan], language
        _body, trend = _file(client, "housing-trend", language)
        assert trend[1] == ["2025-01", "1", "1"], language
    assert _file(client, "housing", "en")[1][0] == [
        "Prefecture code",
        "Prefecture",
        "Registered units",
        "Dedicated units",
        "Vacant now",
        "Buildings",
    ]
    assert _file(client, "housing-trend", "en")[1][0] == [
        "Month",
        "Registered in the month",
        "Registered units at the month's end",
    ]
    for language in ("ja", "ja-x-easy", "en", "zh-hans", "ko", "vi", "pt-br"):
        for name in ("housing", "housing-trend"):
            body, rows = _file(client, name, language)
            assert not re.search(r"[a-z]+_[a-z]+", "".join(rows[0])), (language, rows[0])
            assert "{" not in body, (language, name)  # no easy-Japanese reading markup in a file
            assert len(set(rows[0])) == len(rows[0]), (language, rows[0])
        rows = _file(client, "housing", language)[1]
        assert ("Tokyo-to" in rows[13][1]) == (language not in ("ja", "ja-x-easy")), language


def test_the_housing_page_speaks_every_public_language(client, homes):
    for language, words in [
        ("ja", "登録住戸は5戸"),
        ("en", "5 registered units"),
        ("vi", "5 nhà đã đăng ký"),
    ]:
        client.cookies["sumai_language"] = language
        assert words in client.get(reverse("insights:housing")).content.decode()


def test_quantile_classes_spread_the_prefectures():
    values = list(range(1, 48))  # 47 different counts
    breaks = maps.quantile_breaks(values)
    assert breaks[0] == 0
    assert breaks == sorted(set(breaks))
    per_class = [sum(1 for v in values if lo < v <= hi) for lo, hi in itertools.pairwise(breaks)]
    assert max(per_class) <= 12  # not 36 of 47 in one class
    assert maps.quantile_breaks([0, 0, 0]) == [0]
    assert maps.quantile_breaks([5] * 47) == [0, 5]


def test_the_map_legend_speaks_every_public_language(client, homes):  # type: ignore[no-untyped-def]
    """The walk: the housing map's first legend item read "なし" on the Chinese, Korean, Vietnamese and
    Portuguese pages (the statistics' own catalogue lacked it, and Django fell back to Japanese)."""
    for language in ("zh-hans", "ko", "vi", "pt-br", "ja-x-easy"):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        page = client.get(reverse("insights:housing")).content.decode()
        legend = page.split('class="legend"', 1)[1].split("</ul>", 1)[0]
        assert "なし" not in legend or language == "ja-x-easy", (language, legend[:300])


def test_place_names_carry_their_romaji_outside_japanese(client, homes):  # type: ignore[no-untyped-def]
    """The walk: the housing statistics named the prefectures in kanji only in every language (table, map,
    headline), while the outcome pages read 「東京都 (Tokyo-to)」 outside Japanese."""
    for language in ("en", "vi", "pt-br", "ko", "zh-hans"):
        client.cookies["sumai_language"] = language
        html = client.get(reverse("insights:housing")).content.decode()
        assert ">東京都 (Tokyo-to)</a></th>" in html, language  # the table's row
        assert "<title>東京都 (Tokyo-to): " in html, language  # the map's prefecture
        assert "<title>大阪府 (Osaka-fu): " in html, language
    client.cookies["sumai_language"] = "en"
    assert "Most are in 東京都 (Tokyo-to) (3)." in client.get(reverse("insights:housing")).content.decode()
    for language in ("ja", "ja-x-easy"):
        client.cookies["sumai_language"] = language
        html = client.get(reverse("insights:housing")).content.decode()
        assert ">東京都</a></th>" in html, language
        assert "Tokyo-to" not in html, language


def test_the_map_credit_is_glossed_outside_japanese(client, homes):  # type: ignore[no-untyped-def]
    """A walk: the English map credit was the Japanese licence text alone (the other languages add a gloss);
    the Japanese text stays, as the licence asks."""
    for language, gloss in (("en", "(made from the National Land"), ("vi", "(")):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        page = client.get(reverse("insights:housing")).content.decode()
        credit = page.split("国土数値情報（行政区域データ）（国土交通省）を加工して作成", 1)[1][:200]
        assert credit.lstrip().startswith(gloss), (language, credit)
