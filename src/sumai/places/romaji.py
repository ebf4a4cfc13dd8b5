"""Place names in rōmaji for the pages in other languages (#14 item 10): 世田谷区 → "Setagaya-ku".

From the reference data's kana reading (data/municipalities.csv), converted by pykakasi (Hepburn), with the
conventions of Japanese place names in English: long vowels without macrons (とうきょう → Tokyo, おおさか →
Osaka), the administrative suffix after a hyphen (-to, -do… -fu, -ken, -shi, -ku, -machi/-cho, -mura/-son, as
the reading says) and 北海道 as "Hokkaido". Computed when the reference data is loaded and stored.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# The kanji that ends a place name and the readings it takes there.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "都": ("と",),
    "府": ("ふ",),
    "県": ("けん",),
    "市": ("し",),
    "区": ("く",),
    "町": ("ちょう", "まち"),
    "村": ("そん", "むら"),
}
_LONG = [(re.compile(r"ou"), "o"), (re.compile(r"oo"), "o"), (re.compile(r"uu"), "u")]


@cache
def _converter() -> Any:
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


def hepburn(kana: str) -> str:
    """Kana in Hepburn rōmaji, long vowels without macrons (ou, oo → o; uu → u)."""
    text = "".join(part["hepburn"] for part in _converter().convert(kana))
    for pattern, short in _LONG:
        text = pattern.sub(short, text)
    return text


def romanise(name: str, kana: str) -> str:
    """The place's name in rōmaji: "Setagaya-ku", "Osaka-fu", "Hokkaido"; "" without a reading."""
    kana = kana.strip()
    if not kana:
        return ""
    if name == "北海道":
        return "Hokkaido"
    for reading in SUFFIXES.get(name[-1:], ()):
        if kana.endswith(reading) and len(kana) > len(reading):
            return f"{hepburn(kana[: -len(reading)]).capitalize()}-{hepburn(reading)}"
    return hepburn(kana).capitalize()


_STREET_MARKS = [
    (re.compile(r"丁目"), "-chome "),
    (re.compile(r"番地の?"), "-"),
    (re.compile(r"番"), "-"),
    (re.compile(r"号"), " "),
    (re.compile(r"[ー－‐−―]"), "-"),
]
_JAPANESE_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff々〆ヶ]+")


def street(address: str, *, prefecture: str, municipality: str) -> str:
    """The part of ``address`` after its prefecture and municipality, in rōmaji:
    「東京都港区芝公園4丁目2番8号」 → "Shibakoen 4-chome 2-8". Kanji and kana are read by pykakasi (a
    street's reading is not in the reference data, so an unusual one may come out wrong: the Japanese
    address stays beside it)."""
    import unicodedata

    rest = unicodedata.normalize("NFKC", address or "").strip()
    for prefix in (prefecture, municipality):
        if prefix and rest.startswith(prefix):
            rest = rest[len(prefix) :]
    for pattern, replacement in _STREET_MARKS:
        rest = pattern.sub(replacement, rest)

    def roman(match: re.Match[str]) -> str:
        return " " + hepburn(match.group(0)).capitalize() + " "

    text = _JAPANESE_RUN.sub(roman, rest)
    text = re.sub(r"\s+", " ", text).strip(" -")
    text = re.sub(r"-\s*$", "", re.sub(r"\s*-\s*", "-", text))
    return text.replace("-chome", "-chome ").replace("  ", " ").strip()
