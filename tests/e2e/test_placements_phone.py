"""The placements' list pages on a 390×844 phone (issue #14, item 16: nothing wider than the screen), in
English and Japanese: the registration authority's refusal flags and the landlord's inquiries are tables of
records, one card per row on a phone (the repo's ``table table-cards`` pattern)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.login import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SETAGAYA = "131121"


@pytest.fixture
def flagged(live_server: Any) -> dict[str, Any]:
    """A landlord with a long name and four registered homes (authority 130001); four inquiries declined for
    the reasons with the longest words, each flagged — one open, three resolved (struck off, guidance, the
    accepted groups changed: the longest words of the State column, after the demo's walk); the authority's
    reviewer and the landlord's member."""
    from sumai.accounts.models import Membership, Organisation
    from sumai.cases.models import Case, Household
    from sumai.placements.models import LandlordInquiry, RefusalFlag
    from tests.cases.conftest import desk
    from tests.factories import OrganisationFactory, UserFactory
    from tests.matching.conftest import build_homes

    desk_org = desk(SETAGAYA, "世田谷区")
    operator = OrganisationFactory(
        kind="operator", name="株式会社テスト不動産マネジメントサービス東京", prefecture_id="13"
    )
    landlord = UserFactory(email="phone-landlord@example.jp", name="家主")
    Membership.objects.create(user=landlord, organisation=operator, role="admin")
    units = build_homes(operator, [(key, {"number": f"120{i}"}) for i, key in enumerate("abcd")])
    authority = Organisation.objects.filter(kind="authority", authority_code="130001").first() or (
        OrganisationFactory(kind="authority", name="東京都", prefecture_id="13", authority_code="130001")
    )
    reviewer = UserFactory(email="phone-reviewer@example.jp", name="審査")
    Membership.objects.create(user=reviewer, organisation=authority, role="staff")
    today = timezone.localdate()
    for i, (key, reason, resolution) in enumerate(
        [
            ("a", "no_guarantor", ""),
            ("b", "lonely_death", "struck_off"),
            ("c", "neighbours", "guidance"),
            ("d", "customs_language", "acceptance_changed"),
        ]
    ):
        unit = units[key]
        household = Household.objects.create(
            organisation=desk_org, pseudonym=f"世帯{i}", municipality_id=SETAGAYA
        )
        case = Case.objects.create(household=household, organisation=desk_org)
        inquiry = LandlordInquiry.objects.create(
            reference=f"Q-PHON-000{i}",
            case=case,
            household=household,
            organisation=desk_org,
            unit=unit,
            operator=operator,
            shared={"members": 1, "age_bands": [70], "groups": ["elderly"]},
            state="declined",
            decline_reason=reason,
            sent_at=timezone.now(),
            sent_on=today,
            answer_due=today + timedelta(days=7),
        )
        RefusalFlag.objects.create(
            inquiry=inquiry,
            authority_code="130001",
            municipality_id=SETAGAYA,
            operator=operator,
            reason=reason,
            groups=["elderly"],
            household_groups=["elderly"],
            raised_on=today - timedelta(days=i),
            resolved_on=today if resolution else None,
            resolution=resolution,
        )
    return {"reviewer": reviewer, "landlord": landlord}


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_flags_and_the_inquiries_fit_a_phone(
    new_page: Any, live_server: Any, assert_accessible: Any, flagged: dict[str, Any], language: str
) -> None:
    """A walk: /registry/flags/ in English on a 390 px phone was 433 px wide, its State column cut off."""
    for user, path in (
        (flagged["reviewer"], reverse("placements:flags")),
        (flagged["landlord"], reverse("placements:landlord_inquiries")),
    ):
        page = new_page()
        page.set_viewport_size(PHONE)
        page.context.add_cookies([{"name": "sumai_language", "value": language, "url": live_server.url}])
        log_in(page, user.email)
        page.goto(path)
        expect(page.locator("main table tbody tr").first).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} in {language}: the page is {width}px wide"
        # every cell is inside the screen, the state included
        cells = page.locator("main table tbody td, main table tbody th")
        for i in range(cells.count()):
            box = cells.nth(i).bounding_box()
            assert box is not None
            assert box["x"] >= 0, (path, language, i, box)
            assert box["x"] + box["width"] <= PHONE["width"], (path, language, i, box)
        assert_accessible(page, f"{path} on a phone in {language}")
