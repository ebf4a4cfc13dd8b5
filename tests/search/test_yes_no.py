"""A yes/no filter says no when a client writes no (found by the walk of 2026-12-06): the API documents them
as booleans, and `vacant=0` selected the vacant homes only, as did `no`, `off` — Django's checkbox takes any
value but "false" for yes."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.utils.http import urlencode

from sumai.search import selectors

NAMES = ["vacant", "barrier_free", "pets", "dedicated", "no_guarantor"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("value", ["0", "false", "False", "no", "off", "０", "", " 0 "])
def test_a_no_is_no_filter(name: str, value: str) -> None:
    f = selectors.search_filter(QueryDict(f"{name}={value}"))
    assert f.is_valid(), f.form.errors
    assert f.form.cleaned_data[name] in (False, None)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("value", ["on", "1", "true", "True", "yes", "１"])
def test_a_yes_is_the_filter(name: str, value: str) -> None:
    f = selectors.search_filter(QueryDict(f"{name}={value}"))
    assert f.is_valid(), f.form.errors
    assert f.form.cleaned_data[name] is True


@pytest.mark.django_db
def test_the_api_counts_every_home_for_vacant_0(client, stock: object) -> None:  # type: ignore[no-untyped-def]
    every = client.get("/api/v1/units/").json()["count"]
    vacant = client.get("/api/v1/units/?vacant=1").json()["count"]
    assert vacant < every
    assert client.get("/api/v1/units/?vacant=0").json()["count"] == every
    assert client.get("/api/v1/units/?vacant=off").json()["count"] == every


@pytest.mark.django_db
def test_the_page_title_says_more_than_when_the_count_is_capped(client, stock: object, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The heading said "More than 1,000 homes" while the title said "1000 homes found" (the walk)."""
    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    html = client.get("/search/?sort=area").content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("5件以上 · ")
    assert "見つかりました" not in title


@pytest.mark.django_db
def test_the_page_ticks_a_box_the_filter_applies(client, stock: object) -> None:  # type: ignore[no-untyped-def]
    """`vacant=yes` applies the filter; the page's box must show it ticked (it checked only on/true/1)."""
    import re

    html = client.get("/search/?vacant=yes").content.decode()
    (tag,) = re.findall(r'<input[^>]*name="vacant"[^>]*>', html)
    assert "checked" in tag


# --- a value that is neither yes nor no (the API walk of 2026-12-07): `vacant=maybe`, `barrier_free=2` and
# `vacant=はい` were read as yes. They are an error naming the parameter and the values it takes.

NEITHER = ["maybe", "2", "はい", "-1", "truth", "null"]
ACCEPTED_EN = "Not a yes/no value: use true or false (1 or 0, yes or no, on or off also work)."
ACCEPTED_JA = (
    "はい・いいえの値ではありません。"
    "true か false を指定してください（1 と 0、yes と no、on と off も使えます）。"
)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("value", NEITHER)
def test_a_value_that_is_neither_is_an_error_of_the_filter(name: str, value: str) -> None:
    f = selectors.search_filter(QueryDict(urlencode({name: value})))
    assert not f.is_valid()
    assert [str(m) for m in f.form.errors[name]] == [ACCEPTED_EN]


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("value", ["maybe", "2", "はい"])
def test_the_api_answers_400_naming_the_parameter(client, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/units/", {name: value}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"{name}: {ACCEPTED_EN}",
        "field": name,
        "errors": {name: [ACCEPTED_EN]},
    }


@pytest.mark.django_db
def test_the_400_is_in_the_request_s_language(client) -> None:  # type: ignore[no-untyped-def]
    ja = client.get("/api/v1/units/", {"vacant": "maybe"}, HTTP_ACCEPT_LANGUAGE="ja").json()
    assert ja["detail"] == f"vacant: {ACCEPTED_JA}"
    for language in ("ja-x-easy", "ko", "zh-hans", "vi", "pt-br"):
        body = client.get("/api/v1/units/", {"pets": "2"}, HTTP_ACCEPT_LANGUAGE=language).json()
        assert body["field"] == "pets"
        message = body["errors"]["pets"][0]
        assert message not in (ACCEPTED_EN, ACCEPTED_JA), language
        assert "true" in message, language  # the values themselves stay as written
        assert "false" in message, language
        assert "{" not in message  # やさしい日本語: no reading marks in JSON


@pytest.mark.django_db
def test_the_page_says_what_is_wrong_and_leaves_the_box_unticked(client, stock: object) -> None:  # type: ignore[no-untyped-def]
    import re

    response = client.get("/search/?vacant=maybe")
    assert response.status_code == 400
    html = response.content.decode()
    assert "はい・いいえの値ではありません" in html
    (tag,) = re.findall(r'<input[^>]*name="vacant"[^>]*>', html)
    assert "checked" not in tag


@pytest.mark.django_db
def test_the_openapi_document_says_which_values_a_yes_no_filter_takes(client) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/units/"]["get"]["parameters"]}
    for name in NAMES:
        assert parameters[name]["schema"]["type"] == "boolean"
        description = parameters[name]["description"]
        assert "`true` or `false`" in description, name
        assert "400" in description, name
