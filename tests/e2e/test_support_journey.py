"""A support corporation in a real browser: an NPO applies for designation, the prefecture designates it,
the NPO sets its service area (港区) and capacity, and a member of the public finds it on the page of a
home in 港区 and opens its public page. axe finds nothing on any page visited."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

NPO_NAME = "特定非営利活動法人みなと住まいサポート"


@pytest.fixture
def home_in_minato(world: Any) -> Any:
    from sumai.search.indexing import rebuild
    from tests.factories import OrganisationFactory
    from tests.search.conftest import registered_building

    operator = OrganisationFactory(kind="operator", name="みなと住宅株式会社")
    building = registered_building(operator, municipality="131032", name="芝さくらハイツ")
    rebuild()
    return building.units.order_by("pk").first()


@pytest.mark.django_db(transaction=True)
def test_an_npo_is_designated_and_the_public_finds_it_on_a_home_page(
    new_page: Any, assert_accessible: Any, world: Any, home_in_minato: Any
) -> None:
    npo = world.orgs["support_corporation"]
    npo.name = NPO_NAME
    npo.save(update_fields=["name"])

    # 1. The NPO applies.
    corp = new_page()
    log_in(corp, world.user("support_corporation").email)
    corp.goto(reverse("support:application", kwargs={"org_id": npo.pk}))
    expect(corp.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(corp, "the empty application")
    corp.locator("#id_prefecture").select_option("13")
    corp.locator("#id_legal_form").select_option("npo")
    corp.locator("#id_representative").fill("港 花子")
    corp.locator("#id_postal_code").fill("105-0011")
    corp.locator("#id_address").fill("東京都港区芝公園1-1-1")
    corp.locator("#id_phone").fill("03-1111-2222")
    corp.locator("#id_email").fill("info@minato-support.example.jp")
    corp.locator("#id_officers_text").fill("港 花子 / 理事長\n芝 次郎 / 理事")
    corp.locator("#id_business_plan").fill("港区で住まい探しの相談と入居後の見守りを行います。")
    corp.locator("input[name=tasks][value=consultation]").check()
    corp.locator("input[name=tasks][value=living_support]").check()
    corp.get_by_role("button", name="申請内容を保存").click()
    expect(corp.get_by_role("button", name="都道府県に申請する")).to_be_visible()
    assert_accessible(corp, "the saved draft")
    corp.get_by_role("button", name="都道府県に申請する").click()
    expect(corp.locator(".support-state")).not_to_have_text(re.compile("下書き"))
    expect(corp.get_by_role("button", name="都道府県に申請する")).to_have_count(0)
    assert_accessible(corp, "the submitted application")

    # 2. The prefecture's reviewer designates it.
    pref = new_page()
    log_in(pref, world.user("authority", "staff").email)
    pref.goto(reverse("support:inbox"))
    assert_accessible(pref, "the designation inbox")
    pref.get_by_role("link", name=NPO_NAME).click()
    expect(pref.get_by_role("heading", level=1)).to_have_text(NPO_NAME)
    assert_accessible(pref, "the review page")
    pref.locator("input[name=decision][value=designate]").check()
    pref.get_by_role("button", name=re.compile("^(決定|判断)を記録")).click()
    expect(pref.locator(".support-state")).to_contain_text("13-")
    assert_accessible(pref, "the review page after designation")

    # 3. The NPO sets its service area and capacity.
    corp.goto(reverse("support:area", kwargs={"org_id": npo.pk}))
    assert_accessible(corp, "the service-area page")
    corp.locator("#m-131032").check()
    corp.get_by_role("button", name="支援区域を保存").click()
    expect(corp.locator("#m-131032")).to_be_checked()
    corp.goto(reverse("support:capacity", kwargs={"org_id": npo.pk}))
    assert_accessible(corp, "the capacity page")
    caps = corp.locator("input[name^=cap_]")
    expect(caps).to_have_count(2)
    caps.nth(0).fill("3")
    caps.nth(1).fill("5")
    corp.get_by_role("button", name="保存して今日の日付で確認").click()
    expect(corp.locator("table.table tbody strong").first).to_have_text(re.compile(r"[35]"))
    assert_accessible(corp, "the capacity page after saving")

    # 4. A member of the public (not logged in) finds it on the page of a home in 港区.
    public = new_page()
    public.goto(reverse("search:unit", kwargs={"pk": home_in_minato.pk}))
    serving = public.locator(".support-serving")
    expect(serving.get_by_role("heading", level=2)).to_contain_text("港区")
    assert_accessible(public, "the unit page with its support corporations")
    serving.get_by_role("link", name=NPO_NAME).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(NPO_NAME)
    expect(public.locator("main")).to_contain_text("港区")
    expect(public.locator("main")).to_contain_text("3")
    assert_accessible(public, "the corporation's public page")
