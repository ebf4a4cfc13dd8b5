"""Words for the matching's codes: why a home is in or out, what its score parts mean, why a corporation
ranks where it does. The domain gives message keys and values; these turn them into sentences."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, ngettext, ngettext_lazy
from django.utils.translation import gettext as _

from sumai.core import formats
from sumai.core.formats import area
from sumai.core.labels import group_label
from sumai.domain.matching import possible_points
from sumai.support.labels import LANGUAGE_LABELS, TASK_LABELS

# "N homes were left out because …" (with the number first, so one sentence per rule): the reason agrees
# with the number ("1 home … because it is", "4 homes … because they are")
EXCLUDED: Mapping[str, Any] = {
    "matching.excluded.group": ngettext_lazy(
        "it does not accept any of the household's priority groups",
        "they do not accept any of the household's priority groups",
        "n",
    ),
    "matching.excluded.cost": ngettext_lazy(
        "its rent and common fee are above the most the household can pay",
        "their rent and common fee are above the most the household can pay",
        "n",
    ),
    "matching.excluded.vacancy": ngettext_lazy(
        "its vacancy was not confirmed within the validity period",
        "their vacancy was not confirmed within the validity period",
        "n",
    ),
    "matching.excluded.area": ngettext_lazy(
        "it is smaller than the minimum living-area standard for the household",
        "they are smaller than the minimum living-area standard for the household",
        "n",
    ),
    "matching.excluded.barrier_free": ngettext_lazy(
        "it is not barrier-free",
        "they are not barrier-free",
        "n",
    ),
    "matching.excluded.floor": ngettext_lazy(
        "it is above the ground floor without barrier-free access",
        "they are above the ground floor without barrier-free access",
        "n",
    ),
    "matching.excluded.pets": ngettext_lazy(
        "it does not allow pets",
        "they do not allow pets",
        "n",
    ),
}

PARTS: Mapping[str, Promise] = {
    "distance": gettext_lazy("Distance"),
    "rent_headroom": gettext_lazy("Room under the rent limit"),
    "freshness": gettext_lazy("Vacancy confirmed recently"),
    "landlord_answers": gettext_lazy("Landlord answers inquiries"),
    "support_nearby": gettext_lazy("Support corporations serving the area"),
    "tasks": gettext_lazy("Help the household needs"),
    "capacity": gettext_lazy("Room to take the household now"),
    "languages": gettext_lazy("Languages"),
    "focus_groups": gettext_lazy("Focus on the household's groups"),
}


def _yen(value: Any) -> str:
    return number_format(int(value or 0), force_grouping=True)


def _groups(codes: Any) -> str:
    return formats.join_list(group_label(str(c)) for c in codes or ())


def _languages(v: Mapping[str, Any]) -> str:
    """What the corporation speaks of the household's languages, and which it does not (a score of 0 said
    only "Japanese" before, not which language was missing)."""
    langs = v.get("languages") or ()
    missing = v.get("missing") or ()
    spoken = formats.join_list(LANGUAGE_LABELS.get(str(c), c) for c in langs)
    lacking = formats.join_list(LANGUAGE_LABELS.get(str(c), c) for c in missing)
    if langs and missing:
        return _("Speaks %(spoken)s; not %(missing)s") % {"spoken": spoken, "missing": lacking}
    if missing:
        return _("Does not speak %(missing)s") % {"missing": lacking}
    return spoken if langs else _("Japanese")


def _focus(v: Mapping[str, Any]) -> str:
    groups = v.get("groups") or ()
    return (
        _("Focuses on %(groups)s") % {"groups": _groups(groups)} if groups else _("No focus on these groups")
    )


def _tasks(v: Mapping[str, Any]) -> str:
    return _("Does: %(tasks)s") % {"tasks": _task_list(v.get("tasks"))}


def _task_list(codes: Any) -> str:
    return formats.join_list(TASK_LABELS.get(str(t), t) for t in codes or ())


def _task_cover(v: Mapping[str, Any]) -> str:
    """Which of the tasks the ticked help needs the corporation does, and which it does not, by name (the
    number alone — "2 of 4" for three kinds of help — left the caseworker guessing which)."""
    covered, missing = v.get("covered") or (), v.get("missing") or ()
    needed = int(v.get("needed") or 0)
    if not missing:
        return ngettext(
            "Does the %(needed)s task the help needs: %(tasks)s.",
            "Does all %(needed)s tasks the help needs: %(tasks)s.",
            needed,
        ) % {"needed": needed, "tasks": _task_list(covered)}
    if not covered:
        return ngettext(
            "Does not do the task the help needs: %(missing)s.",
            "Does none of the %(needed)s tasks the help needs: %(missing)s.",
            needed,
        ) % {"needed": needed, "missing": _task_list(missing)}
    return formats.sentences(
        [
            ngettext(
                "Does %(covered)s of the %(needed)s task the help needs: %(tasks)s.",
                "Does %(covered)s of the %(needed)s tasks the help needs: %(tasks)s.",
                needed,
            )
            % {"covered": len(covered), "needed": needed, "tasks": _task_list(covered)},
            _("Does not do: %(missing)s.") % {"missing": _task_list(missing)},
        ]
    )


def _capacity(v: Mapping[str, Any]) -> str:
    """Room now, task by task (the same task reads the same whichever help is ticked): with room (how many
    more), full, or not known (no figure confirmed within the days of ``support_capacity_*.toml``)."""
    days = v.get("days")
    if days is None:  # a reason without the tasks (none is made today)
        return _("Room unknown: not confirmed recently")
    room = [(str(t), n) for t, n in v.get("room") or ()]
    full, unknown = v.get("full") or (), v.get("unknown") or ()
    if not (room or full or unknown):
        return _("Does none of the tasks needed: no room to check.")
    out = []
    if room:
        tasks = formats.join_list(
            formats.aside(TASK_LABELS.get(t, t), _("%(count)s more") % {"count": n}) for t, n in room
        )
        out.append(
            ngettext(
                "Room now, confirmed within %(days)s day: %(tasks)s.",
                "Room now, confirmed within %(days)s days: %(tasks)s.",
                int(days),
            )
            % {"days": days, "tasks": tasks}
        )
    if full:
        out.append(
            ngettext(
                "Full now, confirmed within %(days)s day: %(tasks)s.",
                "Full now, confirmed within %(days)s days: %(tasks)s.",
                int(days),
            )
            % {"days": days, "tasks": _task_list(full)}
        )
    if unknown:
        out.append(
            ngettext(
                "Room not known, not confirmed within %(days)s day: %(tasks)s.",
                "Room not known, not confirmed within %(days)s days: %(tasks)s.",
                int(days),
            )
            % {"days": days, "tasks": _task_list(unknown)}
        )
    return formats.sentences(out)


TEXTS: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "matching.in.group": lambda v: _("Accepts %(groups)s") % {"groups": _groups(v.get("groups"))},
    "matching.in.group.not_listed": lambda v: (
        _("Matches as %(through)s only: the landlord's registration does not list %(groups)s.")
        % {"through": _groups(v.get("through")), "groups": _groups(v.get("groups"))}
    ),
    "matching.in.dedicated": lambda v: _("Dedicated housing: only for households of priority groups"),
    "matching.in.cost": lambda v: (
        _("%(cost)s yen a month, within the limit of %(ceiling)s yen")
        % {"cost": _yen(v.get("cost")), "ceiling": _yen(v.get("ceiling"))}
    ),
    "matching.in.vacancy": lambda v: _("Vacant, confirmed by the landlord within the validity period"),
    "matching.in.area": lambda v: (
        _("%(area)s m², at least the standard of %(minimum)s m² for the household")
        % {"area": area(v.get("area")), "minimum": area(v.get("minimum"))}
    ),
    "matching.in.barrier_free": lambda v: _("Barrier-free"),
    "matching.in.floor": lambda v: _("Ground floor or barrier-free access"),
    "matching.in.pets": lambda v: _("Pets allowed"),
    "matching.score.distance": lambda v: _("%(km)s km from the point") % {"km": v.get("km")},
    "matching.score.distance.unknown": lambda v: _("No preferred place given"),
    "matching.score.rent_headroom.unknown": lambda v: _("No ceiling given"),
    "matching.score.rent_headroom": lambda v: (
        _("%(yen)s yen a month under the limit") % {"yen": _yen(v.get("yen"))}
    ),
    "matching.score.freshness": lambda v: (
        ngettext(
            "Vacancy confirmed %(days)s day ago",
            "Vacancy confirmed %(days)s days ago",
            int(v.get("days") or 0),
        )
        % {"days": v.get("days")}
    ),
    "matching.score.landlord_answers": lambda v: (
        ngettext(
            "Answered %(answered)s of %(asked)s inquiry",
            "Answered %(answered)s of %(asked)s inquiries",
            int(v.get("asked") or 0),
        )
        % {"answered": v.get("answered"), "asked": v.get("asked")}
    ),
    "matching.score.landlord_answers.none": lambda v: _("No record of inquiries yet (counted as average)"),
    "matching.score.support_nearby": lambda v: (
        ngettext(
            "%(count)s support corporation serves this municipality",
            "%(count)s support corporations serve this municipality",
            int(v.get("count") or 0),
        )
        % {"count": v.get("count")}
    ),
    "matching.score.tasks": _task_cover,
    "matching.score.tasks.unknown": lambda v: _("No help ticked: tasks not scored"),
    "matching.score.capacity": _capacity,
    "matching.score.capacity.unknown": _capacity,
    "matching.score.languages": _languages,
    "matching.score.focus_groups": _focus,
    "matching.support.area": lambda v: _("Serves this municipality"),
    "matching.support.tasks": _tasks,
}


def _frozen(value: Any) -> Any:
    """A value of a reason as a hashable key (the snapshot's JSON holds lists)."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


@lru_cache(maxsize=8192)
def _text(language: str | None, key: str, values: tuple[tuple[str, Any], ...]) -> str:
    fn = TEXTS.get(key)
    if fn is not None:
        return fn(dict(values))
    return _("Not known") if key.endswith(".unknown") else _("Other reason")


def reason_text(key: str, values: Mapping[str, Any], *, language: str | None = None) -> str:
    """One reason (a home in, a score part, a corporation's rank) in words. The same reason in the same
    language is worded once per process (a results page words some 200 reasons, most of them alike: the
    gettext and number-format calls cost more than the search's queries — docs/performance.md "Matching");
    the catalogues do not change while the process runs. ``language``: the active language, when the caller
    words many reasons (reading it costs more than a cached sentence)."""
    language = language or get_language()
    items = tuple(values.items())
    try:
        return _text(language, key, items)
    except TypeError:  # a list among the values (a snapshot's JSON): hashable as a tuple
        return _text(language, key, tuple((k, _frozen(v)) for k, v in items))


def excluded_text(code: str, homes: int = 1) -> str:
    """Why ``homes`` homes were left out by a rule, agreeing with their number."""
    reason = EXCLUDED.get(code)
    return str(reason % {"n": homes}) if reason is not None else _("Other reason")


def part_label(code: str) -> str:
    label = PARTS.get(code)
    return str(label) if label is not None else code


UNUSED_PARTS: Mapping[str, Promise] = {
    "distance": gettext_lazy("Distance (%(points)s points) is not scored: no preferred place was given."),
    "rent_headroom": gettext_lazy(
        "Room under the rent limit (%(points)s points) is not scored: no monthly limit was given."
    ),
}


def score_scale(inputs: Mapping[str, Any], weights: Mapping[str, int]) -> tuple[int, str]:
    """What a home could score in a stored search (:func:`sumai.domain.matching.possible_points`, kept with
    the snapshot; worked out again from its inputs for a snapshot stored before) and, in words, that scale
    with the parts the inputs left unused — a best home's 44 reads 44 of 70, not of 100."""
    point, ceiling = inputs.get("point") is not None, bool(inputs.get("ceiling"))
    possible = inputs.get("possible_points")
    if possible is None:
        possible = possible_points(weights, point=point, ceiling=ceiling) if weights else 100
    unused = [code for code, used in (("distance", point), ("rent_headroom", ceiling)) if not used]
    notes = [str(UNUSED_PARTS[c]) % {"points": weights[c]} for c in unused if c in weights]
    scale = _("Each score is out of %(points)s points.") % {"points": possible}
    return int(possible), formats.sentences([scale, *notes])


PARAMETER_SETS: Mapping[str, Promise] = {
    "matching": gettext_lazy("weights of the matching"),
    "living_area": gettext_lazy("minimum living-area standard"),
}


def versions_text(versions: Mapping[str, str]) -> str:
    """The parameter files of a snapshot in words: what each holds and the date it is in force from."""
    from sumai.domain import params

    by_file = {p.path.name: p for p in params.all_sets()}
    out = []
    for name, file in versions.items():
        found = by_file.get(file)
        since = found.valid_from.isoformat() if found else "?"
        label = PARAMETER_SETS.get(name)
        out.append(
            _("%(what)s (from %(since)s)")
            % {"what": label if label is not None else _("rules"), "since": since}
        )
    return formats.join_list(out)
