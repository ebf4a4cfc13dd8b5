"""In a real browser: a search with an error marks its fields with JavaScript (htmx swaps only the results)
as without, and the title says so first; the printable page of a home has a Print button, reachable from
the keyboard and absent from the printed sheet."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.test_search_journey import homes  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_an_htmx_search_with_errors_marks_its_fields_and_a_good_one_clears_them(
    new_page: Any,
    assert_accessible: Any,
    homes: dict[str, Any],  # noqa: F811
) -> None:
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto("/search/?prefecture=13")
    rent_min = page.get_by_label("月額の下限（円）")
    rent_max = page.get_by_label("月額の上限（円）")
    rent_min.fill("90000")
    rent_max.fill("1000")
    page.get_by_role("button", name="検索", exact=True).click()
    errors = page.locator("#search-errors")
    expect(errors).to_be_focused()
    expect(rent_max).to_have_attribute("aria-invalid", "true")
    expect(rent_max).to_have_attribute("aria-describedby", "search-error-rent_max rent-help")
    expect(rent_max).to_have_accessible_description(re.compile("上限が下限より小さくなっています"))
    expect(rent_min).not_to_have_attribute("aria-invalid", "true")
    expect(page).to_have_title(re.compile(r"^検索条件を確認してください · 住まいを探す \| "))
    assert_accessible(page, "a search with an error on a phone, with JavaScript")

    # the link of the summary takes the keyboard to the field
    errors.get_by_role("link").click()
    expect(rent_max).to_be_focused()

    # a field behind a closed "Near a place on the map" is shown when it has the error
    rent_min.fill("")
    rent_max.fill("")
    page.locator("#id_radius").evaluate("el => { el.value = '3'; }")  # typed before its section was closed
    page.get_by_role("button", name="検索", exact=True).click()
    radius = page.locator("#id_radius")
    expect(radius).to_have_attribute("aria-invalid", "true")
    expect(radius).to_be_visible()
    expect(rent_max).not_to_have_attribute("aria-invalid", "true")
    expect(rent_max).to_have_attribute("aria-describedby", "rent-help")

    radius.fill("")
    page.get_by_role("button", name="検索", exact=True).click()
    expect(page.locator("#results-heading")).to_contain_text("件")
    assert page.locator("[aria-invalid]").count() == 0
    expect(page).to_have_title(re.compile(r"^\d+件見つかりました · 住まいを探す"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_collected_static")
def test_without_javascript_the_page_marks_the_field(
    browser: Any,
    live_server: Any,
    homes: dict[str, Any],  # noqa: F811
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto("/search/?rent_min=90000&rent_max=1000")
        rent_max = page.get_by_label("月額の上限（円）")
        expect(rent_max).to_have_attribute("aria-invalid", "true")
        expect(rent_max).to_have_accessible_description(re.compile("上限が下限より小さくなっています"))
        expect(page).to_have_title(re.compile(r"^検索条件を確認してください · "))
        # a walk: the field looked like every other (only a screen reader heard it was wrong)
        border = "e => getComputedStyle(e).borderTopWidth"
        assert rent_max.evaluate(border) == "2px"
        assert page.get_by_label("月額の下限（円）").evaluate(border) == "1px"

        # a walk: on a phone without JavaScript the answer opened at the top of the form and the errors
        # were a screen below; the form's answer now opens at its results (or errors)
        page.set_viewport_size(PHONE)
        page.goto("/search/?prefecture=13")
        page.get_by_label("月額の下限（円）").fill("90000")
        page.get_by_label("月額の上限（円）").fill("1000")
        page.get_by_role("button", name="検索", exact=True).click()
        page.wait_for_url(re.compile(r"#results$"))
        errors = page.locator("#search-errors")
        expect(errors).to_be_in_viewport()

        # the printable page's Print button works only with a script: without one it is not shown
        page.goto(f"/units/{homes['unit'].pk}/print/")
        expect(page.locator("[data-print]")).to_be_hidden()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_radius_out_of_range_is_the_page_s_error_not_the_browser_s(
    new_page: Any,
    homes: dict[str, Any],  # noqa: F811
) -> None:
    """A walk: a radius of 5000 km was stopped by the browser's own bubble, in the browser's language
    ("Value must be less than or equal to 50." on a Japanese page), with no summary and no mark."""
    page = new_page()
    page.expected_errors.append("status of 400")
    page.goto("/search/?prefecture=13&lat=35.68&lon=139.76&radius=5000")
    page.get_by_role("button", name="検索", exact=True).click()
    expect(page.locator("#search-errors")).to_be_visible()
    expect(page.locator("#search-errors")).to_be_focused()


@pytest.mark.django_db(transaction=True)
def test_the_printable_page_has_a_print_button_that_does_not_print(
    new_page: Any,
    assert_accessible: Any,
    homes: dict[str, Any],  # noqa: F811
) -> None:
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto(f"/units/{homes['unit'].pk}/print/")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    button = page.get_by_role("button", name="印刷する")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box
    assert box["y"] + box["height"] <= PHONE["height"]  # on the first screen of a phone
    assert box["height"] >= 44  # a target an older hand can press
    page.keyboard.press("Tab")
    expect(button).to_be_focused()  # the first stop of the keyboard
    page.keyboard.press("Enter")
    assert page.evaluate("window.printed") == 1
    assert_accessible(page, "the printable page with its Print button")

    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()  # the sheet itself still prints
