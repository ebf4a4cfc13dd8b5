"""Furigana for やさしい日本語: ``住宅{じゅうたく}`` in a translation becomes
``<ruby>住宅<rt>じゅうたく</rt></ruby>``.

Translators of the ``ja-x-easy`` catalogue write a reading right after the kanji it belongs to, in
half-width ``{}`` or full-width ``｛｝`` braces: ``住{す}む 家{いえ}を 探{さが}す``. The base is the run
of kanji just before the opening brace; the reading is kana only (anything else is left as it is, so
JSON, CSS and code are safe).

:func:`to_ruby` rewrites a whole HTML document, touching text only:

- text between tags gets ``<ruby>``;
- inside a tag (attribute values such as ``aria-label``, ``placeholder``, ``value``, ``title``) and
  in ``<title>``, ``<option>`` and an existing ``<ruby>`` — where markup is not allowed or not shown —
  the reading is dropped and the kanji kept;
- inside ``<svg>`` (a chart) — where ``<ruby>`` is not SVG and would end the drawing — the reading is
  written in brackets after its kanji, ``住宅（じゅうたく）`` (its ``<title>`` drops it, as above);
- ``<script>``, ``<style>``, ``<textarea>`` and comments are left untouched.

:func:`strip_readings` drops every reading (plain text, JSON); both come from :mod:`sumai.core.readings`.
"""

from __future__ import annotations

import re

from sumai.core.readings import READING, bracket_readings, has_readings, strip_readings

__all__ = ["READING", "bracket_readings", "has_readings", "strip_readings", "text_to_ruby", "to_ruby"]

# A tag, with quoted attribute values that may contain ">"; a comment; a doctype or processing instruction.
_TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?[^>]*>|</?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S,
)
_UNTOUCHED = frozenset({"script", "style", "textarea"})  # raw text: left exactly as it is


def _ruby(match: re.Match[str]) -> str:
    return f"<ruby>{match['base']}<rp>（</rp><rt>{match['reading']}</rt><rp>）</rp></ruby>"


def text_to_ruby(text: str) -> str:
    """Ruby markup for a text node (already HTML-escaped; kanji and kana need no escaping)."""
    return READING.sub(_ruby, text)


def to_ruby(html: str) -> str:
    """Turn reading markup in the text of an HTML document (or fragment) into ``<ruby>`` (module doc)."""
    if "{" not in html and "｛" not in html:
        return html
    out: list[str] = []
    pos = 0
    in_title = in_option = False  # an <option>'s end tag is optional: a new one or </select> ends it too
    ruby_depth = svg_depth = 0
    length = len(html)
    while pos < length:
        match = _TOKEN.search(html, pos)
        end = match.start() if match else length
        text = html[pos:end]
        if text:
            if in_title or in_option or ruby_depth > 0:
                out.append(strip_readings(text))
            elif svg_depth > 0:
                out.append(bracket_readings(text))
            else:
                out.append(text_to_ruby(text))
        if match is None:
            break
        token = match.group(0)
        name = (match.group("name") or "").lower()
        closing = token.startswith("</")
        out.append(strip_readings(token) if name else token)
        pos = match.end()
        if not name:
            continue
        if not closing and name in _UNTOUCHED:
            close = re.compile(rf"</{name}\s*>", re.I).search(html, pos)
            raw_end = close.start() if close else length
            out.append(html[pos:raw_end])
            pos = raw_end
        elif name == "title":
            in_title = not closing
        elif name == "option":
            in_option = not closing
        elif name in ("select", "datalist") and closing:
            in_option = False
        elif name == "ruby":
            ruby_depth = max(0, ruby_depth - 1) if closing else ruby_depth + 1
        elif name == "svg" and not token.endswith("/>"):
            svg_depth = max(0, svg_depth - 1) if closing else svg_depth + 1
    return "".join(out)
