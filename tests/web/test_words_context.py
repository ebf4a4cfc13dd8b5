"""One English word, two Japanese words: the name of a thing (「居住支援法人」 in the navigation,
「住戸」 as a table's caption) and the heading of its count (「居住支援法人数」, 「住戸数」) are separate
messages (msgctxt)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation


def test_a_count_heading_and_the_name_are_different_messages():
    with translation.override("ja"):
        assert translation.gettext("Support corporations") == "居住支援法人"
        assert translation.pgettext("figure", "Support corporations") == "居住支援法人数"
        assert translation.gettext("Units") == "住戸"
        assert translation.pgettext("figure", "Units") == "住戸数"


@pytest.mark.django_db
def test_the_navigation_names_the_directory_not_a_count(client):
    client.cookies["sumai_language"] = "ja"
    page = client.get(reverse("web:home")).content.decode()
    assert ">居住支援法人</a>" in page
    assert "居住支援法人数</a>" not in page


@pytest.mark.parametrize("vacancy", ["vacant", "occupied"])
def test_a_vacancy_confirmed_today_reads_today_not_0_days_ago(vacancy):
    from types import SimpleNamespace

    from django.utils import timezone

    from sumai.search.templatetags.search_tags import vacancy_words

    unit = SimpleNamespace(vacancy=vacancy, vacancy_confirmed_at=timezone.now())
    with translation.override("ja"):
        words = vacancy_words(unit)
    assert "今日確認" in words
    assert "0日" not in words
