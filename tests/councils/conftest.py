from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from sumai.accounts.models import Membership, Organisation
from sumai.councils.models import Council, CouncilMember, GrantProgramme, Meeting
from tests.factories import OrganisationFactory, UserFactory

PDF = b"%PDF-1.4\n% minutes\n"


def make_council(
    org: Organisation, *, municipalities: list[str] | None = None, founded: date = date(2015, 4, 1)
) -> Council:
    level = Council.Level.MUNICIPAL if municipalities else Council.Level.PREFECTURAL
    council = Council.objects.create(
        organisation=org,
        level=level,
        prefecture_id=org.prefecture_id,
        founded_on=founded,
        secretariat="住宅政策課",
        activities=["information_exchange", "consultation"],
    )
    if municipalities:
        council.municipalities.set(municipalities)
    return council


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def council_world(demo_orgs):  # type: ignore[no-untyped-def]
    """The demo world's council (Tokyo, prefectural) with a profile, members and a public and a private
    meeting; a second council (Setagaya) with its own admin; the FY2022 grant programme open today."""
    world = demo_orgs
    tokyo = make_council(world.orgs["council"])
    CouncilMember.objects.create(council=tokyo, kind="housing_department", name="東京都 住宅政策本部")
    Meeting.objects.create(
        council=tokyo,
        held_on=date(2022, 6, 1),
        title="総会",
        attendees=20,
        minutes="公開の議事",
        is_public=True,
    )
    Meeting.objects.create(
        council=tokyo,
        held_on=date(2022, 9, 1),
        title="幹事会",
        attendees=8,
        minutes="非公開の議事",
        is_public=False,
    )
    other_org = OrganisationFactory(
        kind="council", name="世田谷区居住支援協議会", prefecture_id="13", municipality_id="131121"
    )
    other = make_council(other_org, municipalities=["131121"])
    other_admin = UserFactory(email="setagaya.council@example.jp")
    Membership.objects.create(user=other_admin, organisation=other_org, role="admin")
    world.orgs["other_council"] = other_org
    world.users[("other_council", "admin")] = other_admin
    world.councils = {"tokyo": tokyo, "other": other}
    today = timezone.localdate()
    world.programme = GrantProgramme.objects.create(
        fiscal_year=2022, opens_on=date(today.year - 1, 1, 1), closes_on=date(today.year + 1, 12, 31)
    )
    return world
