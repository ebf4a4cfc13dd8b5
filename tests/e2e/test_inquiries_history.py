"""Back and reload in a real browser after the inquiry forms (the walk): the landlord's answer by the e-mail's
link, and the registration authority's resolution of a flag after an error. Neither leaves a POST in the
history for Back to find — Chrome showed 「フォームの再送信の確認」 (ERR_CACHE_MISS), because those pages
are not stored (Cache-Control: no-store)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.login import log_in
from tests.e2e.test_placement_journey import journey  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]


def _sent(journey: dict[str, Any], key: str) -> Any:  # noqa: F811
    from sumai.matching.selectors import household_needs
    from sumai.placements import services_inquiries as services
    from tests.placements.conftest import ARRANGED, actor_for

    case = journey["case"]
    return services.inquiry_send(
        actor=actor_for(journey["caseworker"]),
        case=case,
        unit=journey["units"][key],
        consent=case.household.consents.order_by("pk").first(),
        arrangements=ARRANGED,
        groups=list(household_needs(case.household).groups),
        message="ご検討ください",
    )


def _back_is_the_page(page: Any, url_part: str) -> None:
    """Back: a GET of the page (headless Chromium sends the form again where a person gets 「フォームの
    再送信の確認」; either way, a POST is the failure)."""
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.go_back()
    page.wait_for_load_state("load")
    assert not posts, f"Back sent the form again: {posts}"
    assert not page.url.startswith("chrome-error:"), page.url
    assert url_part in page.url, page.url
    expect(page.locator("main")).to_be_visible()


def test_back_and_reload_after_answering_by_the_link_or_resolving_a_flag_never_ask_to_resend(
    new_page: Any,
    journey: dict[str, Any],  # noqa: F811
) -> None:
    from sumai.placements import services_inquiries as services
    from sumai.placements.models import RefusalFlag

    # the landlord answers by the e-mail's link, first forgetting the reason, then declining for 孤独死
    inquiry = _sent(journey, "ok_dedicated")
    link = reverse("placements:inquiry_link", kwargs={"token": services.link_token(inquiry)})
    anon = new_page()
    anon.expected_errors = ["status of 400", "status of 409"]  # the form's errors are a 400 answer
    anon.goto(link)
    anon.locator("input[name=action][value=decline]").check()
    anon.get_by_role("button", name="回答を送信").click()
    expect(anon.locator("#error-summary")).to_be_visible()
    anon.select_option("select[name=reason]", "lonely_death")
    anon.fill("textarea[name=text]", "高齢の単身の方は受け入れた経験がありません。")
    anon.get_by_role("button", name="回答を送信").click()
    expect(anon.locator(".message-success")).to_be_visible()
    expect(anon.locator("#answer-note")).to_contain_text("受け入れた経験がありません")
    anon.reload()
    expect(anon.locator("#inquiry-state")).to_contain_text("お断り")
    _back_is_the_page(anon, link)  # the page of the error, fetched again: the inquiry is answered
    expect(anon.locator("#inquiry-state")).to_contain_text("お断り")
    expect(anon.locator("input[name=action]")).to_have_count(0)

    # the authority resolves the flag, first without a note
    flag = RefusalFlag.objects.get(inquiry=inquiry)
    flag_url = reverse("placements:flag", kwargs={"pk": flag.pk})
    au = new_page()
    au.expected_errors = ["status of 400", "status of 409"]
    log_in(au, journey["reviewer"].email)
    au.goto(flag_url)
    au.select_option("select[name=resolution]", "guidance")
    au.get_by_role("button", name="処理する").click()
    expect(au.locator("#id_note_error")).to_be_visible()
    au.fill("textarea[name=note]", "家主に電話で登録の受入れ範囲を説明した。")
    au.get_by_role("button", name="処理する").click()
    au.wait_for_url(re.compile(re.escape(flag_url) + "$"))
    expect(au.locator("#resolution")).to_contain_text("電話で")
    _back_is_the_page(au, flag_url)  # where the error was: the flag, resolved
    expect(au.locator("#resolution")).to_contain_text("電話で")
    au.reload()
    expect(au.locator("#resolution")).to_contain_text("電話で")
