"""What the registry tells other apps, sent explicitly by its services (bulk updates bypass ``post_save``).

Receivers run synchronously inside the service's transaction, so what they write commits or rolls back with
the change. ``sumai.search`` subscribes in its ``AppConfig.ready()`` to keep the public index in step.

- :data:`registration_changed` — a registration moved state; ``building_ids``: the buildings whose
  registered units may have changed (status, number, inclusion).
- :data:`vacancy_changed` — the vacancy (or its confirmation time) of units changed; ``unit_ids``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

registration_changed = Signal()
vacancy_changed = Signal()


def send_registration_changed(building_ids: Iterable[int]) -> None:
    registration_changed.send(sender=None, building_ids=list(building_ids))


def send_vacancy_changed(unit_ids: Iterable[int]) -> None:
    vacancy_changed.send(sender=None, unit_ids=list(unit_ids))
