"""Councils in a real browser: a council's staff fill in the council, add a member, record a meeting with
public minutes and apply for the FY2022 activity grant; the public finds the council in the directory and on
the statistics pages; the ministry refuses an over-cap amount and then grants within the cap. axe checks
every page type on the way (directory, council page, statistics, grant application form)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_council_records_its_work_applies_for_a_grant_and_the_ministry_decides(
    world: Any, new_page: Any, assert_accessible: Any
) -> None:
    from sumai.councils.models import GrantApplication, GrantProgramme

    today = timezone.localdate()
    GrantProgramme.objects.create(
        fiscal_year=2022, opens_on=date(today.year - 1, 1, 1), closes_on=date(today.year + 1, 12, 31)
    )
    council = world.orgs["council"]

    staff = new_page()
    log_in(staff, "council.staff@example.jp")
    staff.get_by_role("link", name="協議会の情報を編集").click()
    staff.wait_for_url(re.compile(rf"/councils/{council.pk}/edit/$"))
    assert_accessible(staff, "council edit form")
    staff.get_by_label("設立日").fill("2015-03-20")
    staff.get_by_label("事務局").fill("東京都 住宅政策本部")
    staff.get_by_label("メンバー間の意見・情報交換").check()
    staff.get_by_label("住宅相談サービスの実施（住宅相談会の開催、住宅相談員の配置等）").check()
    staff.locator("main form button[type=submit]").first.click()
    staff.wait_for_url(re.compile(rf"/councils/{council.pk}/$"))
    expect(staff.locator("main")).to_contain_text("東京都 住宅政策本部")

    staff.get_by_role("link", name="協議会の情報を編集").click()
    staff.get_by_label("構成員の種別").select_option("real_estate")
    staff.get_by_label("構成員の名称").fill("公益社団法人東京都宅地建物取引業協会")
    staff.get_by_role("button", name="構成員を追加する").click()
    expect(staff.locator("main")).to_contain_text("公益社団法人東京都宅地建物取引業協会")

    staff.get_by_role("link", name="会議を記録する").first.click()
    assert_accessible(staff, "meeting form")
    staff.get_by_label("開催日").fill("2023-06-01")
    staff.get_by_label("名称").fill("令和5年度 総会")
    staff.get_by_label("出席者数").fill("24")
    staff.get_by_label("議事録", exact=True).fill("事業計画を承認した。")
    staff.get_by_label("議事録を協議会の公開ページに掲載する").check()
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url(re.compile(rf"/councils/{council.pk}/$"))
    expect(staff.locator("main")).to_contain_text("令和5年度 総会")

    # the activity grant: an over-cap total is refused, naming the amounts; then a draft within the cap
    staff.goto("/councils/grants/2022/")
    staff.get_by_role("link", name="申請する").click()
    assert_accessible(staff, "grant application form")
    staff.get_by_label("補助を充てる事業の内容").fill("相談窓口の開設と内覧同行、賃貸人向けセミナー")
    staff.get_by_label(re.compile(r"^1\. 入居前支援")).fill("9000000")
    staff.get_by_label(re.compile(r"^4\. セミナー")).fill("2000000")
    staff.expected_errors.append("status of 400")  # the form comes back with its errors, as a 400
    staff.locator("main form button[type=submit]").click()
    expect(staff.locator("#error-summary")).to_contain_text("10,000,000")
    assert_accessible(staff, "grant application form with errors")
    staff.get_by_label(re.compile(r"^4\. セミナー")).fill("1000000")
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url(re.compile(r"/councils/grants/applications/\d+/$"))
    staff.get_by_role("button", name="申請する").click()
    expect(staff.locator("main")).to_contain_text("申請済み")
    application = GrantApplication.objects.get(applicant=council)
    assert (application.state, application.requested_total, application.cap) == (
        "submitted",
        10_000_000,
        10_000_000,
    )

    # the public: directory, council page (public minutes), statistics
    public = new_page()
    public.goto("/councils/")
    assert_accessible(public, "council directory")
    public.get_by_role("link", name=council.name).click()
    expect(public.locator("main")).to_contain_text("事業計画を承認した。")
    assert_accessible(public, "council page")
    public.goto("/statistics/councils/")
    expect(public.locator("svg.choropleth path")).to_have_count(47)
    assert_accessible(public, "statistics: councils and coverage")
    public.goto("/statistics/corporations/")
    assert_accessible(public, "statistics: support corporations")
    public.goto("/statistics/")
    assert_accessible(public, "statistics index")

    # the ministry decides: over the cap is refused with the field named, then granted within it
    ministry = new_page()
    log_in(ministry, "national.staff@example.jp")
    ministry.goto("/councils/grants/decisions/")
    ministry.get_by_role("link", name=council.name).click()
    ministry.get_by_label("交付する").check()
    ministry.get_by_label("交付額（円）").fill("10000001")
    ministry.expected_errors.append("status of 400")  # the form comes back with its errors, as a 400
    ministry.get_by_role("button", name="決定を記録する").click()
    expect(ministry.locator("#error-summary")).to_contain_text("交付額")
    ministry.get_by_label("交付する").check()
    ministry.get_by_label("交付額（円）").fill("9500000")
    ministry.get_by_role("button", name="決定を記録する").click()
    expect(ministry.locator("main")).to_contain_text("交付決定")
    assert_accessible(ministry, "grant application (decided)")
    application.refresh_from_db()
    assert (application.state, application.granted_amount) == ("granted", 9_500_000)
