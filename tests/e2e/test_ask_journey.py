"""Asking for help in a real browser (issue #16, item 1): a person asks in Tiếng Việt on a phone, the
municipalities follow the prefecture (htmx), a bad phone number is named, the request reaches the
municipality's desk, and the desk's staff read it. axe on every page; no console error."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from sumai.cases.models import ConsultationRequest, Desk
from tests.e2e.test_registry_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]


def test_a_person_asks_for_help_in_vietnamese_on_a_phone_and_the_desk_reads_it(
    world: Any, new_page: Any, live_server: Any, assert_accessible: Any
) -> None:
    municipality = world.orgs["municipality"]
    Desk.objects.create(organisation=municipality, name="住まいの相談窓口", phone="03-5432-1111")
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies([{"name": "sumai_language", "value": "vi", "url": live_server.url}])
    page.goto("/")
    page.get_by_role("link", name="Xin hỗ trợ về nhà ở").click()
    expect(page.locator("h1")).to_have_text("Xin hỗ trợ về nhà ở")
    assert_accessible(page, "the request for help in Vietnamese")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the form is {width}px wide on a phone"

    page.locator("#id_prefecture").select_option(municipality.prefecture_id)
    expect(page.locator(f"#id_municipality option[value='{municipality.municipality_id}']")).to_be_attached()
    page.locator("#id_municipality").select_option(municipality.municipality_id)
    page.locator("#id_ages").fill("３５、８")  # full-width, as typed with a Japanese keyboard
    page.get_by_label("Chủ nhà từ chối cho tôi thuê").check()
    page.get_by_label("Nhà chấp nhận tôi").check()
    page.get_by_label("Qua điện thoại").check()
    page.locator("#id_phone").fill("12")
    page.locator("#id_interpreter").check()
    page.locator("#id_consent").check()
    page.expected_errors.append("status of 400")  # the form answers 400 with its errors
    page.get_by_role("button", name="Gửi yêu cầu").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("090-1234-5678")
    assert_accessible(page, "the request with an error")
    page.locator("#id_phone").fill("０９０−１２３４−５６７８")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.wait_for_url(re.compile(r"/help/sent/S-[0-9A-Z]{4}-[0-9A-Z]{4}/$"))
    expect(page.locator("h1")).to_have_text("Đã gửi yêu cầu của bạn")
    expect(page.locator("main")).to_contain_text("住まいの相談窓口")
    expect(page.locator("main")).to_contain_text("03-5432-1111")
    assert_accessible(page, "what happens next")
    item = ConsultationRequest.objects.get()
    assert item.organisation_id == municipality.pk
    assert item.language == "vi"
    assert item.members == [{"age": 35}, {"age": 8}]
    expect(page.locator(".reference")).to_have_text(item.reference)

    desk = new_page()
    log_in(desk, "municipality.staff@example.jp")
    desk.goto("/cases/requests/")
    assert_accessible(desk, "the desk's inbox")
    desk.get_by_role("link", name=item.reference).click()
    expect(desk.locator("main")).to_contain_text("090-1234-5678")
    expect(desk.locator("main")).to_contain_text("通訳が必要")
    assert_accessible(desk, "a request for help")
    desk.get_by_role("button", name="初回連絡を記録する").click()
    expect(desk.locator(".messages")).to_contain_text("初回連絡を記録しました。")

    # the caseworker completes the household, sees eligibility explained, refers it to a support corporation
    desk.get_by_role("button", name="この相談から世帯記録を作成").click()
    desk.locator("#id_members-0-role").select_option("applicant")
    desk.locator("#id_members-0-birth_date").fill("1990-05-01")
    desk.locator("#id_members-0-salary_gross").fill("1500000")
    desk.locator("#id_members-1-role").select_option("child")
    desk.locator("#id_members-1-birth_date").fill("2018-04-02")
    desk.get_by_label("ひとり親").first.check()
    desk.get_by_role("button", name="保存する").click()
    expect(desk.locator(".messages")).to_contain_text("世帯を保存しました。")
    expect(desk.locator("#eligibility-heading")).to_be_visible()
    expect(desk.locator("main")).to_contain_text("政令月収")
    assert_accessible(desk, "the household with its eligibility explained")
    desk.get_by_role("button", name="ケースを開始する").click()
    expect(desk.locator("h1")).to_contain_text("のケース")
    assert_accessible(desk, "the case")
    desk.get_by_role("link", name="他の団体に紹介する").click()
    corporation = world.orgs["support_corporation"]
    desk.locator("#id_to").select_option(str(corporation.pk))
    desk.locator("#id_message").fill("子育て中のひとり親世帯。通訳が必要です。")
    desk.get_by_label("収入").check()
    desk.locator("#id_method").select_option("signed_form")
    assert_accessible(desk, "the referral form")
    desk.get_by_role("button", name="紹介を送る").click()
    expect(desk.locator(".messages")).to_contain_text("紹介を送りました。")

    # the support corporation accepts it
    npo = new_page()
    log_in(npo, "support_corporation.staff@example.jp")
    npo.goto("/cases/today/")
    assert_accessible(npo, "my cases today at the corporation")
    npo.get_by_role("link", name=re.compile("世帯")).first.click()
    expect(npo.locator("main")).to_contain_text("子育て中のひとり親世帯")
    assert_accessible(npo, "a referral received")
    npo.get_by_role("button", name="受け入れてケースを開始する").click()
    expect(npo.locator(".messages")).to_contain_text("受け入れました。")
    npo.get_by_role("link", name=re.compile("世帯")).first.click()  # the household, as far as consent allows
    expect(npo.locator("main")).to_contain_text("共有されていません")

    # the household's "who saw my data" report lists the corporation's views
    desk.goto(f"/cases/households/{item.household.pk}/access/")
    expect(desk.locator("main")).to_contain_text(str(world.users[("support_corporation", "staff")]))
    expect(desk.locator("main")).to_contain_text("紹介")
    assert_accessible(desk, "who saw the household's data")


def _fill(page: Any, municipality: Any) -> None:
    page.locator("#id_prefecture").select_option(municipality.prefecture_id)
    expect(page.locator(f"#id_municipality option[value='{municipality.municipality_id}']")).to_be_attached()
    page.locator("#id_municipality").select_option(municipality.municipality_id)
    page.locator("#id_ages").fill("72、68")
    page.locator("input[name=situations][value=refused]").check()
    page.locator("input[name=help_wanted][value=homes]").check()
    page.locator("input[name=contact_method][value=phone]").check()
    page.locator("#id_phone").fill("090-1234-5678")
    page.locator("#id_message").fill("階段のない部屋を探しています。")
    page.locator("#id_consent").check()


def test_over_the_limit_the_typed_form_comes_back_and_back_after_sending_shows_it_sent(
    world: Any, new_page: Any, live_server: Any, assert_accessible: Any, settings: Any
) -> None:
    """Findings of a walk by a newcomer: the rate limit threw away everything typed; Back after a successful
    send showed the form still filled in, as if unsent."""
    from django.core.cache import cache

    cache.clear()
    settings.SUMAI = {**settings.SUMAI, "CONSULTATION_RATE": "1/hour"}
    municipality = world.orgs["municipality"]
    Desk.objects.create(
        organisation=municipality, name="住まいの相談窓口", phone="03-5432-1111", hours="平日"
    )
    page = new_page()
    page.goto("/help/")
    _fill(page, municipality)
    page.locator("form[data-help-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/help/sent/S-[0-9A-Z]{4}-[0-9A-Z]{4}/$"))
    expect(page.locator("a[href='tel:0354321111']")).to_have_text("03-5432-1111")
    reference = ConsultationRequest.objects.get().reference

    page.go_back()  # the form page again: empty, and it says the request was sent
    expect(page.locator("#id_ages")).to_have_value("")
    expect(page.locator("#sent-notice")).to_contain_text(reference)
    assert "?sent=" in page.url
    expect(page.locator("#id_consent")).not_to_be_checked()
    assert_accessible(page, "the form shown again after sending")

    # a second request from the same connection is over the limit: the form comes back as typed
    _fill(page, municipality)
    page.expected_errors.append("status of 429")
    page.locator("form[data-help-form] button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#id_ages")).to_have_value("72、68")
    expect(page.locator("#id_phone")).to_have_value("090-1234-5678")
    expect(page.locator("#id_message")).to_have_value("階段のない部屋を探しています。")
    expect(page.locator("#id_consent")).to_be_checked()
    expect(page.locator("#id_municipality")).to_have_value(municipality.municipality_id)
    assert_accessible(page, "the form over the rate limit")
    assert ConsultationRequest.objects.count() == 1
