"""Rebuild the public search index from the registry (after restoring a backup, or when a parameter file
adds a priority group). ``--statistics``: only refresh the planner's statistics of the index (nightly,
docs/workers.md; sumai.search.planner)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandParser

from sumai.core.singleton import SingleRunCommand
from sumai.search.indexing import rebuild
from sumai.search.planner import analyse


class Command(SingleRunCommand):
    help = "Rebuild the public search index from the registry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--statistics",
            action="store_true",
            help="only refresh the database planner's statistics of the index (run nightly)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["statistics"]:
            empty = analyse()
            self.stdout.write(
                self.style.SUCCESS(
                    f"planner statistics refreshed in {time.monotonic() - started:.1f} s"
                    + (f" ({len(empty)} empty partial indexes marked small)" if empty else "")
                )
            )
            return
        count = rebuild(progress=lambda line: self.stdout.write(line))
        self.stdout.write(
            self.style.SUCCESS(f"indexed {count:,} units in {time.monotonic() - started:.1f} s")
        )
