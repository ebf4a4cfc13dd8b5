"""The label catalogue of sumai.core.labels: every priority group code of the domain has words in both
wordings, in every language the registry speaks, and no screen shows a bare code."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from sumai.core.labels import ACCEPTS_LABELS, GROUP_LABELS, accepts_label, group_label
from sumai.domain.eligibility import GROUP_CODES, list_groups

DOMAIN_CODES = sorted(set(GROUP_CODES) | {g.code for g in list_groups()})


def test_every_domain_group_code_has_a_label_in_both_wordings():
    assert [c for c in DOMAIN_CODES if c not in GROUP_LABELS] == []
    assert [c for c in DOMAIN_CODES if c not in ACCEPTS_LABELS] == []


def test_the_catalogue_labels_no_code_the_domain_does_not_know():
    assert set(GROUP_LABELS) <= set(DOMAIN_CODES)
    assert set(ACCEPTS_LABELS) <= set(DOMAIN_CODES)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_known_code_never_reads_as_itself(language):
    with translation.override(language):
        assert [c for c in DOMAIN_CODES if group_label(c) == c] == []
        assert [c for c in DOMAIN_CODES if accepts_label(c) == c] == []
        assert len({group_label(c) for c in DOMAIN_CODES}) == len(DOMAIN_CODES)  # no two groups alike


def test_every_label_is_translated_into_japanese():
    def words(language: str) -> list[str]:
        with translation.override(language):
            return [f(c) for c in DOMAIN_CODES for f in (group_label, accepts_label)]

    untranslated = [en for ja, en in zip(words("ja"), words("en"), strict=True) if ja == en]
    assert untranslated == []


def test_an_unknown_code_is_shown_as_it_is():
    assert group_label("martians") == "martians"
    assert accepts_label("martians") == "martians"


# ------------------------------------------------------------------------------------------- on screen
class _Text(HTMLParser):
    """The text a reader sees: character data outside <script> and <style> (attributes are not text)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def codes_in(text: str) -> list[str]:
    return [c for c in DOMAIN_CODES if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)]


def test_visible_text_ignores_attributes():
    html = '<label><input value="elderly" name="accepted_groups"> 高齢者</label><script>"lgbt"</script>'
    assert codes_in(visible_text(html)) == []
    assert codes_in(visible_text("<li>dv_victim</li>")) == ["dv_victim"]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_unit_form_shows_no_group_code(language):
    from sumai.registry.forms import UnitForm
    from sumai.registry.models import Unit

    with translation.override(language):
        form = UnitForm(instance=Unit())
        html = form.render()
        offered = [value for value, _label in form.fields["accepted_groups"].choices]  # type: ignore[attr-defined]
    assert sorted(offered) == DOMAIN_CODES  # every group, each once
    assert all(f'value="{code}"' in html for code in DOMAIN_CODES)
    assert codes_in(visible_text(html)) == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_public_search_offers_no_group_code(language):
    from sumai.search.groups import choices

    with translation.override(language):
        labels = dict(choices())
    assert sorted(labels) == DOMAIN_CODES
    assert codes_in(" ".join(labels.values())) == []


@pytest.mark.parametrize("language", ["ja", "zh-hans", "ko", "vi", "pt-br", "ja-x-easy"])
def test_every_group_reads_in_every_public_language(language):
    """The public search and unit pages list the groups of local plans too (newly_weds, lgbt, uij_turn…):
    none may stay in English on a page in another language."""
    others: dict[str, list[tuple[str, str]]] = {c: [] for c in DOMAIN_CODES}
    for source in ("en", "ja") if language != "ja" else ("en",):
        with translation.override(source):  # a missing msgstr shows English, or Japanese (the fallback)
            for code in DOMAIN_CODES:
                others[code].append((group_label(code), accepts_label(code)))
    with translation.override(language):
        same = [
            code
            for code in DOMAIN_CODES
            for group, accepts in others[code]
            if accepts_label(code) == accepts or group_label(code) == group
        ]
    assert same == []
