"""Who finds what: the corporation's pages answer only for a support corporation's own members, and a
prefecture's reviewers find only the paperwork of corporations of their own prefecture."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sumai.accounts.models import User
from sumai.support.models import AnnualFiling, ChangeNotice
from tests.support.conftest import make_corporation

pytestmark = pytest.mark.django_db

OWN_PAGES = ("application", "services", "area", "capacity", "change_notice", "filings")


def test_an_organisation_of_another_kind_finds_no_corporation_pages(client, support_world):  # type: ignore[no-untyped-def]
    w = support_world
    council = w.orgs["council"]
    client.force_login(w.user("council", "admin"))
    for name in OWN_PAGES:
        assert client.get(reverse(f"support:{name}", kwargs={"org_id": council.pk})).status_code == 404, name
    # writing is checked first: its admins may not write a corporation's record at all
    r = client.post(reverse("support:application_step", kwargs={"org_id": council.pk}), {"action": "submit"})
    assert r.status_code == 403


def test_before_applying_only_the_application_page_is_there(client, support_world):  # type: ignore[no-untyped-def]
    w = support_world
    org = w.orgs["support_corporation"]
    client.force_login(w.user("support_corporation", "admin"))
    assert client.get(reverse("support:application", kwargs={"org_id": org.pk})).status_code == 200
    for name in OWN_PAGES[1:]:
        assert client.get(reverse(f"support:{name}", kwargs={"org_id": org.pk})).status_code == 404, name
    r = client.post(reverse("support:application_step", kwargs={"org_id": org.pk}), {"action": "submit"})
    assert r.status_code == 404
    # a viewer reads its own application page but takes no step
    client.force_login(w.user("support_corporation", "viewer"))
    assert client.get(reverse("support:application", kwargs={"org_id": org.pk})).status_code == 200
    r = client.post(reverse("support:application_step", kwargs={"org_id": org.pk}), {"action": "submit"})
    assert r.status_code == 403


def test_another_prefecture_finds_no_paperwork(client, support_world):  # type: ignore[no-untyped-def]
    w = support_world
    c = make_corporation(w.orgs["support_corporation"])
    notice = ChangeNotice.objects.create(corporation=c, summary="代表者の交代", effective_on=c.designated_on)
    filing = AnnualFiling.objects.create(
        corporation=c, kind="plan", fiscal_year=2025, text="計画", submitted_at=timezone.now()
    )
    notice_url = reverse("support:notice_acknowledge", kwargs={"notice_id": notice.pk})
    filing_url = reverse("support:filing_decide", kwargs={"filing_id": filing.pk})
    decision = {"action": "acknowledge", "version": filing.version}
    for email in ("hokkaido.reviewer@example.jp", "sapporo.reviewer@example.jp"):
        client.force_login(User.objects.get(email=email))
        assert client.post(notice_url).status_code == 404, email
        assert client.post(filing_url, decision).status_code == 404, email
    # the prefecture's viewer may read the review page but acknowledges nothing
    client.force_login(w.user("authority", "viewer"))
    assert client.post(notice_url).status_code == 403
    assert client.post(filing_url, decision).status_code == 403
    notice.refresh_from_db()
    filing.refresh_from_db()
    assert notice.acknowledged_at is None
    assert filing.state == "submitted"
    # the corporation's own prefecture does
    client.force_login(w.user("authority", "staff"))
    assert client.post(notice_url).status_code == 302
    assert client.post(filing_url, decision).status_code == 302
    notice.refresh_from_db()
    filing.refresh_from_db()
    assert notice.acknowledged_at is not None
    assert filing.state == "acknowledged"
