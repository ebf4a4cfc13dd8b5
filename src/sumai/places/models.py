"""Prefectures, municipalities and wards, and the designated registration bodies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sumai.domain.jurisdiction import PlaceKind


class Prefecture(models.Model):
    """都道府県. ``code`` is the 2-digit number, ``lg_code`` the 6-digit 全国地方公共団体コード."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    lg_code = models.CharField(_("local government code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=10)
    kana = models.CharField(_("kana"), max_length=20)
    romaji = models.CharField(_("name in rōmaji"), max_length=40, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    geometry = models.JSONField(_("outline (GeoJSON)"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("prefecture")
        verbose_name_plural = _("prefectures")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """市区町村 and the wards (行政区) of designated cities; one row per 6-digit code (no prefectures)."""

    class Kind(models.TextChoices):
        DESIGNATED_CITY = PlaceKind.DESIGNATED_CITY.value, _("designated city")
        CORE_CITY = PlaceKind.CORE_CITY.value, _("core city")
        SPECIAL_WARD = PlaceKind.SPECIAL_WARD.value, _("special ward")
        CITY = PlaceKind.CITY.value, _("city")
        TOWN = PlaceKind.TOWN.value, _("town")
        VILLAGE = PlaceKind.VILLAGE.value, _("village")
        WARD = PlaceKind.WARD.value, _("ward of a designated city")

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    prefecture = models.ForeignKey(Prefecture, on_delete=models.PROTECT, related_name="municipalities")
    name = models.CharField(_("name"), max_length=40)
    kana = models.CharField(_("kana"), max_length=60, blank=True)
    romaji = models.CharField(_("name in rōmaji"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wards",
        help_text=_("The designated city of a ward."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in PlaceKind if k is not PlaceKind.PREFECTURE]),
                name="municipality_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=PlaceKind.WARD.value) | models.Q(parent__isnull=False),
                name="ward_has_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ward(self) -> bool:
        return self.kind == self.Kind.WARD


class RegistrationBody(models.Model):
    """指定登録機関: a body a prefecture has designated to do its registration work."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    prefecture = models.OneToOneField(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="registration_body",
        help_text=_("The prefecture whose registration work this body does."),
    )
    active_from = models.DateField(_("active from"))
    active_until = models.DateField(_("active until"), null=True, blank=True)

    class Meta:
        verbose_name = _("designated registration body")
        verbose_name_plural = _("designated registration bodies")

    def __str__(self) -> str:
        return self.name
