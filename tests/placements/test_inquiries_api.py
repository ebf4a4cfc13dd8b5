"""Inquiries in the API (sumai.placements.api_inquiries): a landlord's system reads only inquiries to its own
homes and only what the consent allowed, answers with its registry token (write scope) through the same
service as the page; a desk's system reads the inquiries of its case."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sumai.accounts.services import api_token_create
from sumai.audit.models import AccessLog
from sumai.placements.models import LandlordInquiry, RefusalFlag
from sumai.registry.models import Unit
from tests.matching.test_api import token as desk_token
from tests.placements.conftest import MEMBER_NAME, Parties, send

pytestmark = pytest.mark.django_db


def landlord_token(
    p: Parties, user: Any, org: Any, scopes: tuple[str, ...] = ("read", "write")
) -> dict[str, str]:
    _t, secret = api_token_create(actor=user, organisation=org, name="賃貸管理システム", scopes=list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def answer(client: Any, inquiry: LandlordInquiry, auth: dict[str, str], **body: Any) -> Any:
    return client.post(
        reverse("api:registry-inquiry-answer", kwargs={"pk": inquiry.pk}),
        body,
        content_type="application/json",
        **auth,
    )


def _admin(p: Parties) -> Any:
    from sumai.accounts.models import Membership

    Membership.objects.filter(user=p.landlord, organisation=p.operator).update(role="admin")
    return p.landlord


def test_the_landlord_reads_its_inquiries_with_only_what_the_consent_allows(
    client: Any, parties: Parties
) -> None:
    inquiry = send(parties)
    auth = landlord_token(parties, _admin(parties), parties.operator)
    response = client.get(reverse("api:registry-inquiry-list"), **auth)
    assert response.status_code == 200, response.content
    [row] = response.json()["results"]
    assert row["reference"] == inquiry.reference
    assert row["household"]["members"] == 2
    assert row["package"]["rent_guarantee"]
    text = response.content.decode()
    for secret in (MEMBER_NAME, parties.w.household.pseudonym, parties.w.household.address, "障害"):
        assert secret not in text
    assert AccessLog.objects.filter(
        object_type="api:registry-inquiry-list", object_id=f"pk={inquiry.pk}"
    ).exists()


def test_another_landlord_sees_nothing_and_cannot_answer(client: Any, parties: Parties) -> None:
    inquiry = send(parties)
    from sumai.accounts.models import Membership

    other = parties.other_landlord
    Membership.objects.filter(user=other).update(role="admin")
    org = other.memberships.get().organisation
    auth = landlord_token(parties, other, org)
    assert client.get(reverse("api:registry-inquiry-list"), **auth).json()["results"] == []
    assert answer(client, inquiry, auth, action="accept").status_code == 404
    inquiry.refresh_from_db()
    assert inquiry.state == "sent"


def test_a_decline_through_the_api_raises_the_flag_and_already_let_marks_the_home(
    client: Any, parties: Parties
) -> None:
    auth = landlord_token(parties, _admin(parties), parties.operator)
    first = send(parties)
    response = answer(client, first, auth, action="decline", reason="lonely_death", version=first.version)
    assert response.status_code == 200, response.content
    first.refresh_from_db()
    assert first.state == "declined"
    assert first.answered_via == "api"
    assert RefusalFlag.objects.filter(inquiry=first).exists()
    assert response.json()["answer"]["decline_reason_text"] != "lonely_death"
    second = send(parties, unit=parties.w.units["ok_cheap"])
    assert answer(client, second, auth, action="decline", reason="already_let").status_code == 200
    assert Unit.objects.get(pk=second.unit_id).vacancy == "occupied"


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"action": "decline"}, "reason", 400),
        ({"action": "decline", "reason": "other"}, "text", 400),
        ({"action": "offer_viewing"}, "viewing", 400),
        ({"action": "maybe"}, "action", 400),
        ({"action": "accept", "colour": "red"}, "colour", 400),
        ({"action": "accept", "version": 99}, "", 409),
    ],
)
def test_bad_answers_are_named_and_change_nothing(
    client: Any, parties: Parties, body: dict[str, Any], field: str, status: int
) -> None:
    inquiry = send(parties)
    response = answer(client, inquiry, landlord_token(parties, _admin(parties), parties.operator), **body)
    assert response.status_code == status, response.content
    assert field in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.state == "sent"


def test_a_read_only_token_may_read_but_not_answer(client: Any, parties: Parties) -> None:
    inquiry = send(parties)
    auth = landlord_token(parties, _admin(parties), parties.operator, ("read",))
    assert client.get(reverse("api:registry-inquiry-list"), **auth).status_code == 200
    assert answer(client, inquiry, auth, action="accept").status_code == 403


def test_the_desk_reads_its_case_inquiries_and_others_get_404(client: Any, parties: Parties) -> None:
    inquiry = send(parties)
    url = reverse("api:case-inquiries", kwargs={"pk": parties.case.pk})
    response = client.get(url, **desk_token(parties.w, parties.w.area.setagaya_desk))
    assert response.status_code == 200
    assert [r["reference"] for r in response.json()] == [inquiry.reference]
    assert response.json()[0]["landlord"]["name"] == parties.operator.name
    assert client.get(url, **desk_token(parties.w, parties.w.area.npo_a)).status_code == 404
