"""Folding and bigram tokens of the free-text search."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.search.text import fold, query_tokens, tokens, words


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("港区", "港区"),
        ("ﾊｲﾂ青葉", "はいつ青葉"),  # half-width katakana → hiragana
        ("ハイツ", "はいつ"),
        ("はいつ", "はいつ"),
        ("ＡＢＣ１２３", "abc123"),  # full-width Latin and digits
        ("Maison・de・Soleil", "maison de soleil"),
        ("芝公園4-2-8", "芝公園4 2 8"),
        ("  さくら　ハイツ  ", "さくら はいつ"),  # ideographic space
        ("メゾン・ド・ソレイユ", "めぞん ど それいゆ"),
        ("第二松風荘", "第二松風荘"),
        ("", ""),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_tokens_are_unigrams_and_bigrams():
    assert tokens("港区").split() == ["港", "区", "港区"]
    assert set(tokens("東京都港区").split()) >= {"港区", "京都", "東京", "港"}


def test_a_two_character_name_is_one_token_query():
    assert query_tokens(words("港区")) == ["港区"]
    assert query_tokens(words("港")) == ["港"]


def test_hostile_query_is_bounded():
    long = "あ" * 10_000
    assert len(words(long)[0]) == 40
    assert len(words(" ".join(f"w{i}" for i in range(100)))) == 8
    assert words("'; DROP TABLE x; --") == ["drop", "table", "x"]
    assert words('%_*"()') == []


@given(st.text(alphabet="港区芝公園東京都はいつさくらアイウｱｲｳABCabc0123 -・", max_size=30), st.data())
def test_every_substring_of_a_document_matches_it(document, data):
    """Property: any query word that occurs in the folded document has all its tokens in the document."""
    folded = fold(document)
    if not folded:
        return
    start = data.draw(st.integers(0, len(folded) - 1))
    end = data.draw(st.integers(start + 1, len(folded)))
    query = folded[start:end]
    doc_tokens = set(tokens(document).split())
    for word in words(query):
        assert word in folded
        assert set(query_tokens([word])) <= doc_tokens
