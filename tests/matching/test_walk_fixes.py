"""Findings of the walk through the matching pages (issue #17): each test failed before its fix."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from sumai.core import formats
from sumai.domain import matching as m
from sumai.matching import words
from sumai.matching.models import MatchSnapshot
from tests.cases.conftest import SETAGAYA
from tests.matching.conftest import World
from tests.matching.test_homes import form_body, homes_url, main_text, search

pytestmark = pytest.mark.django_db


def results_page(client, world: World, **changes: object) -> str:  # type: ignore[no-untyped-def]
    snap = search(client, world, **changes)
    url = reverse("matching:snapshot", kwargs={"pk": world.case.pk, "snapshot": snap.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# a) a household without birth dates: said plainly, with the way to fix it, never "every home left out"
def test_missing_birth_dates_are_said_with_a_link_to_the_household(client, world):
    world.household.members.update(birth_date=None, age_stated=75)
    client.force_login(world.staff)
    edit = reverse("cases:household_edit", kwargs={"pk": world.household.pk})
    page = client.get(homes_url(world)).content.decode()
    assert f'href="{edit}"' in page
    response = client.post(homes_url(world), form_body())
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert f'href="{edit}"' in page
    assert not MatchSnapshot.objects.exists()  # no snapshot of "every home left out"


# b) the place is labelled as a place, and the ward is named once
def test_the_card_labels_the_place_and_names_the_ward_once(client, world):
    with translation.override("ja"):
        page = results_page(client, world)
        card = page.split('<li class="panel">', 1)[1].split("</li>", 1)[0]
        assert "所在地" in card
        assert not re.search(r"面積</dt><dd>[^<]*世田谷", card)  # the place is not under an area label
        place = card.split("所在地</dt><dd>", 1)[1].split("</dd>", 1)[0]
        assert place.count("世田谷区") == 1, place
        assert "太子堂" in place


# c) no preferred place: no distance is claimed, and the part is unknown rather than a measure
def test_no_preferred_place_claims_no_distance(client, world):
    snap = search(client, world)
    parts = {p["code"]: p for p in snap.ranked[0]["parts"]}
    assert parts["distance"]["value"] is None
    assert snap.inputs["point"] is None
    with translation.override("ja"):
        assert words.reason_text("matching.score.distance.unknown", {}) == "希望の場所の指定なし"
    with translation.override("en"):
        assert words.reason_text("matching.score.distance.unknown", {}) == "No preferred place given"


# d) no ceiling: "no ceiling given", never "0.0 / 20 unknown"
def test_no_ceiling_says_so_instead_of_zero_points(client, world):
    text = main_text(results_page(client, world, ceiling=""))  # the page in Japanese, the default
    assert "家賃の上限の指定なし" in text
    assert not re.search(r"0\.0 / \d+\s+不明", text)


# e) the vacancy's age in days of the Japanese calendar
def test_vacancy_age_counts_days_in_tokyo():
    # confirmed 23:00 on the 14th in Tokyo, matched 09:00 on the 15th: yesterday, one day ago
    confirmed = datetime(2026, 1, 14, 14, 0, tzinfo=UTC)
    now = datetime(2026, 1, 15, 0, 0, tzinfo=UTC)
    unit = m.UnitCandidate(
        unit_id=1,
        rent=50_000,
        common_fee=0,
        floor_area_m2=Decimal("30.00"),
        layout="1K",
        groups=frozenset({"elderly"}),
        dedicated=False,
        barrier_free=False,
        pets_allowed=False,
        floor=1,
        vacancy="vacant",
        vacancy_confirmed_at=confirmed,
        lat=None,
        lon=None,
    )
    result = m.rank([unit], m.HomeNeeds(groups=("elderly",), now=now, vacancy_valid_days=30))
    freshness = next(p for p in result.matches[0].parts if p.code == "freshness")
    assert freshness.reason.value("days") == 1


# f) numbered once: by the list, not also by a printed number
def test_results_are_numbered_once(client, world):
    page = results_page(client, world)
    assert '<ol class="plain-list results">' in page
    assert not re.search(r"<h2>\s*\d+\.\s", page)


# g) text in the ceiling field is an error naming the field
@pytest.mark.parametrize("typed", ["abc", "上限なし", "5万円より少し"])  # 「5万」 alone is 50,000 (yen_text)
def test_text_in_the_ceiling_is_an_error_naming_the_field(client, world, typed):
    client.force_login(world.staff)
    response = client.post(homes_url(world), form_body(ceiling=typed))
    assert response.status_code == 400
    summary = response.content.decode().split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_ceiling"' in summary
    assert not MatchSnapshot.objects.exists()


# h) the support page ticks the household's languages
def test_the_support_page_ticks_the_households_languages(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("matching:support", kwargs={"pk": world.case.pk})).content.decode()
    assert re.search(r'<input[^>]*name="languages"[^>]*value="vi"[^>]*checked', page) or re.search(
        r'<input[^>]*checked[^>]*name="languages"[^>]*value="vi"', page
    )


# i) lists joined the language's way, and plurals by ngettext
def test_lists_follow_the_language():
    with translation.override("en"):
        assert formats.join_list(["A", "B", "C"]) == "A, B, C"
        assert words.reason_text("matching.score.freshness", {"days": 1}) == "Vacancy confirmed 1 day ago"
        assert "、" not in words.reason_text("matching.in.group", {"groups": ["elderly", "low_income"]})
    with translation.override("ja"):
        assert formats.join_list(["A", "B"]) == "A、B"


def test_support_ranking_is_numbered_once(client, world):
    client.force_login(world.staff)
    url = reverse("matching:support", kwargs={"pk": world.case.pk})
    page = client.get(url, {"municipality": SETAGAYA}).content.decode()
    assert not re.search(r"<h2>\s*\d+\.\s", page)


# a browser empties a type=number input holding full-width digits: yen amounts are text inputs
def test_yen_amounts_are_text_inputs_with_the_numeric_keyboard():
    from sumai.matching.forms import YenField

    html = str(YenField(min_value=0).widget.render("rent", "５００００"))
    assert 'type="text"' in html
    assert 'inputmode="numeric"' in html
    assert "５００００" in html


def test_a_worded_reason_is_kept_per_language() -> None:
    """The words of a reason are kept once worded (a results page words some 200): per language, so that
    an English page after a Japanese one does not show the Japanese sentence."""
    from django.utils import translation

    from sumai.matching import words

    values = {"cost": 52000, "ceiling": 90000}
    with translation.override("ja"):
        ja = words.reason_text("matching.in.cost", values)
    with translation.override("en"):
        en = words.reason_text("matching.in.cost", values)
        assert words.reason_text("matching.in.cost", values, language="en") == en
    assert "52,000" in en
    assert "yen" in en
    assert ja != en
    assert "円" in ja
    # a snapshot's JSON holds lists: worded all the same
    with translation.override("en"):
        assert "older people" in words.reason_text("matching.in.group", {"groups": ["elderly"]}).lower()


# second walk (session 11): the left-out sentence agrees with its number; the limit's label; no space in ja
def test_the_left_out_reason_agrees_with_the_number_of_homes() -> None:
    with translation.override("en"):
        assert words.excluded_text("matching.excluded.area", 1).startswith("it is smaller")
        assert words.excluded_text("matching.excluded.area", 4).startswith("they are smaller")
        assert words.excluded_text("matching.excluded.cost", 3).startswith("their rent")
    with translation.override("ja"):
        assert words.excluded_text("matching.excluded.area", 4) == "世帯の最低居住面積水準より狭い"


def test_the_results_page_names_the_monthly_limit(client, world):
    from django.conf import settings

    client.force_login(world.staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = results_page(client, world)
    assert "Monthly limit" in page
    assert "Most a month" not in page


def test_japanese_group_reasons_have_no_space_before_the_particle() -> None:
    with translation.override("ja"):
        accepts = words.reason_text("matching.in.group", {"groups": ["elderly", "low_income"]})
        focus = words.reason_text("matching.score.focus_groups", {"groups": ["elderly"]})
    assert " を" not in accepts
    assert accepts.endswith("を受け入れ")
    assert " を" not in focus


def test_the_support_score_counts_tasks_not_ticked_boxes() -> None:
    """Three kinds of help can need four tasks of the law (法62条): the sentence says tasks (and, since the
    third walk, names them: tests/matching/test_walk_fixes_2.py)."""
    values = {
        "covered": ["rent_guarantee", "belongings_disposal"],
        "missing": ["living_support", "incidental"],
        "needed": 4,
    }
    with translation.override("en"):
        text = words.reason_text("matching.score.tasks", values)
    assert text.startswith(
        "Does 2 of the 4 tasks the help needs: Rent-debt guarantee, Disposal of belongings"
    )


def test_the_summary_does_not_pluralise_one_vacant_home(client, world):
    """The area's count stands on its own ("1 home matches, of 1 vacant registered homes": second walk)."""
    from django.conf import settings

    client.force_login(world.staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = results_page(client, world)
    summary = re.search(r'<p id="summary"[^>]*>(.*?)</p>', page, re.S)
    assert summary is not None
    assert re.search(r"Vacant registered homes in the area: \d", summary.group(1))
    assert "vacant registered homes in the area." not in summary.group(1)


# the caseworker chooses help for the household: not the public form's first-person labels
def test_the_support_page_speaks_of_the_household_not_in_the_first_person(client, world):
    client.force_login(world.staff)
    url = reverse("matching:support", kwargs={"pk": world.case.pk})
    client.post(reverse("set_language"), {"language": "en", "next": url})
    page = client.get(url)
    assert page.status_code == 200
    text = main_text(page.content.decode())
    assert "Homes that accept the household" in text
    for first_person in ("accept me", "my belongings", "when I have"):
        assert first_person not in text


# the legal basis of a match: the English way on an English page, as written on a Japanese one
def test_the_legal_basis_reads_in_the_pages_language(client, world):
    page = results_page(client, world)
    basis = re.findall(r'<p class="help">[^<]*: ([^<]*)</p>', page)
    assert any("法" in b for b in basis), basis
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = results_page(client, world)
    basis = re.findall(r'<p class="help">Legal basis: ([^<]*)</p>', page)
    assert basis
    assert all("Art." in b and "法" not in b and "条" not in b for b in basis), basis
