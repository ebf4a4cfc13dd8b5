"""Routing a request for help (issue #16, item 1): the table of the rules, a property, and the rules applied
to real desks, councils and corporations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.cases import selectors
from sumai.councils.models import Council
from sumai.domain.consultation import Candidates, Route, RouteKind, new_reference, reference_valid, route
from sumai.places.models import Municipality
from tests.cases.conftest import MINATO, SETAGAYA, SHINJUKU

D, MC, PC, SC = (
    RouteKind.MUNICIPAL_DESK,
    RouteKind.MUNICIPAL_COUNCIL,
    RouteKind.PREFECTURAL_COUNCIL,
    RouteKind.SUPPORT_CORPORATION,
)


@pytest.mark.parametrize(
    ("candidates", "picked", "expected"),
    [
        (Candidates((1,), (2,), (3,), (4, 5)), None, Route(D, 1, ())),  # a desk is the front door
        (Candidates((1,), (2,), (3,), (4, 5)), 5, Route(D, 1, ())),  # even when the person picked
        (Candidates((), (2, 7), (3,), (4,)), None, Route(MC, 2, (7,))),  # no desk: the municipal council
        (Candidates((), (), (3,), (4,)), None, Route(PC, 3, ())),  # then the prefectural council
        (Candidates((), (), (), (4, 5, 6)), None, Route(SC, 4, (5, 6))),  # then a corporation
        (Candidates((), (), (), (4, 5, 6)), 5, Route(SC, 5, (4, 6), picked=True)),  # the person's pick
        (Candidates((), (), (), (4, 5)), 9, Route(SC, 4, (5,))),  # a pick that does not serve there
        (Candidates((), (), (), ()), None, None),  # nobody: not routed (the form says whom to call)
        (Candidates((), (), (), ()), 4, None),
    ],
)
def test_the_rules(candidates: Candidates, picked: int | None, expected: Route | None) -> None:
    assert route(candidates, picked_corporation=picked) == expected


ids = st.lists(st.integers(1, 50), unique=True, max_size=4).map(tuple)


@given(ids, ids, ids, ids, st.none() | st.integers(1, 50))
def test_the_receiver_is_of_the_first_level_that_has_one(desks, mcs, pcs, corps, picked) -> None:  # type: ignore[no-untyped-def]
    c = Candidates(desks, mcs, pcs, corps)
    r = route(c, picked_corporation=picked)
    levels = [(D, desks), (MC, mcs), (PC, pcs), (SC, corps)]
    first = next(((kind, level) for kind, level in levels if level), None)
    if first is None:
        assert r is None
        return
    assert r is not None
    kind, level = first
    assert r.kind == kind
    assert r.organisation_id in level
    assert set(r.alternatives) == set(level) - {r.organisation_id}
    assert r.picked == (kind == SC and picked in corps)
    assert route(c, picked_corporation=picked) == r  # the same request always goes to the same place


@given(st.integers(0, 10_000))
def test_references_carry_a_check_character(seed: int) -> None:
    ref = new_reference()
    assert reference_valid(ref)
    assert reference_valid(ref.lower().replace("-", ""))
    body = ref.replace("-", "")
    for i in range(1, len(body)):
        other = "2" if body[i] != "2" else "3"
        assert not reference_valid(body[:i] + other + body[i + 1 :])  # one wrong character is caught


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "receiver", "kind"),
    [
        (SETAGAYA, "setagaya_desk", D),  # Setagaya has a desk
        (MINATO, "minato_council", MC),  # Minato a municipal council
        (SHINJUKU, "tokyo_council", PC),  # Shinjuku only the prefecture's council
    ],
)
def test_real_places(area, code: str, receiver: str, kind: RouteKind) -> None:  # type: ignore[no-untyped-def]
    r = route(selectors.candidates(Municipality.objects.get(pk=code)))
    assert r is not None
    assert (r.kind, r.organisation_id) == (kind, getattr(area, receiver).pk)


@pytest.mark.django_db
def test_without_councils_the_corporations_serving_the_place_and_the_persons_pick(area) -> None:  # type: ignore[no-untyped-def]
    Council.objects.filter(level="prefectural").delete()
    shinjuku = Municipality.objects.get(pk=SHINJUKU)
    c = selectors.candidates(shinjuku)
    assert set(c.corporations) == {area.npo_a.pk, area.npo_b.pk}
    assert route(c, picked_corporation=area.npo_b.pk) == Route(
        SC, area.npo_b.pk, (area.npo_a.pk,), picked=True
    )


@pytest.mark.django_db
def test_a_ward_reaches_the_desk_of_its_designated_city(db) -> None:  # type: ignore[no-untyped-def]
    from tests.cases.conftest import desk

    sapporo = desk("011002", "札幌市")
    r = route(selectors.candidates(Municipality.objects.get(pk="011011")))  # 札幌市中央区
    assert r is not None
    assert r.organisation_id == sapporo.pk
