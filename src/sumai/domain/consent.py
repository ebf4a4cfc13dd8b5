"""Consent to share a household's sensitive data (APPI 要配慮個人情報; issue #16, item 4).

The organisation that holds a household record sees all of it. Any other organisation sees the record only
while a consent is in force that names it, and of the sensitive categories only those that consent covers.
A consent is in force from the day it was given until the day before it expires, and not at all once
withdrawn (withdrawal takes effect at once, whatever its date). Several consents add up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Category(StrEnum):
    """The sensitive categories (個人情報保護法2条3項 要配慮個人情報) that housing support meets."""

    HEALTH = "health"  # 心身の障害, 病歴, 要介護度
    CRIMINAL = "criminal"  # 犯罪の経歴 (leaving a correctional facility)
    DV = "dv"  # 犯罪により害を被った事実 (DV, stalking), and the whereabouts of a person in hiding
    WELFARE = "welfare"  # 生活保護 and other welfare received
    INCOME = "income"  # incomes (not 要配慮 in the law, but treated alike here)


class Method(StrEnum):
    SIGNED_FORM = "signed_form"  # a signed form, scanned
    VERBAL = "verbal"  # said aloud, with a witness
    ONLINE = "online"  # given on a page of Sumai


@dataclass(frozen=True)
class ConsentFacts:
    organisations: frozenset[int]
    categories: frozenset[str]
    given_on: date
    expires_on: date | None = None
    withdrawn_at: datetime | None = None

    def in_force(self, on: date) -> bool:
        if self.withdrawn_at is not None:
            return False
        return self.given_on <= on and (self.expires_on is None or on < self.expires_on)


def may_see(*, viewer: int, holder: int, consents: Iterable[ConsentFacts], on: date) -> bool:
    """Whether organisation ``viewer`` may open the household record at all."""
    return viewer == holder or any(viewer in c.organisations and c.in_force(on) for c in consents)


def visible_categories(
    *, viewer: int, holder: int, consents: Iterable[ConsentFacts], on: date
) -> frozenset[str]:
    """The sensitive categories ``viewer`` may see: all for the holder, else the union of what the consents
    in force that name it cover."""
    if viewer == holder:
        return frozenset(c.value for c in Category)
    seen: set[str] = set()
    for consent in consents:
        if viewer in consent.organisations and consent.in_force(on):
            seen |= consent.categories
    return frozenset(seen)


IN_HIDING = frozenset({"dv_victim", "crime_victim", "child_abuse_victim"})
"""Stated circumstances that make the household's address its whereabouts (居所), a DV-category fact."""


def may_see_whereabouts(
    *, viewer: int, holder: int, hidden: bool, circumstances: Iterable[str], categories: frozenset[str]
) -> bool:
    """Whether ``viewer`` may see the household's current address. The holder always; nobody else when the
    household is hidden (DV, stalking: its whereabouts never leave the holding organisation, whatever a
    consent says); for a victim in hiding only with the DV category; otherwise anyone who sees the record."""
    if viewer == holder:
        return True
    if hidden:
        return False
    if IN_HIDING & set(circumstances):
        return Category.DV.value in categories
    return True


def check(
    *,
    method: str,
    witness: str,
    categories: Iterable[str],
    organisations: Iterable[int],
    given_on: date,
    expires_on: date | None,
    recorded_on: date | None = None,
) -> dict[str, str]:
    """Problems of a consent to record, by field (empty when it may be recorded). A consent is recorded
    after it was given: a ``given_on`` after ``recorded_on`` (today) is refused."""
    problems: dict[str, str] = {}
    if recorded_on is not None and given_on > recorded_on:
        problems["given_on"] = "future"
    if method not in {m.value for m in Method}:
        problems["method"] = "unknown"
    if method == Method.VERBAL and not witness.strip():
        problems["witness"] = "required"
    cats = list(categories)
    if any(c not in {x.value for x in Category} for c in cats):  # none: the record without sensitive facts
        problems["categories"] = "required"
    if not list(organisations):
        problems["organisations"] = "required"
    if expires_on is not None and expires_on <= given_on:
        problems["expires_on"] = "before_given"
    return problems
