"""The one state-table engine, and a property every table of the domain keeps.

The tables are found, not listed: every :class:`StateTable` at the top level of a module of
``sumai.domain`` is checked, so a new workflow is covered the day it is written.
"""

from __future__ import annotations

import importlib
import pkgutil
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sumai.domain
from sumai.domain import casework, grants, placement, statetable, support, workflow
from sumai.domain.errors import InputError
from sumai.domain.statetable import StateTable, Transition, TransitionError

AnyTable = StateTable[Any, Any, Any]
DOCS = Path(__file__).resolve().parents[2] / "docs"


def _tables() -> dict[str, AnyTable]:
    found: dict[str, AnyTable] = {}
    for info in pkgutil.iter_modules(sumai.domain.__path__):
        module = importlib.import_module(f"sumai.domain.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, StateTable):
                found[f"{info.name}.{name}"] = value
    # one entry per table (a module that imports another's table would list it twice)
    by_id: dict[int, str] = {}
    for key, table in sorted(found.items()):
        by_id.setdefault(id(table), key)
    return {key: found[key] for key in sorted(by_id.values())}


TABLES = _tables()


def test_every_table_is_found() -> None:
    assert TABLES == {
        "casework.CASE": casework.CASE,
        "grants.APPLICATION": grants.APPLICATION,
        "placement.INQUIRY": placement.INQUIRY,
        "support.DESIGNATION": support.DESIGNATION,
        "support.FILINGS": support.FILINGS,
        "workflow.REGISTRATION": workflow.REGISTRATION,
    }


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
@given(data=st.data())
def test_every_table_answers_consistently(table: AnyTable, data: st.DataObject) -> None:
    state = data.draw(st.sampled_from(list(table.states)))
    action = data.draw(st.sampled_from(list(table.actions)))
    actor = data.draw(st.sampled_from(list(table.actor_kinds)))
    if table.can(state, action, actor):
        target = table.transition(state, action, actor)
        assert target in set(table.states)
        row = table.row(state, action)
        assert row is not None
        assert row.target == target
        assert actor in row.actors
    else:
        with pytest.raises(TransitionError) as exc:
            table.transition(state, action, actor)
        assert (exc.value.state, exc.value.action, exc.value.actor_kind) == (state, action, actor)
        assert exc.value.actor_not_allowed == (table.row(state, action) is not None)
    accepted = [a for a in table.actions if table.can(state, a, actor)]
    assert sorted(table.allowed(state, actor)) == sorted(accepted)
    assert len(set(table.allowed(state, actor))) == len(table.allowed(state, actor))


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
def test_every_table_is_well_formed(table: AnyTable) -> None:
    keys = [(r.source, r.action) for r in table.rows]
    assert len(keys) == len(set(keys))
    assert all(r.actors and r.ref for r in table.rows)
    # every table ends somewhere, except the case: a closed case reopens when the household comes back
    assert table.terminal or table is casework.CASE
    for state in table.terminal:
        assert not any(r.source == state for r in table.rows)
        assert all(table.allowed(state, k) == () for k in table.actor_kinds)
    assert table.initial not in table.terminal
    reachable, frontier = {table.initial}, [table.initial]
    while frontier:
        current = frontier.pop()
        for r in table.rows:
            if r.source == current and r.target not in reachable:
                reachable.add(r.target)
                frontier.append(r.target)
    assert reachable == set(table.states)
    markdown = table.table_markdown().splitlines()
    assert len(markdown) == len(table.rows) + 2
    assert markdown[2] == (
        f"| {table.rows[0].source} | {table.rows[0].action} | {table.rows[0].target} | "
        f"{', '.join(sorted(table.rows[0].actors))} | {table.rows[0].ref} |"
    )


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
@pytest.mark.parametrize("field", ["state", "action", "actor_kind"])
def test_unknown_names_are_input_errors_naming_the_field(table: AnyTable, field: str) -> None:
    names: dict[str, str] = {
        "state": table.initial,
        "action": table.rows[0].action,
        "actor_kind": next(iter(table.rows[0].actors)),
    }
    names[field] = "nonsense"
    for call in (
        lambda: table.transition(names["state"], names["action"], names["actor_kind"]),
        lambda: table.can(names["state"], names["action"], names["actor_kind"]),
    ):
        with pytest.raises(InputError) as exc:
            call()
        assert exc.value.field == field
    if field != "action":
        with pytest.raises(InputError) as exc:
            table.allowed(names["state"], names["actor_kind"])
        assert exc.value.field == field


def test_names_of_one_table_are_unknown_in_another() -> None:
    with pytest.raises(InputError) as exc:
        workflow.REGISTRATION.transition("draft", "submit", support.ActorKind.CORPORATION)
    assert exc.value.field == "actor_kind"
    with pytest.raises(InputError) as exc:
        support.DESIGNATION.transition("draft", workflow.Action.REGISTER, "prefecture")
    assert exc.value.field == "action"


def test_one_transition_error_class() -> None:
    assert workflow.TransitionError is support.TransitionError is statetable.TransitionError
    with pytest.raises(TransitionError) as exc:
        workflow.transition("submitted", "register", "operator")
    assert exc.value.actor_not_allowed
    assert str(exc.value) == "operator may not register a registration in state submitted"
    with pytest.raises(TransitionError) as exc:
        support.transition("revoked", "resume", "prefecture")
    assert not exc.value.actor_not_allowed
    assert exc.value.message == "cannot resume the designation in state revoked"


def test_the_old_functions_are_the_table() -> None:
    for state in workflow.State:
        for actor in workflow.ActorKind:
            assert workflow.allowed_actions(state, actor) == workflow.REGISTRATION.allowed(state, actor)
    assert workflow.REGISTRATION.terminal == workflow.TERMINAL_STATES
    assert workflow.REGISTRATION.rows == workflow.TRANSITIONS
    assert workflow.table_markdown() == workflow.REGISTRATION.table_markdown()
    assert support.DESIGNATION.terminal == support.TERMINAL_STATES
    assert support.can_transition("submitted", "designate", "prefecture")
    assert support.FILINGS.rows == support.FILING_TRANSITIONS


class _S(StrEnum):
    A = "a"
    B = "b"


class _A(StrEnum):
    GO = "go"


class _K(StrEnum):
    ME = "me"


@pytest.mark.parametrize(
    "rows",
    [
        [Transition(_S.A, _A.GO, _S.B, frozenset({_K.ME}), "-")] * 2,  # two rows for one (state, action)
        [Transition(_S.A, _A.GO, _S.B, frozenset(), "-")],  # nobody may take it
        [Transition(_S.A, _A.GO, "b", frozenset({_K.ME}), "-")],  # a bare string, not a state
        [Transition(_S.A, _A.GO, _S.B, frozenset({"me"}), "-")],  # a bare string, not an actor kind
    ],
)
def test_a_malformed_table_is_refused_when_built(rows: list[Transition[Any, Any, Any]]) -> None:
    with pytest.raises(ValueError, match="toy"):
        StateTable(states=_S, actions=_A, actor_kinds=_K, rows=rows, initial=_S.A, subject="toy")


def test_a_toy_table() -> None:
    table = StateTable(
        states=_S,
        actions=_A,
        actor_kinds=_K,
        rows=[Transition(_S.A, _A.GO, _S.B, frozenset({_K.ME}), "法1条")],
        initial=_S.A,
        subject="the toy",
    )
    assert table.transition("a", "go", "me") is _S.B
    assert table.terminal == frozenset({_S.B})
    assert table.allowed(_S.A, _K.ME) == (_A.GO,)
    assert table.row("b", "go") is None
    assert "1 rows" in repr(table)
    with pytest.raises(TransitionError, match="cannot go the toy in state b"):
        table.transition("b", "go", "me")


@pytest.mark.parametrize(
    ("doc", "table"),
    [
        ("domain.md", workflow.REGISTRATION),
        ("domain.md", grants.APPLICATION),
        ("domain.md", support.FILINGS),
        ("domain.md", placement.INQUIRY),
        ("support.md", support.DESIGNATION),
    ],
)
def test_the_docs_print_the_tables_as_they_are(doc: str, table: AnyTable) -> None:
    assert table.table_markdown() in (DOCS / doc).read_text(encoding="utf-8")
