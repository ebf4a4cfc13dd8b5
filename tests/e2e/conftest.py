"""Browser-test fixtures: one headless Debian Chromium per test module, a fresh context per test.

Chromium comes from Debian (`apt-get install chromium`), never from `playwright install`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("SUMAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test shares one xdist worker (`--dist loadgroup`) and carries the e2e marker."""
    for item in items:
        if item.path.parent.name == "e2e":
            item.add_marker(pytest.mark.e2e)
            if not item.get_closest_marker("xdist_group"):
                item.add_marker(pytest.mark.xdist_group("e2e"))


@pytest.fixture(scope="session")
def _collected_static(django_db_blocker: Any) -> None:
    """The live server serves /static/ the way production does, so collect it once per session."""
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", "-v0")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# A 1×1 transparent PNG: map tiles come from the network in production; the tests have none.
BLANK_TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture
def new_page(browser: Any, live_server: Any, _collected_static: None, settings: Any) -> Iterator[Any]:
    """A factory of pages, each in a fresh browser context (no cookies shared between roles).

    Every browser test fails on a console error or an uncaught page error (a page that throws is broken for
    its user even when the assertions pass); a test that expects one lists it in ``page.expected_errors``."""
    contexts: list[Any] = []
    errors: list[str] = []
    tile_host = settings.SUMAI["TILE_URL"].split("/{")[0]

    def make() -> Any:
        context = browser.new_context(base_url=live_server.url, locale="ja-JP")
        context.set_default_timeout(15_000)
        context.route(
            lambda url: url.startswith(tile_host),
            lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
        )
        contexts.append(context)
        page = context.new_page()
        page.expected_errors = []

        def on_console(message: Any) -> None:
            if message.type == "error" and not any(e in message.text for e in page.expected_errors):
                errors.append(f"console error on {page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: errors.append(f"page error on {page.url}: {exc}"))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, "\n".join(errors)


@pytest.fixture
def world(live_server: Any) -> Any:
    """One organisation of every kind with an admin, a staff member and a viewer (tests/factories.py)."""
    from tests.factories import make_world

    return make_world()


def axe_summary(results: Any) -> str:
    lines = []
    for violation in results.response["violations"]:
        targets = "; ".join(", ".join(map(str, node["target"])) for node in violation["nodes"])
        lines.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe: Any) -> Any:
    def check(page: Any, where: str) -> None:
        page.wait_for_load_state("load")  # never run axe on a page that is still being replaced
        results = axe.run(page)
        assert results.violations_count == 0, (
            f"axe violations on {where} ({page.url}):\n{axe_summary(results)}"
        )

    return check
