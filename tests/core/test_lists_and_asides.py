"""Lists and notes in brackets the page language's way (the third walk: English pages read "Low-income
households、Disaster victims、Older people", "Declined（…）", "Advice and guidance given（2026-12-07）"):
、 and full-width brackets in Japanese and Chinese only, on every page that joins a list or adds a note."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from sumai.core import formats
from sumai.places.templatetags.places_tags import authority_names
from sumai.registry.messages import _group_names


@pytest.mark.parametrize(
    ("language", "joined", "noted", "said"),
    [
        ("ja", "低額所得者、高齢者", "入居不可（孤独死）", "一。二。"),
        ("ja-x-easy", "低額所得者、高齢者", "入居不可（孤独死）", "一。二。"),
        ("zh-hans", "低额所得者、高龄者", "拒绝（孤独死）", "一。二。"),
        ("en", "Low-income households, Older people", "Declined (kodokushi)", "One. Two."),
        ("pt-br", "a, b", "x (y)", "Um. Dois."),
    ],
)
def test_lists_notes_and_sentences_follow_the_language(language, joined, noted, said):
    """The walk: English pages joined lists with 、 and put notes in full-width brackets."""
    with translation.override(language):
        items = joined.replace("、", "|").replace(", ", "|").split("|")
        assert formats.join_list(items) == joined
        text, note = noted.rstrip("）)").replace("（", "|").replace(" (", "|").split("|")
        assert formats.aside(text, note) == noted
        assert formats.aside(text, "") == text
        sentences = said.replace("。", "。|").replace(". ", ".|").rstrip("|").split("|")
        assert formats.sentences(sentences) == said
        page = Template(
            "{% load sumai_core %}{{ items|join_list }}|{{ text|aside:note }}|"
            "{% for i in items %}{{ i }}{% if not forloop.last %}{% list_separator %}{% endif %}{% endfor %}"
        ).render(Context({"items": items, "text": text, "note": note}))
        assert page == f"{joined}|{noted}|{joined}"


@pytest.mark.django_db
def test_the_lists_other_apps_write_follow_the_language():
    """Authorities named together, and the groups of a registration's restrictive acceptance."""
    with translation.override("en"):
        assert "、" not in _group_names("low_income,elderly")
        assert _group_names("low_income,elderly") == "Low-income households, Older people"
        assert authority_names(["130001", "131121"]).count(", ") == 1
    with translation.override("ja"):
        assert "、" in _group_names("low_income,elderly")
        assert "、" in authority_names(["130001", "131121"])
