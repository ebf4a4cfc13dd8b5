"""Every HTML page type, rendered as someone it serves in every language it offers, shows words and not
codes: no snake_case or dotted identifier, no bare municipality code, no ``#1234`` model repr, no 'None', and
no message id left untranslated in that language (an entry of the page's catalogues with an empty msgstr
whose English text appears on the page).

One object per URL name (the sample's "own" side), as the first actor the permissions table lets in:
anonymous pages are public (seven languages), the others staff pages (Japanese and English).
Legitimate tokens are listed in :data:`ALLOWED` with the reason each is allowed.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.matrix import conftest as mx
from tests.matrix.samples import ACTORS, SAMPLES, Actor, Sample
from tests.matrix.test_matrix import Probe, expected
from tests.matrix.world import KINDS, ROLES, World

PUBLIC = ("ja", "en", "zh-hans", "ko", "vi", "pt-br", "ja-x-easy")
STAFF = ("ja", "en")
FOLDER = {"ja": "ja", "en": "en", "zh-hans": "zh_Hans", "ko": "ko", "vi": "vi", "pt-br": "pt_BR"}
FOLDER["ja-x-easy"] = "ja_X-easy"
SRC = Path(__file__).resolve().parents[2] / "src" / "sumai"

CODE_LIKE = {
    "snake_case identifier": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "dotted id": re.compile(r"\b[a-z]+\.[a-z_]+\b"),
    "model repr": re.compile(r"\b[a-z_.]+ #\d+\b|\w+ object \(\d+\)"),
    "bare municipality code": re.compile(r"(?<![\d\-/.,:〒#])\b\d{6}\b(?![\d\-/.,:年])"),
    "None": re.compile(r"\bNone\b"),
    "English fiscal year": re.compile(r"\bFY\s?\d{4}\b"),
}

# token → why a person may see it
ALLOWED: dict[str, str] = {
    "matrix.example": "the test world's e-mail domain, shown in member lists",
    "matrix.event": "the test world's audit event names a made-up action",
    "operator.victim": "the test world's locked-out person is named after the role it plays",
    "e.g": "the abbreviation 'e.g.' in English help text",
    "example.com": "the placeholder e-mail domain of the test world's accounts",
    "sumai.jp": "the product's own domain in the footer and e-mail addresses",
}
ALLOWED_PATTERNS: dict[str, str] = {
    rf"\b(?:{'|'.join(KINDS)})\.(?:{'|'.join(ROLES)})\b": "the test world's people are named"
    " after their organisation kind and role (a person's name, shown in the header and member lists)",
    rf"\b(?:{'|'.join(KINDS)})\.victim(?:\.(?:own|other))?\b|\bvictim\.(?:own|other)\b": "the test world's"
    " removable member is named after its organisation kind and side (a person's name)",
    rf"の(?:{'|'.join(KINDS)})\b": "the test world's organisations are named after their kind (東京のagent)",
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+": "an e-mail address is shown to whom it belongs or is public contact",
    r"\b[\w.-]+\.(?:pdf|csv|png|jpe?g|json|zip|xlsx)\b": "the name of a file a person uploaded or downloads",
    r"\bsmi_\w+": "an API token's public prefix, shown so that its owner can tell tokens apart",
    r"https?://\S+": "a URL shown as text (the API's base, a token's use)",
    r"/[\w/.-]*": "a path shown as text (the API documentation)",
    r"\b[A-Za-z0-9_-]{20,}\b": "a one-time secret shown once (API token)",
}
# the open data page documents the CSV's column names for the people who use the file
COLUMN_PAGES = {"search:open_data"}
# pages with findings not fixed yet (issue #14): the test still renders them, xfail shows when they pass
KNOWN: dict[str, str] = {
    "search:open_data": "'If-None-Match' and the example municipality code in the column documentation",
    "councils:programme": "the programme's source citation is a Japanese document title (allowed, but "
    "the test cannot tell it from a fallback)",
}
# pages whose text is a machine format for people who program (the API's own documentation)
SKIP_CODES = {"web:api_docs", "api:docs"}


class _Text(HTMLParser):
    """Visible text only: no <script>/<style>/<template>, no attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "template", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template", "svg") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def _entries(folder: str) -> dict[str, str]:
    """msgid → msgstr of every catalogue (shared and per-app) in ``folder``; a translated entry wins."""
    found: dict[str, str] = {}
    for po in SRC.glob(f"**/locale/{folder}/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po)):
            if entry.obsolete or entry.msgid_plural or "fuzzy" in entry.flags:
                continue
            if entry.msgstr or entry.msgid not in found:
                found[entry.msgid] = entry.msgstr
    return found


@cache
def untranslated(language: str) -> frozenset[str]:
    """English texts that some catalogue knows (Japanese is complete, so its catalogues list every msgid)
    but that ``language`` has no msgstr for: an entry with an empty msgstr, or no entry at all. Only texts
    long enough to be told apart from ordinary words (two words or more) and without placeholders."""
    translated = {m for m, s in _entries(FOLDER[language]).items() if s}
    return frozenset(
        m
        for m in _entries("ja")
        if m not in translated
        and len(m.split()) >= 2
        and len(m) >= 10
        and "%" not in m
        and "{" not in m
        and "<" not in m
    )


@cache
def fallbacks(language: str) -> frozenset[str]:
    """The Japanese texts a page in ``language`` falls back to where it lacks a msgstr (Django falls back to
    the default language, Japanese): long enough (six characters or more) not to occur by chance."""
    if language in ("ja", "en"):
        return frozenset()
    missing = untranslated_any(language)
    return frozenset(s for m, s in _entries("ja").items() if m in missing and len(s) >= 8 and "%" not in s)


@cache
def untranslated_any(language: str) -> frozenset[str]:
    translated = {m for m, s in _entries(FOLDER[language]).items() if s}
    return frozenset(m for m in _entries("ja") if m not in translated)


def findings(text: str, language: str, *, codes: bool = True) -> list[str]:
    found: list[str] = []
    if codes:
        cleaned = text
        for pattern in ALLOWED_PATTERNS:
            cleaned = re.sub(pattern, " ", cleaned)
        for kind, pattern in CODE_LIKE.items():
            if kind in ("None", "English fiscal year") and language == "en":
                continue  # "None" is an English word ("Elevator: None"); elsewhere it is Python's None
            for match in pattern.finditer(cleaned):
                if match.group(0) not in ALLOWED:
                    found.append(f"{kind}: {match.group(0)!r}")
    if language != "en":
        flat = " ".join(text.split())
        found += [f"untranslated: {m!r}" for m in sorted(untranslated(language)) if m in flat]
        found += [f"fell back to Japanese: {m!r}" for m in sorted(fallbacks(language)) if m in flat]
    return sorted(set(found))


def first_reader(world: World, sample: Sample) -> Actor | None:
    """Anonymous if the page is public, else the first member (or the superuser) it serves a GET."""
    get = next(c for c in sample.calls if c.method == "GET")
    for actor in (ACTORS[0], *ACTORS[2:], ACTORS[1]):
        side = "any" if "any" in (get.sides or sample.sides) else "own"
        kwargs = sample.kwargs(world, side, actor.kind or sample.default_kind)
        outcome = expected(world, Probe(sample, get, actor, side), kwargs)
        if outcome.served and outcome.status == 200:
            return actor
    return None


def _pages() -> list[Any]:
    return [
        pytest.param(s, id=s.name, marks=[pytest.mark.xfail(reason=KNOWN[s.name])] if s.name in KNOWN else [])
        for s in SAMPLES
        if not s.api
        and s.page != "file"
        and not s.name.startswith("admin:")
        and any(c.method == "GET" for c in s.calls)
    ]


@pytest.mark.parametrize("sample", _pages())
def test_a_page_shows_words_not_codes(
    db: None, world: World, sessions: dict[str, str], sample: Sample
) -> None:
    actor = first_reader(world, sample)
    if actor is None:
        pytest.skip("no actor is served a page")
    if sample.setup:
        sample.setup(world)
    get = next(c for c in sample.calls if c.method == "GET")
    side = "any" if "any" in (get.sides or sample.sides) else "own"
    url = reverse(sample.name, kwargs=sample.kwargs(world, side, actor.kind or sample.default_kind))
    query = sample.query(world, side) if callable(sample.query) else sample.query or {}
    client = mx.client_for(sessions, actor)
    problems: list[str] = []
    for language in PUBLIC if actor.anonymous else STAFF:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        mx.reset_caches()
        response = client.get(url, query)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        text = visible_text(response.content.decode())
        problems += [
            f"[{language}] {f}"
            for f in findings(text, language, codes=sample.name not in SKIP_CODES)
            if not (sample.name in COLUMN_PAGES and f.startswith("snake_case"))
        ]
    assert not problems, f"{sample.name} as {actor.label} ({url}):\n" + "\n".join(problems)
