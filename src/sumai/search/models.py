"""The public search index: one row per registered unit, one per registered building, kept by the registry.

The registry's own tables stay normalised for landlords and reviewers; these tables are what the public
search, the unit pages, the public API and the open data read (denormalised, only what the public may see,
indexed for the standard query mix in docs/performance.md). They are written by :mod:`sumai.search.indexing`
whenever the registry changes a registration's state or a unit's vacancy, and rebuilt from scratch by
``sumai search_rebuild``.
"""

from __future__ import annotations

import math

from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

VACANT = "vacant"
# Latitude bands of 0.01° (about 1.1 km): a 3 km radius reads 6 bands, a 50 km radius 91.
LAT_BANDS_PER_DEGREE = 100


def lat_band(lat: float) -> int:
    """The band of a latitude; the same arithmetic (floor of the double product) as migration 0007's SQL."""
    return math.floor(lat * LAT_BANDS_PER_DEGREE)


class SearchBuilding(models.Model):
    """A registered building as the free-text search sees it (name, address, municipality; folded)."""

    building = models.OneToOneField(
        "registry.Building", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    text = models.TextField(help_text="folded name and address, for the exact substring check")
    tokens = models.TextField(help_text="space-separated unigram and bigram tokens (full-text index)")

    class Meta:
        verbose_name = _("search entry of a building")

    def __str__(self) -> str:
        return f"building {self.building_id}"


# The accepted groups' bits (sumai.search.groups) from 6 on: the groups of 規則3条 and of local plans.
# Bits 0–5 (low income, disaster victims, older people, disabled people, child raising, foreign nationals)
# are the groups nearly every registered home accepts; a search for any other group finds few homes, which
# without an index of their own means reading the whole index to find them — and to count them
# (docs/performance.md, "Every search"). One partial index per such group holds only its homes.
RARE_GROUP_BITS = tuple(range(6, 23))
# The filtered columns (besides rent and floor area) that the national order indexes hold, so that a search
# walking one of them reads no table row per home (UnitSearchFilter.walk).
WALK_COLUMNS = (
    "building",
    "groups",
    "prefecture_code",
    "municipality_code",
    "layout",
    "barrier_free",
    "pets_allowed",
    "guarantor_required",
    "dedicated",
    "vacancy",
    "vacancy_confirmed_at",
)


def covering(*leading: str) -> list[str]:
    """An index's columns: its leading ones, then every filtered column (rent, floor area, date and
    WALK_COLUMNS) not among them."""
    rest = ("rent_total", "unit", "area_centi", "registered_on", *WALK_COLUMNS)
    return [*leading, *(c for c in rest if c not in leading)]


# The national rent order, and the national partial indexes (vacant, the rare yes/no filters and groups):
# a count or a page through one of them reads no table row either.
COVER = covering("rent_total", "unit")


class SearchUnit(models.Model):
    """A registered unit as the public search sees it."""

    unit = models.OneToOneField(
        "registry.Unit", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    building = models.ForeignKey(
        "registry.Building", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    prefecture_code = models.CharField(max_length=2)
    municipality_code = models.CharField(max_length=6)
    city_code = models.CharField(
        max_length=6, help_text="the designated city of a ward; else the municipality"
    )
    rent_total = models.PositiveIntegerField(help_text="rent + common fee, yen per month")
    rent = models.PositiveIntegerField()
    common_fee = models.PositiveIntegerField()
    floor_area_m2 = models.DecimalField(max_digits=7, decimal_places=2)
    area_centi = models.PositiveIntegerField(
        help_text="the floor area in hundredths of a m², what the search filters and sorts by (integers sort "
        "several times faster than decimals on PostgreSQL)"
    )
    layout = models.CharField(max_length=10)
    groups = models.BigIntegerField(help_text="bit set of accepted priority groups (sumai.search.groups)")
    dedicated = models.BooleanField()
    barrier_free = models.BooleanField()
    pets_allowed = models.BooleanField()
    guarantor_required = models.BooleanField()
    vacancy = models.CharField(max_length=12)
    vacancy_confirmed_at = models.DateTimeField(null=True)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    lat_band = models.IntegerField(
        null=True, help_text="floor(lat × LAT_BANDS_PER_DEGREE): the latitude band of the radius search"
    )
    registered_on = models.DateField()
    indexed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("search entry of a unit")
        indexes = [
            models.Index(fields=["municipality_code", "rent_total", "unit"], name="su_muni_rent"),
            # a prefecture by rent, and any search of a prefecture that no narrower index serves: every
            # filtered column on the index (a prefecture holds up to 100,000 homes; no table read per home)
            models.Index(
                fields=covering("prefecture_code", "rent_total", "unit"),
                name="su_pref_rent",
            ),
            # The three national orders (rent, floor area, date) hold every column a search filters on: a
            # search walking one of them checks each home on the index itself, no table read per home — a
            # national "at least 40 m²" by rent passes 300,000 cheap small homes before the 21st large one.
            # The building is there for a text search, which walks the rent order.
            models.Index(fields=COVER, name="su_rent_cover"),
            models.Index(
                fields=["municipality_code", "rent_total", "unit"],
                name="su_vacant_muni_rent",
                condition=Q(vacancy=VACANT),
            ),
            models.Index(
                fields=["prefecture_code", "rent_total", "unit"],
                name="su_vacant_pref_rent",
                condition=Q(vacancy=VACANT),
            ),
            models.Index(fields=COVER, name="su_vacant_rent", condition=Q(vacancy=VACANT)),
            # the radius search: a range of longitude in each latitude band the circle touches, and the
            # distance computed from the index alone (docs/performance.md, public search)
            models.Index(fields=["lat_band", "lon", "lat", "unit"], name="su_band_lon_lat"),
            models.Index(fields=covering("registered_on", "unit"), name="su_newest_cover"),
            # a broad text match sorts its units by rent from the index alone
            # (and checks every other filter on the index itself: a common word matches 10,000 buildings)
            models.Index(
                fields=covering("building", "rent_total", "unit"),
                name="su_building_rent",
            ),
            # counts over a whole prefecture with the common yes/no filters, and layout + area searches
            models.Index(
                fields=["prefecture_code", "barrier_free", "guarantor_required", "rent_total", "unit"],
                name="su_pref_bf_guarantor",
            ),
            models.Index(
                fields=["prefecture_code", "layout", "area_centi", "unit"], name="su_pref_layout_area_centi"
            ),
            # the few homes of a yes/no filter that most homes do not have (dedicated 1 %, pets 10 %,
            # barrier-free 12 % nationally): a search or a count with it reads them only. The condition is the
            # FilterSet's literal term (`"dedicated" IN (1)`), which SQLite must see to use a partial index.
            models.Index(fields=COVER, name="su_dedicated_rent", condition=Q(dedicated__in=[True])),
            models.Index(fields=COVER, name="su_pets_rent", condition=Q(pets_allowed__in=[True])),
            models.Index(fields=COVER, name="su_bf_rent", condition=Q(barrier_free__in=[True])),
            *(
                models.Index(
                    fields=COVER,
                    name=f"su_group{bit:02d}_rent",
                    condition=Q(GreaterThan(F("groups").bitand(1 << bit), 0)),
                )
                for bit in RARE_GROUP_BITS
            ),
            # smallest or largest first, nationally and in a prefecture, without sorting every home
            models.Index(fields=covering("area_centi", "unit"), name="su_area_cover"),
            models.Index(fields=["prefecture_code", "area_centi", "unit"], name="su_pref_area"),
        ]

    def __str__(self) -> str:
        return f"unit {self.unit_id}"


class IndexState(models.Model):
    """One row: when the index last changed (ETag / Last-Modified of the public API and the open data)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="index_state_singleton")]

    def __str__(self) -> str:
        return f"index changed {self.changed_at:%Y-%m-%d %H:%M}"


class IndexVersion(models.Model):
    """The version of one part of the index, for the results cache (:mod:`sumai.search.cache`).

    One row per scope: ``all`` (the whole index), ``p13`` (the units of a prefecture), ``m131032`` (the
    units and buildings of a municipality or ward) and ``g35:139`` (the units in one degree of latitude and
    longitude). Every write of the index gives each scope it touches a new random token, before and after
    the change, in the same transaction; a cached search keys on the tokens of the scopes that hold every
    row it can return. A scope without a row reads the token of ``all``: any change writes its row."""

    scope = models.CharField(max_length=16, primary_key=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.scope} {self.token}"


class OpenDataSnapshot(models.Model):
    """Counts of registered units by municipality on one day (open data, ``sumai opendata_snapshot``).

    ``municipality_code`` is kept as text, not a foreign key: a snapshot stays as it was published even
    when municipalities merge. Only municipalities with at least one registered unit have a row."""

    date = models.DateField()
    municipality_code = models.CharField(max_length=6)
    registered_units = models.PositiveIntegerField()
    vacant_units = models.PositiveIntegerField(help_text="vacant and confirmed within the validity period")
    dedicated_units = models.PositiveIntegerField()
    buildings = models.PositiveIntegerField()
    taken_at = models.DateTimeField(help_text="when the counts were taken")

    class Meta:
        verbose_name = _("open-data snapshot row")
        constraints = [
            models.UniqueConstraint(fields=["date", "municipality_code"], name="opendata_snapshot_unique"),
            models.CheckConstraint(
                condition=Q(vacant_units__lte=models.F("registered_units"))
                & Q(dedicated_units__lte=models.F("registered_units"))
                & Q(buildings__lte=models.F("registered_units")),
                name="opendata_snapshot_counts_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.municipality_code}"


class PublicBuilding(models.Model):
    """The last accepted version of a registered building: what the public sees (docs/decisions/0008).

    Written with the index when a registration is registered or a change notice accepted (the registry's
    ``registration_changed`` event), never by the landlord's edits, so edits under a change notice stay
    unpublished until the authority accepts them. The unit page, the public API and the open data read this
    row, not ``registry.Building``.
    """

    building = models.OneToOneField(
        "registry.Building", primary_key=True, on_delete=models.CASCADE, related_name="public"
    )
    name = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=7, blank=True)
    municipality_code = models.CharField(max_length=6)
    address = models.CharField(max_length=300)
    structure = models.CharField(max_length=10)
    floors = models.PositiveSmallIntegerField()
    building_type = models.CharField(max_length=20)
    operator_name = models.CharField(max_length=200)
    manager_name = models.CharField(max_length=200, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    registration_number = models.CharField(max_length=40, blank=True)
    registered_on = models.DateField(null=True)
    published_at = models.DateTimeField(help_text="when this version was accepted and published")

    class Meta:
        verbose_name = _("published building")

    def __str__(self) -> str:
        return f"building {self.building_id}"


class PublicUnit(models.Model):
    """The last accepted version of a registered unit's particulars that the index itself does not hold
    (see :class:`PublicBuilding`)."""

    unit = models.OneToOneField(
        "registry.Unit", primary_key=True, on_delete=models.CASCADE, related_name="public"
    )
    number = models.CharField(max_length=20)
    floor = models.SmallIntegerField()
    deposit = models.PositiveIntegerField()
    key_money = models.PositiveIntegerField()
    facilities = models.JSONField(default=dict)
    published_at = models.DateTimeField()

    class Meta:
        verbose_name = _("published unit")

    def __str__(self) -> str:
        return f"unit {self.unit_id}"
