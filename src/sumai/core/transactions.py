"""Side effects after commit: mail, file deletes and task enqueues never run inside a transaction.

If the transaction rolls back, nothing is sent and nothing is deleted. Outside a transaction the effect
runs at once. ``robust`` effects are logged instead of raised when they fail (the write has committed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.files.storage import Storage
from django.db import transaction

log = logging.getLogger("sumai.core")


def after_commit(effect: Callable[[], Any], *, robust: bool = True) -> None:
    """Run ``effect`` once the current transaction commits (at once when there is none)."""
    transaction.on_commit(effect, robust=robust)


def delete_file_after_commit(storage: Storage, name: str) -> None:
    """Remove a stored file once the rows that pointed to it are gone for good."""
    if not name:
        return

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:
            log.exception("could not delete file %s after commit", name)

    after_commit(delete)
