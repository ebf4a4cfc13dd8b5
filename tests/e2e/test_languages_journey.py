"""The language switcher in a real browser: on a phone, by keyboard alone, through all seven languages; the
public pages pass axe in each, including やさしい日本語 with its ruby furigana."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

LANGS = [
    ("ja-x-easy", "やさしい日本語", "ja"),
    ("en", "English", "en"),
    ("zh-hans", "简体中文", "zh-Hans"),
    ("ko", "한국어", "ko"),
    ("vi", "Tiếng Việt", "vi"),
    ("pt-br", "Português", "pt-BR"),
    ("ja", "日本語", "ja"),
]


@pytest.mark.django_db(transaction=True)
def test_switch_every_language_by_keyboard_on_a_phone(new_page: Any, assert_accessible: Any) -> None:
    page = new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/about/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    for code, name, lang in LANGS:
        page.locator(".lang-menu summary").focus()  # the compact chooser opens from the keyboard
        page.keyboard.press("Enter")
        button = page.get_by_role("button", name=name, exact=True)
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box is not None
        assert 0 <= box["x"] <= box["x"] + box["width"] <= 360, f"{name} is off-screen on a phone"
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/about/$"))
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator(".lang-menu summary")).to_contain_text(name)
        expect(page.locator(f"button[name=language][value={code}]")).to_have_attribute("aria-pressed", "true")
        assert_accessible(page, f"about page in {code}")
        if code == "ja-x-easy":
            expect(page.locator("main ruby rt").first).to_be_attached()
            assert "{" not in page.locator("main").inner_text()
    cookie = {c["name"]: c for c in page.context.cookies()}["sumai_language"]
    assert cookie["value"] == "ja"
    assert cookie["expires"] > 0  # remembered beyond the session


@pytest.mark.django_db(transaction=True)
def test_public_pages_in_easy_japanese_pass_axe(new_page: Any, assert_accessible: Any) -> None:
    page = new_page()
    page.goto("/")
    page.locator(".lang-menu summary").click()
    page.get_by_role("button", name="やさしい日本語", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))
    page.expected_errors.append("status of 404")  # the not-found page is a 404
    for path in ("/", "/accounts/login/", "/accounts/password/reset/", "/no-such-page/"):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "ja")
        expect(page.locator("ruby").first).to_be_attached()
        assert_accessible(page, f"{path} in やさしい日本語")
