"""Buildings and units of safety-net housing (セーフティネット住宅).

The foundation holds what the demo data, dashboards and benchmarks need; the registry issue adds
applications, review, attachments and the vacancy workflow on top of these tables.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Building(models.Model):
    """A building (住棟) an operator (賃貸人) registers."""

    class Structure(models.TextChoices):
        WOOD = "wood", _("Wooden")
        STEEL = "steel", _("Steel frame")
        RC = "rc", _("Reinforced concrete")
        SRC = "src", _("Steel-reinforced concrete")
        OTHER = "other", _("Other")

    class BuildingType(models.TextChoices):
        APARTMENT = "apartment", _("Apartment building")
        DETACHED = "detached", _("Detached house")
        TERRACED = "terraced", _("Terraced house")
        SHARED_HOUSE = "shared_house", _("Shared house")

    operator = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="buildings",
        verbose_name=_("operator"),
    )
    name = models.CharField(_("building name"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="buildings",
        verbose_name=_("municipality"),
    )
    address = models.CharField(_("address"), max_length=300)
    authority_code = models.CharField(_("registration authority"), max_length=20, db_index=True)
    structure = models.CharField(_("structure"), max_length=10, choices=Structure.choices)
    floors = models.PositiveSmallIntegerField(_("floors above ground"))
    building_type = models.CharField(_("building type"), max_length=20, choices=BuildingType.choices)
    construction_started = models.DateField(_("construction started"))
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        indexes = [models.Index(fields=["municipality"]), models.Index(fields=["operator"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(floors__gte=1), name="building_floors_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A dwelling unit (住戸) of a building."""

    class Vacancy(models.TextChoices):
        VACANT = "vacant", _("Vacant")
        OCCUPIED = "occupied", _("Occupied")
        RENOVATION = "renovation", _("Under renovation")
        UNKNOWN = "unknown", _("Unknown")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REGISTERED = "registered", _("Registered")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        STRUCK_OFF = "struck_off", _("Struck off")

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="units")
    number = models.CharField(_("unit number"), max_length=20)
    floor = models.SmallIntegerField(_("floor"))
    floor_area_m2 = models.DecimalField(_("floor area (m²)"), max_digits=7, decimal_places=2)
    layout = models.CharField(_("layout"), max_length=10)
    rent = models.PositiveIntegerField(_("rent (yen per month)"))
    common_fee = models.PositiveIntegerField(_("common fee (yen per month)"), default=0)
    deposit = models.PositiveIntegerField(_("deposit (yen)"), default=0)
    key_money = models.PositiveIntegerField(_("key money (yen)"), default=0)
    accepted_groups = models.JSONField(_("accepted priority groups"), default=list)
    dedicated = models.BooleanField(_("dedicated housing"), default=False)
    barrier_free = models.BooleanField(_("barrier-free"), default=False)
    pets_allowed = models.BooleanField(_("pets allowed"), default=False)
    guarantor_required = models.BooleanField(_("guarantor required"), default=True)
    status = models.CharField(
        _("registration status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    vacancy = models.CharField(_("vacancy"), max_length=12, choices=Vacancy.choices, default=Vacancy.UNKNOWN)
    vacancy_confirmed_at = models.DateTimeField(_("vacancy confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="unit_number_unique_in_building"),
            models.CheckConstraint(condition=models.Q(floor_area_m2__gt=0), name="unit_area_positive"),
            models.CheckConstraint(
                condition=~models.Q(status="registered") | models.Q(registered_on__isnull=False),
                name="registered_unit_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "vacancy"]), models.Index(fields=["building", "vacancy"])]

    def __str__(self) -> str:
        return f"{self.building} {self.number}"

    @property
    def total_monthly(self) -> int:
        return self.rent + self.common_fee
