"""``sumai restore DUMP``: restore a backup made by ``sumai backup`` and prove it (docs/backup.md).

    sumai restore /srv/backups/sumai.dump                         # into DATABASE_URL's database, if empty
    sumai restore sumai.dump --target-url postgres://…/sumai_drill --create-database --yes
    sumai restore sumai.sqlite3 --target-url sqlite:////srv/sumai/var/sumai.sqlite3 --replace

The dump's sha256 must match its manifest; the target must be empty unless --replace; afterwards every
table's row count and checksum are compared with the manifest and any difference fails the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.migrations.loader import MigrationLoader

from sumai.core import backup


class Command(BaseCommand):
    help = "Restore a backup into an empty database and verify every table against its manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dump", type=Path, help="the dump file (its .manifest.json beside it)")
        parser.add_argument("--target-url", help="restore into this database (default: DATABASE_URL's)")
        parser.add_argument(
            "--create-database", action="store_true", help="PostgreSQL: create the target database if missing"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="drop everything the target holds first (it must be stopped)",
        )
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            target = (
                backup.Database.from_url(options["target_url"])
                if options["target_url"]
                else backup.Database.default()
            )
            if not options["yes"]:
                self._confirm(options["dump"], target, replace=options["replace"])
            result = backup.restore(
                options["dump"],
                target,
                create=options["create_database"],
                replace=options["replace"],
                progress=self._progress(options["verbosity"]),
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(t["rows"] for t in result.tables.values())
        seconds = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.seconds.items())
        self.stdout.write(
            f"restored into {target.label()} and verified: {len(result.tables)} tables, {rows} rows, every "
            f"count and checksum as in the manifest of {result.manifest['created_at']} ({seconds})"
        )
        self._migration_note(result.manifest)

    def _confirm(self, dump: Path, target: backup.Database, *, replace: bool) -> None:
        what = "REPLACE everything in" if replace else "restore into"
        if not sys.stdin.isatty():
            raise CommandError(f"Asked to {what} {target.label()} without a terminal to confirm: pass --yes.")
        answer = input(f"{what} {target.label()} from {dump}? Type the database name to go on: ")
        if answer.strip() != Path(target.name).name:
            raise CommandError("Not confirmed; nothing was done.")

    def _migration_note(self, manifest: dict[str, Any]) -> None:
        """Say when the code's migrations are ahead of, or behind, the restored data."""
        dumped = {(app, name) for app, names in manifest.get("migrations", {}).items() for name in names}
        known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        if known - dumped:
            self.stdout.write(
                f"{len(known - dumped)} migrations of this code are not in the backup: run `sumai migrate`."
            )
        if dumped - known:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup has {len(dumped - known)} migrations this code does not know: "
                    "it was made by a newer version of Sumai; deploy that version "
                    "(the manifest's sumai.git_commit)."
                )
            )

    def _progress(self, verbosity: int) -> backup.Progress:
        def say(message: str) -> None:
            if verbosity >= 1:
                self.stderr.write(f"… {message}")

        return say
