"""Every kind of organisation logs in, reads its dashboard in Japanese and English, and logs out; the
pages on the way pass axe; the skip link works from the keyboard."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from sumai.core.roles import HOUSEHOLD_HOLDING_KINDS
from tests.e2e.login import VERIFY_PATH, type_code
from tests.factories import KIND_DEFAULTS, PASSWORD
from tests.otp import device_for

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

KINDS = list(KIND_DEFAULTS)


def test_every_kind_of_organisation_logs_in_switches_language_and_logs_out(
    world: Any, new_page: Any, assert_accessible: Any
) -> None:
    assert sorted(KINDS) == sorted(
        [
            "operator",
            "agent",
            "authority",
            "municipality",
            "support_corporation",
            "council",
            "referral_partner",
            "national",
        ]
    )
    for index, kind in enumerate(KINDS):
        page = new_page()
        page.goto("/accounts/login/")
        expect(page.locator("html")).to_have_attribute("lang", "ja")
        # sumai.css keeps the skip link off-screen until it is focused
        assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).left") == "-999px"
        if index == 0:
            assert_accessible(page, "login page")

        user = world.user(kind)
        device = device_for(user) if kind in HOUSEHOLD_HOLDING_KINDS else None
        page.locator("input[name=username]").fill(f"{kind}.admin@example.jp")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        if device is not None:  # households' data: the code from the authenticator too
            page.wait_for_url(VERIFY_PATH)
            if kind == HOUSEHOLD_HOLDING_KINDS[0]:
                assert_accessible(page, "two-factor verify page")
            type_code(page, device)

        page.wait_for_url(re.compile(r"/dashboard/$"))
        expect(page.locator("html")).to_have_attribute("lang", "ja")
        expect(page.locator("main")).to_contain_text(world.orgs[kind].name)
        assert_accessible(page, f"dashboard (ja) of {kind}")

        page.locator(".lang-menu summary").click()
        page.locator("button[name=language][value=en]").click()
        page.wait_for_url(re.compile(r"/dashboard/$"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
        expect(page.locator("main")).to_contain_text(world.orgs[kind].name)
        assert_accessible(page, f"dashboard (en) of {kind}")

        page.locator("form.logout-form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/$"))
        expect(page.locator("header a[href='/accounts/login/']")).to_be_visible()
        if index == 0:
            assert_accessible(page, "home page (en)")
        page.goto("/dashboard/")
        page.wait_for_url(re.compile(r"/accounts/login/"))
        page.context.close()


def test_home_page_is_accessible_in_japanese(world: Any, new_page: Any, assert_accessible: Any) -> None:
    page = new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    assert_accessible(page, "home page (ja)")


def test_css_is_served(new_page: Any) -> None:
    page = new_page()
    page.goto("/")
    hrefs = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map(l => l.href)")
    assert hrefs
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200, href
        assert "text/css" in response.headers.get("content-type", ""), href
    for src in page.eval_on_selector_all("script[src]", "scripts => scripts.map(s => s.src)"):
        assert page.request.get(src).status == 200, src
    # design tokens resolve (sumai.css uses them for every colour)
    assert page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--color-neutral-white').trim()"
    )


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(new_page: Any) -> None:
    page = new_page()
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')"), page.evaluate(
        "document.activeElement.outerHTML"
    )
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
