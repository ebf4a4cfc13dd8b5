"""A yes/no filter says no when a client writes no (found by the walk of 2026-12-06): the API documents them
as booleans, and `vacant=0` selected the vacant homes only, as did `no`, `off` — Django's checkbox takes any
value but "false" for yes."""

from __future__ import annotations

import pytest
from django.http import QueryDict

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
