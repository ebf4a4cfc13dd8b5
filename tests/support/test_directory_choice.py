"""The public support directory (issue #14, item 11): the municipality is chosen by name (typing 世田谷区
finds the corporations serving it instead of a 400), and the public can ask for corporations that can take
someone now, in a language, for a task."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sumai.support import selectors
from sumai.support.models import Service
from tests.support.conftest import make_corporation

pytestmark = pytest.mark.django_db


def _listed(html: str) -> list[str]:
    return re.findall(r'class="support-name" href="/support/(\d+)/"', html)


@pytest.mark.parametrize("typed", ["世田谷区", "東京都世田谷区", "131121", "１３１１２１", " 世田谷区 "])
def test_a_municipality_given_by_name_or_code_finds_the_corporations_serving_it(client, support_world, typed):
    serving = make_corporation(support_world.orgs["support_corporation"], areas=("131121",))
    make_corporation(support_world.orgs["other_support"], areas=("131016",))
    response = client.get(reverse("support:directory"), {"municipality": typed})
    assert response.status_code == 200
    assert _listed(response.content.decode()) == [str(serving.pk)]


@pytest.mark.parametrize(
    ("typed", "words"), [("ほげ市", "「ほげ市」という市区町村はありません"), ("伊達市", "「伊達市」")]
)
def test_an_unknown_or_ambiguous_name_is_refused_with_words(client, support_world, typed, words):
    response = client.get(reverse("support:directory"), {"municipality": typed}, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 400
    assert words in response.content.decode()


def test_the_form_offers_the_municipalities_of_the_prefecture_by_name(client, support_world):
    html = client.get(reverse("support:directory"), {"municipality": "131121"}).content.decode()
    assert '<option value="13" selected>東京都</option>' in html
    assert '<option value="131121" selected>世田谷区</option>' in html
    assert "6 digits" not in html
    assert "6桁" not in html
    options = client.get(reverse("places:municipality_options"), {"prefecture": "13", "anywhere": "1"})
    assert "都道府県内のどこでも" in options.content.decode()


def test_can_take_someone_now_counts_only_fresh_room_for_the_task(client, support_world):
    today = timezone.localdate()
    room = make_corporation(support_world.orgs["support_corporation"])
    stale = make_corporation(support_world.orgs["other_support"])
    Service.objects.filter(corporation=room, task="living_support").update(
        capacity_available=3, capacity_confirmed_on=today - timedelta(days=selectors.capacity_days())
    )
    Service.objects.filter(corporation=stale, task="living_support").update(
        capacity_available=9, capacity_confirmed_on=today - timedelta(days=selectors.capacity_days() + 1)
    )
    Service.objects.filter(corporation=stale, task="consultation").update(
        capacity_available=0, capacity_confirmed_on=today
    )

    def found(**query: str) -> set[int]:
        return {c.pk for c in selectors.directory(query)}

    assert found(capacity="on") == {room.pk}
    assert found(capacity="on", task="living_support") == {room.pk}
    assert found(capacity="on", task="consultation") == set()  # room for another task is not room for this
    html = client.get(reverse("support:directory"), {"capacity": "on"}).content.decode()
    assert _listed(html) == [str(room.pk)]
    assert f"直近{selectors.capacity_days()}日以内" in html
