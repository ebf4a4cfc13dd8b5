"""One engine for every workflow of the domain: a state table.

A workflow is data: rows of :class:`Transition` ``(source, action) → target``, each with the actor kinds
allowed to take it and the legal reference it rests on. Code never branches on states; it asks the table
(:meth:`StateTable.can`, :meth:`StateTable.transition`, :meth:`StateTable.allowed`).

The tables of Sumai, each an instance of :class:`StateTable` in the module of its subject:

* ``sumai.domain.workflow.REGISTRATION`` — the registration of セーフティネット住宅 (登録申請 … 登録の抹消);
* ``sumai.domain.support.DESIGNATION`` — the designation of a housing support corporation (指定 … 取消し);
* ``sumai.domain.support.FILINGS`` — its annual business plans and reports (事業計画 / 事業報告);
* ``sumai.domain.grants.APPLICATION`` — an application for an activity grant (居住支援協議会等活動支援事業).

Each table has its own enums of states, actions and actor kinds, so that a name of one workflow is an
unknown name in another (:class:`~sumai.domain.errors.InputError`, naming the field). Every table raises the
same :class:`TransitionError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from sumai.domain.articles import cite
from sumai.domain.errors import InputError

S = TypeVar("S", bound=StrEnum)
A = TypeVar("A", bound=StrEnum)
K = TypeVar("K", bound=StrEnum)
_E = TypeVar("_E", bound=StrEnum)

__all__ = ["StateTable", "Transition", "TransitionError"]


@dataclass(frozen=True, slots=True)
class Transition(Generic[S, A, K]):
    """One row of a state table: from ``source``, ``action`` leads to ``target``; ``actors`` may take it;
    ``ref`` is its legal reference (``-`` for a step the law does not name, ``[M]`` where REFERENCE.md says
    the article was not re-checked)."""

    source: S
    action: A
    target: S
    actors: frozenset[K]
    ref: str

    def cited(self, on: date) -> str:
        """``ref`` in the numbering of the law in force on ``on``, the date the step was taken."""
        return cite(self.ref, on)


class TransitionError(Exception):
    """A transition the table does not allow: no such action from this state (``actor_not_allowed`` false;
    the API answers 409), or not for this actor kind (``actor_not_allowed`` true; 403)."""

    def __init__(
        self, state: str, action: str, actor_kind: str, *, actor_not_allowed: bool, subject: str = "it"
    ) -> None:
        self.state = state
        self.action = action
        self.actor_kind = actor_kind
        self.actor_not_allowed = actor_not_allowed
        if actor_not_allowed:
            message = f"{actor_kind} may not {action} {subject} in state {state}"
        else:
            message = f"cannot {action} {subject} in state {state}"
        super().__init__(message)
        self.message = message


def _coerce(kind: type[_E], value: _E | str, field: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        raise InputError(field, f"unknown {field} {value!r}; one of {', '.join(kind)}") from None


class StateTable(Generic[S, A, K]):
    """A workflow as data. ``subject`` names what moves (``a registration``) in error messages.

    ``terminal`` holds the states no row leaves; ``initial`` the state a new record starts in. Building a
    table with two rows for one (state, action), a row nobody may take, or names of another enum raises
    ``ValueError`` at import.
    """

    def __init__(
        self,
        *,
        states: type[S],
        actions: type[A],
        actor_kinds: type[K],
        rows: Iterable[Transition[S, A, K]],
        initial: S,
        subject: str,
    ) -> None:
        self.states = states
        self.actions = actions
        self.actor_kinds = actor_kinds
        self.rows: tuple[Transition[S, A, K], ...] = tuple(rows)
        self.initial = initial
        self.subject = subject
        table: dict[tuple[S, A], Transition[S, A, K]] = {}
        for row in self.rows:
            if (
                not isinstance(row.source, states)
                or not isinstance(row.target, states)
                or not isinstance(row.action, actions)
                or not row.actors
                or not all(isinstance(k, actor_kinds) for k in row.actors)
            ):
                raise ValueError(f"{subject}: malformed row {row!r}")
            if (row.source, row.action) in table:
                raise ValueError(f"{subject}: two rows for ({row.source}, {row.action})")
            table[row.source, row.action] = row
        if not isinstance(initial, states):
            raise ValueError(f"{subject}: initial state {initial!r} is not a state")
        self._table: Mapping[tuple[S, A], Transition[S, A, K]] = table
        self.terminal: frozenset[S] = frozenset(
            s for s in states if not any(r.source == s for r in self.rows)
        )

    def __repr__(self) -> str:
        return f"<StateTable {self.subject}: {len(self.rows)} rows>"

    def _names(self, state: S | str, action: A | str, actor_kind: K | str) -> tuple[S, A, K]:
        return (
            _coerce(self.states, state, "state"),
            _coerce(self.actions, action, "action"),
            _coerce(self.actor_kinds, actor_kind, "actor_kind"),
        )

    def row(self, state: S | str, action: A | str) -> Transition[S, A, K] | None:
        """The row for (``state``, ``action``), whoever acts; ``None`` when there is none."""
        return self._table.get(
            (_coerce(self.states, state, "state"), _coerce(self.actions, action, "action"))
        )

    def can(self, state: S | str, action: A | str, actor_kind: K | str) -> bool:
        """Whether ``actor_kind`` may take ``action`` in ``state``."""
        s, a, k = self._names(state, action, actor_kind)
        row = self._table.get((s, a))
        return row is not None and k in row.actors

    def transition(self, state: S | str, action: A | str, actor_kind: K | str) -> S:
        """The state after ``action``; raises :class:`TransitionError` for a transition the table forbids and
        :class:`~sumai.domain.errors.InputError` (field ``state``, ``action`` or ``actor_kind``) for an
        unknown name."""
        s, a, k = self._names(state, action, actor_kind)
        row = self._table.get((s, a))
        if row is None or k not in row.actors:
            raise TransitionError(s, a, k, actor_not_allowed=row is not None, subject=self.subject)
        return row.target

    def allowed(self, state: S | str, actor_kind: K | str) -> tuple[A, ...]:
        """The actions ``actor_kind`` may take in ``state``, in table order."""
        s = _coerce(self.states, state, "state")
        k = _coerce(self.actor_kinds, actor_kind, "actor_kind")
        return tuple(r.action for r in self.rows if r.source == s and k in r.actors)

    def table_markdown(self) -> str:
        """The table as Markdown (for the docs): one line per row, in table order."""
        lines = ["| from | action | to | who | ref |", "|---|---|---|---|---|"]
        for r in self.rows:
            who = ", ".join(sorted(r.actors))
            lines.append(f"| {r.source} | {r.action} | {r.target} | {who} | {r.ref} |")
        return "\n".join(lines)
