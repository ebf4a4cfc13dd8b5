"""Which registration authority (登録主体) registers a building in a municipality.

A designated city (政令指定都市, also for its wards) or a core city (中核市) registers the buildings
in its own
area; everywhere else the prefecture does (法8条, 法2条 "都道府県知事等"). A prefecture may have a designated
registration body (指定登録機関) do its registration work; a delegation never covers a city that is its own
authority.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PlaceKind(StrEnum):
    PREFECTURE = "prefecture"
    DESIGNATED_CITY = "designated_city"
    CORE_CITY = "core_city"
    SPECIAL_WARD = "special_ward"
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"
    WARD = "ward_of_designated_city"


class AuthorityKind(StrEnum):
    PREFECTURE = "prefecture"
    DESIGNATED_CITY = "designated_city"
    CORE_CITY = "core_city"
    REGISTRATION_BODY = "registration_body"


SELF_REGISTERING = frozenset({PlaceKind.DESIGNATED_CITY, PlaceKind.CORE_CITY})


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    kind: PlaceKind
    parent_code: str | None
    prefecture_code: str


@dataclass(frozen=True, slots=True)
class AuthorityRef:
    """The authority as ``sumai places authority CODE`` prints it."""

    code: str
    name: str
    kind: AuthorityKind
    ref: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "kind": str(self.kind)}


@dataclass(frozen=True, slots=True)
class Delegation:
    """A prefecture's designated registration body."""

    prefecture_code: str
    body_code: str
    body_name: str


def authority_place_code(place: Place, parent: Place | None) -> tuple[str, AuthorityKind]:
    """The code of the local government that registers buildings in ``place`` and its kind.

    ``parent`` is the place's parent (a ward's designated city); needed only for wards.
    """
    if place.kind in SELF_REGISTERING:
        return place.code, AuthorityKind(place.kind.value)
    if place.kind is PlaceKind.WARD:
        if parent is None or parent.kind is not PlaceKind.DESIGNATED_CITY:
            raise ValueError(f"ward {place.code} has no designated city as parent")
        return parent.code, AuthorityKind.DESIGNATED_CITY
    return prefecture_lg_code(place.prefecture_code), AuthorityKind.PREFECTURE


def resolve(
    place: Place,
    *,
    parent: Place | None,
    authority_name: str,
    delegation: Delegation | None,
) -> AuthorityRef:
    """The registration authority of ``place``, taking a prefecture's delegation into account."""
    code, kind = authority_place_code(place, parent)
    if kind is AuthorityKind.PREFECTURE and delegation is not None:
        if delegation.prefecture_code != place.prefecture_code:
            raise ValueError("delegation belongs to another prefecture")
        return AuthorityRef(
            delegation.body_code,
            delegation.body_name,
            AuthorityKind.REGISTRATION_BODY,
            "法8条, 法10条 (指定登録機関)",
        )
    return AuthorityRef(code, authority_name, kind, "法8条")


def check_digit(five: str) -> str:
    """The check digit of a 5-digit local-government code (総務省 rule, modulus 11)."""
    if len(five) != 5 or not five.isdigit():
        raise ValueError("expected five digits")
    total = sum(int(d) * w for d, w in zip(five, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def prefecture_lg_code(prefecture_code: str) -> str:
    """The 6-digit code of a prefecture from its 2-digit number: ``13`` → ``130001``."""
    five = f"{prefecture_code}000"
    return five + check_digit(five)


def is_valid_lg_code(code: str) -> bool:
    """A 6-digit 全国地方公共団体コード whose check digit is right."""
    return len(code) == 6 and code.isdigit() and check_digit(code[:5]) == code[5]
