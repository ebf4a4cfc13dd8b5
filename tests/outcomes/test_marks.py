"""What the outcome pages say when a figure is 0, hidden, or does not apply; the month still being counted;
place names in rōmaji; households housed against placements (the walk of the public statistics pages)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from sumai.core.labels import GROUP_LABELS
from tests.matrix.test_words import visible_text
from tests.outcomes.builders import CHIYODA, small_world

pytestmark = pytest.mark.django_db
AKITA = {"prefecture": "05"}  # no record at all


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return small_world()


def _get(client, name, kwargs=None, language="en"):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse(name, kwargs=kwargs or {}))


def _text(client, name, kwargs=None, language="en") -> str:  # type: ignore[no-untyped-def]
    return visible_text(_get(client, name, kwargs, language).content.decode())


def _csv(client, name, kwargs=None) -> dict[tuple[str, str], str]:  # type: ignore[no-untyped-def]
    rows = list(csv.reader(io.StringIO(_get(client, name, kwargs).content.decode("utf-8-sig"))))
    return {(r[0], r[2]): r[3] for r in rows[1:]}


def _section(html: str, heading: str) -> str:
    start = html.index(f'id="{heading}"')
    return html[start : html.index("</section>", start)]


def test_a_figure_that_cannot_be_given_says_why_in_a_whole_sentence(world, client) -> None:  # type: ignore[no-untyped-def]
    """The walk: 秋田県 (no move-in) read 「中央値 非表示、100世帯中90世帯が 非表示 以内」,
    "90 in 100 within not shown", 「Inquiries per placement: 非表示（送った照会 0件）」, and a share held
    over 0 placements "not shown". Nothing to measure is "does not apply"; too few is said in a sentence of
    its own."""
    text = _text(client, "outcomes:prefecture", AKITA)
    assert "within not shown" not in text
    assert "From the first consultation to move-in: does not apply, as no household has moved in." in text
    assert "Inquiries to landlords per placement: does not apply, as no household has moved in." in text
    assert "Inquiries sent to landlords: 0" in text
    held = visible_text(_section(_get(client, "outcomes:prefecture", AKITA).content.decode(), "held-heading"))
    assert "not shown" not in held
    assert held.count("does not apply") == 2  # the shares held at 6 and 12 months

    # 千代田区: 3 households housed (fewer than 5)
    text = _text(client, "outcomes:municipality", {"prefecture": "13", "municipality": CHIYODA})
    assert "within not shown" not in text
    assert (
        "From the first consultation to move-in: the median and the days within which 90 in 100 moved in "
        "are not shown, as fewer than 5 households moved in."
    ) in text
    assert "Inquiries to landlords per placement: not shown, as there were fewer than 5 placements." in text


def test_the_groups_table_has_the_same_rows_on_every_page(world, client) -> None:  # type: ignore[no-untyped-def]
    """The walk: a group with no decline in 東京都 was left out of its table (the nation's showed it),
    and 秋田県's table said "no figure to show yet" beside a table of reasons all 0. Every page shows the
    groups of the nation's table; a group with no decline there reads 0."""
    with translation.override("en"):
        groups = [str(GROUP_LABELS["elderly"]), str(GROUP_LABELS["foreign_national"])]
    for kwargs in ({"prefecture": "01"}, AKITA):  # 北海道: declines for no group; 秋田県: no record
        html = _get(client, "outcomes:prefecture", kwargs).content.decode()
        section = _section(html, "reasons-heading")
        assert "groups-caption" in section, kwargs
        for label in groups:
            row = rf'<th scope="row">{re.escape(label)}</th><td class="num">0</td>'
            assert re.search(row, section), label
        assert "No figure to show yet." not in section


def test_does_not_apply_has_a_mark_explained_on_the_page_and_in_the_files(world, client) -> None:  # type: ignore[no-untyped-def]
    """The walk: the corporations' "—" meant "does not apply" only for screen readers; the CSV left it
    empty and explained only "<5" and "x"; the JSON's counts and shares were strings, and a corporation's key
    (its organisation's id) was not the id of its public page (/support/73/)."""
    from sumai.support.models import SupportCorporation

    public = SupportCorporation.objects.create(
        organisation=world.corporation,
        prefecture_id="13",
        legal_form="npo",
        state="designated",
        designation_number="13-1",
        designated_on=date(2021, 4, 1),
    )
    text = _text(client, "outcomes:corporations")
    assert "“—” means the figure does not apply" in text
    assert "What the figures mean" in text
    assert "a figure that does not apply “n/a”" in text

    by = _csv(client, "outcomes:prefecture_csv", AKITA)
    assert by[("05", "Median days from the first consultation to move-in")] == "n/a"
    assert by[("05", "Inquiries per placement")] == "n/a"
    assert by[("05", "Share of tenancies held at 12 months")] == "n/a"
    assert by[("05", "Households housed")] == "0"
    by = _csv(client, "outcomes:prefecture_csv", {"prefecture": "13"})
    assert by[(CHIYODA, "Median days from the first consultation to move-in")] == "x"  # 3 households: hidden

    data = json.loads(_get(client, "outcomes:prefecture_json", AKITA).content)
    total = data["total"]
    assert total["cells"]["housed"] == 0
    assert total["median_days"] is None
    assert total["status"]["median_days"] == "not_applicable"
    assert total["held_share"] == {"6": None, "12": None}
    assert total["status"]["held_share"] == {"6": "not_applicable", "12": "not_applicable"}
    assert set(data["statuses"]) == {"fewer_than_threshold", "not_shown", "not_applicable"}

    data = json.loads(_get(client, "outcomes:prefecture_json", {"prefecture": "13"}).content)
    chiyoda = {p["key"]: p for p in data["parts"]}[CHIYODA]
    assert chiyoda["median_days"] is None
    assert chiyoda["status"]["median_days"] == "fewer_than_threshold"
    assert isinstance(data["total"]["cells"]["housed"], int)

    data = json.loads(_get(client, "outcomes:corporations_json").content)
    parts = {p["name"]: p for p in data["parts"]}
    mine = parts["すまい支援法人"]
    assert mine["organisation_id"] == world.corporation.pk
    assert mine["corporation_id"] == public.pk
    assert mine["page"] == reverse("support:corporation", kwargs={"pk": public.pk})
    assert mine["cells"]["placements"] == 6
    assert mine["status"]["inquiries_per_placement"] == "not_applicable"
    assert parts["No support corporation"]["organisation_id"] is None


def test_the_month_still_being_counted_is_marked(world, client) -> None:  # type: ignore[no-untyped-def]
    """The walk: 「2026年12月: 0」 on 7 December, in the chart and the table, with no sign the month had only
    begun. The table marks it "(in progress)", the chart leaves it out and says so, and the files mark it."""
    today = timezone.localdate()
    with translation.override("en"):
        month = date_format(today.replace(day=1), "YEAR_MONTH_FORMAT")
    html = _get(client, "outcomes:nation").content.decode()
    trend = _section(html, "trend-heading")
    assert re.search(rf'<th scope="row">{month} \(in progress\)</th><td class="num">0</td>', trend)
    chart = trend[trend.index("<svg") : trend.index("</svg>")]
    assert month not in chart
    assert f"{month} is still being counted" in visible_text(trend)
    by = _csv(client, "outcomes:nation_csv")
    assert by[("", f"Households housed in {month} (in progress)")] == "0"
    data = json.loads(_get(client, "outcomes:nation_json").content)
    assert [t["month"] for t in data["trend"] if t["in_progress"]] == [today.strftime("%Y-%m")]


def test_place_names_carry_their_romaji_outside_japanese(world, client) -> None:  # type: ignore[no-untyped-def]
    """The walk: the prefecture chooser and the tables named places in kanji only in English, Vietnamese,
    Portuguese, Korean and Chinese, while the search pages read 「東京都 (Tokyo-to)」."""
    for language in ("en", "vi", "pt-br", "ko", "zh-hans"):
        html = _get(client, "outcomes:nation", language=language).content.decode()
        assert '<option value="13">東京都 (Tokyo-to)</option>' in html, language
        assert ">東京都 (Tokyo-to)</a></th>" in html, language  # the row of the table by prefecture
    text = _text(client, "outcomes:prefecture", {"prefecture": "13"})
    assert "Housing outcomes: 東京都 (Tokyo-to)" in text
    assert "千代田区 (Chiyoda-ku)" in text
    for language in ("ja", "ja-x-easy"):
        html = _get(client, "outcomes:nation", language=language).content.decode()
        assert '<option value="13">東京都</option>' in html
        assert "Tokyo-to" not in html


def test_households_housed_and_placements_are_told_apart(world, client) -> None:  # type: ignore[no-untyped-def]
    """The walk: 「入居した世帯数」 and 「入居件数」 read the same everywhere and nothing said how they
    differ."""
    text = _text(client, "outcomes:nation")
    assert "Households housed: 16" in text
    assert "Placements (moves into a home): 21, of which a household's second or later move: 5" in text
    assert "A household that moved again" in text
