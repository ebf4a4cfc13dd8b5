"""Every catalogue is complete: Japanese is the default language and no string may fall back to English."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "sumai"
CATALOGUES = sorted(p for p in SRC.rglob("locale/*/LC_MESSAGES/django.po") if "/en/" not in str(p))

pytestmark = pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext tools are not installed")


def _entries(path: Path, *flags: str) -> list[str]:
    out = subprocess.run(
        ["msgattrib", *flags, "--no-obsolete", "--no-wrap", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


def test_there_are_catalogues():
    assert any("/ja/" in str(p) for p in CATALOGUES)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_string_is_translated(path: Path):
    assert _entries(path, "--untranslated") == [], f"untranslated strings in {path}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_translation_is_fuzzy(path: Path):
    assert _entries(path, "--only-fuzzy") == [], f"fuzzy (unchecked) translations in {path}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_the_compiled_catalogue_matches_its_source(path: Path, tmp_path: Path):
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run make messages"
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(path)], check=True)
    assert fresh.read_bytes() == mo.read_bytes(), f"{mo} is stale: run make messages"
