"""Asking for help with housing (issue #16, item 1): what a person may say, and which desk gets the request.

The seed (housing-safety-net-2022.md, 住まい支援の連携強化) asks for one-stop consultation desks joining
housing and welfare, with councils (居住支援協議会) and support corporations (居住支援法人) behind them.
A request is routed by explicit rules to the one organisation that serves the municipality where the person
lives or wants to live:

1. a municipal consultation desk (総合相談窓口) covering the municipality, where there is one;
2. else the municipal council (市区町村居住支援協議会) covering it;
3. else the prefectural council (都道府県居住支援協議会);
4. else a support corporation serving the municipality — the one the person picked, when they did and it
   serves there; otherwise the first in the directory's order (the others are kept as alternatives).

At each level with several organisations the first in the given order takes it (the callers order by
organisation id, so the choice is stable); the rest are alternatives the receiving desk can pass it on to.
A person's pick of a corporation is honoured only at level 4: a desk or council that exists is the front
door, and it sees the pick. No organisation at any level: the request cannot be routed, and the form says
whom to call instead (the municipality's own counter) — it is never stored without a receiver.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sumai.domain import params
from sumai.domain.priority_groups import national_rules_from


class RouteKind(StrEnum):
    MUNICIPAL_DESK = "municipal_desk"
    MUNICIPAL_COUNCIL = "municipal_council"
    PREFECTURAL_COUNCIL = "prefectural_council"
    SUPPORT_CORPORATION = "support_corporation"


class Situation(StrEnum):
    """What brings the person (one or more)."""

    HOMELESS = "homeless"  # no home now (路上, ネットカフェ, 知人宅)
    MUST_LEAVE = "must_leave"  # must leave the present home by a date (立ち退き, 契約終了)
    EVICTION = "eviction"  # eviction proceedings, rent arrears
    HOSPITAL = "hospital"  # leaving hospital or a care facility
    PRISON = "prison"  # leaving prison or a rehabilitation facility (刑務所・更生保護施設)
    DV = "dv"  # fleeing violence, in a shelter (DV・ストーカー)
    DISASTER = "disaster"  # home lost in a disaster
    REFUSED = "refused"  # refused by landlords
    UNSUITABLE = "unsuitable"  # the present home no longer fits (stairs, cost, size)
    OTHER = "other"


class HelpKind(StrEnum):
    """The kinds of help of the seed's survey of landlords and support (居住支援の内容)."""

    HOMES = "homes"  # information on homes that accept them
    GUARANTEE = "guarantee"  # rent-guarantee information
    CONTRACT = "contract"  # help with the contract
    WATCH_OVER = "watch_over"  # watch-over and living support
    TENANCY_TROUBLE = "tenancy_trouble"  # help with trouble during the tenancy
    MONEY = "money"  # money management
    AFTER_DEATH = "after_death"  # belongings after death


class ContactMethod(StrEnum):
    PHONE = "phone"
    EMAIL = "email"


URGENT_SITUATIONS = frozenset({Situation.HOMELESS, Situation.DV, Situation.EVICTION})
"""Situations the receiving desk sees flagged as urgent."""

MAX_MEMBERS = 12
MAX_AGE = 120


@dataclass(frozen=True)
class Candidates:
    """The organisations that could receive a request for one municipality, by level, in a stable order."""

    municipal_desks: tuple[int, ...] = ()
    municipal_councils: tuple[int, ...] = ()
    prefectural_councils: tuple[int, ...] = ()
    corporations: tuple[int, ...] = ()


@dataclass(frozen=True)
class Route:
    kind: RouteKind
    organisation_id: int
    alternatives: tuple[int, ...]  # the other organisations of the same level
    picked: bool = False  # the person's pick of a corporation decided it


def route(candidates: Candidates, *, picked_corporation: int | None = None) -> Route | None:
    """The organisation that receives the request, or None when no organisation serves the municipality."""
    levels = (
        (RouteKind.MUNICIPAL_DESK, candidates.municipal_desks),
        (RouteKind.MUNICIPAL_COUNCIL, candidates.municipal_councils),
        (RouteKind.PREFECTURAL_COUNCIL, candidates.prefectural_councils),
    )
    for kind, ids in levels:
        if ids:
            return Route(kind, ids[0], tuple(i for i in ids[1:] if i != ids[0]))
    corporations = candidates.corporations
    if not corporations:
        return None
    if picked_corporation is not None and picked_corporation in corporations:
        rest = tuple(i for i in corporations if i != picked_corporation)
        return Route(RouteKind.SUPPORT_CORPORATION, picked_corporation, rest, picked=True)
    return Route(RouteKind.SUPPORT_CORPORATION, corporations[0], corporations[1:])


def is_urgent(situations: frozenset[str] | set[str]) -> bool:
    return bool(URGENT_SITUATIONS & set(situations))


SITUATION_CIRCUMSTANCES: dict[Situation, str] = {
    Situation.DV: "dv_victim",  # 規則3条: DV被害者
    Situation.PRISON: "leaving_correctional_facility",  # 規則3条: 矯正施設退所者
}
"""What a person said of their situation that is, by itself, a circumstance of the law
(``sumai.domain.priority_groups.CIRCUMSTANCES``). The rest (homeless, eviction…) needs the caseworker's
assessment — being homeless does not by itself make someone 生活困窮者 in the law's sense."""

HIDE_SITUATIONS = frozenset({Situation.DV})
"""Situations whose household record opens hidden: a person fleeing violence or stalking is kept out of
every list, export and notification outside the desk until a caseworker decides otherwise."""


def circumstances_stated(situations: frozenset[str] | set[str] | list[str]) -> tuple[str, ...]:
    """The law's circumstance codes the request's situations state, in a stable order."""
    given = set(situations)
    return tuple(code for situation, code in SITUATION_CIRCUMSTANCES.items() if situation.value in given)


def opens_hidden(situations: frozenset[str] | set[str] | list[str]) -> bool:
    """Whether a household record opened from a request with these situations starts hidden."""
    return bool({s.value for s in HIDE_SITUATIONS} & set(situations))


def stated_role(index: int, age: int | None, applicant_age: int | None, *, on: date) -> str:
    """The likely relationship of the ``index``-th person a request lists (the first is the applicant): a
    person younger than the law's child age (法2条1項5号, ``priority_groups`` ``[child] age_limit``) listed
    after an older applicant is taken as a child, anyone else as another relative — a guess the caseworker
    confirms with the birth dates (roles are ``sumai.domain.income.Role`` values)."""
    if index == 0:
        return "applicant"
    limit = national_rules_from(params.load("priority_groups", on)).child_age_limit
    if age is not None and age < limit and (applicant_age is None or applicant_age >= limit):
        return "child"
    return "relative"


# ------------------------------------------------------------------------------------ reference numbers
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read over the phone


def _check_char(body: str) -> str:
    """Odd weights are invertible modulo 32, so any single wrong character changes the check."""
    total = sum((2 * i + 1) * _ALPHABET.index(c) for i, c in enumerate(body))
    return _ALPHABET[total % len(_ALPHABET)]


def new_reference(prefix: str = "S") -> str:
    """A reference the person can read over the phone: ``S-7KQ4-MX2P`` (8 random characters of an alphabet
    without look-alikes, the last a check character over the others)."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(7))
    body += _check_char(body)
    return f"{prefix}-{body[:4]}-{body[4:]}"


def reference_valid(text: str) -> bool:
    """Whether ``text`` is a well-formed reference (its check character agrees), case and hyphens aside."""
    body = text.upper().replace("-", "").replace(" ", "")
    if len(body) != 9 or not body[1:].isalnum():
        return False
    chars = body[1:]
    return all(c in _ALPHABET for c in chars) and _check_char(chars[:-1]) == chars[-1]
