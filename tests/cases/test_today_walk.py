""" "My cases today" for a member who works no case herself: the organisation's overdue and unassigned cases
are shown to those who may assign them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sumai.cases.models import Case, Household, Task
from tests.cases.conftest import SETAGAYA

pytestmark = pytest.mark.django_db


@pytest.fixture
def department(area):  # type: ignore[no-untyped-def]
    """Setagaya's desk: a colleague works two cases with a task overdue; one case nobody works; one case
    closed with an overdue task left (not waiting)."""
    org = area.setagaya_desk
    colleague = area.member(org, "staff")
    today = timezone.localdate()
    made = {}
    for key, caseworker, status in (
        ("late-1", colleague, "searching"),
        ("late-2", colleague, "assessing"),
        ("nobody", None, "new"),
        ("closed", colleague, "closed"),
    ):
        household = Household.objects.create(
            organisation=org, pseudonym=f"世帯 T-{key}", municipality_id=SETAGAYA
        )
        case = Case.objects.create(
            household=household,
            organisation=org,
            caseworker=caseworker,
            status=status,
            closed_at=timezone.now() if status == "closed" else None,
            close_reason="housed_stable" if status == "closed" else "",
        )
        if key != "nobody":
            due = today - timedelta(days=10)
            Task.objects.create(case=case, title=f"書類 {key}", due=due)
            case.next_due = due
            case.save()
        made[key] = case
    return made


def test_my_day_shows_a_staff_member_the_organisations_waiting_work(client, area, department):
    """The walk: /cases/today/ for municipality@demo.sumai.jp said 「0件」 and
    「今日が期限のものはありません」 while the department had 8 cases with a task overdue, all worked by
    colleagues."""
    manager = area.member(area.setagaya_desk, "admin")
    client.force_login(manager)
    client.cookies["sumai_language"] = "en"
    html = client.get(reverse("cases:today")).content.decode()
    assert "Waiting in your organisation:" in html
    assert "2 cases with a task overdue" in html
    assert "1 case nobody works yet" in html
    section = html.split('id="waiting-heading"', 1)[1].split("</section>", 1)[0]
    for key in ("late-1", "late-2", "nobody"):
        assert f"Household T-{key}" in section, key
        assert reverse("cases:case", kwargs={"pk": department[key].pk}) in section
    assert "T-closed" not in section  # a closed case waits for nobody
    colleague = area.member(area.setagaya_desk, "staff")
    assert (colleague.name or colleague.email) in section  # who works it


def test_the_waiting_list_leaves_out_the_askers_own_cases_and_is_not_shown_to_a_viewer(
    client, area, department
):
    colleague = area.member(area.setagaya_desk, "staff")
    client.force_login(colleague)
    client.cookies["sumai_language"] = "en"
    html = client.get(reverse("cases:today")).content.decode()
    section = html.split('id="waiting-heading"', 1)[1].split("</section>", 1)[0]
    assert "T-late-1" not in section  # hers: in her own tasks, above
    assert "T-nobody" in section
    tasks = html.split('id="tasks-heading"', 1)[1].split("</section>", 1)[0]
    assert "書類 late-1" in tasks

    viewer = area.member(area.setagaya_desk, "viewer")
    other = client.__class__()
    other.force_login(viewer)
    html = other.get(reverse("cases:today")).content.decode()
    assert 'id="waiting-heading"' not in html  # a viewer assigns nothing


def test_an_organisation_with_nothing_waiting_says_so_without_a_notice(client, area):
    client.force_login(area.member(area.setagaya_desk, "staff"))
    client.cookies["sumai_language"] = "en"
    html = client.get(reverse("cases:today")).content.decode()
    assert "Waiting in your organisation:" not in html
    section = html.split('id="waiting-heading"', 1)[1].split("</section>", 1)[0]
    assert section.count("None.") == 2


def test_the_waiting_notice_ends_its_sentence_the_japanese_way(client, area, department):
    """The re-walk: the Japanese notice read 「…担当者のいないケース 1件. 下の一覧を見る」 — an English full
    stop inside Japanese."""
    client.force_login(area.member(area.setagaya_desk, "admin"))
    client.cookies["sumai_language"] = "ja"
    html = client.get(reverse("cases:today")).content.decode()
    notice = html.split('<p class="notice">', 1)[1].split("</p>", 1)[0]
    assert "件." not in notice
    assert "件。" in notice
