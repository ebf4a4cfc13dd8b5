"""``sumai rules household|unit|subsidy|ledger [FILE]``: the rules of the law, JSON in (stdin or FILE),
JSON out.

Bad input exits with code 2 and names the field on stderr; never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sumai.domain.errors import InputError, ParameterError


def _runners() -> dict[str, Callable[[Mapping[str, object]], dict[str, object]]]:
    from sumai.domain.eligibility import evaluate_household_json
    from sumai.domain.standards_json import check_unit_json
    from sumai.domain.subsidies import ledger_json, subsidy_json
    from sumai.places.selectors import plan_authority_code

    def unit(payload: Mapping[str, object]) -> dict[str, object]:
        return check_unit_json(payload, resolve_authority=lambda code, on: plan_authority_code(code, on=on))

    return {
        "household": evaluate_household_json,
        "unit": unit,
        "subsidy": subsidy_json,
        "ledger": ledger_json,
    }


class Command(BaseCommand):
    help = "Apply the rules of the Housing Safety Net law to a JSON document (see docs/domain.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rule", choices=["household", "unit", "subsidy", "ledger"])
        parser.add_argument("file", nargs="?", help="JSON file to read; standard input when omitted.")
        parser.add_argument("--indent", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = Path(options["file"]).read_text(encoding="utf-8") if options["file"] else sys.stdin.read()
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc.strerror}", returncode=2) from exc
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"$: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", returncode=2
            ) from exc
        if not isinstance(payload, dict):
            raise CommandError("$: the input must be a JSON object", returncode=2)
        try:
            result = _runners()[options["rule"]](payload)
        except InputError as exc:
            self.stderr.write(json.dumps({"error": exc.as_dict()}, ensure_ascii=False))
            raise CommandError(f"{exc.field}: {exc.message}", returncode=2) from exc
        except ParameterError as exc:
            raise CommandError(f"parameters: {exc}", returncode=2) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=options["indent"]))
