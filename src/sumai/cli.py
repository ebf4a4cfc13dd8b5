"""The ``sumai`` console script: Django's manage.py with Sumai's settings.

``sumai demo --size small``, ``sumai places authority 131016``, ``sumai rules household < in.json`` and every
Django command (``sumai migrate``, ``sumai runserver``) go through it.

A command run before the database is set up (no tables yet) says what to run instead of printing a traceback.
"""

from __future__ import annotations

import os
import re
import sys

# The messages of a missing table on SQLite and on PostgreSQL.
_MISSING_TABLE = re.compile(r"no such table|relation \"[^\"]+\" does not exist")

NOT_SET_UP = (
    "The database is not set up yet (its tables do not exist).\n"
    "Run `make demo` (sets everything up and loads demo data), or:\n"
    "    sumai migrate && sumai places load\n"
    "then run this command again."
)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumai.config.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    args = sys.argv[1:] if argv is None else argv
    try:
        execute_from_command_line(["sumai", *args])
    except (OperationalError, ProgrammingError) as exc:
        if not _MISSING_TABLE.search(str(exc)) or (args and args[0] == "migrate"):
            raise
        print(NOT_SET_UP, file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
