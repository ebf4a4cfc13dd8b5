"""``sumai backup``: dump the database with a manifest and verify it (docs/backup.md).

sumai backup                         # var/backups/sumai-<engine>-<UTC time>.<dump|sqlite3>
sumai backup --output /srv/backups/sumai.dump
sumai backup --check /srv/backups/sumai.dump   # verify an existing backup against its manifest
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sumai.core import backup


class Command(BaseCommand):
    help = "Back up the database (PostgreSQL: pg_dump custom format; SQLite: online backup) with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="the dump's path (default: var/backups/…)")
        parser.add_argument(
            "--source-url", help="back up this database instead of DATABASE_URL's (e.g. a replica)"
        )
        parser.add_argument("--check", type=Path, metavar="DUMP", help="only verify an existing backup")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = self._progress(options["verbosity"])
        try:
            if options["check"]:
                timings = backup.Timings()
                with timings.step("verify"):
                    manifest = backup.verify(options["check"], deep=True)
                self.stdout.write(
                    f"{options['check']}: whole and readable, {len(manifest['tables'])} tables as its "
                    f"manifest says (made {manifest['created_at']}; "
                    f"verified in {timings.seconds['verify']:.1f} s)"
                )
                return
            db = (
                backup.Database.from_url(options["source_url"])
                if options["source_url"]
                else backup.Database.default()
            )
            output = options["output"] or backup.default_output(db, Path(settings.VAR_DIR) / "backups")
            result = backup.backup(db, output, progress=progress)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(t["rows"] for t in result.manifest["tables"].values())
        seconds = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.seconds.items())
        self.stdout.write(
            f"backup written and verified: {result.path} ({result.size / 1e6:.1f} MB, "
            f"{len(result.manifest['tables'])} tables, {rows} rows; {seconds})\n"
            f"manifest: {backup.manifest_path(result.path)}"
        )

    def _progress(self, verbosity: int) -> backup.Progress:
        def say(message: str) -> None:
            if verbosity >= 1:
                self.stderr.write(f"… {message}")

        return say
