"""The vendored Open Referral HSDS 3 schema files that the support directory's HSDS export is validated
against (tests/support/test_hsds.py). Source, version and licence: SOURCE.md and LICENSE.md here."""

from __future__ import annotations

from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
