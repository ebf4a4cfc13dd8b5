"""Ranking housing support corporations for a household (issue #17): by the tasks of the law (法62条) the
household's wish for help needs, fresh capacity, languages and focus groups. Part of
:mod:`sumai.domain.matching` (which re-exports these names); split out to keep each module short."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sumai.domain import params
from sumai.domain.matching import MATCHING, Reason, ScorePart, _part
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
    known = {t.code for t in law_tasks(on)}
    table: Mapping[str, list[str]] = params.load(MATCHING, on)["support"]["help_tasks"]
    out: set[str] = set()
    for kind in help_kinds:
        out |= {t for t in table.get(kind, ()) if t in known}
    return tuple(sorted(out))


def _task_refs(codes: Iterable[str], on: date) -> str:
    refs = {t.code: t.ref for t in law_tasks(on)}
    return ", ".join(refs[c] for c in codes if c in refs)


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
            tasks_part = _part(
                "tasks",
                weights["tasks"],
                len(covered) / len(needed),
                covered=len(covered),
                needed=len(needed),
            )
            if covered:
                reasons.append(
                    Reason(
                        "matching.support.tasks",
                        "matching.support.tasks",
                        _task_refs(covered, on),
                        (("tasks", covered),),
                    )
                )
        else:
            tasks_part = _part("tasks", weights["tasks"], None)
        # capacity for the needed tasks (or any task when no help was named)
        relevant = [f for f in c.capacity if not needed or f.task in needed]
        fresh = [f for f in relevant if f.available is not None]
        if any(f.available for f in fresh):
            cap = _part("capacity", weights["capacity"], 1.0, available=sum(f.available or 0 for f in fresh))
        elif fresh:
            cap = _part("capacity", weights["capacity"], 0.0, available=0)
            cap = ScorePart(
                cap.code,
                cap.weight,
                cap.value,
                cap.points,
                Reason("matching.score.capacity", "matching.score.capacity.full"),
            )
        else:
            cap = _part("capacity", weights["capacity"], None)
        wanted_langs = {lang for lang in needs.languages if lang and lang != "ja"}
        if wanted_langs:
            langs = tuple(sorted(wanted_langs & c.languages))
            lang_part = _part(
                "languages", weights["languages"], len(langs) / len(wanted_langs), languages=langs
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
