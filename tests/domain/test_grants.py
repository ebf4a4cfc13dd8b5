"""Activity grants (居住支援協議会等活動支援事業): the FY2022 caps of the seed, in tables, and the property
that a decision the rules accept never exceeds the cap."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.domain import grants
from sumai.domain.errors import InputError, ParameterError

FY2022 = grants.rules_for(2022)
ALL_ENHANCEMENTS = [e.value for e in grants.Enhancement]


def test_fy2022_parameters_are_the_seeds():
    assert FY2022.base_cap == 10_000_000
    assert FY2022.enhanced_cap == 12_000_000
    assert [c.number for c in FY2022.categories] == [1, 2, 3, 4, 5, 6]
    assert [c.code for c in FY2022.categories] == [c.value for c in grants.Category]
    assert set(FY2022.enhancements) == set(ALL_ENHANCEMENTS)
    assert set(FY2022.recipients) == {r.value for r in grants.Recipient}
    assert "p.14" in FY2022.source
    assert 2022 in grants.available_years()


def test_no_parameters_outside_the_files():
    with pytest.raises(ParameterError):
        grants.rules_for(2019)


@pytest.mark.parametrize(
    ("recipient", "enhancements", "expected"),
    [
        ("council", [], 10_000_000),
        ("support_corporation", [], 10_000_000),
        ("local_government", [], 10_000_000),
        ("council", ["foreign_residents"], 12_000_000),
        ("support_corporation", ["loneliness_watch_over"], 12_000_000),
        ("support_corporation", ["sublease_support_housing"], 12_000_000),
        ("council", ["outreach"], 12_000_000),
        ("support_corporation", ["post_move_in_partnering"], 12_000_000),
        # several raised-limit activities do not add up: one raised limit per body
        ("support_corporation", ALL_ENHANCEMENTS, 12_000_000),
    ],
)
def test_fy2022_caps(recipient, enhancements, expected):
    assert grants.cap(FY2022, recipient=recipient, enhancements=enhancements) == expected


@pytest.mark.parametrize(
    ("recipient", "enhancements", "amounts", "ok", "codes"),
    [
        ("council", [], {"pre_move_in": 4_000_000, "seminars": 1_000_000}, True, []),
        ("council", [], {"pre_move_in": 10_000_000}, True, []),
        ("council", [], {"pre_move_in": 10_000_001}, False, ["grant.application.over_cap"]),
        ("council", ["outreach"], {"pre_move_in": 6_000_000, "network": 6_000_000}, True, []),
        (
            "council",
            ["outreach"],
            {"pre_move_in": 6_000_000, "network": 6_000_001},
            False,
            ["grant.application.over_cap"],
        ),
        ("support_corporation", [], {"during_tenancy": 0}, False, ["grant.application.empty"]),
        (
            "support_corporation",
            [],
            {"local_model": 1_000_000},
            False,
            ["grant.category.not_open_to_recipient"],
        ),
        ("local_government", [], {"local_model": 1_000_000}, True, []),
    ],
)
def test_fy2022_applications(recipient, enhancements, amounts, ok, codes):
    check = grants.check_application(FY2022, recipient=recipient, amounts=amounts, enhancements=enhancements)
    assert check.ok is ok
    assert [f.code for f in check.findings] == codes
    assert check.requested_total == sum(amounts.values())


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("amounts.pre_move_in", {"amounts": {"pre_move_in": -1}}),
        ("amounts.garden_party", {"amounts": {"garden_party": 1}}),
        ("recipient", {"recipient": "landlord", "amounts": {"pre_move_in": 1}}),
        ("enhancements", {"enhancements": ["gold_plating"], "amounts": {"pre_move_in": 1}}),
    ],
)
def test_bad_input_names_the_field(field, kwargs):
    kwargs.setdefault("recipient", "council")
    with pytest.raises(InputError) as exc:
        grants.check_application(FY2022, **kwargs)
    assert exc.value.field == field


@pytest.mark.parametrize(
    ("enhancements", "requested", "granted", "codes"),
    [
        ([], 8_000_000, 8_000_000, []),
        ([], 8_000_000, 5_000_000, []),
        ([], 8_000_000, 0, []),
        ([], 8_000_000, 8_000_001, ["grant.decision.over_requested"]),
        ([], 15_000_000, 10_000_001, ["grant.decision.over_cap"]),
        (["foreign_residents"], 15_000_000, 12_000_000, []),
        (["foreign_residents"], 15_000_000, 12_000_001, ["grant.decision.over_cap"]),
        ([], 1_000, -1, ["grant.decision.negative"]),
    ],
)
def test_fy2022_decisions(enhancements, requested, granted, codes):
    findings = grants.check_decision(
        FY2022, recipient="council", requested_total=requested, granted=granted, enhancements=enhancements
    )
    assert [f.code for f in findings] == codes


def test_a_later_year_can_set_caps_per_recipient():
    data = {
        "caps": {"per_recipient_yen": 5_000_000, "by_recipient": {"support_corporation": 7_000_000}},
        "recipients": {"council": {"name": "協議会"}, "support_corporation": {"name": "法人"}},
        "categories": {"pre_move_in": {"number": 1, "name": "入居前支援", "recipients": ["council"]}},
    }
    rules = grants.rules_from(data, fiscal_year=2099, source="test")
    assert grants.cap(rules, recipient="council") == 5_000_000
    assert grants.cap(rules, recipient="support_corporation") == 7_000_000
    with pytest.raises(ParameterError):
        grants.rules_from({"caps": {}}, fiscal_year=2099, source="test")


recipients = st.sampled_from([r.value for r in grants.Recipient])
enhancement_sets = st.lists(st.sampled_from(ALL_ENHANCEMENTS), unique=True, max_size=5)
yen = st.integers(min_value=0, max_value=50_000_000)


@given(recipient=recipients, enhancements=enhancement_sets, requested=yen, granted=yen)
def test_a_decision_the_rules_accept_is_never_over_the_cap(recipient, enhancements, requested, granted):
    limit = grants.cap(FY2022, recipient=recipient, enhancements=enhancements)
    findings = grants.check_decision(
        FY2022, recipient=recipient, requested_total=requested, granted=granted, enhancements=enhancements
    )
    if not findings:
        assert granted <= limit
        assert granted <= requested
    top = grants.max_grant(FY2022, recipient=recipient, requested_total=requested, enhancements=enhancements)
    assert top <= limit
    assert (
        grants.check_decision(
            FY2022, recipient=recipient, requested_total=requested, granted=top, enhancements=enhancements
        )
        == ()
    )


@given(
    recipient=recipients,
    enhancements=enhancement_sets,
    amounts=st.dictionaries(st.sampled_from([c.value for c in grants.Category]), yen, max_size=6),
)
def test_an_application_the_rules_accept_is_never_over_the_cap(recipient, enhancements, amounts):
    check = grants.check_application(FY2022, recipient=recipient, amounts=amounts, enhancements=enhancements)
    if check.ok:
        assert 0 < check.requested_total <= check.cap
    assert check.cap in (FY2022.base_cap, FY2022.enhanced_cap)


# --------------------------------------------------------------------------- the application state table

APP, MIN = grants.ActorKind.APPLICANT, grants.ActorKind.MINISTRY
GS = grants.ApplicationState


@pytest.mark.parametrize(
    ("path", "end"),
    [
        ([("submit", APP), ("grant", MIN)], GS.GRANTED),
        ([("submit", APP), ("reject", MIN)], GS.REJECTED),
        ([("submit", APP), ("withdraw", APP)], GS.WITHDRAWN),
        ([("withdraw", APP)], GS.WITHDRAWN),
    ],
)
def test_application_paths(path: list[tuple[str, grants.ActorKind]], end: grants.ApplicationState) -> None:
    state = grants.APPLICATION.initial
    for action, actor in path:
        state = grants.APPLICATION.transition(state, action, actor)
    assert state == end


@pytest.mark.parametrize(
    ("state", "action", "actor"),
    [
        (GS.SUBMITTED, "grant", APP),  # nobody grants itself
        (GS.SUBMITTED, "reject", APP),
        (GS.DRAFT, "submit", MIN),  # the ministry does not apply for a council
        (GS.SUBMITTED, "withdraw", MIN),  # withdrawing is the applicant's
    ],
)
def test_application_wrong_actor(
    state: grants.ApplicationState, action: str, actor: grants.ActorKind
) -> None:
    with pytest.raises(grants.TransitionError) as exc:
        grants.APPLICATION.transition(state, action, actor)
    assert exc.value.actor_not_allowed


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (GS.DRAFT, "grant"),  # a draft is not decided
        (GS.GRANTED, "withdraw"),  # a decided application cannot be withdrawn
        (GS.REJECTED, "withdraw"),
        (GS.GRANTED, "reject"),  # nor decided twice
        (GS.WITHDRAWN, "submit"),  # a withdrawn one stays withdrawn; the applicant starts a new one
        (GS.SUBMITTED, "submit"),
    ],
)
def test_application_impossible_action(state: grants.ApplicationState, action: str) -> None:
    for actor in grants.ActorKind:
        assert not grants.APPLICATION.can(state, action, actor)
        with pytest.raises(grants.TransitionError) as exc:
            grants.APPLICATION.transition(state, action, actor)
        assert not exc.value.actor_not_allowed


def test_application_table() -> None:
    table = grants.APPLICATION
    assert table.initial == GS.DRAFT
    assert table.terminal == frozenset({GS.GRANTED, GS.REJECTED, GS.WITHDRAWN})
    assert table.allowed(GS.DRAFT, APP) == ("submit", "withdraw")
    assert table.allowed(GS.SUBMITTED, APP) == ("withdraw",)
    assert table.allowed(GS.SUBMITTED, MIN) == ("grant", "reject")
    assert table.allowed(GS.DRAFT, MIN) == ()
    # the values the councils app stores (GrantApplication.State and its check constraint)
    assert [s.value for s in GS] == ["draft", "submitted", "granted", "rejected", "withdrawn"]
    with pytest.raises(InputError) as exc:
        table.transition("draft", "submit", "council")
    assert exc.value.field == "actor_kind"
