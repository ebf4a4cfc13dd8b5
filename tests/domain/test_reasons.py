"""Coded reasons of decisions, with their articles: well-formed, tied to the state tables, and keyed as the
apps key their labels today (so that wiring the apps to them is a lookup)."""

from __future__ import annotations

import pytest

from sumai.domain import reasons, support, workflow
from sumai.domain.errors import InputError
from sumai.domain.reasons import Reason


@pytest.mark.parametrize("decision", reasons.BY_DECISION)
def test_reason_tables_are_well_formed(decision: str) -> None:
    table = reasons.BY_DECISION[decision]
    codes = [r.code for r in table]
    assert codes
    assert len(codes) == len(set(codes))
    for r in table:
        assert r.code.isidentifier()
        assert r.code == r.code.lower()
        assert r.ref
        assert "[M]" not in r.ref  # the marker is the flag, printed by marked_ref


def test_decisions_are_actions_of_the_tables() -> None:
    tables = {"registration": workflow.REGISTRATION, "designation": support.DESIGNATION}
    for decision in reasons.BY_DECISION:
        name, action = decision.split(".")
        assert action in set(tables[name].actions)
    assert {f"registration.{a}" for a in workflow.REASONS} | {
        f"designation.{a}" for a in support.REASONS
    } == set(reasons.BY_DECISION)
    for action, table in workflow.REASONS.items():
        assert table is reasons.BY_DECISION[f"registration.{action}"]
        # decisions of the authority (or the system striking off a withdrawn one), never of the applicant
        actors = {k for r in workflow.REGISTRATION.rows if r.action == action for k in r.actors}
        assert actors <= {workflow.ActorKind.AUTHORITY, workflow.ActorKind.SYSTEM}
    for action, table in support.REASONS.items():
        assert table is reasons.BY_DECISION[f"designation.{action}"]


def test_articles_of_today() -> None:
    refs = {r.code: r.marked_ref for r in reasons.REGISTRATION_REJECTION}
    assert refs == {
        "standards": "法10条4項",
        "disqualified": "法11条2項",
        "false_statement": "法11条1項 [M]",
        "duplicate": "-",
    }
    assert {r.code: r.marked_ref for r in reasons.REGISTRATION_STRIKE_OFF}["withdrawn"] == "法14条"
    assert {r.code: r.ref for r in reasons.DESIGNATION_REJECTION}["not_eligible_body"] == "法59条"
    assert all(r.memory for r in reasons.DESIGNATION_REVOCATION)


def test_find() -> None:
    assert reasons.find(reasons.REGISTRATION_REJECTION, "standards") == Reason("standards", "法10条4項")
    with pytest.raises(InputError) as exc:
        reasons.find(reasons.REGISTRATION_REJECTION, "bribery")
    assert exc.value.field == "reason_code"
    assert "standards" in exc.value.message
    with pytest.raises(InputError) as exc:
        reasons.find(support.REASONS[support.Action.REVOKE], "notified", field="reason")
    assert exc.value.field == "reason"


def test_as_dict() -> None:
    assert Reason("x", "法1条", memory=True).as_dict() == {"code": "x", "ref": "法1条", "memory": True}
    assert Reason("x", "法1条", memory=True).marked_ref == "法1条 [M]"


def test_codes_are_the_keys_the_apps_use_today() -> None:
    """The one test here that reads the apps: their label dicts and the domain's codes are the same keys."""
    from sumai.registry import services as registry
    from sumai.support import services as supporting

    assert [r.code for r in reasons.REGISTRATION_REJECTION] == list(registry.REJECTION_REASONS)
    assert [r.code for r in reasons.REGISTRATION_STRIKE_OFF] == list(registry.STRIKE_OFF_REASONS)
    assert [r.code for r in reasons.DESIGNATION_REJECTION] == list(supporting.REJECTION_REASONS)
    assert [r.code for r in reasons.DESIGNATION_SUSPENSION] == list(supporting.SUSPENSION_REASONS)
    assert [r.code for r in reasons.DESIGNATION_REVOCATION] == list(supporting.REVOCATION_REASONS)
    from sumai.support.services import designation

    assert {str(a): [r.code for r in t] for a, t in support.REASONS.items()} == {
        str(a): list(labels) for a, labels in designation.REASONS.items()
    }
