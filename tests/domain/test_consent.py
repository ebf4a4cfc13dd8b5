"""Consent to share a household's sensitive data (issue #16, item 4): table and hypothesis properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.domain import consent
from sumai.domain.consent import Category, ConsentFacts, check, may_see, visible_categories

ALL = frozenset(c.value for c in Category)
DAY = date(2026, 12, 5)
consents = st.lists(
    st.builds(
        ConsentFacts,
        organisations=st.frozensets(st.integers(1, 6), max_size=3),
        categories=st.frozensets(st.sampled_from(sorted(ALL)), max_size=5),
        given_on=st.dates(date(2026, 1, 1), date(2027, 12, 31)),
        expires_on=st.none() | st.dates(date(2026, 1, 1), date(2028, 12, 31)),
        withdrawn_at=st.none() | st.just(datetime(2026, 6, 1, tzinfo=UTC)),
    ),
    max_size=4,
)


@given(consents, st.integers(1, 6), st.dates(date(2026, 1, 1), date(2028, 12, 31)))
def test_the_holder_always_sees_everything(cs, holder, on) -> None:  # type: ignore[no-untyped-def]
    assert may_see(viewer=holder, holder=holder, consents=cs, on=on)
    assert visible_categories(viewer=holder, holder=holder, consents=cs, on=on) == ALL


@given(consents, st.integers(7, 9), st.integers(1, 6), st.dates(date(2026, 1, 1), date(2028, 12, 31)))
def test_another_organisation_sees_only_what_consents_in_force_name_it_for(cs, holder, viewer, on) -> None:  # type: ignore[no-untyped-def]
    seen = visible_categories(viewer=viewer, holder=holder, consents=cs, on=on)
    in_force = [c for c in cs if viewer in c.organisations and c.in_force(on)]
    assert seen == frozenset().union(*[c.categories for c in in_force])
    assert may_see(viewer=viewer, holder=holder, consents=cs, on=on) == bool(in_force)


@given(consents, st.integers(1, 6), st.dates(date(2026, 1, 1), date(2028, 12, 31)))
def test_withdrawing_every_consent_leaves_nothing_to_anyone_else(cs, viewer, on) -> None:  # type: ignore[no-untyped-def]
    withdrawn = [
        ConsentFacts(
            c.organisations, c.categories, c.given_on, c.expires_on, datetime(2026, 1, 1, tzinfo=UTC)
        )
        for c in cs
    ]
    assert not may_see(viewer=viewer, holder=99, consents=withdrawn, on=on)
    assert visible_categories(viewer=viewer, holder=99, consents=withdrawn, on=on) == frozenset()


@given(consents, st.integers(1, 6), st.dates(date(2026, 1, 1), date(2028, 12, 31)))
def test_adding_a_consent_never_hides_anything(cs, viewer, on) -> None:  # type: ignore[no-untyped-def]
    before = visible_categories(viewer=viewer, holder=99, consents=cs[:-1], on=on)
    after = visible_categories(viewer=viewer, holder=99, consents=cs, on=on)
    assert before <= after


@pytest.mark.parametrize(
    ("given_on", "expires_on", "on", "in_force"),
    [
        (DAY, None, DAY, True),  # from the day it was given
        (DAY, None, DAY - timedelta(days=1), False),  # not before
        (DAY, DAY + timedelta(days=30), DAY + timedelta(days=29), True),
        (DAY, DAY + timedelta(days=30), DAY + timedelta(days=30), False),  # not on the day it expires
    ],
)
def test_the_period_of_a_consent(given_on, expires_on, on, in_force) -> None:  # type: ignore[no-untyped-def]
    assert ConsentFacts(frozenset({1}), frozenset({"health"}), given_on, expires_on).in_force(on) is in_force


@pytest.mark.parametrize(
    ("kwargs", "problems"),
    [
        ({}, set()),
        ({"method": "verbal", "witness": ""}, {"witness"}),
        ({"method": "telepathy"}, {"method"}),
        ({"categories": []}, set()),  # the record without any sensitive category
        ({"categories": ["shoe_size"]}, {"categories"}),
        ({"organisations": []}, {"organisations"}),
        ({"expires_on": DAY}, {"expires_on"}),
        ({"recorded_on": DAY}, set()),  # given today, recorded today
        ({"recorded_on": DAY + timedelta(days=1)}, set()),  # recorded later
        ({"recorded_on": DAY - timedelta(days=1)}, {"given_on"}),  # "given" tomorrow: refused
    ],
)
def test_what_a_consent_needs(kwargs, problems) -> None:  # type: ignore[no-untyped-def]
    base = {
        "method": "signed_form",
        "witness": "",
        "categories": ["health"],
        "organisations": [1],
        "given_on": DAY,
        "expires_on": None,
    }
    assert set(check(**{**base, **kwargs})) == problems


@given(
    viewer=st.integers(1, 5),
    holder=st.integers(1, 5),
    hidden=st.booleans(),
    circumstances=st.sets(st.sampled_from(["dv_victim", "elderly", "crime_victim", "disability"])),
    categories=st.sets(st.sampled_from([c.value for c in consent.Category])).map(frozenset),
)
def test_a_hidden_households_whereabouts_stay_with_its_holder(
    viewer: int, holder: int, hidden: bool, circumstances: set[str], categories: frozenset[str]
) -> None:
    shown = consent.may_see_whereabouts(
        viewer=viewer, holder=holder, hidden=hidden, circumstances=circumstances, categories=categories
    )
    if viewer == holder:
        assert shown
    elif hidden:
        assert not shown  # no consent opens a hidden household's whereabouts
    elif circumstances & {"dv_victim", "crime_victim"}:
        assert shown is ("dv" in categories)
    else:
        assert shown
