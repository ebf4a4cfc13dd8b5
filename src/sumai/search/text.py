"""Japanese text folding and bigram tokens for the free-text search (DESIGN.md: app-computed bigrams).

FTS5's ``trigram`` tokenizer misses two-character names such as 港区 and pg_bigm is not packaged, so the
application folds the text and writes its own tokens: for each word, its single characters and then its
bigrams (pairs of adjacent letters or digits), in the order they occur. A query word is found

- on SQLite as an FTS5 *phrase* of its bigrams: consecutive bigram tokens occur only inside one word's run
  of bigrams (every run starts after that word's single characters, and a character is never a bigram), so
  ``さく`` directly followed by ``くら`` means the word contains ``さくら`` — the phrase match is exact;
- on PostgreSQL (``array_to_tsvector`` keeps no positions) as all its bigrams among the tokens (the GIN
  index finds candidates) *and* the word in the folded text (an exact check).

Both give exactly the buildings whose folded text contains every query word (tests/search/test_text.py).

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
    """The space-separated tokens of a document, in order: for each folded word its characters, then its
    bigrams (single characters make one-character queries such as 港 exact too). Repeats are kept: the
    positions make a word's bigrams a phrase (see the module's docstring)."""
    return folded_tokens(fold(text))


def folded_tokens(folded: str) -> str:
    """:func:`tokens` of a text already folded (the index's ``text`` column)."""
    out: list[str] = []
    for word in folded.split():
        out.extend(word)
        if len(word) > 1:
            out.extend(bigrams(word))
    return " ".join(out)


def fts5_query(query_words: list[str]) -> str:
    """The FTS5 query that finds documents containing every word: one phrase of bigrams per word."""
    return " AND ".join('"' + " ".join(bigrams(word)) + '"' for word in query_words)
