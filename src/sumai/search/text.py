"""Japanese text folding and bigram tokens for the free-text search (DESIGN.md: app-computed bigrams).

FTS5's ``trigram`` tokenizer misses two-character names such as 港区 and pg_bigm is not packaged, so the
application folds the text and writes its own tokens: every pair of adjacent letters or digits (bigrams) of
each word, and every single character. A query matches a building when all bigrams of every query word
are among the building's tokens (the full-text index finds candidates) *and* every query word occurs in the
folded text (an exact check), so SQLite and PostgreSQL return the same rows.

Folding: NFKC (full-width Latin and digits → ASCII, half-width katakana → full-width), katakana → hiragana,
lower case, and every run of characters that are not letters or digits → one space.
"""

from __future__ import annotations

import unicodedata

import jaconv

MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 40


def fold(text: str) -> str:
    """The searchable form of ``text``."""
    text = unicodedata.normalize("NFKC", text or "")
    text = jaconv.kata2hira(text).lower()
    out: list[str] = []
    space = True
    for ch in text:
        if ch.isalnum():
            out.append(ch)
            space = False
        elif not space:
            out.append(" ")
            space = True
    return "".join(out).strip()


def words(text: str) -> list[str]:
    """The folded words of a query (at most MAX_QUERY_WORDS, each cut to MAX_WORD_LENGTH characters),
    duplicates removed, order kept."""
    seen: dict[str, None] = {}
    for word in fold(text).split():
        seen.setdefault(word[:MAX_WORD_LENGTH], None)
        if len(seen) >= MAX_QUERY_WORDS:
            break
    return list(seen)


def bigrams(word: str) -> list[str]:
    """The bigrams of one folded word; a one-character word is its own token."""
    if len(word) == 1:
        return [word]
    return [word[i : i + 2] for i in range(len(word) - 1)]


def tokens(text: str) -> str:
    """The space-separated distinct tokens of a document: every character of every folded word and every
    bigram (single characters make one-character queries such as 港 exact too)."""
    seen: dict[str, None] = {}
    for word in fold(text).split():
        for ch in word:
            seen.setdefault(ch, None)
        if len(word) > 1:
            for gram in bigrams(word):
                seen.setdefault(gram, None)
    return " ".join(seen)


def query_tokens(query_words: list[str]) -> list[str]:
    """The tokens that must all occur in a document for it to contain every one of ``query_words``."""
    out: dict[str, None] = {}
    for word in query_words:
        for gram in bigrams(word):
            out.setdefault(gram, None)
    return list(out)
