"""Writes of the matching: one run of the home matching for a case, stored as a snapshot with one audit
event (the event carries the snapshot's id and counts, never the household's data)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction

from sumai.audit.services import record_event
from sumai.cases.models import Case
from sumai.core.errors import NotAllowed
from sumai.core.vacancy import valid_days
from sumai.domain import matching as domain
from sumai.domain import params
from sumai.matching import selectors
from sumai.matching.actions import MatchingAction
from sumai.matching.models import MatchSnapshot


@dataclass(frozen=True)
class HomeInputs:
    """What the caseworker asks for (the form's cleaned data)."""

    municipality_code: str
    ceiling: int | None = None
    area_standard: bool = False
    barrier_free: bool = False
    ground_floor: bool = False
    pets: bool = False
    lat: float | None = None
    lon: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "municipality": self.municipality_code,
            "ceiling": self.ceiling,
            "area_standard": self.area_standard,
            "barrier_free": self.barrier_free,
            "ground_floor": self.ground_floor,
            "pets": self.pets,
            "point": [self.lat, self.lon] if self.lat is not None and self.lon is not None else None,
        }


@dataclass(frozen=True)
class HomeSearch:
    """The domain's result and what the counting query said of the area."""

    result: domain.HomeResult
    universe: int
    excluded: dict[str, int]
    needs: domain.HomeNeeds


def search_homes(*, household_needs: selectors.HouseholdNeeds, inputs: HomeInputs) -> HomeSearch:
    """Hard rules in SQL, the bounded candidate set scored by the domain (no write)."""
    at = selectors.now()
    point = (inputs.lat, inputs.lon) if inputs.lat is not None and inputs.lon is not None else None
    needs = domain.HomeNeeds(
        groups=household_needs.groups,
        now=at,
        vacancy_valid_days=valid_days(),
        ceiling=inputs.ceiling,
        ages=household_needs.ages,
        area_standard=inputs.area_standard and bool(household_needs.ages),
        barrier_free=inputs.barrier_free,
        ground_floor=inputs.ground_floor,
        pets=inputs.pets,
        point=point,
    )
    limit = int(params.load(domain.MATCHING, needs.on)["homes"]["scale"]["candidate_limit"])
    places = selectors.area_places(inputs.municipality_code)
    area = [inputs.municipality_code, *sorted(c for c in places if c != inputs.municipality_code)]
    rules = selectors.compile_rules(needs, area, places)
    universe, excluded = selectors.excluded_counts(rules, needs)
    rows = selectors.candidate_rows(rules, needs, limit)
    result = domain.rank(selectors.candidates(rows, places), needs)
    return HomeSearch(result, universe, excluded, needs)


def _match_json(m: domain.HomeMatch) -> dict[str, Any]:
    return {
        "unit": m.unit_id,
        "score": m.score,
        "dedicated": m.unit.dedicated,
        "parts": [
            {**p.as_dict(), "message_key": p.reason.message_key, "values": p.reason.as_dict()["values"]}
            for p in m.parts
        ],
        "reasons": [r.as_dict() for r in m.reasons],
    }


# A search sent again with nothing changed (a double click, the form sent again after going back) within
# this time is the list already stored: it is not stored twice.
SAME_SEARCH_WITHIN = timedelta(minutes=10)


def _same_as_last(case: Case, user: Any, stored: dict[str, Any]) -> MatchSnapshot | None:
    """The case's latest snapshot when the same person made it a moment ago and it holds exactly this list
    (the same inputs, parameter files, ranked homes with their scores and reasons, and excluded counts)."""
    last = MatchSnapshot.objects.filter(case=case).order_by("-created_at", "-pk").first()
    if last is None or last.actor_id != getattr(user, "pk", None):
        return None
    if last.created_at < selectors.now() - SAME_SEARCH_WITHIN:
        return None
    fresh = json.loads(json.dumps(stored))
    kept = {name: getattr(last, name) for name in stored}
    return last if fresh == kept else None


@transaction.atomic
def match_homes(*, actor: Any, case: Case, inputs: HomeInputs, reuse_same: bool = False) -> MatchSnapshot:
    """Match homes for the case's household and store what the caseworker sees (a snapshot) with one
    audit event. ``reuse_same`` (the page): when the same person stored this very list a moment ago
    (:data:`SAME_SEARCH_WITHIN`), that snapshot is returned and nothing is written. The asker must work the
    case and hold its household (the selector checked the URL; this checks the object again)."""
    if case.household.organisation_id != case.organisation_id and not getattr(actor, "is_superuser", False):
        raise NotAllowed("only the organisation that holds the household matches homes for it")
    household_needs = selectors.household_needs(case.household)
    found = search_homes(household_needs=household_needs, inputs=inputs)
    result = found.result
    # the domain may exclude what SQL let through (it never should): add those to the counts
    excluded = dict(found.excluded)
    for code, n in result.excluded_counts().items():
        excluded[code] = excluded.get(code, 0) + n
    user = getattr(actor, "user", actor) if getattr(getattr(actor, "user", actor), "pk", None) else None
    stored = {
        "inputs": {
            **inputs.as_dict(),
            "groups": list(household_needs.groups),
            "persons": len(household_needs.ages),
            "vacancy_valid_days": found.needs.vacancy_valid_days,
            "minimum_area_m2": str(result.minimum_area_m2) if result.minimum_area_m2 is not None else None,
            "possible_points": result.possible_points,
        },
        "versions": dict(result.versions),
        "ranked": [_match_json(m) for m in result.matches],
        "excluded": excluded,
        "candidates": found.universe,
    }
    same = _same_as_last(case, user, stored) if reuse_same else None
    if same is not None:
        return same
    snapshot = MatchSnapshot.objects.create(case=case, actor=user, **stored)
    record_event(
        actor=actor,
        action=MatchingAction.HOMES_MATCH,
        obj=case,
        organisation=case.organisation,
        after={"snapshot": snapshot.pk, "homes": len(result.matches), "considered": found.universe},
    )
    return snapshot
