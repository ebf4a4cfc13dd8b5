"""Onboarding in a real browser (issue #14, item 14): an agent signs up on a phone in Tiếng Việt with a
licence number typed full-width, confirms from the e-mail's link, the platform administrator approves on a
desktop, and the agent logs in with the password chosen at sign-up. axe on every page; no console error."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.test_registry_journey import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]

PASSWORD = "Tatami-and-fusuma-2026"


def _no_sideways_scroll(page: Any, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{where} is {width}px wide on a phone"


def test_an_agent_signs_up_on_a_phone_and_the_platform_approves(
    new_page: Any, live_server: Any, assert_accessible: Any
) -> None:
    UserFactory(email="root@example.jp", is_superuser=True, is_staff=True)
    phone = new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.context.add_cookies([{"name": "sumai_language", "value": "vi", "url": live_server.url}])
    phone.goto("/accounts/login/")
    phone.get_by_role("link", name="Đăng ký", exact=True).click()
    expect(phone.locator("h1")).to_have_text("Đăng ký")
    assert_accessible(phone, "the sign-up form in Vietnamese")
    _no_sideways_scroll(phone, "the sign-up form")

    phone.get_by_label("Môi giới hoặc công ty quản lý").check()
    phone.get_by_label("Tên doanh nghiệp hoặc tổ chức").fill("さくら不動産株式会社")
    phone.locator("#id_prefecture").select_option("13")
    phone.locator("#id_licence_number").fill("89012")  # not a licence number
    phone.locator("#id_person_name").fill("Nguyễn Văn An")
    phone.locator("#id_email").fill("ａｎ＠ｓａｋｕｒａ．ｅｘａｍｐｌｅ．ｊｐ")  # typed with a Japanese IME
    phone.locator("#id_phone").fill("０３−１２３４−５６７８")
    phone.locator("#id_password1").fill(PASSWORD)
    phone.locator("#id_password2").fill(PASSWORD)
    phone.locator("#id_agree").check()
    phone.expected_errors.append("status of 400")  # the form answers 400 with its errors
    phone.locator("main form button[type=submit]").click()
    summary = phone.locator("#error-summary")
    expect(summary).to_be_focused()  # the error summary takes the focus (menu.js)
    expect(summary).to_contain_text("東京都知事(3)第89012号")
    assert_accessible(phone, "the sign-up form with an error")
    assert (
        phone.locator("#id_email").input_value() == "ａｎ＠ｓａｋｕｒａ．ｅｘａｍｐｌｅ．ｊｐ"
    )  # kept as typed

    phone.locator("#id_licence_number").fill("東京都知事（３）第８９０１２号")
    phone.locator("#id_password1").fill(PASSWORD)
    phone.locator("#id_password2").fill(PASSWORD)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/accounts/signup/sent/$"))
    expect(phone.locator("h1")).to_have_text("Hãy kiểm tra email")
    assert_accessible(phone, "check your e-mail")

    (message,) = [m for m in mail.outbox if m.to == ["an@sakura.example.jp"]]
    assert "Xác nhận địa chỉ e-mail" in message.body  # the e-mail is in the language of the sign-up
    link = re.search(r"https?://\S+/accounts/signup/verify/\S+/", message.body)
    assert link, message.body
    phone.goto("/" + link.group(0).split("://", 1)[1].split("/", 1)[1])
    assert_accessible(phone, "the confirmation page")
    phone.get_by_role("button", name="Xác nhận địa chỉ của tôi").click()
    expect(phone.locator("h1")).to_have_text("Đã xác nhận địa chỉ")
    phone.go_back()  # Back shows the link's page again, which now says the address is already confirmed
    phone.reload()
    expect(phone.locator("h1")).to_have_text("Đã xác nhận địa chỉ")
    expect(phone.locator("main")).to_contain_text("Địa chỉ này đã được xác nhận")

    desk = new_page()
    desk.set_viewport_size({"width": 1280, "height": 900})
    log_in(desk, "root@example.jp")
    desk.get_by_role("link", name="組織・利用者・登録申込").click()
    desk.get_by_role("link", name="承認待ちの登録申込").click()
    assert_accessible(desk, "the sign-ups awaiting approval")
    desk.get_by_role("link", name="さくら不動産株式会社").click()
    expect(desk.locator("main")).to_contain_text("東京都知事(3)第89012号")
    assert_accessible(desk, "a sign-up to decide")
    desk.get_by_role("button", name="承認する").click()
    expect(desk.locator(".messages")).to_contain_text("承認しました")
    expect(desk.locator("h1")).to_have_text("さくら不動産株式会社")
    assert_accessible(desk, "the new organisation")

    approved = [m for m in mail.outbox if m.to == ["an@sakura.example.jp"]][-1]
    assert "/accounts/login/" in approved.body
    assert "phê duyệt" in approved.body
    phone.goto("/accounts/login/")
    phone.locator("input[name=username]").fill("an@sakura.example.jp")
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/dashboard/$"))
    expect(phone.locator("main")).to_contain_text("さくら不動産株式会社")
