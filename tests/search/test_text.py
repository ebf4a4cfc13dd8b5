"""Folding and bigram tokens of the free-text search."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sumai.search.text import bigrams, fold, folded_tokens, fts5_query, tokens, words


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
    assert [bigrams(w) for w in words("港区")] == [["港区"]]
    assert [bigrams(w) for w in words("港")] == [["港"]]


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
        assert set(bigrams(word)) <= doc_tokens


def test_tokens_keep_each_words_bigrams_in_order():
    # characters of each word, then its bigrams; repeats kept (positions make phrases)
    assert tokens("さくら さくら").split() == ["さ", "く", "ら", "さく", "くら"] * 2
    assert fts5_query(["さくら", "港"]) == '"さく くら" AND "港"'


ALPHABET = "さくらはいつ港区芝東京ab1"


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    docs=st.lists(st.text(alphabet=ALPHABET + "  ・", min_size=1, max_size=14), min_size=8, max_size=8),
    query=st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), min_size=1, max_size=2),
)
def test_the_database_finds_exactly_the_buildings_whose_text_contains_every_word(
    eight_buildings, docs, query
):
    """Property, on the database of the run (SQLite's FTS5 phrases; PostgreSQL's GIN and substring check):
    matching buildings are exactly those whose folded text contains every query word — including words that
    only look present because their bigrams occur in different words (さく くさ is not さくさ)."""
    from sumai.search.filtersets import matching_building_ids
    from sumai.search.models import SearchBuilding

    SearchBuilding.objects.filter(building_id__in=eight_buildings).delete()
    SearchBuilding.objects.bulk_create(
        SearchBuilding(building_id=pk, text=fold(doc), tokens=folded_tokens(fold(doc)))
        for pk, doc in zip(eight_buildings, docs, strict=True)
    )
    query_words = words(" ".join(query))
    if not query_words:
        return
    expected = {
        pk for pk, doc in zip(eight_buildings, docs, strict=True) if all(w in fold(doc) for w in query_words)
    }
    found = set(
        SearchBuilding.objects.filter(building_id__in=matching_building_ids(query_words)).values_list(
            "building_id", flat=True
        )
    )
    assert found == expected


def test_bigrams_of_different_words_do_not_make_a_phrase(eight_buildings):
    from sumai.search.filtersets import matching_building_ids
    from sumai.search.models import SearchBuilding

    SearchBuilding.objects.filter(building_id__in=eight_buildings).delete()
    docs = ["さく くさ", "さくさ", "くさ さく", "ささくさ", "さく", "く さ", "さ", "くさく"]
    SearchBuilding.objects.bulk_create(
        SearchBuilding(building_id=pk, text=fold(doc), tokens=folded_tokens(fold(doc)))
        for pk, doc in zip(eight_buildings, docs, strict=True)
    )
    found = set(
        SearchBuilding.objects.filter(building_id__in=matching_building_ids(["さくさ"])).values_list(
            "building_id", flat=True
        )
    )
    assert found == {eight_buildings[1], eight_buildings[3]}


@pytest.fixture
def eight_buildings(operator):
    from tests.search.conftest import registered_building

    return [registered_building(operator, name=f"建物{i}").pk for i in range(8)]


def test_postgresql_looks_for_each_words_rarest_bigram():
    from sumai.search.filtersets import rarest_bigram

    frequencies = {"さく": 0.07, "くら": 0.08, "はい": 0.2, "いつ": 0.12}
    assert rarest_bigram("さくら", frequencies) == "さく"
    assert rarest_bigram("はいつ", frequencies) == "いつ"
    assert rarest_bigram("さくらはいつ", frequencies) == "らは"  # not among the common tokens: the rarest
    assert rarest_bigram("港", frequencies) == "港"
