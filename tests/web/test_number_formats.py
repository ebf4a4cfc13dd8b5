"""#14 item 10: prices with the locale's separators in every public language ("26.000 yên")."""

from __future__ import annotations

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation
from django.utils.translation import gettext as _


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ja", "26,000円"),
        ("en", "26,000 yen"),
        ("vi", "26.000 yên"),
        ("pt-br", "26.000 ienes"),
        ("zh-hans", "26,000 日元"),
        ("ko", "26,000엔"),
    ],
)
def test_yen_in_each_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert _("%(yen)s yen") % {"yen": intcomma(26000)} == expected
