"""#14 Minor: a form answered with errors moves the focus to its error summary, so that errors at the bottom
of a long page are read and seen (the page used to scroll to the top). On a phone, with axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.test_registry_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.mark.django_db(transaction=True)
def test_errors_take_the_focus_and_are_on_screen(new_page: Any, world: Any, assert_accessible: Any) -> None:
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "operator.admin@example.jp")
    page.goto("/registry/buildings/new/")
    page.expected_errors.append("status of 400")  # the form comes back with its errors, as a 400
    page.locator("main form button[type=submit]").last.click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    assert_accessible(page, "a form with errors")
