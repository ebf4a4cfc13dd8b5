"""Two staff editing one support corporation's services or area: the second save is refused (issue 13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sumai.support.models import SupportCorporation
from tests.otp import VerifiedClient as Client
from tests.support.conftest import make_corporation

CONFLICT = "編集中に他の人がこの記録を保存しました"


def _two(world, url):  # type: ignore[no-untyped-def]
    clients = [Client(), Client()]
    clients[0].force_login(world.user("support_corporation", "admin"))
    clients[1].force_login(world.user("support_corporation", "staff"))
    return [(c, c.get(url).context["form"]["edit_token"].value()) for c in clients]


@pytest.mark.django_db
def test_the_second_services_edit_is_refused(support_world):
    c = make_corporation(support_world.orgs["support_corporation"])
    url = reverse("support:services", kwargs={"org_id": c.organisation_id})
    (first, t1), (second, t2) = _two(support_world, url)
    assert first.post(url, {"description": "一人目", "edit_token": t1}).status_code == 302
    refused = second.post(url, {"description": "二人目", "edit_token": t2})
    assert refused.status_code == 409
    assert CONFLICT in refused.content.decode()
    assert SupportCorporation.objects.get(pk=c.pk).description == "一人目"


@pytest.mark.django_db
def test_the_second_area_edit_is_refused(support_world):
    c = make_corporation(support_world.orgs["support_corporation"], areas=())
    url = reverse("support:area", kwargs={"org_id": c.organisation_id})
    (first, t1), (second, t2) = _two(support_world, url)
    assert first.post(url, {"municipalities": ["131121"], "edit_token": t1}).status_code == 302
    refused = second.post(url, {"municipalities": ["131130"], "edit_token": t2})
    assert refused.status_code == 409
    assert CONFLICT in refused.content.decode()
    assert list(c.service_areas.values_list("municipality_id", flat=True)) == ["131121"]
