"""Rebuild the public search index from the registry (after restoring a backup, or when a parameter file
adds a priority group)."""

from __future__ import annotations

import time
from typing import Any

from sumai.core.singleton import SingleRunCommand
from sumai.search.indexing import rebuild


class Command(SingleRunCommand):
    help = "Rebuild the public search index from the registry."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = rebuild(progress=lambda line: self.stdout.write(line))
        self.stdout.write(
            self.style.SUCCESS(f"indexed {count:,} units in {time.monotonic() - started:.1f} s")
        )
