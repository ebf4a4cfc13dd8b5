"""A newcomer searches in a real browser: municipality + "accepts older people" + vacant + monthly cost
≤ 60,000 yen, opens a home, reads it in English and in Tiếng Việt; axe finds nothing on any page type
(search form, results, no results, error, unit page, printable page)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture
def homes(live_server: Any) -> dict[str, Any]:
    from sumai.search.indexing import rebuild
    from tests.factories import OrganisationFactory
    from tests.search.conftest import registered_building

    operator = OrganisationFactory(kind="operator", name="みなと住宅株式会社")
    now = timezone.now()
    match = registered_building(
        operator,
        municipality="131032",
        name="芝さくらハイツ",
        units=[
            {
                "rent": 52_000,
                "common_fee": 3_000,
                "vacancy": "vacant",
                "vacancy_confirmed_at": now - timedelta(days=2),
            },
            {"rent": 58_000, "common_fee": 5_000, "vacancy": "vacant", "vacancy_confirmed_at": now},  # 63,000
        ],
    )
    registered_building(  # vacant and cheap, but does not accept older people
        operator,
        municipality="131032",
        name="港ユースハウス",
        units=[{"rent": 40_000, "accepted_groups": ["child_raising"], "vacancy": "vacant"}],
    )
    registered_building(  # accepts everyone, cheap, but occupied
        operator, municipality="131032", name="芝浦コーポ", units=[{"rent": 45_000, "vacancy": "occupied"}]
    )
    registered_building(  # another ward
        operator, municipality="131041", name="新宿ハイツ", units=[{"rent": 50_000, "vacancy": "vacant"}]
    )
    rebuild()
    return {"unit": match.units.get(number="101")}


@pytest.mark.django_db(transaction=True)
def test_a_newcomer_finds_a_home_and_reads_it_in_english_and_vietnamese(
    new_page: Any, assert_accessible: Any, homes: dict[str, Any]
) -> None:
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/search/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("入居を拒まない住まいを探す")
    assert_accessible(page, "the empty search page")

    page.get_by_label("都道府県").select_option("13")
    # htmx fills the municipality list for the prefecture
    expect(page.locator("#id_municipality option[value='131032']")).to_be_attached()
    page.get_by_label("市区町村").select_option("131032")
    # place, cost and "vacant now" come first on a phone; the rest is behind one control (#14 item 16)
    rent = page.get_by_label("月額の上限（円）")
    assert rent.bounding_box()["y"] < 2 * 844
    expect(page.get_by_label("高齢者を受け入れ")).to_be_hidden()
    page.get_by_label("いま空室（最近、空室が確認されたもの）").check()
    rent.fill("60000")
    page.locator("#more-filters summary").click()
    page.get_by_label("高齢者を受け入れ").check()
    page.get_by_role("button", name="検索", exact=True).click()

    results = page.locator("#results")
    expect(results.get_by_role("heading", level=2)).to_contain_text("1件")
    expect(results.get_by_role("link", name=re.compile("芝さくらハイツ 101"))).to_be_visible()
    expect(results).not_to_contain_text("港ユースハウス")
    expect(results).not_to_contain_text("芝浦コーポ")
    expect(results).not_to_contain_text("新宿ハイツ")
    expect(results).not_to_contain_text("芝さくらハイツ 102")  # 63,000 yen a month in all
    # the search is in the address bar (shareable, back button)
    expect(page).to_have_url(re.compile(r"municipality=131032"))
    assert_accessible(page, "the results")

    results.get_by_role("link", name=re.compile("芝さくらハイツ 101")).click()
    page.wait_for_url(re.compile(r"/units/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("芝さくらハイツ 101号室")
    expect(page.locator(".vacancy-box")).to_contain_text("2日前に確認")
    expect(page.locator("main")).to_contain_text("55,000")
    expect(page.locator("main")).to_contain_text("高齢者を受け入れ")
    assert_accessible(page, "the unit page in Japanese")

    page.locator(".lang-menu summary").click()
    page.get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".vacancy-box")).to_contain_text("confirmed 2 days ago")
    expect(page.locator("main")).to_contain_text("Accepts older people")
    assert_accessible(page, "the unit page in English")

    page.locator(".lang-menu summary").click()
    page.get_by_role("button", name="Tiếng Việt", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("main")).not_to_contain_text("Accepts older people")
    assert_accessible(page, "the unit page in Vietnamese")

    page.goto(f"/units/{homes['unit'].pk}/print/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert_accessible(page, "the printable page")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_collected_static")
def test_search_works_without_javascript_and_explains_errors(
    browser: Any, live_server: Any, new_page: Any, assert_accessible: Any, homes: dict[str, Any]
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/search/?prefecture=13")
        page.get_by_label("市区町村").select_option("131032")
        page.get_by_role("button", name="検索", exact=True).click()
        expect(page.locator("#results h2")).to_contain_text("4件")
        page.goto("/search/?rent_min=90000&rent_max=1000")
        expect(page.locator(".error-summary")).to_contain_text("上限が下限より小さくなっています")
    finally:
        context.close()
    # axe needs JavaScript to run, so the same pages are checked in an ordinary browser
    checked = new_page()
    checked.expected_errors.append("status of 400")  # a search with an error is a 400
    checked.goto("/search/?rent_min=90000&rent_max=1000")
    expect(checked.locator(".error-summary")).to_be_visible()
    assert_accessible(checked, "a search with an error")
    checked.goto("/search/?municipality=131041&rent_max=1000")
    expect(checked.locator("#results")).to_contain_text("すべての条件に合う登録住宅はありません")
    assert_accessible(checked, "a search without results")


@pytest.mark.django_db(transaction=True)
def test_back_after_a_search_restores_the_whole_page_and_errors_show_with_javascript(
    new_page: Any, assert_accessible: Any, homes: dict[str, Any]
) -> None:
    """Issue #14 items 2 and 6: Back after a search (and after leaving for a unit page) shows the whole page
    — header, form, results — never a bare fragment; a search that cannot be done shows its errors with
    JavaScript exactly as without, and the focus moves to them; no console error on the way."""
    page = new_page()
    page.goto("/search/?prefecture=13")
    page.get_by_label("市区町村").select_option("131032")
    page.get_by_role("button", name="検索", exact=True).click()
    expect(page.locator("#results-heading")).to_contain_text("4件")
    expect(page.locator("#results-heading")).to_be_focused()
    expect(page).to_have_title(re.compile(r"^4件見つかりました · 住まいを探す"))  # the tab says it too
    page.get_by_label("いま空室（最近、空室が確認されたもの）").check()
    page.get_by_role("button", name="検索", exact=True).click()
    expect(page.locator("#results-heading")).not_to_contain_text("4件")
    expect(page).to_have_title(re.compile(r"^[0-35-9]件見つかりました · 住まいを探す"))  # not the 4 before

    page.go_back()  # to the first search, restored by htmx
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.locator("#search-form")).to_be_visible()
    expect(page.locator("#results-heading")).to_contain_text("4件")
    expect(page).to_have_title(re.compile(r"^4件見つかりました · 住まいを探す"))
    page.wait_for_load_state("load")  # Back reloaded the page: a Forward during its load was lost
    page.go_forward()  # to the second search again
    expect(page.locator("#results-heading")).not_to_contain_text("4件")
    expect(page).to_have_title(re.compile(r"^[0-35-9]件見つかりました · 住まいを探す"))
    page.wait_for_load_state("load")

    page.locator("#results").get_by_role("link", name=re.compile("芝さくらハイツ 101")).click()
    page.wait_for_url(re.compile(r"/units/\d+/$"))
    page.go_back()  # a full navigation back: the browser must not reuse the fragment of the same URL
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.locator("#search-form")).to_be_visible()
    expect(page.locator("#results-heading")).to_contain_text("件")
    assert page.evaluate("document.styleSheets.length") > 0

    page.get_by_label("月額の下限（円）").fill("90000")
    page.get_by_label("月額の上限（円）").fill("1000")
    page.get_by_role("button", name="検索", exact=True).click()
    errors = page.locator("#search-errors")
    expect(errors).to_contain_text("上限が下限より小さくなっています")
    expect(errors).to_be_focused()
    expect(page.locator("#results")).not_to_contain_text("4件")  # the old count is gone
    # no count in the title, and it says first that the search has errors
    expect(page).to_have_title(re.compile(r"^検索条件を確認してください · 住まいを探す \| "))
    assert_accessible(page, "a search with an error, with JavaScript")


def test_the_fragment_and_the_page_are_never_cached_for_each_other(
    client: Any, homes: dict[str, Any]
) -> None:
    full = client.get("/search/?prefecture=13")
    fragment = client.get("/search/?prefecture=13", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert "HX-Request" in full["Vary"]
    assert "HX-Request" in fragment["Vary"]
    assert "no-store" in fragment["Cache-Control"]
    bad = client.get("/search/?rent_min=9&rent_max=1", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert bad.status_code == 200  # htmx swaps it: the errors are in the fragment
    assert 'id="search-errors"' in bad.content.decode()


@pytest.mark.django_db(transaction=True)
def test_over_the_rate_limit_search_shows_the_message_in_the_results_and_keeps_the_form(
    new_page: Any, settings: Any, homes: dict[str, Any]
) -> None:
    """A walk: pressing Search over the per-address limit changed nothing on the page (htmx ignores a 429);
    the 429 page's message shows in the results area and what was typed stays in the form."""
    page = new_page()
    page.expected_errors.append("status of 429")  # the browser reports the 429 itself
    page.goto("/search/?prefecture=13")
    page.get_by_label("市区町村").select_option("131032")
    page.get_by_label("月額の上限（円）").fill("60000")
    settings.SUMAI = {**settings.SUMAI, "SEARCH_RATE": "0/minute"}  # every search from now on is over it
    page.get_by_role("button", name="検索", exact=True).click()
    errors = page.locator("#results #search-errors")
    expect(errors).to_contain_text("アクセスが集中")
    expect(errors).to_be_focused()
    expect(page.locator("#search-form")).to_be_visible()
    expect(page.get_by_label("月額の上限（円）")).to_have_value("60000")
    expect(page.locator("header.site-header")).to_have_count(1)  # swapped into the results, not a page in it


@pytest.mark.django_db(transaction=True)
def test_next_page_on_a_phone_lands_on_the_results_and_back_restores_the_first(
    new_page: Any, homes: dict[str, Any]
) -> None:
    """A walk: on a phone, Next page (a full page load) landed at the top of the form, the results far below.
    It lands on the results; Back shows the whole first page again; a search with htmx still works."""
    from sumai.search.indexing import rebuild
    from tests.factories import OrganisationFactory
    from tests.search.conftest import registered_building

    operator = OrganisationFactory(kind="operator", name="ページ送り住宅")
    units = [{"rent": 30_000 + i * 100, "number": f"{201 + i}"} for i in range(25)]
    registered_building(operator, municipality="131032", name="ページ送りハイツ", units=units)
    rebuild()
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/search/?prefecture=13&municipality=131032")
    expect(page.locator("#results-heading")).to_contain_text("件")
    page.locator("#results a[rel=next]").click()
    page.wait_for_url(re.compile(r"cursor=.*#results$"))
    heading = page.locator("#results-heading")
    expect(heading).to_be_in_viewport()
    expect(page.locator("#results a[rel=prev]")).to_be_visible()

    page.go_back()
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.locator("#search-form")).to_be_visible()
    expect(page.locator("#results a[rel=prev]")).to_have_count(0)  # the first page again

    page.get_by_label("いま空室（最近、空室が確認されたもの）").check()
    page.get_by_role("button", name="検索", exact=True).click()  # htmx
    expect(page.locator("#results-heading")).to_be_focused()
    expect(page).to_have_url(re.compile(r"vacant=on"))
