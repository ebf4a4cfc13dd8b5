"""Designation by the prefecture, the corporation's own pages, the public directory and open data."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sumai.audit.models import AuditEvent
from sumai.core.models import Notification
from sumai.support import selectors
from sumai.support.models import Service, SupportCorporation
from tests.support.conftest import make_corporation

pytestmark = pytest.mark.django_db

APPLICATION = {
    "prefecture": "13",
    "legal_form": "npo",
    "representative": "山田 太郎",
    "postal_code": "154-0001",
    "address": "東京都世田谷区池尻1-1-1",
    "phone": "03-1111-2222",
    "officers_text": "山田 太郎 / 理事長\n佐藤 花子 / 理事",
    "business_plan": "入居相談と見守り",
    "tasks": ["consultation", "living_support"],
}


def login(client, world, kind, role="admin"):  # type: ignore[no-untyped-def]
    client.force_login(world.user(kind, role))
    return client


def test_npo_applies_and_the_prefecture_designates(client, support_world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    w = support_world
    org = w.orgs["support_corporation"]
    login(client, w, "support_corporation")
    url = reverse("support:application", kwargs={"org_id": org.pk})
    assert client.post(url, APPLICATION).status_code == 302
    c = SupportCorporation.objects.get(organisation=org)
    assert c.state == "draft"
    assert c.officers[1] == {"name": "佐藤 花子", "title": "理事"}
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("support:application_step", kwargs={"org_id": org.pk}),
            {"action": "submit", "version": c.version},
        )
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.state == "submitted"
    assert Notification.objects.filter(organisation=w.orgs["authority"]).exists()
    assert any("authority" in m.to[0] for m in mail.outbox)
    # the prefecture (Tokyo) sees it; Hokkaido and Sapporo do not
    client.force_login(w.user("authority", "staff"))
    assert client.get(reverse("support:inbox")).content.decode().count(org.name) >= 1
    client.force_login(w.orgs["hokkaido"].memberships.first().user)
    assert org.name not in client.get(reverse("support:inbox")).content.decode()
    assert client.get(reverse("support:review", kwargs={"pk": c.pk})).status_code == 404
    r = client.post(
        reverse("support:review_decide", kwargs={"pk": c.pk}), {"decision": "designate", "version": c.version}
    )
    assert r.status_code == 404
    # a viewer of the prefecture may read but not decide
    client.force_login(w.user("authority", "viewer"))
    assert client.get(reverse("support:review", kwargs={"pk": c.pk})).status_code == 200
    assert (
        client.post(
            reverse("support:review_decide", kwargs={"pk": c.pk}),
            {"decision": "designate", "version": c.version},
        ).status_code
        == 403
    )
    client.force_login(w.user("authority", "staff"))
    r = client.post(
        reverse("support:review_decide", kwargs={"pk": c.pk}), {"decision": "designate", "version": c.version}
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.state == "designated"
    assert c.designation_number.startswith("13-")
    assert c.designated_on
    actions = list(
        AuditEvent.objects.filter(object_type="support.supportcorporation").values_list("action", "actor")
    )
    assert ("support.submit", w.user("support_corporation").pk) in actions
    assert ("support.designate", w.user("authority", "staff").pk) in actions
    # a stale version loses: no lost update
    r = client.post(
        reverse("support:review_supervise", kwargs={"pk": c.pk}),
        {"action": "revoke", "reason_code": "violation", "version": c.version - 1},
    )
    c.refresh_from_db()
    assert c.state == "designated"


def test_request_changes_and_reject_need_words(client, support_world):  # type: ignore[no-untyped-def]
    w = support_world
    c = make_corporation(w.orgs["support_corporation"], state="submitted")
    client.force_login(w.user("authority", "staff"))
    url = reverse("support:review_decide", kwargs={"pk": c.pk})
    r = client.post(url, {"decision": "request_changes", "version": c.version, "comment": ""})
    assert r.status_code == 400
    assert "法人が直すべき点" in r.content.decode()
    r = client.post(url, {"decision": "reject", "version": c.version, "reason_code": ""})
    assert r.status_code == 400
    r = client.post(
        url, {"decision": "reject", "version": c.version, "reason_code": "unsound_plan", "comment": "x"}
    )
    c.refresh_from_db()
    assert c.state == "rejected"
    assert c.notes.get().reason_code == "unsound_plan"


def test_suspend_resume_revoke_with_reasons(client, support_world):  # type: ignore[no-untyped-def]
    w = support_world
    c = make_corporation(w.orgs["support_corporation"])
    client.force_login(w.user("authority", "staff"))
    url = reverse("support:review_supervise", kwargs={"pk": c.pk})
    assert client.post(url, {"action": "suspend", "version": c.version}).status_code == 400
    client.post(url, {"action": "suspend", "version": c.version, "reason_code": "order"})
    c.refresh_from_db()
    assert c.state == "suspended"
    assert c.suspended_on
    assert selectors.corporations_serving(municipality_code="131121") == []
    client.post(url, {"action": "resume", "version": c.version})
    c.refresh_from_db()
    assert c.state == "designated"
    client.post(url, {"action": "revoke", "version": c.version, "reason_code": "violation"})
    c.refresh_from_db()
    assert c.state == "revoked"
    assert client.get(reverse("support:corporation", kwargs={"pk": c.pk})).status_code == 404


def test_a_corporation_edits_only_itself(client, support_world):  # type: ignore[no-untyped-def]
    w = support_world
    mine = make_corporation(w.orgs["support_corporation"])
    other = make_corporation(w.orgs["other_support"])
    login(client, w, "support_corporation")
    for name in ("application", "services", "area", "capacity", "change_notice", "filings"):
        assert (
            client.get(reverse(f"support:{name}", kwargs={"org_id": mine.organisation_id})).status_code == 200
        )
        assert (
            client.get(reverse(f"support:{name}", kwargs={"org_id": other.organisation_id})).status_code
            == 403
        )
    r = client.post(
        reverse("support:area", kwargs={"org_id": other.organisation_id}), {"municipalities": ["131016"]}
    )
    assert r.status_code == 403
    # a viewer of its own corporation reads but cannot write
    client.force_login(w.user("support_corporation", "viewer"))
    r = client.post(
        reverse("support:area", kwargs={"org_id": mine.organisation_id}), {"municipalities": ["131016"]}
    )
    assert r.status_code == 403


@pytest.mark.parametrize(
    "kind", ["operator", "agent", "municipality", "council", "referral_partner", "national"]
)
def test_others_are_denied_the_prefecture_and_corporation_pages(client, support_world, kind):  # type: ignore[no-untyped-def]
    w = support_world
    c = make_corporation(w.orgs["support_corporation"], state="submitted")
    client.force_login(w.user(kind))
    assert client.get(reverse("support:inbox")).status_code == 403
    assert client.get(reverse("support:review", kwargs={"pk": c.pk})).status_code == 403
    assert client.get(reverse("support:application", kwargs={"org_id": c.organisation_id})).status_code == 403


def test_public_pages_are_anonymous(client, support_world):  # type: ignore[no-untyped-def]
    c = make_corporation(support_world.orgs["support_corporation"])
    draft = make_corporation(support_world.orgs["other_support"], state="submitted")
    for name in ("directory", "export_csv", "export_json", "export_hsds"):
        assert client.get(reverse(f"support:{name}")).status_code == 200
    assert client.get(reverse("support:corporation", kwargs={"pk": c.pk})).status_code == 200
    assert client.get(reverse("support:corporation", kwargs={"pk": draft.pk})).status_code == 404
    response = client.get(reverse("support:inbox"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=")


def test_area_stays_in_the_prefecture(client, support_world):  # type: ignore[no-untyped-def]
    w = support_world
    c = make_corporation(w.orgs["support_corporation"], areas=())
    login(client, w, "support_corporation")
    url = reverse("support:area", kwargs={"org_id": c.organisation_id})
    token = client.get(url).context["form"]["edit_token"].value()
    r = client.post(url, {"municipalities": ["131121", "011002"], "edit_token": token})
    assert r.status_code == 400
    assert client.post(url, {"municipalities": ["131121"], "edit_token": token}).status_code == 302
    assert list(c.service_areas.values_list("municipality_id", flat=True)) == ["131121"]


def test_serving_matches_ward_and_parent_city(support_world):  # type: ignore[no-untyped-def]
    yokohama = make_corporation(support_world.orgs["support_corporation"], prefecture="14", areas=("141003",))
    ward = make_corporation(support_world.orgs["other_support"], prefecture="14", areas=("141011",))
    naka = "141046"  # 横浜市中区
    assert [c.pk for c in selectors.corporations_serving(municipality_code=naka)] == [yokohama.pk]
    nishi = "141038"
    assert {c.pk for c in selectors.corporations_serving(municipality_code="141011")} == {
        yokohama.pk,
        ward.pk,
    }
    assert {c.pk for c in selectors.corporations_serving(municipality_code="141003")} == {
        yokohama.pk,
        ward.pk,
    }
    assert len(selectors.corporations_serving(municipality_code="141003", limit=1)) == 1
    assert nishi


def test_designated_counts(support_world):  # type: ignore[no-untyped-def]
    make_corporation(support_world.orgs["support_corporation"], legal_form="company")
    make_corporation(support_world.orgs["other_support"], state="submitted")
    assert selectors.designated_counts() == [("13", "company", 1)]


def test_directory_filters(client, support_world):  # type: ignore[no-untyped-def]
    a = make_corporation(
        support_world.orgs["support_corporation"], groups=["elderly"], languages=["ja", "vi"]
    )
    b = make_corporation(support_world.orgs["other_support"], tasks=("rent_guarantee",), areas=("131016",))

    def names(**q):  # type: ignore[no-untyped-def]
        return {c.pk for c in selectors.directory(q)}

    assert names(municipality="131121") == {a.pk}
    assert names(task="rent_guarantee") == {b.pk}
    assert names(group="elderly") == {a.pk}
    assert names(language="vi") == {a.pk}
    r = client.get(reverse("support:directory"), {"municipality": "999999"})
    assert r.status_code == 400


def test_stale_capacity_shows_unknown(client, support_world):  # type: ignore[no-untyped-def]
    c = make_corporation(support_world.orgs["support_corporation"])
    today = timezone.localdate()
    Service.objects.filter(corporation=c, task="living_support").update(
        capacity_available=4, capacity_unit="人", capacity_confirmed_on=today - timedelta(days=31)
    )
    Service.objects.filter(corporation=c, task="consultation").update(
        capacity_available=7, capacity_unit="件", capacity_confirmed_on=today - timedelta(days=2)
    )
    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("support:export_csv")).content.decode("utf-8-sig")))
    )
    assert rows[0]["capacity"] == "consultation=7;living_support=unknown"
    html = client.get(reverse("support:corporation", kwargs={"pk": c.pk})).content.decode()
    assert "Unknown" in html or "不明" in html


def test_capacity_form_confirms_today(client, support_world):  # type: ignore[no-untyped-def]
    w = support_world
    c = make_corporation(w.orgs["support_corporation"])
    s = c.services.get(task="living_support")
    login(client, w, "support_corporation")
    url = reverse("support:capacity", kwargs={"org_id": c.organisation_id})
    assert client.post(url, {f"cap_{s.pk}": "-1"}).status_code == 400
    assert client.post(url, {f"cap_{s.pk}": "3", f"unit_{s.pk}": "人"}).status_code == 302
    s.refresh_from_db()
    assert (s.capacity_available, s.capacity_confirmed_on) == (3, timezone.localdate())


def test_csv_has_bom_and_json_matches(client, support_world):  # type: ignore[no-untyped-def]
    c = make_corporation(support_world.orgs["support_corporation"], languages=["ja"])
    body = client.get(reverse("support:export_csv")).content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0]["name"] == c.organisation.name
    assert rows[0]["service_area"] == "131121"
    data = json.loads(client.get(reverse("support:export_json")).content)
    assert data["count"] == 1
    assert data["corporations"][0]["tasks"] == "consultation;living_support"


def test_change_notice_and_filings(client, support_world):  # type: ignore[no-untyped-def]
    w = support_world
    c = make_corporation(w.orgs["support_corporation"])
    login(client, w, "support_corporation")
    r = client.post(
        reverse("support:change_notice", kwargs={"org_id": c.organisation_id}),
        {
            "summary": "代表者の交代",
            "effective_on": "2026-01-01",
            "representative": "佐藤 花子",
            "officers_text": "佐藤 花子 / 理事長",
        },
    )
    assert r.status_code == 302
    c.refresh_from_db()
    notice = c.change_notices.get()
    assert c.representative == "佐藤 花子"
    assert notice.changes["representative"] == ["山田 太郎", "佐藤 花子"]
    r = client.post(
        reverse("support:filings", kwargs={"org_id": c.organisation_id}),
        {"kind": "plan", "fiscal_year": "2025", "text": "計画"},
    )
    assert r.status_code == 302
    filing = c.filings.get()
    client.force_login(w.user("authority", "staff"))
    assert (
        client.post(reverse("support:notice_acknowledge", kwargs={"notice_id": notice.pk})).status_code == 302
    )
    r = client.post(
        reverse("support:filing_decide", kwargs={"filing_id": filing.pk}),
        {"action": "acknowledge", "version": filing.version},
    )
    assert r.status_code == 302
    filing.refresh_from_db()
    notice.refresh_from_db()
    assert filing.state == "acknowledged"
    assert notice.acknowledged_at
