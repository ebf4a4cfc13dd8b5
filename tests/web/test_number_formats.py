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


def test_a_month_is_written_the_vietnamese_way():
    """A walk: the outcome CSV's months read "Tháng 12 2026" (Django's "F Y"); Vietnamese writes
    "Tháng 12/2026". Other languages keep Django's."""
    import datetime

    from django.utils import translation
    from django.utils.formats import date_format

    december = datetime.date(2026, 12, 1)
    with translation.override("vi"):
        assert date_format(december, "YEAR_MONTH_FORMAT") == "Tháng 12/2026"
    with translation.override("ja"):
        assert date_format(december, "YEAR_MONTH_FORMAT") == "2026年12月"
