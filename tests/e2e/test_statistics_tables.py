"""The statistics' tables on a phone (390×844, every language). The housing statistics' table by prefecture
scrolled sideways in its box in English and Portuguese (four columns of figures beside the prefecture's
name), and the consultation statistics' tables by area and of referrals too once the names carried their
rōmaji. Now each row is a card on a phone, as on the outcome pages (the site's ``table-cards``, each figure
named by its ``data-label``): neither the document nor a table's box scrolls sideways, every figure is there,
and a place's name carries its rōmaji outside Japanese."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

MEASURE = """(caption) => {
  const box = document.querySelector(`[aria-labelledby="${caption}"]`);
  const tokyo = [...box.querySelectorAll('tbody tr')].find(r => r.innerText.includes('東京都'));
  return {
    width: document.documentElement.scrollWidth,
    scroll: box.scrollWidth, client: box.clientWidth,
    right: Math.max(...[...box.querySelectorAll('tr')].map(r => r.getBoundingClientRect().right)),
    rows: box.querySelectorAll('tbody tr').length,
    tokyo: tokyo ? tokyo.innerText : '',
    figures: tokyo ? [...tokyo.querySelectorAll('td')].map(td => td.innerText.trim()) : [],
    names: tokyo ? [...tokyo.querySelectorAll('td')].map(td => getComputedStyle(td, '::before').content) : [],
  };
}"""


BOXES = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  return {
    width: document.documentElement.scrollWidth,
    wide: [...document.querySelectorAll('.table-scroll')].filter(b => b.scrollWidth > b.clientWidth).map(
      b => ({id: b.getAttribute('aria-labelledby'), scroll: b.scrollWidth, client: b.clientWidth})),
    tables: document.querySelectorAll('.table-scroll').length,
    areas: [...document.querySelectorAll('[aria-labelledby="areas-caption"] tbody th')].map(
      th => th.innerText),
    referrals: document.querySelectorAll('[aria-labelledby="referral-caption"] tbody tr').length,
  };
}"""


@pytest.fixture
def homes(live_server: Any) -> None:
    from sumai.search.indexing import rebuild
    from tests.factories import OrganisationFactory
    from tests.search.conftest import registered_building

    operator = OrganisationFactory(kind="operator", name="テスト不動産")
    units = [
        {"dedicated": True, "vacancy": "vacant", "registered_on": date(2025, 1, 10)},
        {"dedicated": True, "registered_on": date(2025, 3, 2)},
        {"registered_on": date(2025, 3, 20)},
    ]
    for spec in units:
        spec["floor_area_m2"] = Decimal("30")
    registered_building(operator, municipality="131032", units=units)
    rebuild()


def test_the_housing_table_by_prefecture_fits_a_phone_in_every_language(
    homes: Any, new_page: Any, live_server: Any, assert_accessible: Any
) -> None:
    page = new_page()
    page.set_viewport_size(PHONE)
    problems = []
    for language, _name in settings.LANGUAGES:
        page.context.add_cookies([{"name": "sumai_language", "value": language, "url": live_server.url}])
        page.goto(reverse("insights:housing"))
        found = page.evaluate(MEASURE, "housing-caption")
        boxes = page.evaluate(BOXES)  # the monthly figures too (opened)
        fits = (
            found["width"] <= PHONE["width"]
            and boxes["width"] <= PHONE["width"]
            and not boxes["wide"]
            and found["scroll"] <= found["client"]
            and found["right"] <= PHONE["width"]
        )
        # Tokyo's card: its figures (3 registered, 2 dedicated, 1 vacant), each named by its column
        named = all(n not in ("none", "normal", "") for n in found["names"])
        # outside Japanese a prefecture's name carries its rōmaji, as on the outcome pages
        romaji = ("Tokyo-to" in found["tokyo"]) == (language not in ("ja", "ja-x-easy"))
        if not (fits and named and romaji and found["rows"] == 47 and found["figures"] == ["3", "2", "1"]):
            problems.append((language, found, boxes))
        assert_accessible(page, f"the housing statistics on a phone ({language})")
    assert problems == [], "\n".join(map(str, problems))


@pytest.fixture
def requests_for_help(live_server: Any) -> None:
    """18 requests (Setagaya 12, Osaka city 6) and 11 referrals in Setagaya."""
    from django.utils import timezone

    from tests.cases.test_statistics import make_household, make_referral, make_request
    from tests.factories import OrganisationFactory

    npo = OrganisationFactory(kind="support_corporation", name="NPO法人 あおば", prefecture_id="13")
    other = OrganisationFactory(kind="support_corporation", name="NPO法人 わかば", prefecture_id="13")
    monday = timezone.make_aware(timezone.datetime(2026, 2, 2, 10))
    for _ in range(12):
        make_request(
            npo, municipality="131121", created=monday, contacted=monday + timezone.timedelta(days=1)
        )
    for _ in range(6):
        make_request(npo, municipality="271004", route="support_corporation", created=monday)
    household = make_household(npo)
    for state in ["accepted"] * 6 + ["declined"] * 5:
        make_referral(household, npo, other, kind="welfare_office", state=state)


def test_the_consultation_tables_fit_a_phone_in_every_language(
    requests_for_help: Any, new_page: Any, live_server: Any, assert_accessible: Any
) -> None:
    """The tables by area and of referrals scrolled sideways in English and Portuguese (the names with their
    rōmaji, five columns of referrals): now a card per row on a phone; every other table fits as it is."""
    page = new_page()
    page.set_viewport_size(PHONE)
    problems = []
    for language, _name in settings.LANGUAGES:
        page.context.add_cookies([{"name": "sumai_language", "value": language, "url": live_server.url}])
        for query, place in (("", "東京都"), ("?prefecture=13", "世田谷区")):
            page.goto(reverse("insights:consultations") + query)
            found = page.evaluate(BOXES)
            named = any(a.startswith(place) for a in found["areas"])
            if found["width"] > PHONE["width"] or found["wide"] or not named or found["referrals"] != 1:
                problems.append((language, query, found["width"], found["wide"], found["areas"][:3]))
        assert_accessible(page, f"the consultation statistics of Tokyo on a phone ({language})")
    assert problems == [], "\n".join(map(str, problems))
