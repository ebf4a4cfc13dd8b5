"""Reading markup of the やさしい日本語 catalogue (``住宅{じゅうたく}``) as plain text.

Translators of the ``ja-x-easy`` catalogue write a reading right after the kanji it belongs to, in half-width
``{}`` or full-width ``｛｝`` braces. HTML pages show it as ``<ruby>`` (``sumai.web.furigana``); where no
markup can go — plain text, JSON, CSV, the text of an SVG chart — it is dropped or written in brackets here.
The base is the run of kanji just before the opening brace; the reading is kana only (anything else is left as
it is, so JSON, CSS and code are safe).
"""

from __future__ import annotations

import re

_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆〇ヶ"
_KANA = "\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc\u30fd\u30fe"
READING = re.compile(rf"(?P<base>[{_KANJI}]+)[{{｛](?P<reading>[{_KANA}]+)[}}｝]")


def has_readings(text: str) -> bool:
    return READING.search(text) is not None


def strip_readings(text: str) -> str:
    """``住宅{じゅうたく}を 探{さが}す`` → ``住宅を 探す``."""
    return READING.sub(r"\g<base>", text)


def bracket_readings(text: str) -> str:
    """``住宅{じゅうたく}を 探{さが}す`` → ``住宅（じゅうたく）を 探（さが）す``: the reading after its
    kanji, as a browser shows ``<ruby>`` it cannot draw (the ``<rp>`` brackets). For text that cannot hold
    markup but whose readers need the reading: the labels of a chart."""
    return READING.sub(r"\g<base>（\g<reading>）", text)
