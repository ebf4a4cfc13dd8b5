"""Matching and placement (issue #17): inquiries, the flag rule, the support package, the lease, follow-ups
and subsidy eligibility (sumai.domain.placement)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumai.domain import casework, params
from sumai.domain import placement as pl
from sumai.domain.errors import InputError
from sumai.domain.findings import Severity
from sumai.domain.priority_groups import GROUP_CODES
from sumai.domain.statetable import TransitionError
from sumai.domain.subsidies import (
    GuaranteeFeeRequest,
    Program,
    RentReductionRequest,
    guarantee_fee_subsidy,
    rent_reduction_subsidy,
)

ON = date(2026, 6, 1)

# ------------------------------------------------------------------------------------ the inquiry table

# (from, action, actor) → to: every row of the table
ROWS = [
    ("draft", "send", "caseworker", "sent"),
    ("draft", "withdraw", "caseworker", "withdrawn"),
    ("sent", "offer_viewing", "landlord", "viewing_offered"),
    ("sent", "accept", "landlord", "accepted"),
    ("sent", "decline", "landlord", "declined"),
    ("sent", "withdraw", "caseworker", "withdrawn"),
    ("sent", "expire", "system", "expired"),
    ("viewing_offered", "accept", "landlord", "accepted"),
    ("viewing_offered", "decline", "landlord", "declined"),
    ("viewing_offered", "withdraw", "caseworker", "withdrawn"),
    ("accepted", "withdraw", "caseworker", "withdrawn"),
]


@pytest.mark.parametrize(("state", "action", "actor", "target"), ROWS)
def test_every_row_of_the_inquiry_table(state: str, action: str, actor: str, target: str) -> None:
    assert pl.INQUIRY.transition(state, action, actor) == target


def test_the_table_has_exactly_these_rows_and_terminal_states() -> None:
    assert {(r.source, r.action, next(iter(r.actors)), r.target) for r in pl.INQUIRY.rows} == set(ROWS)
    assert pl.INQUIRY.terminal == {"declined", "withdrawn", "expired"}
    assert pl.INQUIRY.initial == "draft"


@pytest.mark.parametrize(
    ("state", "action", "actor", "actor_not_allowed"),
    [
        ("draft", "accept", "landlord", False),  # a draft has not reached the landlord
        ("declined", "accept", "landlord", False),  # a decline is final
        ("expired", "decline", "landlord", False),
        ("sent", "accept", "caseworker", True),  # only the landlord answers
        ("sent", "decline", "caseworker", True),
        ("sent", "expire", "caseworker", True),  # only the system expires
        ("draft", "send", "landlord", True),
    ],
)
def test_forbidden_steps(state: str, action: str, actor: str, actor_not_allowed: bool) -> None:
    with pytest.raises(TransitionError) as err:
        pl.inquiry_step(
            state,
            action,
            actor,
            on=ON,
            reason="other" if action == "decline" else None,
            reason_text="x" if action == "decline" else "",
        )
    assert err.value.actor_not_allowed is actor_not_allowed


# (sent on, due): 5 working days, the day of sending not counted
DUE = [
    (date(2026, 6, 1), date(2026, 6, 8)),  # Mon → next Mon
    (date(2026, 6, 5), date(2026, 6, 12)),  # Fri → Fri
    (date(2026, 12, 25), date(2027, 1, 7)),  # across 29 Dec – 3 Jan
    (date(2026, 4, 30), date(2026, 5, 12)),  # Thu; Golden Week 5/3–5/6 skipped
    (date(2026, 6, 6), date(2026, 6, 12)),  # sent on a Saturday
]


@pytest.mark.parametrize(("sent", "due"), DUE)
def test_answer_deadline_in_working_days(sent: date, due: date) -> None:
    days = params.load("placement", sent)["inquiry"]["answer_within_working_days"]
    assert days == 5
    assert pl.answer_due(sent) == due
    assert pl.inquiry_step("draft", "send", "caseworker", on=sent, case_state="searching").answer_due == due
    assert not pl.is_overdue(sent, due)
    assert pl.is_overdue(sent, due + timedelta(days=1))


def test_expire_only_after_the_deadline() -> None:
    sent = date(2026, 6, 1)
    with pytest.raises(InputError) as err:
        pl.inquiry_step("sent", "expire", "system", on=date(2026, 6, 8), sent_on=sent)
    assert err.value.field == "on"
    with pytest.raises(InputError) as err:
        pl.inquiry_step("sent", "expire", "system", on=date(2026, 6, 9))
    assert err.value.field == "sent_on"
    step = pl.inquiry_step("sent", "expire", "system", on=date(2026, 6, 9), sent_on=sent)
    assert step.state == "expired"
    assert step.finding is not None
    assert step.finding.code == "placement.inquiry.expired"


@pytest.mark.parametrize("reason", list(pl.DeclineReason))
def test_every_decline_reason(reason: pl.DeclineReason) -> None:
    step = pl.inquiry_step("sent", "decline", "landlord", on=ON, reason=reason, reason_text="理由")
    assert step.state == "declined"
    assert step.reason == reason
    assert step.finding is not None
    assert step.finding.message_key == f"placement.decline.{reason}"
    assert step.finding.ref == pl.DECLINE_REASON_REFS[reason]
    assert pl.Effect.CHECK_REFUSAL_FLAG in step.effects
    assert (pl.Effect.MARK_UNIT_LET in step.effects) is (reason == pl.DeclineReason.ALREADY_LET)


def test_already_let_marks_the_unit_let() -> None:
    step = pl.inquiry_step("viewing_offered", "decline", "landlord", on=ON, reason="already_let")
    assert step.effects[0] == pl.Effect.MARK_UNIT_LET
    assert step.as_dict()["effects"] == ["unit.mark_let", "flag.check"]


@pytest.mark.parametrize(
    ("reason", "text", "field"),
    [
        (None, "", "reason"),
        ("", "", "reason"),
        ("rude", "", "reason"),
        ("other", "", "reason_text"),
        ("other", "   ", "reason_text"),
        ("other", "x" * 2001, "reason_text"),
    ],
)
def test_bad_declines_name_the_field(reason: str | None, text: str, field: str) -> None:
    with pytest.raises(InputError) as err:
        pl.inquiry_step("sent", "decline", "landlord", on=ON, reason=reason, reason_text=text)
    assert err.value.field == field


def test_other_keeps_its_text_and_only_a_decline_gives_a_reason() -> None:
    step = pl.inquiry_step("sent", "decline", "landlord", on=ON, reason="other", reason_text=" 改装工事 ")
    assert step.reason_text == "改装工事"
    with pytest.raises(InputError) as err:
        pl.inquiry_step("sent", "accept", "landlord", on=ON, reason="other")
    assert err.value.field == "reason"
    assert pl.inquiry_step("sent", "accept", "landlord", on=ON).effects == (pl.Effect.START_PLACEMENT,)


def test_an_inquiry_a_placement_was_recorded_from_is_not_withdrawn() -> None:
    """A walk: an accepted inquiry whose placement was recorded was withdrawn with one click, and the
    placement then named an inquiry the case called withdrawn."""
    with pytest.raises(InputError) as err:
        pl.inquiry_step("accepted", "withdraw", "caseworker", on=ON, placed=True)
    assert err.value.field == "placement"
    assert pl.inquiry_step("accepted", "withdraw", "caseworker", on=ON).state == "withdrawn"
    assert pl.may_withdraw("accepted", placed=False)
    assert not pl.may_withdraw("accepted", placed=True)
    assert [s for s in pl.InquiryState if pl.may_withdraw(s, placed=False)] == [
        "draft",
        "sent",
        "viewing_offered",
        "accepted",
    ]


@pytest.mark.parametrize("resolution", list(pl.FlagResolution))
def test_every_resolution_needs_a_note(resolution: pl.FlagResolution) -> None:
    """A walk: 「登録を取り消した」 was accepted with no note while the home stayed listed. The walk again: a
    flag resolved as 「助言・指導を行った」 with an empty note said only that — not what was done. Every
    resolution needs a note."""
    assert pl.flag_resolution(resolution, "2026年6月1日 取消し決定") == resolution
    for blank in ("", "  "):
        with pytest.raises(InputError) as err:
            pl.flag_resolution(resolution, blank)
        assert err.value.field == "note"
    with pytest.raises(InputError) as err:
        pl.flag_resolution("bogus", "note")
    assert err.value.field == "resolution"
    assert set(pl.FlagResolution) == pl.NOTE_REQUIRED


# --------------------------------------------------------------------------------------- the flag rule

# the mapping of refusal_flags_2017.toml, written out: reason → groups it is tied to
TIED = {
    "lonely_death": {"elderly"},
    "customs_language": {"foreign_national"},
    "rent_arrears": {"low_income", "financial_hardship"},
    "no_guarantor": {"elderly", "low_income"},
    "neighbours": {"disability", "child_raising", "foreign_national"},
    "already_let": set(),
    "other": set(),
}


@pytest.mark.parametrize("group", GROUP_CODES)
@pytest.mark.parametrize("reason", list(pl.DeclineReason))
def test_flag_for_every_reason_and_group(reason: pl.DeclineReason, group: str) -> None:
    tied = group in TIED[reason]
    assert (group in pl.tied_groups(reason, ON)) is tied
    # the registration accepts the group explicitly, or does not limit its groups at all
    for accepted in ({group}, None):
        flag = pl.refusal_flag(
            reason=reason, household_groups={group}, registered=True, accepted_groups=accepted, declined_on=ON
        )
        assert (flag is not None) is tied
        if flag is not None:
            assert flag.groups == (group,)
            assert flag.group == group
            assert flag.reason == reason
            assert flag.accepted_groups == (None if accepted is None else (group,))
            assert flag.finding.code == "placement.flag.refused_accepted_group"
            assert flag.finding.ref.startswith("基本方針")
    # the registration accepts every group but this one; or the home is not registered: never a flag
    others = set(GROUP_CODES) - {group}
    assert (
        pl.refusal_flag(
            reason=reason, household_groups={group}, registered=True, accepted_groups=others, declined_on=ON
        )
        is None
    )
    assert (
        pl.refusal_flag(
            reason=reason, household_groups={group}, registered=False, accepted_groups=None, declined_on=ON
        )
        is None
    )


def test_the_flag_carries_its_evidence() -> None:
    flag = pl.refusal_flag(
        reason="neighbours",
        household_groups={"foreign_national", "child_raising", "low_income"},
        registered=True,
        accepted_groups={"foreign_national", "elderly", "low_income"},
        declined_on=ON,
        package_status="partly",
    )
    assert flag is not None
    assert flag.groups == ("foreign_national",)  # child_raising is not accepted, low_income not tied
    assert flag.accepted_groups == ("low_income", "elderly", "foreign_national")  # the law's order
    assert flag.package_status == pl.AnswerStatus.PARTLY
    assert flag.as_dict()["package_status"] == "partly"
    assert flag.as_dict()["household_groups"] == ["low_income", "child_raising", "foreign_national"]
    with pytest.raises(InputError):
        pl.refusal_flag(
            reason="x", household_groups=(), registered=True, accepted_groups=None, declined_on=ON
        )


@given(
    reason=st.sampled_from(list(pl.DeclineReason)),
    household=st.frozensets(st.sampled_from(GROUP_CODES)),
    accepted=st.none() | st.frozensets(st.sampled_from(GROUP_CODES)),
    registered=st.booleans(),
)
def test_a_flag_is_never_raised_for_a_group_the_registration_does_not_accept(
    reason: pl.DeclineReason, household: frozenset[str], accepted: frozenset[str] | None, registered: bool
) -> None:
    flag = pl.refusal_flag(
        reason=reason,
        household_groups=household,
        registered=registered,
        accepted_groups=accepted,
        declined_on=ON,
    )
    allowed = household & TIED[reason] & (set(GROUP_CODES) if accepted is None else accepted)
    if flag is None:
        assert not registered or not allowed
    else:
        assert registered
        assert set(flag.groups) == allowed
        assert accepted is None or set(flag.groups) <= accepted


# ---------------------------------------------------------------------------------- the support package

LANDLORD_ON = date(2026, 1, 1)

# the survey table of seed p.1: type → ((fear, percent, rank), …)
SURVEY = {
    "elderly_single": (("lonely_death", 82, 1), ("no_guarantor", 43, 2)),
    "elderly_only": (("lonely_death", 60, 1), ("no_guarantor", 46, 2)),
    "with_disability": (("neighbours", 52, 1), ("hygiene_fire", 28, 2)),
    "low_income": (("rent_payment", 69, 1), ("no_guarantor", 54, 2)),
    "single_parent": (("rent_payment", 50, 1), ("no_guarantor", 42, 2)),
    "child_raising": (("neighbours", 40, 1), ("rent_payment", 34, 2)),
    "foreign": (("customs_language", 68, 1), ("neighbours", 59, 2)),
}
RESTRICTING = {
    "elderly_single": (5, 39),
    "elderly_only": (3, 35),
    "with_disability": (4, 35),
    "low_income": (7, 42),
    "single_parent": (1, 14),
    "child_raising": (1, 9),
    "foreign": (10, 48),
}


@pytest.mark.parametrize("kind", list(pl.HouseholdType))
def test_the_survey_table_is_the_seeds(kind: pl.HouseholdType) -> None:
    row = pl.survey_table(LANDLORD_ON)[kind]
    assert tuple((f["fear"], f["percent"], f["rank"]) for f in row["fears"]) == SURVEY[kind]  # type: ignore[attr-defined]
    assert (row["restricting_percent"], row["conditionally_restricting_percent"]) == RESTRICTING[kind]
    source = params.load("landlord_fears", LANDLORD_ON).source
    assert "1,988" in source
    assert "p.1" in source


@pytest.mark.parametrize(("kind", "fears"), SURVEY.items())
def test_with_nothing_arranged_the_top_fear_is_the_surveys_first(
    kind: str, fears: tuple[tuple[str, int, int], ...]
) -> None:
    package = pl.support_package([kind], pl.Arrangements(), on=LANDLORD_ON)
    assert [(f.fear, f.percent) for f in package.fears] == [(f, p) for f, p, _ in fears]
    assert package.top_fear is not None
    assert package.top_fear.fear == fears[0][0]
    assert not package.top_fear_answered
    assert package.findings[0].code == "placement.package.top_fear_unanswered"
    assert package.findings[0].value == fears[0][0]
    assert package.findings[0].limit == fears[0][1]
    assert all(f.status == pl.AnswerStatus.UNANSWERED for f in package.fears)


RG = pl.RentGuarantee(pl.ProviderKind.CERTIFIED_GUARANTOR, "高齢者住宅財団")
WO = pl.WatchOver(pl.ProviderKind.SUPPORT_CORPORATION, "NPO みまもり", visits_per_month=2, daily_check=True)
BD = pl.BelongingsAfterDeath(pl.ProviderKind.INSURER, "少額短期保険 A")
EC = pl.EmergencyContact(pl.ProviderKind.SUPPORT_CORPORATION, "NPO みまもり")
CC = pl.CaseworkerContact("NPO みまもり", "佐藤", languages=("vi", "ja"))


# (types, arranged, fear → status)
PACKAGES = [
    (
        ["elderly_single"],
        pl.Arrangements(watch_over=WO),
        {"lonely_death": "partly", "no_guarantor": "unanswered"},
    ),
    (
        ["elderly_single"],
        pl.Arrangements(watch_over=WO, belongings_after_death=BD),
        {"lonely_death": "answered", "no_guarantor": "unanswered"},
    ),
    (
        ["elderly_single", "low_income"],
        pl.Arrangements(rent_guarantee=RG, emergency_contact=EC),
        {"lonely_death": "unanswered", "rent_payment": "answered", "no_guarantor": "answered"},
    ),
    (
        ["foreign"],
        pl.Arrangements(caseworker_contact=CC),
        {"customs_language": "answered", "neighbours": "answered"},
    ),
    (
        ["foreign"],
        pl.Arrangements(caseworker_contact=pl.CaseworkerContact("市", "田中", languages=("ja",))),
        {"customs_language": "partly", "neighbours": "answered"},
    ),
    (
        ["with_disability"],
        pl.Arrangements(watch_over=WO),
        {"neighbours": "unanswered", "hygiene_fire": "answered"},
    ),
]


@pytest.mark.parametrize(("types", "arranged", "statuses"), PACKAGES)
def test_which_fears_a_package_answers(
    types: list[str], arranged: pl.Arrangements, statuses: dict[str, str]
) -> None:
    package = pl.support_package(types, arranged, on=LANDLORD_ON)
    assert {f.fear: str(f.status) for f in package.fears} == statuses
    top = package.fears[0]
    assert package.top_fear_answered is (top.status == pl.AnswerStatus.ANSWERED)
    assert [f.fear for f in package.unanswered] == [
        f.fear for f in package.fears if statuses[f.fear] != "answered"
    ]
    codes = [f.code for f in package.findings]
    assert ("placement.package.top_fear_unanswered" in codes) is (not package.top_fear_answered)
    assert len(codes) == len(package.unanswered)


def test_a_fear_of_several_types_takes_the_highest_share() -> None:
    package = pl.support_package(["low_income", "elderly_single"], pl.Arrangements(), on=LANDLORD_ON)
    assert package.types == ("low_income", "elderly_single")
    fear = next(f for f in package.fears if f.fear == "no_guarantor")
    assert fear.percent == 54
    assert fear.household_type == "low_income"
    assert [(str(t), p) for t, p, _ in fear.sources] == [("elderly_single", 43), ("low_income", 54)]
    assert [f.fear for f in package.fears] == ["lonely_death", "rent_payment", "no_guarantor"]


# (groups, members, elderly, single parent) → types
TYPES = [
    ({"elderly"}, 1, 1, False, ("elderly_single",)),
    ({"elderly"}, 2, 2, False, ("elderly_only",)),
    ({"elderly"}, 3, 1, False, ()),  # an elderly person living with younger family: neither type
    ({"elderly", "low_income"}, 1, 1, False, ("elderly_single", "low_income")),
    ({"child_raising"}, 3, 0, False, ("child_raising",)),
    ({"child_raising", "low_income"}, 2, 0, True, ("low_income", "single_parent")),
    ({"foreign_national", "disability"}, 2, 0, False, ("with_disability", "foreign")),
    ({"dv_victim"}, 1, 0, False, ()),  # a group the survey did not ask about
]


@pytest.mark.parametrize(("groups", "members", "elderly", "single_parent", "types"), TYPES)
def test_household_types(
    groups: set[str], members: int, elderly: int, single_parent: bool, types: tuple[str, ...]
) -> None:
    profile = pl.HouseholdProfile(frozenset(groups), members, elderly, single_parent)
    assert pl.household_types(profile, on=LANDLORD_ON) == types


@pytest.mark.parametrize(
    ("arranged", "field"),
    [
        (
            pl.Arrangements(rent_guarantee=pl.RentGuarantee(pl.ProviderKind.GUARANTEE_COMPANY, " ")),
            "rent_guarantee.provider",
        ),
        (pl.Arrangements(rent_guarantee=pl.RentGuarantee("bank", "X")), "rent_guarantee.provider_kind"),  # type: ignore[arg-type]
        (
            pl.Arrangements(watch_over=pl.WatchOver(pl.ProviderKind.FAMILY, "娘", 0)),
            "watch_over.visits_per_month",
        ),
        (
            pl.Arrangements(watch_over=pl.WatchOver(pl.ProviderKind.FAMILY, "娘", 40)),
            "watch_over.visits_per_month",
        ),
        (
            pl.Arrangements(belongings_after_death=pl.BelongingsAfterDeath(pl.ProviderKind.OTHER, "")),
            "belongings_after_death.provider",
        ),
        (
            pl.Arrangements(emergency_contact=pl.EmergencyContact(pl.ProviderKind.FAMILY, "")),
            "emergency_contact.provider",
        ),
        (
            pl.Arrangements(caseworker_contact=pl.CaseworkerContact("", "佐藤")),
            "caseworker_contact.organisation",
        ),
        (pl.Arrangements(caseworker_contact=pl.CaseworkerContact("NPO", "")), "caseworker_contact.name"),
        (
            pl.Arrangements(caseworker_contact=pl.CaseworkerContact("NPO", "佐藤", ("",))),
            "caseworker_contact.languages[0]",
        ),
    ],
)
def test_unusable_arrangements_name_the_field(arranged: pl.Arrangements, field: str) -> None:
    with pytest.raises(InputError) as err:
        pl.support_package(["elderly_single"], arranged, on=LANDLORD_ON)
    assert err.value.field == field


def test_unknown_types_and_bad_profiles_are_refused() -> None:
    with pytest.raises(InputError) as err:
        pl.support_package(["elderly_single", "rich"], pl.Arrangements(), on=LANDLORD_ON)
    assert err.value.field == "types[1]"
    with pytest.raises(InputError):
        pl.household_types(pl.HouseholdProfile(frozenset(), 0), on=LANDLORD_ON)
    with pytest.raises(InputError):
        pl.household_types(pl.HouseholdProfile(frozenset(), 1, 2), on=LANDLORD_ON)


@given(
    types=st.lists(st.sampled_from(list(pl.HouseholdType)), max_size=4),
    items=st.fixed_dictionaries(
        {
            k: st.booleans()
            for k in (
                "rent_guarantee",
                "watch_over",
                "belongings_after_death",
                "emergency_contact",
                "caseworker_contact",
            )
        }
    ),
)
def test_package_properties(types: list[pl.HouseholdType], items: dict[str, bool]) -> None:
    full = {
        "rent_guarantee": RG,
        "watch_over": WO,
        "belongings_after_death": BD,
        "emergency_contact": EC,
        "caseworker_contact": CC,
    }
    arranged = pl.Arrangements(**{k: full[k] if on else None for k, on in items.items()})  # type: ignore[arg-type]
    package = pl.support_package(types, arranged, on=LANDLORD_ON)
    percents = [f.percent for f in package.fears]
    assert percents == sorted(percents, reverse=True)
    assert len({f.fear for f in package.fears}) == len(package.fears)
    for f in package.fears:
        assert set(f.answered_by) | set(f.missing)
        assert not set(f.answered_by) & set(f.missing)
        assert set(f.answered_by) <= package.capabilities
    if all(items.values()):  # everything arranged answers every fear
        assert not package.unanswered
        assert not package.findings


# ----------------------------------------------------------------------------------------------- lease


def lease(**kw: object) -> pl.LeaseRecord:
    base: dict[str, object] = {
        "signed_on": date(2026, 6, 1),
        "start_on": date(2026, 6, 1),
        "move_in_on": date(2026, 6, 5),
        "rent": 48_000,
        "common_fee": 3_000,
        "deposit": 48_000,
        "guarantee": pl.GuaranteeKind.SUPPORT_CORPORATION,
        "guarantor": "NPO みまもり",
        "guarantee_fee": 24_000,
    }
    base.update(kw)
    return pl.LeaseRecord(**base)  # type: ignore[arg-type]


RECORDED = date(2026, 6, 10)


def test_a_good_lease_has_no_findings() -> None:
    assert pl.validate_lease(lease(), recorded_on=RECORDED) == ()
    assert pl.validate_lease(lease(move_in_on=date(2026, 6, 1)), recorded_on=RECORDED) == ()  # same day
    assert (
        pl.validate_lease(lease(guarantee="none", guarantor="", guarantee_fee=0), recorded_on=RECORDED) == ()
    )


# changes → (field, code, severity)
BAD_LEASES = [
    ({"move_in_on": date(2026, 5, 31)}, "move_in_on", "placement.lease.move_in_on.before_signed", "error"),
    (
        {"start_on": date(2026, 6, 10), "move_in_on": date(2026, 6, 5)},
        "move_in_on",
        "placement.lease.move_in_on.before_start",
        "error",
    ),
    (
        {"signed_on": date(2026, 6, 11), "start_on": date(2026, 6, 11), "move_in_on": date(2026, 6, 11)},
        "signed_on",
        "placement.lease.signed_on.in_future",
        "error",
    ),
    ({"start_on": date(2026, 5, 1)}, "start_on", "placement.lease.start_on.before_signed", "warning"),
    ({"end_on": date(2026, 6, 1)}, "end_on", "placement.lease.end_on.not_after_start", "error"),
    ({"move_in_on": "2026-06-05"}, "move_in_on", "placement.lease.move_in_on.not_date", "error"),
    ({"rent": 0}, "rent", "placement.lease.rent.not_positive", "error"),
    ({"rent": 48_000.5}, "rent", "placement.lease.rent.not_integer", "error"),
    ({"common_fee": -1}, "common_fee", "placement.lease.common_fee.negative", "error"),
    ({"deposit": True}, "deposit", "placement.lease.deposit.not_integer", "error"),
    ({"deposit": 10**12 + 1}, "deposit", "placement.lease.deposit.too_large", "error"),
    ({"guarantee_fee": -5}, "guarantee_fee", "placement.lease.guarantee_fee.negative", "error"),
    ({"guarantor": " "}, "guarantor", "placement.lease.guarantor.missing", "error"),
    ({"guarantee": "bank"}, "guarantee", "placement.lease.guarantee.unknown", "error"),
    (
        {"guarantee": "none", "guarantor": ""},
        "guarantee_fee",
        "placement.lease.guarantee_fee.without_guarantee",
        "error",
    ),
    ({"registered_rent": 45_000}, "rent", "placement.lease.rent.above_registered", "warning"),
]


@pytest.mark.parametrize(("changes", "field", "code", "severity"), BAD_LEASES)
def test_bad_leases_name_the_field(changes: dict[str, object], field: str, code: str, severity: str) -> None:
    found = pl.validate_lease(lease(**changes), recorded_on=RECORDED)
    assert [(f.field, f.finding.code, str(f.severity)) for f in found] == [(field, code, severity)]
    assert found[0].as_dict()["field"] == field
    assert found[0].finding.message_key == code


def test_an_individual_guarantor_needs_no_company_name() -> None:
    assert (
        pl.validate_lease(lease(guarantee="individual", guarantor="", guarantee_fee=0), recorded_on=RECORDED)
        == ()
    )


# -------------------------------------------------------------------------------------------- follow-ups

# move-in → due dates at 1, 6 and 12 months
FOLLOW_UPS = [
    (date(2026, 6, 5), (date(2026, 7, 6), date(2026, 12, 7), date(2027, 6, 7))),  # Sun 7/5, Sat 12/5, Sat 6/5
    (
        date(2026, 12, 31),
        (date(2027, 2, 1), date(2027, 6, 30), date(2028, 1, 4)),
    ),  # 31 Jan is a Sunday; year end
    (
        date(2027, 1, 31),
        (date(2027, 3, 1), date(2027, 8, 2), date(2028, 1, 31)),
    ),  # 28 Feb and 31 Jul: weekend
    (date(2026, 4, 29), (date(2026, 5, 29), date(2026, 10, 29), date(2027, 4, 30))),  # 4/29/2027 昭和の日
]


@pytest.mark.parametrize(("moved_in", "dues"), FOLLOW_UPS)
def test_follow_ups(moved_in: date, dues: tuple[date, ...]) -> None:
    schedule = pl.follow_up_schedule(moved_in)
    assert [f.months for f in schedule] == [1, 6, 12]
    assert tuple(f.due for f in schedule) == dues


def test_a_lease_signed_before_the_landlord_was_asked_is_a_warning_on_signed_on() -> None:
    """The walk: a lease dated before the inquiry was sent was accepted without a word."""
    found = pl.validate_lease(lease(asked_on=date(2026, 6, 3)), recorded_on=RECORDED)
    assert [(f.field, f.finding.code, f.severity) for f in found] == [
        ("signed_on", "placement.lease.signed_on.before_inquiry", Severity.WARNING)
    ]
    assert found[0].finding.limit == "2026-06-03"
    assert pl.validate_lease(lease(asked_on=date(2026, 6, 1)), recorded_on=RECORDED) == ()  # same day


@given(st.dates(min_value=date(2018, 1, 1), max_value=date(2040, 12, 31)), st.integers(0, 400))
def test_a_follow_up_opens_on_its_due_day(moved_in: date, later: int) -> None:
    """The walk: follow-ups were answered months before they were due. None opens before its due day (no
    grace in the parameter file) nor before the move-in."""
    on = moved_in + timedelta(days=later)
    for f in pl.follow_up_schedule(moved_in):
        opens = pl.follow_up_opens_on(f.due, move_in_on=moved_in)
        assert opens == f.due
        assert pl.follow_up_answerable(f.due, move_in_on=moved_in, on=on) == (on >= f.due)


def test_follow_up_months_come_from_the_params_file() -> None:
    assert params.load("placement", date(2026, 1, 1))["follow_up"]["months"] == [1, 6, 12]
    assert pl.add_months_on_day(date(2024, 1, 31), 1) == date(2024, 2, 29)  # 民法143条2項
    assert pl.add_months_on_day(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert pl.add_months_on_day(date(2025, 11, 30), 3) == date(2026, 2, 28)


@given(st.dates(min_value=date(2018, 1, 1), max_value=date(2040, 12, 31)))
def test_follow_ups_are_on_working_days_and_in_order(moved_in: date) -> None:
    schedule = pl.follow_up_schedule(moved_in)
    dues = [f.due for f in schedule]
    assert dues == sorted(dues)
    assert len(set(dues)) == len(dues)
    for f in schedule:
        assert casework.is_working_day(f.due)
        assert f.nominal <= f.due <= f.nominal + timedelta(days=10)
        assert f.nominal > moved_in
        assert all(
            not casework.is_working_day(f.nominal + timedelta(days=d))
            for d in range((f.due - f.nominal).days)
        )


# ------------------------------------------------------------------------------------------- subsidies

BOTH = frozenset({Program.RENT_REDUCTION, Program.GUARANTEE_FEE})
LEASE_ON = date(2026, 6, 1)


# facts → (rent reduction eligible, guarantee fee eligible, codes that must appear)
SUBSIDY_CASES = [
    (pl.SubsidyFacts(True, 120_000, BOTH, 20_000, 40_000), (True, True), {"placement.subsidy.eligible"}),
    (pl.SubsidyFacts(True, 158_000, BOTH), (True, True), set()),  # the limit itself is within (以下)
    (pl.SubsidyFacts(True, 158_001, BOTH), (False, False), {"subsidy.tenant_income.above_limit"}),
    (pl.SubsidyFacts(False, 100_000, BOTH), (False, False), {"subsidy.unit.not_dedicated"}),
    (
        pl.SubsidyFacts(True, 100_000, frozenset({Program.GUARANTEE_FEE})),
        (False, True),
        {"placement.subsidy.not_offered_locally"},
    ),
    (pl.SubsidyFacts(True, None, BOTH), (None, None), {"placement.subsidy.income_unknown"}),
    (
        pl.SubsidyFacts(True, 100_000, BOTH, tenant_exclusions=("public_assistance",)),
        (False, True),  # 生活保護 excludes from rent reduction only (the 2024 files)
        {"subsidy.tenant.excluded"},
    ),
]


@pytest.mark.parametrize(("facts", "eligible", "codes"), SUBSIDY_CASES)
def test_subsidy_eligibility(
    facts: pl.SubsidyFacts, eligible: tuple[bool | None, bool | None], codes: set[str]
) -> None:
    rent, fee = pl.subsidy_eligibility(facts, on=LEASE_ON)
    assert (rent.program, fee.program) == (Program.RENT_REDUCTION, Program.GUARANTEE_FEE)
    assert (rent.eligible, fee.eligible) == eligible
    assert codes <= {r.code for r in (*rent.reasons, *fee.reasons)}
    for e in (rent, fee):
        assert (e.eligible is True) == any(r.code == "placement.subsidy.eligible" for r in e.reasons)
        assert all(r.severity != Severity.ERROR for r in e.reasons) or e.eligible is False


@given(
    dedicated=st.booleans(),
    income=st.integers(0, 400_000),
    reduction=st.integers(0, 80_000),
    fee=st.integers(0, 120_000),
    excluded=st.lists(st.sampled_from(["public_assistance", "landlord_relative"]), unique=True),
)
def test_eligibility_is_the_subsidy_rules_answer(
    dedicated: bool, income: int, reduction: int, fee: int, excluded: list[str]
) -> None:
    """The placement never decides by itself: its answer and amounts are those of the subsidy rules."""
    facts = pl.SubsidyFacts(dedicated, income, BOTH, reduction, fee, tuple(excluded))
    rent, guarantee = pl.subsidy_eligibility(facts, on=LEASE_ON)
    direct_rent = rent_reduction_subsidy(
        RentReductionRequest(reduction, income, dedicated, tenant_exclusions=tuple(excluded)), on=LEASE_ON
    )
    direct_fee = guarantee_fee_subsidy(
        GuaranteeFeeRequest(fee, income, dedicated, tenant_exclusions=tuple(excluded)), on=LEASE_ON
    )
    assert rent.result == direct_rent
    assert rent.eligible == direct_rent.eligible
    assert guarantee.result == direct_fee
    assert guarantee.eligible == direct_fee.eligible
    assert set(direct_rent.findings) <= set(rent.reasons)
    assert rent.as_dict()["program"] == "rent_reduction"
