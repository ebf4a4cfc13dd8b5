"""Activity grants through the pages: a council applies within its cap, over-cap amounts are refused with a
message naming the field, the ministry decides never over the cap, and every step is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from sumai.audit.models import AuditEvent
from sumai.core.access import access_for
from sumai.councils import selectors
from sumai.councils.models import GrantApplication


def _apply(client, applicant, **amounts):  # type: ignore[no-untyped-def]
    data = {
        "applicant": applicant.pk,
        "plan": "相談窓口の開設と内覧同行",
        **{f"amount_{k}": v for k, v in amounts.items()},
    }
    return client.post(reverse("councils:application_new", kwargs={"year": 2022}), data)


@pytest.mark.django_db
def test_a_council_applies_submits_and_the_ministry_grants(client, council_world):
    client.force_login(council_world.user("council", "staff"))
    form = client.get(reverse("councils:application_new", kwargs={"year": 2022})).content.decode()
    assert "amount_pre_move_in" in form
    assert "amount_local_model" not in form  # ⑥ is for local governments
    response = _apply(client, council_world.orgs["council"], pre_move_in=4_000_000, seminars=1_500_000)
    assert response.status_code == 302
    application = GrantApplication.objects.get()
    assert application.state == "draft"
    assert application.requested_total == 5_500_000
    assert application.cap == 10_000_000
    client.post(reverse("councils:application_submit", kwargs={"pk": application.pk}), {"version": 1})
    application.refresh_from_db()
    assert application.state == "submitted"

    client.force_login(council_world.user("national", "staff"))
    url = reverse("councils:application_decide", kwargs={"pk": application.pk})
    over = client.post(
        url, {"decision": "grant", "granted_amount": 5_500_001, "decided_on": "2022-07-01", "version": 2}
    )
    assert over.status_code == 400
    assert "granted_amount" in over.content.decode()
    application.refresh_from_db()
    assert application.state == "submitted"
    ok = client.post(
        url, {"decision": "grant", "granted_amount": 5_000_000, "decided_on": "2022-07-01", "version": 2}
    )
    assert ok.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.granted_amount, application.decided_on) == (
        "granted",
        5_000_000,
        date(2022, 7, 1),
    )
    actions = list(
        AuditEvent.objects.filter(object_type="councils.grantapplication")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["grant.application_create", "grant.application_submit", "grant.application_decide"]
    # the programme page publishes the grant
    page = client.get(reverse("councils:programme", kwargs={"year": 2022})).content.decode()
    assert council_world.orgs["council"].name in page


@pytest.mark.django_db
def test_over_cap_amounts_are_refused_naming_the_field(client, council_world):
    client.force_login(council_world.user("council", "admin"))
    response = _apply(client, council_world.orgs["council"], pre_move_in=6_000_000, network=4_000_001)
    assert response.status_code == 400
    text = response.content.decode()
    assert "10,000,000" in text
    assert not GrantApplication.objects.exists()
    # with a raised-limit activity the same total is within the cap of 12,000,000 yen
    response = client.post(
        reverse("councils:application_new", kwargs={"year": 2022}),
        {
            "applicant": council_world.orgs["council"].pk,
            "plan": "外国人の入居支援",
            "enhancements": ["foreign_residents"],
            "amount_pre_move_in": 6_000_000,
            "amount_network": 4_000_001,
        },
    )
    assert response.status_code == 302
    assert GrantApplication.objects.get().cap == 12_000_000


@pytest.mark.django_db
def test_a_support_corporation_may_not_claim_the_local_government_category(council_world):
    from django.core.exceptions import ValidationError

    from sumai.core.access import Access, Grant
    from sumai.councils import services

    org = council_world.orgs["support_corporation"]
    actor = services.Actor(
        council_world.user("support_corporation", "admin"),
        Access(True, False, (Grant(org.pk, "support_corporation", "admin"),)),
    )
    with pytest.raises(ValidationError) as exc:
        services.application_save(
            actor=actor,
            programme=council_world.programme,
            applicant=org,
            plan="x",
            amounts={"local_model": 1_000_000},
            enhancements=[],
        )
    assert "amount_local_model" in exc.value.error_dict


@pytest.mark.django_db
def test_the_database_refuses_a_grant_over_the_cap(council_world):
    application = GrantApplication.objects.create(
        programme=council_world.programme,
        applicant=council_world.orgs["council"],
        recipient_kind="council",
        state="submitted",
        plan="x",
        amounts={"pre_move_in": 10_000_000},
        requested_total=10_000_000,
        cap=10_000_000,
    )
    application.state = "granted"
    application.granted_amount = 10_000_001
    application.decided_on = date(2022, 7, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        application.save()


@pytest.mark.django_db
def test_a_closed_programme_refuses_submission_and_a_decided_one_cannot_be_withdrawn(client, council_world):
    programme = council_world.programme
    client.force_login(council_world.user("council", "admin"))
    _apply(client, council_world.orgs["council"], pre_move_in=1_000_000)
    application = GrantApplication.objects.get()
    programme.closes_on = date(2022, 5, 31)
    programme.opens_on = date(2022, 4, 1)
    programme.save()
    client.post(reverse("councils:application_submit", kwargs={"pk": application.pk}), {"version": 1})
    application.refresh_from_db()
    assert application.state == "draft"
    GrantApplication.objects.filter(pk=application.pk).update(
        state="rejected", decided_on=date(2022, 7, 1), decision_note="x"
    )
    client.post(reverse("councils:application_withdraw", kwargs={"pk": application.pk}), {"version": 1})
    application.refresh_from_db()
    assert application.state == "rejected"


@pytest.mark.django_db
def test_the_ministry_opens_a_programme_only_for_a_year_with_parameters(client, council_world):
    client.force_login(council_world.user("national", "admin"))
    response = client.post(
        reverse("councils:programme_new"),
        {"fiscal_year": 2022, "opens_on": "2022-04-01", "closes_on": "2022-05-01"},
    )
    assert response.status_code == 400  # FY2022 already exists
    response = client.post(
        reverse("councils:programme_new"),
        {"fiscal_year": 2019, "opens_on": "2019-04-01", "closes_on": "2019-05-01"},
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_refusal_needs_reasons(client, council_world):
    application = GrantApplication.objects.create(
        programme=council_world.programme,
        applicant=council_world.orgs["council"],
        recipient_kind="council",
        state="submitted",
        plan="x",
        amounts={"pre_move_in": 1_000_000},
        requested_total=1_000_000,
        cap=10_000_000,
    )
    client.force_login(council_world.user("national", "staff"))
    url = reverse("councils:application_decide", kwargs={"pk": application.pk})
    response = client.post(url, {"decision": "reject", "decided_on": "2022-07-01", "version": 1})
    assert response.status_code == 400
    response = client.post(
        url, {"decision": "reject", "decided_on": "2022-07-01", "version": 1, "note": "計画が不明確"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "rejected"


@pytest.mark.django_db
def test_the_ministry_does_not_read_another_organisations_draft(client, council_world):
    """#13: a draft is the applicant's own until it is submitted; the deciding ministry sees it only then."""
    client.force_login(council_world.user("council", "staff"))
    assert _apply(client, council_world.orgs["council"], pre_move_in=1_000_000).status_code == 302
    application = GrantApplication.objects.get()
    assert application.state == "draft"
    client.force_login(council_world.user("national", "staff"))
    url = reverse("councils:application", kwargs={"pk": application.pk})
    assert client.get(url).status_code == 404
    ministry = access_for(client.get(reverse("councils:grants")).wsgi_request)
    assert application not in list(selectors.applications_for(visible_to=ministry))
    GrantApplication.objects.filter(pk=application.pk).update(state="submitted")
    assert client.get(url).status_code == 200
