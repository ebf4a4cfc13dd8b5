"""#12 item 13: the councils page cites the article in force on the day it is read (法81条 from 2025-10-01,
法51条 before), in every language, from the law-numbering parameter files — no literal in the template."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ja", "en", "zh-hans", "ko", "vi", "pt-br", "ja-x-easy"])
def test_the_directory_cites_todays_article(client, language):
    client.cookies["sumai_language"] = language
    html = client.get(reverse("councils:directory")).content.decode()
    assert "法81条" in html
    assert "51" not in html.split('class="lead"')[1].split("</p>")[0]


def test_before_the_2024_amendment_took_effect_it_was_article_51(client):
    with mock.patch("django.utils.timezone.localdate", return_value=date(2025, 9, 30)):
        html = client.get(reverse("councils:directory")).content.decode()
    assert "法51条" in html.split('class="lead"')[1].split("</p>")[0]
