"""Phone first (issue #14, item 16): on a 390×844 screen the header is one row — the name, a compact language
chooser and a menu button — so that every public page's content starts within the first screen; the menu and
the language chooser work with the keyboard; nothing is wider than the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PUBLIC = ("/", "/search/", "/support/", "/councils/", "/statistics/", "/about/", "/accounts/login/")


def test_public_pages_start_within_the_first_screen_of_a_phone(new_page: Any, assert_accessible: Any) -> None:
    page = new_page()
    page.set_viewport_size(PHONE)
    for path in PUBLIC:
        page.goto(path)
        header = page.locator("header.site-header").bounding_box()
        assert header is not None
        assert header["height"] <= 120, f"{path}: header {header}"
        heading = page.locator("main h1").first.bounding_box()
        assert heading is not None
        assert heading["y"] < PHONE["height"] / 3, f"{path}: h1 at {heading}"
        expect(page.locator("#site-menu")).to_be_hidden()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path}: the page is {width}px wide"
    assert_accessible(page, "login page on a phone")


def test_the_menu_and_the_language_chooser_work_with_the_keyboard_on_a_phone(
    new_page: Any, assert_accessible: Any
) -> None:
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto("/")
    toggle = page.get_by_role("button", name="メニュー")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".main-nav").get_by_role("link", name="住まいを探す")).to_be_visible()
    assert_accessible(page, "home with the menu open")
    page.keyboard.press("Escape")
    expect(page.locator("#site-menu")).to_be_hidden()
    expect(toggle).to_be_focused()

    page.locator(".lang-menu summary").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".lang-menu summary")).to_contain_text("English")
    page.get_by_role("button", name="Menu").click()
    page.locator(".main-nav").get_by_role("link", name="Find a home").click()
    page.wait_for_url(re.compile(r"/search/"))


def test_on_a_desktop_the_menu_is_shown_without_a_button(new_page: Any) -> None:
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    expect(page.get_by_role("button", name="メニュー")).to_be_hidden()
    expect(page.locator(".main-nav").get_by_role("link", name="住まいを探す")).to_be_visible()


def test_a_case_page_in_english_is_no_wider_than_a_phone(new_page: Any, live_server: Any) -> None:
    """A walk: on a 390×844 phone in English, "Find support corporations" stuck out of the "Homes and
    support" box and the case page scrolled sideways (50 px): the buttons of a box wrap within it."""
    from django.urls import reverse

    from sumai.accounts.models import Membership
    from sumai.cases.models import Case, Household
    from tests.cases.conftest import desk
    from tests.e2e.login import log_in
    from tests.factories import UserFactory

    setagaya = desk("131121", "世田谷区")
    caseworker = UserFactory(email="phone-caseworker@example.jp", name="相談員")
    Membership.objects.create(user=caseworker, organisation=setagaya, role="staff")
    household = Household.objects.create(organisation=setagaya, pseudonym="Aさん", municipality_id="131121")
    case = Case.objects.create(household=household, organisation=setagaya, caseworker=caseworker)

    page = new_page()
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "sumai_language", "value": "en", "url": live_server.url}])
    log_in(page, caseworker.email)
    page.goto(reverse("cases:case", kwargs={"pk": case.pk}))
    box = page.locator("section[aria-labelledby='matching-heading']")
    button = box.get_by_role("link", name="Find support corporations")
    expect(button).to_be_visible()
    inside, outside = box.bounding_box(), button.bounding_box()
    assert inside is not None
    assert outside is not None
    assert outside["x"] + outside["width"] <= inside["x"] + inside["width"], (outside, inside)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the case page is {width}px wide"


@pytest.mark.parametrize("language", ["en", "vi", "pt-br", "ja-x-easy"])
def test_checkboxes_keep_their_24_px_beside_long_labels(
    new_page: Any, live_server: Any, language: str
) -> None:
    """A walk: on a phone the search form's checkboxes beside long labels (the groups, "dedicated housing")
    were squeezed to 13 px wide by the flex row they share with the label. Every checkbox keeps 24×24 CSS px
    (WCAG 2.2 target size), on a phone and on a desktop, and the desktop rows stay as they were."""
    page = new_page()
    page.context.add_cookies([{"name": "sumai_language", "value": language, "url": live_server.url}])
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(viewport)
        page.goto("/search/")
        page.locator("#more-filters summary").click()
        sizes = page.evaluate(
            """Array.from(document.querySelectorAll('#search-form input[type=checkbox]')).map(e => {
                const r = e.getBoundingClientRect();
                return [e.name + '=' + e.value, r.width, r.height];
            })"""
        )
        assert len(sizes) > 20
        small = [s for s in sizes if s[1] < 24 or s[2] < 24]
        assert not small, f"{language} at {viewport['width']}px: {small}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{language}: the page is {width}px wide"
    # the desktop: the groups still sit several to a row
    tops = page.evaluate(
        "Array.from(document.querySelectorAll('input[name=group]')).map(e => e.getBoundingClientRect().top)"
    )
    assert len(set(tops)) < len(tops)


def test_a_signed_in_desktop_header_is_two_rows(new_page: Any, live_server: Any) -> None:
    """A walk: on a 1366 px desktop a signed-in member's header took four rows, about 250 px — the name, the
    menu, "signed in as … / log out", and the language chooser alone on the last row. Now the name with the
    member, log out and the language on the first row, the menu on the second."""
    from sumai.accounts.models import Membership
    from tests.e2e.login import log_in
    from tests.factories import OrganisationFactory, UserFactory

    operator = OrganisationFactory(kind="operator", name="全国賃貸ホールディングス株式会社")
    landlord = UserFactory(email="desk-landlord@example.jp", name="山田 花子")
    Membership.objects.create(user=landlord, organisation=operator, role="admin")
    page = new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, landlord.email)
    header = page.locator("header.site-header").bounding_box()
    assert header is not None
    assert header["height"] <= 150, header
    brand = page.locator(".brand").bounding_box()
    language = page.locator(".lang-menu summary").bounding_box()
    logout = page.locator(".logout-form button").bounding_box()
    assert brand
    assert language
    assert logout
    assert abs(language["y"] - brand["y"]) < 30  # on the name's row, not a row of its own
    assert abs(logout["y"] - brand["y"]) < 30
