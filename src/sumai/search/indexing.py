"""Writes of the search index and of the published version (:class:`PublicBuilding`, :class:`PublicUnit`).
The registry calls these after every change the public can see.

The index and the published rows are the public's copy of the registry (docs/decisions/0008): written only
when a registration changes state, never by an edit. A building under a change notice (変更届出中) keeps the
rows of its last accepted version — :func:`sync_buildings` and :func:`rebuild` leave them alone — until the
authority accepts the change (then they are replaced) or the registration ends (then they are removed).

- :func:`sync_buildings` after a registration changes state (register, change accepted, withdrawal,
  strike-off …): the building's rows are replaced by what is registered now (or removed).
- :func:`sync_vacancy` after vacancy changes (confirmation, API push, daily expiry).
- :func:`rebuild` from scratch (``sumai search_rebuild``; the demo and benchmark generators call it).

Each of them also, in the same transaction, stamps ``IndexState.changed_at`` (the open data's validators) and
gives a new version to every scope it touched (:class:`IndexVersion`, read by the results cache): ``all``,
and the prefecture, municipality and cell (:mod:`sumai.search.scopes`) of every row it removed, changed or
wrote — the rows as they were and as they are.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from sumai.places.models import Municipality
from sumai.registry.models import Building, Registration, Unit
from sumai.search import groups, scopes, text
from sumai.search.models import (
    IndexState,
    IndexVersion,
    PublicBuilding,
    PublicUnit,
    SearchBuilding,
    SearchUnit,
    lat_band,
)
from sumai.search.planner import analyse

CHUNK = 2_000

_UNIT_FIELDS = (
    "pk",
    "building_id",
    "rent",
    "common_fee",
    "floor_area_m2",
    "layout",
    "accepted_groups",
    "dedicated",
    "barrier_free",
    "pets_allowed",
    "guarantor_required",
    "vacancy",
    "vacancy_confirmed_at",
    "registered_on",
    "number",
    "floor",
    "deposit",
    "key_money",
    "facilities",
)


def _places() -> dict[str, tuple[str, str, str]]:
    """municipality code → (prefecture code, city code, folded names for the text)."""
    out = {}
    rows = Municipality.objects.values_list(
        "code",
        "prefecture_id",
        "parent_id",
        "name",
        "kana",
        "parent__name",
        "parent__kana",
        "prefecture__name",
    )
    for code, pref, parent, name, kana, parent_name, parent_kana, pref_name in rows:
        names = " ".join(x for x in (pref_name, parent_name, parent_kana, name, kana) if x)
        out[code] = (pref, parent or code, names)
    return out


def _pending() -> Any:
    """The buildings under a change notice: their public rows stay as last accepted."""
    return Registration.objects.filter(state=Registration.State.CHANGE_NOTIFIED).values("building_id")


def _registered_units(building_ids: Iterable[int] | None) -> Iterator[tuple[Any, ...]]:
    qs = Unit.objects.filter(status=Unit.Status.REGISTERED, included=True, registered_on__isnull=False)
    if building_ids is not None:
        qs = qs.filter(building_id__in=list(building_ids))
    qs = qs.exclude(building_id__in=_pending())
    return qs.order_by("pk").values_list(*_UNIT_FIELDS).iterator(chunk_size=CHUNK)


def _unit_rows(
    rows: Iterable[tuple[Any, ...]],
    buildings: dict[int, tuple[str, float | None, float | None]],
    places: dict[str, tuple[str, str, str]],
    now: datetime,
) -> Iterator[tuple[SearchUnit, PublicUnit]]:
    for (
        pk,
        building_id,
        rent,
        common_fee,
        area,
        layout,
        accepted,
        dedicated,
        barrier_free,
        pets,
        guarantor,
        vacancy,
        confirmed_at,
        registered_on,
        number,
        floor,
        deposit,
        key_money,
        facilities,
    ) in rows:
        muni, lat, lon = buildings[building_id]
        pref, city, _names = places[muni]
        public = PublicUnit(
            unit_id=pk,
            number=number,
            floor=floor,
            deposit=deposit,
            key_money=key_money,
            facilities=facilities if isinstance(facilities, dict) else {},
            published_at=now,
        )
        yield (
            SearchUnit(
                unit_id=pk,
                building_id=building_id,
                prefecture_code=pref,
                municipality_code=muni,
                city_code=city,
                rent_total=rent + common_fee,
                rent=rent,
                common_fee=common_fee,
                floor_area_m2=area,
                area_centi=int(area * 100),
                layout=layout,
                groups=groups.mask(accepted or ()),
                dedicated=dedicated,
                barrier_free=barrier_free,
                pets_allowed=pets,
                guarantor_required=guarantor,
                vacancy=vacancy,
                vacancy_confirmed_at=confirmed_at,
                lat=lat,
                lon=lon,
                lat_band=None if lat is None else lat_band(lat),
                registered_on=registered_on,
                indexed_at=now,
            ),
            public,
        )


# The building's columns read for the index and the published version (the first six feed the index).
_BUILDING_FIELDS = (
    "pk",
    "name",
    "address",
    "municipality_id",
    "lat",
    "lon",
    "postal_code",
    "structure",
    "floors",
    "building_type",
    "operator__name",
    "manager_name",
    "contact_name",
    "contact_phone",
    "registration__registration_number",
    "registration__registered_on",
)
_PUBLIC_BUILDING = (
    "building_id",
    "name",
    "address",
    "municipality_code",
    "lat",
    "lon",
    "postal_code",
    "structure",
    "floors",
    "building_type",
    "operator_name",
    "manager_name",
    "contact_name",
    "contact_phone",
    "registration_number",
    "registered_on",
)


def _scopes_of(building_ids: list[int]) -> set[str]:
    """The scopes of the public rows of ``building_ids`` as they are now (before they are replaced)."""
    touched: set[str] = set()
    rows = (
        SearchUnit.objects.filter(building_id__in=building_ids)
        .values_list("prefecture_code", "municipality_code", "lat", "lon")
        .distinct()
    )
    for row in rows:
        touched.update(scopes.of_row(*row))
    codes = PublicBuilding.objects.filter(building_id__in=building_ids).values_list(
        "municipality_code", flat=True
    )
    touched.update(scopes.municipality(code) for code in set(codes))
    return touched


def _delete(building_ids: list[int] | None) -> None:
    """Remove the public rows of ``building_ids`` (all when None), except those under a change notice."""
    models: tuple[tuple[Any, str], ...] = (
        (SearchUnit, "building_id__in"),
        (SearchBuilding, "building_id__in"),
        (PublicUnit, "unit__building_id__in"),
        (PublicBuilding, "building_id__in"),
    )
    for model, key in models:
        qs = model.objects.exclude(**{key: _pending()})
        if building_ids is not None:
            qs = qs.filter(**{key: building_ids})
        qs.delete()


def _write(
    building_ids: list[int] | None, touched: set[str], progress: Callable[[str], None] | None = None
) -> int:
    """Write the public rows of ``building_ids`` (all when None); adds the scopes of what it wrote to
    ``touched`` (a building's units share its municipality and position)."""
    places = _places()
    now = timezone.now()
    qs = Building.objects.filter(units__status=Unit.Status.REGISTERED, units__included=True).distinct()
    if building_ids is not None:
        qs = qs.filter(pk__in=building_ids)
    qs = qs.exclude(pk__in=_pending())
    buildings: dict[int, tuple[str, float | None, float | None]] = {}
    entries: list[SearchBuilding] = []
    published: list[PublicBuilding] = []
    for row in qs.values_list(*_BUILDING_FIELDS).iterator(chunk_size=CHUNK):
        pk, name, address, muni, lat, lon = row[:6]
        buildings[pk] = (muni, lat, lon)
        touched.update(scopes.of_row(places[muni][0], muni, lat, lon))
        body = f"{name} {address} {places[muni][2]}"
        folded = text.fold(body)
        entries.append(SearchBuilding(building_id=pk, text=folded, tokens=text.folded_tokens(folded)))
        published.append(PublicBuilding(**dict(zip(_PUBLIC_BUILDING, row, strict=True)), published_at=now))
        if len(entries) >= CHUNK:
            SearchBuilding.objects.bulk_create(entries)
            PublicBuilding.objects.bulk_create(published)
            entries, published = [], []
    if entries:
        SearchBuilding.objects.bulk_create(entries)
        PublicBuilding.objects.bulk_create(published)
    written = 0
    batch: list[SearchUnit] = []
    public_batch: list[PublicUnit] = []
    for row, public in _unit_rows(_registered_units(building_ids), buildings, places, now):
        batch.append(row)
        public_batch.append(public)
        if len(batch) >= CHUNK:
            SearchUnit.objects.bulk_create(batch)
            PublicUnit.objects.bulk_create(public_batch)
            written += len(batch)
            batch, public_batch = [], []
            if progress and written % 100_000 == 0:
                progress(f"search index: {written:,} units")
    if batch:
        SearchUnit.objects.bulk_create(batch)
        PublicUnit.objects.bulk_create(public_batch)
        written += len(batch)
    return written


def _touch(touched: Iterable[str], *, everything: bool = False) -> None:
    """Stamp the index's change and give ``all`` and each of the ``touched`` scopes a new version — with
    ``everything``, every scope a search can read and every scope that has a version (a scope without a
    version reads ``all``'s, which a rebuild would leave reading every change's). The state row is locked
    first, so concurrent writers take the version rows one after the other (in order: no deadlock)."""
    now = timezone.now()
    IndexState.objects.update_or_create(id=1, defaults={"changed_at": now})
    touched = set(touched)
    if everything:
        touched.update(scopes.every(Municipality.objects.values_list("code", flat=True)))
        touched.update(IndexVersion.objects.values_list("scope", flat=True))
    IndexVersion.objects.bulk_create(
        [
            IndexVersion(scope=scope, token=secrets.token_hex(16), changed_at=now)
            for scope in sorted({scopes.NATIONAL, *touched})
        ],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["token", "changed_at"],
    )


@transaction.atomic
def sync_buildings(building_ids: Iterable[int]) -> int:
    """Replace the index rows of ``building_ids`` with what is registered now. Returns units indexed."""
    ids = sorted(set(building_ids))
    if not ids:
        return 0
    touched = _scopes_of(ids)
    _delete(ids)
    written = _write(ids, touched)
    _touch(touched)
    return written


@transaction.atomic
def sync_vacancy(unit_ids: Iterable[int]) -> int:
    """Copy the vacancy of ``unit_ids`` into the index (units that are not indexed are ignored)."""
    ids = list(set(unit_ids))
    changed = 0
    touched: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        indexed = set()
        for pk, pref, muni, lat, lon in SearchUnit.objects.filter(unit_id__in=chunk).values_list(
            "unit_id", "prefecture_code", "municipality_code", "lat", "lon"
        ):
            indexed.add(pk)
            touched.update(scopes.of_row(pref, muni, lat, lon))
        if not indexed:
            continue
        rows = [
            SearchUnit(unit_id=pk, vacancy=vacancy, vacancy_confirmed_at=confirmed_at)
            for pk, vacancy, confirmed_at in Unit.objects.filter(pk__in=indexed).values_list(
                "pk", "vacancy", "vacancy_confirmed_at"
            )
        ]
        changed += SearchUnit.objects.bulk_update(rows, ["vacancy", "vacancy_confirmed_at"])
    if changed:
        _touch(touched)
    return changed


def rebuild(progress: Callable[[str], None] | None = None) -> int:
    """Empty the index and write it again from the registry (one transaction). Returns units indexed.

    Buildings under a change notice keep their rows: the registry holds only their unaccepted edits."""
    with transaction.atomic():
        _delete(None)
        touched: set[str] = set()
        written = _write(None, touched, progress)
        _touch(touched, everything=True)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_building_fts(search_building_fts) VALUES ('optimize')")
    analyse()  # a whole new index: the planner's statistics of the old one would mislead it
    if progress:
        progress(f"search index: {written:,} units in {SearchBuilding.objects.count():,} buildings")
    return written
