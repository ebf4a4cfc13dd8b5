"""Asking for help without an account (issue #16, item 1), and the receiving desk's inbox."""

from __future__ import annotations

from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from sumai.audit.models import AccessLog, AuditEvent
from sumai.cases.models import ConsultationRequest
from sumai.core.models import Notification
from tests.cases.conftest import MINATO, SETAGAYA

pytestmark = pytest.mark.django_db

GOOD = {
    "prefecture": "13",
    "municipality": SETAGAYA,
    "lives_there": "yes",
    "ages": "72、68",
    "situations": ["must_leave", "refused"],
    "leave_by": "2027-03-31",
    "help_wanted": ["homes", "guarantee"],
    "contact_method": "phone",
    "phone": "090-1234-5678",
    "message": "階段のない部屋を探しています。",
    "consent": "on",
}


def test_a_request_reaches_the_desk_of_its_municipality_and_only_that_desk_reads_it(
    client, area, django_capture_on_commit_callbacks
):
    staff = area.member(area.setagaya_desk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:ask"), GOOD)
    item = ConsultationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:asked", kwargs={"reference": item.reference})
    assert item.organisation == area.setagaya_desk
    assert item.route == "municipal_desk"
    assert item.members == [{"age": 72}, {"age": 68}]
    assert not item.urgent
    page = client.get(response["Location"]).content.decode()
    assert item.reference in page
    assert "世田谷区 住まいの相談窓口" in page
    assert "03-5432-1111" in page
    assert "階段のない部屋" not in page  # the page after sending shows nothing the person wrote
    # the desk is told by a notice and an e-mail that carry the reference, never the content
    notice = Notification.objects.get(organisation=area.setagaya_desk)
    assert item.reference in notice.message
    for message in mail.outbox:
        assert "階段のない部屋" not in message.body
        assert "090-1234-5678" not in message.body
    event = AuditEvent.objects.get(action="consultation.create")
    assert "階段" not in str(event.after)
    assert "090" not in str(event.after)

    client.force_login(staff)
    inbox = client.get(reverse("cases:requests")).content.decode()
    assert item.reference in inbox
    detail = client.get(reverse("cases:request", kwargs={"pk": item.pk}))
    assert detail.status_code == 200
    assert "090-1234-5678" in detail.content.decode()
    assert AccessLog.objects.filter(actor=staff).count() == 1  # every view is logged
    client.post(reverse("cases:request_contact", kwargs={"pk": item.pk}))
    item.refresh_from_db()
    assert item.state == "contacted"
    assert item.first_contact_at is not None

    other = area.member(area.minato_council)
    client.force_login(other)
    assert item.reference not in client.get(reverse("cases:requests")).content.decode()
    assert client.get(reverse("cases:request", kwargs={"pk": item.pk})).status_code == 404
    assert client.post(reverse("cases:request_contact", kwargs={"pk": item.pk})).status_code == 404


def test_minato_goes_to_its_council_and_dv_is_urgent(client, area):
    client.post(reverse("cases:ask"), {**GOOD, "municipality": MINATO, "situations": ["dv"], "leave_by": ""})
    item = ConsultationRequest.objects.get()
    assert item.organisation == area.minato_council
    assert item.urgent


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ages": ""}, "ages"),
        ({"ages": "72, abc"}, "ages"),
        ({"ages": "130"}, "ages"),
        ({"ages": ", ".join(["30"] * 13)}, "ages"),
        ({"situations": []}, "situations"),
        ({"situations": ["must_leave"], "leave_by": ""}, "leave_by"),
        ({"help_wanted": []}, "help_wanted"),
        ({"contact_method": "phone", "phone": "12"}, "phone"),
        ({"contact_method": "email", "email": ""}, "email"),
        ({"message": "<script>alert(1)</script>"}, "message"),
        ({"message": "x" * 2001}, "message"),
        ({"consent": ""}, "consent"),
        ({"municipality": "011002"}, "municipality"),  # Sapporo is not in Tokyo
        ({"situations": ["sleeping"]}, "situations"),
    ],
)
def test_bad_input_names_the_field_and_keeps_nothing(client, area, change, field):
    response = client.post(reverse("cases:ask"), {**GOOD, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ConsultationRequest.objects.exists()


def test_full_width_input_is_read(client, area):
    data = {
        **GOOD,
        "ages": "７２　６８歳",
        "contact_method": "email",
        "email": "ｈａｎａ＠ｅｘａｍｐｌｅ．ｊｐ",
    }
    assert client.post(reverse("cases:ask"), data).status_code == 302
    item = ConsultationRequest.objects.get()
    assert item.members == [{"age": 72}, {"age": 68}]
    assert item.email == "hana@example.jp"


def test_a_place_nobody_serves_says_whom_to_call_and_keeps_nothing(client, area):
    from sumai.councils.models import Council

    Council.objects.all().delete()
    response = client.post(reverse("cases:ask"), {**GOOD, "prefecture": "01", "municipality": "012033"})
    assert response.status_code == 400
    assert "小樽市" in response.content.decode()
    assert not ConsultationRequest.objects.exists()


def test_a_honeypot_and_a_flood_are_stopped(client, area, settings):
    assert client.post(reverse("cases:ask"), {**GOOD, "website": "x"}).status_code == 302
    assert not ConsultationRequest.objects.exists()
    from django.core.cache import cache

    cache.clear()
    settings.SUMAI = {**settings.SUMAI, "CONSULTATION_RATE": "2/hour"}
    codes = [client.post(reverse("cases:ask"), GOOD).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_without_javascript_the_municipalities_of_the_prefecture_come_back(client, area):
    response = client.post(reverse("cases:ask"), {"prefecture": "13", "step": "place", "ages": "40"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "世田谷区" in html
    assert 'value="40"' in html
    assert "field-error" not in html


def test_the_corporation_choices_follow_the_municipality(client, area):
    html = client.get(reverse("cases:corporation_options"), {"municipality": SETAGAYA}).content.decode()
    assert "NPO法人 あおば" in html
    assert "NPO法人 わかば" not in html
    html = client.get(reverse("cases:municipality_options"), {"prefecture": "13"}).content.decode()
    assert "世田谷区" in html


def test_an_unknown_reference_says_so(client, area):
    page = client.get(reverse("cases:asked", kwargs={"reference": "S-2222-2222"}))
    assert page.context["found"] is None


def test_a_municipality_admin_runs_its_desk(client, area):
    admin = area.member(area.setagaya_desk, "admin")
    client.force_login(admin)
    url = reverse("cases:desk", kwargs={"org_id": area.setagaya_desk.pk})
    assert client.get(url).status_code == 200
    client.post(
        url, {"name": "せたがや住まい相談", "phone": "03-0000-1111", "hours": "平日", "is_active": ""}
    )
    area.setagaya_desk.desk.refresh_from_db()
    assert area.setagaya_desk.desk.name == "せたがや住まい相談"
    assert not area.setagaya_desk.desk.is_active
    client.logout()
    client.post(reverse("cases:ask"), GOOD)
    assert ConsultationRequest.objects.get().organisation == area.tokyo_council  # the desk is closed


def test_a_phone_typed_with_japanese_dashes_is_stored_plainly_and_the_language_is_a_name(client, area):
    client.cookies["sumai_language"] = "vi"
    client.post(reverse("cases:ask"), {**GOOD, "phone": "０９０−１２３４ー５６７８"})
    item = ConsultationRequest.objects.get()
    assert item.phone == "090-1234-5678"
    assert item.language == "vi"
    client.cookies["sumai_language"] = "ja"
    client.force_login(area.member(area.setagaya_desk))
    html = client.get(reverse("cases:request", kwargs={"pk": item.pk})).content.decode()
    assert "Tiếng Việt" in html
    assert "<dd>vi" not in html


def test_the_inbox_puts_open_requests_first(client, area):
    from django.utils import timezone

    client.post(reverse("cases:ask"), GOOD)
    client.post(reverse("cases:ask"), {**GOOD, "situations": ["homeless"]})
    old, urgent = ConsultationRequest.objects.order_by("pk")
    ConsultationRequest.objects.filter(pk=old.pk).update(state="closed", created_at=timezone.now())
    client.force_login(area.member(area.setagaya_desk))
    rows = list(client.get(reverse("cases:requests")).context["page"].object_list)
    assert [r.pk for r in rows] == [urgent.pk, old.pk]  # the closed one last, however new


def test_the_desks_e_mail_greets_says_what_came_and_links_to_this_server(
    client, area, settings, django_capture_on_commit_callbacks
):
    settings.SUMAI = {**settings.SUMAI, "BASE_URL": "http://127.0.0.1:8701"}
    area.member(area.setagaya_desk)  # someone to write to
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cases:ask"), GOOD)
    item = ConsultationRequest.objects.get()
    assert mail.outbox
    body = mail.outbox[0].body
    assert body.startswith("世田谷区役所 の皆さまへ")
    assert item.reference in body
    assert f"http://127.0.0.1:8701/cases/requests/{item.pk}/" in body
    assert "ログイン" in body
    assert "返信" in body  # replies are not read


# ------------------------------------------------------------------ findings of the walk by a newcomer
def _checked(html: str, attrs: str) -> bool:
    import re

    tag = next(t for t in re.findall(r"<input[^>]*>", html) if attrs in t)
    return " checked" in tag


def _flood(settings, **rates):  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    settings.SUMAI = {**settings.SUMAI, **rates}


def test_over_the_limit_the_form_comes_back_with_everything_typed_and_when_to_send_again(
    client, area, settings
):
    _flood(settings, CONSULTATION_RATE="1/hour")
    assert client.post(reverse("cases:ask"), GOOD).status_code == 302
    data = {**GOOD, "name": "山田 花子", "contact_times": "平日の午後"}
    response = client.post(reverse("cases:ask"), data)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'tabindex="-1"' in html
    for typed in (
        "72、68",
        "090-1234-5678",
        "山田 花子",
        "平日の午後",
        "階段のない部屋を探しています。",
        "2027-03-31",
    ):
        assert typed in html, typed
    form = response.context["form"]
    assert str(form["municipality"].value()) == SETAGAYA
    assert _checked(html, 'name="situations" value="refused"')
    assert _checked(html, 'name="help_wanted" value="guarantee"')
    assert _checked(html, 'name="consent"')
    assert not _checked(html, 'name="situations" value="homeless"')
    assert ConsultationRequest.objects.count() == 1  # nothing half-written


def test_invalid_submissions_do_not_use_up_the_limit_of_stored_requests(client, area, settings):
    _flood(settings, CONSULTATION_RATE="2/hour", CONSULTATION_POST_RATE="50/hour")
    codes = [client.post(reverse("cases:ask"), {**GOOD, "phone": "12"}).status_code for _ in range(9)]
    assert codes == [400] * 9
    codes = [client.post(reverse("cases:ask"), GOOD).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert ConsultationRequest.objects.count() == 2


def test_a_place_nobody_serves_does_not_use_up_the_limit(client, area, settings):
    from sumai.councils.models import Council

    _flood(settings, CONSULTATION_RATE="1/hour")
    Council.objects.all().delete()
    otaru = {**GOOD, "prefecture": "01", "municipality": "012033"}
    assert [client.post(reverse("cases:ask"), otaru).status_code for _ in range(3)] == [400] * 3
    assert client.post(reverse("cases:ask"), GOOD).status_code == 302


def test_every_post_has_a_higher_bound_and_the_form_still_comes_back(client, area, settings):
    _flood(settings, CONSULTATION_RATE="10/hour", CONSULTATION_POST_RATE="3/hour")
    codes = [client.post(reverse("cases:ask"), {**GOOD, "phone": "12"}).status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]
    html = client.post(reverse("cases:ask"), {**GOOD, "ages": "35"}).content.decode()
    assert 'value="35"' in html
    assert 'id="error-summary"' in html
    assert "field-error" not in html  # what was typed, not yet judged
    assert not ConsultationRequest.objects.exists()


def test_municipalities_carry_their_romaji_on_pages_in_other_languages(client, area):
    for language in ("vi", "en", "pt-br", "ko", "zh-hans"):
        client.cookies["sumai_language"] = language
        options = client.get(reverse("cases:municipality_options"), {"prefecture": "13"}).content.decode()
        assert "千代田区 (Chiyoda-ku)" in options, language
        assert "世田谷区 (Setagaya-ku)" in options, language
        page = client.get(reverse("cases:ask"), {"prefecture": "13"}).content.decode()
        assert "千代田区 (Chiyoda-ku)" in page, language
        wards = client.get(reverse("cases:municipality_options"), {"prefecture": "01"}).content.decode()
        assert "札幌市北区 (Sapporo-shi Kita-ku)" in wards, language  # a ward: its city, then its own name
    for language in ("ja", "ja-x-easy"):
        client.cookies["sumai_language"] = language
        options = client.get(reverse("cases:municipality_options"), {"prefecture": "13"}).content.decode()
        assert ">千代田区<" in options
        assert "Chiyoda" not in options


def test_every_required_question_is_marked_and_consent_has_a_short_name_in_the_error_list(client, area):
    html = client.get(reverse("cases:ask")).content.decode()
    for legend in ("What is your situation?", "What help do you want?"):
        client.cookies["sumai_language"] = "en"
        html = client.get(reverse("cases:ask")).content.decode()
        assert f'{legend} <span class="required">※</span></legend>' in html, legend
    assert '<span class="required">※</span></label>' in html.split('id="id_consent"')[1][:400]
    response = client.post(reverse("cases:ask"), {"prefecture": "13"})
    summary = response.content.decode().split('id="error-summary"')[1].split("</div>")[0]
    assert ">Consent: " in summary
    assert "I agree that the desk" not in summary
    assert "What is your situation?: " in summary
    assert "What help do you want?: " in summary


def test_what_happens_next_has_a_tel_link_and_says_what_the_desk_and_its_hours_are(client, area):
    client.cookies["sumai_language"] = "vi"
    location = client.post(reverse("cases:ask"), GOOD)["Location"]
    html = client.get(location).content.decode()
    assert '<a href="tel:0354321111">03-5432-1111</a>' in html
    assert "平日9時〜17時" in html
    hours = html.split('class="receiver-hours">')[1].split("</p>")[0]
    assert hours != "(平日9時〜17時)"
    assert hours.endswith("平日9時〜17時")
    client.cookies["sumai_language"] = "en"
    html = client.get(location).content.decode()
    assert "Opening hours: 平日9時〜17時" in html
    assert "世田谷区 住まいの相談窓口 (the municipality's desk for housing help) received" in unescape(html)
    client.cookies["sumai_language"] = "ja"
    html = client.get(location).content.decode()
    assert '<a href="tel:0354321111">03-5432-1111</a>' in html


def test_tel_digits():
    from sumai.cases.selectors import tel_digits

    assert tel_digits("03-5432-1111") == "0354321111"
    assert tel_digits("０３（５４３２）１１１１") == "0354321111"
    assert tel_digits("+81 3-5432-1111") == "+81354321111"
    assert tel_digits("") == ""


def test_the_form_shown_again_after_sending_says_it_was_sent(client, area):
    location = client.post(reverse("cases:ask"), GOOD)["Location"]
    reference = ConsultationRequest.objects.get().reference
    assert reference in location
    client.cookies["sumai_language"] = "en"
    response = client.get(reverse("cases:ask"), {"sent": reference})
    html = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert f"Your request {reference} has already been sent" in html
    assert "72、68" not in html
    assert (
        "has already been sent"
        not in client.get(reverse("cases:ask"), {"sent": "S-2222-2222"}).content.decode()
    )
