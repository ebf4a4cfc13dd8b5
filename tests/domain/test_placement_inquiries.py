"""Inquiries to landlords (sumai.domain.placement_inquiries): no inquiry for a household whose case is housed,
followed up or closed; the day of an answer the landlord gave outside Sumai; how the support package answered
the fear behind a decline (the evidence of a refusal flag: answered, partly, not answered)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sumai.domain import placement as pl
from sumai.domain.errors import InputError

ON = date(2026, 6, 10)
SENT = date(2026, 6, 3)

# ------------------------------------------------------------------------ no inquiry for a housed household

# case state → may an inquiry be sent for the household?
CASE_STATES = [
    ("new", True),
    ("assessing", True),
    ("searching", True),
    ("housed", False),  # the lease is signed
    ("following_up", False),  # moved in, followed up
    ("closed", False),  # reopened first
]


@pytest.mark.parametrize(("case_state", "allowed"), CASE_STATES)
def test_an_inquiry_is_sent_only_for_a_household_not_housed(case_state: str, allowed: bool) -> None:
    assert pl.may_send(case_state) is allowed
    if allowed:
        step = pl.inquiry_step("draft", "send", "caseworker", on=ON, case_state=case_state)
        assert step.state == "sent"
        assert step.answer_due == pl.answer_due(ON)
    else:
        with pytest.raises(InputError) as err:
            pl.inquiry_step("draft", "send", "caseworker", on=ON, case_state=case_state)
        assert err.value.field == "case_state"


def test_the_table_of_case_states_is_complete() -> None:
    from sumai.domain.casework import CaseState

    assert {s for s, _ in CASE_STATES} == {str(s) for s in CaseState}
    assert {str(s) for s in pl.NO_INQUIRY_CASE_STATES} == {s for s, ok in CASE_STATES if not ok}


@pytest.mark.parametrize("case_state", [None, "", "moved_away"])
def test_sending_needs_a_known_case_state(case_state: str | None) -> None:
    with pytest.raises(InputError) as err:
        pl.inquiry_step("draft", "send", "caseworker", on=ON, case_state=case_state)
    assert err.value.field == "case_state"


# ------------------------------------------------------------------------ an answer given outside Sumai

# (day the landlord answered, field refused or None): sent on SENT, recorded on ON
ANSWER_DAYS = [
    (SENT, None),  # the day it was sent
    (ON, None),  # today
    (ON - timedelta(days=2), None),
    (SENT - timedelta(days=1), "answered_on"),  # before the inquiry was sent
    (ON + timedelta(days=1), "answered_on"),  # in the future
]


@pytest.mark.parametrize(("answered_on", "field"), ANSWER_DAYS)
def test_the_day_of_an_answer_given_by_phone(answered_on: date, field: str | None) -> None:
    for action, extra in (
        ("accept", {}),
        ("offer_viewing", {}),
        ("decline", {"reason": "lonely_death"}),
    ):
        if field is None:
            step = pl.inquiry_step(
                "sent", action, "landlord", on=ON, sent_on=SENT, answered_on=answered_on, **extra
            )
            assert step.answered_on == answered_on
            assert pl.check_answered_on(answered_on, sent_on=SENT, on=ON) == answered_on
        else:
            with pytest.raises(InputError) as err:
                pl.inquiry_step(
                    "sent", action, "landlord", on=ON, sent_on=SENT, answered_on=answered_on, **extra
                )
            assert err.value.field == field


def test_the_landlord_s_own_answer_is_given_on_the_day() -> None:
    assert pl.inquiry_step("sent", "accept", "landlord", on=ON).answered_on == ON
    step = pl.inquiry_step("sent", "decline", "landlord", on=ON, reason="already_let")
    assert step.answered_on == ON
    assert step.as_dict()["answered_on"] == ON.isoformat()


def test_only_a_landlord_s_answer_has_a_day_it_was_given() -> None:
    with pytest.raises(InputError) as err:
        pl.inquiry_step("sent", "withdraw", "caseworker", on=ON, answered_on=ON)
    assert err.value.field == "answered_on"
    with pytest.raises(InputError) as err:
        pl.inquiry_step("sent", "accept", "landlord", on=ON, answered_on=ON)  # without the day sent
    assert err.value.field == "sent_on"
    # a caseworker's record is still the landlord's step: the table lets no caseworker answer
    from sumai.domain.statetable import TransitionError

    with pytest.raises(TransitionError):
        pl.inquiry_step("sent", "accept", "caseworker", on=ON, sent_on=SENT, answered_on=ON)


# ------------------------------------------------------------------------ the flag's evidence

FEARS = [
    {"fear": "lonely_death", "status": "partly"},
    {"fear": "no_guarantor", "status": "answered"},
    {"fear": "rent_payment", "status": "unanswered"},
    {"fear": "neighbours", "status": "answered"},
]

# (decline reason, how the package above answered its fear)
EVIDENCE = [
    ("lonely_death", pl.AnswerStatus.PARTLY),  # partly answered is neither answered nor "not answered"
    ("no_guarantor", pl.AnswerStatus.ANSWERED),
    ("rent_arrears", pl.AnswerStatus.UNANSWERED),  # the survey's fear rent_payment
    ("neighbours", pl.AnswerStatus.ANSWERED),
    ("customs_language", None),  # the package does not name it
    ("already_let", None),  # names no fear
    ("other", None),
]


@pytest.mark.parametrize(("reason", "status"), EVIDENCE)
def test_how_the_package_answered_the_fear_behind_a_decline(
    reason: str, status: pl.AnswerStatus | None
) -> None:
    assert pl.fear_status(reason, FEARS) == status


def test_every_reason_that_names_a_fear_names_one_of_the_survey() -> None:
    from sumai.domain import params

    fears = set(params.load("landlord_fears", ON)["fears"])
    assert set(pl.FEAR_OF_REASON.values()) <= fears
    assert set(pl.FEAR_OF_REASON) == set(pl.DeclineReason) - {
        pl.DeclineReason.ALREADY_LET,
        pl.DeclineReason.OTHER,
    }
    with pytest.raises(InputError) as err:
        pl.fear_status("rude", FEARS)
    assert err.value.field == "reason"
    assert pl.fear_status("lonely_death", [{"fear": "lonely_death", "status": "?"}]) is None


def test_the_flag_tells_a_partly_answered_fear_as_partly() -> None:
    reason = "lonely_death"
    flag = pl.refusal_flag(
        reason=reason,
        household_groups={"elderly"},
        registered=True,
        accepted_groups=None,
        declined_on=ON,
        package_status=pl.fear_status(reason, FEARS),
    )
    assert flag is not None
    assert flag.package_status == pl.AnswerStatus.PARTLY
    assert flag.as_dict()["package_status"] == "partly"
    with pytest.raises(InputError) as err:
        pl.refusal_flag(
            reason=reason,
            household_groups={"elderly"},
            registered=True,
            accepted_groups=None,
            declined_on=ON,
            package_status="half",
        )
    assert err.value.field == "package_status"


# a fear the survey does not give for the household's types is judged from what the package arranged
UNLISTED = [
    ({"watch_over", "belongings_after_death", "emergency_contact"}, pl.AnswerStatus.ANSWERED),
    ({"watch_over"}, pl.AnswerStatus.PARTLY),
    ({"emergency_contact"}, pl.AnswerStatus.UNANSWERED),
    (set(), pl.AnswerStatus.UNANSWERED),
]


@pytest.mark.parametrize(("capabilities", "status"), UNLISTED)
def test_a_fear_the_package_did_not_list_is_judged_from_its_arrangements(
    capabilities: set[str], status: pl.AnswerStatus
) -> None:
    package = {
        "fears": [{"fear": "rent_payment", "status": "answered"}],
        "capabilities": sorted(capabilities),
    }
    assert pl.package_fear_status("lonely_death", package, on=ON) == status
    assert pl.fear_status("lonely_death", [], capabilities=capabilities, on=ON) == status
    # the package's own verdict comes first; a reason that names no fear has none
    assert pl.package_fear_status("rent_arrears", package, on=ON) == pl.AnswerStatus.ANSWERED
    assert pl.package_fear_status("already_let", package, on=ON) is None
    assert pl.package_fear_status("lonely_death", {"fears": []}, on=ON) is None  # nothing to judge from
