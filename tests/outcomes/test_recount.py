"""No visitor waits for the outcome figures to be counted again: once a process has counted, an expired count
is served while one thread counts again (sumai.outcomes.figures.counted; docs/outcomes.md "Cache")."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from sumai.domain import disclosure
from sumai.outcomes import figures

pytestmark = pytest.mark.django_db

SUMAI_ON = {**__import__("django.conf").conf.settings.SUMAI, "OUTCOMES_RECOUNT_IN_BACKGROUND": True}


@pytest.fixture(autouse=True)
def _fresh_process() -> Any:
    """Each test starts as a new process would: nothing counted, nothing being counted."""
    figures._LAST.clear()
    figures._RECOUNTING.clear()
    cache.clear()
    yield
    figures._LAST.clear()
    figures._RECOUNTING.clear()


class FakeThread:
    started: list[str] = []

    def __init__(self, target: Any, name: str, daemon: bool) -> None:
        self.target = target
        self.name = name

    def start(self) -> None:
        FakeThread.started.append(self.name)


@override_settings(SUMAI=SUMAI_ON)
def test_an_expired_count_is_served_while_one_thread_counts_again(monkeypatch: Any) -> None:
    FakeThread.started = []
    monkeypatch.setattr(figures.threading, "Thread", FakeThread)
    first = figures.counted()  # nothing counted yet in this process: counted now
    assert FakeThread.started == []
    cache.clear()  # the count expires
    again = figures.counted()
    assert again is first  # the stale count, at once
    assert FakeThread.started == ["outcomes-recount"]
    figures.counted()  # still recounting: no second thread
    assert FakeThread.started == ["outcomes-recount"]


@override_settings(SUMAI=SUMAI_ON)
def test_the_thread_stores_a_new_count_and_frees_the_key(monkeypatch: Any) -> None:
    threads: list[Any] = []

    class Capture(FakeThread):
        def start(self) -> None:
            threads.append(self)

    monkeypatch.setattr(figures.threading, "Thread", Capture)
    first = figures.counted()
    cache.clear()
    assert figures.counted() is first
    threads[0].target()  # run the recount here (the test's transaction)
    fresh = figures.counted()
    assert fresh is not first
    assert fresh.generation != first.generation
    base = figures._base_key(timezone.localdate(), disclosure.threshold(timezone.localdate()))
    assert base not in figures._RECOUNTING
