"""The registry journey in a real browser: a landlord registers a building with two units (one failing a
standard, then fixed) and submits; the right authority's reviewer requests a change; the landlord fixes
it; the reviewer registers it; the units show as registered. axe checks every page type on the way."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def add_unit(page: Any, number: str, area: str, *, another: bool) -> None:
    page.get_by_label("住戸番号").fill(number)
    page.locator("#id_floor").fill("1")
    page.get_by_label("床面積 (m²)").fill(area)
    page.get_by_label("間取り").select_option("1K")
    page.get_by_label("家賃（月額・円）").fill("58000")
    if another:
        page.locator("button[name=add_another]").click()
    else:
        page.locator("main form button[type=submit]").first.click()


def test_landlord_registers_reviewer_requests_change_and_registers(
    world: Any, new_page: Any, assert_accessible: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% floor plan\n")

    landlord = new_page()
    log_in(landlord, "operator.admin@example.jp")
    landlord.get_by_role("link", name="物件一覧").first.click()
    assert_accessible(landlord, "building list")
    landlord.get_by_role("link", name="建物を登録する").click()
    assert_accessible(landlord, "building form")
    landlord.get_by_label("建物名").fill("ひまわり荘")
    # The postal code (typed as a Japanese IME gives it, full width) fills the form's own fields: the
    # prefecture, the municipality chosen by name, the start of the address; the pin goes to the area.
    landlord.get_by_label("郵便番号").fill("１５４－０００４")
    landlord.get_by_label("郵便番号").dispatch_event("change")
    expect(landlord.get_by_label("所在地")).to_have_value("世田谷区太子堂")
    expect(landlord.locator("#id_prefecture")).to_have_value("13")
    expect(landlord.locator("#id_municipality_code")).to_have_value("131121")
    expect(landlord.locator("#id_municipality_code option:checked")).to_have_text("世田谷区")
    expect(landlord.locator("#id_lat")).to_have_value(re.compile(r"^35\.6"))
    expect(landlord.locator("#pin-status")).to_contain_text("市区町村役場")
    assert landlord.locator("form input[name=municipality_code]").count() == 0  # no stray inputs
    landlord.get_by_label("所在地").fill("世田谷区太子堂1-1-1")
    landlord.get_by_label("構造").select_option("wood")
    landlord.get_by_label("地上階数").fill("2")
    landlord.get_by_label("建物の種類").select_option("apartment")
    landlord.get_by_label("着工日").fill("1995-04-01")
    landlord.locator("#id_contact_name").fill("ひまわり不動産 管理部")
    landlord.locator("#id_contact_phone").fill("０３－１２３４－５６７８")
    landlord.locator("main form button[type=submit]").click()

    landlord.wait_for_url(re.compile(r"/units/new/$"))
    assert_accessible(landlord, "unit form")
    add_unit(landlord, "101", "30", another=True)
    landlord.wait_for_url(re.compile(r"/units/new/$"))
    add_unit(landlord, "102", "20", another=False)  # below 25 m²: fails a standard
    landlord.wait_for_url(re.compile(r"/buildings/\d+/$"))
    expect(landlord.locator(".finding-error").first).to_be_visible()
    expect(landlord.locator("main")).to_contain_text("20")
    assert_accessible(landlord, "building page with findings")

    for kind in ("floor_plan", "pledge"):
        landlord.locator("#id_kind").select_option(kind)
        landlord.locator("#id_file").set_input_files(str(pdf))
        landlord.get_by_role("button", name="添付する").click()
        expect(landlord.locator(".messages")).to_be_visible()

    # fix unit 102
    landlord.get_by_role("link", name=re.compile("102")).first.click()
    landlord.get_by_label("床面積 (m²)").fill("25")
    landlord.locator("main form button[type=submit]").first.click()
    landlord.wait_for_url(re.compile(r"/buildings/\d+/$"))
    expect(landlord.locator(".finding-ok")).to_be_visible()
    landlord.get_by_role("button", name="登録を申請する").click()
    expect(landlord.locator("#registration-state")).to_contain_text("申請中")
    building_url = landlord.url

    reviewer = new_page()
    log_in(reviewer, "authority.staff@example.jp")
    expect(reviewer.locator("main")).to_contain_text("ひまわり荘")  # the notice on the dashboard
    reviewer.goto("/registry/review/")
    assert_accessible(reviewer, "review inbox")
    reviewer.get_by_role("link", name="ひまわり荘").click()
    reviewer.wait_for_url(re.compile(r"/registry/review/\d+/$"))  # the review page, not the inbox
    assert_accessible(reviewer, "review page")
    reviewer.get_by_label("補正を依頼する").check()
    reviewer.get_by_label("申請者へのコメント").fill("外観の写真を添付してください。")
    reviewer.get_by_role("button", name="判断を記録する").click()
    expect(reviewer.locator("#registration-state")).to_contain_text("補正依頼中")

    landlord.goto(building_url)
    expect(landlord.locator("main")).to_contain_text("外観の写真を添付してください。")
    landlord.locator("#id_kind").select_option("photo")
    photo = tmp_path / "front.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    landlord.locator("#id_file").set_input_files(str(photo))
    landlord.get_by_role("button", name="添付する").click()
    landlord.get_by_role("button", name="登録を申請する").click()
    expect(landlord.locator("#registration-state")).to_contain_text("申請中")

    reviewer.reload()
    reviewer.get_by_label("登録する").check()
    reviewer.get_by_role("button", name="判断を記録する").click()
    expect(reviewer.locator("#registration-state")).to_contain_text("登録")
    expect(reviewer.locator("#registration-state")).to_contain_text("130001-")

    landlord.goto(building_url)
    expect(landlord.locator("#registration-state")).to_contain_text("登録")
    rows = landlord.locator("table").first.locator("tbody tr")  # the units table (the vacancy one follows)
    expect(rows).to_have_count(2)
    for i in range(2):
        expect(rows.nth(i)).to_contain_text("登録")
    assert_accessible(landlord, "registered building")
    expect(landlord.locator("#vacancy tbody tr")).to_have_count(2)  # both units can be set
