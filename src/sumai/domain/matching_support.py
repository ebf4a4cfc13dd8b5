"""Ranking housing support corporations for a household (issue #17): by the tasks of the law (法62条) the
household's wish for help needs, fresh capacity, languages and focus groups. Part of
:mod:`sumai.domain.matching` (which re-exports these names); split out to keep each module short."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sumai.domain import params
from sumai.domain.matching import MATCHING, Reason, ScorePart, _part
from sumai.domain.support import stale_after_days
from sumai.domain.support import tasks as law_tasks


@dataclass(frozen=True, slots=True)
class CapacityFigure:
    task: str
    available: int | None  # as :func:`sumai.domain.support.capacity_status` reads it: None when stale
    confirmed_on: date | None


@dataclass(frozen=True, slots=True)
class CorporationCandidate:
    corporation_id: int
    tasks: frozenset[str]
    serves_area: bool
    languages: frozenset[str] = frozenset()
    focus_groups: frozenset[str] = frozenset()
    capacity: tuple[CapacityFigure, ...] = ()


@dataclass(frozen=True, slots=True)
class SupportNeeds:
    help: tuple[str, ...]  # sumai.domain.consultation.HelpKind values
    groups: tuple[str, ...]
    languages: tuple[str, ...]  # language codes other than Japanese the household needs
    on: date


@dataclass(frozen=True, slots=True)
class SupportMatch:
    corporation_id: int
    score: float
    parts: tuple[ScorePart, ...]
    reasons: tuple[Reason, ...]
    tasks_needed: tuple[str, ...]
    tasks_covered: tuple[str, ...]


def help_tasks(help_kinds: Iterable[str], on: date) -> tuple[str, ...]:
    """The tasks (法62条) the household's wish for help needs, in force on ``on``, sorted."""
    return tuple(sorted({t for _kind, tasks in help_task_map(help_kinds, on) for t in tasks}))


def help_task_map(help_kinds: Iterable[str], on: date) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each kind of help asked for with the tasks (法62条) it needs, in force on ``on``, in the law's order:
    a page says which help needs which task (three kinds of help can need four tasks)."""
    order = {t.code: t.number for t in law_tasks(on)}
    table: Mapping[str, list[str]] = params.load(MATCHING, on)["support"]["help_tasks"]
    out = []
    for kind in dict.fromkeys(help_kinds):
        tasks = sorted({t for t in table.get(kind, ()) if t in order}, key=order.__getitem__)
        out.append((kind, tuple(tasks)))
    return tuple(out)


def _task_refs(codes: Iterable[str], on: date) -> str:
    refs = {t.code: t.ref for t in law_tasks(on)}
    return ", ".join(refs[c] for c in codes if c in refs)


def _in_law_order(codes: Iterable[str], on: date) -> tuple[str, ...]:
    order = {t.code: t.number for t in law_tasks(on)}
    return tuple(sorted(set(codes), key=lambda c: (order.get(c, 99), c)))


def _capacity_part(c: CorporationCandidate, needed: tuple[str, ...], weight: int, on: date) -> ScorePart:
    """Room now for the tasks that matter: those needed that the corporation does (every task it does when
    no help was named). Each such task is said on its own — room (how many more), full, or not known (no
    figure confirmed within ``support_capacity_*.toml``'s days: unknown, never room) — so that the same
    task reads the same whatever help is ticked. Points: full when any of them has room; none when all
    known are full (value 0) or none is known (unknown)."""
    considered = _in_law_order((t for t in c.tasks if t in needed) if needed else c.tasks, on)
    figures = {f.task: f for f in c.capacity}
    room: list[tuple[str, int]] = []
    full: list[str] = []
    unknown: list[str] = []
    for task in considered:
        figure = figures.get(task)
        if figure is None or figure.available is None:
            unknown.append(task)
        elif figure.available > 0:
            room.append((task, figure.available))
        else:
            full.append(task)
    value = 1.0 if room else 0.0 if full else None
    return _part(
        "capacity",
        weight,
        value,
        room=tuple(room),
        full=tuple(full),
        unknown=tuple(unknown),
        days=stale_after_days(on),
    )


def rank_support(candidates: Iterable[CorporationCandidate], needs: SupportNeeds) -> tuple[SupportMatch, ...]:
    """Corporations whose service area covers the home's (or the household's) municipality, ranked by the
    tasks they do of those the household needs, fresh capacity for them (a stale figure is unknown, not
    room: ``support_capacity_*.toml``), languages and focus groups; then by id. A corporation not serving
    the area is left out."""
    on = needs.on
    weights: Mapping[str, int] = params.load(MATCHING, on)["support"]["weights"]
    needed = help_tasks(needs.help, on)
    out: list[SupportMatch] = []
    seen: set[int] = set()
    for c in candidates:
        if not c.serves_area or c.corporation_id in seen:
            continue
        seen.add(c.corporation_id)
        covered = tuple(t for t in needed if t in c.tasks)
        reasons = [Reason("matching.support.area", "matching.support.area", "法62条")]
        if needed:
            # the tasks by name, done and not done: "2 of 4" alone left the caseworker guessing which
            done = _in_law_order(covered, on)
            tasks_part = _part(
                "tasks",
                weights["tasks"],
                len(covered) / len(needed),
                covered=done,
                missing=_in_law_order((t for t in needed if t not in c.tasks), on),
                needed=len(needed),
            )
            if covered:
                reasons.append(
                    Reason(
                        "matching.support.tasks",
                        "matching.support.tasks",
                        _task_refs(done, on),
                        (("tasks", done),),
                    )
                )
        else:
            tasks_part = _part("tasks", weights["tasks"], None)
        cap = _capacity_part(c, needed, weights["capacity"], on)
        wanted_langs = {lang for lang in needs.languages if lang and lang != "ja"}
        if wanted_langs:
            langs = tuple(sorted(wanted_langs & c.languages))
            lang_part = _part(
                "languages",
                weights["languages"],
                len(langs) / len(wanted_langs),
                languages=langs,
                missing=tuple(sorted(wanted_langs - c.languages)),
            )
        else:
            lang_part = _part("languages", weights["languages"], 1.0, languages=())
        groups = tuple(sorted(set(needs.groups) & c.focus_groups))
        if needs.groups:
            focus = _part("focus_groups", weights["focus_groups"], 1.0 if groups else 0.0, groups=groups)
        else:
            focus = _part("focus_groups", weights["focus_groups"], None)
        parts = (tasks_part, cap, lang_part, focus)
        out.append(
            SupportMatch(
                c.corporation_id,
                round(sum(p.points for p in parts), 2),
                parts,
                tuple(reasons),
                needed,
                covered,
            )
        )
    out.sort(key=lambda m: (-m.score, m.corporation_id))
    return tuple(out)
