"""The ``sumai`` console script: Django's manage.py with Sumai's settings.

``sumai demo --size small``, ``sumai places authority 131016``, ``sumai rules household < in.json`` and every
Django command (``sumai migrate``, ``sumai runserver``) go through it.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumai.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sumai", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
