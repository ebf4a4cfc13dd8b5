"""``sumai places load`` and ``sumai places authority CODE``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sumai.places.loaders import load_places
from sumai.places.selectors import UnknownCode, postal_lookup, registration_authority


class Command(BaseCommand):
    help = "Reference data about places: load it, or look up the registration authority of a code."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="Load data/municipalities.csv and prefecture shapes (idempotent).")
        auth = sub.add_parser("authority", help="Print the registration authority of a code as JSON.")
        auth.add_argument("code")
        postal = sub.add_parser("postal", help="Print the address of a postal code as JSON.")
        postal.add_argument("code")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load":
            result = load_places()
            self.stdout.write(
                f"{result.prefectures} prefectures, {result.municipalities} municipalities, "
                f"{result.wards} wards, {result.shapes} prefecture shapes loaded."
            )
            return
        out: Mapping[str, object]
        try:
            if action == "authority":
                out = registration_authority(options["code"]).as_dict()
            else:
                out = postal_lookup(options["code"]).as_dict()
        except UnknownCode as exc:
            raise CommandError(f"{exc.code}: {exc.message}", returncode=2) from exc
        self.stdout.write(json.dumps(out, ensure_ascii=False))
