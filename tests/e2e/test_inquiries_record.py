"""The form that records a landlord's answer given by phone, in a real browser (the walk): nothing is pre-set
for how the landlord answered, and the error summary's links for the two radio groups move the focus to the
first radio of each group (they were ``href="#"``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.login import log_in
from tests.e2e.test_inquiries_history import _sent
from tests.e2e.test_placement_journey import journey  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]


def test_the_record_form_s_error_links_focus_the_radio_groups(
    new_page: Any,
    journey: dict[str, Any],  # noqa: F811
) -> None:
    inquiry = _sent(journey, "ok_dedicated")
    page = new_page()
    page.expected_errors = ["status of 400"]
    log_in(page, journey["caseworker"].email)
    page.goto(reverse("placements:inquiry", kwargs={"pk": inquiry.case_id, "inquiry": inquiry.pk}))
    expect(page.locator("input[name=channel]:checked")).to_have_count(0)
    page.get_by_role("button", name="回答を記録する").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    for group in ("channel", "action"):
        summary.locator(f'a[href="#id_{group}_0"]').click()
        expect(page.locator(f"#id_{group}_0")).to_be_focused()
