"""The placement pages: the form (full-width digits, errors by field, warnings), the page (home, lease,
subsidies in words, follow-ups), answers and ends through the views, who may see them, the case page's
link."""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from sumai.audit.models import AccessLog
from sumai.cases.models import Case
from sumai.placements.models import Placement
from sumai.placements.words_placements import programme_label, reason_text
from sumai.registry.models import Unit
from tests.factories import OrganisationFactory
from tests.matching.conftest import ADDRESS
from tests.placements.conftest import accepted_inquiry, lease, record, record_moved_in


def new_url(world) -> str:
    return reverse("placements:placement_new", kwargs={"pk": world.case.pk})


def body(unit: Unit, **changes: object) -> dict[str, object]:
    today = timezone.localdate().isoformat()
    data: dict[str, object] = {
        "unit": unit.pk,
        "signed_on": today,
        "start_on": today,
        "move_in_on": today,
        "rent": "50000",
        "common_fee": "3000",
        "deposit": "0",
        "guarantee": "guarantee_company",
        "guarantor": "テスト保証",
        "guarantee_fee": "0",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_home_is_chosen_by_its_registration_number(client, world):
    client.force_login(world.staff)
    unit = world.units["ok_plain"]
    assert client.get(new_url(world)).status_code == 200
    response = client.get(new_url(world), {"registration_number": "１３－" + unit.registration_number[3:]})
    assert response.status_code == 200
    assert unit.building.name in response.content.decode()
    missing = client.get(new_url(world), {"registration_number": "99-99999"})
    assert missing.status_code == 400
    assert "registration number" in missing.content.decode().lower() or "登録番号" in missing.content.decode()


def _more_units(unit: Unit, *numbers: str) -> list[Unit]:
    """Other registered units of the same building and registration."""
    made = []
    for i, number in enumerate(numbers):
        copy = Unit.objects.get(pk=unit.pk)
        copy.pk = None
        copy.number = number
        copy.floor = 1 + i
        copy.save()
        made.append(copy)
    return made


def test_the_unit_of_a_registration_with_several_homes_is_chosen(client, world):
    """A walk: a building of 131 units, chosen by its registration number, always gave its first unit
    「住戸 101」. The caseworker now gives the unit's number (a list of the registration's homes once it
    is known); an unknown or missing number is an error on that field."""
    client.force_login(world.staff)
    unit = world.units["ok_plain"]
    second, third = _more_units(unit, "102", "201")
    number = unit.registration_number
    page = client.get(new_url(world)).content.decode()
    assert "130001-2021-00050" in page  # the example has the registry's format
    assert "13-2026-0001" not in page

    missing = client.get(new_url(world), {"registration_number": number})
    assert missing.status_code == 400
    text = html.unescape(missing.content.decode())
    assert 'href="#id_unit_number"' in text
    assert "住戸番号: この登録には住まいが3件あります。住戸を選んでください。" in text
    assert '<select name="unit_number"' in text
    for u in (unit, second, third):
        assert f'<option value="{u.number}">{u.number}</option>' in text

    unknown = client.get(new_url(world), {"registration_number": number, "unit_number": "999"})
    assert unknown.status_code == 400
    assert "この登録には999号の住まいはありません。" in html.unescape(unknown.content.decode())

    chosen = client.get(new_url(world), {"registration_number": number, "unit_number": "２０１号室"})
    assert chosen.status_code == 200
    assert f'name="unit" value="{third.pk}"' in chosen.content.decode()
    response = client.post(
        new_url(world) + f"?registration_number={number}&unit_number=201", body(third, rent="50000")
    )
    assert response.status_code == 302
    assert Placement.objects.get().unit_id == third.pk


def test_an_accepted_inquiry_prefills_the_unit_and_its_rent(client, world):
    client.force_login(world.staff)
    unit = world.units["ok_cheap"]
    inquiry = accepted_inquiry(world, unit)
    response = client.get(new_url(world), {"inquiry": inquiry.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="40000"' in page
    assert inquiry.reference in page
    response = client.post(
        new_url(world), {**body(unit, rent="４００００"), "unit": "", "inquiry": inquiry.pk}
    )
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.inquiry_id == inquiry.pk
    assert placement.rent == 40_000


def test_full_width_digits_and_japanese_dates_are_read(client, world):
    client.force_login(world.staff)
    unit = world.units["ok_plain"]
    today = timezone.localdate()
    jp = f"{today.year}年{today.month}月{today.day}日".translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    response = client.post(new_url(world), body(unit, rent="５０，０００円", signed_on=jp, move_in_on=jp))
    assert response.status_code == 302, response.content.decode()[:2000]
    placement = Placement.objects.get()
    assert placement.rent == 50_000
    assert placement.move_in_on == today
    assert Unit.objects.get(pk=unit.pk).vacancy == "occupied"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rent": "abc"}, "rent"),
        ({"rent": "0"}, "rent"),
        ({"signed_on": "2026-13-40"}, "signed_on"),
        ({"move_in_on": "2000-01-01"}, "move_in_on"),  # before the signing
        ({"end_on": "2000-01-01"}, "end_on"),  # before the start
        ({"guarantee": "none", "guarantor": "", "guarantee_fee": "1000"}, "guarantee_fee"),
        ({"guarantor": ""}, "guarantor"),
        ({"guarantee": "bogus"}, "guarantee"),
    ],
)
def test_bad_input_is_named_by_its_field_and_nothing_is_written(client, world, changes, field):
    client.force_login(world.staff)
    unit = world.units["ok_plain"]
    response = client.post(new_url(world), body(unit, **changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert Placement.objects.count() == 0
    assert Unit.objects.get(pk=unit.pk).vacancy == "vacant"


def test_dates_out_of_order_name_the_field_in_words(client, world):
    client.force_login(world.staff)
    unit = world.units["ok_plain"]
    today = timezone.localdate()
    response = client.post(
        new_url(world),
        body(
            unit,
            move_in_on=(
                today.replace(day=1) if today.day > 1 else today.replace(year=today.year - 1)
            ).isoformat(),
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "placement.lease" not in page  # no code shown
    assert 'id="id_move_in_on_error"' in page


def test_a_warning_is_shown_and_must_be_acknowledged(client, world):
    client.force_login(world.staff)
    unit = world.units["ok_plain"]
    response = client.post(new_url(world), body(unit, rent="70000"))
    assert response.status_code == 400
    assert 'id="id_acknowledge_error"' in response.content.decode()
    assert client.post(new_url(world), body(unit, rent="70000", acknowledge="on")).status_code == 302


def test_double_placement_is_refused_with_a_clear_message(client, world):
    client.force_login(world.staff)
    unit = world.units["ok_plain"]
    placement = record(world)
    response = client.get(new_url(world), {"registration_number": unit.registration_number})
    page = response.content.decode()
    assert 'id="in-force"' in page
    assert reverse("placements:placement", kwargs={"pk": world.case.pk, "placement": placement.pk}) in page
    response = client.post(new_url(world), body(unit))
    assert response.status_code == 400
    assert Placement.objects.count() == 1


def test_the_tenancy_in_force_is_said_before_the_lease_form_is_filled(client, world):
    """The walk: 「This case already has a tenancy that has not ended」 came only after the whole lease form
    was filled and sent. The form page says it at its top, and offers no form to fill."""
    client.force_login(world.staff)
    placement = record(world)
    inquiry = accepted_inquiry(world, world.units["ok_cheap"])
    for query in (
        {},
        {"inquiry": inquiry.pk},
        {"registration_number": world.units["ok_cheap"].registration_number},
    ):
        response = client.get(new_url(world), query)
        assert response.status_code == 200
        page = response.content.decode()
        assert 'id="in-force"' in page
        assert 'name="signed_on"' not in page
        assert 'name="registration_number"' not in page
        assert placement.move_in_on.isoformat() in page


def test_the_page_shows_the_home_lease_subsidies_in_words_and_follow_ups(client, world):
    client.force_login(world.staff)
    placement = record(world, unit_key="ok_dedicated", rent=56_000)
    url = reverse("placements:placement", kwargs={"pk": world.case.pk, "placement": placement.pk})
    before = AccessLog.objects.count()
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    assert AccessLog.objects.count() == before + 1
    page = response.content.decode()
    unit = world.units["ok_dedicated"]
    assert unit.building.name in page
    assert unit.building.municipality.name in page
    assert ADDRESS not in page  # never the household's old address
    with translation.override("ja"):
        for item in placement.subsidies:
            assert str(programme_label(item["program"])) in page
            for reason in item["reasons"]:
                assert html.escape(reason_text(reason)) in page
    assert "placement.subsidy" not in page
    assert "rent_reduction" not in page
    for f in placement.follow_ups.all():
        assert f.due.strftime("%Y") in page


def test_a_follow_up_answered_on_the_page_moves_the_case(client, world):
    client.force_login(world.staff)
    placement = record_moved_in(world, days_ago=40)
    first = placement.follow_ups.get(months=1)
    url = reverse(
        "placements:followup_answer",
        kwargs={"pk": world.case.pk, "placement": placement.pk, "follow_up": first.pk},
    )
    bad = client.post(url, {"asked_on": timezone.localdate().isoformat(), "holds": "no"})
    assert bad.status_code == 400
    assert 'id="followup_ended_on_error"' in bad.content.decode()
    ok = client.post(url, {"asked_on": timezone.localdate().isoformat(), "holds": "yes"})
    assert ok.status_code == 302
    assert Case.objects.get(pk=world.case.pk).status == "following_up"
    first.refresh_from_db()
    assert first.task.done_at is not None


def test_after_the_last_follow_up_the_page_offers_closing(client, world):
    client.force_login(world.staff)
    placement = record_moved_in(world)
    from sumai.placements import services_placements as services

    for f in placement.follow_ups.order_by("months"):
        services.follow_up_answer(actor=world.staff, follow_up=f, asked_on=timezone.localdate(), holds=True)
    page = client.get(
        reverse("placements:placement", kwargs={"pk": world.case.pk, "placement": placement.pk})
    )
    html = page.content.decode()
    assert reverse("cases:case_status", kwargs={"pk": world.case.pk}) in html
    assert 'value="housed_stable"' in html
    case = Case.objects.get(pk=world.case.pk)
    response = client.post(
        reverse("cases:case_status", kwargs={"pk": case.pk}),
        {"action": "close", "close_reason": "housed_stable", "version": case.version},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).close_reason == "housed_stable"


def test_the_end_of_a_tenancy_through_the_page(client, world):
    client.force_login(world.staff)
    placement = record(world)
    url = reverse("placements:placement_end", kwargs={"pk": world.case.pk, "placement": placement.pk})
    bad = client.post(url, {"ended_on": "2000-01-01", "end_note": "退去", "version": placement.version})
    assert bad.status_code == 400
    assert 'id="end_ended_on_error"' in bad.content.decode()
    ok = client.post(
        url, {"ended_on": timezone.localdate().isoformat(), "end_note": "退去", "version": placement.version}
    )
    assert ok.status_code == 302
    placement.refresh_from_db()
    assert placement.ended_on == timezone.localdate()
    page = client.get(
        reverse("placements:placement", kwargs={"pk": world.case.pk, "placement": placement.pk})
    )
    assert reverse("matching:homes", kwargs={"pk": world.case.pk}) in page.content.decode()


def test_the_case_page_links_to_record_a_placement_and_to_the_placement(client, world):
    client.force_login(world.staff)
    new = reverse("placements:placement_new", kwargs={"pk": world.case.pk})
    case_url = reverse("cases:case", kwargs={"pk": world.case.pk})
    assert new not in client.get(case_url).content.decode()  # a new case has not looked for a home yet
    Case.objects.filter(pk=world.case.pk).update(status="searching")
    assert new in client.get(case_url).content.decode()
    placement = record(world)
    page = client.get(case_url).content.decode()
    assert reverse("placements:placement", kwargs={"pk": world.case.pk, "placement": placement.pk}) in page
    assert new not in page  # the tenancy is current


def _urls(world, placement):
    kw = {"pk": world.case.pk, "placement": placement.pk}
    first = placement.follow_ups.get(months=1)
    return [
        ("get", reverse("placements:placement_new", kwargs={"pk": world.case.pk})),
        ("get", reverse("placements:placement", kwargs=kw)),
        ("post", reverse("placements:followup_answer", kwargs={**kw, "follow_up": first.pk})),
        ("post", reverse("placements:placement_end", kwargs=kw)),
    ]


def test_other_organisations_get_404(client, world, area):
    placement = record(world)
    outsiders = [
        area.member(area.npo_a),  # a support corporation the household was never referred to
        area.member(area.minato_council),
        area.member(
            OrganisationFactory(
                kind="municipality", name="他市", prefecture_id="13", municipality_id="131032"
            )
        ),
    ]
    for user in outsiders:
        client.force_login(user)
        for method, url in _urls(world, placement):
            assert getattr(client, method)(url).status_code in (403, 404), (user, url)


def test_a_corporation_working_a_case_of_a_household_held_elsewhere_gets_404(client, world, area):
    """A corporation sees only households referred to it, and records placements only for households it
    holds: a case of its own for a household the desk holds is not enough."""
    placement = record(world)
    case = Case.objects.create(household=world.household, organisation=area.npo_a)
    client.force_login(area.member(area.npo_a))
    assert client.get(reverse("placements:placement_new", kwargs={"pk": case.pk})).status_code == 404
    assert (
        client.get(
            reverse("placements:placement", kwargs={"pk": case.pk, "placement": placement.pk})
        ).status_code
        == 404
    )


def test_a_viewer_reads_but_does_not_write(client, world, area):
    placement = record(world)
    client.force_login(area.member(area.setagaya_desk, role="viewer"))
    for method, url in _urls(world, placement):
        status = getattr(client, method)(url).status_code
        if url.endswith(f"/placements/{placement.pk}/") and method == "get":
            assert status == 200
        else:
            assert status in (403, 404)


def test_a_get_of_the_answer_and_end_addresses_goes_back_to_the_placement(client, world, area):
    """A walk: a follow-up answer or an end with errors is shown at its POST-only address; a reload with
    Enter or the language switch there gave a blank 405. A GET goes back to the placement page (others: 404);
    the form to record a placement takes GET itself."""
    placement = record(world)
    first = placement.follow_ups.get(months=1)
    page = reverse("placements:placement", kwargs={"pk": world.case.pk, "placement": placement.pk})
    answer = reverse(
        "placements:followup_answer",
        kwargs={"pk": world.case.pk, "placement": placement.pk, "follow_up": first.pk},
    )
    end = reverse("placements:placement_end", kwargs={"pk": world.case.pk, "placement": placement.pk})
    client.force_login(area.member(area.npo_a))
    assert client.get(answer).status_code == 404
    assert client.get(end).status_code == 404
    client.force_login(world.staff)
    assert client.post(answer, {"asked_on": "", "holds": "yes"}).status_code == 400
    back = client.get(answer)
    assert (back.status_code, back["Location"]) == (302, page + "#follow-ups")
    assert client.post(end, {"ended_on": "2000-01-01", "end_note": "退去", "version": 1}).status_code == 400
    back = client.get(end)
    assert back.status_code == 302
    assert back["Location"].startswith(page)
    switched = client.post(reverse("set_language"), {"language": "en", "next": end}, follow=True)
    assert switched.status_code == 200
    assert switched.redirect_chain[-1][0].startswith(page)
    assert client.get(new_url(world)).status_code == 200


def _ids_and_error_links(page: str) -> tuple[Counter[str], list[tuple[str, str]]]:
    """Every id of the page, and each error summary's links with the action of the form that follows it."""
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    links = []
    for summary, action in re.findall(
        r'<div class="error-summary"(.*?)</div>\s*<form method="post" action="([^"]+)"', page, re.S
    ):
        links += [(href, action) for href in re.findall(r'href="#([^"]*)"', summary)]
    return ids, links


def _form_of(page: str, action: str) -> str:
    return page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]


def test_the_placement_page_has_one_id_per_field_and_its_error_links_reach_their_form(client, world):
    """A walk: the placement page carried id_ended_on and id_end_note twice (the follow-up's form and the
    end of the tenancy); the error summary of one form led to the other's field. Each form has its own ids;
    every error link names a field of the form it is about, the radio buttons' first one included."""
    client.force_login(world.staff)
    placement = record_moved_in(world, days_ago=40)
    first = placement.follow_ups.get(months=1)
    answer = reverse(
        "placements:followup_answer",
        kwargs={"pk": world.case.pk, "placement": placement.pk, "follow_up": first.pk},
    )
    end = reverse("placements:placement_end", kwargs={"pk": world.case.pk, "placement": placement.pk})
    page = client.get(
        reverse("placements:placement", kwargs={"pk": world.case.pk, "placement": placement.pk})
    )
    ids, _links = _ids_and_error_links(page.content.decode())
    assert [i for i, n in ids.items() if n > 1] == []
    assert {"followup_ended_on", "followup_end_note", "end_ended_on", "end_end_note"} <= set(ids)

    for url, data, wanted in (
        (
            answer,
            {"asked_on": "", "holds": "no"},
            {"followup_asked_on", "followup_ended_on", "followup_end_note"},
        ),
        (answer, {"asked_on": timezone.localdate().isoformat()}, {"followup_holds_0"}),
        (
            end,
            {"ended_on": "", "end_note": "", "version": placement.version},
            {"end_ended_on", "end_end_note"},
        ),
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        text = response.content.decode()
        ids, links = _ids_and_error_links(text)
        assert [i for i, n in ids.items() if n > 1] == []
        assert {href for href, _action in links} == wanted, links
        for href, action in links:
            assert action == url
            assert f'id="{href}"' in _form_of(text, action), href


def test_before_the_move_in_no_follow_up_answer_is_offered(client, world):
    """A walk: with the move-in in ten days, the follow-up form's 確認した日 was today, which the service
    refuses (「確認した日が入居日（…）より前です」): there is no valid day yet. The page says from when the
    follow-ups are answered instead of offering a form that must fail; from the move-in the form is there,
    its day a valid one (today)."""
    from datetime import timedelta

    client.force_login(world.staff)
    today = timezone.localdate()
    placement = record(world, move_in_on=today + timedelta(days=10), start_on=today + timedelta(days=10))
    first = placement.follow_ups.get(months=1)
    url = reverse("placements:placement", kwargs={"pk": world.case.pk, "placement": placement.pk})
    answer = reverse(
        "placements:followup_answer",
        kwargs={"pk": world.case.pk, "placement": placement.pk, "follow_up": first.pk},
    )
    page = client.get(url).content.decode()
    assert answer not in page
    assert 'name="asked_on"' not in page
    assert 'id="next-follow-up"' in page
    assert first.due.isoformat() in page
    # the service still refuses any day before the move-in
    assert client.post(answer, {"asked_on": today.isoformat(), "holds": "yes"}).status_code == 400

    # once its due day has come, the form is there, its day a valid one (today)
    Placement.objects.filter(pk=placement.pk).update(
        move_in_on=today - timedelta(days=40),
        start_on=today - timedelta(days=40),
        first_consultation_on=today - timedelta(days=60),
    )
    type(first).objects.filter(pk=first.pk).update(due=today)
    page = client.get(url).content.decode()
    assert answer in page
    assert f'name="asked_on" value="{today.isoformat()}"' in page
    assert client.post(answer, {"asked_on": today.isoformat(), "holds": "yes"}).status_code == 302


# ------------------------------------------------------------------------------------ walk fixes (Dec 2026)
def _page(client, world, placement):
    return client.get(
        reverse("placements:placement", kwargs={"pk": world.case.pk, "placement": placement.pk})
    ).content.decode()


def test_the_page_offers_only_the_follow_up_that_is_due(client, world):
    """The walk: with the 1-month follow-up answered, the 6-month one (due months later) was offered at once
    and, once answered, the 12-month one too. Only a follow-up whose due day has come is offered; the page
    says from when the next one is answered."""
    from sumai.placements import services_placements as services

    client.force_login(world.staff)
    placement = record_moved_in(world, days_ago=40)
    first, six = placement.follow_ups.get(months=1), placement.follow_ups.get(months=6)
    services.follow_up_answer(actor=world.staff, follow_up=first, asked_on=timezone.localdate(), holds=True)
    page = _page(client, world, placement)
    six_url = reverse(
        "placements:followup_answer",
        kwargs={"pk": world.case.pk, "placement": placement.pk, "follow_up": six.pk},
    )
    assert six_url not in page
    assert 'name="asked_on"' not in page
    assert 'id="next-follow-up"' in page
    assert six.due.isoformat() in page
    response = client.post(six_url, {"asked_on": timezone.localdate().isoformat(), "holds": "yes"})
    assert response.status_code == 400
    assert 'id="followup_asked_on_error"' in response.content.decode()
    six.refresh_from_db()
    assert six.answered_on is None


def test_after_the_end_the_case_searches_again_and_later_follow_ups_do_not_apply(client, world):
    """The walk: after 「入居の終了を記録する」 the page said to look for a home again, but the case stayed
    「入居後の支援中」 with an empty next-step area, and the 12-month follow-up still said 「まだ」."""
    client.force_login(world.staff)
    placement = record_moved_in(world, days_ago=40)
    url = reverse("placements:placement_end", kwargs={"pk": world.case.pk, "placement": placement.pk})
    response = client.post(
        url,
        {
            "ended_on": timezone.localdate().isoformat(),
            "end_note": "施設に入所",
            "version": placement.version,
        },
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=world.case.pk).status == Case.Status.SEARCHING
    page = _page(client, world, placement)
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", page)
    assert len(rows) == 3
    assert "Not yet" not in page
    assert "まだ" not in page
    with translation.override("ja"):
        from django.utils.translation import gettext

        not_applicable = gettext("Does not apply: the tenancy had ended")
    assert sum(not_applicable in r for r in rows) == 2  # 6 and 12 months; the 1-month was not answered
    case_page = client.get(reverse("cases:case", kwargs={"pk": world.case.pk})).content.decode()
    assert reverse("placements:placement_new", kwargs={"pk": world.case.pk}) in case_page


def test_the_household_that_did_not_move_in_through_the_page(client, world):
    """The walk: before the move-in, ending the placement was refused (before the move-in; after today) and
    the case was stuck. The page offers 'the household did not move in' until the move-in day, asks before
    cancelling, and then shows the placement as cancelled with its follow-ups not applying."""
    from datetime import timedelta

    client.force_login(world.staff)
    today = timezone.localdate()
    placement = record(world, move_in_on=today + timedelta(days=7), start_on=today + timedelta(days=7))
    page = _page(client, world, placement)
    cancel = reverse("placements:placement_cancel", kwargs={"pk": world.case.pk, "placement": placement.pk})
    assert cancel in page
    assert (
        reverse("placements:placement_end", kwargs={"pk": world.case.pk, "placement": placement.pk})
        not in page
    )
    empty = client.post(cancel, {"cancel_note": "", "version": placement.version})
    assert empty.status_code == 400
    assert 'id="cancel_cancel_note_error"' in empty.content.decode()
    asked = client.post(cancel, {"cancel_note": "家族と同居", "version": placement.version})
    assert asked.status_code == 200
    assert 'name="confirmed"' in asked.content.decode()
    assert Placement.objects.get(pk=placement.pk).cancelled_on is None
    done = client.post(
        cancel, {"cancel_note": "家族と同居", "version": placement.version, "confirmed": "yes"}
    )
    assert done.status_code == 302
    assert Placement.objects.get(pk=placement.pk).cancelled_on == today
    assert Case.objects.get(pk=world.case.pk).status == Case.Status.SEARCHING
    page = _page(client, world, placement)
    assert 'id="cancelled"' in page
    assert "家族と同居" in page
    assert cancel not in page
    assert 'name="asked_on"' not in page
    assert reverse("matching:homes", kwargs={"pk": world.case.pk}) in page
    assert client.get(cancel).status_code == 302  # a GET goes back to the placement


def test_the_lease_page_shows_the_rent_reduction_and_dates_as_the_case_pages(client, world):
    """The walk: the rent reduction typed on the form (４，０００) was not on the placement page, and its
    dates read 「2026年12月7日」 / 'Dec. 15, 2026' while the case pages write 2026-12-07."""
    client.force_login(world.staff)
    unit = world.units["ok_plain"]
    response = client.post(new_url(world), body(unit, monthly_reduction="４，０００"), follow=True)
    page = response.content.decode()
    placement = Placement.objects.get()
    assert placement.rent_reduction == 4_000
    assert 'id="rent-reduction">4,000<' in page
    assert placement.move_in_on.isoformat() in page
    assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", page)
    client.cookies["sumai_language"] = "en"
    english = _page(client, world, placement)
    assert not re.search(
        r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}", english
    )
    assert placement.signed_on.isoformat() in english


def test_the_form_from_an_inquiry_takes_the_packages_guarantee_and_corporation(client, parties):
    """The walk: from an accepted inquiry, the guarantee its support package arranged was not pre-filled,
    and the package's support corporation could not be chosen (only those serving the home's municipality
    were listed)."""
    from sumai.placements.models import LandlordInquiry
    from tests.placements.conftest import send

    world = parties.w
    named = OrganisationFactory(kind="support_corporation", name="NPO法人 あおば", prefecture_id="13")
    inquiry = send(parties, world.units["ok_cheap"])
    LandlordInquiry.objects.filter(pk=inquiry.pk).update(state="accepted")
    client.force_login(world.staff)
    page = client.get(new_url(world), {"inquiry": inquiry.pk}).content.decode()
    assert 'value="certified_guarantor" checked' in page or re.search(
        r'value="certified_guarantor"[^>]*checked', page
    )
    assert 'value="あんしん保証"' in page
    assert re.search(rf'<option value="{named.pk}" selected>', page)


def test_lease_warnings_are_shown_beside_their_fields(client, world):
    """The walk: 'the lease starts before it was signed' appeared only in the warnings list above the form;
    and a lease signed before the inquiry was sent was accepted without a word."""
    from datetime import timedelta

    client.force_login(world.staff)
    unit = world.units["ok_cheap"]
    inquiry = accepted_inquiry(world, unit)
    today = timezone.localdate()
    type(inquiry).objects.filter(pk=inquiry.pk).update(sent_on=today)
    Case.objects.filter(pk=world.case.pk).update(opened_at=timezone.now() - timedelta(days=60))
    response = client.post(
        new_url(world),
        {
            **body(unit, rent="40000", signed_on=(today - timedelta(days=5)).isoformat()),
            "start_on": (today - timedelta(days=8)).isoformat(),
            "unit": "",
            "inquiry": inquiry.pk,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_start_on_warning1"' in page
    assert 'id="id_signed_on_warning1"' in page
    assert (
        page.index('id="id_signed_on"')
        < page.index('id="id_signed_on_warning1"')
        < page.index('id="id_start_on"')
    )
    assert Placement.objects.count() == 0


def test_the_form_says_which_inquiries_recording_withdraws(client, parties):
    """The walk: recording a placement left the other inquiries 「回答待ち」; the form now says which it
    withdraws before it is sent."""
    from tests.placements.conftest import send

    world = parties.w
    waiting = send(parties, world.units["ok_plain"])
    client.force_login(world.staff)
    page = client.get(new_url(world), {"registration_number": world.units["ok_cheap"].registration_number})
    text = page.content.decode()
    assert 'id="to-withdraw"' in text
    assert waiting.reference in text


# ---------------------------------------------------------------------------- follow-up tasks on the case
def test_a_follow_up_task_links_to_its_answer_and_is_not_ticked_done(client, world):
    """The walk: on the case page 「入居1か月後の確認」 could be ticked 完了 with the generic task button
    before the move-in: no answer was asked, there was no undo, and the placement still listed the follow-up
    as not answered. A follow-up's task links to its answer (it closes when answered); the generic button
    refuses it."""
    from sumai.cases.models import Task

    client.force_login(world.staff)
    placement = record(world)
    first = placement.follow_ups.get(months=1)
    case_url = reverse("cases:case", kwargs={"pk": world.case.pk})
    page = client.get(case_url).content.decode()
    placement_url = reverse("placements:placement", kwargs={"pk": world.case.pk, "placement": placement.pk})
    assert f'href="{placement_url}#follow-ups"' in page
    done_url = reverse("cases:task_done", kwargs={"pk": world.case.pk, "task_id": first.task_id})
    assert done_url not in page
    response = client.post(done_url)
    assert response.status_code == 302
    assert response["Location"].startswith(placement_url)
    assert Task.objects.get(pk=first.task_id).done_at is None
    # a task of the caseworker's own still has its button
    own = Task.objects.create(case=world.case, title="電話する", due=timezone.localdate())
    page = client.get(case_url).content.decode()
    assert reverse("cases:task_done", kwargs={"pk": world.case.pk, "task_id": own.pk}) in page
    # my day: the same link
    Task.objects.filter(pk=first.task_id).update(due=timezone.localdate(), assignee=world.staff)
    today_page = client.get(reverse("cases:today")).content.decode()
    assert f'href="{placement_url}#follow-ups"' in today_page
    assert done_url not in today_page


def test_matched_homes_ask_no_landlord_for_a_housed_household(client, world):
    """The walk: the matched homes still offered 「家主に照会する」 for a case whose placement is in force."""
    from tests.matching.test_homes import search

    snap = search(client, world)
    page = client.get(reverse("matching:snapshot", kwargs={"pk": world.case.pk, "snapshot": snap.pk}))
    assert reverse("placements:inquiry_new", kwargs={"pk": world.case.pk}) in page.content.decode()
    record(world, unit_key="ok_cheap", rent=40_000)
    page = client.get(
        reverse("matching:snapshot", kwargs={"pk": world.case.pk, "snapshot": snap.pk})
    ).content.decode()
    assert 'id="placed"' in page
    assert reverse("placements:inquiry_new", kwargs={"pk": world.case.pk}) not in page


def test_answering_a_follow_up_of_a_cancelled_placement_says_why_it_is_refused(client, world):
    """After a cancellation the page has no answer form: a stale form's answer is refused in a message."""
    from sumai.placements import services_placements as services

    client.force_login(world.staff)
    placement = record(world)
    first = placement.follow_ups.get(months=1)
    services.placement_cancel(actor=world.staff, placement=placement, note="来なかった")
    url = reverse(
        "placements:followup_answer",
        kwargs={"pk": world.case.pk, "placement": placement.pk, "follow_up": first.pk},
    )
    response = client.post(url, {"asked_on": timezone.localdate().isoformat(), "holds": "yes"}, follow=True)
    assert response.redirect_chain
    assert [str(m) for m in response.context["messages"]]
    first.refresh_from_db()
    assert first.answered_on is None


def test_a_follow_up_task_says_answer_only_once_it_can_be_answered(client, world):
    """The re-walk: the case page offered 「入居後の確認に回答する」 on the 1-, 6- and 12-month tasks the
    day the placement was recorded, and the page it led to said 「まだ（2027-01-07以降に回答）」. Until the
    follow-up opens the task says when it can be answered; once due it offers the answer."""
    client.force_login(world.staff)
    client.cookies["sumai_language"] = "en"
    record(world)  # moved in about now: no follow-up is due
    page = client.get(reverse("cases:case", kwargs={"pk": world.case.pk})).content.decode()
    assert "Answer the follow-up" not in page
    assert "See the follow-up (answered from " in page


def test_a_follow_up_due_offers_its_answer_on_the_case_page(client, world):
    client.force_login(world.staff)
    client.cookies["sumai_language"] = "en"
    placement = record_moved_in(world, days_ago=40)  # the 1-month follow-up is due, the 6-month is not
    page = client.get(reverse("cases:case", kwargs={"pk": world.case.pk})).content.decode()
    assert page.count("Answer the follow-up") == 1, placement.follow_ups.values_list("due", flat=True)
    assert "See the follow-up (answered from " in page


def test_the_watch_over_visits_read_in_the_singular_for_one(client):
    """The re-walk: the flag page's package read "visits 1 times a month" in English."""
    from django.utils import translation

    from sumai.placements.selectors_inquiries import package_view

    watch = {"kind": "support_corporation", "provider": "NPO", "visits_per_month": 1}
    package = {"arrangements": {"watch_over": watch}}
    with translation.override("en"):
        assert "visits 1 time a month" in package_view(package)["watch_over"]
        watch["visits_per_month"] = 2
        assert "visits 2 times a month" in package_view(package)["watch_over"]


def test_an_inquiry_whose_placement_was_cancelled_says_so_on_the_case_page(client, world):
    """The re-walk: after 'the household did not move in', the inquiry the placement came from still read
    「この入居照会から入居が記録されています」 on the case page, as if the household lived there."""
    from datetime import timedelta

    from sumai.placements import services_placements

    client.force_login(world.staff)
    client.cookies["sumai_language"] = "en"
    today = timezone.localdate()
    inquiry = accepted_inquiry(world, world.units["ok_plain"])
    placement = services_placements.placement_record(
        actor=world.staff,
        case=world.case,
        unit=world.units["ok_plain"],
        inquiry=inquiry,
        data=lease(move_in_on=today + timedelta(days=7), start_on=today + timedelta(days=7)),
        acknowledged=True,
    )
    services_placements.placement_cancel(actor=world.staff, placement=placement, note="家族と同居")
    page = client.get(reverse("cases:case", kwargs={"pk": world.case.pk})).content.decode()
    assert "cancelled: the household did not move in" in page
    assert "The placement was recorded from this inquiry." not in page
