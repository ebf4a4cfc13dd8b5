"""Support corporations for a household (issue #17, part 1) through the page: a capacity confirmed long ago
is shown as unknown (not as room, not as full), and the ranking of a constructed set of corporations."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sumai.support.models import Service, ServiceArea, SupportCorporation
from tests.cases.conftest import SETAGAYA, SHINJUKU
from tests.factories import OrganisationFactory
from tests.matching.conftest import World
from tests.matching.test_homes import main_text

pytestmark = pytest.mark.django_db

NEEDED = ("living_support", "rent_guarantee")  # help: watch-over, guarantee (matching_2017.toml)


def corporation(
    name: str,
    *,
    tasks: dict[str, tuple[int | None, date | None]],
    serves: str = SETAGAYA,
    languages: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
    state: str = "designated",
) -> SupportCorporation:
    org = OrganisationFactory(kind="support_corporation", name=name, prefecture_id="13")
    c = SupportCorporation.objects.create(
        organisation=org,
        prefecture_id="13",
        legal_form="npo",
        state=state,
        designation_number=f"13-2025-{org.pk:03d}",
        designated_on=date(2025, 4, 1),
        phone="03-1111-2222",
        submitted_at=timezone.now(),
        languages=list(languages),
        groups=list(groups),
    )
    for task, (available, confirmed_on) in tasks.items():
        Service.objects.create(
            corporation=c, task=task, capacity_available=available, capacity_confirmed_on=confirmed_on
        )
    ServiceArea.objects.create(corporation=c, municipality_id=serves)
    return c


@pytest.fixture
def corporations(world: World) -> dict[str, SupportCorporation]:
    today = timezone.localdate()
    fresh, old = today - timedelta(days=3), today - timedelta(days=400)
    both = dict.fromkeys(NEEDED, (None, None))
    return {
        # 45 (both tasks) + 20 (room now) + 15 (Vietnamese) + 20 (older people) = 100
        "all": corporation(
            "NPO法人 ぜんぶ",
            tasks={**both, "living_support": (2, fresh)},
            languages=("vi",),
            groups=("elderly",),
        ),
        # 45 + 0 (room unknown: confirmed 400 days ago) + 15 + 20 = 80
        "stale": corporation(
            "NPO法人 むかし",
            tasks={**both, "living_support": (5, old)},
            languages=("vi",),
            groups=("elderly",),
        ),
        # 45 + 0 (full, confirmed recently) + 15 = 60
        "full": corporation(
            "NPO法人 まんいん", tasks={**both, "living_support": (0, fresh)}, languages=("vi",)
        ),
        # 22.5 (one task of two) + 20 (room) = 42.5
        "half": corporation("NPO法人 はんぶん", tasks={"living_support": (3, fresh)}),
        # not serving Setagaya, or not listed: not shown
        "elsewhere": corporation("NPO法人 とおく", tasks=both, serves=SHINJUKU, languages=("vi",)),
        "draft": corporation("NPO法人 したがき", tasks=both, state="draft", languages=("vi",)),
    }


def support_page(client, world: World) -> str:  # type: ignore[no-untyped-def]
    client.force_login(world.staff)
    url = reverse("matching:support", kwargs={"pk": world.case.pk})
    response = client.get(
        url, {"municipality": SETAGAYA, "help": ["watch_over", "guarantee"], "languages": ["vi"]}
    )
    assert response.status_code == 200
    return response.content.decode()


def panels(page: str) -> dict[str, str]:
    """Each ranked corporation's panel by its name."""
    out = {}
    for chunk in page.split('<li class="panel">')[1:]:
        name = re.search(r"<h2>([^<]+)</h2>", chunk)
        assert name
        out[name.group(1)] = chunk.split("</ol>", 1)[0]
    return out


def test_a_capacity_confirmed_long_ago_is_unknown_not_room(client, world, corporations):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    found = {k: main_text(v) for k, v in panels(support_page(client, world)).items()}
    stale = found["NPO法人 むかし"]
    assert (
        "Room not known, not confirmed within 30 days: Rent-debt guarantee, Watch-over and living support."
        in stale
    )
    assert "Room now" not in stale
    assert "Full now" not in stale
    assert "0.0 / 20" in stale  # the capacity part scores nothing
    assert "Full now, confirmed within 30 days: Watch-over and living support." in found["NPO法人 まんいん"]
    assert (
        "Room now, confirmed within 30 days: Watch-over and living support (2 more)."
        in found["NPO法人 ぜんぶ"]
    )


def test_corporations_are_ranked_by_tasks_room_languages_and_groups(client, world, corporations):
    page = support_page(client, world)
    order = list(panels(page))
    # npo_a of the area fixture serves Setagaya with consultation only: none of the tasks needed, score 0
    assert order == [
        "NPO法人 ぜんぶ",
        "NPO法人 むかし",
        "NPO法人 まんいん",
        "NPO法人 はんぶん",
        "NPO法人 あおば",
    ]
    scores = [re.search(r"<dd>([\d.]+) / 100</dd>", p).group(1) for p in panels(page).values()]  # type: ignore[union-attr]
    assert scores == ["100.0", "80.0", "60.0", "42.5", "0.0"]
    text = main_text(page)
    assert "とおく" not in text
    assert "したがき" not in text
    for code in ("living_support", "rent_guarantee", "elderly", "None", "matching."):
        assert code not in text, code


def test_a_language_score_of_nothing_names_the_language_missing(client, world, corporations):
    """A walk: 'NPO法人 はんぶん' scored 0 for languages and its line read only "Japanese"; it now says it
    does not speak Vietnamese, and one that speaks it names it."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    found = {k: main_text(v) for k, v in panels(support_page(client, world)).items()}
    assert "Does not speak Vietnamese" in found["NPO法人 はんぶん"]
    assert "Vietnamese" in found["NPO法人 ぜんぶ"]
    assert "Does not speak" not in found["NPO法人 ぜんぶ"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    found = {k: main_text(v) for k, v in panels(support_page(client, world)).items()}
    assert "ベトナム語に対応していません" in found["NPO法人 はんぶん"]
