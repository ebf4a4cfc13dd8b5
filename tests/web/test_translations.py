"""Catalogues are complete and compiled.

- Japanese (the default language) is complete in every catalogue: no string may fall back to English.
- The five public languages (简体中文, 한국어, Tiếng Việt, Português, やさしい日本語) are complete for
  the strings of the public pages: every entry with a source reference listed in
  sumai.web.public_i18n.PUBLIC_SOURCES.
  Staff-only strings may stay untranslated there (they fall back to Japanese).
- Every compiled .mo matches its .po.
- やさしい日本語: every brace belongs to a well-formed reading (``住宅{じゅうたく}``), and strings of
  plain-text templates (e-mails) carry no readings (no HTML there to show ruby).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.utils.translation import to_locale

from sumai.web.furigana import READING
from sumai.web.locale import EASY_JAPANESE
from sumai.web.public_i18n import PUBLIC_LANGUAGES, is_public_source

SRC = Path(__file__).resolve().parents[2] / "src" / "sumai"
CATALOGUES = sorted(p for p in SRC.rglob("locale/*/LC_MESSAGES/django.po") if "/en/" not in str(p))
JAPANESE = [p for p in CATALOGUES if p.parts[-3] == "ja"]
PUBLIC_LOCALES = {
    code: to_locale(code) for code in PUBLIC_LANGUAGES
}  # zh-hans -> zh_Hans, ja-x-easy -> ja_X-easy
PUBLIC = [p for p in CATALOGUES if p.parts[-3] in PUBLIC_LOCALES.values()]
EASY = [p for p in PUBLIC if p.parts[-3] == PUBLIC_LOCALES[EASY_JAPANESE]]

needs_gettext = pytest.mark.skipif(
    shutil.which("msgattrib") is None, reason="gettext tools are not installed"
)


def _name(path: Path) -> str:
    return str(path.relative_to(SRC))


def _entries(path: Path, *flags: str) -> list[str]:
    out = subprocess.run(
        ["msgattrib", *flags, "--no-obsolete", "--no-wrap", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


def _sources(path: Path, entry: polib.POEntry) -> list[str]:
    """The entry's source files relative to src/sumai (a per-app catalogue's are relative to the app)."""
    owner = path.parents[3].relative_to(SRC)  # src/sumai/<app>/locale/<lang>/LC_MESSAGES/django.po -> <app>
    return [str(owner / file) if str(owner) != "." else file for file, _line in entry.occurrences]


def _public_entries(path: Path) -> list[polib.POEntry]:
    entries = polib.pofile(str(path))
    return [e for e in entries if not e.obsolete and any(map(is_public_source, _sources(path, e)))]


def test_there_are_catalogues():
    assert any(p.parts[-3] == "ja" for p in CATALOGUES)
    shared = SRC / "locale"
    for locale in PUBLIC_LOCALES.values():
        assert (shared / locale / "LC_MESSAGES" / "django.po").exists(), f"no {locale} catalogue in {shared}"


def test_the_public_languages_are_the_settings_languages(settings):
    codes = [code for code, _name in settings.LANGUAGES]
    assert set(PUBLIC_LANGUAGES) == set(PUBLIC_LOCALES) == set(codes) - {"ja", "en"}


@needs_gettext
@pytest.mark.parametrize("path", JAPANESE, ids=_name)
def test_every_japanese_string_is_translated(path: Path):
    assert _entries(path, "--untranslated") == [], f"untranslated strings in {path}"


@needs_gettext
@pytest.mark.parametrize("path", JAPANESE, ids=_name)
def test_no_japanese_translation_is_fuzzy(path: Path):
    assert _entries(path, "--only-fuzzy") == [], f"fuzzy (unchecked) translations in {path}"


@pytest.mark.parametrize("path", PUBLIC, ids=_name)
def test_every_public_string_is_translated(path: Path):
    missing = [e.msgid for e in _public_entries(path) if not e.translated()]
    assert missing == [], f"public strings untranslated in {path}"


@pytest.mark.parametrize("path", PUBLIC, ids=_name)
def test_no_public_translation_is_fuzzy(path: Path):
    fuzzy = [e.msgid for e in _public_entries(path) if "fuzzy" in e.flags]
    assert fuzzy == [], f"fuzzy (unchecked) public translations in {path}"


def test_the_shared_catalogue_has_public_strings():
    """The public source list matches something: a renamed template would otherwise empty the check."""
    path = SRC / "locale" / "ko" / "LC_MESSAGES" / "django.po"
    sources = {source for e in _public_entries(path) for source in _sources(path, e)}
    expected = {"templates/base.html", "templates/web/home.html", "templates/404.html", "places/selectors.py"}
    assert expected <= sources


_BRACE = re.compile(r"[{}｛｝]")


@pytest.mark.parametrize("path", EASY, ids=_name)
def test_easy_japanese_readings_are_well_formed(path: Path):
    """Every brace is part of ``kanji{kana}``: a stray brace would show on the page."""
    bad = []
    for entry in polib.pofile(str(path)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if _BRACE.search(READING.sub("", text)):
                bad.append(text)
    assert bad == []


@pytest.mark.parametrize("path", EASY, ids=_name)
def test_easy_japanese_has_no_readings_in_plain_text(path: Path):
    """Strings of e-mail and other .txt templates are not HTML: write kana there instead of readings."""
    bad = [
        e.msgstr
        for e in polib.pofile(str(path))
        if any(source.endswith(".txt") for source in _sources(path, e)) and READING.search(e.msgstr)
    ]
    assert bad == []


@needs_gettext
@pytest.mark.parametrize("path", CATALOGUES, ids=_name)
def test_the_compiled_catalogue_matches_its_source(path: Path, tmp_path: Path):
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run make messages"
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(path)], check=True)
    assert fresh.read_bytes() == mo.read_bytes(), f"{mo} is stale: run make messages"
