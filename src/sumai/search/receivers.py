"""The search index follows the registry's events (connected in ``SearchConfig.ready()``)."""

from __future__ import annotations

from typing import Any

from sumai.search import indexing


def registration_changed(*, building_ids: list[int], **kwargs: Any) -> None:
    indexing.sync_buildings(building_ids)


def vacancy_changed(*, unit_ids: list[int], **kwargs: Any) -> None:
    indexing.sync_vacancy(unit_ids)
