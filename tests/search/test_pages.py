"""The public pages: search (full page, htmx partial, without JavaScript), unit page, print view, photos."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sumai.registry.models import Attachment, Unit
from sumai.search.indexing import sync_buildings
from tests.search.conftest import registered_building

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_empty_search_page_invites_a_search(client, stock):
    response = client.get(reverse("search:search"))
    assert response.status_code == 200
    assert (
        "Choose where you want to live" in response.content.decode()
        or "住みたい" in response.content.decode()
    )


def test_search_page_lists_matching_homes(client, stock):
    response = client.get(
        reverse("search:search"),
        {"prefecture": "13", "municipality": "131032", "group": "elderly", "vacant": "on"},
    )
    assert response.status_code == 200
    page = response.context["page"]
    assert page is not None
    html = response.content.decode()
    for unit in page.units:
        assert reverse("search:unit", kwargs={"pk": unit.pk}) in html
        assert unit.municipality_code == "131032"
    # the municipality list is filled for the chosen prefecture (works without JavaScript)
    assert 'value="131032" selected' in html


def test_htmx_request_gets_only_the_results(client, stock):
    response = client.get(
        reverse("search:search"), {"prefecture": "27"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.match(r"\s*<title>[^<]*</title>\s*<section id=\"results\"", html)
    assert "<html" not in html


def _title(html: str) -> str:
    found = re.search(r"<title>([^<]*)</title>", html)
    assert found, html[:200]
    return " ".join(found.group(1).split())


@pytest.mark.parametrize(
    "query", [{"prefecture": "27"}, {"prefecture": "13", "vacant": "on"}, {"rent_min": "9", "rent_max": "1"}]
)
def test_an_htmx_search_changes_the_title_as_the_page_would(client, stock, query):
    """A walk: after a search with htmx the tab still said the previous search's count. The fragment carries
    a <title> at its root (htmx 2 makes it the document's title): the whole page's title for that search."""
    client.cookies["sumai_language"] = "ja"
    url = reverse("search:search")
    fragment = client.get(url, query, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results").content.decode()
    full = client.get(url, query).content.decode()
    assert _title(fragment) == _title(full)
    if "rent_min" in query:
        assert not re.search(r"\d+件", _title(fragment))  # no count for a search that could not be done
        assert _title(fragment).startswith("検索条件を確認してください · 住まいを探す")  # it says so first
    else:
        assert re.match(r"\d+件", _title(fragment))


def test_htmx_request_over_the_rate_limit_gets_the_429_message_in_the_results(client, settings, db):
    """A walk: pressing Search over the per-address limit changed nothing (htmx ignored the 429 page). The
    htmx answer is the results area with the 429 page's message, still a 429 (search.js swaps it in)."""
    settings.SUMAI = {**settings.SUMAI, "SEARCH_RATE": "1/minute"}
    client.cookies["sumai_language"] = "ja"
    url = reverse("search:search")
    assert client.get(url, {"prefecture": "13"}).status_code == 200
    response = client.get(url, {"prefecture": "13"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "HX-Request" in response["Vary"]
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert re.match(r"\s*<title>[^<]*</title>\s*<section id=\"results\"", html)
    assert "<html" not in html
    assert 'id="search-errors"' in html
    assert re.search(r"<title>アクセスが集中しています", html), html[:200]  # the 429 page's title
    assert "アクセスが集中" in html  # the message of the full 429 page
    full = client.get(url, {"prefecture": "13"})  # without htmx: the full 429 page, as before
    assert full.status_code == 429
    assert "<html" in full.content.decode()
    assert "アクセスが集中" in full.content.decode()


def test_the_search_page_swaps_429_and_503_answers_into_the_results(client, db):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    script = Path(finders.find("search/search.js")).read_text(encoding="utf-8")
    assert "htmx:beforeSwap" in script
    assert "429" in script
    assert "503" in script
    assert "search/search.js" in client.get(reverse("search:search")).content.decode()


def test_next_and_previous_land_on_the_results(client, stock):
    """A walk: on a phone, Next page (a full page load) landed at the top of the form, the results ~1,280 px
    below. The paging links end with the results' fragment, on the page and in the htmx fragment."""
    url = reverse("search:search")
    first = client.get(url, {"prefecture": "13"}).content.decode()
    assert '<section id="results"' in first
    nexts = re.findall(r'rel="next" href="([^"]+)"', first)
    assert len(nexts) == 1
    assert nexts[0].endswith("#results")
    second = client.get(url + html.unescape(nexts[0]).split("#")[0])
    assert second.status_code == 200
    page = second.content.decode()
    assert '<section id="results"' in page
    prevs = re.findall(r'rel="prev" href="([^"]+)"', page)
    assert len(prevs) == 1
    assert prevs[0].endswith("#results")
    fragment = client.get(url, {"prefecture": "13"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert re.search(r'rel="next" href="[^"]+#results"', fragment.content.decode())


def test_municipality_options_for_a_prefecture(client, db):
    response = client.get(reverse("search:municipality_options"), {"prefecture": "13"})
    assert response.status_code == 200
    assert 'value="131032"' in response.content.decode()
    assert 'value="271004"' not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "rent_max=99999999999999999999999",
        "municipality=%27%3B%20DROP%20TABLE%20registry_unit%3B--",
        "q=" + "あ" * 10_000,
        "q=%27%20OR%20%271%27%3D%271",
        "q=%22%2A%28%29%3A%5E",
        "lat=1e308&lon=-1e308",
        "lat=NaN&lon=Infinity",
        "cursor=%00%01",
        "sort=-id",
        "group=elderly&group=nope",
        "layout=%3Cscript%3E",
        "prefecture=13&municipality=271004",
        "area_min=abc",
        "radius=100000",
    ],
)
def test_hostile_query_strings_never_break_the_page(client, stock, query):
    response = client.get(reverse("search:search") + "?" + query)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert 'class="error-summary"' in response.content.decode()


def test_harmless_text_that_looks_like_sql_is_just_searched(client, stock):
    response = client.get(reverse("search:search"), {"q": "' OR '1'='1"})
    assert response.status_code == 200
    assert response.context["page"].count == 0


def test_unit_page_shows_what_a_tenant_needs(client, operator):
    building = registered_building(
        operator,
        units=[
            {"vacancy": "vacant", "vacancy_confirmed_at": timezone.now() - timedelta(days=3), "rent": 52000}
        ],
    )
    sync_buildings([building.pk])
    unit = building.units.get()
    client.post(reverse("set_language"), {"language": "en"})
    response = client.get(reverse("search:unit", kwargs={"pk": unit.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "confirmed 3 days ago" in html
    assert "52,000" in html
    assert "Accepts older people" in html
    assert "03-0000-0000" in html
    assert unit.registration_number in html
    printable = client.get(reverse("search:unit_print", kwargs={"pk": unit.pk}))
    assert printable.status_code == 200
    assert "52,000" in printable.content.decode()


def test_unit_page_in_japanese_says_days_ago(client, operator):
    building = registered_building(
        operator, units=[{"vacancy": "vacant", "vacancy_confirmed_at": timezone.now() - timedelta(days=3)}]
    )
    sync_buildings([building.pk])
    html = client.get(reverse("search:unit", kwargs={"pk": building.units.get().pk})).content.decode()
    assert "3日前に確認" in html


def test_unregistered_units_have_no_public_page(client, operator):
    building = registered_building(operator, state="submitted")
    sync_buildings([building.pk])
    unit = building.units.get()
    assert client.get(reverse("search:unit", kwargs={"pk": unit.pk})).status_code == 404
    assert client.get(reverse("search:unit_print", kwargs={"pk": unit.pk})).status_code == 404


def test_photos_are_public_but_other_documents_are_not(client, operator):
    building = registered_building(operator)
    sync_buildings([building.pk])
    unit = building.units.get()
    photo = Attachment.objects.create(
        registration=building.registration,
        unit=unit,
        kind="photo",
        file=SimpleUploadedFile("p.png", PNG, content_type="image/png"),
        original_name="p.png",
        content_type="image/png",
        size=len(PNG),
    )
    pledge = Attachment.objects.create(
        registration=building.registration,
        kind="pledge",
        file=SimpleUploadedFile("pledge.pdf", b"%PDF-1.4\n", content_type="application/pdf"),
        original_name="pledge.pdf",
        content_type="application/pdf",
        size=9,
    )
    ok = client.get(reverse("search:photo", kwargs={"pk": unit.pk, "attachment_id": photo.pk}))
    assert ok.status_code == 200
    assert ok["Content-Type"] == "image/png"
    denied = client.get(reverse("search:photo", kwargs={"pk": unit.pk, "attachment_id": pledge.pk}))
    assert denied.status_code == 404
    page = client.get(reverse("search:unit", kwargs={"pk": unit.pk})).content.decode()
    assert reverse("search:photo", kwargs={"pk": unit.pk, "attachment_id": photo.pk}) in page


def test_registry_changes_reach_the_index(operator):
    """Registration, vacancy and strike-off through the registry's own code paths."""
    from sumai.registry.vacancy import expire_stale
    from sumai.search.models import SearchUnit

    building = registered_building(operator, state="submitted")
    sync_buildings([building.pk])
    assert not SearchUnit.objects.filter(building_id=building.pk).exists()
    Unit.objects.filter(building=building).update(status="registered", registered_on=timezone.localdate())
    sync_buildings([building.pk])
    entry = SearchUnit.objects.get(building_id=building.pk)
    Unit.objects.filter(pk=entry.unit_id).update(
        vacancy="vacant", vacancy_confirmed_at=timezone.now() - timedelta(days=40)
    )
    expire_stale()
    entry.refresh_from_db()
    assert entry.vacancy == "unknown"


def test_cached_results_follow_the_registry_at_once(client, stock, operator):
    """Results are cached by the index's version: a new registration shows on the very next request."""
    url = reverse("search:search") + "?prefecture=13&q=%E6%96%B0%E7%AF%89"  # 新築
    assert "新築ハイツ" not in client.get(url).content.decode()
    assert "新築ハイツ" not in client.get(url).content.decode()  # from the cache
    building = registered_building(operator, name="新築ハイツ")
    sync_buildings([building.pk])
    assert "新築ハイツ" in client.get(url).content.decode()
    api = client.get(reverse("api:unit-list"), {"q": "新築"}).json()
    assert [u["building_name"] for u in api["results"]] == ["新築ハイツ"]


def test_the_python_written_parts_escape_and_select():
    from sumai.search.templatetags.search_tags import checkboxes, options

    html = options([("13", "東京都"), ("27", "<b>大阪府</b>")], "27")
    assert html == (
        '<option value="13">東京都</option><option value="27" selected>&lt;b&gt;大阪府&lt;/b&gt;</option>'
    )
    boxes = checkboxes("layout", [("1K", "1K"), ("2DK", "2DK")], ["2DK"])
    assert 'value="1K">' in boxes
    assert 'value="2DK" checked>' in boxes


@pytest.mark.parametrize(
    ("language", "words"), [("en", ["1.5 km away", "61,000 yen"]), ("pt-br", ["1,5 km", "61.000"])]
)
def test_a_result_reads_in_the_visitors_language(operator, language, words):
    from django.utils import translation

    from sumai.search import selectors
    from sumai.search.indexing import sync_buildings
    from sumai.search.templatetags.search_tags import result_item

    building = registered_building(operator, name="結果表示荘", units=[{"rent": 60000, "common_fee": 1000}])
    sync_buildings([building.pk])
    unit = selectors.result_units([building.units.get().pk])[0]
    page = selectors.ResultPage(
        units=[unit],
        count=1,
        count_is_capped=False,
        start=1,
        next_cursor=None,
        prev_cursor=None,
        sort="distance",
        distances={unit.pk: 1.5},
    )
    with translation.override(language):
        html = result_item(page, unit)
    for word in words:
        assert word in html
    assert f'href="{unit.url}"' in html
    assert 'data-lat="35.658600"' in html
